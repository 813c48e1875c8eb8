package io.neotool.charts.maven;

import io.neotool.charts.BuildLog;
import io.neotool.charts.verify.Rules;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Explains the lint rules: without {@code rule}, one line per rule (id, severity, group); with
 * {@code -Drule=<id>}, why the rule exists, how to fix a finding, and how to change its level or exempt an object.
 */
@Mojo(name = "rules", requiresProject = false, threadSafe = true)
public class RulesMojo extends AbstractNeotoolMojo {

    /** The id of the rule to explain (as in a lint finding); all rules are listed when unset. */
    @Parameter(property = PropertyNames.RULE)
    String rule;

    @Override
    protected void run(BuildLog log) {
        (rule == null || rule.isBlank() ? Rules.list() : Rules.describe(rule.strip())).forEach(log::info);
    }

    @Override
    protected boolean skipGoal() {
        return false;
    }
}
