package io.neotool.charts;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * An exclusive lock on a directory the goals share (the charts in {@code helm/}, the archives in
 * {@code target/helm/}), so that no goal reads a tree another one is writing. It is an operating-system
 * file lock on {@value #FILE} in the directory: it dies with the process that holds it, so a killed build
 * never leaves a stale lock. Another build (or another module of a parallel build) that wants the same
 * directory waits up to a bound, saying so, then fails.
 */
public final class DirectoryLock implements AutoCloseable {
    public static final String FILE = ".neotool.lock";
    private static final long POLL_MILLIS = 100;

    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(FileChannel channel, FileLock lock) {
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
        Path file = dir.resolve(FILE);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            long deadline = System.nanoTime() + wait.toNanos();
            boolean said = false;
            while (true) {
                FileLock lock = tryLock(channel);
                if (lock != null) {
                    return new DirectoryLock(channel, lock);
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw new IOException(goal + " could not lock " + dir + ": another neotool goal (generate, check, lint, "
                            + "package or push, in this or another build) has held " + file + " for more than "
                            + wait.toSeconds() + " s. Wait for that build to finish, or give it longer with -D"
                            + "neotool.lock.wait=<seconds>.");
                }
                if (!said) {
                    log.info("Waiting up to " + wait.toSeconds() + " s for " + dir + ": another neotool goal is using it ("
                            + file + ")");
                    said = true;
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.close();
            throw new IOException(goal + " was interrupted waiting for the lock on " + dir, e);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The lock, or null while another process or thread holds it. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held by another goal in this JVM (a parallel Maven build)
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
