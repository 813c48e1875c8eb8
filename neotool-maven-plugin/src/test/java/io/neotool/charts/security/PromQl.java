package io.neotool.charts.security;

import java.util.Set;
import java.util.TreeSet;

/**
 * The metric names a PromQL expression selects, by a small tokenizer: identifiers that are not followed by {@code (}
 * (functions and aggregations), not keywords, aggregation operators or binary operators, not label names (inside {@code {...}}, or the list
 * after {@code by}, {@code without}, {@code on}, {@code ignoring}, {@code group_left}, {@code group_right}), not inside
 * strings, ranges ({@code [5m]}), numbers or durations, and not Grafana variables ({@code $app}, {@code ${app}}).
 * Grafana's {@code label_values(selector, label)} is read as its selector.
 */
final class PromQl {
    /** Binary operators, modifiers and the aggregation operators (which may stand before their by/without clause). */
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "atan2", "inf", "nan",
            "by", "without", "on", "ignoring", "group_left", "group_right", "start", "end", "sum", "min", "max", "avg",
            "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");
    private static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

    private PromQl() {}

    /** The metric names of a Grafana variable query ({@code label_values(...)}) or a PromQL expression. */
    static Set<String> metricNames(String query) {
        String q = query.strip();
        if (q.startsWith("label_values(") && q.endsWith(")")) {
            String inside = q.substring("label_values(".length(), q.length() - 1);
            int comma = topLevelComma(inside);
            return comma < 0 ? Set.of() : metricNames(inside.substring(0, comma));
        }
        Set<String> names = new TreeSet<>();
        int i = 0;
        int n = q.length();
        while (i < n) {
            char c = q.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(q, i);
            } else if (c == '{') {
                i = skipBalanced(q, i, '{', '}');
            } else if (c == '[') {
                i = skipBalanced(q, i, '[', ']');
            } else if (c == '$') {
                i++;
                if (i < n && q.charAt(i) == '{') {
                    i = skipBalanced(q, i, '{', '}');
                } else {
                    while (i < n && isIdentifierPart(q.charAt(i))) {
                        i++;
                    }
                }
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(q.charAt(i + 1)))) {
                while (i < n && (Character.isLetterOrDigit(q.charAt(i)) || q.charAt(i) == '.' || q.charAt(i) == '_')) {
                    i++;
                }
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int start = i;
                while (i < n && isIdentifierPart(q.charAt(i))) {
                    i++;
                }
                String word = q.substring(start, i);
                int next = i;
                while (next < n && Character.isWhitespace(q.charAt(next))) {
                    next++;
                }
                boolean call = next < n && q.charAt(next) == '(';
                if (LABEL_LISTS.contains(word.toLowerCase(java.util.Locale.ROOT))) {
                    if (call) {
                        i = skipBalanced(q, next, '(', ')');
                    }
                } else if (!call && !KEYWORDS.contains(word.toLowerCase(java.util.Locale.ROOT))) {
                    names.add(word);
                }
            } else {
                i++;
            }
        }
        return names;
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == ':';
    }

    private static int skipString(String q, int i) {
        char quote = q.charAt(i);
        i++;
        while (i < q.length() && q.charAt(i) != quote) {
            i += q.charAt(i) == '\\' && quote != '`' ? 2 : 1;
        }
        return i + 1;
    }

    /** The index after the bracket that closes the one at {@code i}, strings inside skipped. */
    private static int skipBalanced(String q, int i, char open, char close) {
        int depth = 0;
        while (i < q.length()) {
            char c = q.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(q, i);
                continue;
            }
            if (c == open) {
                depth++;
            } else if (c == close && --depth == 0) {
                return i + 1;
            }
            i++;
        }
        throw new IllegalArgumentException("unbalanced " + open + " in: " + q);
    }

    private static int topLevelComma(String s) {
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(s, i) - 1;
            } else if (c == '(' || c == '{' || c == '[') {
                depth++;
            } else if (c == ')' || c == '}' || c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
