package io.neotool.charts.values;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neotool.charts.model.ImageReference;
import io.neotool.charts.model.Names;
import io.neotool.charts.model.Quantity;
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
        return json(sharePatterns(schema));
    }

    /**
     * The schema with each pattern that several string keys share written once, as a definition they refer to. Helm
     * compiles a subchart's schema once per alias on every lint and render, and compiles each pattern it meets into a
     * regular expression: a shared pattern is compiled once per schema. Values are validated alike, and a value that
     * does not match is refused with the same message (its key path and the pattern).
     */
    static Map<String, Object> sharePatterns(Map<String, Object> schema) {
        Map<String, Integer> uses = new LinkedHashMap<>();
        Map<String, Map<String, Object>> types = new LinkedHashMap<>();
        patterns(schema, uses, types);
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, Object> definitions = new LinkedHashMap<>();
        int[] unnamed = {0};
        uses.forEach((pattern, count) -> {
            if (count > 1) {
                String name = PATTERN_NAMES.containsKey(pattern) ? PATTERN_NAMES.get(pattern) : "pattern" + ++unnamed[0];
                names.put(pattern, name);
                Map<String, Object> definition = new LinkedHashMap<>();
                definition.putAll(types.get(pattern));
                definition.put("pattern", pattern);
                definitions.put(name, definition);
            }
        });
        if (names.isEmpty()) {
            return schema;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> shared = (Map<String, Object>) referTo(schema, names);
        Map<String, Object> out = new LinkedHashMap<>();
        shared.forEach((key, value) -> {
            if (key.equals("definitions")) {
                return; // written after the title, with the shared patterns
            }
            out.put(key, value);
            if (key.equals("title")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> own = (Map<String, Object>) shared.getOrDefault("definitions", Map.of());
                Map<String, Object> all = new LinkedHashMap<>(own);
                all.putAll(definitions);
                out.put("definitions", all);
            }
        });
        return out;
    }

    /** The named patterns of the model, by their form in a schema; others are numbered. */
    private static final Map<String, String> PATTERN_NAMES = Map.of(
            ValuesTrees.schemaPattern(Names.DNS_1123_LABEL), "dns1123Label",
            ValuesTrees.schemaPattern(Names.DNS_1123_SUBDOMAIN), "dns1123Subdomain",
            ValuesTrees.schemaPattern(Quantity.PATTERN), "quantity",
            ValuesTrees.schemaPattern(ImageReference.REGISTRY), "imageRegistry",
            ValuesTrees.schemaPattern(ImageReference.REPOSITORY), "imageRepository",
            ValuesTrees.schemaPattern(ImageReference.TAG), "imageTag");

    /**
     * A string key's schema with a pattern: its type (a string, or a string or number for a quantity, with a minimum) and
     * pattern, nothing else that validates.
     */
    private static boolean isPatternString(Map<?, ?> node) {
        return node.get("pattern") instanceof String
                && ("string".equals(node.get("type")) || List.of("string", "number").equals(node.get("type")))
                && node.keySet().stream().allMatch(k -> List.of("type", "pattern", "minimum", "description").contains(k));
    }

    /** Counts each pattern's uses, and keeps what validates beside it (its type and minimum) for its definition. */
    private static void patterns(Object node, Map<String, Integer> uses, Map<String, Map<String, Object>> types) {
        if (node instanceof Map<?, ?> map) {
            if (isPatternString(map)) {
                uses.merge((String) map.get("pattern"), 1, Integer::sum);
                Map<String, Object> type = new LinkedHashMap<>();
                map.forEach((k, v) -> {
                    if (k.equals("type") || k.equals("minimum")) {
                        type.put((String) k, v);
                    }
                });
                types.putIfAbsent((String) map.get("pattern"), type);
            }
            map.values().forEach(child -> patterns(child, uses, types));
        } else if (node instanceof List<?> list) {
            list.forEach(child -> patterns(child, uses, types));
        }
    }

    private static Object referTo(Object node, Map<String, String> names) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            if (isPatternString(map) && names.containsKey((String) map.get("pattern"))) {
                out.put("$ref", "#/definitions/" + names.get((String) map.get("pattern")));
                if (map.containsKey("description")) {
                    out.put("description", map.get("description"));
                }
                return out;
            }
            map.forEach((key, value) -> out.put(String.valueOf(key), referTo(value, names)));
            return out;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(child -> referTo(child, names)).toList();
        }
        return node;
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
        schema.put("additionalProperties", section.open());
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
