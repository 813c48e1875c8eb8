package io.neotool.charts.maven;

import io.neotool.charts.BuildLog;
import io.neotool.charts.InputException;
import io.neotool.charts.helm.HelmClient;
import io.neotool.charts.ship.ChartPackager;
import io.neotool.charts.ship.OutputTimestamp;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Lints, then packages every chart into reproducible {@code <chart>-<version>.tgz} archives with a .sha256 each. */
@Mojo(name = "package", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class PackageMojo extends AbstractNeotoolMojo {

    /** Directory whose subdirectories with a Chart.yaml are the charts (subcharts under their charts/ too). */
    @Parameter(property = PropertyNames.CHARTS, defaultValue = "${project.basedir}/helm")
    private File charts;

    /** Where the archives go. */
    @Parameter(property = PropertyNames.PACKAGE_OUTPUT, defaultValue = "${project.build.directory}/helm")
    private File output;

    /** Time stamped into every archive entry and the OCI "created" annotation: ISO-8601 or epoch seconds. */
    @Parameter(defaultValue = "${project.build.outputTimestamp}")
    private String outputTimestamp;

    @Parameter(property = PropertyNames.PACKAGE_SKIP, defaultValue = "false")
    private boolean skipPackage;

    /** Skips the lint that runs before packaging. */
    @Parameter(property = PropertyNames.LINT_SKIP, defaultValue = "false")
    private boolean skipLint;

    @Override
    protected void run(BuildLog log) throws IOException {
        List<Path> found = ChartPackager.findCharts(charts.toPath());
        if (found.isEmpty()) {
            log.info("No charts in " + charts + " (no directory with a Chart.yaml); nothing to package");
            return;
        }
        Instant timestamp = OutputTimestamp.parse(outputTimestamp).orElseGet(() -> {
            log.warn("project.build.outputTimestamp is not set: archives are stamped " + OutputTimestamp.FALLBACK
                    + "; set it in the pom for meaningful dates");
            return OutputTimestamp.FALLBACK;
        });
        HelmClient helm = new HelmClient();
        if (skipLint) {
            log.info("Skipping lint before package (" + PropertyNames.LINT_SKIP + ")");
        } else {
            lintBeforePackage(helm, found, log);
        }
        new ChartPackager(helm, log).packageAll(found, output.toPath(), timestamp);
    }

    /**
     * LINT-BEFORE-PACKAGE: the single call site. Interim: {@code helm lint --strict} of every chart; replace
     * the body with the io.neotool.charts.verify lint core when it lands (same charts, same skip flag).
     */
    private static void lintBeforePackage(HelmClient helm, List<Path> charts, BuildLog log) {
        for (Path chart : charts) {
            var result = helm.lint(chart);
            result.getMessages().forEach(m -> log.info("lint " + chart.getFileName() + ": " + m));
            if (result.isFailed()) {
                throw new InputException("helm lint --strict failed for chart " + chart + " (see messages above);"
                        + " fix the chart or its spec, or skip with -D" + PropertyNames.LINT_SKIP + "=true");
            }
        }
    }

    @Override
    protected boolean skipGoal() {
        return skipPackage;
    }

    @Override
    protected String goal() {
        return "package";
    }

    @Override
    protected String skipProperty() {
        return PropertyNames.PACKAGE_SKIP;
    }
}
