package io.neotool.charts.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The schemas of the CustomResourceDefinitions rendered in the same release: a custom resource whose CRD is
 * there is validated against its {@code openAPIV3Schema} (with JSON Schema, networknt), strictly: objects that
 * declare properties and do not preserve unknown fields reject others, as the API server's pruning would drop them.
 */
public final class CrdSchemas {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, Schema> schemas = new HashMap<>();

    public static CrdSchemas from(List<Manifest> manifests) {
        CrdSchemas crds = new CrdSchemas();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);
        for (Manifest m : manifests) {
            if (!"CustomResourceDefinition".equals(m.kind())) {
                continue;
            }
            String group = Yaml.str(m.at("spec", "group"));
            String kind = Yaml.str(m.at("spec", "names", "kind"));
            for (Object v : Yaml.listAt(m.body(), "spec", "versions")) {
                Object schema = Yaml.at(v, "schema", "openAPIV3Schema");
                if (schema == null) {
                    continue;
                }
                try {
                    String json = JSON.writeValueAsString(strict(schema));
                    crds.schemas.put(group + "/" + Yaml.str(Yaml.at(v, "name")) + " " + kind,
                            registry.getSchema(json, InputFormat.JSON));
                } catch (Exception e) {
                    // A CRD whose schema does not load: its resources stay "not validated", the CRD itself is checked
                    // by the built-in schema.
                }
            }
        }
        return crds;
    }

    @SuppressWarnings("unchecked")
    private static Object strict(Object schema) {
        if (schema instanceof Map<?, ?> map) {
            Map<String, Object> copy = new java.util.LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), strict(v)));
            if (copy.containsKey("properties") && !copy.containsKey("additionalProperties")
                    && !Yaml.isTrue(copy.get("x-kubernetes-preserve-unknown-fields"))) {
                Map<String, Object> props = new java.util.LinkedHashMap<>((Map<String, Object>) copy.get("properties"));
                // Every object carries these; CRD schemas often leave them out.
                props.putIfAbsent("apiVersion", Map.of("type", "string"));
                props.putIfAbsent("kind", Map.of("type", "string"));
                props.putIfAbsent("metadata", Map.of("type", "object"));
                if (copy.get("properties") != null && isRoot(copy)) {
                    copy.put("properties", props);
                }
                copy.put("additionalProperties", false);
            }
            return copy;
        }
        if (schema instanceof List<?> list) {
            return list.stream().map(CrdSchemas::strict).toList();
        }
        return schema;
    }

    private static boolean isRoot(Map<String, Object> schema) {
        Object props = schema.get("properties");
        return props instanceof Map<?, ?> p && (p.containsKey("spec") || p.containsKey("apiVersion"));
    }

    /** The problems of a custom resource, or empty if no rendered CRD describes it. */
    public Optional<List<String>> validate(Manifest m) {
        Schema schema = schemas.get(m.apiVersion() + " " + m.kind());
        if (schema == null) {
            return Optional.empty();
        }
        try {
            List<String> problems = new ArrayList<>();
            schema.validate(JSON.writeValueAsString(m.body()), InputFormat.JSON)
                    .forEach(e -> problems.add(e.getInstanceLocation() + ": " + e.getMessage()));
            problems.sort(null);
            return Optional.of(List.copyOf(problems));
        } catch (Exception e) {
            return Optional.of(List.of("could not validate against the rendered CRD: " + e.getMessage()));
        }
    }

    public boolean isEmpty() {
        return schemas.isEmpty();
    }
}
