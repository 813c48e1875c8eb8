package io.neotool.charts.testtools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.neotool.charts.generate.ChartGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A directory's files with their bytes, to prove that something left a tree as it was, or made the same one. */
public final class FileSnapshots {
    private FileSnapshots() {}

    /** Copies the tree at {@code from} to {@code to} (created), files and directories. */
    public static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    /**
     * A copy at {@code to} of the charts at {@code umbrella} as a spec with {@code chart.kubeVersion: ">=<floor>-0"}
     * makes them (what they differ in: every Chart.yaml's kubeVersion), to render them for a Kubernetes older than
     * the default range takes.
     */
    public static Path withKubeVersionFloor(Path umbrella, Path to, String floor) throws IOException {
        copyTree(umbrella, to);
        try (Stream<Path> files = Files.walk(to)) {
            for (Path chartYaml : files.filter(f -> f.getFileName().toString().equals("Chart.yaml")).toList()) {
                String text = Files.readString(chartYaml);
                String lowered = text.replaceFirst("(?m)^kubeVersion: .*$", "kubeVersion: \">=" + floor + "-0\"");
                assertNotEquals(text, lowered, chartYaml + " has a kubeVersion range");
                Files.writeString(chartYaml, lowered);
            }
        }
        return to;
    }

    /** Every file below {@code root} with its bytes; empty when there is no {@code root}. */
    public static Map<String, byte[]> snapshot(Path root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        if (!Files.exists(root)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                files.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    /**
     * The generated charts and their manifest alone: without generate's record of its sources
     * ({@code .neotool-sources}, which differs with the templates directory given even where the charts do not).
     */
    public static Map<String, byte[]> chartsOnly(Map<String, byte[]> generated) {
        Map<String, byte[]> charts = new TreeMap<>(generated);
        charts.remove(ChartGenerator.SOURCES);
        return charts;
    }

    /** The same paths with the same bytes. */
    public static void assertSameTree(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((k, v) -> assertArrayEquals(v, actual.get(k), k));
    }
}
