package io.neotool.charts.maven;

import io.neotool.charts.BuildLog;
import io.neotool.charts.helm.HelmClient;
import io.neotool.charts.report.LintReports;
import io.neotool.charts.verify.LintResult;
import io.neotool.charts.verify.Linter;
import java.io.File;
import java.io.IOException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Lints the generated charts the way helm lint, kubeconform and kube-linter would, offline: {@code helm lint --strict}
 * of every chart, a render of every environment, strict Kubernetes schema validation and the policy rules
 * (docs/lint.md). Errors fail the build; warnings only with {@code neotool.lint.failOnWarning}.
 */
@Mojo(name = "lint", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class LintMojo extends AbstractNeotoolMojo {

    /** Directory holding the charts (the umbrella at {@code <charts>/<name>/}); every directory with a Chart.yaml is linted. */
    @Parameter(property = PropertyNames.CHARTS, defaultValue = "${project.basedir}/helm")
    private File charts;

    /** Kubernetes version to render and validate for. */
    @Parameter(property = PropertyNames.KUBE_VERSION, defaultValue = "1.32.0")
    private String kubeVersion;

    /** Release name to render with. */
    @Parameter(property = PropertyNames.RELEASE, defaultValue = "neotool")
    private String release;

    /** Namespace to render into. */
    @Parameter(property = PropertyNames.NAMESPACE, defaultValue = "default")
    private String namespace;

    /** Fail the build on warnings too. */
    @Parameter(property = PropertyNames.LINT_FAIL_ON_WARNING, defaultValue = "false")
    private boolean failOnWarning;

    /** Where lint-report.json and the JUnit XML go. */
    @Parameter(property = PropertyNames.LINT_REPORTS, defaultValue = "${project.build.directory}/neotool")
    private File reports;

    /** Skips this goal. */
    @Parameter(property = PropertyNames.LINT_SKIP, defaultValue = "false")
    private boolean skipLint;

    @Override
    protected void run(BuildLog log) throws IOException {
        if (Linter.findCharts(charts.toPath()).isEmpty()) {
            log.info("neotool:lint: no charts under " + charts + " (no Chart.yaml); nothing to lint");
            return;
        }
        LintResult result = new Linter(new HelmClient(), log)
                .lint(new Linter.Request(charts.toPath(), kubeVersion, release, namespace));
        LintReports.publish(result, reports.toPath(), failOnWarning, log);
    }

    @Override
    protected boolean skipGoal() {
        return skipLint;
    }

    @Override
    protected String goal() {
        return "neotool:lint";
    }

    @Override
    protected String skipProperty() {
        return PropertyNames.LINT_SKIP;
    }
}
