package io.neotool.charts.generate;

import static io.neotool.charts.testtools.FileSnapshots.chartsOnly;
import static io.neotool.charts.testtools.FileSnapshots.snapshot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.BuildLog;
import io.neotool.charts.InputException;
import io.neotool.charts.LogCapture;
import io.neotool.charts.TestPaths;
import io.neotool.charts.render.TemplateExport;
import io.neotool.charts.render.TemplateSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A project's templates directory laid over the plugin's packaged templates, and the export of those. */
class TemplateOverlayTest {
    @TempDir
    Path dir;

    private final ChartGenerator generator = new ChartGenerator();
    private Path own;
    private Map<String, byte[]> packaged;

    @BeforeEach
    void packagedOutput() throws IOException {
        own = dir.resolve("templates");
        generator.generate(new ChartGenerator.Request(TestPaths.spec(), null, dir.resolve("packaged"), "0.1.0"),
                false, BuildLog.SILENT);
        packaged = snapshot(dir.resolve("packaged"));
    }

    private Map<String, byte[]> generateWithOwn() throws IOException {
        generator.generate(new ChartGenerator.Request(TestPaths.spec(), own, dir.resolve("helm"), "0.1.0"), false,
                BuildLog.SILENT);
        return snapshot(dir.resolve("helm"));
    }

    private void write(String path, String content) throws IOException {
        Files.createDirectories(own.resolve(path).getParent());
        Files.writeString(own.resolve(path), content);
    }

    @Test
    void oneProjectFileIsAddedToThePackagedTemplates() throws IOException {
        write("umbrella/templates/extra-configmap.yaml", "apiVersion: v1\nkind: ConfigMap\n");
        Map<String, byte[]> expected = new TreeMap<>(packaged);
        String added = Path.of("neotool", "templates", "extra-configmap.yaml").toString();
        expected.put(added, "apiVersion: v1\nkind: ConfigMap\n".getBytes(StandardCharsets.UTF_8));
        Map<String, byte[]> result = generateWithOwn();
        assertEquals(expected.keySet(), result.keySet());
        assertArrayEquals(expected.get(added), result.get(added));
    }

    /**
     * Templates linked in from elsewhere (a team's shared checkout): the templates directory itself a link, or a
     * directory inside it, is read through the link; a link loop is refused by name, and nothing is written.
     */
    @Test
    void linkedTemplatesAreReadThroughTheLinkAndALoopIsRefused() throws IOException {
        Path shared = dir.resolve("shared");
        Files.createDirectories(shared.resolve("umbrella/templates"));
        Files.writeString(shared.resolve("umbrella/templates/extra-configmap.yaml"), "apiVersion: v1\nkind: ConfigMap\n");
        Files.createSymbolicLink(own, shared);
        String added = Path.of("neotool", "templates", "extra-configmap.yaml").toString();
        assertTrue(generateWithOwn().containsKey(added), "the templates directory a link");

        Files.delete(own);
        Files.createDirectories(own);
        Files.createSymbolicLink(own.resolve("umbrella"), shared.resolve("umbrella"));
        assertTrue(generateWithOwn().containsKey(added), "a directory inside it a link");

        // an editor's lock file (Emacs: a link to nothing named .#<file>, while a buffer has unsaved changes) is no
        // template, and no fault either
        Files.createSymbolicLink(shared.resolve("umbrella/templates/.#extra-configmap.yaml"), Path.of("user@host.1234:1701"));
        // ... or a plain file where the file system has no links
        Files.writeString(shared.resolve("umbrella/templates/.#other.yaml"), "user@host.1234:1701");
        Map<String, byte[]> beside = generateWithOwn();
        assertTrue(beside.containsKey(added), "read beside an editor's lock file");
        assertTrue(beside.keySet().stream().noneMatch(k -> k.contains(".#")), beside.keySet().toString());

        Map<String, byte[]> before = snapshot(dir.resolve("helm"));
        Files.createSymbolicLink(shared.resolve("umbrella/templates/loop"), shared.resolve("umbrella"));
        InputException loop = assertThrows(InputException.class, this::generateWithOwn);
        assertTrue(loop.getMessage().contains("is a link to a directory that holds it"), loop.getMessage());
        assertEquals(before.keySet(), snapshot(dir.resolve("helm")).keySet());
    }

    /** Two chart files that differ only in case would be one file on macOS and Windows: refused, nothing written. */
    @Test
    void templatesThatRenderPathsDifferingOnlyInCaseAreRefused() throws IOException {
        write("umbrella/templates/Extra.yaml", "apiVersion: v1\nkind: ConfigMap\n");
        write("umbrella/templates/extra.yaml", "apiVersion: v1\nkind: ConfigMap\n");
        InputException e = assertThrows(InputException.class, this::generateWithOwn);
        assertTrue(e.getMessage().contains("neotool/templates/Extra.yaml and neotool/templates/extra.yaml, which differ only in case"),
                e.getMessage());
        assertFalse(Files.exists(dir.resolve("helm")));
    }

    @Test
    void aProjectFileReplacesThePackagedOneAtItsPath() throws IOException {
        // (a file no template reads: a replaced template could change which library templates the chart's copy keeps)
        write("umbrella/README.md.peb", "Installed here.\n");
        Map<String, byte[]> result = generateWithOwn();
        assertEquals(packaged.keySet(), result.keySet());
        String notes = Path.of("neotool", "README.md").toString();
        assertTrue(new String(result.get(notes), StandardCharsets.UTF_8).contains("Installed here."), "replaced README");
        packaged.forEach((path, bytes) -> {
            // the manifest of generated files records the replaced file's hash
            if (!path.equals(notes) && !path.endsWith(".neotool-generated") && chartsOnly(packaged).containsKey(path)) {
                assertArrayEquals(bytes, result.get(path), path);
            }
        });
    }

    /** A project file replaces the packaged one that renders to the same chart file, whichever of the two is Pebble. */
    @Test
    void aProjectFileReplacesThePackagedOneItWouldRenderOver() throws IOException {
        write("umbrella/templates/NOTES.txt", "Plain notes.\n"); // the packaged one is NOTES.txt.peb
        Map<String, byte[]> result = generateWithOwn();
        assertEquals(packaged.keySet(), result.keySet());
        assertEquals("Plain notes.\n", new String(result.get(Path.of("neotool", "templates", "NOTES.txt").toString()),
                StandardCharsets.UTF_8));
    }

    /** The way to swap a Pebble template for a plain one before the twins were matched: a file and the twin's marker. */
    @Test
    void aPlainTemplateWithTheDeleteMarkerOfItsPebbleTwinStillWorks() throws IOException {
        write("umbrella/templates/NOTES.txt", "Plain notes.\n");
        write("umbrella/templates/NOTES.txt.peb.delete", "");
        Map<String, byte[]> result = generateWithOwn();
        assertEquals("Plain notes.\n", new String(result.get(Path.of("neotool", "templates", "NOTES.txt").toString()),
                StandardCharsets.UTF_8));
    }

    @Test
    void aProjectWithBothTwinsIsRefusedNamingBoth() throws IOException {
        write("umbrella/templates/NOTES.txt", "Plain notes.\n");
        write("umbrella/templates/NOTES.txt.peb", "Pebble notes.\n");
        InputException e = assertThrows(InputException.class, this::generateWithOwn);
        assertTrue(e.getMessage().contains(own.resolve("umbrella/templates/NOTES.txt") + " and "
                + own.resolve("umbrella/templates/NOTES.txt.peb") + " both render"), e.getMessage());
    }

    @Test
    void exportKeepsAProjectTemplateWhoseTwinThePluginHasAndOverwriteReplacesIt() throws IOException {
        write("umbrella/templates/NOTES.txt", "Plain notes.\n"); // the plugin's is NOTES.txt.peb
        TemplateSource packagedTemplates = TemplateSource.classpath();
        TemplateExport.export(packagedTemplates, own, false, BuildLog.SILENT);
        assertFalse(Files.exists(own.resolve("umbrella/templates/NOTES.txt.peb")), "kept: the two would clash");
        generateWithOwn(); // and generate still works
        TemplateExport.export(packagedTemplates, own, true, BuildLog.SILENT);
        assertTrue(Files.exists(own.resolve("umbrella/templates/NOTES.txt.peb")));
        assertFalse(Files.exists(own.resolve("umbrella/templates/NOTES.txt")), "replaced by the plugin's");
        generateWithOwn();
    }

    /**
     * An export killed while it wrote: its temporary file (FileTrees.replace's) is no template for generate and the next
     * export removes it; killed between an overwrite's write and the twin's removal, the next overwrite removes the twin.
     */
    @Test
    void whatAnExportKilledWhileItWroteLeftIsHealedByTheNextExport() throws IOException {
        TemplateSource source = TemplateSource.classpath();
        TemplateExport.export(source, own, false, BuildLog.SILENT);
        Path left = own.resolve("umbrella/templates/.NOTES.txt.peb.0f8e2a4c-1b3d-4e5f-8a9b-0c1d2e3f4a5b.tmp");
        Files.writeString(left, "half a templ");
        assertEquals(packaged.keySet(), generateWithOwn().keySet(), "the leftover is not generated into the charts");

        write("umbrella/templates/NOTES.txt", "Plain notes.\n"); // the twin the killed overwrite had still to remove
        TemplateExport.export(source, own, true, BuildLog.SILENT);
        assertFalse(Files.exists(left), "the leftover is removed");
        assertFalse(Files.exists(own.resolve("umbrella/templates/NOTES.txt")), "the twin is removed");
        assertEquals(packaged.keySet(), generateWithOwn().keySet());
    }

    @Test
    void aDeleteMarkerRemovesThePackagedFile() throws IOException {
        write("umbrella/templates/networkpolicy-default-deny.yaml.delete", "");
        Map<String, byte[]> result = generateWithOwn();
        Map<String, byte[]> expected = new TreeMap<>(packaged);
        expected.remove(Path.of("neotool", "templates", "networkpolicy-default-deny.yaml").toString());
        assertEquals(expected.keySet(), result.keySet());
    }

    @Test
    void aDeleteMarkerThatMatchesNothingIsRefusedByName() throws IOException {
        write("umbrella/templates/no-such-file.yaml.delete", "");
        InputException e = assertThrows(InputException.class, this::generateWithOwn);
        assertTrue(e.getMessage().contains("no-such-file.yaml.delete") && e.getMessage().contains("no such file"),
                e.getMessage());
        assertFalse(Files.exists(dir.resolve("helm")));
    }

    @Test
    void aDeleteMarkerBesideTheFileItDeletesIsRefused() throws IOException {
        write("umbrella/templates/networkpolicy-default-deny.yaml", "a: 1\n");
        write("umbrella/templates/networkpolicy-default-deny.yaml.delete", "");
        InputException e = assertThrows(InputException.class, this::generateWithOwn);
        assertTrue(e.getMessage().contains("remove one of the two"), e.getMessage());
    }

    @Test
    void deletingTheChartsChartYamlIsRefusedAndNothingIsWritten() throws IOException {
        write("component/Chart.yaml.peb.delete", "");
        InputException e = assertThrows(InputException.class, this::generateWithOwn);
        assertTrue(e.getMessage().contains("without a Chart.yaml") && e.getMessage().contains("neotool/charts/"),
                e.getMessage());
        assertFalse(Files.exists(dir.resolve("helm")));
    }

    @Test
    void aChartYamlTemplateOfOneChartIsRefused() throws IOException {
        write("umbrella/charts/minio/Chart.yaml.peb", "name: minio\n");
        InputException e = assertThrows(InputException.class, this::generateWithOwn);
        assertTrue(e.getMessage().contains("umbrella/charts/minio/Chart.yaml.peb would overwrite neotool/charts/minio/Chart.yaml"),
                e.getMessage());
        assertFalse(Files.exists(dir.resolve("helm")));
    }

    @Test
    void aPlainFileOfOneChartThatEveryChartIsGivenIsRefused() throws IOException {
        write("umbrella/charts/minio/.helmignore", "*.bak\n");
        InputException e = assertThrows(InputException.class, this::generateWithOwn);
        assertTrue(e.getMessage().contains("umbrella/charts/minio/.helmignore would overwrite neotool/charts/minio/.helmignore")
                && e.getMessage().contains("component/"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("helm")));
    }

    @Test
    void aFailingProjectTemplateIsNamedByItsFileOnDisk() throws IOException {
        write("umbrella/templates/broken.yaml.peb", "[[ noSuchVariable.x ]]\n");
        InputException e = assertThrows(InputException.class, this::generateWithOwn);
        assertTrue(e.getMessage().contains(own.resolve("umbrella/templates/broken.yaml.peb").toString()), e.getMessage());
    }

    @Test
    void exportWritesThePackagedTemplatesAndKeepsTheProjectsOwn() throws IOException {
        TemplateSource source = TemplateSource.classpath();
        write("umbrella/templates/NOTES.txt.peb", "mine\n");
        StringBuilder said = new StringBuilder();
        int written = TemplateExport.export(source, own, false, LogCapture.into(said));
        assertEquals(source.files().size() - 1, written);
        assertEquals("mine\n", Files.readString(own.resolve("umbrella/templates/NOTES.txt.peb")));
        assertTrue(said.toString().contains("WARN Kept 1 template file(s)") && said.toString().contains("NOTES.txt.peb"),
                said.toString());

        assertEquals(1, TemplateExport.export(source, own, true, BuildLog.SILENT));
        assertArrayEquals(source.files().get("umbrella/templates/NOTES.txt.peb"),
                Files.readAllBytes(own.resolve("umbrella/templates/NOTES.txt.peb")));
        // exported templates, laid over the packaged ones, generate the same charts
        assertEquals(packaged.keySet(), generateWithOwn().keySet());
        chartsOnly(packaged).forEach((path, bytes) -> assertArrayEquals(bytes, snapshotOf(path), path));
    }

    @Test
    void exportedFilesAreReadableAsAnyFileTheBuildMakesAndACrlfCheckoutOfThemIsTheSame() throws IOException {
        TemplateSource source = TemplateSource.classpath();
        TemplateExport.export(source, own, false, BuildLog.SILENT);
        Path notes = own.resolve("umbrella/templates/NOTES.txt.peb");
        if (notes.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Path made = Files.writeString(dir.resolve("made-by-the-build.txt"), "x");
            assertEquals(Files.getPosixFilePermissions(made), Files.getPosixFilePermissions(notes), "the umask's permissions");
        }
        // Git's core.autocrlf checks the exported files out with CRLF line ends: not the project's own edits
        for (String path : source.files().keySet()) {
            Path file = own.resolve(path);
            Files.writeString(file, Files.readString(file).replace("\n", "\r\n"));
        }
        StringBuilder said = new StringBuilder();
        assertEquals(0, TemplateExport.export(source, own, false, LogCapture.into(said)));
        assertFalse(said.toString().contains("Kept"), said.toString());
    }

    private byte[] snapshotOf(String path) {
        try {
            return Files.readAllBytes(dir.resolve("helm").resolve(path));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
