package io.neotool.charts.report;

import io.neotool.charts.BuildLog;
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
        log.info("neotool:lint: " + result.charts().size() + " chart(s), " + result.environments().size()
                + " environment(s), Kubernetes " + result.kubeVersion() + ": " + result.count(Severity.ERROR) + " error(s), "
                + result.count(Severity.WARNING) + " warning(s), " + result.count(Severity.INFO) + " info(s)");
        for (Map.Entry<String, Map<Severity, Long>> e : result.countsPerChart().entrySet()) {
            Map<Severity, Long> c = e.getValue();
            log.info("  " + (e.getKey().isEmpty() ? "(no chart)" : e.getKey()) + ": " + c.getOrDefault(Severity.ERROR, 0L)
                    + " error(s), " + c.getOrDefault(Severity.WARNING, 0L) + " warning(s), " + c.getOrDefault(Severity.INFO, 0L) + " info(s)");
        }
        for (Severity severity : Severity.values()) {
            for (Finding f : result.findings()) {
                if (f.severity() != severity) {
                    continue;
                }
                String line = f.line() + " [" + String.join(", ", f.sortedEnvironments()) + "]";
                String fix = f.hint().isEmpty() ? "" : " (fix: " + f.hint() + ")";
                switch (severity) {
                    case ERROR -> log.error(line + fix);
                    case WARNING -> log.warn(line + fix);
                    default -> log.info(line);
                }
            }
        }
    }
}
