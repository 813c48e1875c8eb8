package io.neotool.charts.verify;

import io.neotool.charts.InputException;
import io.neotool.charts.model.Suggestions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every rule neotool:lint applies, gathered from the classes that apply them: each class defines its rules (id, group,
 * severity, rationale and fix; numbers refer to docs/policy-rules.md) beside the code that reports them, in its
 * {@link RuleSet}. docs/lint.md's rule table is {@link #markdownTable()}.
 */
public final class Rules {
    private Rules() {}

    /** The classes that apply lint rules, in the order docs/lint.md lists their rules. */
    private static final List<RuleSet> SETS = List.of(Linter.RULES, ValuesFiles.RULES, ManifestParser.RULES, SchemaValidator.RULES, ApiNames.RULES,
            PodSecurity.RULES, PolicyChecker.RULES, Capacity.RULES, InstallSimulation.RULES, PlatformVerifier.RULES,
            FlowFinder.RULES, PlatformFlows.RULES);

    private static final Map<String, Rule> RULES = new LinkedHashMap<>();

    static {
        for (RuleSet set : SETS) {
            for (Rule rule : set.rules()) {
                if (RULES.put(rule.id(), rule) != null) {
                    throw new IllegalStateException("lint rule " + rule.id() + " is defined twice");
                }
            }
        }
    }

    public static Rule get(String id) {
        Rule rule = RULES.get(id);
        if (rule == null) {
            throw new IllegalArgumentException("no rule " + id);
        }
        return rule;
    }

    public static boolean exists(String id) {
        return RULES.containsKey(id);
    }

    /** How a user finds out about a rule: the plugin's own goal, which ships with the plugin. */
    public static final String HELP = "mvn neotool:rules -Drule=";

    /** The rule {@code id}, or a failure naming {@code where} it was given, the nearest id and where the rules are listed. */
    public static Rule require(String id, String where) {
        if (!exists(id)) {
            throw new InputException(where + " names unknown lint rule '" + id + "'"
                    + Suggestions.nearest(id, RULES.keySet()).map(s -> " (did you mean " + s + "?)").orElse("")
                    + "; `mvn neotool:rules` lists the rules, `" + HELP + "<id>` explains one");
        }
        return RULES.get(id);
    }

    /** The rule explained: id, severity (and Pod Security level), group, why, and how to fix a finding. */
    public static List<String> describe(String id) {
        Rule r = require(id, "-Drule");
        return List.of(r.id() + ": " + r.severityLabel() + ", group " + r.group(),
                "  Why: " + r.rationale(),
                "  Fix: " + r.fix(),
                "  Change its level or switch it off in the pom: <rules><rule><id>" + r.id()
                        + "</id><severity>off|info|warning|error</severity></rule></rules>; exempt one object with"
                        + " <exemptions> or the neotool.io/lint-exempt annotation.");
    }

    /** One line per rule: id, severity, group. */
    public static List<String> list() {
        return RULES.values().stream().map(r -> r.id() + ": " + r.severityLabel() + ", group " + r.group()).toList();
    }

    public static List<Rule> all() {
        return List.copyOf(RULES.values());
    }

    /** docs/lint.md's rule table: every rule with its id, group, severity (with the Pod Security level and control), rationale and fix. */
    public static String markdownTable() {
        StringBuilder table = new StringBuilder("| Id | Group | Severity | Rationale | Fix |\n|---|---|---|---|---|\n");
        for (Rule r : RULES.values()) {
            table.append("| `").append(r.id()).append("` | ").append(r.group()).append(" | ").append(r.severityLabel())
                    .append(" | ").append(r.rationale()).append(" | ").append(r.fix()).append(" |\n");
        }
        return table.toString();
    }
}
