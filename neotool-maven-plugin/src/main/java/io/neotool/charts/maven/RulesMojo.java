package io.neotool.charts.maven;

import io.neotool.charts.BuildLog;
import io.neotool.charts.verify.Rules;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Explains the lint rules: without {@code rule}, one line per rule (id, severity, group); with
 * {@code -Drule=<id>}, why the rule exists, how to fix a finding, and how to change its level or exempt an object.
 * Logged at info level, or with {@code -DforceStdout} printed to standard output even under {@code -q}.
 */
@Mojo(name = "rules", requiresProject = false, threadSafe = true)
public class RulesMojo extends AbstractNeotoolMojo {

    /** The id of the rule to explain (as in a lint finding); all rules are listed when unset. */
    @Parameter(property = PropertyNames.RULE)
    String rule;

    /** Print the rules to standard output, not to the log: under {@code -q} too ({@code mvn -q neotool:rules -DforceStdout > rules.txt}). */
    @Parameter(property = PropertyNames.FORCE_STDOUT, defaultValue = "false")
    boolean forceStdout;

    @Override
    protected void run(BuildLog log) {
        List<String> lines = rule == null || rule.isBlank() ? Rules.list() : Rules.describe(rule.strip());
        if (forceStdout) {
            lines.forEach(System.out::println);
        } else {
            lines.forEach(log::info);
        }
    }

    @Override
    protected boolean skipGoal() {
        return false;
    }
}
