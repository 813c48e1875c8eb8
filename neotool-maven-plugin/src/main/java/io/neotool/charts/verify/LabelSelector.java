package io.neotool.charts.verify;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Kubernetes label selectors (matchLabels and matchExpressions In/NotIn/Exists/DoesNotExist) against labels. */
public final class LabelSelector {
    private LabelSelector() {}

    /** Whether {@code selector} selects {@code labels}; an empty selector selects everything. */
    public static boolean matches(Map<String, Object> selector, Map<String, ?> labels) {
        if (!matchLabels(Yaml.map(selector.get("matchLabels")), labels)) {
            return false;
        }
        for (Object e : Yaml.list(selector.get("matchExpressions"))) {
            String key = Yaml.str(Yaml.at(e, "key"));
            List<String> values = Yaml.list(Yaml.at(e, "values")).stream().map(Yaml::str).toList();
            boolean has = labels.containsKey(key);
            String value = Yaml.str(labels.get(key));
            boolean ok = switch (Yaml.str(Yaml.at(e, "operator"))) {
                case "In" -> has && values.contains(value);
                case "NotIn" -> !has || !values.contains(value);
                case "Exists" -> has;
                case "DoesNotExist" -> !has;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * A plain label map (a Service's selector, matchLabels) against labels: each key present with that value; as in
     * Kubernetes, a required empty value does not match a missing label.
     */
    public static boolean matchLabels(Map<String, ?> wanted, Map<String, ?> labels) {
        for (var e : wanted.entrySet()) {
            if (!labels.containsKey(e.getKey()) || !Objects.equals(Yaml.str(e.getValue()), Yaml.str(labels.get(e.getKey())))) {
                return false;
            }
        }
        return true;
    }
}
