package io.neotool.charts.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Where the charts are: the goals that work on generated charts (lint, package) all find them the same way. */
public final class ChartDirectories {
    private ChartDirectories() {}

    /**
     * The charts under {@code root}: {@code root} itself when it is a chart, else each directory directly
     * under it with a Chart.yaml (the umbrella in {@code helm/neotool}); each followed by its subcharts
     * in {@code charts/}. Sorted; an absent directory has none.
     */
    public static List<Path> find(Path root) {
        List<Path> charts = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return charts;
        }
        List<Path> tops = isChart(root) ? List.of(root) : directories(root).stream().filter(ChartDirectories::isChart).toList();
        for (Path top : tops) {
            charts.add(top);
            directories(top.resolve("charts")).stream().filter(ChartDirectories::isChart).forEach(charts::add);
        }
        return charts;
    }

    private static boolean isChart(Path dir) {
        return Files.isRegularFile(dir.resolve("Chart.yaml"));
    }

    private static List<Path> directories(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
