package io.neotool.charts.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import com.sun.jna.Platform;
import io.neotool.charts.BuildLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Helm's own log lines (Go's log package, descriptor 2) go to the build log at debug, not to the console. */
class NativeStderrTest {
    @TempDir
    Path dir;

    @Test
    void helmLintsMissingRequiredValueLinesGoToDebug() throws IOException {
        Assumptions.assumeFalse(Platform.isWindows(), "Go does not write through descriptor 2 on Windows");
        Helm.create().withName("demo").withDir(dir).call();
        Path chart = dir.resolve("demo");
        Files.writeString(chart.resolve("templates/configmap.yaml"),
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: {{ required \"demo: set greeting\" .Values.greeting | quote }}\n");
        List<String> debug = new ArrayList<>();
        List<String> other = new ArrayList<>();
        BuildLog log = new BuildLog() {
            public void info(String m) { other.add(m); }
            public void warn(String m) { other.add(m); }
            public void debug(String m) { debug.add(m); }
        };
        for (int run = 1; run <= 2; run++) { // twice: the descriptor was restored and can be taken again
            debug.clear();
            NativeStderr.capture(dir, () -> new HelmClient().lint(chart), "helm lint demo: ", log);
            assertEquals(1, debug.stream().filter(l -> l.startsWith("helm lint demo: ")
                    && l.contains("[INFO] Missing required value: demo: set greeting")).count(), "run " + run + ": " + debug);
        }
        assertTrue(other.isEmpty(), other.toString());
    }

    /**
     * Two copies of the class in one JVM, as two class realms of one build load them (modules that declare the plugin
     * with other dependencies, built in parallel): their captures take turns, so that descriptor 2 ends where it
     * started. Overlapping, the second's restore would leave it on the first's deleted file for the rest of the build.
     */
    @Test
    void twoClassLoadersCopiesTakeTurnsWithTheProcesssDescriptor() throws Exception {
        Path fd2 = Path.of("/proc/self/fd/2");
        Assumptions.assumeTrue(Files.isSymbolicLink(fd2), "a /proc file system");
        Method first = isolatedCopy().getMethod("capture", Path.class, Supplier.class, String.class, BuildLog.class);
        Method second = isolatedCopy().getMethod("capture", Path.class, Supplier.class, String.class, BuildLog.class);
        assertNotSame(first.getDeclaringClass(), second.getDeclaringClass());
        BuildLog quiet = new BuildLog() {
            public void info(String m) {}
            public void warn(String m) {}
            public void debug(String m) {}
        };
        Path before = Files.readSymbolicLink(fd2);
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Object> longer = CompletableFuture.supplyAsync(() -> invoke(first, quiet, () -> {
            started.countDown();
            return pause(200);
        }));
        started.await();
        invoke(second, quiet, () -> pause(500)); // would restore after the first, to the first's file
        longer.join();
        assertEquals(before, Files.readSymbolicLink(fd2));
    }

    private Object invoke(Method capture, BuildLog log, Supplier<Object> call) {
        try {
            return capture.invoke(null, dir, call, "", log);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    /** NativeStderr (and the JNA loader it calls) defined again by a class loader of its own, the rest shared. */
    private static Class<?> isolatedCopy() throws ClassNotFoundException {
        ClassLoader parent = NativeStderr.class.getClassLoader();
        ClassLoader realm = new ClassLoader("realm", parent) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (!name.startsWith(NativeStderr.class.getName()) && !name.startsWith(CachedNativeLibrary.class.getName())) {
                    return super.loadClass(name, resolve);
                }
                synchronized (getClassLoadingLock(name)) {
                    Class<?> loaded = findLoadedClass(name);
                    if (loaded != null) {
                        return loaded;
                    }
                    try (var in = parent.getResourceAsStream(name.replace('.', '/') + ".class")) {
                        byte[] bytes = in.readAllBytes();
                        return defineClass(name, bytes, 0, bytes.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
            }
        };
        return Class.forName(NativeStderr.class.getName(), true, realm);
    }
}
