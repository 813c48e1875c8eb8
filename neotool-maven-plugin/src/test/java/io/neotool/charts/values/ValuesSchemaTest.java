package io.neotool.charts.values;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.neotool.charts.model.Quantity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A pattern several keys share is written once, as a definition; a pattern used once stays where it is. */
class ValuesSchemaTest {

    private static Map<String, Object> string(String pattern, String description) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "string");
        schema.put("pattern", pattern);
        schema.put("description", description);
        return schema;
    }

    private static Map<String, Object> object(Map<String, Object> properties) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        schema.put("required", List.copyOf(properties.keySet()));
        return schema;
    }

    @Test
    void aSharedPatternBecomesOneDefinitionAndASinglePatternStays() {
        String quantity = ValuesTrees.schemaPattern(Quantity.PATTERN);
        String other = ValuesTrees.schemaPattern("^[a-z]+$");
        String once = ValuesTrees.schemaPattern("^/.*");
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("$schema", "http://json-schema.org/draft-07/schema#");
        schema.put("title", "t");
        schema.put("definitions", Map.of("subchart", Map.of("type", "object")));
        schema.putAll(object(new LinkedHashMap<>(Map.of(
                "cpu", string(quantity, "CPU."),
                "memory", string(quantity, "Memory."),
                "names", Map.of("type", "array", "items", Map.of("type", "string", "pattern", other)),
                "name", string(other, "Name."),
                "path", string(once, "Path.")))));

        Map<String, Object> shared = ValuesSchema.sharePatterns(schema);

        assertEquals(List.of("$schema", "title", "definitions", "type", "properties", "required"), List.copyOf(shared.keySet()));
        Map<?, ?> definitions = (Map<?, ?>) shared.get("definitions");
        assertEquals(Map.of("type", "object"), definitions.get("subchart"));
        assertEquals(Map.of("type", "string", "pattern", quantity), definitions.get("quantity"));
        assertEquals(Map.of("type", "string", "pattern", other), definitions.get("pattern1"));
        Map<?, ?> properties = (Map<?, ?>) shared.get("properties");
        assertEquals(Map.of("$ref", "#/definitions/quantity", "description", "CPU."), properties.get("cpu"));
        assertEquals(Map.of("$ref", "#/definitions/quantity", "description", "Memory."), properties.get("memory"));
        assertEquals(Map.of("$ref", "#/definitions/pattern1"), ((Map<?, ?>) properties.get("names")).get("items"));
        assertEquals(string(once, "Path."), properties.get("path"));
    }
}
