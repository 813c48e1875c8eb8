package io.neotool.charts;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A child JVM for lock tests: locks the directory {@code args[0]} (waiting up to {@code args[1]} seconds), says
 * {@code LOCKED} and waits to be killed.
 */
public final class LockHolder {
    private LockHolder() {}

    public static void main(String[] args) throws Exception {
        try (DirectoryLock lock = DirectoryLock.acquire(Path.of(args[0]), "holder", Duration.ofSeconds(Long.parseLong(args[1])), BuildLog.SILENT)) {
            System.out.println("LOCKED");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
