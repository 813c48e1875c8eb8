package io.neotool.charts.values;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neotool.charts.values.ValueNode.Leaf;
import io.neotool.charts.values.ValueNode.Section;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** values.schema.json from a values tree: strict objects (no unknown keys), types, enums, bounds, required keys. */
public final class ValuesSchema {
    private ValuesSchema() {}

    private static final ObjectMapper JSON = new ObjectMapper();

    public static String write(Section root, String title) {
        return write(root, title, Map.of());
    }

    /**
     * A chart's schema, whose sections named in {@code subchartSections} (key to chart) belong to a subchart: Helm
     * validates them against that subchart's own values.schema.json (with {@code global}), so here they are objects
     * with a boolean {@code enabled} (the dependency's condition) and no more.
     */
    public static String write(Section root, String title, Map<String, String> subchartSections) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("$schema", "http://json-schema.org/draft-07/schema#");
        schema.put("title", title);
        schema.putAll(schemaOf(root, subchartSections));
        return json(schema);
    }

    static Map<String, Object> schemaOf(ValueNode node) {
        return schemaOf(node, Map.of());
    }

    private static Map<String, Object> schemaOf(ValueNode node, Map<String, String> subchartSections) {
        if (node instanceof Leaf leaf) {
            Map<String, Object> schema = new LinkedHashMap<>(leaf.schema());
            if (!leaf.description().isEmpty()) {
                schema.put("description", leaf.description());
            }
            return schema;
        }
        Section section = (Section) node;
        Map<String, Object> properties = new LinkedHashMap<>();
        for (ValueNode child : section.children()) {
            String chart = subchartSections.get(child.key());
            properties.put(child.key(), chart == null ? schemaOf(child) : subchartSchema(child.description(), chart));
        }
        section.allowed().forEach(properties::putIfAbsent);
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        if (!section.description().isEmpty()) {
            schema.put("description", section.description());
        }
        schema.put("additionalProperties", false);
        schema.put("properties", properties);
        schema.put("required", section.children().stream().map(ValueNode::key).toList());
        return schema;
    }

    private static Map<String, Object> subchartSchema(String description, String chart) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("description", description + " Validated by charts/" + chart + "/values.schema.json.");
        schema.put("properties", Map.of("enabled", Map.of("type", "boolean")));
        return schema;
    }

    /** Pretty JSON with LF line ends and a final newline, the same on every machine. */
    public static String json(Object value) {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try {
            return JSON.writer(printer).writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One README row per documented leaf: key path, type, default (compact JSON), description. */
    public record Row(String key, String type, String defaultValue, String description) {}

    public static List<Row> rows(Section root) {
        List<Row> rows = new java.util.ArrayList<>();
        collect(root, "", rows);
        return rows;
    }

    private static void collect(ValueNode node, String prefix, List<Row> rows) {
        String path = prefix.isEmpty() ? node.key() : prefix + "." + node.key();
        if (node instanceof Section section) {
            for (ValueNode child : section.children()) {
                collect(child, path, rows);
            }
        } else {
            Leaf leaf = (Leaf) node;
            String compact;
            try {
                compact = JSON.writeValueAsString(leaf.value());
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
            rows.add(new Row(path, String.valueOf(leaf.schema().get("type")), compact, leaf.description()));
        }
    }
}
