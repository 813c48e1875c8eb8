package io.neotool.charts.generate;

import io.neotool.charts.BuildLog;
import io.neotool.charts.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

/**
 * The generated files in an output directory, tracked by a manifest of their SHA-256 sums
 * ({@value #MANIFEST}, in {@code sha256sum} format). Writing is all or nothing: everything is rendered and
 * checked before anything is touched, and the write itself goes through a {@link Journal}, so that even a
 * killed process leaves a tree the next run finishes by itself. A tracked file whose bytes no longer match
 * the manifest was edited by hand: it is not overwritten unless forced. Files the manifest does not track
 * are never touched; in a chart directory they are reported (check) and refused (package).
 *
 * <p>Every path in the manifest must lie inside the output directory ({@link OutputPaths}): the manifest
 * is committed, and a bad merge must not make generate delete a file anywhere else.
 */
public final class GeneratedTree {
    public static final String MANIFEST = ".neotool-generated";

    private final Path output;
    private final Journal journal;

    public GeneratedTree(Path output) {
        this(output, step -> {});
    }

    /** @param step called after each step of the write phase that changes the disk (crash tests) */
    GeneratedTree(Path output, IntConsumer step) {
        this.output = output;
        this.journal = new Journal(output, step);
    }

    /** Whether {@code dir} holds charts written by generate (it has a manifest). */
    public static boolean isGenerated(Path dir) {
        return Files.isRegularFile(dir.resolve(MANIFEST));
    }

    /**
     * What differs between the directory and {@code files}: the check goal's answer. {@code unknown} are
     * files in a generated chart directory that generate neither writes nor wrote.
     */
    public record Drift(List<String> changed, List<String> missing, List<String> stale, List<String> unknown,
            Map<String, String> diffs, List<String> editedByHand) {
        public boolean isEmpty() {
            return changed.isEmpty() && missing.isEmpty() && stale.isEmpty() && unknown.isEmpty();
        }

        /**
         * The check goal's message: what differs, a few lines of each changed file's difference, and what to do.
         * The manifest is listed only when nothing else differs (it changes with every generated file, and its
         * lines are checksums); files whose content is still what generate last wrote are out of date with the
         * spec or templates, the others were changed by hand, and the advice follows which it is.
         */
        public String describe(Path output, Path spec) {
            StringBuilder message = new StringBuilder("Charts in " + output + " differ from what neotool:generate writes from "
                    + spec + ":\n");
            List<String> others = new ArrayList<>(changed);
            others.addAll(missing);
            others.addAll(stale);
            boolean onlyManifest = others.equals(List.of(MANIFEST));
            changed.stream().filter(f -> onlyManifest || !f.equals(MANIFEST))
                    .forEach(f -> message.append("  changed: ").append(f).append('\n'));
            missing.stream().filter(f -> onlyManifest || !f.equals(MANIFEST))
                    .forEach(f -> message.append("  missing: ").append(f).append('\n'));
            stale.forEach(f -> message.append("  no longer generated: ").append(f).append('\n'));
            unknown.forEach(f -> message.append("  not generated (stray file): ").append(f).append('\n'));
            diffs.forEach((f, diff) -> message.append("--- ").append(f).append('\n').append(diff));
            if (onlyManifest) {
                message.append("The manifest, which lists what generate wrote, is not what generate writes: run "
                        + "`mvn neotool:generate` and commit the result.");
            } else if (editedByHand.isEmpty()) {
                message.append("The charts are out of date with the spec or the templates: run `mvn neotool:generate` "
                        + "and commit the result.");
            } else {
                message.append("Changed outside the generator since the last generate:\n  ")
                        .append(String.join("\n  ", editedByHand)).append('\n')
                        .append("generate overwrites them: move the change into the spec or the templates, then run "
                                + "`mvn neotool:generate` (-Dneotool.generate.force=true discards the edits) and "
                                + "commit the result.");
            }
            if (!unknown.isEmpty()) {
                message.append(" Remove the stray files, which generate never touches.");
            }
            return message.toString();
        }
    }

    /** The files with the manifest that tracks them added. */
    public static SortedMap<String, byte[]> withManifest(SortedMap<String, byte[]> files) {
        SortedMap<String, byte[]> all = new TreeMap<>(files);
        StringBuilder manifest = new StringBuilder();
        files.forEach((path, bytes) -> manifest.append(sha256(bytes)).append("  ").append(path).append('\n'));
        all.put(MANIFEST, manifest.toString().getBytes(StandardCharsets.UTF_8));
        return all;
    }

    public Drift drift(SortedMap<String, byte[]> files) throws IOException {
        requireNotInterrupted();
        checkRendered(files);
        Map<String, String> tracked = readManifest();
        SortedMap<String, byte[]> all = withManifest(files);
        List<String> changed = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        Map<String, String> diffs = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : all.entrySet()) {
            Path file = output.resolve(e.getKey());
            if (!Files.isRegularFile(file)) {
                missing.add(e.getKey());
            } else {
                byte[] current = Files.readAllBytes(file);
                if (!Arrays.equals(current, e.getValue())) {
                    changed.add(e.getKey());
                    if (!e.getKey().equals(MANIFEST)) {
                        diffs.put(e.getKey(), ShortDiff.of(current, e.getValue()));
                    }
                }
            }
        }
        List<String> stale = new ArrayList<>();
        for (String path : tracked.keySet()) {
            if (!all.containsKey(path) && Files.exists(output.resolve(path))) {
                stale.add(path);
            }
        }
        Set<String> known = new TreeSet<>(tracked.keySet());
        known.addAll(all.keySet());
        return new Drift(changed, missing, stale, unknownFiles(known), diffs, editedByHand());
    }

    /**
     * The generated files that no longer hold what generate wrote (the manifest's sha256), each with why: "edited by
     * hand" or "deleted"; empty for a tree generate did not write.
     */
    public List<String> editedByHand() throws IOException {
        List<String> edited = new ArrayList<>();
        for (Map.Entry<String, String> e : readManifest().entrySet()) {
            Path file = output.resolve(e.getKey());
            if (!Files.isRegularFile(file)) {
                edited.add(e.getKey() + " (deleted)");
            } else if (!e.getValue().equals(sha256(Files.readAllBytes(file)))) {
                edited.add(e.getKey() + " (edited by hand)");
            }
        }
        return edited;
    }

    /**
     * For goals that read the charts (lint, package): fails when a generate was interrupted here, or when a
     * generated chart directory holds a file generate did not write (it would go into the archive).
     */
    public void requireOnlyGenerated() throws IOException {
        requireNotInterrupted();
        if (!isGenerated(output)) {
            return;
        }
        List<String> unknown = unknownFiles(readManifest().keySet());
        if (!unknown.isEmpty()) {
            throw new InputException("Chart directories in " + output + " hold files neotool:generate did not write "
                    + "(they are not in " + output.resolve(MANIFEST) + "):\n  " + String.join("\n  ", unknown)
                    + "\nRemove them, or move what they do into the spec or the templates and run neotool:generate.");
        }
    }

    /**
     * Writes {@code files}, removes tracked files no longer generated, and updates the manifest. An
     * interrupted earlier run is finished (or, if it had not committed, discarded) first.
     *
     * @param force overwrite files edited by hand
     */
    public void write(SortedMap<String, byte[]> files, boolean force, BuildLog log) throws IOException {
        String recovered = journal.recover(force);
        if (recovered != null) {
            log.warn(recovered);
        }
        checkRendered(files);
        requireCharts(files.keySet());
        Map<String, String> tracked = readManifest();
        SortedMap<String, byte[]> all = withManifest(files);
        List<String> edited = new ArrayList<>();
        Map<String, byte[]> writes = new LinkedHashMap<>();
        List<String> deletes = new ArrayList<>();
        Map<String, String> replaced = new HashMap<>(); // the sha256 of each file a write replaces or a delete removes
        for (Map.Entry<String, byte[]> e : all.entrySet()) {
            Path file = output.resolve(e.getKey());
            if (e.getKey().equals(MANIFEST)) {
                continue;
            }
            if (!Files.isRegularFile(file)) {
                writes.put(e.getKey(), e.getValue());
                continue;
            }
            byte[] current = Files.readAllBytes(file);
            if (Arrays.equals(current, e.getValue())) {
                continue;
            }
            String hash = sha256(current);
            String known = tracked.get(e.getKey());
            if (known == null || !known.equals(hash)) {
                edited.add(e.getKey() + (known == null ? " (not written by neotool:generate)" : " (edited by hand)"));
            }
            writes.put(e.getKey(), e.getValue());
            replaced.put(e.getKey(), hash);
        }
        for (Map.Entry<String, String> e : tracked.entrySet()) {
            Path file = output.resolve(e.getKey());
            if (!all.containsKey(e.getKey()) && Files.isRegularFile(file)) {
                String hash = sha256(Files.readAllBytes(file));
                if (!e.getValue().equals(hash)) {
                    edited.add(e.getKey() + " (edited by hand, no longer generated)");
                }
                deletes.add(e.getKey());
                replaced.put(e.getKey(), hash);
            }
        }
        if (!edited.isEmpty() && !force) {
            throw new InputException("generate would overwrite files changed outside the generator in " + output + ":\n  "
                    + String.join("\n  ", edited) + "\nMove the change into the spec or the templates, or run with "
                    + "-Dneotool.generate.force=true to overwrite them. Nothing was written.");
        }
        int changedFiles = writes.size();
        Path manifest = output.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest) || !Arrays.equals(Files.readAllBytes(manifest), all.get(MANIFEST))) {
            writes.put(MANIFEST, all.get(MANIFEST)); // last: the tree is complete before the manifest says so
        }
        if (!writes.isEmpty() || !deletes.isEmpty()) {
            // the record of what the charts came from goes before they change (generate writes it again after them):
            // a kill in between leaves none, a render to compare, never one that vouches for charts it does not describe
            Files.deleteIfExists(output.resolve(ChartGenerator.SOURCES));
            journal.run(writes, deletes, replaced);
        }
        log.info("Generated " + files.size() + " files in " + output + ": " + changedFiles + " written, " + deletes.size()
                + " removed" + (force && !edited.isEmpty() ? ", " + edited.size() + " hand edits overwritten" : ""));
    }

    private void requireNotInterrupted() {
        if (journal.interrupted()) {
            throw new InputException("A neotool:generate was interrupted in " + output + " (" + Journal.STAGING
                    + " is there): run neotool:generate to finish it, then try again.");
        }
    }

    /** Every rendered path must be one generate may write ({@link OutputPaths}). */
    private void checkRendered(SortedMap<String, byte[]> files) {
        for (String path : files.keySet()) {
            String problem = OutputPaths.problem(output, path);
            if (problem != null) {
                throw new InputException("The templates render " + path + ", which is " + problem
                        + "; generate writes only below " + output + " and never through a link. Nothing was written.");
            }
        }
    }

    /**
     * Each chart directory the result has (each top directory, and each {@code <chart>/charts/<name>}
     * below one) must have its Chart.yaml, or lint and package would skip it without a word.
     */
    static void requireCharts(Set<String> paths) {
        Set<String> charts = new TreeSet<>();
        for (String path : paths) {
            String[] segments = path.split("/");
            if (segments.length < 2) {
                continue;
            }
            String chart = segments[0];
            charts.add(chart);
            for (int i = 1; i + 2 < segments.length && segments[i].equals("charts"); i += 2) {
                chart += "/charts/" + segments[i + 1];
                charts.add(chart);
            }
        }
        List<String> without = charts.stream().filter(c -> !paths.contains(c + "/Chart.yaml")).toList();
        if (!without.isEmpty()) {
            throw new InputException("The templates render chart directories without a Chart.yaml: " + String.join(", ", without)
                    + ". Add a Chart.yaml template for each (or remove the directory's templates). Nothing was written.");
        }
    }

    /** Files (and links) below the generated chart directories that are not in {@code known}, sorted. */
    private List<String> unknownFiles(Set<String> known) throws IOException {
        Set<String> tops = new TreeSet<>();
        for (String path : known) {
            int slash = path.indexOf('/');
            if (slash > 0) {
                tops.add(path.substring(0, slash));
            }
        }
        List<String> unknown = new ArrayList<>();
        for (String top : tops) {
            Path dir = output.resolve(top);
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                        .map(p -> output.relativize(p).toString().replace('\\', '/'))
                        .filter(p -> !known.contains(p))
                        .forEach(unknown::add);
            }
        }
        Collections.sort(unknown);
        return unknown;
    }

    /**
     * The manifest's entries (path to sha256). A line that is not {@code <sha256>  <path>}, or a path that
     * {@link OutputPaths} refuses, fails before anything is written or deleted, naming the line.
     */
    private Map<String, String> readManifest() throws IOException {
        Path file = output.resolve(MANIFEST);
        Map<String, String> tracked = new TreeMap<>();
        if (Files.isSymbolicLink(file)) {
            throw new InputException(file + " is a symbolic link; generate reads its manifest only from a plain file. "
                    + "Replace it with the committed file (git checkout -- " + file + ") and run again. Nothing was written.");
        }
        if (!Files.isRegularFile(file)) {
            return tracked;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String problem;
            if (line.length() < 67 || !line.substring(0, 64).matches("[0-9a-f]{64}") || !line.startsWith("  ", 64)) {
                problem = "is not '<sha256>  <path>'";
            } else {
                String path = line.substring(66);
                if (path.equals(ChartGenerator.SOURCES)) {
                    continue; // listed by an earlier plugin, when the record was a generated file; not a chart's
                }
                String why = OutputPaths.problem(output, path);
                problem = why == null ? null : "names '" + path + "', which is " + why;
                if (problem == null) {
                    tracked.put(path, line.substring(0, 64));
                }
            }
            if (problem != null) {
                throw new InputException(file + ":" + (i + 1) + ": the entry " + problem + "; generate only touches "
                        + "files inside " + output + ". Restore the manifest (git checkout -- " + file + ") or delete "
                        + "the line. Nothing was written or deleted.");
            }
        }
        return tracked;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
