package io.neotool.charts.verify;

import java.util.List;
import java.util.Map;

/** Null-safe access to the plain maps, lists and scalars a YAML document loads into. */
final class Yaml {
    private Yaml() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return o instanceof List<?> l ? (List<Object>) l : List.of();
    }

    static String str(Object o) {
        return o == null ? "" : String.valueOf(o);
    }

    static boolean isTrue(Object o) {
        return Boolean.TRUE.equals(o) || "true".equals(o);
    }

    static boolean isFalse(Object o) {
        return Boolean.FALSE.equals(o) || "false".equals(o);
    }

    static Object at(Object root, String... path) {
        Object o = root;
        for (String key : path) {
            if (!(o instanceof Map<?, ?> m)) {
                return null;
            }
            o = m.get(key);
        }
        return o;
    }

    static Map<String, Object> mapAt(Object root, String... path) {
        return map(at(root, path));
    }

    static List<Object> listAt(Object root, String... path) {
        return list(at(root, path));
    }
}
