package io.neotool.charts.verify;

import io.neotool.charts.model.CronSchedule;
import io.neotool.charts.model.Names;
import io.neotool.charts.model.Tolerations;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The names and labels the API server validates on every object, which the OpenAPI schema does not describe: an
 * object's name by its kind, its namespace, the keys and values of its labels and label selectors, the keys and
 * total size of its annotations, its containers', volumes' and ports' names (each unique where the API requires
 * it), and a ConfigMap's or Secret's keys and size. A chart that renders one of them wrong lints, renders and
 * installs client-side, and is refused by the cluster; Helm's own lint checks names only in a chart's own
 * templates, not its subcharts'.
 */
final class ApiNames {
    private ApiNames() {}

    /** The lint rules this class applies, each defined where it is applied; {@link Rules} lists them all. */
    static final RuleSet RULES = new RuleSet();

    public static final String API_NAME = RULES.define("api-name", "reliability", Severity.ERROR, "",
            "The API server refuses an object whose name, namespace, label or annotation key, label value, container, "
                    + "volume or port name, ConfigMap or Secret key, toleration, Ingress host or CronJob schedule breaks "
                    + "Kubernetes' rules (a DNS "
                    + "subdomain of at "
                    + "most 253 characters, a Namespace a DNS label and a Service a DNS-1035 label of at most 63, a Job at "
                    + "most 63, a CronJob at most 52; label values at most 63; container port names at most 15), or "
                    + "whose data is over 1 MiB; a container whose volume mounts share a path, "
                    + "a probe or lifecycle hook with more than one handler, an env entry with a value and a valueFrom or "
                    + "with more than one source, a downward API field path the API server does not offer: the chart "
                    + "renders but does not install.",
            "Shorten or rename what the message names; a name built from a service's or component's name is "
                    + "shortened in the spec.");

    /** The pod spec lists whose items are containers. */
    private static final List<String> CONTAINER_LISTS = List.of("containers", "initContainers", "ephemeralContainers");
    private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DATA_KEY = Pattern.compile(io.neotool.charts.model.Names.DATA_KEY);
    /** The API server's limit on a ConfigMap's or Secret's data. */
    private static final int DATA_MAX_BYTES = 1024 * 1024;
    /** The API server's limit on the size of an object's annotations, keys and values together. */
    private static final int ANNOTATIONS_MAX_BYTES = 256 * 1024;

    /** Where the problems of {@code m} are, with what to know about each. */
    static List<String> check(Manifest m) {
        List<String> problems = new ArrayList<>();
        if (!m.name().isEmpty()) {
            name(m.apiVersion(), m.kind(), m.name(), problems);
        }
        if (m.body().get("metadata") instanceof Map<?, ?> metadata && metadata.get("namespace") instanceof String ns
                && !ns.isEmpty() && !Names.isDnsLabel(ns, 63)) {
            problems.add("metadata.namespace '" + ns + "' is not a DNS-1123 label (lower case letters, digits and '-', "
                    + "at most 63)");
        }
        walk(m.body(), "", problems);
        if (m.apiVersion().equals("v1")) {
            switch (m.kind()) {
                case "Service" -> service(m.body(), problems);
                case "ConfigMap" -> dataKeys(m.body(), List.of("data", "binaryData"), "binaryData", problems);
                case "Secret" -> dataKeys(m.body(), List.of("data", "stringData"), "data", problems);
                default -> { }
            }
        } else if (m.kind().equals("Ingress") && m.apiVersion().startsWith("networking.k8s.io/")) {
            ingressHosts(m.body(), problems);
        } else if (m.kind().equals("CronJob") && m.apiVersion().startsWith("batch/")
                && m.body().get("spec") instanceof Map<?, ?> spec && spec.get("schedule") instanceof String schedule) {
            CronSchedule.problem(schedule).ifPresent(p -> problems.add("spec.schedule '" + schedule + "': " + p));
        }
        return problems;
    }

    /** An Ingress rule's host: a DNS subdomain, or one with a leading "*." wildcard; not an IP address. */
    private static void ingressHosts(Map<String, Object> body, List<String> problems) {
        List<?> rules = body.get("spec") instanceof Map<?, ?> spec && spec.get("rules") instanceof List<?> l ? l : List.of();
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i) instanceof Map<?, ?> rule && rule.get("host") instanceof String host && !host.isEmpty()) {
                String name = host.startsWith("*.") ? host.substring(2) : host;
                if (!Names.isDnsSubdomain(name) || name.matches("[0-9.]+")) {
                    problems.add("spec.rules[" + i + "].host '" + host + "' is not a host name (a lower case DNS subdomain, "
                            + "optionally after '*.'; not an IP address)");
                }
            }
        }
    }

    /** A Service's selector labels, port names (DNS labels) and named target ports (container port names). */
    private static void service(Map<String, Object> body, List<String> problems) {
        if (!(body.get("spec") instanceof Map<?, ?> spec)) {
            return;
        }
        if (spec.get("selector") instanceof Map<?, ?> selector) {
            labels(selector, "spec.selector", problems);
        }
        if (spec.get("ports") instanceof List<?> ports) {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < ports.size(); i++) {
                if (ports.get(i) instanceof Map<?, ?> port) {
                    String at = "spec.ports[" + i + "].name";
                    if (ports.size() > 1 && !(port.get("name") instanceof String name && !name.isEmpty())) {
                        problems.add(at + " is required: a Service with more than one port names each of them");
                    }
                    unique(port.get("name"), at, "a Service port's name", "Service", names, problems);
                    if (port.get("targetPort") instanceof String target) {
                        portName(target, "spec.ports[" + i + "].targetPort", problems);
                    }
                }
            }
        }
    }

    /** The keys of a ConfigMap's or Secret's data, and their size together (the values of {@code base64} decoded). */
    private static void dataKeys(Map<String, Object> body, List<String> fields, String base64, List<String> problems) {
        long bytes = 0;
        for (String field : fields) {
            if (body.get(field) instanceof Map<?, ?> data) {
                for (Map.Entry<?, ?> e : data.entrySet()) {
                    String key = String.valueOf(e.getKey());
                    if (!isDataKey(key)) {
                        problems.add(field + ": key '" + key + "' is not a ConfigMap or Secret key (" + DATA_KEY_RULE + ")");
                    }
                    String value = e.getValue() == null ? "" : String.valueOf(e.getValue());
                    bytes += field.equals(base64) ? value.length() / 4 * 3 : utf8(value);
                }
            }
        }
        if (bytes > DATA_MAX_BYTES) {
            problems.add(String.join(" and ", fields) + " hold " + bytes + " bytes; the API server takes at most "
                    + DATA_MAX_BYTES + " in one ConfigMap or Secret: split it");
        }
    }

    /**
     * A pod spec's containers (their names unique across its three lists) and their port names (unique in each
     * container), its tolerations, and its volumes' names (unique in the pod).
     */
    private static void podSpec(Map<?, ?> pod, String path, List<String> problems) {
        String at = path.isEmpty() ? "" : path + ".";
        Set<String> containerNames = new HashSet<>();
        for (String list : CONTAINER_LISTS) {
            List<?> containers = pod.get(list) instanceof List<?> l ? l : List.of();
            for (int i = 0; i < containers.size(); i++) {
                if (!(containers.get(i) instanceof Map<?, ?> container)) {
                    continue;
                }
                String c = at + list + "[" + i + "]";
                unique(container.get("name"), c + ".name", "a container's name", "pod", containerNames, problems);
                containerFields(container, c, problems);
                Set<String> portNames = new HashSet<>();
                List<?> ports = container.get("ports") instanceof List<?> l ? l : List.of();
                for (int p = 0; p < ports.size(); p++) {
                    if (ports.get(p) instanceof Map<?, ?> port && port.get("name") instanceof String name && !name.isEmpty()) {
                        portName(name, c + ".ports[" + p + "].name", problems);
                        if (!portNames.add(name)) {
                            problems.add(c + ".ports[" + p + "].name '" + name + "' is used twice in the container");
                        }
                    }
                }
            }
        }
        List<?> tolerations = pod.get("tolerations") instanceof List<?> l ? l : List.of();
        for (int i = 0; i < tolerations.size(); i++) {
            if (tolerations.get(i) instanceof Map<?, ?> toleration) {
                String t = at + "tolerations[" + i + "]: ";
                Tolerations.problems(toleration).forEach(p -> problems.add(t + p));
            }
        }
        Set<String> volumeNames = new HashSet<>();
        List<?> volumes = pod.get("volumes") instanceof List<?> l ? l : List.of();
        for (int i = 0; i < volumes.size(); i++) {
            if (volumes.get(i) instanceof Map<?, ?> volume) {
                unique(volume.get("name"), at + "volumes[" + i + "].name", "a volume's name", "pod", volumeNames, problems);
                for (String source : List.of("configMap", "secret")) {
                    if (volume.get(source) instanceof Map<?, ?> from && from.get("items") instanceof List<?> items) {
                        for (int k = 0; k < items.size(); k++) {
                            if (items.get(k) instanceof Map<?, ?> item && item.containsKey("key")) {
                                dataKey(item.get("key"), at + "volumes[" + i + "]." + source + ".items[" + k + "].key", problems);
                            }
                        }
                    }
                }
            }
        }
    }

    /** The handlers a probe may have; a lifecycle hook may have sleep too. */
    private static final List<String> HANDLERS = List.of("exec", "httpGet", "tcpSocket", "grpc", "sleep");
    private static final List<String> ENV_SOURCES = List.of("fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef");
    /** The pod fields an env entry's fieldRef may name (metadata.labels['x'] and metadata.annotations['x'] too). */
    private static final Set<String> ENV_FIELDS = Set.of("metadata.name", "metadata.namespace", "metadata.uid",
            "spec.nodeName", "spec.host", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP",
            "status.podIPs");
    private static final Pattern SUBSCRIPTED_FIELD = Pattern.compile("metadata\\.(labels|annotations)\\['[^']+'\\]");

    /**
     * What the API server validates in a container beyond the schema: its mount paths (each once), its probes' and
     * lifecycle hooks' handlers (one each), its env entries' sources (a value or one valueFrom source, a field path it
     * offers). A mount of no volume of the pod is the install simulation's (pod-reference).
     */
    private static void containerFields(Map<?, ?> container, String c, List<String> problems) {
        Set<String> paths = new HashSet<>();
        List<?> mounts = container.get("volumeMounts") instanceof List<?> l ? l : List.of();
        for (int m = 0; m < mounts.size(); m++) {
            if (mounts.get(m) instanceof Map<?, ?> mount) {
                if (mount.get("mountPath") instanceof String path && !path.isEmpty() && !paths.add(path)) {
                    problems.add(c + ".volumeMounts[" + m + "].mountPath '" + path + "' is mounted twice in the container");
                }
            }
        }
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            handlers(container.get(probe), c + "." + probe, problems);
        }
        for (String hook : List.of("postStart", "preStop")) {
            handlers(container.get("lifecycle") instanceof Map<?, ?> lifecycle ? lifecycle.get(hook) : null,
                    c + ".lifecycle." + hook, problems);
        }
        List<?> env = container.get("env") instanceof List<?> l ? l : List.of();
        for (int e = 0; e < env.size(); e++) {
            if (!(env.get(e) instanceof Map<?, ?> entry) || !(entry.get("valueFrom") instanceof Map<?, ?> from)) {
                continue;
            }
            String at = c + ".env[" + e + "]";
            if (entry.get("value") instanceof String value && !value.isEmpty()) {
                problems.add(at + " has a value and a valueFrom; the API server takes one");
            }
            List<String> sources = ENV_SOURCES.stream().filter(from::containsKey).toList();
            if (sources.size() != 1) {
                problems.add(at + ".valueFrom names " + (sources.isEmpty() ? "no source" : String.join(" and ", sources))
                        + "; the API server takes one of " + String.join(", ", ENV_SOURCES));
            }
            for (String keyRef : List.of("configMapKeyRef", "secretKeyRef")) {
                if (from.get(keyRef) instanceof Map<?, ?> ref && ref.containsKey("key")) {
                    dataKey(ref.get("key"), at + ".valueFrom." + keyRef + ".key", problems);
                }
            }
            if (from.get("fieldRef") instanceof Map<?, ?> ref && ref.get("fieldPath") instanceof String field
                    && !ENV_FIELDS.contains(field) && !SUBSCRIPTED_FIELD.matcher(field).matches()) {
                problems.add(at + ".valueFrom.fieldRef.fieldPath '" + field + "' is no field the API server offers (e.g. "
                        + "metadata.name, metadata.namespace, spec.nodeName, status.podIP, metadata.labels['<key>'])");
            }
        }
    }

    /** A key a pod reads from a ConfigMap or Secret: a string, and a key such objects can hold. */
    private static void dataKey(Object key, String path, List<String> problems) {
        if (!(key instanceof String k)) {
            problems.add(path + " is " + key + ", not a string (a YAML word or number unquoted): quote it");
        } else if (!isDataKey(k)) {
            problems.add(path + " '" + k + "' is not a ConfigMap or Secret key (" + DATA_KEY_RULE + ")");
        }
    }

    private static final String DATA_KEY_RULE = "letters, digits, '-', '_' and '.', at most 253, not '.' nor beginning with '..'";

    /** A ConfigMap's or Secret's key as the API server takes it (IsConfigMapKey). */
    private static boolean isDataKey(String key) {
        return DATA_KEY.matcher(key).matches();
    }

    /** A probe's or lifecycle hook's handlers: the API server takes exactly one. */
    private static void handlers(Object handler, String at, List<String> problems) {
        if (handler instanceof Map<?, ?> h) {
            List<String> set = HANDLERS.stream().filter(h::containsKey).toList();
            if (set.size() != 1) {
                problems.add(at + " has " + (set.isEmpty() ? "no handler" : String.join(" and ", set))
                        + "; the API server takes one of exec, httpGet, tcpSocket, grpc (sleep in a lifecycle hook)");
            }
        }
    }

    /** A DNS label that must also be unique among {@code seen}, in {@code scope}. */
    private static void unique(Object value, String path, String what, String scope, Set<String> seen, List<String> problems) {
        dnsLabel(value, path, what, problems);
        if (value instanceof String name && !name.isEmpty() && !seen.add(name)) {
            problems.add(path + " '" + name + "' is used twice in the " + scope + "; " + what + " is unique there");
        }
    }

    private static void dnsLabel(Object value, String path, String what, List<String> problems) {
        if (value instanceof String name && !name.isEmpty() && !Names.isDnsLabel(name, 63)) {
            problems.add(path + " '" + name + "' is not a DNS-1123 label, which " + what + " must be (lower case letters, "
                    + "digits and '-', at most 63)");
        }
    }

    /** A container port's name, which Services and probes refer to: an IANA service name of at most 15. */
    private static void portName(String name, String path, List<String> problems) {
        if (name.length() > 15 || !PORT_NAME.matcher(name).matches() || name.contains("--")
                || name.chars().noneMatch(c -> c >= 'a' && c <= 'z')) {
            problems.add(path + " '" + name + "' is not a port name (lower case letters, digits and '-', at least one "
                    + "letter, no '--', at most 15; " + name.length() + " here)");
        }
    }

    /** The object's name, by the rule the API server applies to its kind. */
    private static void name(String apiVersion, String kind, String name, List<String> problems) {
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String at = "metadata.name '" + name + "'";
        if (group.isEmpty() && kind.equals("Namespace")) {
            if (!Names.isDnsLabel(name, 63)) {
                problems.add(at + " is not a DNS-1123 label (lower case letters, digits and '-', at most 63)");
            }
        } else if (group.isEmpty() && kind.equals("Service")) {
            if (!Names.isDns1035Label(name, 63)) {
                problems.add(at + " is not a DNS-1035 label, which a Service's name must be (a lower case letter first, "
                        + "then lower case letters, digits and '-', at most 63; " + name.length() + " here)");
            }
        } else if (group.equals("rbac.authorization.k8s.io")) {
            if (name.equals(".") || name.equals("..") || name.contains("/") || name.contains("%")) {
                problems.add(at + " may not be '.' or '..' nor contain '/' or '%'");
            }
        } else if (!Names.isDnsSubdomain(name)) {
            problems.add(at + " is not a DNS-1123 subdomain (lower case letters, digits, '-' and '.', at most 253)");
        } else if (group.equals("batch") && kind.equals("Job") && name.length() > 63) {
            problems.add(at + " has " + name.length() + " characters; a Job's name is at most 63 (its pods carry it "
                    + "as the label job-name)");
        } else if (group.equals("batch") && kind.equals("CronJob") && name.length() > 52) {
            problems.add(at + " has " + name.length() + " characters; a CronJob's name is at most 52 (its Jobs are "
                    + "named after it, with 11 more)");
        }
    }

    /**
     * Every metadata's labels and annotations, every label selector's matchLabels, every pod's nodeSelector (labels of
     * nodes) and every pod spec, anywhere in the object.
     */
    private static void walk(Object node, String path, List<String> problems) {
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                String at = path.isEmpty() ? key : path + "." + key;
                if (key.equals("metadata") && e.getValue() instanceof Map<?, ?> metadata) {
                    if (metadata.get("labels") instanceof Map<?, ?> labels) {
                        labels(labels, at + ".labels", problems);
                    }
                    if (metadata.get("annotations") instanceof Map<?, ?> annotations) {
                        annotations(annotations, at + ".annotations", problems);
                    }
                } else if ((key.equals("matchLabels") || key.equals("nodeSelector")) && e.getValue() instanceof Map<?, ?> labels) {
                    labels(labels, at, problems);
                }
                walk(e.getValue(), at, problems);
            }
            if (map.get("containers") instanceof List<?>) {
                podSpec(map, path, problems);
            }
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), path + "[" + i + "]", problems);
            }
        }
    }

    /** Label keys and values; a value that is not a string is the schema rule's to report. */
    private static void labels(Map<?, ?> labels, String path, List<String> problems) {
        labels.forEach((k, v) -> {
            String key = String.valueOf(k);
            key(key, path, problems);
            if (v instanceof String value && !Names.isLabelValue(value)) {
                problems.add(path + "[" + key + "]: '" + value + "' is not a label value (" + Names.LABEL_VALUE_RULE + "; "
                        + value.length() + " here)");
            }
        });
    }

    private static void annotations(Map<?, ?> annotations, String path, List<String> problems) {
        long bytes = 0;
        for (Map.Entry<?, ?> e : annotations.entrySet()) {
            String key = String.valueOf(e.getKey());
            key(key, path, problems);
            bytes += utf8(key) + (e.getValue() == null ? 0 : utf8(String.valueOf(e.getValue())));
        }
        if (bytes > ANNOTATIONS_MAX_BYTES) {
            problems.add(path + " hold " + bytes + " bytes, keys and values together; the API server takes at most "
                    + ANNOTATIONS_MAX_BYTES);
        }
    }

    /** A label or annotation key. */
    private static void key(String key, String path, List<String> problems) {
        if (!Names.isQualifiedName(key)) {
            problems.add(path + ": key '" + key + "' is not a qualified name (" + Names.QUALIFIED_NAME_RULE + ")");
        }
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
