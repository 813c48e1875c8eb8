package io.neotool.charts.values;

import io.neotool.charts.values.ValueNode.Leaf;
import io.neotool.charts.values.ValueNode.Section;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Writes a values tree as YAML where every key is documented by a comment that starts with its name
 * ({@code # replicas -- Pod replicas when autoscaling is off.}), and the overrides of one environment
 * against the base as a minimal values file.
 */
public final class ValuesYaml {
    private ValuesYaml() {}

    private static final Pattern PLAIN_KEY = Pattern.compile("^[A-Za-z_][A-Za-z0-9_.\\-/]*$");

    /** The whole tree. */
    public static String write(Section root, String header) {
        StringBuilder out = new StringBuilder(header);
        writeChildren(root.children(), 0, out);
        return out.toString();
    }

    /**
     * The keys of {@code environment} whose values differ from {@code base}, with their sections, or null
     * when nothing differs: written over {@code base}, they give {@code environment} as Helm merges values.
     * A map is merged key by key, so only its changed entries are written, and an entry {@code base} has that
     * {@code environment} has not is written as null (Helm's way of removing a key); a list is written whole.
     */
    public static Section overrides(Section base, Section environment) {
        List<ValueNode> children = new ArrayList<>();
        Map<String, ValueNode> byKey = new HashMap<>(); // the first of a key, as a search in order finds it
        base.children().forEach(c -> byKey.putIfAbsent(c.key(), c));
        for (ValueNode child : environment.children()) {
            ValueNode before = byKey.get(child.key());
            if (child instanceof Section section) {
                Section diff = before instanceof Section baseSection ? overrides(baseSection, section) : section;
                if (diff != null) {
                    children.add(diff);
                }
            } else if (!(before instanceof Leaf leaf)) {
                children.add(child);
            } else {
                Leaf after = (Leaf) child;
                Object diff = valueOverrides(leaf.value(), after.value());
                if (diff != UNCHANGED) {
                    children.add(new Leaf(after.key(), after.description(), diff, after.schema()));
                }
            }
        }
        return children.isEmpty() ? null : new Section(environment.key(), environment.description(), children);
    }

    private static final Object UNCHANGED = new Object();

    /** What to write over {@code base} to get {@code value}, or {@link #UNCHANGED}. */
    private static Object valueOverrides(Object base, Object value) {
        if (Objects.equals(base, value)) {
            return UNCHANGED;
        }
        if (!(base instanceof Map<?, ?> before) || !(value instanceof Map<?, ?> after)) {
            return value; // a scalar or a list replaces what is there
        }
        Map<String, Object> diff = new java.util.LinkedHashMap<>();
        after.forEach((k, v) -> {
            Object d = before.containsKey(k) ? valueOverrides(before.get(k), v) : v;
            if (d != UNCHANGED) {
                diff.put(String.valueOf(k), d);
            }
        });
        before.keySet().stream().filter(k -> !after.containsKey(k)).forEach(k -> diff.put(String.valueOf(k), null));
        return diff;
    }

    private static void writeChildren(List<ValueNode> children, int indent, StringBuilder out) {
        String pad = " ".repeat(indent);
        for (ValueNode node : children) {
            if (!node.description().isEmpty()) {
                out.append(pad).append("# ").append(node.key()).append(" -- ").append(node.description()).append('\n');
            }
            out.append(pad).append(key(node.key())).append(':');
            if (node instanceof Section section) {
                out.append('\n');
                writeChildren(section.children(), indent + 2, out);
            } else {
                writeValue(((Leaf) node).value(), indent, out);
            }
        }
    }

    /** Writes a value after "key:", ending the line. */
    private static void writeValue(Object value, int indent, StringBuilder out) {
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            out.append('\n');
            map.forEach((k, v) -> {
                out.append(" ".repeat(indent + 2)).append(key(String.valueOf(k))).append(':');
                writeValue(v, indent + 2, out);
            });
        } else if (value instanceof List<?> list && !list.isEmpty()) {
            out.append('\n');
            for (Object item : list) {
                out.append(" ".repeat(indent + 2)).append("-");
                if (item instanceof Map<?, ?> map && !map.isEmpty()) {
                    boolean first = true;
                    for (Map.Entry<?, ?> e : map.entrySet()) {
                        out.append(first ? " " : " ".repeat(indent + 4)).append(key(String.valueOf(e.getKey()))).append(':');
                        writeValue(e.getValue(), indent + 4, out);
                        first = false;
                    }
                } else {
                    writeValue(item, indent + 2, out);
                }
            }
        } else {
            out.append(' ').append(scalar(value)).append('\n');
        }
    }

    static String scalar(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map<?, ?>) {
            return "{}";
        }
        if (value instanceof List<?>) {
            return "[]";
        }
        if (value instanceof String s) {
            return quote(s);
        }
        return String.valueOf(value);
    }

    private static String key(String key) {
        return PLAIN_KEY.matcher(key).matches() && !isYamlWord(key) ? key : quote(key);
    }

    private static boolean isYamlWord(String s) {
        return s.matches("(?i)y|n|yes|no|on|off|true|false|null|~");
    }

    /** A double-quoted YAML string (JSON escaping is valid YAML). */
    public static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
