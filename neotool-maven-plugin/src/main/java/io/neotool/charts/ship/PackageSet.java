package io.neotool.charts.ship;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neotool.charts.FileTrees;
import io.neotool.charts.InputException;
import io.neotool.charts.InputsDigest;
import io.neotool.charts.helm.ChartDirectories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The set of archives one {@code neotool:package} run produced, in its output directory: every
 * {@code <chart>-<version>.tgz} with its {@code .sha256}, and {@value #INDEX} listing each chart's name,
 * version, file, sha256 and source directory, and the charts directory it packaged.
 *
 * <p>Written atomically: the set is built in a directory beside the output ({@code .<output>.staging-*}),
 * the index last, then the old output is renamed away and the staged one renamed into place. A reader
 * sees the old set or the new one; a kill between the two renames leaves no output directory but the
 * staged set beside it, which {@link #read} reports (run package again) and the next package removes.
 *
 * <p>{@link #read} is what push trusts: it refuses a set that is incomplete (a file missing or changed,
 * an archive the index does not list, no index) or no longer matches the charts' current versions.
 */
public final class PackageSet {
    public static final String INDEX = "package-index.json";
    /** The index's digest of what the set was packaged from ({@link ChartPackager}). */
    private static final String INPUTS = "inputs";
    /** An archive's entry in the index: the digest of the chart directory it was packaged from ({@link #sourceDigest}). */
    private static final String SOURCE_DIGEST = "sourceDigest";
    private static final String STAGING = ".staging-";
    private static final String OLD = ".old-";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PackageSet() {}

    /** A new set being built beside {@code output}; {@link #commit} puts it in place, {@link #close} drops it if not. */
    public static final class Staging implements AutoCloseable {
        private final Path output;
        private final Path dir;
        private final Map<Path, String> sourceDigests = new HashMap<>();
        private boolean committed;

        private Staging(Path output, Path dir) {
            this.output = output;
            this.dir = dir;
        }

        /** Where the archives go until {@link #commit}. */
        public Path dir() {
            return dir;
        }

        /**
         * Takes the digest of each chart directory now, before it is packaged, for the index: a chart edited while it
         * is packaged (or while the lint runs beside) then makes the set out of date instead of passing for current.
         */
        public void packagingFrom(List<Path> sources) {
            sources.forEach(source -> sourceDigests.put(source, sourceDigest(source)));
        }

        /**
         * Writes each archive's .sha256 and the index (last), then replaces the output directory with this
         * one. {@code charts} hold archives in {@link #dir()}; {@code sources} the chart directory of each.
         * Returns the charts with their archives at their final place.
         */
        public List<PackagedChart> commit(Path chartsRoot, List<PackagedChart> charts, List<Path> sources) throws IOException {
            return commit(chartsRoot, charts, sources, Optional.empty());
        }

        /** As {@link #commit(Path, List, List)}, with the digest of the package's inputs in the index when known. */
        public List<PackagedChart> commit(Path chartsRoot, List<PackagedChart> charts, List<Path> sources, Optional<String> inputs)
                throws IOException {
            ObjectNode index = JSON.createObjectNode();
            // paths relative to the set, so that a workspace moved or copied whole (a CI job's next stage) keeps it
            index.put("charts", relative(chartsRoot));
            inputs.ifPresent(i -> index.put(INPUTS, i));
            ArrayNode archives = index.putArray("archives");
            List<PackagedChart> placed = new ArrayList<>();
            for (int i = 0; i < charts.size(); i++) {
                PackagedChart chart = charts.get(i);
                String file = chart.archive().getFileName().toString();
                Files.writeString(dir.resolve(file + ".sha256"), checksumLine(chart.sha256(), file), StandardCharsets.UTF_8);
                archives.addObject().put("name", chart.name()).put("version", chart.version()).put("file", file)
                        .put("sha256", chart.sha256()).put("source", relative(sources.get(i)))
                        .put(SOURCE_DIGEST, sourceDigests.computeIfAbsent(sources.get(i), PackageSet::sourceDigest));
                placed.add(new PackagedChart(chart.name(), chart.version(), output.resolve(file), chart.sha256()));
            }
            JSON.writeValue(dir.resolve(INDEX).toFile(), index);
            Path old = null;
            if (Files.exists(output)) {
                old = sibling(output, OLD + UUID.randomUUID());
                try {
                    Files.move(output, old, StandardCopyOption.ATOMIC_MOVE);
                } catch (java.nio.file.FileSystemException e) {
                    if (Files.exists(output) && !Files.exists(old)) { // nothing moved: a mount point cannot be renamed
                        throw new InputException("The package output " + output + " cannot be renamed (" + e.getReason()
                                + "; a mount point, such as a container's volume, cannot): package replaces the directory as "
                                + "a whole; point neotool.package.output at a directory inside it. The previous set is "
                                + "untouched.", e);
                    }
                    throw e;
                }
            }
            Files.move(dir, output, StandardCopyOption.ATOMIC_MOVE);
            committed = true;
            if (old != null) {
                FileTrees.deleteTree(old);
            }
            return placed;
        }

        /** {@code path} relative to the output directory, in '/' form. */
        private String relative(Path path) {
            return output.relativize(path.toAbsolutePath().normalize()).toString().replace('\\', '/');
        }

        @Override
        public void close() throws IOException {
            if (!committed) {
                FileTrees.deleteTree(dir);
            }
        }
    }

    /**
     * The set in {@code output} when its index says it was packaged from inputs with the digest {@code inputs} and it is
     * complete and unchanged ({@link #read}); empty otherwise.
     */
    public static Optional<List<PackagedChart>> packagedFrom(Path output, String inputs) {
        Path index = output.resolve(INDEX);
        try {
            if (!Files.isRegularFile(index) || !inputs.equals(JSON.readTree(index.toFile()).path(INPUTS).asText())) {
                return Optional.empty();
            }
            List<PackagedChart> set = read(output);
            return set.isEmpty() ? Optional.empty() : Optional.of(set);
        } catch (IOException | InputException e) {
            return Optional.empty();
        }
    }

    /**
     * Refuses an output that is a file, or a directory holding anything package does not write there (it is replaced as
     * a whole): an archive is package's only when the set's index lists it and that set was packaged from
     * {@code chartsRoot} (another project's set, a third-party chart or a release copied there are not).
     */
    public static void requireOwnDirectory(Path output, Path chartsRoot) throws IOException {
        if (Files.isSymbolicLink(output)) {
            // the set is swapped in by renaming the directory: the link would be replaced and its target left as it was
            throw new InputException("The package output " + output + " is a link (to " + Files.readSymbolicLink(output)
                    + "): package replaces the directory as a whole, which would replace the link; point "
                    + "neotool.package.output at the directory itself.");
        }
        if (Files.isDirectory(output)) {
            Set<String> listed = listedArchives(output, chartsRoot);
            List<String> foreign = new ArrayList<>();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(output)) {
                for (Path file : files) {
                    String name = file.getFileName().toString();
                    boolean archive = name.endsWith(".tgz") || name.endsWith(".tgz.sha256");
                    if (!ours(file) || archive && !listed.contains(name.replaceFirst("\\.sha256$", ""))) {
                        foreign.add(name);
                    }
                }
            }
            if (!foreign.isEmpty()) {
                foreign.sort(null);
                throw new InputException("The package output directory " + output + " holds files neotool:package did not write: "
                        + String.join(", ", foreign.subList(0, Math.min(5, foreign.size())))
                        + (foreign.size() > 5 ? " (and " + (foreign.size() - 5) + " more)" : "")
                        + ". package replaces that directory as a whole: point " + "neotool.package.output at a directory of its own"
                        + " (default target/helm).");
            }
        } else if (Files.exists(output)) {
            throw new InputException("The package output " + output + " is a file, not a directory: set neotool.package.output to a directory.");
        }
    }

    /**
     * Starts a new set for {@code output}. Removes what an interrupted package left beside it; refuses an
     * output directory holding anything package does not write there (it is replaced as a whole).
     */
    public static Staging stage(Path output, Path chartsRoot) throws IOException {
        output = output.toAbsolutePath().normalize();
        Files.createDirectories(output.getParent());
        for (Path leftover : leftovers(output)) {
            FileTrees.deleteTree(leftover);
        }
        requireOwnDirectory(output, chartsRoot);
        // not createTempDirectory, which is 0700: the set keeps the permissions of any directory the build makes
        return new Staging(output, Files.createDirectory(output.getParent().resolve("." + output.getFileName() + STAGING
                + UUID.randomUUID())));
    }

    /**
     * The complete, current set in {@code output}, sorted by name and version; empty when there is no set
     * and no sign of one. Fails, naming every problem and saying to run {@code neotool:package}, when the
     * set is partial or does not match the charts' current versions.
     */
    public static List<PackagedChart> read(Path output) throws IOException {
        output = output.toAbsolutePath().normalize();
        String rerun = " Run neotool:package, then push again.";
        if (!Files.isDirectory(output)) {
            if (!leftovers(output).isEmpty()) {
                throw new InputException("No package set in " + output + ", but an interrupted neotool:package left "
                        + leftovers(output).get(0).getFileName() + " beside it." + rerun);
            }
            return List.of();
        }
        Path indexFile = output.resolve(INDEX);
        List<String> archivesOnDisk = archives(output);
        if (!Files.isRegularFile(indexFile)) {
            if (archivesOnDisk.isEmpty()) {
                return List.of();
            }
            throw new InputException(output + " holds chart archives (" + String.join(", ", archivesOnDisk) + ") but no " + INDEX
                    + ": it is not a complete package set (an interrupted or older neotool:package, or archives copied in by hand)." + rerun);
        }
        JsonNode index;
        try {
            index = JSON.readTree(indexFile.toFile());
        } catch (IOException e) {
            throw new InputException(indexFile + " is not valid JSON (" + e.getMessage() + ")." + rerun, e);
        }
        List<String> problems = new ArrayList<>();
        List<PackagedChart> charts = new ArrayList<>();
        Map<String, String> packaged = new LinkedHashMap<>(); // name -> version
        for (JsonNode entry : index.path("archives")) {
            String name = entry.path("name").asText();
            String version = entry.path("version").asText();
            String file = entry.path("file").asText();
            String sha256 = entry.path("sha256").asText();
            Path archive = output.resolve(file);
            packaged.put(name, version);
            if (file.contains("/") || file.contains("\\") || file.equals("..")) {
                problems.add("archive " + file + " (chart " + name + " " + version + ") listed in " + INDEX + " is not a file "
                        + "name of this directory: an index names its archives by file name only");
                continue;
            }
            if (file.isEmpty() || !Files.isRegularFile(archive)) {
                problems.add("archive " + file + " (chart " + name + " " + version + ") listed in " + INDEX + " is missing");
                continue;
            }
            if (!ChartPackager.sha256(archive).equals(sha256)) {
                problems.add("archive " + file + " changed since it was packaged (its sha256 is not the one in " + INDEX + ")");
                continue;
            }
            Path checksum = output.resolve(file + ".sha256");
            if (!Files.isRegularFile(checksum) || !Files.readString(checksum, StandardCharsets.UTF_8).equals(checksumLine(sha256, file))) {
                problems.add(checksum.getFileName() + " is missing or is not the sha256 of " + file + " in " + INDEX);
            }
            archivesOnDisk.remove(file);
            charts.add(new PackagedChart(name, version, archive, sha256));
            Path source = output.resolve(entry.path("source").asText()).normalize(); // relative to the set, or absolute (older sets)
            String current = currentVersion(source, name, problems);
            if (current != null && !current.equals(version)) {
                problems.add("chart " + name + " is at version " + current + " in " + source.resolve("Chart.yaml")
                        + " but was packaged as " + version);
            } else if (current != null && entry.has(SOURCE_DIGEST) && !entry.path(SOURCE_DIGEST).asText().equals(sourceDigest(source))) {
                problems.add("chart " + name + " in " + source + " changed since it was packaged as " + file
                        + " (a later neotool:generate, or a neotool:package that failed and kept the last set)");
            }
        }
        for (String stray : archivesOnDisk) {
            problems.add("archive " + stray + " is not listed in " + INDEX);
        }
        String root = index.path("charts").asText();
        if (!root.isEmpty()) {
            for (Path chart : ChartDirectories.find(output.resolve(root).normalize())) {
                String name = chartYaml(chart).get("name");
                if (name != null && !packaged.containsKey(name)) {
                    problems.add("chart " + name + " in " + chart + " is not in the package set");
                }
            }
        }
        if (charts.isEmpty() && problems.isEmpty()) {
            problems.add(INDEX + " lists no archive");
        }
        if (!problems.isEmpty()) {
            // the charts it was packaged from, for a project whose package set another configuration wrote (a module
            // whose lifecycle packages charts the command line's defaults do not name)
            String from = root.isEmpty() ? "" : " It was packaged from " + output.resolve(root).normalize() + ": package them "
                    + "again the way this set was made (for a set a lifecycle binding wrote, mvn package in its project), or "
                    + "remove " + output + " if nothing should push it.";
            throw new InputException("The package set in " + output + " is incomplete or out of date: " + String.join("; ", problems)
                    + "." + rerun + from);
        }
        charts.sort(Comparator.comparing(PackagedChart::name).thenComparing(PackagedChart::version));
        return charts;
    }

    /** An archive's .sha256 file, as sha256sum writes it (sha256sum -c reads it back). */
    private static String checksumLine(String sha256, String file) {
        return sha256 + "  " + file + "\n";
    }

    /** The digest of every file of a chart's directory, as it was packaged: the set is out of date once it differs. */
    private static String sourceDigest(Path chart) {
        return new InputsDigest("chart", "").contents(chart.toAbsolutePath().normalize()).hex();
    }

    private static String currentVersion(Path source, String name, List<String> problems) {
        if (!Files.isRegularFile(source.resolve("Chart.yaml"))) {
            problems.add("chart " + name + " was packaged from " + source + ", which has no Chart.yaml any more");
            return null;
        }
        Map<String, String> chart = chartYaml(source);
        if (!name.equals(chart.get("name"))) {
            problems.add("chart " + source + " is now named " + chart.get("name") + ", not " + name);
            return null;
        }
        return chart.get("version");
    }

    private static Map<String, String> chartYaml(Path chart) {
        try {
            Object doc = new Yaml(new LoaderOptions()).load(Files.readString(chart.resolve("Chart.yaml")));
            Map<String, String> result = new LinkedHashMap<>();
            if (doc instanceof Map<?, ?> map) {
                for (String key : List.of("name", "version")) {
                    if (map.get(key) != null) {
                        result.put(key, String.valueOf(map.get(key)));
                    }
                }
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw new InputException(chart.resolve("Chart.yaml") + " is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    /**
     * The archives package may replace in {@code output}: those the set's index there lists, when that set was packaged
     * from {@code chartsRoot}, a chart of it or the directory holding it (-Dneotool.charts=helm/<chart> packages one
     * chart of the same tree), and those it is about to write (each chart of {@code chartsRoot} at its version: a set
     * whose index is gone). Not an archive of another tree's set, a third-party chart or a release of another version.
     */
    private static Set<String> listedArchives(Path output, Path chartsRoot) {
        Path index = output.resolve(INDEX);
        Set<String> listed = new java.util.HashSet<>();
        try {
            for (Path chart : ChartDirectories.find(chartsRoot)) {
                Map<String, String> meta = chartYaml(chart);
                listed.add(meta.get("name") + "-" + meta.get("version") + ".tgz");
            }
        } catch (RuntimeException e) {
            // charts that cannot be read are the packaging's to report
        }
        try {
            JsonNode tree = Files.isRegularFile(index) ? JSON.readTree(index.toFile()) : null;
            Path ours = chartsRoot.toAbsolutePath().normalize();
            Path theirs = tree == null ? null : output.toAbsolutePath().normalize().resolve(tree.path("charts").asText()).normalize();
            if (theirs != null && (ours.startsWith(theirs) || theirs.startsWith(ours))) {
                tree.path("archives").forEach(a -> listed.add(a.path("file").asText()));
            }
        } catch (IOException | RuntimeException e) {
            // an index that cannot be read lists nothing: its archives are refused, not deleted
        }
        return listed;
    }

    private static boolean ours(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file) && (name.endsWith(".tgz") || name.endsWith(".tgz.sha256") || name.equals(INDEX)
                || name.equals(PushReport.FILE) || (name.startsWith("." + PushReport.FILE) && name.endsWith(".tmp"))
                // the lock file earlier versions kept inside the set; the set's lock now sits beside it
                || name.equals(io.neotool.charts.DirectoryLock.FILE));
    }

    private static List<String> archives(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.tgz")) {
            files.forEach(f -> names.add(f.getFileName().toString()));
        }
        return new ArrayList<>(new TreeSet<>(names));
    }

    /** Directories an interrupted package left beside {@code output}. */
    private static List<Path> leftovers(Path output) throws IOException {
        Path parent = output.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return List.of();
        }
        String prefix = "." + output.getFileName();
        try (Stream<Path> siblings = Files.list(parent)) {
            return siblings.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(prefix + STAGING) || n.startsWith(prefix + OLD);
            }).sorted().toList();
        }
    }

    private static Path sibling(Path output, String suffix) {
        return output.resolveSibling("." + output.getFileName() + suffix);
    }
}
