package io.neotool.charts;

import io.neotool.charts.generate.GeneratedTree;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * An exclusive lock on a directory the goals share (the charts in {@code helm/}, the archives in
 * {@code target/helm/}), so that no goal reads a tree another one is writing. Between processes it is an
 * operating-system file lock on {@value #FILE} in the directory, which dies with the process that holds it:
 * a killed build never leaves a stale lock. A goal that finds the lock held waits up to a bound, saying so,
 * then fails.
 *
 * <p>Within one JVM (a parallel Maven build, or Maven embedded in a test) goals queue on a semaphore, and
 * the channel to a lock file is opened once and never closed: on Linux, closing any channel to a file drops
 * every lock the process holds on it, including another goal's. A goal loaded by another class loader has
 * its own channel and sees the lock as held ({@link OverlappingFileLockException}) until it is free.
 */
public final class DirectoryLock implements AutoCloseable {
    public static final String FILE = ".neotool.lock";
    private static final long POLL_MILLIS = 100;
    private static final Map<Path, Slot> SLOTS = new ConcurrentHashMap<>();

    /** One lock file in this class loader: who may use its channel, and the channel. */
    private static final class Slot {
        final Semaphore permit = new Semaphore(1);
        FileChannel channel; // used only by the permit's holder
        Object fileKey; // the file the channel is open on: a clean may have deleted it and another build made a new one
    }

    private final Slot slot;
    private final FileLock lock; // null: a directory read without a lock file (acquireForReading)

    private DirectoryLock(Slot slot, FileLock lock) {
        this.slot = slot;
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
        return acquire(dir, lockFile(dir.toRealPath()), goal, wait, log, true);
    }

    /**
     * The lock file of {@code dir}: {@value #FILE} in it, or beside it ({@code .<name>.neotool.lock}) when the directory
     * is itself a chart (the goals pointed at one chart, -Dneotool.charts=helm/shop), where a file inside would go
     * into its archive; for a subchart, beside the outermost chart holding it. A chart inside the directory generate
     * writes ({@link GeneratedTree#outputHolding}) takes that directory's lock, as generate does.
     */
    private static Path lockFile(Path real) {
        // a chart of the charts generate writes: the lock of that output, which generate takes
        Path output = GeneratedTree.outputHolding(real);
        if (!output.equals(real)) {
            return output.resolve(FILE);
        }
        // a subchart's lock beside the outermost chart holding it: beside the subchart it would still be in that chart
        Path chart = null;
        for (Path dir = real; dir != null && dir.getParent() != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("Chart.yaml"))) {
                chart = dir;
            }
        }
        return chart != null ? beside(chart) : real.resolve(FILE);
    }

    /** The lock file beside {@code dir}: {@code .<name>.neotool.lock} in its parent. */
    private static Path beside(Path dir) {
        return dir.getParent().resolve("." + dir.getFileName() + FILE);
    }

    /**
     * Locks {@code dir} for a goal that only reads it (check, lint, package), as {@link #acquire} does, except where this
     * build cannot write in it (a read-only checkout or file system): no lock file can be made there, and no goal of
     * this build can change the tree either, so it is read without one. Goals of this JVM still queue.
     */
    public static DirectoryLock acquireForReading(Path dir, String goal, Duration wait, BuildLog log) throws IOException {
        Path real = dir.toRealPath();
        Path file = lockFile(real);
        boolean writable = Files.isWritable(file.getParent()) || Files.isWritable(file);
        if (!writable) {
            log.debug(goal + ": " + dir + " is not writable here, so no goal of this build can change it: read without a "
                    + "lock file");
        }
        return acquire(dir, file, goal, wait, log, writable);
    }

    /**
     * Locks {@code dir} through a lock file beside it ({@code .<name>.neotool.lock} in its parent), for a directory
     * that is replaced as a whole by a rename (the package set): a lock file inside would move away with it.
     */
    public static DirectoryLock acquireBeside(Path dir, String goal, Duration wait, BuildLog log) throws IOException {
        Path absolute = dir.toAbsolutePath().normalize();
        Files.createDirectories(absolute.getParent());
        return acquire(dir, beside(absolute.getParent().toRealPath().resolve(absolute.getFileName())), goal, wait, log, true);
    }

    /** {@code withFile} false: only the queue of this JVM's goals, no lock file (a directory this build cannot write). */
    private static DirectoryLock acquire(Path dir, Path file, String goal, Duration wait, BuildLog log, boolean withFile)
            throws IOException {
        Slot slot = SLOTS.computeIfAbsent(file, f -> new Slot());
        long deadline = System.nanoTime() + wait.toNanos();
        Waiting waiting = new Waiting(dir, file, wait, log);
        try {
            if (!slot.permit.tryAcquire()) {
                waiting.say();
                if (!slot.permit.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    throw waiting.timeout(goal);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(goal + " was interrupted waiting for the lock on " + dir, e);
        }
        if (!withFile) {
            return new DirectoryLock(slot, null);
        }
        try {
            while (true) {
                if (slot.channel == null || !slot.channel.isOpen() || !Objects.equals(slot.fileKey, fileKey(file))) {
                    if (slot.channel != null) {
                        slot.channel.close(); // on a deleted file, or one replaced: no lock of this JVM is held on it now
                    }
                    Files.createDirectories(file.getParent()); // a clean may have deleted it while this goal waited
                    slot.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                            LinkOption.NOFOLLOW_LINKS);
                    slot.fileKey = fileKey(file);
                }
                FileLock lock = tryLock(slot.channel);
                if (lock != null) {
                    if (Objects.equals(slot.fileKey, fileKey(file))) {
                        return new DirectoryLock(slot, lock);
                    }
                    lock.release(); // deleted and made again while this goal waited: the lock is on the new file
                    continue;
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw waiting.timeout(goal);
                }
                waiting.say();
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            slot.permit.release();
            throw new IOException(goal + " was interrupted waiting for the lock on " + dir, e);
        } catch (IOException | RuntimeException e) {
            slot.permit.release();
            throw e;
        }
    }

    /** The identity of {@code file} (device and inode), or null when it does not exist. */
    private static Object fileKey(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** The lock, or null while another process, or a goal of another class loader in this JVM, holds it. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (lock != null) {
                lock.release();
            }
        } finally {
            slot.permit.release();
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
