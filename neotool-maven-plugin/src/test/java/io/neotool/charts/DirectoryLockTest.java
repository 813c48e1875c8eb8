package io.neotool.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock generate, check, lint, package and push share on a directory. */
class DirectoryLockTest {
    private static final Duration SHORT = Duration.ofMillis(300);

    @TempDir
    Path dir;

    /**
     * Goals pointed at one chart (-Dneotool.charts=helm/shop) lock it through a file beside it: one inside would be a
     * stray file of the chart, and go into its archive.
     */
    @Test
    void aChartDirectoryIsLockedFromBesideIt() throws Exception {
        Path chart = Files.createDirectories(dir.resolve("helm/shop"));
        Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: shop\nversion: 0.1.0\n");
        try (DirectoryLock held = DirectoryLock.acquireForReading(chart, "neotool:lint", SHORT, BuildLog.SILENT)) {
            IOException e = CompletableFuture.supplyAsync(() -> assertThrows(IOException.class,
                    () -> DirectoryLock.acquire(chart, "neotool:package", SHORT, BuildLog.SILENT))).get(60, TimeUnit.SECONDS);
            assertTrue(e.getMessage().contains(dir.resolve("helm/.shop" + DirectoryLock.FILE).toRealPath().toString()), e.getMessage());
        }
        assertTrue(Files.notExists(chart.resolve(DirectoryLock.FILE)), "nothing inside the chart");
        assertTrue(Files.exists(dir.resolve("helm/.shop" + DirectoryLock.FILE)));
        // a subchart's: beside the outermost chart (beside the subchart it would still be inside shop)
        Path sub = Files.createDirectories(chart.resolve("charts/kafka"));
        Files.writeString(sub.resolve("Chart.yaml"), "apiVersion: v2\nname: kafka\nversion: 0.1.0\n");
        DirectoryLock.acquire(sub, "neotool:lint", SHORT, BuildLog.SILENT).close();
        try (var inside = Files.walk(chart)) {
            assertEquals(List.of(), inside.filter(p -> p.getFileName().toString().endsWith(DirectoryLock.FILE)).toList());
        }
    }

    /** A chart of the charts generate writes takes their lock, the one generate takes: the two never overlap. */
    @Test
    void aChartOfTheGeneratedChartsTakesTheirLock() throws Exception {
        Path helm = Files.createDirectories(dir.resolve("helm"));
        Files.writeString(helm.resolve(".neotool-generated"), "");
        Path chart = Files.createDirectories(helm.resolve("shop"));
        Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: shop\nversion: 0.1.0\n");
        try (DirectoryLock generating = DirectoryLock.acquire(helm, "neotool:generate", SHORT, BuildLog.SILENT)) {
            IOException e = CompletableFuture.supplyAsync(() -> assertThrows(IOException.class,
                    () -> DirectoryLock.acquireForReading(chart, "neotool:package", SHORT, BuildLog.SILENT))).get(60, TimeUnit.SECONDS);
            assertTrue(e.getMessage().contains(helm.resolve(DirectoryLock.FILE).toRealPath().toString()), e.getMessage());
        }
        assertTrue(Files.notExists(helm.resolve(".shop" + DirectoryLock.FILE)));
    }

    @Test
    void aSecondGoalInTheSameBuildWaitsThenFailsNamingTheLockAndTheFlag() throws Exception {
        Path helm = dir.resolve("helm");
        try (DirectoryLock held = DirectoryLock.acquire(helm, "neotool:generate", SHORT, BuildLog.SILENT)) {
            StringBuilder said = new StringBuilder();
            IOException e = CompletableFuture.supplyAsync(() -> assertThrows(IOException.class,
                    () -> DirectoryLock.acquire(helm, "neotool:package", SHORT, LogCapture.into(said)))).get(60, TimeUnit.SECONDS);
            assertTrue(e.getMessage().startsWith("neotool:package could not lock " + helm), e.getMessage());
            assertTrue(e.getMessage().contains(helm.resolve(DirectoryLock.FILE).toString()), e.getMessage());
            assertTrue(e.getMessage().contains("-Dneotool.lock.wait=<seconds>"), e.getMessage());
            assertTrue(said.toString().contains("Waiting up to 0 s for " + helm), said.toString());
        }
        DirectoryLock.acquire(helm, "neotool:package", SHORT, BuildLog.SILENT).close();
    }

    @Test
    void aWaitingGoalGoesOnOnceTheHolderIsDone() throws Exception {
        Path helm = dir.resolve("helm");
        DirectoryLock held = DirectoryLock.acquire(helm, "neotool:generate", SHORT, BuildLog.SILENT);
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try (DirectoryLock lock = DirectoryLock.acquire(helm, "neotool:lint", Duration.ofMinutes(5), new BuildLog() {
                @Override
                public void info(String message) {
                    waiting.countDown();
                }

                @Override
                public void warn(String message) {}

                @Override
                public void debug(String message) {}
            })) {
                return "linted";
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(waiting.await(60, TimeUnit.SECONDS), "the reader should say it waits");
        held.close();
        assertEquals("linted", reader.get(60, TimeUnit.SECONDS));
    }

    @Test
    void aGoalOfThisJvmGivingUpDoesNotReleaseTheHoldersLockForOtherProcesses() throws Exception {
        Path helm = dir.resolve("helm");
        try (DirectoryLock held = DirectoryLock.acquire(helm, "neotool:generate", SHORT, BuildLog.SILENT)) {
            IOException gaveUp = CompletableFuture.supplyAsync(() -> assertThrows(IOException.class,
                    () -> DirectoryLock.acquire(helm, "neotool:lint", SHORT, BuildLog.SILENT))).get(60, TimeUnit.SECONDS);
            assertTrue(gaveUp.getMessage().startsWith("neotool:lint could not lock"), gaveUp.getMessage());
            assertHeldAgainstOtherProcesses(helm);
        }
    }

    @Test
    void aGoalLoadedByAnotherClassLoaderWaitsAndGivingUpDropsNothing() throws Exception {
        Path helm = dir.resolve("helm");
        URL classes = DirectoryLock.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader plugin = new URLClassLoader(new URL[] {classes}, null);
                DirectoryLock held = DirectoryLock.acquire(helm, "neotool:generate", SHORT, BuildLog.SILENT)) {
            Class<?> otherLog = plugin.loadClass(BuildLog.class.getName());
            Method acquire = plugin.loadClass(DirectoryLock.class.getName())
                    .getMethod("acquire", Path.class, String.class, Duration.class, otherLog);
            InvocationTargetException e = assertThrows(InvocationTargetException.class,
                    () -> acquire.invoke(null, helm, "neotool:package", SHORT, otherLog.getField("SILENT").get(null)));
            assertTrue(e.getCause() instanceof IOException, e.getCause().toString());
            assertTrue(e.getCause().getMessage().startsWith("neotool:package could not lock"), e.getCause().getMessage());
            assertHeldAgainstOtherProcesses(helm);
        }
    }

    private static void assertHeldAgainstOtherProcesses(Path helm) throws Exception {
        Process other = lockHolder(helm, 1);
        String said = new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(other.waitFor(60, TimeUnit.SECONDS));
        assertTrue(said.contains("holder could not lock"), said);
        assertTrue(other.exitValue() != 0, said);
    }

    private static Process lockHolder(Path dir, int waitSeconds) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), LockHolder.class.getName(), dir.toString(), String.valueOf(waitSeconds))
                .redirectErrorStream(true).start();
    }

    /**
     * A long-lived JVM (mvnd, an IDE) locked and released a directory, then a clean deleted it and another build locked
     * the new lock file: this JVM must not take its cached channel on the deleted file for the lock.
     */
    @Test
    void aLockFileDeletedAndMadeAgainByAnotherProcessIsLockedThere() throws Exception {
        Path target = dir.resolve("target");
        DirectoryLock.acquire(target, "neotool:package", SHORT, BuildLog.SILENT).close();
        try (Stream<Path> walk = Files.walk(target)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        Process holder = lockHolder(target, 5);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("LOCKED", out.readLine());
            IOException e = assertThrows(IOException.class, () -> DirectoryLock.acquire(target, "neotool:package", SHORT, BuildLog.SILENT));
            assertTrue(e.getMessage().contains("another neotool goal"), e.getMessage());
        } finally {
            holder.destroyForcibly();
            holder.waitFor(60, TimeUnit.SECONDS);
        }
        DirectoryLock.acquire(target, "neotool:package", SHORT, BuildLog.SILENT).close();
    }

    /**
     * A read-only checkout: check, lint and package read the charts without a lock file (none can be made there, and
     * nothing of this build can write there); generate, which writes, still fails on it, naming the file.
     */
    @Test
    void aDirectoryThisBuildCannotWriteIsReadWithoutALockFile() throws Exception {
        Path helm = Files.createDirectories(dir.resolve("helm"));
        Files.writeString(helm.resolve("README.md"), "charts\n");
        try (ReadOnly readOnly = ReadOnly.of(helm)) {
            try (DirectoryLock lock = DirectoryLock.acquireForReading(helm, "neotool:lint", SHORT, BuildLog.SILENT)) {
                // goals of this JVM still queue
                IOException e = CompletableFuture.supplyAsync(() -> assertThrows(IOException.class,
                        () -> DirectoryLock.acquireForReading(helm, "neotool:package", SHORT, BuildLog.SILENT))).get(60, TimeUnit.SECONDS);
                assertTrue(e.getMessage().startsWith("neotool:package could not lock " + helm), e.getMessage());
            }
            assertTrue(Files.notExists(helm.resolve(DirectoryLock.FILE)));
            IOException e = assertThrows(IOException.class, () -> DirectoryLock.acquire(helm, "neotool:generate", SHORT, BuildLog.SILENT));
            assertTrue(e.getMessage().contains(helm.resolve(DirectoryLock.FILE).toString()), e.getMessage());
        }
        // writable again: the lock file as before
        DirectoryLock.acquireForReading(helm, "neotool:lint", SHORT, BuildLog.SILENT).close();
        assertTrue(Files.exists(helm.resolve(DirectoryLock.FILE)));
    }

    /**
     * {@code dir} made read-only for this process until closed: a read-only bind mount of it onto itself when running as
     * root (whom file modes do not stop), its write permissions removed otherwise.
     */
    private record ReadOnly(Path dir, boolean mounted) implements AutoCloseable {
        static ReadOnly of(Path dir) throws Exception {
            if ("root".equals(System.getProperty("user.name"))) {
                // root in a container without CAP_SYS_ADMIN can neither mount nor be stopped by file modes
                Process probe = new ProcessBuilder("mount", "--bind", dir.toString(), dir.toString()).redirectErrorStream(true).start();
                probe.getInputStream().readAllBytes();
                assumeTrue(probe.waitFor() == 0,
                        "root without the right to mount: no way to make a directory read-only for this process");
                run("mount", "-o", "remount,bind,ro", dir.toString());
                assertTrue(!Files.isWritable(dir), "read-only mount of " + dir);
                return new ReadOnly(dir, true);
            }
            assertTrue(dir.toFile().setWritable(false, false));
            return new ReadOnly(dir, false);
        }

        private static void run(String... command) throws Exception {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
        }

        @Override
        public void close() throws Exception {
            if (mounted) {
                run("umount", dir.toString());
            } else {
                dir.toFile().setWritable(true, true);
            }
        }
    }

    @Test
    void aLockHeldByAnotherProcessBlocksAndDiesWithIt() throws Exception {
        Path helm = dir.resolve("helm");
        Process holder = lockHolder(helm, 5);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("LOCKED", out.readLine());
            IOException e = assertThrows(IOException.class, () -> DirectoryLock.acquire(helm, "neotool:check", SHORT, BuildLog.SILENT));
            assertTrue(e.getMessage().contains("another neotool goal"), e.getMessage());
            holder.destroyForcibly();
            assertTrue(holder.waitFor(60, TimeUnit.SECONDS));
            // killed: no stale lock
            DirectoryLock.acquire(helm, "neotool:check", SHORT, BuildLog.SILENT).close();
        } finally {
            holder.destroyForcibly();
        }
    }
}
