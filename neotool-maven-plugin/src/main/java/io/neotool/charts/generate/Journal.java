package io.neotool.charts.generate;

import io.neotool.charts.FileTrees;
import io.neotool.charts.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

/**
 * The write phase of generate as a write-ahead journal, so that a process killed at any instant leaves
 * nothing the next run cannot finish or undo by itself.
 *
 * <ol>
 *   <li>Stage: every new file goes complete into {@value #STAGING}/files/ in the output directory; the
 *       charts are not touched yet.</li>
 *   <li>Commit: the list of moves and deletions, each with the sha256 of what it replaces or deletes, is written
 *       to {@value #STAGING}/journal.tmp and renamed to {@value #STAGING}/journal. That rename is the commit
 *       point.</li>
 *   <li>Apply: the files no longer generated are deleted, then each staged file is renamed over its target
 *       (atomic on one file system); the manifest is renamed last.</li>
 *   <li>Clean up: the journal is deleted, then the staging directory.</li>
 * </ol>
 *
 * The next run (see {@link #recover}) finds a staging directory only after a crash: with a journal, it
 * applies it again (a staged file still there has not been moved yet; a deletion of an absent file is done),
 * which ends in exactly the new tree; without one, nothing in the charts changed and the staging directory
 * is deleted. A file still to be replaced or deleted that no longer holds what the journal says it held (edited
 * by hand since the run stopped) stops the recovery, as a hand edit stops generate, unless forced.
 */
final class Journal {
    static final String STAGING = ".neotool-staging";
    private static final String FILES = "files";
    private static final String JOURNAL = "journal";
    /** What the run has to say once its changes are made (the values an installed release cannot follow), one per line. */
    private static final String NOTES = "notes";
    /** Between two notes, which may hold line ends of their own. */
    private static final String NOTE_END = "\0";
    private static final String WRITE = "W ";
    private static final String DELETE = "D ";
    private static final String NONE = "-";

    private final Path output;
    private final Path staging;
    private final IntConsumer step;
    private int steps;

    /** @param step called after each step that changes the disk, with its number (for crash tests) */
    Journal(Path output, IntConsumer step) {
        this.output = output;
        this.staging = output.resolve(STAGING);
        this.step = step;
    }

    /** Whether a generate was interrupted in this output directory (until the next generate recovers it). */
    boolean interrupted() {
        return Files.exists(staging, LinkOption.NOFOLLOW_LINKS);
    }

    /** What {@link #recover} did ({@code said}), and what the interrupted run had to say once its changes were made. */
    record Recovery(String said, List<String> notes) {}

    /**
     * Finishes an interrupted run that had committed, with what it had to say, or discards one that had not.
     *
     * @return what was done, for the log; null when no run was interrupted
     */
    Recovery recover(boolean force) throws IOException {
        if (!interrupted()) {
            return null;
        }
        if (Files.isSymbolicLink(staging) || !Files.isDirectory(staging)) {
            throw new InputException(staging + " is not the generator's staging directory; remove it and run generate again");
        }
        // generate writes only directories and regular files there: a link would move what it points at into the charts
        try (Stream<Path> all = Files.walk(staging)) {
            Optional<Path> odd = all.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                    && !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).findFirst();
            if (odd.isPresent()) {
                throw new InputException(odd.get() + " is a link or a special file, which neotool:generate never stages; "
                        + "nothing was changed. Remove " + staging + " and run generate again.");
            }
        }
        Path journal = staging.resolve(JOURNAL);
        if (!Files.isRegularFile(journal, LinkOption.NOFOLLOW_LINKS)) {
            FileTrees.deleteTree(staging);
            return new Recovery("Removed what an interrupted neotool:generate left in " + output + " (it had changed no chart "
                    + "yet, or had finished its changes)", List.of());
        }
        List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
        List<String> entries = new ArrayList<>();
        List<String> edited = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int tab = line.indexOf('\t'); // the sha256 of what the entry replaces or deletes, "-" for nothing
            String entry = tab < 0 ? line : line.substring(0, tab);
            // the record of the sources, which an earlier plugin wrote as one of the files
            String problem = entry.equals(WRITE + GeneratedTree.MANIFEST) || entry.equals(WRITE + ChartGenerator.SOURCES) ? null
                    : entry.startsWith(WRITE) || entry.startsWith(DELETE) ? OutputPaths.problem(output, entry.substring(2))
                    : "not a journal entry";
            if (problem != null) {
                throw new InputException(journal + ":" + (i + 1) + ": '" + line + "' is " + problem
                        + "; nothing was changed. Remove " + staging + " and run generate again.");
            }
            entries.add(entry);
            String path = entry.substring(2);
            // still to do: a deletion of a file still there, a write whose staged file has not moved yet
            boolean pending = Files.exists(entry.startsWith(DELETE) ? output.resolve(path) : staging.resolve(FILES).resolve(path),
                    LinkOption.NOFOLLOW_LINKS);
            if (tab >= 0 && pending && !path.equals(GeneratedTree.MANIFEST) && !line.substring(tab + 1).equals(hashOf(path))) {
                edited.add(path);
            }
        }
        if (!edited.isEmpty() && !force) {
            throw new InputException("A neotool:generate was interrupted in " + output + ", and files it had still to "
                    + "replace or delete were changed since:\n  " + String.join("\n  ", edited) + "\nMove the change into the "
                    + "spec or the templates, or run with -Dneotool.generate.force=true to finish it over them. Nothing "
                    + "was changed.");
        }
        apply(entries);
        Path notes = staging.resolve(NOTES);
        List<String> said = Files.isRegularFile(notes, LinkOption.NOFOLLOW_LINKS)
                ? List.of(Files.readString(notes, StandardCharsets.UTF_8).split(NOTE_END)) : List.of();
        finish(journal);
        return new Recovery("Finished an interrupted neotool:generate in " + output + " (" + entries.size() + " changes)", said);
    }

    /**
     * Stages, commits and applies {@code writes} (the manifest among them) and {@code deletes}; {@code replaced} holds
     * the sha256 of each file they replace or delete (none: nothing there), for {@link #recover}; {@code notes}, what the
     * run says once its changes are made, are staged with them, so that a run killed after its commit still says them.
     */
    void run(Map<String, byte[]> writes, List<String> deletes, Map<String, String> replaced, List<String> notes) throws IOException {
        requireWritable(Stream.concat(writes.keySet().stream(), deletes.stream()).toList());
        requireRoom(writes.keySet(), deletes);
        FileTrees.deleteTree(staging);
        List<String> entries = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        // deletions first: a file that goes away may stand where a new directory comes, or the reverse
        for (String path : deletes) {
            entries.add(DELETE + path);
            lines.add(DELETE + path + "\t" + replaced.getOrDefault(path, NONE));
        }
        try {
            for (Map.Entry<String, byte[]> e : writes.entrySet()) {
                Path staged = staging.resolve(FILES).resolve(e.getKey());
                Files.createDirectories(staged.getParent());
                Files.write(staged, e.getValue());
                entries.add(WRITE + e.getKey());
                lines.add(WRITE + e.getKey() + "\t" + replaced.getOrDefault(e.getKey(), NONE));
                step();
            }
            Path pending = staging.resolve(JOURNAL + ".tmp");
            Files.createDirectories(staging);
            if (!notes.isEmpty()) {
                Files.writeString(staging.resolve(NOTES), String.join(NOTE_END, notes), StandardCharsets.UTF_8);
            }
            Files.write(pending, lines, StandardCharsets.UTF_8);
            step();
            FileTrees.move(pending, staging.resolve(JOURNAL));
        } catch (IOException | RuntimeException e) {
            try {
                FileTrees.deleteTree(staging);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        step();
        try {
            apply(entries);
            finish(staging.resolve(JOURNAL));
        } catch (IOException e) {
            throw new IOException(FileTrees.describe(e) + " (generate stopped halfway; the next neotool:generate finishes it from "
                    + staging + ")", e);
        }
    }

    /**
     * Refuses, before anything is staged, a change whose apply could not finish: a directory it writes or deletes in
     * (the nearest one that exists above each path) where this process may not create and remove files, such as one
     * another user owns. Otherwise the journal would be committed and the charts left halfway until that is fixed.
     */
    private void requireWritable(List<String> paths) throws IOException {
        Set<Path> seen = new HashSet<>();
        for (String path : paths) {
            Path dir = output.resolve(path).getParent();
            while (dir != null && !Files.isDirectory(dir)) {
                dir = dir.getParent();
            }
            if (dir != null && seen.add(dir) && !(Files.isWritable(dir) && Files.isExecutable(dir))) {
                throw new AccessDeniedException(dir.toString(), null, "this user may not create or remove files in "
                        + "it, and generate changes " + path + " there; nothing was written. Give it write access, or generate "
                        + "elsewhere (<output>)");
            }
        }
    }

    /**
     * Refuses, before anything is staged, a write whose place something generate did not make holds: a directory (or
     * another kind of file) where it writes a file, or a file where it needs a directory, unless this change deletes
     * what is there (a generated file may become a directory and the reverse). The apply would fail on it halfway, and
     * every later run again.
     */
    private void requireRoom(Set<String> writes, List<String> deletes) throws IOException {
        Set<Path> deleted = new HashSet<>();
        deletes.forEach(path -> deleted.add(output.resolve(path)));
        for (String path : writes) {
            Path target = output.resolve(path);
            if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                List<Path> inside;
                try (Stream<Path> walk = Files.walk(target)) {
                    inside = walk.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList();
                }
                // the deletes empty a directory generate made, and remove it; anything else keeps it there
                if (inside.isEmpty() || !deleted.containsAll(inside)) {
                    throw new FileSystemException(target.toString(), null, "is a directory generate did not make, where it "
                            + "writes a file; nothing was written. Move it out of the way and run neotool:generate again");
                }
            } else if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
                    && !Files.isSymbolicLink(target)) {
                throw new FileSystemException(target.toString(), null, "is neither a file nor a directory, where generate "
                        + "writes a file; nothing was written. Move it out of the way and run neotool:generate again");
            }
            for (Path up = target.getParent(); up != null && up.startsWith(output) && !up.equals(output); up = up.getParent()) {
                if (Files.exists(up, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(up) && !deleted.contains(up)) {
                    throw new FileSystemException(up.toString(), null, "is a file generate did not write, where it needs a "
                            + "directory (for " + path + "); nothing was written. Move it out of the way and run "
                            + "neotool:generate again");
                }
            }
        }
    }

    private void apply(List<String> entries) throws IOException {
        for (String entry : entries) {
            String path = entry.substring(2);
            Path target = output.resolve(path);
            if (entry.startsWith(WRITE)) {
                Path staged = staging.resolve(FILES).resolve(path);
                if (Files.exists(staged, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target.getParent());
                    FileTrees.move(staged, target);
                }
            } else if (Files.deleteIfExists(target)) {
                removeEmptyParents(target.getParent());
            }
            step();
        }
    }

    /** The sha256 of the file at {@code path} in the output directory, "-" when there is none. */
    private String hashOf(String path) throws IOException {
        Path file = output.resolve(path);
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? GeneratedTree.sha256(Files.readAllBytes(file)) : NONE;
    }

    private void finish(Path journal) throws IOException {
        Files.delete(journal);
        step();
        FileTrees.deleteTree(staging);
    }

    private void step() {
        step.accept(++steps);
    }

    private void removeEmptyParents(Path dir) throws IOException {
        Path root = output.toAbsolutePath().normalize();
        Path current = dir.toAbsolutePath().normalize();
        while (current.startsWith(root) && !current.equals(root)) {
            try {
                Files.delete(current);
            } catch (DirectoryNotEmptyException e) {
                return;
            }
            current = current.getParent();
        }
    }
}
