package io.neotool.charts.render;

import io.neotool.charts.InputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The chart templates, by path relative to the templates root ({@code umbrella/Chart.yaml.peb}, ...): a
 * project's own {@code charts-src/templates} directory, or the copy packaged inside the plugin.
 */
public final class TemplateSource {
    /** Where the plugin jar carries the templates. */
    static final String CLASSPATH_ROOT = "neotool/templates/";

    private final String origin;
    private final Map<String, byte[]> files;

    private TemplateSource(String origin, Map<String, byte[]> files) {
        this.origin = origin;
        this.files = files;
    }

    /** Where the templates come from, for messages. */
    public String origin() {
        return origin;
    }

    /** Relative path to content, sorted by path. */
    public Map<String, byte[]> files() {
        return files;
    }

    public static TemplateSource directory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new InputException("template directory " + dir + " does not exist; point neotool.templates at a "
                    + "directory of chart templates, or leave it unset to use the plugin's own");
        }
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
                files.put(dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        }
        return new TemplateSource(dir.toString(), files);
    }

    /** The templates packaged in the plugin jar (or in target/classes when run from the build). */
    public static TemplateSource classpath() throws IOException {
        URL root = TemplateSource.class.getClassLoader().getResource(CLASSPATH_ROOT);
        if (root == null) {
            throw new IllegalStateException("the plugin has no packaged templates at " + CLASSPATH_ROOT);
        }
        if (root.getProtocol().equals("file")) {
            try {
                TemplateSource dir = directory(Path.of(root.toURI()));
                return new TemplateSource("the plugin's templates", dir.files);
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        Map<String, byte[]> files = new TreeMap<>();
        JarURLConnection connection = (JarURLConnection) root.openConnection();
        connection.setUseCaches(false);
        try (JarFile jar = connection.getJarFile()) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (!entry.isDirectory() && entry.getName().startsWith(CLASSPATH_ROOT)) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        files.put(entry.getName().substring(CLASSPATH_ROOT.length()), in.readAllBytes());
                    }
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new TemplateSource("the plugin's templates", files);
    }
}
