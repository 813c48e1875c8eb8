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
     * A chart's schema, whose top-level sections named in {@code subchartSections} (key to chart) belong to a subchart:
     * Helm validates them against that subchart's own values.schema.json (with {@code global}), so here they refer to
     * one definition, an object with a boolean {@code enabled} (the dependency's condition).
     */
    public static String write(Section root, String title, Map<String, String> subchartSections) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("$schema", "http://json-schema.org/draft-07/schema#");
        schema.put("title", title);
        if (!subchartSections.isEmpty()) {
            Map<String, Object> subchart = new LinkedHashMap<>();
            subchart.put("type", "object");
            subchart.put("description", "Values of a subchart: Helm validates them against the subchart's own "
                    + "values.schema.json (charts/<chart>/values.schema.json).");
            subchart.put("properties", Map.of("enabled", Map.of("type", "boolean")));
            schema.put("definitions", Map.of(SUBCHART_DEFINITION, subchart));
        }
        schema.putAll(schemaOf(root, subchartSections));
        return json(schema);
    }

    private static final String SUBCHART_DEFINITION = "subchart";

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
            properties.put(child.key(), chart == null ? schemaOf(child) : Map.of("$ref", "#/definitions/" + SUBCHART_DEFINITION));
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

    /**
     * The rows of a chart whose top-level sections named in {@code subchartSections} belong to a subchart: their keys
     * are described in the subchart's README, so their rows here carry no description.
     */
    public static List<Row> rows(Section root, Map<String, String> subchartSections) {
        return rows(root).stream()
                .map(r -> subchartSections.containsKey(r.key().split("\\.", 2)[0])
                        ? new Row(r.key(), r.type(), r.defaultValue(), "") : r)
                .toList();
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
