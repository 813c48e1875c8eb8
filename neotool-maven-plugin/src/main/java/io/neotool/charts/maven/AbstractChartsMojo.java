package io.neotool.charts.maven;

import io.neotool.charts.BuildLog;
import io.neotool.charts.generate.GeneratedTree;
import io.neotool.charts.helm.ChartDirectories;
import io.neotool.charts.helm.HelmClient;
import io.neotool.charts.report.LintReports;
import io.neotool.charts.verify.LintResult;
import io.neotool.charts.verify.Linter;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Goals that work on generated charts and lint them: lint itself, and package, which lints first. The
 * lint runs once per build and charts directory, whichever of the two comes first.
 */
abstract class AbstractChartsMojo extends AbstractNeotoolMojo {
    private static final String LINTED = "neotool.linted:";

    /** Directory holding the charts (the umbrella at {@code <charts>/<name>/}, its subcharts in its charts/). */
    @Parameter(property = PropertyNames.CHARTS, defaultValue = "${project.basedir}/helm")
    File charts;

    /** Kubernetes version to render and validate for. */
    @Parameter(property = PropertyNames.KUBE_VERSION, defaultValue = "1.32.0")
    String kubeVersion;

    /** Release name to render with. */
    @Parameter(property = PropertyNames.RELEASE, defaultValue = "neotool")
    String release;

    /** Namespace to render into. */
    @Parameter(property = PropertyNames.NAMESPACE, defaultValue = "default")
    String namespace;

    /** Fail the build on lint warnings too. */
    @Parameter(property = PropertyNames.LINT_FAIL_ON_WARNING, defaultValue = "false")
    boolean failOnWarning;

    /** Where lint-report.json and the JUnit XML go. */
    @Parameter(property = PropertyNames.LINT_REPORTS, defaultValue = "${project.build.directory}/neotool")
    File reports;

    /** Skips the lint (the goal, and the lint before package). */
    @Parameter(property = PropertyNames.LINT_SKIP, defaultValue = "false")
    boolean skipLint;

    /** True (and said) when there is no charts directory and the project needs none; fails when it needs one. */
    boolean noChartsDirectory(BuildLog log) {
        if (charts.isDirectory()) {
            return false;
        }
        ChartDirectories.require(charts.toPath(), expectsCharts(charts), "neotool:" + goal());
        log.info("No charts directory " + charts + "; nothing to " + goal());
        return true;
    }

    /**
     * The charts to work on, with {@link #charts} locked by the caller: none when the project has none and
     * needs none; a failure when it should have some, when a chart lacks its Chart.yaml, when a generate
     * was interrupted there, or when a generated chart holds a file generate did not write.
     */
    List<Path> chartsToWorkOn() throws IOException {
        List<Path> found = ChartDirectories.require(charts.toPath(), expectsCharts(charts), "neotool:" + goal());
        new GeneratedTree(charts.toPath()).requireOnlyGenerated();
        return found;
    }

    /** Lints the charts unless skipped or already linted in this build; fails the build on errors. */
    void lint(BuildLog log) throws IOException {
        if (skipLint) {
            log.info("Skipping lint (" + PropertyNames.LINT_SKIP + ")");
            return;
        }
        String key = LINTED + charts.getAbsolutePath();
        if (project.getContextValue(key) != null) {
            log.info("Charts in " + charts + " were linted earlier in this build");
            return;
        }
        LintResult result = new Linter(new HelmClient(), log)
                .lint(new Linter.Request(charts.toPath(), kubeVersion, release, namespace));
        LintReports.publish(result, reports.toPath(), failOnWarning, log);
        project.setContextValue(key, Boolean.TRUE);
    }
}
