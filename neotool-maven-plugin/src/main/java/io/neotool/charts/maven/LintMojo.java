package io.neotool.charts.maven;

import io.neotool.charts.BuildLog;
import io.neotool.charts.DirectoryLock;
import java.io.IOException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Lints the generated charts the way helm lint, kubeconform and kube-linter would, offline: {@code helm lint --strict}
 * of every chart, a render of every environment, strict Kubernetes schema validation and the policy rules
 * (docs/lint.md). Errors fail the build; warnings only with {@code neotool.lint.failOnWarning}.
 */
@Mojo(name = "lint", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class LintMojo extends AbstractChartsMojo {

    @Override
    protected void run(BuildLog log) throws IOException {
        if (nothingToWorkOn(log)) {
            return;
        }
        extractHelmAhead();
        try (DirectoryLock lock = lockForReading(charts, log)) {
            if (chartsToWorkOn(log).isEmpty()) {
                sayNoCharts(log); // emptied since it was looked at
                return;
            }
            lint(log);
        }
    }

    @Override
    protected boolean skipGoal() {
        return skipLint;
    }
}
