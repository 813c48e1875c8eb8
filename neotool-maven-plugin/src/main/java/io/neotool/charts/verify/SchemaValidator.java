package io.neotool.charts.verify;

import com.google.gson.annotations.SerializedName;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.custom.Quantity;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Strict validation of rendered objects against the Kubernetes API of the target version, offline. The schema is
 * the client-java-api models (generated from the Kubernetes 1.32 OpenAPI): their {@code openapiFields},
 * {@code openapiRequiredFields} and field types. Unlike {@code V1Deployment.fromJson}, which stops at the first
 * problem, this walks the whole object and reports every unknown field, missing required field and wrong type
 * with its path. What the models know but an older target's API server does not (a field or kind that arrived
 * after it, from 1.25 on: {@link KubernetesFields}) is an error too, and a field whose feature gate the target leaves
 * off by default a warning. Removed apiVersions fail with their replacement. Custom resources are validated against a
 * CustomResourceDefinition rendered beside them (see {@link CrdSchemas}), else reported as not validated. Every
 * object's names and labels are held to the API server's name rules ({@link ApiNames}).
 */
public final class SchemaValidator {
    /** The lint rules this class applies, each defined where it is applied; {@link Rules} lists them all. */
    static final RuleSet RULES = new RuleSet();

    private final String kubeVersion;
    /** The target's 1.x minor, for the table of when fields arrived. */
    private final int minor;
    private final CrdSchemas crds;
    /**
     * The findings of each object of the built-in API validated so far, by identity: they depend on the object and the
     * Kubernetes version only, and the environments of one lint run share most objects ({@link ManifestParser}).
     */
    private final Map<Manifest, List<Finding>> builtIn;

    public SchemaValidator(String kubeVersion, CrdSchemas crds) {
        this(kubeVersion, crds, Collections.synchronizedMap(new IdentityHashMap<>()));
    }

    private SchemaValidator(String kubeVersion, CrdSchemas crds, Map<Manifest, List<Finding>> builtIn) {
        this.kubeVersion = kubeVersion;
        this.minor = KubernetesApi.minor(kubeVersion);
        this.crds = crds;
        this.builtIn = builtIn;
    }

    /**
     * A validator for another release of the same Kubernetes version, with the CRDs rendered beside it, that validates
     * an object of the built-in API this one has validated (the same instance) only once.
     */
    public SchemaValidator withCrds(CrdSchemas crds) {
        return new SchemaValidator(kubeVersion, crds, builtIn);
    }

    public static final String SCHEMA = RULES.define("schema", "reliability", Severity.ERROR, "",
            "Strict Kubernetes API validation (26): unknown fields, missing required fields and wrong types are rejected by the API server.",
            "Use the field names and types of the Kubernetes API reference for the target version.");
    public static final String REMOVED_API = RULES.define("removed-api", "reliability", Severity.ERROR, "",
            "The apiVersion is removed in the target Kubernetes version (26); the API server refuses it.",
            "Use the replacement apiVersion named in the message.");
    public static final String UNKNOWN_KIND = RULES.define("unknown-kind", "reliability", Severity.ERROR, "",
            "The apiVersion/kind is not part of the Kubernetes API of the target version.", "Check the apiVersion and kind spelling.");
    public static final String GATED_FIELD = RULES.define("gated-field", "reliability", Severity.WARNING, "",
            "A field whose feature gate the target Kubernetes version leaves off by default (alpha, or a beta that is off): "
                    + "the API server drops it unless the cluster turns the gate on, and the object then behaves as "
                    + "without it.",
            "Leave the field out, or lint for the version from which its gate is on by default.");
    public static final String NOT_VALIDATED = RULES.define("not-validated", "reliability", Severity.INFO, "",
            "A custom resource whose schema is not known offline is not schema-validated.",
            "Render its CustomResourceDefinition in the chart to have it validated, or check it on a cluster.");

    /** The object's findings (an unmodifiable list). */
    public List<Finding> validate(Manifest m) {
        List<Finding> known = builtIn.get(m);
        if (known == null) {
            List<Finding> findings = builtInApi(m);
            if (findings == null) {
                return customResource(m); // its findings depend on the CRDs of its release
            }
            known = List.copyOf(findings);
            builtIn.putIfAbsent(m, known);
        }
        return known;
    }

    /** The findings of an object of the built-in API (or without apiVersion or kind); null for a custom resource. */
    private List<Finding> builtInApi(Manifest m) {
        List<Finding> findings = new ArrayList<>();
        String apiVersion = m.apiVersion();
        String kind = m.kind();
        if (apiVersion.isEmpty() || kind.isEmpty()) {
            findings.add(finding(SCHEMA, m, "apiVersion and kind are required"));
            return findings;
        }
        var removal = KubernetesApi.removal(apiVersion, kind, kubeVersion);
        if (removal.isPresent()) {
            findings.add(finding(REMOVED_API, m, removal.get().message(kubeVersion)));
            return findings;
        }
        var model = KubernetesApi.model(apiVersion, kind);
        int added = model.map(c -> KubernetesFields.added(c.getSimpleName(), null)).orElse(0);
        if (added > minor) {
            findings.add(finding(UNKNOWN_KIND, m, apiVersion + " " + kind + " arrived in Kubernetes 1." + added
                    + ": the API server of the target " + kubeVersion + " does not serve it"));
        } else if (model.isPresent()) {
            List<String> problems = new ArrayList<>();
            List<String> gated = new ArrayList<>();
            walk(m.body(), model.get(), "", new Walk(minor, problems, gated));
            problems.forEach(p -> findings.add(finding(SCHEMA, m, p)));
            gated.forEach(p -> findings.add(finding(GATED_FIELD, m, p)));
            if (m.name().isEmpty()) {
                findings.add(finding(SCHEMA, m, "metadata.name is required"));
            }
            ApiNames.check(m).forEach(p -> findings.add(finding(ApiNames.API_NAME, m, p)));
        } else if (KubernetesApi.isBuiltInGroup(apiVersion)) {
            findings.add(finding(UNKNOWN_KIND, m, apiVersion + " " + kind
                    + " is not a kind of the Kubernetes API (client-java-api " + "1.32)"));
        } else {
            return null;
        }
        return findings;
    }

    /** A custom resource's findings: against the CRD rendered beside it, else that it is not validated. */
    private List<Finding> customResource(Manifest m) {
        List<Finding> findings = new ArrayList<>();
        var problems = crds.validate(m);
        if (problems.isEmpty()) {
            findings.add(finding(NOT_VALIDATED, m, m.apiVersion() + " " + m.kind()
                    + " is a custom resource and its CustomResourceDefinition is not rendered: not schema-validated"));
        } else {
            problems.get().forEach(p -> findings.add(finding(SCHEMA, m, p)));
        }
        ApiNames.check(m).forEach(p -> findings.add(finding(ApiNames.API_NAME, m, p)));
        return findings;
    }

    private static Finding finding(String ruleId, Manifest m, String message) {
        Rule rule = Rules.get(ruleId);
        return new Finding(ruleId, rule.severity(), m.chart(), m.file(), m.kind(), m.name(), message, rule.fix(), Set.of());
    }

    // ---- the walk ----

    private record ModelInfo(Map<String, Field> fields, Set<String> required, String name) {}

    private static final Map<Class<?>, ModelInfo> MODELS = new ConcurrentHashMap<>();

    private static ModelInfo info(Class<?> model) {
        return MODELS.computeIfAbsent(model, c -> {
            Map<String, Field> fields = new HashMap<>();
            for (Field f : c.getDeclaredFields()) {
                SerializedName sn = f.getAnnotation(SerializedName.class);
                if (sn != null && !Modifier.isStatic(f.getModifiers())) {
                    fields.put(sn.value(), f);
                }
            }
            Set<String> required = new TreeSet<>();
            try {
                Field req = c.getField("openapiRequiredFields");
                @SuppressWarnings("unchecked")
                Collection<String> r = (Collection<String>) req.get(null);
                required.addAll(r);
            } catch (ReflectiveOperationException e) {
                // a model without required fields
            }
            return new ModelInfo(fields, required, c.getSimpleName());
        });
    }

    static boolean isModel(Class<?> c) {
        return c.getName().startsWith("io.kubernetes.client.openapi.models.");
    }

    /** The target's minor, and what a walk finds: schema problems, and fields behind a gate that is off. */
    private record Walk(int minor, List<String> problems, List<String> gated) {}

    private static void walk(Object value, Type type, String path, Walk walk) {
        List<String> problems = walk.problems();
        if (value == null) {
            return; // null is absent to the API server
        }
        Class<?> raw = rawClass(type);
        if (isModel(raw)) {
            if (!(value instanceof Map<?, ?> map)) {
                problems.add(at(path) + "must be an object (" + info(raw).name() + "), got " + describe(value));
                return;
            }
            ModelInfo info = info(raw);
            Map<String, Object> sorted = new LinkedHashMap<>();
            map.keySet().stream().map(String::valueOf).sorted().forEach(k -> sorted.put(k, map.get(k)));
            for (String required : info.required()) {
                if (sorted.get(required) == null) {
                    problems.add("missing required field " + join(path, required) + " (" + info.name() + ")");
                }
            }
            for (var e : sorted.entrySet()) {
                Field field = info.fields().get(e.getKey());
                String at = join(path, e.getKey());
                int added = KubernetesFields.added(info.name(), e.getKey());
                if (field == null) {
                    problems.add("unknown field " + at + ": not defined in " + info.name());
                } else if (added > walk.minor()) {
                    problems.add("field " + at + " arrived in Kubernetes 1." + added + ": the API server of the target 1."
                            + walk.minor() + " does not know it (it refuses the object under strict field validation, and "
                            + "drops the field otherwise)");
                } else {
                    if (e.getValue() != null && KubernetesFields.gated(info.name(), e.getKey(), walk.minor())) {
                        walk.gated().add(at + " (" + info.name() + ") is behind a feature gate that Kubernetes 1."
                                + walk.minor() + " leaves off by default: the API server drops it unless the cluster "
                                + "turns the gate on");
                    }
                    walk(e.getValue(), field.getGenericType(), at, walk);
                }
            }
        } else if (List.class.isAssignableFrom(raw)) {
            if (!(value instanceof List<?> list)) {
                problems.add(at(path) + "must be a list, got " + describe(value));
                return;
            }
            Type item = ((ParameterizedType) type).getActualTypeArguments()[0];
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), item, path + "[" + i + "]", walk);
            }
        } else if (Map.class.isAssignableFrom(raw)) {
            if (!(value instanceof Map<?, ?> map)) {
                problems.add(at(path) + "must be an object, got " + describe(value));
                return;
            }
            Type item = ((ParameterizedType) type).getActualTypeArguments()[1];
            new TreeSet<>(map.keySet().stream().map(String::valueOf).toList())
                    .forEach(k -> walk(map.get(k), item, join(path, k), walk));
        } else if (raw == String.class || raw == OffsetDateTime.class || raw == byte[].class) {
            if (!(value instanceof String)) {
                problems.add(at(path) + "must be a string, got " + describe(value) + " (quote it)");
            }
        } else if (raw == Integer.class || raw == Long.class) {
            if (!(value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger)) {
                problems.add(at(path) + "must be an integer, got " + describe(value));
            }
        } else if (raw == Double.class || raw == Float.class || raw == java.math.BigDecimal.class) {
            if (!(value instanceof Number)) {
                problems.add(at(path) + "must be a number, got " + describe(value));
            }
        } else if (raw == Boolean.class) {
            if (!(value instanceof Boolean)) {
                problems.add(at(path) + "must be a boolean, got " + describe(value));
            }
        } else if (raw == IntOrString.class) {
            if (!(value instanceof String || value instanceof Integer || value instanceof Long)) {
                problems.add(at(path) + "must be an integer or a string, got " + describe(value));
            }
        } else if (raw == Quantity.class) {
            if (!(value instanceof String || value instanceof Number)) {
                problems.add(at(path) + "must be a quantity (e.g. 100m, 128Mi), got " + describe(value));
            } else if (value instanceof String s && !QUANTITY.matcher(s).matches()) {
                problems.add(at(path) + "'" + s + "' is not a quantity (e.g. 100m, 128Mi, 1.5)");
            }
        }
        // Object (raw extensions, JSON) takes anything.
    }

    private static final java.util.regex.Pattern QUANTITY =
            java.util.regex.Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?");

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String at(String path) {
        return (path.isEmpty() ? "the document" : path) + " ";
    }

    private static String describe(Object value) {
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "a list";
        }
        String type = value instanceof String ? "string" : value instanceof Boolean ? "boolean"
                : value instanceof Number ? "number" : value.getClass().getSimpleName();
        String text = String.valueOf(value);
        return type + " " + (text.length() > 40 ? text.substring(0, 40) + "..." : text);
    }
}
