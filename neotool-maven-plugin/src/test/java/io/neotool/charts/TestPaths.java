package io.neotool.charts;

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
