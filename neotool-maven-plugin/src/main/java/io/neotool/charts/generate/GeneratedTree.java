package io.neotool.charts.generate;

import io.neotool.charts.BuildLog;
import io.neotool.charts.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The generated files in an output directory, tracked by a manifest of their SHA-256 sums
 * ({@value #MANIFEST}, in {@code sha256sum} format). Writing is all or nothing: everything is rendered
 * before anything is touched, each file is replaced atomically, and an I/O failure midway puts back
 * what was there. A tracked file whose bytes no longer match the manifest was edited by hand: it is
 * not overwritten unless forced. Files the manifest does not track are never touched.
 */
public final class GeneratedTree {
    public static final String MANIFEST = ".neotool-generated";

    private final Path output;

    public GeneratedTree(Path output) {
        this.output = output;
    }

    /** What differs between the directory and {@code files}: the check goal's answer. */
    public record Drift(List<String> changed, List<String> missing, List<String> stale, Map<String, String> diffs) {
        public boolean isEmpty() {
            return changed.isEmpty() && missing.isEmpty() && stale.isEmpty();
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
                    diffs.put(e.getKey(), ShortDiff.of(current, e.getValue()));
                }
            }
        }
        List<String> stale = new ArrayList<>();
        for (String tracked : readManifest().keySet()) {
            if (!all.containsKey(tracked) && Files.exists(output.resolve(tracked))) {
                stale.add(tracked);
            }
        }
        return new Drift(changed, missing, stale, diffs);
    }

    /**
     * Writes {@code files}, removes tracked files no longer generated, and updates the manifest.
     *
     * @param force overwrite files edited by hand
     */
    public void write(SortedMap<String, byte[]> files, boolean force, BuildLog log) throws IOException {
        SortedMap<String, byte[]> all = withManifest(files);
        Map<String, String> tracked = readManifest();
        List<String> edited = new ArrayList<>();
        Map<String, byte[]> writes = new TreeMap<>();
        List<String> deletes = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : all.entrySet()) {
            Path file = output.resolve(e.getKey());
            if (!Files.isRegularFile(file)) {
                writes.put(e.getKey(), e.getValue());
                continue;
            }
            byte[] current = Files.readAllBytes(file);
            if (Arrays.equals(current, e.getValue())) {
                continue;
            }
            String known = tracked.get(e.getKey());
            if (!e.getKey().equals(MANIFEST) && (known == null || !known.equals(sha256(current)))) {
                edited.add(e.getKey() + (known == null ? " (not written by neotool:generate)" : " (edited by hand)"));
            }
            writes.put(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, String> e : tracked.entrySet()) {
            Path file = output.resolve(e.getKey());
            if (!all.containsKey(e.getKey()) && Files.isRegularFile(file)) {
                if (!e.getValue().equals(sha256(Files.readAllBytes(file)))) {
                    edited.add(e.getKey() + " (edited by hand, no longer generated)");
                }
                deletes.add(e.getKey());
            }
        }
        if (!edited.isEmpty() && !force) {
            throw new InputException("generate would overwrite files changed outside the generator in " + output + ":\n  "
                    + String.join("\n  ", edited) + "\nMove the change into the spec or the templates, or run with "
                    + "-Dneotool.generate.force=true to overwrite them. Nothing was written.");
        }
        apply(writes, deletes);
        log.info("Generated " + files.size() + " files in " + output + ": " + (writes.size() - (writes.containsKey(MANIFEST) ? 1 : 0))
                + " written, " + deletes.size() + " removed" + (force && !edited.isEmpty() ? ", " + edited.size() + " hand edits overwritten" : ""));
    }

    private void apply(Map<String, byte[]> writes, List<String> deletes) throws IOException {
        Map<Path, byte[]> originals = new LinkedHashMap<>();
        List<Path> created = new ArrayList<>();
        try {
            for (Map.Entry<String, byte[]> e : writes.entrySet()) {
                Path file = output.resolve(e.getKey());
                if (Files.exists(file)) {
                    originals.put(file, Files.readAllBytes(file));
                } else {
                    created.add(file);
                }
                replace(file, e.getValue());
            }
            for (String path : deletes) {
                Path file = output.resolve(path);
                originals.put(file, Files.readAllBytes(file));
                Files.delete(file);
                removeEmptyParents(file.getParent());
            }
        } catch (IOException | RuntimeException e) {
            for (Map.Entry<Path, byte[]> original : originals.entrySet()) {
                try {
                    replace(original.getKey(), original.getValue());
                } catch (IOException restore) {
                    e.addSuppressed(restore);
                }
            }
            for (Path file : created) {
                Files.deleteIfExists(file);
            }
            throw e;
        }
    }

    /** Writes a sibling temporary file, then moves it over the target atomically. */
    static void replace(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
        try {
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
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

    private Map<String, String> readManifest() throws IOException {
        Path file = output.resolve(MANIFEST);
        Map<String, String> tracked = new TreeMap<>();
        if (Files.isRegularFile(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int split = line.indexOf("  ");
                if (split == 64) {
                    tracked.put(line.substring(split + 2), line.substring(0, split));
                }
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
