package io.neotool.charts.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.BuildLog;
import io.neotool.charts.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What push accepts as a package set: only a complete one, of the charts' current versions. */
class PackageSetTest {
    @TempDir
    Path tmp;

    private Path packaged() throws Exception {
        TestCharts.pack(TestCharts.platform(tmp.resolve("helm")), tmp.resolve("out"), BuildLog.SILENT);
        return tmp.resolve("out");
    }

    private static String refusal(Path out) {
        InputException e = assertThrows(InputException.class, () -> PackageSet.read(out));
        assertTrue(e.getMessage().contains("Run neotool:package"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void aCompleteSetIsReadBack() throws Exception {
        Path out = packaged();
        assertEquals(List.of("neotool", "neotool-service"), PackageSet.read(out).stream().map(PackagedChart::name).toList());
        assertEquals(List.of(), PackageSet.read(tmp.resolve("nothing-here")));
    }

    /** Not the 0700 of a temporary directory: a CI step or a web server of another user lists the archives. */
    @Test
    void theSetHasThePermissionsOfAnyDirectoryTheBuildMakes() throws Exception {
        Path out = packaged();
        Path made = Files.createDirectory(tmp.resolve("made"));
        assertEquals(Files.getPosixFilePermissions(made), Files.getPosixFilePermissions(out));
    }

    /** A CI job's stages in different workspaces: package in one, push from a copy of it. */
    @Test
    void aSetMovedWithItsChartsIsStillComplete() throws Exception {
        packaged();
        Path moved = tmp.resolve("elsewhere");
        Files.createDirectories(moved);
        Files.move(tmp.resolve("helm"), moved.resolve("helm"));
        Files.move(tmp.resolve("out"), moved.resolve("out"));
        assertEquals(List.of("neotool", "neotool-service"), PackageSet.read(moved.resolve("out")).stream().map(PackagedChart::name).toList());
        // and the moved set is checked against the charts beside it, not those it was packaged from
        Files.writeString(moved.resolve("helm/neotool/values.yaml"), "\n# edited\n", java.nio.file.StandardOpenOption.APPEND);
        assertTrue(refusal(moved.resolve("out")).contains("changed since it was packaged"));
    }

    @Test
    void aMissingArchiveIsNamed() throws Exception {
        Path out = packaged();
        Files.delete(out.resolve("neotool-service-0.1.0.tgz"));
        assertTrue(refusal(out).contains("archive neotool-service-0.1.0.tgz (chart neotool-service 0.1.0) listed in package-index.json is missing"));
    }

    @Test
    void archivesWithoutAnIndexAreAPartialSet() throws Exception {
        Path out = packaged();
        Files.delete(out.resolve(PackageSet.INDEX));
        Files.delete(out.resolve("neotool-service-0.1.0.tgz"));
        assertTrue(refusal(out).contains("holds chart archives (neotool-0.1.0.tgz) but no package-index.json"));
    }

    @Test
    void aChangedOrStrayArchiveIsRefused() throws Exception {
        Path out = packaged();
        Files.write(out.resolve("neotool-0.1.0.tgz"), new byte[] {1}, java.nio.file.StandardOpenOption.APPEND);
        Files.copy(out.resolve("neotool-service-0.1.0.tgz"), out.resolve("extra-9.9.9.tgz"));
        String message = refusal(out);
        assertTrue(message.contains("archive neotool-0.1.0.tgz changed since it was packaged"), message);
        assertTrue(message.contains("archive extra-9.9.9.tgz is not listed in package-index.json"), message);
        Path again = tmp.resolve("again");
        TestCharts.pack(tmp.resolve("helm"), again, BuildLog.SILENT);
        Files.delete(again.resolve("neotool-0.1.0.tgz.sha256"));
        Files.writeString(again.resolve("neotool-service-0.1.0.tgz.sha256"), "0".repeat(64) + "  neotool-service-0.1.0.tgz\n");
        String checksums = refusal(again);
        assertTrue(checksums.contains("neotool-0.1.0.tgz.sha256 is missing or is not the sha256 of neotool-0.1.0.tgz"), checksums);
        assertTrue(checksums.contains("neotool-service-0.1.0.tgz.sha256 is missing"), checksums);
    }

    /** An index entry that is a path, not a file name of the set, is not read where it points: the set is refused. */
    @Test
    void anIndexEntryPointingOutsideTheSetIsNotRead() throws Exception {
        Path out = packaged();
        // the archive and a matching checksum beside the set, where the entry's "../" leads
        Files.move(out.resolve("neotool-service-0.1.0.tgz"), tmp.resolve("evil.tgz"));
        Files.delete(out.resolve("neotool-service-0.1.0.tgz.sha256"));
        Files.writeString(tmp.resolve("evil.tgz.sha256"), ChartPackager.sha256(tmp.resolve("evil.tgz")) + "  ../evil.tgz\n");
        Path index = out.resolve(PackageSet.INDEX);
        Files.writeString(index, Files.readString(index).replace("\"neotool-service-0.1.0.tgz\"", "\"../evil.tgz\""));
        String message = refusal(out);
        assertTrue(message.contains("archive ../evil.tgz (chart neotool-service 0.1.0) listed in package-index.json is not a file name "
                + "of this directory"),
                message);
    }

    /** A package of a directory holding no chart leaves an index without archives: nothing push could take. */
    @Test
    void anIndexListingNoArchiveIsRefused() throws Exception {
        Path out = tmp.resolve("out");
        TestCharts.pack(Files.createDirectories(tmp.resolve("no-charts")), out, BuildLog.SILENT);
        assertTrue(Files.isRegularFile(out.resolve(PackageSet.INDEX)));
        assertTrue(refusal(out).contains("package-index.json lists no archive"));
    }

    /** A directory named like an archive is no archive of the set: push refuses the set, package the directory. */
    @Test
    void aDirectoryNamedLikeAnArchiveIsRefused() throws Exception {
        Path out = packaged();
        Files.createDirectory(out.resolve("extra-1.0.0.tgz"));
        assertTrue(refusal(out).contains("archive extra-1.0.0.tgz is not listed in package-index.json"));
        InputException e = assertThrows(InputException.class, () -> TestCharts.pack(tmp.resolve("helm"), out, BuildLog.SILENT));
        assertTrue(e.getMessage().contains("holds files neotool:package did not write: extra-1.0.0.tgz"), e.getMessage());
    }

    @Test
    void aSetBehindTheChartsVersionsOrChartsIsRefused() throws Exception {
        Path out = packaged();
        Path chartYaml = tmp.resolve("helm/neotool/charts/neotool-service/Chart.yaml");
        Files.writeString(chartYaml, Files.readString(chartYaml).replace("version: 0.1.0", "version: 0.2.0"));
        TestCharts.create(tmp.resolve("helm"), "newcomer", "1.0.0");
        String message = refusal(out);
        assertTrue(message.contains("chart neotool-service is at version 0.2.0 in " + chartYaml + " but was packaged as 0.1.0"), message);
        assertTrue(message.contains("chart newcomer in " + tmp.resolve("helm/newcomer") + " is not in the package set"), message);
    }

    /** The charts regenerated at the same version after the set was packaged (or a package that failed and kept it). */
    @Test
    void aSetPackagedFromChartsThatChangedSinceIsRefused() throws Exception {
        Path out = packaged();
        Path values = tmp.resolve("helm/neotool/charts/neotool-service/values.yaml");
        Files.writeString(values, Files.readString(values) + "# changed\n");
        String message = refusal(out);
        assertTrue(message.contains("chart neotool-service in " + values.getParent() + " changed since it was packaged as "
                + "neotool-service-0.1.0.tgz"), message);
        assertTrue(message.contains("chart neotool in " + tmp.resolve("helm/neotool") + " changed since"), "the umbrella holds it: "
                + message);
        // where the set came from, for a project whose lifecycle packaged charts the command line's defaults do not name
        assertTrue(message.contains("It was packaged from " + tmp.resolve("helm") + ": package them again the way this set "
                + "was made"), message);
        TestCharts.pack(tmp.resolve("helm"), out, BuildLog.SILENT);
        assertEquals(2, PackageSet.read(out).size(), "packaged again, the set is current");
    }

    @Test
    void anInterruptedSwapIsReportedAndCleanedByTheNextPackage() throws Exception {
        Path out = packaged();
        // A package killed between its two renames: the old set moved away, the new one staged beside it.
        Files.move(out, tmp.resolve(".out.old-1"));
        Files.createDirectories(tmp.resolve(".out.staging-2"));
        assertTrue(refusal(out).contains("an interrupted neotool:package left .out.old-1 beside it"));

        TestCharts.pack(tmp.resolve("helm"), out, BuildLog.SILENT);
        assertEquals(2, PackageSet.read(out).size());
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of("helm", "out"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    /**
     * An archive is package's only when its set's index lists it and that set came from the same charts: a third-party
     * chart, a release copied in, or another project's set in the same directory are refused, never deleted.
     */
    @Test
    void archivesPackageDidNotWriteAreRefusedNotDeleted() throws Exception {
        Path out = packaged();
        Files.writeString(out.resolve("redis-17.3.2.tgz"), "theirs");
        InputException e = assertThrows(InputException.class, () -> TestCharts.pack(tmp.resolve("helm"), out, BuildLog.SILENT));
        assertTrue(e.getMessage().contains("holds files neotool:package did not write: redis-17.3.2.tgz"), e.getMessage());
        assertEquals("theirs", Files.readString(out.resolve("redis-17.3.2.tgz")));
        Files.delete(out.resolve("redis-17.3.2.tgz"));

        // another project's set: packaged from other charts
        Path other = tmp.resolve("other-helm");
        TestCharts.create(other, "shop", "2.0.0");
        Path shared = tmp.resolve("shared");
        TestCharts.pack(other, shared, BuildLog.SILENT);
        InputException theirs = assertThrows(InputException.class, () -> TestCharts.pack(tmp.resolve("helm"), shared, BuildLog.SILENT));
        assertTrue(theirs.getMessage().contains("holds files neotool:package did not write: shop-2.0.0.tgz"), theirs.getMessage());
        assertEquals(1, PackageSet.read(shared).size(), "their set is untouched");
        // a set of the same charts whose index is gone: the archives package is about to write again are its own
        Files.delete(out.resolve(PackageSet.INDEX));
        TestCharts.pack(tmp.resolve("helm"), out, BuildLog.SILENT);
        assertEquals(2, PackageSet.read(out).size());
        // ... a release of another version, kept there, is not
        Files.writeString(out.resolve("neotool-0.0.9.tgz"), "kept");
        Files.delete(out.resolve(PackageSet.INDEX));
        assertThrows(InputException.class, () -> TestCharts.pack(tmp.resolve("helm"), out, BuildLog.SILENT));
        assertEquals("kept", Files.readString(out.resolve("neotool-0.0.9.tgz")));
        Files.delete(out.resolve("neotool-0.0.9.tgz"));
        // an earlier set of the same charts is package's own: replaced, one chart of the tree's too (-Dneotool.charts)
        TestCharts.pack(tmp.resolve("helm/neotool"), out, BuildLog.SILENT);
        TestCharts.pack(tmp.resolve("helm"), out, BuildLog.SILENT);
        assertEquals(2, PackageSet.read(out).size());
    }

    /** An output that is a link would be replaced by the set, its target left as it was: refused, both untouched. */
    @Test
    void anOutputThatIsALinkIsRefused() throws Exception {
        Path target = Files.createDirectories(tmp.resolve("volume/charts"));
        Path link = Files.createSymbolicLink(tmp.resolve("linked"), target);
        InputException e = assertThrows(InputException.class, () -> TestCharts.pack(tmp.resolve("helm"), link, BuildLog.SILENT));
        assertTrue(e.getMessage().contains("is a link (to " + target + ")") && e.getMessage().contains("point "
                + "neotool.package.output at the directory itself"), e.getMessage());
        assertTrue(Files.isSymbolicLink(link));
        try (Stream<Path> files = Files.list(target)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void packageRefusesToReplaceADirectoryWithFilesItDidNotWrite() throws Exception {
        Path out = packaged();
        Files.writeString(out.resolve("notes.txt"), "mine");
        InputException e = assertThrows(InputException.class, () -> TestCharts.pack(tmp.resolve("helm"), out, BuildLog.SILENT));
        assertTrue(e.getMessage().contains("holds files neotool:package did not write: notes.txt"), e.getMessage());
        assertEquals("mine", Files.readString(out.resolve("notes.txt")));
        assertEquals(2, PackageSet.read(out).size(), "the previous set is untouched");
    }
}
