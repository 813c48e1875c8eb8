package io.neotool.charts.model;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Binds a YAML node tree to the spec records, strictly: an unknown key (with the nearest valid name), a
 * duplicate key, a wrong type or a missing required key is a problem with its line, column and key path.
 * Missing keys take the record's {@code DEFAULTS}. All problems are collected; binding goes on after one.
 */
final class RecordBinder {
    private final String file;
    private final List<SpecProblem> problems = new ArrayList<>();
    private final Map<String, int[]> positions = new HashMap<>();
    /** The key node each mapping entry's path was written with: a key path's place is its key's line. */
    private final Map<String, Node> keyNodes = new HashMap<>();

    /** Keys the root mapping may hold beside its record's, read by the caller (the spec's environments). */
    private final List<String> rootExtras;

    RecordBinder(String file) {
        this(file, List.of());
    }

    RecordBinder(String file, List<String> rootExtras) {
        this.file = file;
        this.rootExtras = rootExtras;
    }

    List<SpecProblem> problems() {
        return problems;
    }

    /** Line and column of each bound key path, for problems found after binding. */
    Map<String, int[]> positions() {
        return positions;
    }

    void problem(Node node, String path, String message) {
        int line = node == null ? 0 : node.getStartMark().getLine() + 1;
        int column = node == null ? 0 : node.getStartMark().getColumn() + 1;
        SpecProblem problem = new SpecProblem(file, line, column, path, message);
        if (!problems.contains(problem)) { // the root mapping is read twice: for its environments, then bound
            problems.add(problem);
        }
    }

    /** How a problem about a key the record does not have begins. */
    static final String UNKNOWN_KEY = "unknown key '";

    /** Spec keys that moved, by their old path: an unknown key at such a path names its new place. */
    private static final Map<String, String> MOVED = Map.of("networkPolicy.enabled", "global.networkPolicy.enabled");

    /** Spec keys that were removed, by their path: an unknown key at such a path says why, and to delete it. */
    private static final Map<String, String> REMOVED = Map.of("vault.networkPolicy.clientNamespaces",
            "it never changed anything (Vault admits the services its egress peers name)",
            "global.objectStorage.buckets", "no chart read it: a service's buckets are in its env (the assets service's "
                    + "STORAGE_PUBLIC_BUCKET, STORAGE_PRIVATE_BUCKET), Loki's at observability.loki.s3.bucket, the "
                    + "backups' at postgres.backup.bucket");

    <T extends Record> T bindRecord(Node node, Class<T> type, T defaults, String path) {
        remember(node, path);
        if (isNull(node)) {
            return defaults != null ? defaults : missing(node, type, path);
        }
        if (!(node instanceof MappingNode mapping)) {
            problem(node, path, "expected a mapping of " + keysOf(type) + ", found " + describe(node));
            return defaults;
        }
        RecordComponent[] components = type.getRecordComponents();
        List<String> valid = new ArrayList<>(Arrays.stream(components).map(RecordComponent::getName).toList());
        if (path.isEmpty()) {
            valid.addAll(rootExtras);
        }
        Map<String, Node> given = entries(mapping, path);
        for (Map.Entry<String, Node> entry : given.entrySet()) {
            if (!valid.contains(entry.getKey())) {
                String moved = MOVED.get(join(path, entry.getKey()));
                String removed = REMOVED.get(join(path, entry.getKey()));
                String above = keyAbove(mapping, entry.getKey(), components);
                // a misspelt key (kafak: its keys kafka's too) before a service written without services: (cart: its
                // keys a service's, not chart's)
                String entryOf = entryOf(entry.getValue(), components);
                String nearest = Suggestions.nearest(entry.getKey(), valid)
                        .filter(n -> entryOf == null || fits(entry.getValue(), components, n)).orElse(null);
                String hint = moved != null ? "it moved to '" + moved + "'. "
                        : removed != null ? "it was removed: " + removed + "; delete it. "
                        : above != null ? "it is a key of " + join(path, above) + ", the key above it: if it belongs "
                                + "there, indent it under " + above + ". "
                        : nearest != null ? "did you mean '" + nearest + "'? "
                        : entryOf != null ? "its keys are those of an entry of " + join(path, entryOf) + ": if it is one, "
                                + "write it under " + entryOf + " (" + join(join(path, entryOf), entry.getKey()) + "). "
                        : "";
                problem(keyNode(mapping, entry.getKey()), join(path, entry.getKey()),
                        UNKNOWN_KEY + entry.getKey() + "'; " + hint + "valid keys: " + String.join(", ", valid));
            }
        }
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            Object fallback = defaults == null ? null : accessor(c, defaults);
            Node child = given.get(c.getName());
            String childPath = join(path, c.getName());
            if (child == null) {
                if (fallback == null) {
                    problem(mapping, childPath, "missing required key '" + c.getName() + "'");
                }
                args[i] = fallback != null ? fallback : emptyOf(c.getType());
            } else if (isNull(child)) {
                remember(child, childPath);
                problem(child, childPath, "'" + c.getName() + "' has no value (null); give it one (its keys indented "
                        + "under it), or remove the key (the default then holds, or in an environment the base spec's value)");
                args[i] = fallback != null ? fallback : emptyOf(c.getType());
            } else {
                Object value = bindValue(child, c.getGenericType(), fallback, childPath);
                args[i] = value != null ? value : (fallback != null ? fallback : emptyOf(c.getType()));
            }
        }
        return construct(type, components, args);
    }

    /**
     * An entry of a map of records that has problems and is named like a key of those records ({@code database:} among
     * the services) is most likely that key of the entry above it, indented one level too far out: its problems (from
     * {@code from} on) say so.
     */
    private void slipped(int from, String path, String key, Type valueType) {
        Class<?> raw = rawType(valueType);
        if (problems.size() == from || !raw.isRecord() || !Records.hasComponent(raw.asSubclass(Record.class), key)) {
            return;
        }
        for (int i = from; i < problems.size(); i++) {
            SpecProblem p = problems.get(i);
            problems.set(i, new SpecProblem(p.file(), p.line(), p.column(), p.path(), p.message() + " ('" + key + "' is read "
                    + "as an entry of " + path + ", and it is also a key of each entry: if it belongs to the entry above it, "
                    + "indent it under that entry)"));
        }
    }

    @SuppressWarnings("unchecked")
    private Object bindValue(Node node, Type type, Object fallback, String path) {
        remember(node, path);
        Class<?> raw = rawType(type);
        if (isNull(node)) {
            return fallback;
        }
        if (raw.isRecord()) {
            Object defaults = fallback != null ? fallback : Records.defaultsOf(raw);
            return bindRecord(node, (Class<Record>) raw, (Record) defaults, path);
        }
        if (raw == Map.class) {
            Type valueType = ((ParameterizedType) type).getActualTypeArguments()[1];
            if (!(node instanceof MappingNode mapping)) {
                Class<?> value = rawType(valueType);
                problem(node, path, "expected a mapping (name: " + (value.isRecord() ? "{" + Records.components(
                        value.asSubclass(Record.class)).stream().map(RecordComponent::getName).collect(Collectors.joining(", "))
                        + "}" : "value") + " per entry), found " + describe(node));
                return fallback;
            }
            Map<String, Object> result = new LinkedHashMap<>();
            for (Map.Entry<String, Node> entry : entries(mapping, path).entrySet()) {
                int before = problems.size();
                if (isNull(entry.getValue())) {
                    problem(entry.getValue(), join(path, entry.getKey()), "'" + entry.getKey() + "' has no value (null); "
                            + "give it one, or remove the entry to leave it out (an environment cannot remove an entry the "
                            + "base sets: move that entry out of the base into the environments that need it)");
                    slipped(before, path, entry.getKey(), valueType);
                    continue;
                }
                Object value = bindValue(entry.getValue(), valueType, Records.defaultsOf(rawType(valueType)), join(path, entry.getKey()));
                slipped(before, path, entry.getKey(), valueType);
                if (value != null) {
                    result.put(entry.getKey(), value);
                }
            }
            return java.util.Collections.unmodifiableMap(result);
        }
        if (raw == List.class) {
            if (!(node instanceof SequenceNode sequence)) {
                problem(node, path, "expected a list, found " + describe(node));
                return fallback;
            }
            Type itemType = ((ParameterizedType) type).getActualTypeArguments()[0];
            List<Object> result = new ArrayList<>();
            List<Node> items = sequence.getValue();
            for (int i = 0; i < items.size(); i++) {
                if (isNull(items.get(i))) {
                    remember(items.get(i), path + "[" + i + "]");
                    problem(items.get(i), path + "[" + i + "]", "entry " + i + " has no value (null); give it one, or "
                            + "remove the entry");
                    continue;
                }
                Object value = bindValue(items.get(i), itemType, Records.defaultsOf(rawType(itemType)), path + "[" + i + "]");
                if (value != null) {
                    result.add(value);
                }
            }
            return List.copyOf(result);
        }
        if (!(node instanceof ScalarNode scalar)) {
            problem(node, path, "expected " + scalarName(raw) + ", found " + describe(node));
            return fallback;
        }
        String text = scalar.getValue();
        if (raw == String.class) {
            return text;
        }
        if (raw == boolean.class || raw == Boolean.class) {
            if (scalar.getTag().equals(Tag.BOOL)) {
                return Boolean.parseBoolean(text.toLowerCase(java.util.Locale.ROOT))
                        || text.equalsIgnoreCase("yes") || text.equalsIgnoreCase("on");
            }
        } else if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            if (scalar.getTag().equals(Tag.INT)) {
                if (text.replace("_", "").matches("[-+]?0[0-9]+")) { // 010: Helm's YAML reads 8, this parser 10
                    problem(node, path, "integer " + text + " has a leading zero, which Helm reads as octal (010 is 8 there); "
                            + "write it as a plain decimal number without the zero");
                    return fallback;
                }
                try {
                    long value = Long.parseLong(text.replace("_", ""));
                    if ((raw == int.class || raw == Integer.class) && (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE)) {
                        problem(node, path, "integer " + text + " is out of range");
                        return fallback;
                    }
                    return raw == int.class || raw == Integer.class ? (Object) (int) value : (Object) value;
                } catch (NumberFormatException e) {
                    problem(node, path, text.replace("_", "").matches("[-+]?[0-9]+") ? "integer " + text + " is out of range"
                            : "integer " + text + " is not written in decimal (YAML reads hexadecimal, octal and 1:30 as "
                            + "integers, Helm's values may not); write it as a plain decimal number");
                    return fallback;
                }
            }
        } else {
            throw new IllegalStateException("the spec model has a field of unsupported type " + type);
        }
        problem(node, path, "expected " + scalarName(raw) + ", found " + describe(node));
        return fallback;
    }

    /** The keys of a mapping in file order; a duplicate is a problem and the first one wins. */
    Map<String, Node> entries(MappingNode mapping, String path) {
        Map<String, Node> result = new LinkedHashMap<>();
        Map<String, Node> keys = new HashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                problem(tuple.getKeyNode(), path, "keys must be plain strings, found " + describe(tuple.getKeyNode()));
                continue;
            }
            String key = keyNode.getValue();
            if (keyNode.getTag().equals(Tag.MERGE)) {
                problem(keyNode, join(path, key), "YAML merge keys ('<<') are not read in the spec: write the keys out "
                        + "here (an alias of a whole value, key: *name, is read)");
                continue;
            }
            if (!keyNode.getTag().equals(Tag.STR)) {
                problem(keyNode, join(path, key), "the key " + describe(keyNode) + " is read as a YAML "
                        + kind(keyNode) + ", not a name; names are strings (quote it: '" + key + "')");
                continue;
            }
            if (keys.containsKey(key)) {
                problem(keyNode, join(path, key), "duplicate key '" + key + "' (first at line "
                        + (keys.get(key).getStartMark().getLine() + 1) + "); remove one of them");
                continue;
            }
            keys.put(key, keyNode);
            keyNodes.putIfAbsent(join(path, key), keyNode);
            result.put(key, tuple.getValueNode());
        }
        return result;
    }

    /**
     * Every mapping's keys in {@code node}, at any depth, as {@link #entries} reads them (a duplicate, a key that is no
     * name): for an environment's block, of whose keys the merge with the base keeps one each.
     */
    void checkKeys(Node node, String path) {
        if (node instanceof MappingNode mapping) {
            entries(mapping, path).forEach((key, value) -> checkKeys(value, join(path, key)));
        } else if (node instanceof SequenceNode sequence) {
            for (int i = 0; i < sequence.getValue().size(); i++) {
                checkKeys(sequence.getValue().get(i), path + "[" + i + "]");
            }
        }
    }

    /**
     * The key written just above {@code key} in {@code mapping}, when its value is a record that has a key named
     * {@code key}: an unknown key there is most likely that record's, indented one level too far out.
     */
    private static String keyAbove(MappingNode mapping, String key, RecordComponent[] components) {
        String above = null;
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode s)) {
                continue;
            }
            if (s.getValue().equals(key)) {
                break;
            }
            above = s.getValue();
        }
        for (RecordComponent c : components) {
            if (c.getName().equals(above) && c.getType().isRecord()
                    && Records.hasComponent(c.getType().asSubclass(Record.class), key)) {
                return above;
            }
        }
        return null;
    }

    /** Whether {@code value}'s keys are all keys of the record component {@code name} (or it is no record). */
    private static boolean fits(Node value, RecordComponent[] components, String name) {
        for (RecordComponent c : components) {
            if (c.getName().equals(name)) {
                return !c.getType().isRecord() || keysOf(value, c.getType());
            }
        }
        return false;
    }

    /**
     * The component of {@code components} that maps names to records whose keys {@code value}'s keys all are (a
     * service written where {@code services} is, without it), or null.
     */
    private static String entryOf(Node value, RecordComponent[] components) {
        for (RecordComponent c : components) {
            if (c.getType() == Map.class && c.getGenericType() instanceof ParameterizedType map
                    && map.getActualTypeArguments()[1] instanceof Class<?> entry && keysOf(value, entry)) {
                return c.getName();
            }
        }
        return null;
    }

    /** Whether {@code value} is a mapping of some keys, each a key of the record {@code type}. */
    private static boolean keysOf(Node value, Class<?> type) {
        return type.isRecord() && value instanceof MappingNode mapping && !mapping.getValue().isEmpty()
                && mapping.getValue().stream().allMatch(t -> t.getKeyNode() instanceof ScalarNode k
                        && Records.hasComponent(type.asSubclass(Record.class), k.getValue()));
    }

    static Node keyNode(MappingNode mapping, String key) {
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode s && s.getValue().equals(key)) {
                return s;
            }
        }
        return mapping;
    }

    /** Where {@code path} is written: its key's place, or the node's for a list item and the root. */
    private void remember(Node node, String path) {
        Node at = keyNodes.getOrDefault(path, node);
        if (at != null) {
            positions.putIfAbsent(path, new int[] {at.getStartMark().getLine() + 1, at.getStartMark().getColumn() + 1});
        }
    }

    private <T> T missing(Node node, Class<T> type, String path) {
        problem(node, path, "expected a mapping of " + keysOf(type) + ", found nothing");
        return null;
    }

    static boolean isNull(Node node) {
        return node == null || (node instanceof ScalarNode s && s.getTag().equals(Tag.NULL));
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        ScalarNode s = (ScalarNode) node;
        return kind(s) + " '" + s.getValue() + "'";
    }

    /** What YAML reads a scalar as, in words. */
    private static String kind(ScalarNode s) {
        Tag tag = s.getTag();
        return tag.equals(Tag.INT) ? "integer" : tag.equals(Tag.BOOL) ? "boolean" : tag.equals(Tag.FLOAT) ? "number"
                : tag.equals(Tag.NULL) ? "null" : tag.equals(Tag.TIMESTAMP) ? "timestamp" : tag.equals(Tag.STR) ? "string"
                : "value tagged " + tag.getValue();
    }

    private static String scalarName(Class<?> raw) {
        if (raw == boolean.class || raw == Boolean.class) {
            return "true or false";
        }
        if (raw == String.class) {
            return "a string";
        }
        return "an integer";
    }

    private static String keysOf(Class<?> type) {
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).collect(Collectors.joining(", "));
    }

    private static Class<?> rawType(Type type) {
        return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    }

    private static Object emptyOf(Class<?> type) {
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == String.class) {
            return "";
        }
        if (type == Map.class) {
            return Map.of();
        }
        if (type == List.class) {
            return List.of();
        }
        return Records.defaultsOf(type);
    }

    static Object accessor(RecordComponent component, Object record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T construct(Class<T> type, RecordComponent[] components, Object[] args) {
        try {
            Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
            Constructor<T> constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return constructor.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
        }
    }
}
