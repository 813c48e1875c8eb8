package io.neotool.charts.verify;

import io.neotool.charts.model.Names;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The names and labels the API server validates on every object, which the OpenAPI schema does not describe: an
 * object's name by its kind, its namespace, the keys and values of its labels and label selectors, and the keys and
 * total size of its annotations. A chart that renders one of them wrong lints, renders and installs client-side, and
 * is refused by the cluster; Helm's own lint checks names only in a chart's own templates, not its subcharts'.
 */
final class ApiNames {
    private ApiNames() {}

    /** The lint rules this class applies, each defined where it is applied; {@link Rules} lists them all. */
    static final RuleSet RULES = new RuleSet();

    public static final String API_NAME = RULES.define("api-name", "reliability", Severity.ERROR, "",
            "The API server refuses an object whose name, namespace, label or annotation key, or label value breaks "
                    + "Kubernetes' name rules (a DNS subdomain of at most 253 characters, a Namespace a DNS label and a "
                    + "Service a DNS-1035 label of at most 63, a Job at most 63, a CronJob at most 52; label values at "
                    + "most 63): the chart renders but does not install.",
            "Shorten or rename what the message names; a name built from a service's or component's name is "
                    + "shortened in the spec.");

    private static final Pattern DNS_1035_LABEL = Pattern.compile(Names.DNS_1035_LABEL);
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile(Names.DNS_1123_SUBDOMAIN);
    /** The name part of a label or annotation key, and a non-empty label value. */
    private static final Pattern QUALIFIED = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final String QUALIFIED_RULE = "letters, digits, '-', '_' and '.', starting and ending with a letter or digit";
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
        if (m.kind().equals("Service") && m.apiVersion().equals("v1")
                && m.body().get("spec") instanceof Map<?, ?> spec && spec.get("selector") instanceof Map<?, ?> selector) {
            labels(selector, "spec.selector", problems);
        }
        return problems;
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
            if (name.length() > 63 || !DNS_1035_LABEL.matcher(name).matches()) {
                problems.add(at + " is not a DNS-1035 label, which a Service's name must be (a lower case letter first, "
                        + "then lower case letters, digits and '-', at most 63; " + name.length() + " here)");
            }
        } else if (group.equals("rbac.authorization.k8s.io")) {
            if (name.equals(".") || name.equals("..") || name.contains("/") || name.contains("%")) {
                problems.add(at + " may not be '.' or '..' nor contain '/' or '%'");
            }
        } else if (!isDnsSubdomain(name)) {
            problems.add(at + " is not a DNS-1123 subdomain (lower case letters, digits, '-' and '.', at most 253)");
        } else if (group.equals("batch") && kind.equals("Job") && name.length() > 63) {
            problems.add(at + " has " + name.length() + " characters; a Job's name is at most 63 (its pods carry it "
                    + "as the label job-name)");
        } else if (group.equals("batch") && kind.equals("CronJob") && name.length() > 52) {
            problems.add(at + " has " + name.length() + " characters; a CronJob's name is at most 52 (its Jobs are "
                    + "named after it, with 11 more)");
        }
    }

    /** Every metadata's labels and annotations, and every label selector's matchLabels, anywhere in the object. */
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
                } else if (key.equals("matchLabels") && e.getValue() instanceof Map<?, ?> labels) {
                    labels(labels, at, problems);
                }
                walk(e.getValue(), at, problems);
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
            if (v instanceof String value && !value.isEmpty() && (value.length() > 63 || !QUALIFIED.matcher(value).matches())) {
                problems.add(path + "[" + key + "]: '" + value + "' is not a label value (" + QUALIFIED_RULE
                        + ", at most 63; " + value.length() + " here)");
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

    /** A label or annotation key: an optional DNS subdomain prefix and '/', then a name of at most 63. */
    private static void key(String key, String path, List<String> problems) {
        int slash = key.lastIndexOf('/');
        String prefix = slash < 0 ? null : key.substring(0, slash);
        String name = key.substring(slash + 1);
        if ((prefix != null && !isDnsSubdomain(prefix)) || name.length() > 63 || !QUALIFIED.matcher(name).matches()) {
            problems.add(path + ": key '" + key + "' is not a qualified name (an optional DNS subdomain and '/', then "
                    + "at most 63 " + QUALIFIED_RULE + ")");
        }
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static boolean isDnsSubdomain(String s) {
        return s.length() <= 253 && DNS_SUBDOMAIN.matcher(s).matches();
    }
}
