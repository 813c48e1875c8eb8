package io.neotool.charts.verify;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One problem (or exemption) found in a chart: which rule, where (chart, template file, resource) and in which
 * environments. {@code chart} is the chart on disk (the lint names an aliased subchart's by its chart),
 * {@code file} the template path inside it ({@code templates/deployment.yaml}), or a chart file for lint findings.
 */
public record Finding(String ruleId, Severity severity, String chart, String file, String kind, String name,
                      String message, String hint, Set<String> environments) {

    public static final Comparator<Finding> ORDER = Comparator.comparing(Finding::chart)
            .thenComparing(Finding::file)
            .thenComparing(Finding::kind)
            .thenComparing(Finding::name)
            .thenComparing(Finding::ruleId)
            .thenComparing(Finding::message)
            .thenComparing(Finding::severity);

    public Finding {
        chart = chart == null ? "" : chart;
        file = file == null ? "" : file;
        kind = kind == null ? "" : kind;
        name = name == null ? "" : name;
        hint = hint == null ? "" : hint;
        environments = Set.copyOf(new TreeSet<>(environments == null ? Set.of() : environments));
    }

    /** This finding, seen in environment {@code environment} (added to those it was already seen in). */
    public Finding in(String environment) {
        Set<String> envs = new TreeSet<>(environments);
        envs.add(environment);
        return new Finding(ruleId, severity, chart, file, kind, name, message, hint, envs);
    }

    public Finding withSeverity(Severity newSeverity, String newMessage) {
        return new Finding(ruleId, newSeverity, chart, file, kind, name, newMessage, hint, environments);
    }

    /** Whether this finding is an exemption (an annotation's, a namespace's or the pom's): said at info, never raised. */
    public boolean isExemption() {
        return severity == Severity.INFO && message.startsWith("exempted (");
    }

    /** {@code chart/templates/file.yaml}. */
    public String location() {
        if (!file.isEmpty() && java.nio.file.Path.of(file).isAbsolute()) {
            return file + " (chart " + chart + ")"; // a file outside the chart: a project's extra values file
        }
        return file.isEmpty() ? chart : chart.isEmpty() ? file : chart + "/" + file;
    }

    /** {@code Kind/name}, or empty for findings about a chart rather than a resource. */
    public String resource() {
        return kind.isEmpty() ? "" : kind + "/" + name;
    }

    public List<String> sortedEnvironments() {
        return List.copyOf(new TreeSet<>(environments));
    }

    /** The same finding without its environments: findings equal under this key are merged. */
    String key() {
        return String.join("\u0000", ruleId, severity.name(), chart, file, kind, name, message);
    }

    /** {@code chart/templates/file.yaml: Kind/name: rule: message}. */
    public String line() {
        StringBuilder s = new StringBuilder(location()).append(": ");
        if (!kind.isEmpty()) {
            s.append(resource()).append(": ");
        }
        return s.append(ruleId).append(": ").append(message).toString();
    }
}
