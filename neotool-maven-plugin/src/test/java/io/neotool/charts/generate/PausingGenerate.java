package io.neotool.charts.generate;

import io.neotool.charts.BuildLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A child JVM for crash tests: writes the files of a tree generate wrote ({@code source}) into {@code output}
 * the way generate does and, right after write step {@code step}, says {@code PAUSED} on stdout and waits to
 * be killed. Rendering is left to the parent, so the child starts fast.
 */
public final class PausingGenerate {
    private PausingGenerate() {}

    public static void main(String[] args) throws Exception {
        Path source = Path.of(args[0]);
        Path output = Path.of(args[1]);
        int pauseAt = Integer.parseInt(args[2]);
        SortedMap<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                String path = source.relativize(p).toString();
                if (!path.equals(GeneratedTree.MANIFEST) && !path.equals(ChartGenerator.SOURCES)) { // the write's own, and generate's
                    files.put(path, Files.readAllBytes(p));
                }
            }
        }
        new GeneratedTree(output, step -> {
            if (step == pauseAt) {
                System.out.println("PAUSED");
                System.out.flush();
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }).write(files, false, BuildLog.SILENT);
        System.out.println("DONE");
    }
}
