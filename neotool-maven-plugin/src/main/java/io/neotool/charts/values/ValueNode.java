package io.neotool.charts.values;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One key of a chart's values, with its description and schema. A chart's values.yaml, the environment
 * files, values.schema.json and the README table are all written from one tree of these.
 */
public sealed interface ValueNode permits ValueNode.Section, ValueNode.Leaf {
    String key();

    String description();

    /**
     * A mapping of documented keys.
     *
     * @param allowed keys Helm may inject that the schema must accept but values.yaml does not write
     *     (a subchart's {@code global}, a dependency's {@code enabled}), with their schema
     * @param open whether the schema takes keys it does not name (a parent chart's own {@code global} keys, which
     *     Helm passes to every subchart)
     */
    record Section(String key, String description, List<ValueNode> children, Map<String, Map<String, Object>> allowed,
                   boolean open) implements ValueNode {
        public Section {
            children = List.copyOf(children);
            allowed = new java.util.TreeMap<>(allowed);
        }

        public Section(String key, String description, List<ValueNode> children, Map<String, Map<String, Object>> allowed) {
            this(key, description, children, allowed, false);
        }

        public Section(String key, String description, List<ValueNode> children) {
            this(key, description, children, Map.of());
        }
    }

    /**
     * A documented key whose value is written as a whole: a scalar, a free-form map or a list.
     *
     * @param value plain data: String, Integer, Long, Boolean, Map or List of those
     * @param schema the JSON schema of the value
     */
    record Leaf(String key, String description, Object value, Map<String, Object> schema) implements ValueNode {}
}
