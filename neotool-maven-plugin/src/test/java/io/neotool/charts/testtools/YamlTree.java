package io.neotool.charts.testtools;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The plain maps, lists and scalars a YAML document loads into: parse, look up by key path (lenient: a missing or
 * non-map step gives an empty map or list, so a test's assertion, not a cast, says what is missing), edit by dotted
 * path and dump. {@link Manifests} adds the lookups of Kubernetes objects in a rendered release.
 */
public final class YamlTree {
    private YamlTree() {}

    /** Every map document of a multi-document YAML string (empty documents left out). */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> documents(String yaml) {
        List<Map<String, Object>> docs = new java.util.ArrayList<>();
        for (Object doc : loader().loadAll(yaml)) {
            if (doc instanceof Map<?, ?> map) {
                docs.add((Map<String, Object>) map);
            }
        }
        return docs;
    }

    /** One YAML document that is a map, e.g. a config file held in a ConfigMap. */
    public static Map<String, Object> document(String yaml) {
        return map(loader().load(yaml));
    }

    /** {@code tree} as YAML text. */
    public static String dump(Object tree) {
        return new Yaml().dump(tree);
    }

    /** The value at {@code path} under {@code node}, or null when a step is missing or not a map. */
    public static Object at(Object node, String... path) {
        Object value = node;
        for (String key : path) {
            if (!(value instanceof Map<?, ?> m)) {
                return null;
            }
            value = m.get(key);
        }
        return value;
    }

    /** The map at {@code path} under {@code node}; empty when there is none. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object node, String... path) {
        return at(node, path) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** The list at {@code path} under {@code node}; empty when there is none. */
    @SuppressWarnings("unchecked")
    public static List<Object> list(Object node, String... path) {
        return at(node, path) instanceof List<?> l ? (List<Object>) l : List.of();
    }

    /** The list at {@code path} under {@code node} as strings (a command, args); empty when there is none. */
    public static List<String> strings(Object node, String... path) {
        return list(node, path).stream().map(String::valueOf).toList();
    }

    /** The list of maps at {@code path} under {@code node} (containers, ports, env); empty when there is none. */
    public static List<Map<String, Object>> maps(Object node, String... path) {
        return list(node, path).stream().map(YamlTree::map).toList();
    }

    // ---- edits by dotted path with list indexes: "spec.template.spec.containers[0].image"

    /** Sets the value at {@code path}, creating missing maps on the way. */
    @SuppressWarnings("unchecked")
    public static void set(Map<String, Object> root, String path, Object value) {
        Object parent = parent(root, path, true);
        String last = last(path);
        if (last.endsWith("]")) {
            List<Object> list = (List<Object>) ((Map<String, Object>) parent).get(last.substring(0, last.indexOf('[')));
            list.set(index(last), value);
        } else {
            ((Map<String, Object>) parent).put(last, value);
        }
    }

    /** Removes the key at {@code path}. */
    @SuppressWarnings("unchecked")
    public static void remove(Map<String, Object> root, String path) {
        ((Map<String, Object>) parent(root, path, false)).remove(last(path));
    }

    /** The value at {@code path}. */
    @SuppressWarnings("unchecked")
    public static Object get(Map<String, Object> root, String path) {
        return ((Map<String, Object>) parent(root, path, false)).get(last(path));
    }

    @SuppressWarnings("unchecked")
    private static Object parent(Map<String, Object> root, String path, boolean create) {
        String[] parts = path.split("\\.");
        Object node = root;
        for (int p = 0; p < parts.length - 1; p++) {
            String part = parts[p];
            String key = part.contains("[") ? part.substring(0, part.indexOf('[')) : part;
            Map<String, Object> map = (Map<String, Object>) node;
            if (create && !map.containsKey(key)) {
                map.put(key, new LinkedHashMap<String, Object>());
            }
            node = map.get(key);
            if (part.contains("[")) {
                node = ((List<Object>) node).get(index(part));
            }
        }
        return node;
    }

    private static String last(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    private static int index(String part) {
        return Integer.parseInt(part.substring(part.indexOf('[') + 1, part.length() - 1));
    }

    private static Yaml loader() {
        return new Yaml(new SafeConstructor(new LoaderOptions()));
    }
}
