package io.neotool.charts.ship;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The OCI artifact {@code helm push} makes of a chart archive, byte for byte, so that a chart pushed by
 * the plugin is the one Helm pulls and its manifest digest is the one Helm would have pushed:
 * <ul>
 *   <li>config blob ({@value RegistryClient#HELM_CONFIG}): Helm's {@code chart.Metadata} as Go's
 *       {@code json.Marshal} writes it (fields in struct order, empty ones left out, HTML characters escaped);</li>
 *   <li>one layer ({@value RegistryClient#CHART_LAYER}): the archive;</li>
 *   <li>manifest ({@value RegistryClient#OCI_MANIFEST}, no mediaType field, as Helm 3 writes it) with the
 *       annotations Helm derives from Chart.yaml: description, title, version, url (home), created, source
 *       (first source), authors (maintainers), then every Chart.yaml annotation except title and version.</li>
 * </ul>
 * {@code created} is the Chart.yaml annotation {@code org.opencontainers.image.created}, which package
 * always sets; without it Helm, and this class, use the current time.
 */
public final class HelmOciArtifact {
    private static final String OCI = "org.opencontainers.image.";
    /**
     * Go's {@code chart.Metadata} fields in declaration order. All are strings, lists of strings or a map of strings
     * ({@link #helmStrings}) but maintainers, dependencies ({@link #ordered}) and the bool {@code deprecated}.
     */
    private static final List<String> METADATA = List.of("name", "home", "sources", "version", "description", "keywords",
            "maintainers", "icon", "apiVersion", "condition", "tags", "appVersion", "deprecated", "annotations", "kubeVersion",
            "dependencies", "type");
    private static final List<String> MAINTAINER = List.of("name", "email", "url");
    /** {@code chart.Dependency}: name and repository are always written. */
    private static final List<String> DEPENDENCY = List.of("name", "version", "repository", "condition", "tags", "enabled",
            "import-values", "alias");
    private static final List<String> DEPENDENCY_ALWAYS = List.of("name", "repository");
    /** The fields of {@code chart.Metadata} and {@code chart.Dependency} that are not strings: written as read. */
    private static final List<String> NOT_STRINGS = List.of("deprecated", "enabled", "import-values");

    private final byte[] config;
    private final byte[] layer;
    private final byte[] manifest;

    private HelmOciArtifact(byte[] config, byte[] layer, byte[] manifest) {
        this.config = config;
        this.layer = layer;
        this.manifest = manifest;
    }

    /** The artifact of a packaged chart. */
    public static HelmOciArtifact of(PackagedChart chart) throws IOException {
        Map<String, Object> meta = new ArchiveNormaliser().chartYaml(chart.archive());
        byte[] layer = Files.readAllBytes(chart.archive());
        byte[] config = configJson(meta).getBytes(StandardCharsets.UTF_8);
        StringBuilder m = new StringBuilder("{\"schemaVersion\":2,\"config\":");
        descriptor(m, RegistryClient.HELM_CONFIG, config);
        m.append(",\"layers\":[");
        descriptor(m, RegistryClient.CHART_LAYER, layer);
        m.append("],\"annotations\":");
        GoJson.write(m, annotations(meta));
        m.append('}');
        return new HelmOciArtifact(config, layer, m.toString().getBytes(StandardCharsets.UTF_8));
    }

    public byte[] config() {
        return config.clone();
    }

    public byte[] layer() {
        return layer.clone();
    }

    public byte[] manifest() {
        return manifest.clone();
    }

    /** The manifest's digest: what the tag points at after the push. */
    public String manifestDigest() {
        return RegistryClient.digest(manifest);
    }

    /** The manifest as the registry holds it once pushed: what a tag holding this chart is compared with. */
    public RegistryClient.Manifest asPushed() {
        return new RegistryClient.Manifest(manifestDigest(), RegistryClient.digest(layer), manifest());
    }

    private static void descriptor(StringBuilder out, String mediaType, byte[] blob) {
        out.append("{\"mediaType\":");
        GoJson.string(out, mediaType);
        out.append(",\"digest\":\"").append(RegistryClient.digest(blob)).append("\",\"size\":").append(blob.length).append('}');
    }

    private static String configJson(Map<String, Object> meta) {
        StringBuilder out = new StringBuilder();
        Map<String, Object> ordered = new GoJson.Fields();
        for (String field : METADATA) {
            Object value = meta.get(field);
            if (!GoJson.empty(value)) {
                value = switch (field) {
                    case "maintainers" -> ordered(value, MAINTAINER, List.of());
                    case "dependencies" -> ordered(value, DEPENDENCY, DEPENDENCY_ALWAYS);
                    default -> NOT_STRINGS.contains(field) ? value : helmStrings(value);
                };
            }
            if (!GoJson.empty(value)) {
                ordered.put(field, value);
            }
        }
        GoJson.write(out, ordered);
        return out.toString();
    }

    private static List<Object> ordered(Object list, List<String> fields, List<String> always) {
        List<Object> result = new ArrayList<>();
        for (Object item : (List<?>) list) {
            Map<?, ?> map = (Map<?, ?>) item;
            Map<String, Object> fieldsInOrder = new GoJson.Fields();
            for (String field : fields) {
                Object value = NOT_STRINGS.contains(field) ? map.get(field) : helmStrings(map.get(field));
                if (always.contains(field) || !GoJson.empty(value)) {
                    fieldsInOrder.put(field, value);
                }
            }
            result.add(fieldsInOrder);
        }
        return result;
    }

    /**
     * A value of a string field (or a list or map of strings) of Helm's {@code chart.Metadata} as the string Helm reads
     * from its YAML: for a string field, sigs.k8s.io/yaml turns a scalar that YAML types as an integer or a bool into its
     * text ({@code 2024} "2024", {@code on} "true") and null into "". A number or a bool in the config would make Helm's
     * pull ({@code json.Unmarshal} into {@code chart.Metadata}) refuse the chart. Helm quotes such text when it writes
     * Chart.yaml into the archive (a float too, which Go would format its own way), so this keeps the config a set of
     * strings whatever the archive holds; the text itself comes from {@link ArchiveNormaliser#chartYaml}.
     */
    private static Object helmStrings(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(HelmOciArtifact::helmString).toList();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> strings = new TreeMap<>();
            map.forEach((key, item) -> strings.put(helmString(key), helmString(item)));
            return strings;
        }
        return helmString(value);
    }

    private static String helmString(Object scalar) {
        return scalar == null ? "" : String.valueOf(scalar);
    }

    private static Map<String, Object> annotations(Map<String, Object> meta) {
        Map<String, Object> result = new TreeMap<>(); // Go writes map keys sorted
        put(result, OCI + "description", meta.get("description"));
        put(result, OCI + "title", meta.get("name"));
        put(result, OCI + "version", meta.get("version"));
        put(result, OCI + "url", meta.get("home"));
        put(result, OCI + "created", DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        if (meta.get("sources") instanceof List<?> sources && !sources.isEmpty()) {
            put(result, OCI + "source", sources.get(0));
        }
        if (meta.get("maintainers") instanceof List<?> maintainers && !maintainers.isEmpty()) {
            StringBuilder authors = new StringBuilder();
            for (int i = 0; i < maintainers.size(); i++) {
                Map<?, ?> maintainer = (Map<?, ?>) maintainers.get(i);
                String name = helmString(maintainer.get("name"));
                String email = helmString(maintainer.get("email"));
                if (!name.isEmpty()) {
                    authors.append(name);
                }
                if (!email.isEmpty()) {
                    authors.append(" (").append(email).append(')');
                }
                if (i < maintainers.size() - 1) {
                    authors.append(", ");
                }
            }
            put(result, OCI + "authors", authors.toString());
        }
        if (meta.get("annotations") instanceof Map<?, ?> own) {
            own.forEach((key, value) -> {
                if (!(OCI + "title").equals(key) && !(OCI + "version").equals(key)) {
                    result.put(helmString(key), helmString(value));
                }
            });
        }
        return result;
    }

    private static void put(Map<String, Object> map, String key, Object value) {
        String text = helmString(value);
        if (!text.isEmpty()) {
            map.put(key, text);
        }
    }

    /** JSON as Go's encoding/json writes it: no spaces, {@code <>&} and U+2028/9 escaped, other non-ASCII as is. */
    static final class GoJson {
        private GoJson() {}

        /** A Go struct: fields in declaration order. Every other map is written with its keys sorted. */
        static final class Fields extends LinkedHashMap<String, Object> {}

        static boolean empty(Object value) {
            return value == null || Boolean.FALSE.equals(value) || "".equals(value)
                    || (value instanceof List<?> l && l.isEmpty()) || (value instanceof Map<?, ?> m && m.isEmpty());
        }

        static void write(StringBuilder out, Object value) {
            if (value instanceof Map<?, ?> any) {
                Map<String, Object> map = new TreeMap<>(); // a Go map: keys sorted
                if (any instanceof Fields fields) {
                    map = fields;
                } else {
                    for (Map.Entry<?, ?> e : any.entrySet()) {
                        map.put(String.valueOf(e.getKey()), e.getValue());
                    }
                }
                out.append('{');
                boolean first = true;
                for (Map.Entry<String, Object> e : map.entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    string(out, e.getKey());
                    out.append(':');
                    write(out, e.getValue());
                }
                out.append('}');
            } else if (value instanceof List<?> list) {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(out, list.get(i));
                }
                out.append(']');
            } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
                out.append(value);
            } else {
                string(out, value == null ? "" : String.valueOf(value));
            }
        }

        static void string(StringBuilder out, String s) {
            out.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    case '\b' -> out.append("\\b");
                    case '\f' -> out.append("\\f");
                    default -> {
                        if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append('"');
        }
    }
}
