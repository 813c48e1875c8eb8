package io.neotool.charts.maven;

import io.neotool.charts.BuildLog;
import io.neotool.charts.DirectoryLock;
import io.neotool.charts.ship.ChartPackager;
import io.neotool.charts.ship.PackageSet;
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
public class PackageMojo extends AbstractChartsMojo {

    /** Where the archives go; in the pom packageOutput, since output is generate's charts directory. */
    @Parameter(property = PropertyNames.PACKAGE_OUTPUT, defaultValue = "${project.build.directory}/helm")
    private File packageOutput;

    /** Time stamped into every archive entry and the OCI "created" annotation: ISO-8601 or epoch seconds. */
    @Parameter(defaultValue = "${project.build.outputTimestamp}")
    private String outputTimestamp;

    /** Skips this goal. */
    @Parameter(property = PropertyNames.PACKAGE_SKIP, defaultValue = "false")
    private boolean skipPackage;

    @Override
    protected void run(BuildLog log) throws IOException {
        if (nothingToWorkOn(log)) {
            return;
        }
        // refused before a lock file is left beside it; another project of this build's set is said as such first
        ChartPackager.requireApart(charts.toPath(), packageOutput.toPath());
        claimWholeDirectory(packageOutput, "package output directory", PropertyNames.PACKAGE_OUTPUT);
        PackageSet.requireOwnDirectory(packageOutput.toPath().toAbsolutePath().normalize(), charts.toPath());
        extractHelmAhead();
        try (DirectoryLock chartsLock = lockForReading(charts, log); DirectoryLock outputLock = lockPackageSet(packageOutput, log)) {
            List<Path> found = chartsToWorkOn(log);
            if (found.isEmpty()) {
                sayNoCharts(log); // emptied since it was looked at
                return;
            }
            packageAll(found, log);
        }
    }

    private void packageAll(List<Path> found, BuildLog log) throws IOException {
        Instant timestamp = OutputTimestamp.parse(outputTimestamp).orElseGet(() -> {
            log.warn("project.build.outputTimestamp is not set: archives are stamped " + OutputTimestamp.FALLBACK
                    + "; set it in the pom for meaningful dates");
            return OutputTimestamp.FALLBACK;
        });
        // packaged while the lint runs, put in place only once it passed
        new ChartPackager(helm(), log).packageAllAfter(() -> lint(log), charts.toPath(), packageOutput.toPath(), timestamp);
    }

    @Override
    boolean refusesHandEdits() {
        return true;
    }

    @Override
    protected boolean skipGoal() {
        return skipPackage;
    }
}
