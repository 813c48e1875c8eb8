package io.neotool.charts.helm;

import com.sun.jna.Library;
import io.neotool.charts.BuildLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Helm's own log lines ({@code 2026/12/01 15:42:29 [INFO] Missing required value: ...}, printed by Helm's Go code in
 * lint mode through Go's log package) go straight to the process's file descriptor 2, past Java and Maven. Around a
 * native Helm call this points descriptor 2 at a temporary file (POSIX {@code dup}/{@code dup2} through JNA, which
 * helm-java already uses to load Helm), then restores it and hands the lines to the build log at debug level.
 *
 * <p>While the descriptor is redirected, anything else the JVM writes to its standard error lands in the same file
 * and is said at debug as well; Maven itself logs to standard output. On Windows, where Go does not write through
 * descriptor 2, and when the C library cannot be loaded, the call runs unchanged and Helm's lines stay on the console.
 */
public final class NativeStderr {
    private NativeStderr() {}

    /** The few POSIX calls needed. */
    interface LibC extends Library {
        int dup(int fd);

        int dup2(int from, int to);

        int close(int fd);

        int creat(String path, int mode);
    }

    private static final int STDERR = 2;
    /**
     * One monitor for the whole JVM, not one per class loader: descriptor 2 is the process's, and a build whose modules
     * load the plugin twice (another version, other plugin dependencies: two class realms) runs both copies of this
     * class; with a lock of each, two captures would overlap, and the second's restore would leave descriptor 2 on the
     * first's deleted file. A string constant is one object in every class loader (the JVM interns it); a copy of an
     * older plugin version, which locks an object of its own, still does not take turns with this one.
     */
    private static final Object LOCK = "io.neotool.charts.helm.NativeStderr: descriptor 2".intern();
    private static final LibC LIBC = CachedNativeLibrary.cLibrary(LibC.class);

    /**
     * Runs {@code call}; whatever native code writes to descriptor 2 meanwhile goes, through a file in {@code dir}
     * removed afterwards, to {@code log} at debug.
     */
    public static <T> T capture(Path dir, Supplier<T> call, String prefix, BuildLog log) {
        if (LIBC == null) {
            return call.get();
        }
        synchronized (LOCK) {
            Path file;
            try {
                file = Files.createTempFile(dir, "neotool-helm-", ".log");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                System.err.flush();
                int saved = LIBC.dup(STDERR);
                int fd = saved < 0 ? -1 : LIBC.creat(file.toString(), 0600);
                if (fd < 0 || LIBC.dup2(fd, STDERR) < 0) {
                    if (fd >= 0) {
                        LIBC.close(fd);
                    }
                    if (saved >= 0) {
                        LIBC.close(saved);
                    }
                    return call.get();
                }
                LIBC.close(fd);
                try {
                    return call.get();
                } finally {
                    System.err.flush();
                    LIBC.dup2(saved, STDERR);
                    LIBC.close(saved);
                    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                        if (!line.isBlank()) {
                            log.debug(prefix + line);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    log.debug("could not delete " + file + ": " + e.getMessage());
                }
            }
        }
    }
}
