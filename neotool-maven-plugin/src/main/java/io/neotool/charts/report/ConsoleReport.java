package io.neotool.charts.report;

import io.neotool.charts.BuildLog;
import io.neotool.charts.verify.Capacity;
import io.neotool.charts.verify.Finding;
import io.neotool.charts.verify.LintResult;
import io.neotool.charts.verify.Severity;
import java.util.Map;

/**
 * The console summary: counts per severity and per chart, then each finding as
 * {@code chart/templates/file: Kind/name: rule: message [environments]}, each once, at its level: errors to error,
 * warnings to warn, infos to info.
 */
public final class ConsoleReport {
    private ConsoleReport() {}

    public static void write(LintResult result, BuildLog log) {
        write(result, log, false, false);
    }

    /**
     * {@code quiet}: the summary line and the findings that fail the build only: the errors, and with
     * {@code failOnWarning} the warnings too.
     */
    public static void write(LintResult result, BuildLog log, boolean quiet, boolean failOnWarning) {
        long ciValues = result.environments().stream().filter(e -> e.replace('\\', '/').contains("/ci/")).count();
        log.info("neotool:lint: " + result.charts().size() + " chart(s), " + result.environments().size()
                + " environment(s)" + (ciValues == 0 ? "" : " (" + ciValues + " of them a chart's own ci/ values)")
                + ", Kubernetes " + result.kubeVersion() + ": " + result.count(Severity.ERROR) + " error(s), "
                + result.count(Severity.WARNING) + " warning(s), " + result.count(Severity.INFO) + " info(s)");
        if (quiet) {
            result.findings().stream().filter(f -> f.severity() == Severity.ERROR).forEach(f -> each(log::error, consoleLine(f)));
            if (failOnWarning) {
                result.findings().stream().filter(f -> f.severity() == Severity.WARNING)
                        .forEach(f -> each(log::error, FAILING + consoleLine(f)));
            }
            return;
        }
        for (Map.Entry<String, Map<Severity, Long>> e : result.countsPerChart().entrySet()) {
            Map<Severity, Long> c = e.getValue();
            log.info("  " + (e.getKey().isEmpty() ? "(no chart)" : e.getKey()) + ": " + c.getOrDefault(Severity.ERROR, 0L)
                    + " error(s), " + c.getOrDefault(Severity.WARNING, 0L) + " warning(s), " + c.getOrDefault(Severity.INFO, 0L) + " info(s)");
        }
        for (Capacity.Report r : result.capacity()) {
            log.info("  capacity " + r.environment() + " on " + Capacity.nodes(r.cluster()) + ":");
            for (var scale : java.util.List.of(java.util.Map.entry("minimum replicas", r.minimum()),
                    java.util.Map.entry("HPA maximum", r.maximum()),
                    java.util.Map.entry("minimum replicas, every Deployment rolling", r.rollout()))) {
                Capacity.Scale s = scale.getValue();
                log.info("    " + scale.getKey() + ": " + s.pods() + " pods, " + s.total().describe() + "; "
                        + (s.fits() ? "fits on " + s.usableNodes() + " node(s)" : s.unplaced() + " pod(s) do not fit on "
                        + s.usableNodes() + " node(s)") + (r.cluster().nodes() > 1 ? " (N+1)" : "")
                        + (s.waiting() > 0 ? "; " + s.waiting() + " pod(s) of workloads that need a node each wait for the lost node" : ""));
                s.perNamespace().forEach((ns, res) -> log.info("      " + ns + ": " + res.describe()));
            }
            log.info("    quota per namespace (at the HPAs' maximum, a rollout's surge, every Job, CronJob run and test Pod "
                    + "at once, " + (r.cluster().nodes() == 1 ? "DaemonSets on 1 node" : "DaemonSets on " + r.cluster().nodes()
                    + " nodes") + "):");
            r.quota().forEach((ns, q) -> log.info("      " + ns + ": " + q.describe()));
        }
        for (Severity severity : Severity.values()) {
            for (Finding f : result.findings()) {
                if (f.severity() != severity) {
                    continue;
                }
                switch (severity) {
                    case ERROR -> each(log::error, consoleLine(f));
                    // a warning that fails the build is said as an error: mvn -q shows errors alone
                    case WARNING -> {
                        if (failOnWarning) {
                            each(log::error, FAILING + consoleLine(f));
                        } else {
                            each(log::warn, consoleLine(f));
                        }
                    }
                    default -> log.info(f.line() + environments(f));
                }
            }
        }
    }

    private static String environments(Finding f) {
        return f.environments().isEmpty() ? "" : " [" + String.join(", ", f.sortedEnvironments()) + "]";
    }

    /** Before a warning that fails the build (neotool.lint.failOnWarning), logged as an error. */
    static final String FAILING = "warning, failing the build (neotool.lint.failOnWarning): ";

    /**
     * Each line of {@code text} at one level: a finding quoting a multi-line message (Helm's schema errors) keeps its
     * level's prefix on every line, for the CI logs that filter on it.
     */
    private static void each(java.util.function.Consumer<String> level, String text) {
        text.lines().forEach(level);
    }

    /** An error or warning: where, what, in which environments, and the fix. */
    private static String consoleLine(Finding f) {
        return f.line() + environments(f) + (f.hint().isEmpty() ? "" : " (fix: " + f.hint() + ")");
    }
}
