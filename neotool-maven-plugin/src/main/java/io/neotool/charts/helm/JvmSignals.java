package io.neotool.charts.helm;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * The JVM's own handlers of SIGINT, SIGTERM and SIGQUIT, kept across Helm's install path. helm-java's template and
 * install call Go's {@code signal.Notify} for those signals at each call and never stop it: from the first call Go's
 * handlers take them (a goroutine receives them and does nothing), so Ctrl-C and a CI's cancel would no longer stop
 * the build, its shutdown hooks would never run, and {@code kill -3} would print no thread dump. The handlers in
 * place are read once, before the first such call in this JVM, and put back after each one; Go installs its handler
 * for a signal only the first time, so they stay. Each is kept as the C library's {@code sigaction} gives it, bytes
 * read and written back whatever the platform's layout. They are read once for the whole JVM, not once per class
 * loader: a build that loads the plugin twice (two class realms) reads them in the first, before any Helm call, and
 * the second takes those (read again there, during the first's render, they could be Go's). Where the C library
 * cannot be loaded (Windows), the calls run unchanged.
 */
final class JvmSignals {
    private JvmSignals() {}

    /** The POSIX call needed. */
    interface LibC extends Library {
        int sigaction(int signal, Pointer action, Pointer old);
    }

    /** SIGINT, SIGQUIT and SIGTERM: the same numbers on Linux and macOS. */
    private static final int[] SIGNALS = {2, 3, 15};
    /** More than any platform's struct sigaction (152 bytes on Linux x86-64, 16 on macOS). */
    private static final int ACTION_BYTES = 512;

    /** Where the first class loader to read the handlers leaves them, as hex, for the others: one JVM-wide copy. */
    private static final String SAVED_PROPERTY = "io.neotool.charts.helm.JvmSignals.handlers";
    /** One monitor in every class loader: a string constant is one object in the JVM (interned). */
    private static final Object LOCK = "io.neotool.charts.helm.JvmSignals: handlers".intern();

    private static final LibC LIBC = CachedNativeLibrary.cLibrary(LibC.class);
    private static final Memory[] SAVED = save();

    private static Memory[] save() {
        if (LIBC == null) {
            return null;
        }
        synchronized (LOCK) {
            String kept = System.getProperty(SAVED_PROPERTY);
            byte[] bytes;
            if (kept != null) {
                bytes = HexFormat.of().parseHex(kept);
            } else {
                bytes = new byte[SIGNALS.length * ACTION_BYTES];
                for (int i = 0; i < SIGNALS.length; i++) {
                    Memory action = new Memory(ACTION_BYTES);
                    action.clear();
                    if (LIBC.sigaction(SIGNALS[i], null, action) != 0) {
                        return null;
                    }
                    action.read(0, bytes, i * ACTION_BYTES, ACTION_BYTES);
                }
                System.setProperty(SAVED_PROPERTY, HexFormat.of().formatHex(bytes));
            }
            Memory[] saved = new Memory[SIGNALS.length];
            for (int i = 0; i < SIGNALS.length; i++) {
                saved[i] = new Memory(ACTION_BYTES);
                saved[i].write(0, bytes, i * ACTION_BYTES, ACTION_BYTES);
            }
            return saved;
        }
    }

    /**
     * The address of each signal's handler now (the first field of struct sigaction on every platform; the rest of
     * what the C library returns holds bytes it does not set), or null without the C library.
     */
    static long[] handlers() {
        if (LIBC == null) {
            return null;
        }
        long[] handlers = new long[SIGNALS.length];
        for (int i = 0; i < SIGNALS.length; i++) {
            Memory action = new Memory(ACTION_BYTES);
            action.clear();
            LIBC.sigaction(SIGNALS[i], null, action);
            handlers[i] = Pointer.nativeValue(action.getPointer(0));
        }
        return handlers;
    }

    /** Runs {@code call}, which may go through Helm's install path, and puts the JVM's handlers back after it. */
    static <T> T kept(Supplier<T> call) {
        try {
            return call.get();
        } finally {
            if (SAVED != null) {
                for (int i = 0; i < SIGNALS.length; i++) {
                    LIBC.sigaction(SIGNALS[i], SAVED[i], null);
                }
            }
        }
    }
}
