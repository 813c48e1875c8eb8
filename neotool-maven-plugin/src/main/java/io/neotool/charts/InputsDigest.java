package io.neotool.charts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A SHA-256 over everything a goal's result depends on: the plugin's own build (its jar and its class path), the
 * goal's settings and the bytes of every input file. A goal whose inputs have the digest of
 * its last successful run may reuse that run's result (docs/performance.md): the same code on the same bytes checks and
 * writes the same things. Each part is written with its length, so that no two different sets of inputs run together
 * into the same stream.
 */
public final class InputsDigest {
    private static volatile Optional<String> pluginBuild;

    private final MessageDigest sha;

    /** A digest for {@code goal}, made by the plugin build {@code build} ({@link #pluginBuild()}). */
    public InputsDigest(String goal, String build) {
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        text("goal", goal).text("build", build);
    }

    /**
     * The plugin's build: the SHA-256 of the jar this class was loaded from, and of where each other jar of its class
     * path lies (path, size, time), so that a dependency the project's pom replaces in the plugin's
     * {@code <dependencies>} (another Helm) is another build. Empty when it or a class path entry is a directory of
     * classes (the plugin's own tests, an IDE, a module of the same reactor), whose results are then never reused.
     */
    public static Optional<String> pluginBuild() {
        Optional<String> build = pluginBuild;
        if (build == null) {
            build = buildDigest();
            pluginBuild = build;
        }
        return build;
    }

    private static Optional<String> buildDigest() {
        try {
            CodeSource source = InputsDigest.class.getProtectionDomain().getCodeSource();
            return source == null ? Optional.empty()
                    : buildDigest(Path.of(source.getLocation().toURI()), InputsDigest.class.getClassLoader());
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The build of the plugin jar {@code jar} loaded by {@code loader}; empty when {@code jar} is not a jar. */
    static Optional<String> buildDigest(Path jar, ClassLoader loader) {
        try {
            if (!Files.isRegularFile(jar) || !jar.toString().endsWith(".jar")) {
                return Optional.empty();
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(jar), sha)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            if (loader instanceof URLClassLoader urls) {
                for (URL url : urls.getURLs()) {
                    Path p = Path.of(url.toURI());
                    if (Files.isDirectory(p)) {
                        return Optional.empty(); // classes (a reactor module's target/classes): their size says nothing
                    }
                    if (!p.equals(jar)) {
                        sha.update((p + " " + Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis() + "\n")
                                .getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
            return Optional.of(HexFormat.of().formatHex(sha.digest()));
        } catch (IOException | URISyntaxException | NoSuchAlgorithmException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A named setting. */
    public InputsDigest text(String name, String value) {
        part(name);
        part(String.valueOf(value));
        return this;
    }

    /** A file's path (as given) and bytes. */
    public InputsDigest file(Path file) {
        part("file " + file);
        content(file);
        return this;
    }

    /** A file's bytes under a name of their own, wherever the file is. */
    public InputsDigest content(String name, Path file) {
        part(name);
        content(file);
        return this;
    }

    /** The tree at {@code dir}: its path, then its {@link #contents}. */
    public InputsDigest tree(Path dir) {
        part("tree " + dir);
        return contents(dir);
    }

    /**
     * Every file under {@code dir}, in the order of their paths relative to it, each with that path and its bytes;
     * directories with their path, so that an empty one counts too; the same wherever {@code dir} is. Links are read
     * as the files and directories they point to, as Helm reads them ({@link FileTrees#chartTree}).
     */
    public InputsDigest contents(Path dir) {
        List<Path> paths;
        try {
            paths = FileTrees.chartTree(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path p : paths) {
            String rel = FileTrees.slashed(dir.relativize(p));
            if (Files.isDirectory(p)) {
                part("dir " + rel);
            } else {
                part("file " + rel);
                content(p);
            }
        }
        return this;
    }

    /** The first 12 characters of a digest, to name it in a message. */
    public static String abbreviate(String hex) {
        return hex.substring(0, Math.min(12, hex.length()));
    }

    /** The digest, in hex. */
    public String hex() {
        return HexFormat.of().formatHex(sha.digest());
    }

    private void content(Path file) {
        try {
            part(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void part(String s) {
        part(s.getBytes(StandardCharsets.UTF_8));
    }

    private void part(byte[] bytes) {
        sha.update(java.nio.ByteBuffer.allocate(Long.BYTES).putLong(bytes.length).array());
        sha.update(bytes);
    }
}
