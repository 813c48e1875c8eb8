package io.neotool.charts.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * The lint rules one class applies, each defined (id, group, severity, rationale, fix) in that class beside the code
 * that reports it; {@link Rules} gathers every class's set for the goals, the reports and docs/lint.md's table.
 */
final class RuleSet {
    private final List<Rule> rules = new ArrayList<>();

    /** A rule; {@code podSecurity} is the Pod Security level it belongs to, or empty. Returns its id. */
    String define(String id, String group, Severity severity, String podSecurity, String rationale, String fix) {
        rules.add(new Rule(id, group, severity, podSecurity, rationale, fix));
        return id;
    }

    /** A control of the Pod Security Standards (an error in a namespace that enforces its level). Returns its id. */
    String pss(String id, String level, String control, String rationale, String fix) {
        rules.add(new Rule(id, "security", Severity.ERROR, level, control, rationale, fix));
        return id;
    }

    List<Rule> rules() {
        return List.copyOf(rules);
    }
}
