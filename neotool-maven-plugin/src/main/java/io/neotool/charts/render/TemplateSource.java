package io.neotool.charts.render;

import io.neotool.charts.FileTrees;
import io.neotool.charts.InputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The chart templates, by path relative to the templates root ({@code umbrella/Chart.yaml.peb}, ...): the copy
 * packaged inside the plugin, with a project's own {@code charts-src/templates} laid over it file by file
 * ({@link #overlay}).
 */
public final class TemplateSource {
    /** Where the plugin jar carries the templates. */
    static final String CLASSPATH_ROOT = "neotool/templates/";
    /** An empty project file {@code <path>.delete} removes the packaged file or directory {@code <path>}. */
    public static final String DELETE_SUFFIX = ".delete";

    private final String origin;
    private final Map<String, byte[]> files;
    /** The project directory laid over these templates, and the paths it provides; none for plain sources. */
    private final Path overlayDir;
    private final Set<String> overlaid;

    private TemplateSource(String origin, Map<String, byte[]> files) {
        this(origin, files, null, Set.of());
    }

    private TemplateSource(String origin, Map<String, byte[]> files, Path overlayDir, Set<String> overlaid) {
        this.origin = origin;
        this.files = files;
        this.overlayDir = overlayDir;
        this.overlaid = overlaid;
    }

    /** Where one template comes from, for messages: the project's file, or the plugin's packaged one. */
    public String describe(String path) {
        if (overlaid.contains(path)) {
            return overlayDir.resolve(path).toString();
        }
        return overlayDir == null && !origin.startsWith("the plugin") ? origin + "/" + path : path + " in " + origin;
    }

    /** Where the templates come from, for messages. */
    public String origin() {
        return origin;
    }

    /** Relative path to content, sorted by path. */
    public Map<String, byte[]> files() {
        return files;
    }

    /**
     * These templates with the project's directory laid over them: a project file adds a template or replaces
     * the one at the same path; an empty {@code <path>.delete} removes the file at {@code <path>}, or every file
     * below the directory {@code <path>}. A marker that removes nothing, or that sits beside a file it would
     * remove, is refused: it is a typo or a contradiction.
     */
    public TemplateSource overlay(Path dir) throws IOException {
        TemplateSource own = directory(dir);
        Map<String, byte[]> merged = new TreeMap<>(files);
        for (Map.Entry<String, byte[]> file : own.files.entrySet()) {
            String path = file.getKey();
            if (!path.endsWith(DELETE_SUFFIX)) {
                // it also replaces the packaged file that renders to the same chart file, Pebble or not (a project's
                // x.yaml exported before the plugin's became x.yaml.peb, or the other way round), unless the project
                // deletes that one with a marker of its own
                String twin = twin(path);
                if (!own.files.containsKey(twin) && !own.files.containsKey(twin + DELETE_SUFFIX)) {
                    merged.remove(twin);
                }
                merged.put(path, file.getValue());
                continue;
            }
            String target = path.substring(0, path.length() - DELETE_SUFFIX.length());
            Path marker = dir.resolve(path);
            if (file.getValue().length > 0) {
                throw new InputException(marker + " is a delete marker (its name ends in " + DELETE_SUFFIX
                        + ") but is not empty; empty it to delete " + target + " from " + origin
                        + ", or rename it if it is a template");
            }
            if (own.files.keySet().stream().anyMatch(p -> p.equals(target) || p.startsWith(target + "/"))) {
                throw new InputException(marker + " deletes " + target + ", which " + dir
                        + " also provides; remove one of the two");
            }
            boolean removed = merged.keySet().removeIf(p -> p.equals(target) || p.startsWith(target + "/"));
            if (!removed) {
                throw new InputException(marker + " deletes " + target + ", but " + origin
                        + " have no such file or directory; fix the name (paths are relative to " + dir
                        + ", e.g. umbrella/templates/NOTES.txt.peb.delete) or remove the marker");
            }
        }
        Set<String> provided = new TreeSet<>(own.files.keySet());
        provided.removeIf(p -> p.endsWith(DELETE_SUFFIX));
        return new TemplateSource(dir + " over " + origin, merged, dir, provided);
    }

    /** The other template that renders to the same chart file: {@code x.peb} for {@code x}, {@code x} for {@code x.peb}. */
    static String twin(String path) {
        return path.endsWith(ChartRenderer.PEBBLE_SUFFIX)
                ? path.substring(0, path.length() - ChartRenderer.PEBBLE_SUFFIX.length()) : path + ChartRenderer.PEBBLE_SUFFIX;
    }

    public static TemplateSource directory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new InputException("template directory " + dir + (Files.exists(dir) ? " is not a directory" : " does not exist")
                    + "; point neotool.templates at a directory of chart templates, or leave it unset to use the plugin's own");
        }
        Map<String, byte[]> files = new TreeMap<>();
        // through links, as the user sees the directory (a team's templates linked in from a shared checkout): a link
        // loop, a link to nothing (but an editor's lock file) or a special file is refused
        for (Path p : FileTrees.templateTree(dir)) {
            // a temporary file of an export killed while it wrote is no template (the next export removes it)
            if (Files.isRegularFile(p) && !FileTrees.leftOver(p)) {
                files.put(FileTrees.slashed(dir.relativize(p)), Files.readAllBytes(p));
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

    /**
     * The bytes as text with LF line ends (a byte that is not UTF-8 kept as its own character, so none is lost): a
     * template or spec checked out with CRLF line ends (Git's core.autocrlf) reads as the same text.
     */
    public static String lf(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
    }
}
