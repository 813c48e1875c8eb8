package io.neotool.charts.render;

import io.neotool.charts.InputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Each chart's copy of the shared library ({@code templates/_library.tpl}) keeps only the {@code lib.*} named
 * templates that chart uses, directly or through other {@code lib.*} templates. Helm parses every template of every
 * chart, for each alias of a subchart, on every lint and render: a definition nobody calls is parse work for nothing.
 * A kept definition is the library's text unchanged, with the comment above it, so every copy of a name is the same
 * text (Helm shares named templates across a release's charts) and each chart still stands alone.
 */
final class LibraryCopies {
    static final String LIBRARY = "templates/_library.tpl";

    private static final Pattern REFERENCE = Pattern.compile("\"(lib\\.[A-Za-z0-9_.]+)\"");
    private static final Pattern DEFINE = Pattern.compile("\\{\\{-?\\s*define\\s+\"([^\"]+)\"");
    private static final Pattern ACTION = Pattern.compile("\\{\\{-?\\s*(/\\*.*?\\*/)?(.*?)-?}}", Pattern.DOTALL);
    private static final Pattern OPENS_BLOCK = Pattern.compile("(if|range|with|define|block)\\b.*", Pattern.DOTALL);

    private LibraryCopies() {}

    /** Trims, in {@code out} (generated files by path), the library copy of every chart that has one. */
    static void trim(SortedMap<String, byte[]> out) {
        for (String path : Set.copyOf(out.keySet())) {
            if (path.endsWith("/" + LIBRARY)) {
                String chartDir = path.substring(0, path.length() - LIBRARY.length());
                String library = new String(out.get(path), StandardCharsets.UTF_8);
                try {
                    out.put(path, keepUsed(library, chartTemplates(out, chartDir)).getBytes(StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw new InputException("template partials/library.tpl.peb (written as " + path + "): " + e.getMessage()
                            + "; the library holds only {{- define \"lib.<name>\" }} ... {{- end }} blocks, each with"
                            + " an optional comment right above it", e);
                }
            }
        }
    }

    /** The text of the chart's own templates (not its subcharts', not its library copy). */
    private static String chartTemplates(SortedMap<String, byte[]> out, String chartDir) {
        StringBuilder text = new StringBuilder();
        String templates = chartDir + "templates/";
        out.forEach((path, bytes) -> {
            if (path.startsWith(templates) && !path.equals(chartDir + LIBRARY)) {
                text.append(new String(bytes, StandardCharsets.UTF_8)).append('\n');
            }
        });
        return text.toString();
    }

    /** {@code library} without the definitions that {@code templates} reach neither directly nor through others. */
    static String keepUsed(String library, String templates) {
        Map<String, int[]> definitions = definitions(library);
        Set<String> used = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(references(templates));
        while (!todo.isEmpty()) {
            String name = todo.pop();
            int[] span = definitions.get(name);
            if (span != null && used.add(name)) {
                todo.addAll(references(library.substring(span[0], span[1])));
            }
        }
        StringBuilder kept = new StringBuilder();
        int from = 0;
        for (Map.Entry<String, int[]> definition : definitions.entrySet()) {
            int[] span = definition.getValue();
            if (!used.contains(definition.getKey())) {
                kept.append(library, from, span[0]);
                from = skipBlankLine(library, span[1]);
            }
        }
        return ChartRenderer.normalise(kept.append(library.substring(from)).toString());
    }

    private static Set<String> references(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = REFERENCE.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /**
     * Each definition's span, in order: from the comment on the lines right above it (if any) to the end of its
     * {@code end} action and line, found by counting the actions that open and close blocks.
     */
    private static Map<String, int[]> definitions(String library) {
        Map<String, int[]> spans = new LinkedHashMap<>();
        Matcher action = ACTION.matcher(library);
        int depth = 0;
        int commentStart = -1;
        int commentEnd = -1;
        int start = -1;
        String name = null;
        while (action.find()) {
            String body = action.group(2).strip();
            if (depth == 0) {
                Matcher define = DEFINE.matcher(action.group());
                if (!define.lookingAt()) {
                    if (action.group(1) == null || !body.isEmpty()) {
                        throw new IllegalArgumentException("the library has an action outside a define: " + action.group());
                    }
                    commentStart = action.start(); // a comment between definitions, perhaps the next one's
                    commentEnd = action.end();
                    continue;
                }
                name = define.group(1);
                boolean commentAbove = commentStart >= 0 && library.substring(commentEnd, action.start()).equals("\n");
                start = commentAbove ? commentStart : action.start();
                commentStart = -1;
                depth = 1;
            } else if (body.equals("end")) {
                depth--;
                if (depth == 0) {
                    int end = library.indexOf('\n', action.end());
                    if (spans.put(name, new int[] {start, end < 0 ? library.length() : end + 1}) != null) {
                        throw new IllegalArgumentException("the library defines " + name + " twice");
                    }
                }
            } else if (OPENS_BLOCK.matcher(body).matches()) {
                depth++;
            }
        }
        if (depth != 0) {
            throw new IllegalArgumentException("the library's define " + name + " has no end");
        }
        return spans;
    }

    private static int skipBlankLine(String text, int at) {
        return text.startsWith("\n", at) ? at + 1 : at;
    }
}
