package io.neotool.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {
    @TempDir
    Path dir;

    /**
     * A report replaced whole: the new text, with the permissions any new file of the build gets (readable by a CI
     * step running as another user where the umask allows), and no temporary file left beside it.
     */
    @Test
    void aFileIsReplacedWholeLeavingNothingBeside() throws IOException {
        Path report = Files.writeString(dir.resolve("lint-report.json"), "{\"old\": true, \"long\": \"" + "x".repeat(10_000) + "\"}");
        Path plain = Files.writeString(dir.resolve("plain"), "");
        FileTrees.replace(report, "{}\n");
        assertEquals("{}\n", Files.readString(report));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(report));
        Files.delete(plain);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(report), files.toList());
        }
    }

    /** A file error says why: the reason Java leaves out of the commonest ones is put in words, any other kept. */
    @Test
    void aFileErrorNamesThePathAndTheReason() throws IOException {
        Path missing = dir.resolve("missing/values.yaml");
        IOException noSuchFile = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> Files.readString(missing));
        assertEquals(missing + ": no such file or directory", FileTrees.describe(noSuchFile));
        assertEquals("/helm/.neotool.lock: permission denied: this user cannot write or read there (check the owner and "
                + "permissions)", FileTrees.describe(new java.nio.file.AccessDeniedException("/helm/.neotool.lock")));
        assertEquals("/a -> /b: permission denied: this user cannot write or read there (check the owner and permissions)",
                FileTrees.describe(new java.nio.file.AccessDeniedException("/a", "/b", null)));
        assertEquals("/helm: Read-only file system",
                FileTrees.describe(new java.nio.file.FileSystemException("/helm", null, "Read-only file system")));
        assertEquals("disk full", FileTrees.describe(new IOException("disk full")));
    }

    /** A tree is deleted without following its links: what a link points at stays. */
    @Test
    void aTreeIsDeletedWithoutFollowingItsLinks() throws IOException {
        Path outside = Files.writeString(Files.createDirectories(dir.resolve("outside")).resolve("keep.txt"), "kept\n");
        Path tree = Files.createDirectories(dir.resolve("tree/sub"));
        Files.createSymbolicLink(tree.resolve("link"), outside.getParent());
        FileTrees.deleteTree(dir.resolve("tree"));
        assertFalse(Files.exists(dir.resolve("tree")));
        assertTrue(Files.isRegularFile(outside));
    }

    /** A chart tree is read as Helm reads it: links followed; what would read without end or block is refused by name. */
    @Test
    void aChartTreeFollowsLinksAndRefusesLoopsDanglingLinksAndPipes() throws IOException, InterruptedException {
        Path chart = Files.createDirectories(dir.resolve("demo/templates"));
        Path shared = Files.createDirectories(dir.resolve("shared"));
        Files.writeString(shared.resolve("cm.yaml"), "kind: ConfigMap\n");
        Files.createSymbolicLink(chart.resolve("shared"), Path.of("../../shared"));
        assertEquals(List.of(dir.resolve("demo"), chart, chart.resolve("shared"), chart.resolve("shared/cm.yaml")),
                FileTrees.chartTree(dir.resolve("demo")));

        Path loop = Files.createSymbolicLink(shared.resolve("up"), Path.of(".."));
        InputException e = org.junit.jupiter.api.Assertions.assertThrows(InputException.class, () -> FileTrees.chartTree(dir.resolve("demo")));
        assertTrue(e.getMessage().contains("is a link to a directory that holds it"), e.getMessage());
        Files.delete(loop);

        Path dangling = Files.createSymbolicLink(chart.resolve("gone.yaml"), Path.of("nowhere.yaml"));
        e = org.junit.jupiter.api.Assertions.assertThrows(InputException.class, () -> FileTrees.chartTree(dir.resolve("demo")));
        assertEquals(dangling + " is a link to nothing (nowhere.yaml): remove it or make what it points to", e.getMessage());
        Files.delete(dangling);

        Path pipe = chart.resolve("pipe.yaml");
        assertEquals(0, new ProcessBuilder("mkfifo", pipe.toString()).inheritIO().start().waitFor());
        e = org.junit.jupiter.api.Assertions.assertThrows(InputException.class, () -> FileTrees.chartTree(dir.resolve("demo")));
        assertEquals(pipe + " is neither a file nor a directory (a pipe, socket or device): remove it from the chart", e.getMessage());
    }

    /**
     * What the chart's .helmignore leaves out Helm's loader never walks into: a looping link, a pipe or a large tree
     * there is neither read nor refused; a link to nothing stops Helm's walk wherever it is, so it is refused there too.
     */
    @Test
    void aChartTreeLeavesOutWhatTheHelmignoreNames() throws IOException, InterruptedException {
        Path chart = Files.createDirectories(dir.resolve("demo"));
        Files.writeString(chart.resolve(".helmignore"), "node_modules/\n*.swp\n.idea/\n");
        Files.writeString(chart.resolve("Chart.yaml"), "name: demo\n");
        Files.writeString(chart.resolve("Chart.yaml.swp"), "swap\n");
        Path modules = Files.createDirectories(chart.resolve("node_modules/pkg"));
        Files.createSymbolicLink(modules.resolve("up"), Path.of("../.."));
        assertEquals(0, new ProcessBuilder("mkfifo", modules.resolve("pipe").toString()).inheritIO().start().waitFor());
        Files.createSymbolicLink(chart.resolve("root.swp"), Path.of(".."));
        Files.createSymbolicLink(chart.resolve(".idea"), Path.of("."));
        assertEquals(List.of(chart, chart.resolve(".helmignore"), chart.resolve("Chart.yaml")), FileTrees.chartTree(chart));

        Path dangling = Files.createSymbolicLink(chart.resolve("gone.swp"), Path.of("nowhere"));
        InputException e = org.junit.jupiter.api.Assertions.assertThrows(InputException.class, () -> FileTrees.chartTree(chart));
        assertEquals(dangling + " is a link to nothing (nowhere): remove it or make what it points to", e.getMessage());
    }
}
