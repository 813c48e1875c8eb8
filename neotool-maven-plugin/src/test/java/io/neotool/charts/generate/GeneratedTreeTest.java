package io.neotool.charts.generate;

import static io.neotool.charts.testtools.FileSnapshots.assertSameTree;
import static io.neotool.charts.testtools.FileSnapshots.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.BuildLog;
import io.neotool.charts.FileTrees;
import io.neotool.charts.InputException;
import io.neotool.charts.LogCapture;
import io.neotool.charts.testtools.ExternalTool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The output directory generate owns: manifest paths, chart directories, stray files, the write journal. */
class GeneratedTreeTest {
    @TempDir
    Path dir;

    private static SortedMap<String, byte[]> files(String... pathsAndTexts) {
        SortedMap<String, byte[]> files = new TreeMap<>();
        for (int i = 0; i < pathsAndTexts.length; i += 2) {
            files.put(pathsAndTexts[i], pathsAndTexts[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return files;
    }

    private static SortedMap<String, byte[]> chartV1() {
        return files("shop/Chart.yaml", "name: shop\n", "shop/values.yaml", "a: 1\n", "shop/templates/a.yaml", "kind: A\n");
    }

    private static SortedMap<String, byte[]> chartV2() {
        return files("shop/Chart.yaml", "name: shop\n", "shop/values.yaml", "a: 2\n", "shop/templates/b.yaml", "kind: B\n");
    }

    /** Appends {@code <sha256 of text>  path} to the manifest, as a bad merge or a hostile change would. */
    private static void addManifestEntry(Path helm, String text, String path) throws IOException {
        Path manifest = helm.resolve(GeneratedTree.MANIFEST);
        Files.writeString(manifest, Files.readString(manifest) + GeneratedTree.sha256(text.getBytes(StandardCharsets.UTF_8))
                + "  " + path + "\n");
    }

    /** A rendered path with a tab or a line end would break the manifest's and the journal's lines: refused first. */
    @Test
    void aRenderedPathWithAControlCharacterIsRefusedBeforeAnythingIsWritten() throws IOException {
        Path helm = dir.resolve("helm");
        GeneratedTree tree = new GeneratedTree(helm);
        tree.write(chartV1(), false, BuildLog.SILENT);
        Map<String, byte[]> before = snapshot(helm);
        for (String name : List.of("shop/templates/a\tb.yaml", "shop/templates/a\nb.yaml")) {
            SortedMap<String, byte[]> files = chartV1();
            files.put(name, "kind: ConfigMap\n".getBytes(StandardCharsets.UTF_8));
            InputException e = assertThrows(InputException.class, () -> tree.write(files, true, BuildLog.SILENT));
            assertTrue(e.getMessage().contains("a path with a control character"), e.getMessage());
            assertSameTree(before, snapshot(helm));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"../README.md", "../../x", "ABSOLUTE", "shop/../../README.md", "./shop/values.yaml",
            "shop//values.yaml", ".neotool-generated"})
    void aManifestEntryOutsideTheOutputFailsBeforeAnythingIsTouchedEvenWithForce(String entry) throws IOException {
        Path project = dir.resolve("work/project");
        Path helm = project.resolve("helm");
        Path readme = project.resolve("README.md");
        Path x = dir.resolve("work/x");
        Files.createDirectories(project);
        Files.writeString(readme, "precious\n");
        Files.writeString(x, "precious\n");
        GeneratedTree tree = new GeneratedTree(helm);
        tree.write(chartV1(), false, BuildLog.SILENT);
        String path = entry.equals("ABSOLUTE") ? readme.toAbsolutePath().toString() : entry;
        addManifestEntry(helm, "precious\n", path);
        Map<String, byte[]> before = snapshot(dir);

        for (boolean force : new boolean[] {false, true}) {
            InputException e = assertThrows(InputException.class, () -> tree.write(chartV2(), force, BuildLog.SILENT));
            assertTrue(e.getMessage().startsWith(lastManifestLine(helm)), e.getMessage());
            assertTrue(e.getMessage().contains("'" + path + "'"), e.getMessage());
            assertTrue(e.getMessage().contains("Nothing was written or deleted"), e.getMessage());
            assertSameTree(before, snapshot(dir));
        }
        assertThrows(InputException.class, () -> tree.drift(chartV2()));
        assertThrows(InputException.class, tree::requireOnlyGenerated);
    }

    @Test
    void aManifestEntryThroughASymbolicLinkToADirectoryOutsideFailsEvenWithForce() throws IOException {
        Path helm = dir.resolve("helm");
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("keep.txt"), "precious\n");
        GeneratedTree tree = new GeneratedTree(helm);
        tree.write(chartV1(), false, BuildLog.SILENT);
        Files.createSymbolicLink(helm.resolve("shop/linked"), outside);
        addManifestEntry(helm, "precious\n", "shop/linked/keep.txt");
        Map<String, byte[]> before = snapshot(dir);

        for (boolean force : new boolean[] {false, true}) {
            InputException e = assertThrows(InputException.class, () -> tree.write(chartV2(), force, BuildLog.SILENT));
            assertTrue(e.getMessage().startsWith(lastManifestLine(helm)), e.getMessage());
            assertTrue(e.getMessage().contains("which is a path through the symbolic link " + helm.resolve("shop/linked")
                    + " (remove the link"), e.getMessage());
            assertSameTree(before, snapshot(dir));
            assertEquals("precious\n", Files.readString(outside.resolve("keep.txt")));
        }
    }

    @Test
    void aChartDirectoryThatIsALinkIsNeitherWrittenThroughNorDeletedThrough() throws IOException {
        Path helm = Files.createDirectories(dir.resolve("helm"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("values.yaml"), "mine: true\n");
        Files.createSymbolicLink(helm.resolve("shop"), outside);
        GeneratedTree tree = new GeneratedTree(helm);
        for (boolean force : new boolean[] {false, true}) {
            InputException e = assertThrows(InputException.class, () -> tree.write(chartV1(), force, BuildLog.SILENT));
            assertTrue(e.getMessage().contains("symbolic link " + helm.resolve("shop")), e.getMessage());
        }
        assertEquals(List.of("values.yaml"), List.copyOf(snapshot(outside).keySet()));
        assertEquals("mine: true\n", Files.readString(outside.resolve("values.yaml")));
        assertFalse(Files.exists(helm.resolve(GeneratedTree.MANIFEST)));
    }

    @Test
    void aManifestLineThatIsNotAnEntryIsNamed() throws IOException {
        Path helm = dir.resolve("helm");
        GeneratedTree tree = new GeneratedTree(helm);
        tree.write(chartV1(), false, BuildLog.SILENT);
        Path manifest = helm.resolve(GeneratedTree.MANIFEST);
        Files.writeString(manifest, Files.readString(manifest) + "garbage\n");
        InputException e = assertThrows(InputException.class, () -> tree.write(chartV2(), true, BuildLog.SILENT));
        assertTrue(e.getMessage().startsWith(lastManifestLine(helm) + "the entry is not '<sha256>  <path>'"), e.getMessage());
        // a command that works from any directory of the checkout
        assertTrue(e.getMessage().contains("(git checkout -- " + manifest + ")"), e.getMessage());
    }

    @Test
    void aResultWithAChartDirectoryWithoutChartYamlIsRefused() throws IOException {
        Path helm = dir.resolve("helm");
        SortedMap<String, byte[]> files = chartV1();
        files.put("shop/charts/orders/values.yaml", "b: 1\n".getBytes(StandardCharsets.UTF_8));
        InputException e = assertThrows(InputException.class, () -> new GeneratedTree(helm).write(files, false, BuildLog.SILENT));
        assertTrue(e.getMessage().contains("without a Chart.yaml: shop/charts/orders."), e.getMessage());
        assertFalse(Files.exists(helm));

        SortedMap<String, byte[]> noUmbrella = files("shop/values.yaml", "a: 1\n");
        e = assertThrows(InputException.class, () -> new GeneratedTree(helm).write(noUmbrella, false, BuildLog.SILENT));
        assertTrue(e.getMessage().contains("without a Chart.yaml: shop."), e.getMessage());
        // a packaged dependency in charts/ is a file, not a chart directory
        SortedMap<String, byte[]> withArchive = chartV1();
        withArchive.put("shop/charts/dep-1.0.0.tgz", "x".getBytes(StandardCharsets.UTF_8));
        new GeneratedTree(helm).write(withArchive, false, BuildLog.SILENT);
    }

    @Test
    void filesEditedOrDeletedAfterGenerateAreNamed() throws IOException {
        Path helm = dir.resolve("helm");
        GeneratedTree tree = new GeneratedTree(helm);
        assertEquals(List.of(), tree.editedByHand(), "not generated: nothing to compare");
        tree.write(chartV1(), false, BuildLog.SILENT);
        assertEquals(List.of(), tree.editedByHand());
        Files.writeString(helm.resolve("shop/values.yaml"), "a: 7\n");
        Files.delete(helm.resolve("shop/templates/a.yaml"));
        Files.writeString(helm.resolve("pom.xml"), "<project/>\n"); // not generate's: not compared
        assertEquals(List.of("shop/templates/a.yaml (deleted)", "shop/values.yaml (edited by hand)"), tree.editedByHand());
        tree.write(chartV1(), true, BuildLog.SILENT);
        assertEquals(List.of(), tree.editedByHand());
    }

    /** A file generate no longer writes, edited since it wrote it: kept unless forced, then removed with the others. */
    @Test
    void aHandEditedFileNoLongerGeneratedIsKeptUnlessForced() throws IOException {
        Path helm = dir.resolve("helm");
        GeneratedTree tree = new GeneratedTree(helm);
        tree.write(chartV1(), false, BuildLog.SILENT);
        Path gone = helm.resolve("shop/templates/a.yaml"); // chartV2 renders b.yaml instead
        Files.writeString(gone, "kind: A\n# mine\n");
        Map<String, byte[]> before = snapshot(helm);

        InputException e = assertThrows(InputException.class, () -> tree.write(chartV2(), false, BuildLog.SILENT));
        assertTrue(e.getMessage().contains("shop/templates/a.yaml (edited by hand, no longer generated)"), e.getMessage());
        assertSameTree(before, snapshot(helm));

        tree.write(chartV2(), true, BuildLog.SILENT);
        assertFalse(Files.exists(gone));
        assertTrue(tree.drift(chartV2()).isEmpty());
    }

    /** A file generate never wrote, at a path it now renders: not overwritten unless forced. */
    @Test
    void anUntrackedFileWhereGenerateNowWritesIsKeptUnlessForced() throws IOException {
        Path helm = dir.resolve("helm");
        GeneratedTree tree = new GeneratedTree(helm);
        tree.write(chartV1(), false, BuildLog.SILENT);
        Path mine = helm.resolve("shop/templates/b.yaml"); // chartV2 renders it
        Files.writeString(mine, "kind: Mine\n");
        Map<String, byte[]> before = snapshot(helm);

        InputException e = assertThrows(InputException.class, () -> tree.write(chartV2(), false, BuildLog.SILENT));
        assertTrue(e.getMessage().contains("shop/templates/b.yaml (not written by neotool:generate)"), e.getMessage());
        assertSameTree(before, snapshot(helm));

        tree.write(chartV2(), true, BuildLog.SILENT);
        assertEquals("kind: B\n", Files.readString(mine));
    }

    /** A file generate wrote and no longer writes makes the check fail, also when it is all that differs. */
    @Test
    void aFileNoLongerGeneratedIsDrift() throws IOException {
        Path helm = dir.resolve("helm");
        GeneratedTree tree = new GeneratedTree(helm);
        SortedMap<String, byte[]> more = chartV1();
        more.put("shop/templates/old.yaml", "kind: Old\n".getBytes(StandardCharsets.UTF_8));
        tree.write(more, false, BuildLog.SILENT);

        GeneratedTree.Drift drift = tree.drift(chartV1());
        assertEquals(List.of("shop/templates/old.yaml"), drift.stale());
        assertEquals(List.of(), drift.missing());
        assertEquals(List.of(), drift.unknown());
        assertFalse(drift.isEmpty());
        // the manifest, which still lists the file, differs too; the stale file alone already makes a drift
        assertEquals(List.of(GeneratedTree.MANIFEST), drift.changed());
        assertFalse(new GeneratedTree.Drift(List.of(), List.of(), drift.stale(), List.of(), Map.of(), List.of()).isEmpty());
    }

    /**
     * The check's message after a spec change: the changed files with their differences, not the manifest's checksum
     * lines, and the advice to generate (nothing was edited by hand).
     */
    @Test
    void checkAfterASpecChangeSaysOutOfDateAndLeavesOutTheManifest() throws IOException {
        Path helm = dir.resolve("helm");
        GeneratedTree tree = writtenV1(helm);

        GeneratedTree.Drift drift = tree.drift(chartV2());
        assertEquals(List.of(), drift.editedByHand());
        String message = drift.describe(helm, Path.of("spec.yaml"));
        assertTrue(message.contains("  changed: shop/values.yaml\n"), message);
        assertTrue(message.contains("- a: 1\n+ a: 2\n"), message);
        assertTrue(message.contains("  missing: shop/templates/b.yaml"), message);
        assertFalse(message.contains(GeneratedTree.MANIFEST), message);
        assertTrue(message.endsWith("out of date with the spec or the templates: run `mvn neotool:generate` and commit the "
                + "result."), message);
        assertFalse(message.contains("by hand"), message);
    }

    /** The check's message after a hand edit names the edited file and says generate would overwrite it. */
    @Test
    void checkAfterAHandEditNamesItAndSaysWhereTheChangeBelongs() throws IOException {
        Path helm = dir.resolve("helm");
        GeneratedTree tree = writtenV1(helm);
        Files.writeString(helm.resolve("shop/values.yaml"), "a: 7\n");
        Files.delete(helm.resolve("shop/templates/a.yaml"));

        String message = tree.drift(chartV1()).describe(helm, Path.of("spec.yaml"));
        assertTrue(message.contains("- a: 7\n+ a: 1\n"), message);
        assertTrue(message.contains("Changed outside the generator since the last generate:\n  shop/templates/a.yaml "
                + "(deleted)\n  shop/values.yaml (edited by hand)\n"), message);
        assertTrue(message.contains("move the change into the spec or the templates"), message);
        assertFalse(message.contains("out of date"), message);
    }

    /** A manifest edited by hand, and nothing else, is what the check names. */
    @Test
    void checkNamesTheManifestWhenItIsAllThatDiffers() throws IOException {
        Path helm = dir.resolve("helm");
        GeneratedTree tree = writtenV1(helm);
        Path manifest = helm.resolve(GeneratedTree.MANIFEST);
        Files.writeString(manifest, Files.readString(manifest).replace("  shop/Chart.yaml", "  shop/Chart.yaml\n"
                + GeneratedTree.sha256("x".getBytes(StandardCharsets.UTF_8)) + "  shop/gone.yaml").trim() + "\n");

        String message = tree.drift(chartV1()).describe(helm, Path.of("spec.yaml"));
        assertTrue(message.contains("  changed: " + GeneratedTree.MANIFEST + "\n"), message);
        assertTrue(message.contains("The manifest, which lists what generate wrote, is not what generate writes"), message);

        Files.delete(manifest); // deleted, and nothing else: it is named too
        String deleted = tree.drift(chartV1()).describe(helm, Path.of("spec.yaml"));
        assertTrue(deleted.contains("  missing: " + GeneratedTree.MANIFEST + "\n"), deleted);
    }

    /** A tree generate wrote chartV1 into. */
    private static GeneratedTree writtenV1(Path helm) throws IOException {
        GeneratedTree tree = new GeneratedTree(helm);
        tree.write(chartV1(), false, BuildLog.SILENT);
        return tree;
    }

    @Test
    void strayFilesInAGeneratedChartAreReportedByCheckAndRefusedForPackaging() throws IOException {
        Path helm = dir.resolve("helm");
        GeneratedTree tree = new GeneratedTree(helm);
        tree.write(chartV1(), false, BuildLog.SILENT);
        tree.requireOnlyGenerated();
        Files.writeString(helm.resolve("pom.xml"), "<project/>\n"); // beside the charts: not a chart's file
        Files.writeString(helm.resolve("shop/templates/stray.yaml"), "kind: Secret\n");
        Files.createSymbolicLink(helm.resolve("shop/link"), dir);

        GeneratedTree.Drift drift = tree.drift(chartV1());
        assertEquals(List.of("shop/link", "shop/templates/stray.yaml"), drift.unknown());
        assertFalse(drift.isEmpty());
        InputException e = assertThrows(InputException.class, tree::requireOnlyGenerated);
        assertTrue(e.getMessage().contains("shop/templates/stray.yaml"), e.getMessage());
        assertTrue(e.getMessage().contains("shop/link"), e.getMessage());

        // generate leaves files it does not own alone
        tree.write(chartV1(), false, BuildLog.SILENT);
        assertEquals("kind: Secret\n", Files.readString(helm.resolve("shop/templates/stray.yaml")));
        Files.delete(helm.resolve("shop/templates/stray.yaml"));
        Files.delete(helm.resolve("shop/link"));
        assertTrue(tree.drift(chartV1()).isEmpty());
        tree.requireOnlyGenerated();

        // a copy of a chart beside it (the goals lint and package every chart directory they find), but not a
        // directory without a Chart.yaml
        Files.createDirectories(helm.resolve("shop.bak/templates"));
        Files.writeString(helm.resolve("shop.bak/Chart.yaml"), "apiVersion: v2\nname: shop\nversion: 1.0.0\n");
        Files.writeString(helm.resolve("shop.bak/templates/a.yaml"), "kind: ConfigMap\n");
        Files.createDirectories(helm.resolve("docs"));
        Files.writeString(helm.resolve("docs/notes.md"), "notes\n");
        assertEquals(List.of("shop.bak/Chart.yaml", "shop.bak/templates/a.yaml"), tree.drift(chartV1()).unknown());
        InputException copy = assertThrows(InputException.class, tree::requireOnlyGenerated);
        assertTrue(copy.getMessage().contains("shop.bak/Chart.yaml"), copy.getMessage());
    }

    /**
     * What the chart's .helmignore leaves out, Helm neither lints nor packages: an editor's swap file or Finder's
     * .DS_Store is no stray file; anything else still is, and a check that finds only strays says so.
     */
    @Test
    void filesTheChartsHelmignoreLeavesOutAreNoStrayFiles() throws IOException {
        Path helm = dir.resolve("helm");
        SortedMap<String, byte[]> files = chartV1();
        files.putAll(files("shop/.helmignore", "# left out\n.DS_Store\n*.swp\n.idea/\n/notes/*.md\n"));
        GeneratedTree tree = new GeneratedTree(helm);
        tree.write(files, false, BuildLog.SILENT);
        Files.writeString(helm.resolve("shop/.DS_Store"), "x");
        Files.writeString(helm.resolve("shop/templates/.DS_Store"), "x");
        Files.writeString(helm.resolve("shop/templates/.a.yaml.swp"), "x");
        Files.createDirectories(helm.resolve("shop/.idea/x"));
        Files.writeString(helm.resolve("shop/.idea/x/workspace.xml"), "x");
        Files.createDirectories(helm.resolve("shop/notes"));
        Files.writeString(helm.resolve("shop/notes/todo.md"), "x");
        tree.requireOnlyGenerated();
        assertTrue(tree.drift(files).isEmpty());

        Files.writeString(helm.resolve("shop/templates/swp"), "x"); // no pattern's name
        Files.createDirectories(helm.resolve("shop/templates/notes"));
        Files.writeString(helm.resolve("shop/templates/notes/todo.md"), "x"); // /notes/ is anchored at the chart's root
        GeneratedTree.Drift drift = tree.drift(files);
        assertEquals(List.of("shop/templates/notes/todo.md", "shop/templates/swp"), drift.unknown());
        String said = drift.describe(helm, dir.resolve("neotool.yaml"));
        assertTrue(said.endsWith("Nothing generate writes differs. Remove the stray files, which generate never touches."),
                said);
        assertThrows(InputException.class, tree::requireOnlyGenerated);

        // a chart's copy under a name the .helmignore leaves out is still a chart the goals would lint and package
        Files.delete(helm.resolve("shop/templates/swp"));
        Files.delete(helm.resolve("shop/templates/notes/todo.md"));
        Files.createDirectories(helm.resolve("shop/charts/web.swp/templates"));
        Files.writeString(helm.resolve("shop/charts/web.swp/Chart.yaml"), "name: web\n");
        Files.writeString(helm.resolve("shop/charts/web.swp/templates/a.yaml"), "kind: A\n");
        assertEquals(List.of("shop/charts/web.swp/Chart.yaml", "shop/charts/web.swp/templates/a.yaml"),
                tree.drift(files).unknown());
    }

    @Test
    void anUncommittedInterruptedRunIsDiscardedAndTheTreeIsUnchanged() throws IOException {
        Path helm = dir.resolve("helm");
        GeneratedTree tree = new GeneratedTree(helm);
        tree.write(chartV1(), false, BuildLog.SILENT);
        Map<String, byte[]> before = snapshot(helm);
        // killed while staging: staged files, a half-written journal, no commit
        Files.createDirectories(helm.resolve(".neotool-staging/files/shop"));
        Files.writeString(helm.resolve(".neotool-staging/files/shop/values.yaml"), "a: 2\n");
        Files.writeString(helm.resolve(".neotool-staging/journal.tmp"), "W shop/val");

        InputException e = assertThrows(InputException.class, () -> tree.drift(chartV1()));
        assertTrue(e.getMessage().contains("run neotool:generate to finish it"), e.getMessage());
        assertThrows(InputException.class, tree::requireOnlyGenerated);

        StringBuilder said = new StringBuilder();
        tree.write(chartV1(), false, LogCapture.into(said));
        assertTrue(said.toString().contains("Removed what an interrupted neotool:generate left"), said.toString());
        assertSameTree(before, snapshot(helm));
    }

    /**
     * A hand edit made after a run stopped halfway, to a file the run had still to replace: finishing the run would
     * overwrite it, so the next generate stops as it does for any hand edit, and finishes only when forced.
     */
    @Test
    void aFileEditedAfterARunStoppedIsNotOverwrittenUnlessForced() throws IOException {
        Path helm = dir.resolve("helm");
        new GeneratedTree(helm).write(chartV1(), false, BuildLog.SILENT);
        GeneratedTree dying = new GeneratedTree(helm, step -> { // killed right after the commit point
            if (Files.exists(helm.resolve(".neotool-staging/journal"))) {
                throw new Killed();
            }
        });
        assertThrows(Killed.class, () -> dying.write(chartV2(), false, BuildLog.SILENT));
        assertTrue(Files.isRegularFile(helm.resolve(".neotool-staging/journal")), "stopped after the commit point");
        Path values = helm.resolve("shop/values.yaml");
        Files.writeString(values, "# my urgent fix\n", java.nio.file.StandardOpenOption.APPEND);
        String edited = Files.readString(values);

        InputException e = assertThrows(InputException.class, () -> new GeneratedTree(helm).write(chartV2(), false, BuildLog.SILENT));
        assertTrue(e.getMessage().contains("files it had still to replace or delete were changed since:\n  shop/values.yaml"),
                e.getMessage());
        assertEquals(edited, Files.readString(values));
        new GeneratedTree(helm).write(chartV2(), true, BuildLog.SILENT);
        new GeneratedTree(dir.resolve("expected")).write(chartV2(), false, BuildLog.SILENT);
        assertSameTree(snapshot(dir.resolve("expected")), snapshot(helm));
    }

    /** What a run had to say once its change was made (a values change an installed release cannot follow): killed after its commit, the next run says it. */
    @Test
    void aRunKilledAfterItsCommitHasTheNextOneSayItsWarnings() throws IOException {
        Path helm = dir.resolve("helm");
        new GeneratedTree(helm).write(chartV1(), false, BuildLog.SILENT);
        GeneratedTree dying = new GeneratedTree(helm, step -> {
            if (Files.exists(helm.resolve(".neotool-staging/journal"))) {
                throw new Killed();
            }
        });
        List<String> notes = List.of("Volume size changed, postgres.persistence.size: 100Gi -> 200Gi\n  and what to do", "second");
        assertThrows(Killed.class, () -> dying.write(chartV2(), notes, false, BuildLog.SILENT));

        StringBuilder said = new StringBuilder();
        new GeneratedTree(helm).write(chartV2(), false, LogCapture.into(said));
        assertTrue(said.toString().contains("Finished an interrupted neotool:generate"), said.toString());
        assertTrue(said.toString().contains("WARN " + notes.get(0)) && said.toString().contains("WARN second"), said.toString());
    }

    /**
     * A staging directory planted with a link (a commit that adds it, say) would have recovery move what the link
     * points at, outside the output directory, into the charts: refused, and nothing moves.
     */
    @Test
    void aStagedLinkIsRefusedAndNothingOutsideTheOutputMoves() throws IOException {
        Path helm = dir.resolve("helm");
        GeneratedTree tree = new GeneratedTree(helm);
        tree.write(chartV1(), false, BuildLog.SILENT);
        Map<String, byte[]> before = snapshot(helm);
        Path outside = Files.createDirectories(dir.resolve("outside/templates"));
        Files.writeString(outside.resolve("secret.txt"), "SECRET\n");
        Files.createDirectories(helm.resolve(".neotool-staging/files"));
        Files.createSymbolicLink(helm.resolve(".neotool-staging/files/shop"), outside.getParent());
        Files.writeString(helm.resolve(".neotool-staging/journal"), "W shop/templates/secret.txt\n");

        InputException e = assertThrows(InputException.class, () -> tree.write(chartV1(), false, BuildLog.SILENT));
        assertTrue(e.getMessage().contains("is a link or a special file, which neotool:generate never stages; nothing was "
                + "changed"), e.getMessage());
        assertEquals("SECRET\n", Files.readString(outside.resolve("secret.txt")));
        assertFalse(Files.exists(helm.resolve("shop/templates/secret.txt")));
        io.neotool.charts.FileTrees.deleteTree(helm.resolve(".neotool-staging"));
        assertSameTree(before, snapshot(helm));
    }

    @Test
    void aRunStoppedAfterAnyStepIsFinishedOrUndoneByTheNextWithoutForce() throws IOException {
        Path helm = dir.resolve("helm");
        List<String> steps = new java.util.ArrayList<>();
        GeneratedTree counting = new GeneratedTree(dir.resolve("count"), step -> steps.add(String.valueOf(step)));
        counting.write(chartV1(), false, BuildLog.SILENT);
        steps.clear();
        counting.write(chartV2(), false, BuildLog.SILENT);
        int total = steps.size();

        new GeneratedTree(dir.resolve("expected")).write(chartV2(), false, BuildLog.SILENT);
        Map<String, byte[]> expected = snapshot(dir.resolve("expected"));
        for (int stop = 1; stop <= total; stop++) {
            io.neotool.charts.FileTrees.deleteTree(helm);
            new GeneratedTree(helm).write(chartV1(), false, BuildLog.SILENT);
            int at = stop;
            GeneratedTree dying = new GeneratedTree(helm, step -> {
                if (step == at) {
                    throw new Killed();
                }
            });
            assertThrows(Killed.class, () -> dying.write(chartV2(), false, BuildLog.SILENT));
            new GeneratedTree(helm).write(chartV2(), false, BuildLog.SILENT);
            assertSameTree(expected, snapshot(helm));
        }
    }

    @Test
    void aFileMayBecomeADirectoryAndADirectoryAFile() throws IOException {
        Path helm = dir.resolve("helm");
        GeneratedTree tree = new GeneratedTree(helm);
        SortedMap<String, byte[]> before = chartV1();
        before.put("shop/files/config", "a file\n".getBytes(StandardCharsets.UTF_8));
        before.put("shop/docs/guide/intro.md", "# intro\n".getBytes(StandardCharsets.UTF_8));
        tree.write(before, false, BuildLog.SILENT);
        SortedMap<String, byte[]> after = chartV1();
        after.put("shop/files/config/app.properties", "a=1\n".getBytes(StandardCharsets.UTF_8));
        after.put("shop/docs/guide", "now a file\n".getBytes(StandardCharsets.UTF_8));
        tree.write(after, false, BuildLog.SILENT);
        assertEquals("a=1\n", Files.readString(helm.resolve("shop/files/config/app.properties")));
        assertEquals("now a file\n", Files.readString(helm.resolve("shop/docs/guide")));
        assertTrue(tree.drift(after).isEmpty());
    }

    /**
     * A directory someone made where generate writes a file, or a file where it needs a directory: refused before
     * anything is written, naming the path, and the next run after it is moved away writes the whole change (no
     * journal is left that no run could finish).
     */
    @Test
    void aDirectoryOrFileInTheWayIsRefusedBeforeAnythingIsWritten() throws IOException {
        Path helm = dir.resolve("helm");
        GeneratedTree tree = new GeneratedTree(helm);
        tree.write(chartV1(), false, BuildLog.SILENT);
        Files.delete(helm.resolve("shop/values.yaml"));
        Files.createDirectories(helm.resolve("shop/values.yaml/notes"));
        IOException directory = assertThrows(IOException.class, () -> tree.write(chartV2(), true, BuildLog.SILENT));
        assertTrue(directory.getMessage().contains("shop/values.yaml") && directory.getMessage().contains("is a directory generate "
                + "did not make, where it writes a file; nothing was written"), directory.getMessage());
        assertEquals("kind: A\n", Files.readString(helm.resolve("shop/templates/a.yaml")), "nothing of the change applied");
        assertFalse(Files.exists(helm.resolve("shop/templates/b.yaml")));

        FileTrees.deleteTree(helm.resolve("shop/values.yaml"));
        FileTrees.deleteTree(helm.resolve("shop/templates"));
        Files.writeString(helm.resolve("shop/templates"), "notes\n");
        IOException file = assertThrows(IOException.class, () -> tree.write(chartV2(), true, BuildLog.SILENT));
        assertTrue(file.getMessage().contains("shop/templates") && file.getMessage().contains("is a file generate did not write, "
                + "where it needs a directory (for shop/templates/b.yaml); nothing was written"), file.getMessage());

        Files.delete(helm.resolve("shop/templates"));
        tree.write(chartV2(), true, BuildLog.SILENT);
        assertTrue(tree.drift(chartV2()).isEmpty());
    }

    /** Stands in for the process dying at a step: nothing after it runs, no clean-up either. */
    private static final class Killed extends Error {}

    /** "{@code <manifest>:<its last line>: }", as an error about that line starts. */
    private static String lastManifestLine(Path helm) throws IOException {
        Path manifest = helm.resolve(GeneratedTree.MANIFEST);
        return manifest + ":" + Files.readAllLines(manifest).size() + ": ";
    }

    /**
     * Git for Windows checks text files out with CRLF line ends (core.autocrlf=true, its default): such a file is
     * not a hand edit. generate writes it back as generated without force, check and lint say what happened, and a
     * file converted and edited too is still refused.
     */
    @Test
    void aCheckoutThatConvertedLineEndsIsNotAHandEdit() throws IOException {
        Path helm = dir.resolve("helm");
        GeneratedTree tree = new GeneratedTree(helm);
        tree.write(chartV1(), false, BuildLog.SILENT);
        Map<String, byte[]> generated = snapshot(helm);
        for (String file : generated.keySet()) {
            Path path = helm.resolve(file);
            Files.writeString(path, Files.readString(path).replace("\n", "\r\n"));
        }

        List<String> edited = tree.editedByHand();
        assertEquals(generated.size() - 1, edited.size(), edited.toString()); // all but the manifest, which lists them
        assertTrue(edited.contains("shop/values.yaml (line ends converted to CRLF, by Git's core.autocrlf at checkout)"), edited.toString());
        assertTrue(GeneratedTree.onlyLineEnds(edited));
        assertTrue(GeneratedTree.lineEndAdvice(edited).contains("no force needed"), GeneratedTree.lineEndAdvice(edited));
        GeneratedTree.Drift drift = tree.drift(chartV1());
        assertEquals(Map.of(), drift.diffs(), "no line-by-line difference to show");
        assertTrue(drift.describe(helm, dir.resolve("spec.yaml")).contains("Git converted line ends on checkout"));

        Files.writeString(helm.resolve("shop/values.yaml"), "a: 3\r\n");
        assertFalse(GeneratedTree.onlyLineEnds(tree.editedByHand()));
        InputException e = assertThrows(InputException.class, () -> tree.write(chartV1(), false, BuildLog.SILENT));
        assertTrue(e.getMessage().contains("shop/values.yaml (edited by hand)"), e.getMessage());
        assertFalse(e.getMessage().contains("shop/Chart.yaml"), e.getMessage());

        Files.writeString(helm.resolve("shop/values.yaml"), "a: 1\r\n");
        tree.write(chartV1(), false, BuildLog.SILENT);
        assertSameTree(generated, snapshot(helm));
        assertEquals(List.of(), tree.editedByHand());
    }

    /** The tree's .gitattributes keeps a checkout with core.autocrlf=true byte for byte what generate wrote (real Git). */
    @Test
    void gitChecksOutTheGeneratedTreeAsItWasWritten() throws IOException, InterruptedException {
        Path git = ExternalTool.GIT.require();
        Path repo = dir.resolve("repo");
        new GeneratedTree(repo.resolve("helm")).write(chartV1(), false, BuildLog.SILENT);
        Files.writeString(repo.resolve("notes.txt"), "outside the tree\n");
        run(repo, git.toString(), "init", "-q");
        run(repo, git.toString(), "add", ".");
        run(repo, git.toString(), "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "charts");
        Path clone = dir.resolve("clone");
        run(dir, git.toString(), "-c", "core.autocrlf=true", "clone", "-q", "--config", "core.autocrlf=true",
                repo.toString(), clone.toString());

        assertEquals("outside the tree\r\n", Files.readString(clone.resolve("notes.txt")), "this Git converts text files");
        assertSameTree(snapshot(repo.resolve("helm")), snapshot(clone.resolve("helm")));
        assertEquals(List.of(), new GeneratedTree(clone.resolve("helm")).editedByHand());
    }

    private static void run(Path in, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(in.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), String.join(" ", command) + ": " + out);
    }
}
