package io.neotool.charts.helm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.jni.NativeLibrary;
import io.neotool.charts.BuildLog;
import io.neotool.charts.ChildJvm;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Helm's native library is inflated once per version into a cache only its user can write, never half-written. */
class CachedNativeLibraryTest {
    @TempDir
    Path dir;

    private final byte[] library = new byte[200_000];

    private URL jarWithLibrary() throws IOException {
        new Random(7).nextBytes(library);
        Path jar = dir.resolve("platform.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("helm-test.so"));
            out.write(library);
            out.closeEntry();
        }
        return new URL("jar:" + jar.toUri() + "!/helm-test.so");
    }

    /**
     * A library the machine cannot load (another libc, a damaged copy) fails naming the file, the machine and what the
     * library needs, and the failure is kept for the goals to report: helm-java's later calls meet only "Could not
     * initialize class".
     */
    @Test
    void aLibraryThatDoesNotLoadSaysWhatTheMachineNeeds(@TempDir Path dir) throws IOException {
        Path damaged = Files.write(dir.resolve("helm.so"), new byte[] {0x7f, 'E', 'L', 'F', 0, 0, 0, 0});
        UnsatisfiedLinkError e = assertThrows(UnsatisfiedLinkError.class, () -> CachedNativeLibrary.loadFrom(damaged));
        assertTrue(e.getMessage().startsWith("Helm's native library (" + damaged + ") does not load on this machine ("
                + System.getProperty("os.name")), e.getMessage());
        assertTrue(e.getMessage().contains("glibc 2.34 or later"), e.getMessage());
        assertSame(e, CachedNativeLibrary.loadFailure());
    }

    @Test
    void extractsOnceThenReusesTheCopy() throws IOException {
        URL resource = jarWithLibrary();
        Path cache = dir.resolve("cache");
        Path first = CachedNativeLibrary.cached(resource, "helm-test.so", cache);
        assertArrayEquals(library, Files.readAllBytes(first));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache)));
        // a second build takes the copy as it is: nothing is inflated again
        Files.setLastModifiedTime(first, java.nio.file.attribute.FileTime.fromMillis(0));
        Path second = CachedNativeLibrary.cached(resource, "helm-test.so", cache);
        assertEquals(first, second);
        assertEquals(0, Files.getLastModifiedTime(second).toMillis());
        try (var files = Files.list(first.getParent())) {
            assertEquals(1, files.count(), "no temporary file is left beside the copy");
        }
    }

    /** A JVM killed while it inflated the library left its part; the next extraction removes it, not a part in progress. */
    @Test
    void thePartsOfCopiesAKilledBuildLeftAreRemoved() throws IOException {
        URL resource = jarWithLibrary();
        Path cache = dir.resolve("cache");
        Path copy = CachedNativeLibrary.cached(resource, "helm-test.so", cache);
        Files.delete(copy);
        Path abandoned = Files.writeString(copy.resolveSibling("helm-test.so123.tmp"), "part");
        Files.setLastModifiedTime(abandoned, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(CachedNativeLibrary.ABANDONED_AFTER).minusSeconds(1)));
        Path inProgress = Files.writeString(copy.resolveSibling("helm-test.so456.tmp"), "part");
        assertArrayEquals(library, Files.readAllBytes(CachedNativeLibrary.cached(resource, "helm-test.so", cache)));
        assertFalse(Files.exists(abandoned), "the killed build's part is gone");
        assertTrue(Files.exists(inProgress), "another JVM's copy in progress is left alone");
    }

    @Test
    void aCopyOfAnotherSizeIsReplaced() throws IOException {
        URL resource = jarWithLibrary();
        Path cache = dir.resolve("cache");
        Path copy = CachedNativeLibrary.cached(resource, "helm-test.so", cache);
        try (OutputStream out = Files.newOutputStream(copy)) {
            out.write(library, 0, 1000); // as a copy cut short by a full disk would be
        }
        assertArrayEquals(library, Files.readAllBytes(CachedNativeLibrary.cached(resource, "helm-test.so", cache)));
    }

    /** A copy of the right size with other bytes (left in target/ by anything but the plugin) is not loaded: replaced. */
    @Test
    void aCopyWithOtherBytesOfTheSameSizeIsReplaced() throws IOException {
        URL resource = jarWithLibrary();
        Path cache = dir.resolve("cache");
        Path copy = CachedNativeLibrary.cached(resource, "helm-test.so", cache);
        byte[] planted = library.clone();
        planted[planted.length / 2] ^= 1;
        Files.write(copy, planted);
        assertEquals(copy, CachedNativeLibrary.cached(resource, "helm-test.so", cache));
        assertArrayEquals(library, Files.readAllBytes(copy));
    }

    @Test
    void aLibraryOutsideAJarIsNotCached() throws IOException {
        Path file = Files.write(dir.resolve("helm-test.so"), new byte[] {1, 2, 3});
        assertNull(CachedNativeLibrary.cached(file.toUri().toURL(), "helm-test.so", dir.resolve("cache")));
    }

    @Test
    void extractsAheadOnceInTheBackgroundAndAgainWhenTheCopyIsGone() throws IOException {
        Path cache = dir.resolve("helm-java");
        CachedNativeLibrary.extractAhead(cache);
        CachedNativeLibrary.extractAhead(cache); // the same extraction, not a second one
        Path copy = CachedNativeLibrary.copyIn(cache);
        assertTrue(copy.startsWith(cache), copy.toString());
        assertEquals(NativeLibrary.getInstance().getBinaryName(), copy.getFileName().toString());
        try (var files = Files.list(copy.getParent())) {
            assertEquals(1, files.count(), "no temporary file is left beside the copy");
        }
        // removed as a clean does while the JVM lives on: extracted again
        Files.delete(copy);
        CachedNativeLibrary.extractAhead(cache);
        assertEquals(copy, CachedNativeLibrary.copyIn(cache));
        assertTrue(Files.isRegularFile(copy));
    }

    /**
     * A goal's Helm calls in a JVM of their own whose home is empty: JNA's stub is inflated in the output directory,
     * and nothing is written to the home (JNA's default is ~/.cache/JNA/temp).
     */
    @Test
    void aGoalsHelmCallsWriteNothingOutsideTheOutputDirectory() throws Exception {
        Path root = dir.resolve("child");
        Path chart = Files.createDirectories(dir.resolve("charts/alpha/templates"));
        Files.writeString(chart.resolveSibling("Chart.yaml"), "apiVersion: v2\nname: alpha\nversion: 1.0.0\n");
        Files.writeString(chart.resolve("configmap.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: alpha\n");
        Path output = dir.resolve("target/neotool");
        ChildJvm child = ChildJvm.start(GoalChild.class, root, null, output.toString(), chart.getParent().toString());
        assertEquals(0, child.waitFor(), child.output());
        assertTrue(child.output().contains("linted: true, jna.tmpdir afterwards: null"), child.output());
        try (var written = Files.walk(root.resolve("home"))) {
            assertEquals(List.of(root.resolve("home")), written.toList(), "the home stays empty");
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(output.resolve("helm-java/jna"))));
    }

    /** As a goal uses Helm: the cache directory first, then lint (through {@link NativeStderr}). */
    static final class GoalChild {
        public static void main(String[] args) {
            Path output = Path.of(args[0]);
            CachedNativeLibrary.extractAhead(output.resolve("helm-java"));
            com.marcnuri.helm.LintResult lint = new HelmClient(output.resolve("tmp")).lint(Path.of(args[1]), "", BuildLog.SILENT);
            System.out.println("linted: " + !lint.isFailed() + ", jna.tmpdir afterwards: " + System.getProperty(CachedNativeLibrary.JNA_TMPDIR));
        }
    }

    @Test
    void helmJavaFindsThisProviderFirst() {
        assertInstanceOf(CachedNativeLibrary.class, NativeLibrary.getInstance());
        assertTrue(NativeLibrary.getInstance().getBinaryName().startsWith("helm-"));
    }
}
