package io.neotool.charts.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A pod's toleration as the API server takes it: the spec checks the services' own, the lint every rendered one. */
public final class Tolerations {
    private Tolerations() {}

    private static final Set<String> EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");

    /** What is wrong with {@code toleration}; empty when the API server takes it. */
    public static List<String> problems(Map<?, ?> toleration) {
        String key = text(toleration.get("key"));
        String operator = text(toleration.get("operator"));
        String value = text(toleration.get("value"));
        String effect = text(toleration.get("effect"));
        List<String> problems = new ArrayList<>();
        if (!key.isEmpty() && !Names.isQualifiedName(key)) {
            problems.add("key '" + key + "' is not a qualified name (" + Names.QUALIFIED_NAME_RULE + ")");
        }
        if (!operator.isEmpty() && !operator.equals("Equal") && !operator.equals("Exists")) {
            problems.add("operator '" + operator + "' is neither Equal nor Exists");
        } else if (key.isEmpty() && !operator.equals("Exists")) {
            problems.add("a toleration without a key tolerates every taint and needs operator: Exists");
        } else if (operator.equals("Exists") && !value.isEmpty()) {
            problems.add("operator Exists takes no value ('" + value + "')");
        } else if (!Names.isLabelValue(value)) {
            problems.add("value '" + value + "' is not a label value (" + Names.LABEL_VALUE_RULE + ")");
        }
        if (!effect.isEmpty() && !EFFECTS.contains(effect)) {
            problems.add("effect '" + effect + "' is none of NoSchedule, PreferNoSchedule, NoExecute");
        }
        if (toleration.get("tolerationSeconds") != null && !effect.equals("NoExecute")) {
            problems.add("tolerationSeconds needs effect: NoExecute");
        }
        if (toleration.get("tolerationSeconds") != null && !text(toleration.get("tolerationSeconds")).matches("-?(0|[1-9][0-9]*)")) {
            problems.add("tolerationSeconds '" + text(toleration.get("tolerationSeconds")) + "' is not a whole number of seconds "
                    + "(digits without a leading zero, which Helm would read as octal)");
        }
        return problems;
    }

    private static String text(Object value) {
        return value == null ? "" : String.valueOf(value);
    }
}
