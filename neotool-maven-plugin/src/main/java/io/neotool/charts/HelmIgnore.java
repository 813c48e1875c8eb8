package io.neotool.charts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The files a chart's {@code .helmignore} keeps out of what Helm loads and packages, read as Helm's own rules read it
 * (helm.sh/helm/v3/pkg/ignore, with its default {@code templates/.?*}): a pattern without a slash matches a file's or
 * directory's name, one with a slash its path from the chart's root (a leading slash anchors it there), a trailing
 * slash matches directories only, a leading {@code !} negates as Helm has it (a path it does not match is left out),
 * and the globs are Go's {@code filepath.Match}. Helm skips an ignored directory with everything in it.
 */
public final class HelmIgnore {
    private record Rule(Pattern glob, boolean negate, boolean mustDir, boolean nameOnly) {}

    private final List<Rule> rules;

    private HelmIgnore(List<Rule> rules) {
        this.rules = rules;
    }

    /** No rules at all: every file kept. */
    public static HelmIgnore none() {
        return new HelmIgnore(List.of());
    }

    /** The rules of the chart at {@code chartDir}: its {@code .helmignore}, if it has one, and Helm's default. */
    public static HelmIgnore of(Path chartDir) throws IOException {
        Path file = chartDir.resolve(".helmignore");
        return parse(Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "");
    }

    /** The rules of a {@code .helmignore}'s text, and Helm's own default after them (a dotfile in templates/). */
    public static HelmIgnore parse(String text) {
        List<Rule> rules = new ArrayList<>();
        for (String line : (text + "\ntemplates/.?*").split("\r?\n")) {
            String rule = line.strip();
            if (rule.isEmpty() || rule.startsWith("#")) {
                continue;
            }
            boolean negate = rule.startsWith("!");
            rule = negate ? rule.substring(1) : rule;
            boolean mustDir = rule.endsWith("/");
            rule = mustDir ? rule.substring(0, rule.length() - 1) : rule;
            boolean nameOnly = !rule.contains("/");
            rule = rule.startsWith("/") ? rule.substring(1) : rule;
            rules.add(new Rule(Pattern.compile(regex(rule)), negate, mustDir, nameOnly));
        }
        return new HelmIgnore(rules);
    }

    /** Whether Helm leaves out the file at {@code path} (relative to the chart's root, '/'-separated). */
    public boolean ignores(String path) {
        return ignores(path, false);
    }

    /** Whether Helm leaves out the file or directory at {@code path}, or does not walk into a directory above it. */
    public boolean ignores(String path, boolean directory) {
        String[] parts = path.split("/");
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            prefix.append(i == 0 ? "" : "/").append(parts[i]);
            if (ignored(prefix.toString(), directory || i < parts.length - 1)) {
                return true; // the file, or a directory Helm does not walk into
            }
        }
        return false;
    }

    /** Helm's Rules.Ignore for one path. */
    private boolean ignored(String path, boolean directory) {
        for (Rule r : rules) {
            String name = r.nameOnly() ? path.substring(path.lastIndexOf('/') + 1) : path;
            boolean match = r.glob().matcher(name).matches();
            if (r.negate()) {
                if ((r.mustDir() && !directory) || !match) {
                    return true;
                }
            } else if ((!r.mustDir() || directory) && match) {
                return true;
            }
        }
        return false;
    }

    /** Go's filepath.Match pattern as a regex: * and ? within one path element, [...] classes ([^...] negated). */
    private static String regex(String glob) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                out.append("[^/]*");
            } else if (c == '?') {
                out.append("[^/]");
            } else if (c == '\\' && i + 1 < glob.length()) {
                out.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
            } else if (c == '[') {
                int end = glob.indexOf(']', i + 2);
                if (end < 0) {
                    out.append("\\[");
                    continue;
                }
                String set = glob.substring(i + 1, end);
                out.append('[').append(set.startsWith("^") ? "^" : "")
                        .append((set.startsWith("^") ? set.substring(1) : set).replace("\\", "\\\\").replace("[", "\\["))
                        .append(']');
                i = end;
            } else {
                out.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return out.toString();
    }
}
