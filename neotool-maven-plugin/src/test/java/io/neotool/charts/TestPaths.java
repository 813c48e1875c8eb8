package io.neotool.charts;

import io.neotool.charts.model.Spec;
import io.neotool.charts.model.SpecLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository's own spec, templates and committed charts are, seen from the plugin module. */
public final class TestPaths {
    private TestPaths() {}

    public static Path root() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("charts-src")) ? here : here.getParent();
    }

    public static Path spec() {
        return root().resolve("charts-src/neotool.yaml");
    }

    /**
     * The repository's spec, loaded once per test JVM (tests derive what they expect of the product's charts from it;
     * no test writes the repository's spec, and the loaded spec is immutable).
     */
    public static Spec loadSpec() {
        return LoadedSpec.SPEC;
    }

    private static final class LoadedSpec {
        static final Spec SPEC = load();

        private static Spec load() {
            try {
                return new SpecLoader().load(spec(), "0.1.0-SNAPSHOT");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static Path templates() {
        return root().resolve("charts-src/templates");
    }

    public static Path committedCharts() {
        return root().resolve("helm");
    }

    /** A spec of the test resources. */
    public static Path testSpec(String name) {
        return root().resolve("neotool-maven-plugin/src/test/resources/specs/" + name);
    }
}
