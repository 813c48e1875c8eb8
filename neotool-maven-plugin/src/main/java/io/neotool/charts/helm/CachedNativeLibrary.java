package io.neotool.charts.helm;

import com.marcnuri.helm.jni.HelmLib;
import com.marcnuri.helm.jni.NativeLibrary;
import com.sun.jna.Native;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ServiceLoader;
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
 */
public final class CachedNativeLibrary implements NativeLibrary {
    private static volatile Path cacheDirectory;

    private NativeLibrary platform;

    /** Keeps the extracted library in {@code directory} (inside the build's output directory) from now on. */
    public static void cacheIn(Path directory) {
        cacheDirectory = directory.toAbsolutePath();
    }

    @Override
    public String getBinaryName() {
        return platform().getBinaryName();
    }

    @Override
    public HelmLib load() {
        NativeLibrary provider = platform();
        URL resource = provider.getClass().getResource("/" + provider.getBinaryName());
        Path directory = cacheDirectory;
        Path cached = resource == null || directory == null ? null : cached(resource, provider.getBinaryName(), directory);
        if (cached == null) {
            return provider.load();
        }
        HelmLib lib = Native.load(cached.toString(), HelmLib.class);
        // as helm-java's own load does: registries' test servers it may have started are stopped with the JVM
        Runtime.getRuntime().addShutdownHook(new Thread(lib::RepoServerStopAll));
        return lib;
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
            if (Files.isRegularFile(file) && Files.size(file) == entry.getSize()) {
                return file;
            }
            Files.createDirectories(dir);
            restrictToOwner(cache);
            Path tmp = Files.createTempFile(dir, binaryName, ".tmp");
            try (InputStream in = resource.openStream()) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    return null;
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            return Files.size(file) == entry.getSize() ? file : null;
        } catch (IOException | UncheckedIOException | SecurityException | UnsupportedOperationException e) {
            return null;
        }
    }

    private static void restrictToOwner(Path dir) throws IOException {
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the permissions of the directory above apply
        }
    }
}
