package io.neotool.charts.ship;

import com.marcnuri.helm.Helm;
import io.neotool.charts.BuildLog;
import io.neotool.charts.helm.HelmClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Charts made by {@code helm create}, packaged. */
public final class TestCharts {
    static final Instant TIMESTAMP = Instant.parse("2026-01-01T00:00:00Z");

    private TestCharts() {}

    /** {@code <root>/<name>} made by Helm, with version {@code version}. */
    static Path create(Path root, String name, String version) throws IOException {
        Files.createDirectories(root);
        Helm.create().withName(name).withDir(root).call();
        Path chart = root.resolve(name);
        Path chartYaml = chart.resolve("Chart.yaml");
        Files.writeString(chartYaml, Files.readString(chartYaml).replaceFirst("(?m)^version: .*$", "version: " + version));
        return chart;
    }

    /** An umbrella {@code neotool} with subchart {@code neotool-service} under charts/. */
    public static Path platform(Path root) throws IOException {
        Path umbrella = create(root, "neotool", "0.1.0");
        create(umbrella.resolve("charts"), "neotool-service", "0.1.0");
        return root;
    }

    public static List<PackagedChart> pack(Path charts, Path output, BuildLog log) throws IOException {
        return new ChartPackager(new HelmClient(), log).packageAll(charts, output, TIMESTAMP);
    }

    /** A log that keeps every line, for assertions. */
    static final class CapturingLog implements BuildLog {
        final List<String> lines = new ArrayList<>();

        @Override
        public void info(String message) {
            lines.add("INFO " + message);
        }

        @Override
        public void warn(String message) {
            lines.add("WARN " + message);
        }

        @Override
        public void debug(String message) {
            lines.add("DEBUG " + message);
        }

        String text() {
            return String.join("\n", lines);
        }
    }

    static Map<String, String> env() {
        return System.getenv();
    }
}
