package io.neotool.charts.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.InputException;
import io.neotool.charts.TestPaths;
import io.neotool.charts.testtools.YamlTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The charts' shared helper library (charts-src/templates/partials/library.tpl.peb): rendered into every chart, so
 * each chart stands alone, and one image policy for all of them: a pinned tag, never {@code latest}, in every
 * environment.
 */
class ChartLibraryTest {

    static Rendered charts;

    @BeforeAll
    static void generate() {
        charts = Rendered.platform();
    }

    @Test
    void everyChartCarriesTheLibrary() throws IOException {
        List<Path> chartDirs = new ArrayList<>(List.of(charts.umbrella));
        try (Stream<Path> subcharts = Files.list(charts.umbrella.resolve("charts"))) {
            subcharts.filter(dir -> Files.exists(dir.resolve("Chart.yaml"))).sorted().forEach(chartDirs::add);
        }
        assertTrue(chartDirs.size() > 1, "the umbrella has subcharts: " + chartDirs);
        for (Path chart : chartDirs) {
            Path library = chart.resolve("templates/_library.tpl");
            assertTrue(Files.exists(library), chart + " has no templates/_library.tpl");
            assertTrue(Files.readString(library).contains("define \"lib.labels\""), library.toString());
        }
    }

    @Test
    void theLibraryIsTheOnePlaceThatWritesThePartOfLabel() throws IOException {
        List<Path> writers;
        try (Stream<Path> files = Files.walk(TestPaths.templates())) {
            writers = files.filter(Files::isRegularFile).filter(f -> read(f).contains("app.kubernetes.io/part-of:"))
                    .map(f -> TestPaths.templates().relativize(f)).toList();
        }
        // the label in the library; the platform's name it reads, as an annotation of every Chart.yaml
        assertEquals(List.of(Path.of("partials/chart-metadata.peb"), Path.of("partials/library.tpl.peb")),
                writers.stream().sorted().toList());
    }

    /**
     * For each top-level block of the umbrella's values (a subchart or a service alias), the first image the dev
     * render pulls, set to {@code latest}: the render fails, in dev as in prod.
     */
    @Test
    void noChartPullsLatestInAnyEnvironment() {
        Map<String, Object> values = YamlTree.document(read(charts.umbrella.resolve("values.yaml")));
        String dev = charts.dev();
        Map<String, String> probes = new LinkedHashMap<>();
        values.forEach((key, block) -> {
            List<String> found = new ArrayList<>();
            images(key, block, dev, found);
            if (!found.isEmpty()) {
                probes.put(key, found.get(0));
            }
        });
        assertTrue(probes.size() > 3, "the dev render pulls images from several charts: " + probes);
        probes.forEach((key, path) -> {
            InputException e = assertThrows(InputException.class,
                    () -> charts.render(List.of(), Map.of(path + ".tag", "latest")), path);
            assertTrue(e.getMessage().contains(".tag \"latest\" is not allowed"), path + ": " + e.getMessage());
        });
    }

    @Test
    void anImageWithoutATagIsRefused() {
        InputException e = assertThrows(InputException.class,
                () -> charts.render(List.of(), Map.of("kafka.image.tag", "")));
        assertTrue(e.getMessage().contains("kafka: set image.tag to a fixed version"), e.getMessage());
        assertFalse(e.getMessage().contains("latest"), e.getMessage());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Value paths of the images (maps with repository and tag) under {@code path} that the render pulls. */
    private static void images(String path, Object node, String render, List<String> found) {
        if (!(node instanceof Map<?, ?> map)) {
            return;
        }
        if (map.get("repository") instanceof String repository && map.containsKey("tag")) {
            String tag = String.valueOf(map.get("tag") == null ? "" : map.get("tag"));
            if (render.contains(repository + ":" + tag)) {
                found.add(path);
            }
            return;
        }
        map.forEach((key, child) -> images(path + "." + key, child, render, found));
    }
}
