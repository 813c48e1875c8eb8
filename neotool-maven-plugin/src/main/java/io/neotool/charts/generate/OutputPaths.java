package io.neotool.charts.generate;

import io.neotool.charts.DirectoryLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The only paths generate writes or deletes: relative to the output directory, normalised ({@code a/b}, never
 * {@code ./a}, {@code a//b} or {@code a/../b}), reaching no further than the directory and passing through no
 * symbolic link on the way there. A manifest entry, a journal entry or a rendered file is checked before
 * anything is touched.
 */
final class OutputPaths {
    private OutputPaths() {}

    /** Names in the output directory that belong to the generator itself, never to a chart. */
    static final Set<String> RESERVED = Set.of(GeneratedTree.MANIFEST, ChartGenerator.SOURCES, Journal.STAGING, DirectoryLock.FILE);

    /** Why {@code path} may not be written or deleted in {@code output}, or null when it may. */
    static String problem(Path output, String path) {
        if (path.isEmpty()) {
            return "an empty path";
        }
        if (path.startsWith("/") || path.contains("\\") || path.indexOf('\0') >= 0
                || (path.length() > 1 && path.charAt(1) == ':')) {
            return "not a relative path";
        }
        if (path.chars().anyMatch(Character::isISOControl)) { // a tab or a line end: the manifest and journal are lines
            return "a path with a control character (a tab, a line end)";
        }
        String[] segments = path.split("/", -1);
        for (String segment : segments) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return "not a normalised relative path inside the output directory";
            }
        }
        if (RESERVED.contains(segments[0])) {
            return "a file of the generator itself";
        }
        Path current = output;
        for (String segment : segments) {
            current = current.resolve(segment);
            if (Files.isSymbolicLink(current)) {
                return "a path through the symbolic link " + current + " (remove the link: generate writes real files and "
                        + "directories, and force does not change that)";
            }
        }
        return null;
    }
}
