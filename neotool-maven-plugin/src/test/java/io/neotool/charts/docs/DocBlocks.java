package io.neotool.charts.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The command blocks of README.md and docs/**.md and how each is marked. A command block is a fenced block whose info
 * string starts with sh, bash, shell or console, or an indented block whose first line starts with a command
 * ({@code ./mvnw}, {@code mvn}, {@code helm}, {@code kubectl}, ...). Each is marked by an HTML comment on the nearest
 * non-blank line above it: {@code <!-- doc-test: runs -->} (DocCommandsIT runs it in a copy of the repository) or
 * {@code <!-- doc-test: cluster -->} (it needs a Kubernetes cluster or a service outside the build; DocCommandsTest
 * checks that its helm and kubectl commands name charts, files, values keys, namespaces and objects that exist).
 */
public final class DocBlocks {
    private DocBlocks() {}

    public static final String RUNS = "runs";
    public static final String CLUSTER = "cluster";
    public static final String RULE = "Mark every command block of README.md and docs/ on the line above it (a blank line between is"
            + " allowed) with `<!-- doc-test: runs -->` when a test may run it in a throwaway copy of the repository (offline,"
            + " Maven with -o) or `<!-- doc-test: cluster -->` when it needs a Kubernetes cluster or a service outside the build"
            + " (its helm/kubectl commands are then checked against the charts); see docs/doc-tests.md";

    private static final Set<String> SHELLS = Set.of("sh", "bash", "shell", "console");
    private static final Pattern FENCE = Pattern.compile("^(\\s*)(`{3,}|~{3,})\\s*([^\\s`]*).*$");
    private static final Pattern MARK = Pattern.compile("^\\s*<!--\\s*doc-test:\\s*(\\S*)\\s*-->\\s*$");
    private static final Pattern COMMAND = Pattern.compile("^(\\$ )?(\\./mvnw|mvn|helm|kubectl|git|apt-get|jq|curl|vault|openssl|java|"
            + "docker|sudo|cd|rover|for|umask|read|export|\\./|benchmarks/)\\b.*");

    /**
     * One command block: where it starts (1-based line of its fence or first line), its marking (empty when unmarked;
     * as written otherwise) and its text, common indentation removed.
     */
    public record Block(Path file, int line, String marking, String text) {
        public String where() {
            return file + ":" + line;
        }
    }

    /** README.md and every .md under docs/, in that order (docs/ sorted by path). */
    public static List<Path> documents(Path root) {
        List<Path> docs = new ArrayList<>();
        docs.add(root.resolve("README.md"));
        try (Stream<Path> walk = Files.walk(root.resolve("docs"))) {
            walk.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    /** Every command block of the documents, in order; paths relative to {@code root}. */
    public static List<Block> all(Path root) {
        List<Block> blocks = new ArrayList<>();
        for (Path doc : documents(root)) {
            try {
                blocks.addAll(of(root.relativize(doc), Files.readString(doc, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return blocks;
    }

    /** The command blocks of one Markdown text. */
    public static List<Block> of(Path file, String markdown) {
        List<Block> blocks = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        int i = 0;
        while (i < lines.length) {
            Matcher fence = FENCE.matcher(lines[i]);
            if (fence.matches()) {
                String marker = fence.group(2);
                int start = i;
                List<String> body = new ArrayList<>();
                i++;
                while (i < lines.length && !lines[i].strip().startsWith(marker)) {
                    body.add(lines[i]);
                    i++;
                }
                if (SHELLS.contains(fence.group(3).toLowerCase(java.util.Locale.ROOT))) {
                    blocks.add(new Block(file, start + 1, marking(lines, start), dedent(body)));
                }
                i++;
                continue;
            }
            // a doc-test marking indented into a list item marks the fenced block below it, it is no code itself
            boolean indented = lines[i].startsWith("    ") && !lines[i].isBlank() && !MARK.matcher(lines[i]).matches();
            if (indented && (i == 0 || lines[i - 1].isBlank())) {
                int start = i;
                List<String> body = new ArrayList<>();
                while (i < lines.length && (lines[i].startsWith("    ") || lines[i].isBlank())) {
                    body.add(lines[i]);
                    i++;
                }
                while (!body.isEmpty() && body.get(body.size() - 1).isBlank()) {
                    body.remove(body.size() - 1);
                }
                String text = dedent(body);
                if (COMMAND.matcher(text.lines().findFirst().orElse("")).matches()) {
                    blocks.add(new Block(file, start + 1, marking(lines, start), text));
                }
                continue;
            }
            i++;
        }
        return blocks;
    }

    /** The doc-test marking on the nearest non-blank line above line {@code index}, or "" when there is none. */
    private static String marking(String[] lines, int index) {
        for (int j = index - 1; j >= 0; j--) {
            if (!lines[j].isBlank()) {
                Matcher m = MARK.matcher(lines[j]);
                return m.matches() ? m.group(1) : "";
            }
        }
        return "";
    }

    private static String dedent(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder out = new StringBuilder();
        for (String l : lines) {
            out.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
        }
        return out.toString();
    }

    /** The logical command lines of a block: continuation lines joined, comments and blank lines dropped. */
    public static List<String> commands(String text) {
        List<String> commands = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String l = line.startsWith("$ ") ? line.substring(2) : line;
            if (l.endsWith("\\")) {
                current.append(l, 0, l.length() - 1).append(' ');
                continue;
            }
            current.append(l);
            String command = stripComment(current.toString()).strip();
            if (!command.isEmpty()) {
                commands.add(command);
            }
            current.setLength(0);
        }
        return commands;
    }

    /** A line without its trailing {@code # comment} (a # outside quotes, after a space). */
    static String stripComment(String line) {
        boolean single = false, dbl = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single) {
                dbl = !dbl;
            } else if (c == '#' && !single && !dbl && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }
}
