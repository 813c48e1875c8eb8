package io.neotool.charts;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * An exclusive lock on a directory the goals share (the charts in {@code helm/}, the archives in
 * {@code target/helm/}), so that no goal reads a tree another one is writing. Between processes it is an
 * operating-system file lock on {@value #FILE} in the directory, which dies with the process that holds it:
 * a killed build never leaves a stale lock. Within one JVM (a parallel Maven build) goals queue on a
 * semaphore first, so that only one channel per lock file is ever open: closing a second one would drop
 * the first one's operating-system lock. A goal that finds the lock held waits up to a bound, saying so,
 * then fails.
 */
public final class DirectoryLock implements AutoCloseable {
    public static final String FILE = ".neotool.lock";
    private static final long POLL_MILLIS = 100;
    private static final Map<Path, Semaphore> IN_THIS_JVM = new ConcurrentHashMap<>();

    private final Semaphore local;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(Semaphore local, FileChannel channel, FileLock lock) {
        this.local = local;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code dir} (created when missing) for {@code goal}, waiting at most {@code wait} for another
     * holder to finish.
     *
     * @throws IOException when the lock is still held after {@code wait}, or cannot be taken at all
     */
    public static DirectoryLock acquire(Path dir, String goal, Duration wait, BuildLog log) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.toRealPath().resolve(FILE);
        Semaphore local = IN_THIS_JVM.computeIfAbsent(file, f -> new Semaphore(1));
        long deadline = System.nanoTime() + wait.toNanos();
        Waiting waiting = new Waiting(dir, file, wait, log);
        try {
            if (!local.tryAcquire()) {
                waiting.say();
                if (!local.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    throw waiting.timeout(goal);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(goal + " was interrupted waiting for the lock on " + dir, e);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            while (true) {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return new DirectoryLock(local, channel, lock);
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw waiting.timeout(goal);
                }
                waiting.say();
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close(channel, local);
            throw new IOException(goal + " was interrupted waiting for the lock on " + dir, e);
        } catch (IOException | RuntimeException e) {
            close(channel, local);
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            close(channel, local);
        }
    }

    private static void close(FileChannel channel, Semaphore local) throws IOException {
        try {
            if (channel != null) {
                channel.close();
            }
        } finally {
            local.release();
        }
    }

    /** What a goal says while it waits, once, and when it gives up. */
    private static final class Waiting {
        private final Path dir;
        private final Path file;
        private final Duration wait;
        private final BuildLog log;
        private boolean said;

        Waiting(Path dir, Path file, Duration wait, BuildLog log) {
            this.dir = dir;
            this.file = file;
            this.wait = wait;
            this.log = log;
        }

        void say() {
            if (!said) {
                log.info("Waiting up to " + wait.toSeconds() + " s for " + dir + ": another neotool goal is using it (" + file + ")");
                said = true;
            }
        }

        IOException timeout(String goal) {
            return new IOException(goal + " could not lock " + dir + ": another neotool goal (generate, check, lint, "
                    + "package or push, in this or another build) has held " + file + " for more than " + wait.toSeconds()
                    + " s. Wait for that build to finish, or give it longer with -Dneotool.lock.wait=<seconds>.");
        }
    }
}
