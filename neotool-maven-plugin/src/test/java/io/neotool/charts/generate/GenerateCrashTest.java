package io.neotool.charts.generate;

import static io.neotool.charts.testtools.FileSnapshots.assertSameTree;
import static io.neotool.charts.testtools.FileSnapshots.chartsOnly;
import static io.neotool.charts.testtools.FileSnapshots.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.BuildLog;
import io.neotool.charts.FileTrees;
import io.neotool.charts.TestPaths;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generate killed (destroyForcibly, as kill -9) at many points of its write phase: the next generate,
 * without force, ends in exactly the bytes an uninterrupted run writes and leaves no temporary file.
 */
class GenerateCrashTest {
    private static final int KILLS = 12;

    @TempDir
    Path dir;

    @Test
    void aGenerateKilledAnywhereInItsWritePhaseIsFinishedByTheNextRun() throws Exception {
        // old tree: the platform spec; new tree: the same without environments (files change and go away)
        Path oldSpec = TestPaths.spec();
        Path newSpec = dir.resolve("neotool.yaml");
        Files.writeString(newSpec, Files.readString(oldSpec).replaceAll("(?s)\\nenvironments:.*", "\n"));
        Path old = dir.resolve("old");
        new ChartGenerator().generate(request(oldSpec, old), false, BuildLog.SILENT);
        Path expected = dir.resolve("expected");
        new ChartGenerator().generate(request(newSpec, expected), false, BuildLog.SILENT);
        Map<String, byte[]> newTree = chartsOnly(snapshot(expected)); // the tree's write; generate writes its record after

        SortedMap<String, byte[]> rendered = new ChartGenerator().render(request(newSpec, expected));
        Path counted = copy(old, dir.resolve("counted"));
        List<Integer> steps = new ArrayList<>();
        new GeneratedTree(counted, steps::add).write(rendered, false, BuildLog.SILENT);
        int total = steps.size();
        assertTrue(total > 5, "the write phase has " + total + " steps");

        TreeSet<Integer> stops = new TreeSet<>();
        for (int i = 0; i < KILLS; i++) {
            stops.add(1 + (int) ((long) i * (total - 1) / (KILLS - 1)));
        }
        for (int stop : stops) {
            Path helm = copy(old, dir.resolve("run-" + stop));
            killAt(stop, expected, helm);
            new GeneratedTree(helm).write(rendered, false, BuildLog.SILENT); // generate's write, without force
            assertSameTree(newTree, chartsOnly(snapshot(helm)));
            try (Stream<Path> all = Files.walk(helm)) {
                assertEquals(List.of(), all.filter(p -> p.getFileName().toString().contains("tmp")
                        || p.getFileName().toString().contains("staging")).toList(), "killed at step " + stop);
            }
            FileTrees.deleteTree(helm);
        }
    }

    private static ChartGenerator.Request request(Path spec, Path output) {
        return new ChartGenerator.Request(spec, TestPaths.templates(), output, "0.1.0-SNAPSHOT");
    }

    /** Writes the tree {@code source} into {@code output} in a child JVM, paused after write step {@code step}, and kills it there. */
    private static void killAt(int step, Path source, Path output) throws IOException, InterruptedException {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PausingGenerate.class.getName(),
                source.toString(), output.toString(), String.valueOf(step))
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            StringBuilder said = new StringBuilder();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                said.append(line).append('\n');
                if (line.equals("PAUSED")) {
                    break;
                }
            }
            assertTrue(said.toString().endsWith("PAUSED\n"), "the child did not reach step " + step + ":\n" + said);
            child.destroyForcibly();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
            assertFalse(child.isAlive());
        } finally {
            child.destroyForcibly();
        }
    }

    private static Path copy(Path from, Path to) throws IOException {
        io.neotool.charts.testtools.FileSnapshots.copyTree(from, to);
        return to;
    }
}
