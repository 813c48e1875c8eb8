package io.neotool.charts.report;

import io.neotool.charts.BuildLog;
import io.neotool.charts.InputException;
import io.neotool.charts.verify.LintResult;
import io.neotool.charts.verify.Rules;
import io.neotool.charts.verify.Severity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** Writes every report of a lint (console, JSON, JUnit XML) and fails when the findings say so. */
public final class LintReports {
    private LintReports() {}

    public static final String JSON = "lint-report.json";
    public static final String JUNIT = "TEST-neotool-lint.xml";

    /** Whether a file of that name in the reports directory is one of a lint's reports. */
    static boolean isReport(String name) {
        return name.equals(JSON) || name.equals(JUNIT) || PlatformGraphReport.isReport(name);
    }

    public static void publish(LintResult result, Path reportDir, boolean failOnWarning, BuildLog log) throws IOException {
        publish(result, reportDir, failOnWarning, false, log);
    }

    /**
     * {@code quiet}: the console says the summary and what fails the build only (the errors; with {@code failOnWarning}
     * the warnings too); the reports hold everything.
     */
    public static void publish(LintResult result, Path reportDir, boolean failOnWarning, boolean quiet, BuildLog log)
            throws IOException {
        ConsoleReport.write(result, log, quiet, failOnWarning);
        JsonReport.write(result, reportDir.resolve(JSON));
        JunitReport.write(result, failOnWarning, reportDir.resolve(JUNIT));
        PlatformGraphReport.write(result.platforms(), result.manifests(), reportDir);
        String reports = "neotool:lint reports: " + reportDir.resolve(JSON) + ", " + reportDir.resolve(JUNIT)
                + result.platforms().keySet().stream().map(id -> ", " + reportDir.resolve(PlatformGraphReport.fileName(id))
                        + ", " + reportDir.resolve(PlatformGraphReport.diagramFileName(id))).collect(Collectors.joining())
                + result.manifests().keySet().stream().map(id -> ", " + reportDir.resolve(PlatformGraphReport.manifestsFileName(id)))
                        .collect(Collectors.joining());
        if (quiet) {
            log.debug(reports);
        } else {
            log.info(reports);
        }
        log.debug("neotool:lint timings (ms): " + result.timings());
        if (result.fails(failOnWarning)) {
            // The findings were logged above, each once at its level; the failure only counts them.
            long errors = result.count(Severity.ERROR);
            long warnings = result.count(Severity.WARNING);
            throw new InputException("neotool:lint found " + errors + " error(s)"
                    + (failOnWarning ? " and " + warnings + " warning(s) (neotool.lint.failOnWarning)" : "")
                    + ", listed above and in " + reportDir.resolve(JSON)
                    + "; fix the templates or values, or declare an exemption. Each rule explained: `"
                    + Rules.HELP + "<id>`.");
        }
    }
}
