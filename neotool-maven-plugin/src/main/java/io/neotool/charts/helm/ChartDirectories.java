package io.neotool.charts.helm;

import io.neotool.charts.InputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

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

    /**
     * The charts under {@code root} for a goal that must not pass having checked nothing: fails when a
     * directory looks like a chart (it has a values.yaml or templates/) but has no Chart.yaml, which
     * {@link #find} would skip, or when there is no chart at all although {@code expected}.
     */
    public static List<Path> require(Path root, boolean expected, String goal) {
        List<Path> broken = new ArrayList<>();
        List<Path> candidates = new ArrayList<>(List.of(root));
        candidates.addAll(directories(root));
        for (Path chart : find(root)) {
            candidates.addAll(directories(chart.resolve("charts")));
        }
        for (Path dir : candidates) {
            if (!isChart(dir) && (Files.isRegularFile(dir.resolve("values.yaml")) || Files.isDirectory(dir.resolve("templates")))) {
                broken.add(dir);
            }
        }
        if (!broken.isEmpty()) {
            throw new InputException(goal + ": " + broken.stream().map(Path::toString).sorted().toList() + " look like charts "
                    + "(values.yaml or templates/) but have no Chart.yaml. Run neotool:generate to restore the charts, "
                    + "or remove what is left of them.");
        }
        List<Path> charts = find(root);
        if (charts.isEmpty() && expected) {
            throw new InputException(goal + " found no chart in " + root + " (no directory with a Chart.yaml), but this "
                    + "project has a spec or generated charts there. Run neotool:generate first, or point "
                    + "neotool.charts at the charts.");
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

    /**
     * One dependency in a chart's Chart.yaml: the chart's name, its alias and its condition (the values path, or
     * comma-separated paths, Helm turns it on or off with), each null when not given.
     */
    public record Dependency(String name, String alias, String condition) {}

    /** The dependencies a chart's Chart.yaml lists, in order; none when it does not read as YAML (helm lint reports it). */
    public static List<Dependency> dependencies(Path chart) {
        List<Dependency> dependencies = new ArrayList<>();
        Object doc = readYaml(chart.resolve("Chart.yaml"));
        if (doc instanceof Map<?, ?> map && map.get("dependencies") instanceof List<?> deps) {
            for (Object dep : deps) {
                if (dep instanceof Map<?, ?> d && d.get("name") != null) {
                    dependencies.add(new Dependency(String.valueOf(d.get("name")), text(d.get("alias")), text(d.get("condition"))));
                }
            }
        }
        return dependencies;
    }

    /** The name a chart's Chart.yaml gives it (Helm finds a dependency in charts/ by it); null when it has none. */
    public static String name(Path chart) {
        return readYaml(chart.resolve("Chart.yaml")) instanceof Map<?, ?> map ? text(map.get("name")) : null;
    }

    /**
     * The aliases a chart's Chart.yaml gives its dependencies, alias to chart name ({@code app -> neotool-service}):
     * Helm renders an aliased subchart under its alias, a path that does not exist on disk. A Chart.yaml that does
     * not read as YAML gives none (helm lint reports it).
     */
    public static Map<String, String> aliases(Path chart) {
        Map<String, String> aliases = new TreeMap<>();
        dependencies(chart).stream().filter(d -> d.alias() != null).forEach(d -> aliases.put(d.alias(), d.name()));
        return aliases;
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    /** A chart file as YAML; null when it does not read as YAML. */
    private static Object readYaml(Path file) {
        try {
            return new Yaml(new LoaderOptions()).load(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
