package io.neotool.charts.values;

import io.neotool.charts.model.Component;
import io.neotool.charts.model.Components;
import io.neotool.charts.model.Doc;
import io.neotool.charts.model.Names;
import io.neotool.charts.model.PlatformSpec;
import io.neotool.charts.model.Quantity;
import io.neotool.charts.model.Records;
import io.neotool.charts.model.ServiceSpec;
import io.neotool.charts.values.ValueNode.Leaf;
import io.neotool.charts.values.ValueNode.Section;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds the values trees of the charts from the spec model: each record component with its {@link Doc}
 * becomes a key, its description and its schema. Maps are written sorted, so output never depends on
 * the order of the spec.
 */
public final class ValuesTrees {
    private ValuesTrees() {}

    /** Directory of the generic service chart's templates, under the umbrella's charts/. */
    public static final String SERVICE_TEMPLATES = Components.SERVICE.chart();

    /** Name of the generic service chart: the platform's name with {@code -service} (neotool-service for Neotool). */
    public static String serviceChart(PlatformSpec spec) {
        return spec.chart().name() + "-service";
    }

    private static final Map<String, Object> ANY_OBJECT = Map.of("type", "object");

    /** The umbrella chart's values for one environment, every declared component deployed. */
    public static Section umbrella(PlatformSpec spec) {
        return umbrella(spec, Components.SUBCHARTS, Components.SUBCHARTS);
    }

    /**
     * The umbrella chart's values for one environment: a section per component of {@code subcharts}; one not in
     * {@code deployed} (no environment enables it, so its chart is not generated) gets only {@code enabled: false}.
     */
    public static Section umbrella(PlatformSpec spec, List<Component> subcharts, List<Component> deployed) {
        List<ValueNode> children = new ArrayList<>();
        // open: a chart that has the umbrella as a dependency passes its own global keys too (neotool:lint refuses
        // a key no chart reads in the project's own values files, where it is a misspelt one)
        Section global = section("global", "Settings every chart shares (Helm passes them to all subcharts).", spec.global());
        children.add(new Section(global.key(), global.description(), global.children(), global.allowed(), true));
        children.add(new Section("namespaces", "The platform's namespaces, created by the umbrella chart.", List.of(
                new Leaf("create", "Whether the chart creates the namespaces (false when they exist already).", true,
                        Map.of("type", "boolean")),
                new Leaf("items", "Namespace name to its Pod Security level (restricted unless a reason is given).",
                        plain(new TreeMap<>(spec.namespaces())), mapOf(recordSchema(PlatformSpec.NamespaceSpec.class))))));
        children.add(section("networkPolicy", "Default-deny NetworkPolicies in the platform namespaces, DNS egress "
                + "and the other side of every service connection (router and web admit the ingress controller themselves), "
                + "rendered when global.networkPolicy.enabled is on.",
                spec.networkPolicy()));
        for (Component subchart : subcharts) {
            List<ValueNode> keys = deployed.contains(subchart)
                    ? section("", "", (Record) subchart.sectionOf(spec)).children()
                    : List.of(new Leaf("enabled", "Off: the spec deploys no " + subchart.chart() + " (the chart is not "
                            + "generated).", false, Map.of("type", "boolean")));
            children.add(new Section(subchart.chart(), subchart.keyDescription(), keys, Map.of("global", ANY_OBJECT)));
        }
        children.add(section("cluster", "The cluster this environment runs on: neotool:lint reports whether the "
                + "platform's requests fit its nodes (no template reads it).", spec.cluster()));
        new TreeMap<>(spec.services()).forEach((name, service) -> {
            List<ValueNode> keys = new ArrayList<>();
            keys.add(new Leaf("enabled", "Whether to deploy the " + name + " service.", true, Map.of("type", "boolean")));
            keys.addAll(serviceKeys(name, service.resolved(name)));
            children.add(new Section(name, "The " + name + " service (chart " + serviceChart(spec) + ").", keys,
                    Map.of("global", ANY_OBJECT)));
        });
        // the condition a chart that has the umbrella as a dependency gives it
        return new Section("", "", children, Map.of("enabled", Map.of("type", "boolean")));
    }

    /**
     * The chart under each section of the umbrella's values that a subchart owns: each deployed component under its
     * own name, the service chart under each service's alias.
     */
    public static Map<String, String> subchartSections(PlatformSpec spec, List<Component> deployed) {
        Map<String, String> charts = new LinkedHashMap<>();
        deployed.forEach(subchart -> charts.put(subchart.chart(), subchart.chart()));
        new TreeMap<>(spec.services()).keySet().forEach(name -> charts.put(name, serviceChart(spec)));
        return charts;
    }

    /**
     * The umbrella's values as its values.yaml writes them: a section a subchart owns carries {@code enabled} (the
     * dependency's condition), a component's its {@code namespace}, and only the keys that differ from that subchart's own values.yaml ({@code chartValues},
     * by chart name), which Helm merges under them; every other section is written whole. {@code umbrella} is what the
     * templates see after that merge.
     */
    public static Section byReference(Section umbrella, Map<String, String> subchartSections, Map<String, Section> chartValues) {
        List<ValueNode> children = new ArrayList<>();
        for (ValueNode child : umbrella.children()) {
            String chart = subchartSections.get(child.key());
            if (chart == null) {
                children.add(child);
                continue;
            }
            Section own = (Section) child;
            Section chartDefaults = chartValues.get(chart);
            List<ValueNode> keys = new ArrayList<>();
            // a component's namespace too: with the component off, Helm drops its chart's values, and the umbrella's
            // templates still need its namespace to find what points at its Service
            Set<String> always = chart.equals(own.key()) ? Set.of("enabled", "namespace") : Set.of("enabled");
            own.children().stream().filter(c -> always.contains(c.key())).forEach(keys::add);
            Section diff = ValuesYaml.overrides(chartDefaults, own);
            if (diff != null) {
                diff.children().stream().filter(c -> !always.contains(c.key())).forEach(keys::add);
            }
            children.add(new Section(own.key(), own.description() + " Other keys: charts/" + chart + "/values.yaml.",
                    keys, own.allowed()));
        }
        return new Section(umbrella.key(), umbrella.description(), children, umbrella.allowed());
    }

    /**
     * The platform's service chart's own values: the plan's defaults with the platform's addresses, usable alone with
     * --set serviceName=...; no namespace, so a release installed alone lands in its own namespace (-n).
     */
    public static Section service(PlatformSpec spec) {
        return new Section("", "", serviceKeys("", ServiceSpec.standalone(spec)),
                Map.of("global", globalAlone(spec), "enabled", Map.of("type", "boolean")));
    }

    /** A component subchart's own values: its section of {@code defaults} ({@link PlatformSpec#defaultsInPlace()}). */
    public static Section subchart(PlatformSpec defaults, Component subchart) {
        return new Section("", "", section("", "", (Record) subchart.sectionOf(defaults)).children(),
                Map.of("global", globalAlone(defaults)));
    }

    /**
     * The schema of {@code global} in a chart's own values: the platform's global keys with their types, enums and
     * bounds, each checked where given (a chart installed alone with global.environment: production would otherwise
     * skip every prod check), none required (such a chart has none of its own), and open to a parent chart's keys.
     * Their descriptions are the umbrella's.
     */
    private static Map<String, Object> globalAlone(PlatformSpec spec) {
        Section global = section("global", "", spec.global());
        return checksOnly(ValuesSchema.schemaOf(new Section(global.key(), "", global.children(), global.allowed(), true)));
    }

    /** A schema without its required keys and descriptions, at every depth. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> checksOnly(Map<String, Object> schema) {
        Map<String, Object> out = new LinkedHashMap<>();
        schema.forEach((key, value) -> {
            if (key.equals("required") || key.equals("description")) {
                return;
            }
            if (key.equals("properties") && value instanceof Map<?, ?> properties) {
                Map<String, Object> each = new LinkedHashMap<>();
                properties.forEach((name, property) -> each.put((String) name, checksOnly((Map<String, Object>) property)));
                out.put(key, each);
            } else if (value instanceof Map<?, ?> nested && (key.equals("items") || key.equals("additionalProperties"))) {
                out.put(key, checksOnly((Map<String, Object>) nested));
            } else {
                out.put(key, value);
            }
        });
        return out;
    }

    private static List<ValueNode> serviceKeys(String name, ServiceSpec service) {
        List<ValueNode> keys = new ArrayList<>();
        Map<String, Object> serviceName = new LinkedHashMap<>(); // ServiceSpec.MAX_NAME says why
        serviceName.put("type", "string");
        serviceName.put("maxLength", ServiceSpec.MAX_NAME);
        serviceName.put("pattern", schemaPattern(Names.DNS_1035_LABEL));
        keys.add(new Leaf("serviceName", "Name of the service; names its resources (e.g. app).", name, serviceName));
        keys.add(new Leaf("fullnameOverride", "Replaces the resource names derived from serviceName.", "", serviceName));
        keys.addAll(section("", "", service).children());
        return keys;
    }

    /** A section from a record: one key per component. */
    static Section section(String key, String description, Record record) {
        List<ValueNode> children = new ArrayList<>();
        for (RecordComponent c : Records.components(record.getClass())) {
            Doc doc = c.getAnnotation(Doc.class);
            String text = doc == null ? "" : doc.value();
            Object value = read(c, record);
            if (value instanceof Record nested) {
                children.add(section(c.getName(), describe(text, doc), nested));
            } else {
                children.add(new Leaf(c.getName(), describe(text, doc), plain(value), schemaOf(c.getGenericType(), doc)));
            }
        }
        return new Section(key, description, children);
    }

    private static String describe(String text, Doc doc) {
        String described = text;
        if (doc != null && doc.oneOf().length > 0) {
            described += " One of: " + String.join(", ", doc.oneOf()) + ".";
        }
        if (doc != null && doc.env().length > 0) {
            described += " Sets env " + String.join(", ", doc.env()) + ".";
        }
        return described;
    }

    /** Values as plain data: records become maps (in component order), maps are sorted. */
    static Object plain(Object value) {
        if (value instanceof Record record) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (RecordComponent c : Records.components(record.getClass())) {
                map.put(c.getName(), plain(read(c, record)));
            }
            return map;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), plain(v)));
            return sorted;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ValuesTrees::plain).toList();
        }
        return value;
    }

    static Map<String, Object> schemaOf(Type type, Doc doc) {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        Map<String, Object> schema = new LinkedHashMap<>();
        if (raw == String.class) {
            // a Kubernetes quantity may also be a plain number in YAML (cpu: 2, memory: 1073741824), as the API takes it
            boolean quantity = doc != null && doc.pattern().equals(Quantity.PATTERN);
            schema.put("type", quantity ? List.of("string", "number") : "string");
            if (quantity) {
                schema.put("minimum", 0);
            }
            if (doc != null && doc.oneOf().length > 0) {
                schema.put("enum", List.of(doc.oneOf()));
            }
            if (doc != null && !doc.pattern().isEmpty()) {
                schema.put("pattern", doc.required() ? doc.pattern() : schemaPattern(doc.pattern()));
            } else if (doc != null && doc.required()) {
                schema.put("minLength", 1);
            }
        } else if (raw == int.class || raw == long.class || raw == Integer.class || raw == Long.class) {
            schema.put("type", "integer");
            if (doc != null && doc.min() != Long.MIN_VALUE) {
                schema.put("minimum", doc.min());
            }
            if (doc != null && doc.max() != Long.MAX_VALUE) {
                schema.put("maximum", doc.max());
            }
        } else if (raw == boolean.class || raw == Boolean.class) {
            schema.put("type", "boolean");
        } else if (raw == Map.class) {
            Type valueType = ((ParameterizedType) type).getActualTypeArguments()[1];
            return mapOf(schemaOf(valueType, doc)); // as a list's, a map's constraints are its values'
        } else if (raw == List.class) {
            Type itemType = ((ParameterizedType) type).getActualTypeArguments()[0];
            schema.put("type", "array");
            schema.put("items", schemaOf(itemType, doc)); // a list's constraints are its items' (ports 1 to 65535)
        } else if (raw.isRecord()) {
            return recordSchema(raw);
        } else {
            throw new IllegalStateException("no schema for " + type);
        }
        return schema;
    }

    /** A key's pattern in values.schema.json: an empty string means "use the default" wherever a key has a pattern. */
    public static String schemaPattern(String pattern) {
        return "(" + pattern + ")|^$";
    }

    private static Map<String, Object> mapOf(Map<String, Object> valueSchema) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("additionalProperties", valueSchema);
        return schema;
    }

    private static Map<String, Object> recordSchema(Class<?> type) {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (RecordComponent c : type.getRecordComponents()) {
            properties.put(c.getName(), schemaOf(c.getGenericType(), c.getAnnotation(Doc.class)));
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("additionalProperties", false);
        schema.put("properties", properties);
        // An entry a values file adds (-f) gets no defaults from the chart: a flag that defaults to false, or a list or
        // map that defaults to empty, may be left out, since a template reads a missing key as false or empty; every
        // other key is written.
        Object defaults = Records.defaultsOf(type);
        schema.put("required", Arrays.stream(type.getRecordComponents())
                .filter(c -> defaults == null || !emptyByDefault(c, (Record) defaults))
                .map(RecordComponent::getName).toList());
        return schema;
    }

    private static boolean emptyByDefault(RecordComponent c, Record defaults) {
        Object value = read(c, defaults);
        return Boolean.FALSE.equals(value) || value instanceof java.util.Collection<?> list && list.isEmpty()
                || value instanceof Map<?, ?> map && map.isEmpty();
    }

    private static Object read(RecordComponent c, Record record) {
        try {
            return c.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(e);
        }
    }
}
