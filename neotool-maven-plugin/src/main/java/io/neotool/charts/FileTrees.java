package io.neotool.charts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Whole directory trees: deleting one without following the links in it; files replaced whole; what went wrong with a
 * file, in words.
 */
public final class FileTrees {
    private FileTrees() {}

    /**
     * What went wrong with a file: the path (and the other one of a move) with the system's reason, which Java leaves out
     * of the commonest ones (the message of an {@link AccessDeniedException} is the path alone).
     */
    public static String describe(IOException e) {
        if (e instanceof FileSystemException f && f.getReason() == null) {
            String reason = e instanceof AccessDeniedException
                    ? "permission denied: this user cannot write or read there (check the owner and permissions)"
                    : e instanceof NoSuchFileException ? "no such file or directory"
                    : e instanceof FileAlreadyExistsException ? "it already exists"
                    : e instanceof DirectoryNotEmptyException ? "the directory is not empty"
                    : e instanceof NotDirectoryException ? "not a directory" : null;
            if (reason != null) {
                return f.getMessage() + ": " + reason;
            }
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** A relative path with {@code /} between its names on every system, as charts, archives and reports name files. */
    public static String slashed(Path relative) {
        return relative.toString().replace('\\', '/');
    }

    /**
     * Every path of the chart tree at {@code dir}, itself first, in the order of their paths, as Helm's loader reads
     * the tree: what the chart's {@code .helmignore} leaves out is not walked into, links are followed (a linked
     * directory's files are the chart's too). Refuses, naming the path, a link to nothing, a link back to a directory
     * above it, and anything neither a file nor a directory (a pipe would block its reader).
     */
    public static List<Path> chartTree(Path dir) throws IOException {
        return tree(dir, HelmIgnore.of(dir), false);
    }

    /**
     * As {@link #chartTree}, for a directory of templates being edited, whole: an editor's lock file named
     * {@code .#<file>} (Emacs makes one while a buffer has unsaved changes: a link to nothing, or a plain file where
     * the file system has no links) is left out, neither refused nor read as a template.
     */
    public static List<Path> templateTree(Path dir) throws IOException {
        return tree(dir, HelmIgnore.none(), true);
    }

    private static List<Path> tree(Path dir, HelmIgnore ignore, boolean editorLocks) throws IOException {
        List<Path> paths = new ArrayList<>();
        Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                if (!d.equals(dir) && ignore.ignores(slashed(dir.relativize(d)), true)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                paths.add(d);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                // a link to nothing, ignored or not, stops Helm's walk as it finds it: kept, to be refused below
                if (attrs.isSymbolicLink() || !ignore.ignores(slashed(dir.relativize(f)))) {
                    paths.add(f);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
                // a link looping back is a directory to Helm's walk, which a directory rule (.idea/) leaves out too
                if (ignore.ignores(slashed(dir.relativize(f)), e instanceof FileSystemLoopException)) {
                    return FileVisitResult.CONTINUE;
                }
                if (e instanceof FileSystemLoopException) {
                    throw new InputException(f + " is a link to a directory that holds it: Helm would read the chart "
                            + "without end; remove the link or point it elsewhere");
                }
                throw e;
            }
        });
        Collections.sort(paths);
        List<Path> kept = new ArrayList<>();
        for (Path p : paths) {
            if (editorLocks && p.getFileName().toString().startsWith(".#") && !Files.isDirectory(p)) {
                continue;
            }
            kept.add(p);
            if (Files.isSymbolicLink(p) && !Files.exists(p)) {
                throw new InputException(p + " is a link to nothing (" + Files.readSymbolicLink(p) + "): remove it or "
                        + "make what it points to");
            }
            if (!Files.isDirectory(p) && !Files.isRegularFile(p)) {
                throw new InputException(p + " is neither a file nor a directory (a pipe, socket or device): remove it "
                        + "from the chart");
            }
        }
        return kept;
    }

    /**
     * Where {@code path} really is, links resolved: the real path of its nearest existing ancestor with the rest of
     * it after, so that a path not made yet compares as the one it will be; a link to what is not made yet counts as
     * what it names.
     */
    public static Path realized(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        for (int links = 0; links < 40; links++) {
            Path existing = absolute;
            while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
                existing = existing.getParent();
            }
            if (existing == null) {
                return absolute;
            }
            Path rest = existing.relativize(absolute);
            try {
                if (Files.isSymbolicLink(existing) && !Files.exists(existing)) {
                    absolute = existing.getParent().resolve(Files.readSymbolicLink(existing)).resolve(rest).normalize();
                    continue;
                }
                return existing.toRealPath().resolve(rest).normalize();
            } catch (IOException e) {
                return absolute;
            }
        }
        return absolute;
    }

    /** Deletes {@code root} and everything below it; links are deleted, never followed. Absent is fine. */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : paths) {
            Files.deleteIfExists(p);
        }
    }

    private static final String TMP = ".tmp";
    /** The temporary file {@link #replace} writes beside its target: {@code .<name>.<random UUID>.tmp}. */
    private static final Pattern REPLACING = Pattern.compile(
            "\\..+\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\" + TMP);

    /** Whether {@code file} is a temporary file of {@link #replace}'s, left by a process killed while it wrote. */
    public static boolean leftOver(Path file) {
        return REPLACING.matcher(file.getFileName().toString()).matches();
    }

    /** Deletes what {@link #replace} left in {@code dir} and below it when its process was killed ({@link #leftOver}). */
    public static void removeLeftOvers(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> left;
        try (Stream<Path> walk = Files.walk(dir)) {
            left = walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && leftOver(p)).toList();
        }
        for (Path p : left) {
            Files.deleteIfExists(p);
        }
    }

    /**
     * Writes {@code text} to {@code file} whole or not at all: into a new file beside it (made as any file the build
     * makes, the umask's permissions), renamed over it, so that a reader, or a process killed meanwhile, never leaves
     * half a file.
     */
    public static void replace(Path file, String text) throws IOException {
        replace(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code bytes} to {@code file} whole or not at all, as {@link #replace(Path, String)} writes text. */
    public static void replace(Path file, byte[] bytes) throws IOException {
        Path tmp = file.toAbsolutePath().resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + TMP);
        try {
            Files.write(tmp, bytes, StandardOpenOption.CREATE_NEW);
            move(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Renames {@code from} over {@code to}: atomically where the file system can, else replacing it. */
    public static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
