package io.neotool.charts.helm;

import com.marcnuri.helm.jni.HelmLib;
import com.marcnuri.helm.jni.NativeLibrary;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;

/**
 * Loads Helm's native library (some 100 MB, inflated from helm-java's platform jar) from a copy extracted once per
 * library version, instead of inflating it into a new temporary directory in every JVM as helm-java does: that costs
 * about half a second of CPU per build. helm-java finds this class through {@link ServiceLoader} ahead of its own
 * platform provider (the plugin's jar comes first on its class path), and this class hands everything but the
 * extraction to that provider.
 *
 * <p>The copy lives in the build's output directory, under {@code <dir>/<crc32>-<size>/} where {@code <dir>} is what
 * {@link #cacheIn(Path)} was given (the goals give {@code target/neotool/helm-java}: nothing outside the output
 * directory is written), named by the checksum and size the platform jar records for the library; it is written to a
 * temporary file and renamed into place, so a reader finds the whole file or none. A copy of another size is
 * replaced. Without a cache directory, or when the cache cannot be used (no platform provider, a read-only disk), the
 * library is extracted as helm-java does.
 *
 * <p>{@link #extractAhead(Path)} starts that extraction on a thread of its own from a goal's first moment, so that it
 * overlaps the goal's other start-up work (checking the charts, loading the lint's classes) instead of holding up the
 * first Helm call, which then only waits for what is left of it.
 *
 * <p>JNA, through which helm-java loads Helm, inflates a small native stub of its own when it is first used, into the
 * directory the system property {@code jna.tmpdir} names, else into {@code ~/.cache/JNA/temp}: outside the output
 * directory. {@link #loadJna()}, which every use of JNA in the plugin goes through first, points it at {@code jna}
 * in the cache directory for that moment only (unless the build set {@code jna.tmpdir} itself).
 */
public final class CachedNativeLibrary implements NativeLibrary {
    private static volatile Path cacheDirectory;
    /** The extraction into each cache directory started ahead of time: the copy, or null when it cannot be cached. */
    private static final Map<Path, CompletableFuture<Path>> AHEAD = new ConcurrentHashMap<>();

    /** The system property JNA reads for where to inflate its native stub. */
    static final String JNA_TMPDIR = "jna.tmpdir";

    private static boolean jnaLoaded;

    private NativeLibrary platform;

    /** Keeps the extracted library in {@code directory} (inside the build's output directory) from now on. */
    public static void cacheIn(Path directory) {
        cacheDirectory = directory.toAbsolutePath();
    }

    /**
     * Keeps the extracted library in {@code directory}, as {@link #cacheIn(Path)}, and starts extracting it there now
     * on a daemon thread unless a copy is already there or on its way; {@link #load()} waits for it.
     */
    public static void extractAhead(Path directory) {
        cacheIn(directory);
        // a copy made earlier in this JVM counts only while it is still there (a daemon JVM outlives a clean)
        AHEAD.compute(cacheDirectory, (dir, earlier) -> earlier != null && (!earlier.isDone() || present(earlier))
                ? earlier : CompletableFuture.supplyAsync(() -> {
                    loadJna();
                    return cachedCopy(dir);
                }, runnable -> {
                    Thread t = new Thread(runnable, "neotool-helm-library");
                    t.setDaemon(true);
                    t.start();
                }));
    }

    /**
     * Loads JNA's native stub, the first time it is called once a cache directory is known: inflated into {@code jna}
     * there, with {@code jna.tmpdir} set for that moment only, unless the build set it. Without a cache directory JNA
     * is left to load as it does (the core used outside a goal). A JNA that cannot load is left for helm-java's first
     * call to report.
     */
    /**
     * The C library's functions of {@code calls}, through JNA ({@link #loadJna} first); null on Windows, where the
     * plugin calls none, and when the library cannot be loaded.
     */
    static <T extends Library> T cLibrary(Class<T> calls) {
        loadJna(); // JNA's stub into the output directory
        if (Platform.isWindows()) {
            return null;
        }
        try {
            return Native.load(Platform.C_LIBRARY_NAME, calls);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return null;
        }
    }

    static synchronized void loadJna() {
        Path directory = cacheDirectory;
        if (jnaLoaded || directory == null) {
            return;
        }
        jnaLoaded = true;
        boolean ours = System.getProperty(JNA_TMPDIR) == null;
        try {
            if (ours) {
                Path stub = Files.createDirectories(directory.resolve("jna"));
                restrictToOwner(stub); // JNA loads what it finds there
                System.setProperty(JNA_TMPDIR, stub.toString());
            }
            Class.forName(Native.class.getName(), true, Native.class.getClassLoader());
        } catch (IOException | ClassNotFoundException | LinkageError e) {
            // JNA loads as it would have, or helm-java's first call says what is wrong
        } finally {
            if (ours) {
                System.clearProperty(JNA_TMPDIR);
            }
        }
    }

    private static boolean present(CompletableFuture<Path> copy) {
        Path file = copy.join();
        return file != null && Files.isRegularFile(file);
    }

    @Override
    public String getBinaryName() {
        return platform().getBinaryName();
    }

    @Override
    public HelmLib load() {
        loadJna();
        Path directory = cacheDirectory;
        Path cached = directory == null ? null : copyIn(directory);
        if (cached == null) {
            NativeLibrary provider;
            try {
                provider = platform();
            } catch (IllegalStateException e) { // no library of this platform among the dependencies
                throw failed("none for this platform", new UnsatisfiedLinkError(e.getMessage()));
            }
            try {
                return provider.load();
            } catch (LinkageError e) {
                throw failed("helm-java's " + provider.getBinaryName(), e);
            }
        }
        HelmLib lib = loadFrom(cached);
        // as helm-java's own load does: registries' test servers it may have started are stopped with the JVM
        Runtime.getRuntime().addShutdownHook(new Thread(lib::RepoServerStopAll));
        return lib;
    }

    /** The library at {@code file}, or an error that says what the machine lacks. */
    static HelmLib loadFrom(Path file) {
        try {
            return Native.load(file.toString(), HelmLib.class);
        } catch (LinkageError e) {
            throw failed(file.toString(), e);
        }
    }

    /**
     * Why Helm's library did not load, kept: helm-java loads it once per JVM, in a class's initialiser, and every later
     * call meets only "Could not initialize class"; the goals report this instead ({@link #loadFailure()}).
     */
    private static UnsatisfiedLinkError failed(String library, LinkageError e) {
        UnsatisfiedLinkError clear = new UnsatisfiedLinkError("Helm's native library (" + library + ") does not load "
                + "on this machine (" + System.getProperty("os.name") + " " + System.getProperty("os.arch") + "): "
                + e.getMessage() + ". The build runs on Linux on amd64 with glibc 2.34 or later (Debian 12, Ubuntu "
                + "22.04, RHEL 9 and later; not musl, as on Alpine), macOS on amd64 and arm64, and Windows on amd64: build "
                + "there");
        clear.initCause(e);
        loadFailure = clear;
        return clear;
    }

    private static volatile UnsatisfiedLinkError loadFailure;

    /** Why Helm's native library did not load in this JVM, or null (loaded, or not tried). */
    public static UnsatisfiedLinkError loadFailure() {
        return loadFailure;
    }

    /**
     * The copy in {@code directory}: the one {@link #extractAhead} made (waiting for it), else made now; null when it
     * cannot be cached.
     */
    static Path copyIn(Path directory) {
        CompletableFuture<Path> ahead = AHEAD.get(directory.toAbsolutePath());
        return ahead != null && present(ahead) ? ahead.join() : cachedCopy(directory.toAbsolutePath());
    }

    private synchronized NativeLibrary platform() {
        if (platform == null) {
            platform = platformProvider();
        }
        if (platform == null) {
            throw new IllegalStateException("No Helm native library for this platform (os.name " + System.getProperty("os.name")
                    + ", os.arch " + System.getProperty("os.arch") + ") among the plugin's dependencies");
        }
        return platform;
    }

    /** The copy of this platform's library in {@code directory}, made if missing; null when it cannot be cached. */
    private static Path cachedCopy(Path directory) {
        try {
            NativeLibrary provider = platformProvider();
            URL resource = provider == null ? null : provider.getClass().getResource("/" + provider.getBinaryName());
            return resource == null ? null : cached(resource, provider.getBinaryName(), directory);
        } catch (RuntimeException | ServiceConfigurationError e) {
            return null; // extracted as helm-java does, which then says what is wrong
        }
    }

    /** helm-java's own provider for this platform: the first one that is not this class. */
    private static NativeLibrary platformProvider() {
        return ServiceLoader.load(NativeLibrary.class, CachedNativeLibrary.class.getClassLoader()).stream()
                .filter(p -> p.type() != CachedNativeLibrary.class).findFirst().map(ServiceLoader.Provider::get).orElse(null);
    }

    /**
     * The extracted copy, under {@code cache}, of the library at {@code resource} (an entry of a jar), made if missing;
     * null when it cannot be cached.
     */
    static Path cached(URL resource, String binaryName, Path cache) {
        try {
            URLConnection connection = resource.openConnection();
            if (!(connection instanceof JarURLConnection jar)) {
                return null;
            }
            JarEntry entry = jar.getJarEntry();
            if (entry.getSize() < 0 || entry.getCrc() < 0) {
                return null;
            }
            Path dir = cache.resolve(Long.toHexString(entry.getCrc()) + "-" + entry.getSize());
            Path file = dir.resolve(binaryName);
            // the checksum the jar records, not the size alone: a copy corrupted, or a file of that size another tool left
            // there (a restored cache of target/) is extracted again. CRC-32 is no defence against a file made to match
            // it: whoever may write target/ may change the build in other ways too
            if (Files.isRegularFile(file) && Files.size(file) == entry.getSize() && crc32(file) == entry.getCrc()) {
                return file;
            }
            Files.createDirectories(dir);
            restrictToOwner(cache);
            removeAbandonedCopies(dir, binaryName);
            Path tmp = Files.createTempFile(dir, binaryName, TMP_SUFFIX);
            // a JVM that ends while the copy is written (a goal that replayed its last result and never called Helm)
            // deletes the part; one killed leaves it to removeAbandonedCopies
            Thread deletePart = new Thread(() -> deleteQuietly(tmp), "neotool-helm-library-cleanup");
            try (InputStream in = resource.openStream()) {
                Runtime.getRuntime().addShutdownHook(deletePart); // refused once the JVM is ending: then no copy at all
                copy(in, tmp);
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    return null;
                }
            } finally {
                Files.deleteIfExists(tmp);
                try {
                    Runtime.getRuntime().removeShutdownHook(deletePart);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs anyway, and finds nothing to delete
                }
            }
            return Files.size(file) == entry.getSize() ? file : null;
        } catch (IOException | UncheckedIOException | SecurityException | UnsupportedOperationException | IllegalStateException e) {
            return null;
        }
    }

    /** The CRC-32 of {@code file}'s bytes (about 50 ms for the 98 MB library, read from the page cache). */
    static long crc32(Path file) throws IOException {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                crc.update(buffer, 0, n);
            }
        }
        return crc.getValue();
    }

    private static final String TMP_SUFFIX = ".tmp";
    /** A part older than this is no other JVM's copy in progress (one takes a second or two). */
    static final java.time.Duration ABANDONED_AFTER = java.time.Duration.ofMinutes(2);

    /** Deletes the parts of copies a killed JVM left in {@code dir}: each close to 100 MB. */
    static void removeAbandonedCopies(Path dir, String binaryName) throws IOException {
        java.time.Instant before = java.time.Instant.now().minus(ABANDONED_AFTER);
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path part : files.filter(p -> p.getFileName().toString().startsWith(binaryName)
                    && p.getFileName().toString().endsWith(TMP_SUFFIX)).toList()) {
                if (Files.getLastModifiedTime(part).toInstant().isBefore(before)) {
                    deleteQuietly(part);
                }
            }
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // left for the next run
        }
    }

    /**
     * Inflates {@code in} into {@code file} through a buffer of {@value #BUFFER} bytes: a fifth less CPU than the 8 KiB
     * of {@link Files#copy(InputStream, Path, java.nio.file.CopyOption...)} for the 98 MB library.
     */
    private static void copy(InputStream in, Path file) throws IOException {
        byte[] buffer = new byte[BUFFER];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
        }
    }

    private static final int BUFFER = 1 << 20;

    private static void restrictToOwner(Path dir) throws IOException {
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the permissions of the directory above apply
        }
    }
}
