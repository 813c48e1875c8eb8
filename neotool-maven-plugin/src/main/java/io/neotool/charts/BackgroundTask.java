package io.neotool.charts;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Work started on a daemon thread of its own, to overlap a goal's other work (a package staged while the lint runs, a
 * digest taken beside it), whose result is then awaited with its failure thrown as it was thrown.
 */
public final class BackgroundTask<T> {
    private final FutureTask<T> task;
    private final Thread thread;

    private BackgroundTask(String name, Callable<T> work) {
        task = new FutureTask<>(work);
        thread = new Thread(task, name);
        thread.setDaemon(true);
    }

    /** Starts {@code work} now on a daemon thread called {@code name}. */
    public static <T> BackgroundTask<T> start(String name, Callable<T> work) {
        BackgroundTask<T> t = new BackgroundTask<>(name, work);
        t.thread.start();
        return t;
    }

    /** The result, once the work is done; its exception as it was thrown (an {@link UncheckedIOException}'s cause). */
    public T await() throws IOException {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + thread.getName());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** Interrupts the work (it stops where it checks) and waits for its thread to end, whatever it returns. */
    public void stop() {
        thread.interrupt();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
