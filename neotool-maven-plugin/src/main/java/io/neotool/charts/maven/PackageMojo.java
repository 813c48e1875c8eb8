package io.neotool.charts.maven;

import io.neotool.charts.BuildLog;
import io.neotool.charts.DirectoryLock;
import io.neotool.charts.InputException;
import io.neotool.charts.generate.ChartGenerator;
import io.neotool.charts.generate.GeneratedTree;
import io.neotool.charts.ship.ChartPackager;
import io.neotool.charts.ship.OutputTimestamp;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Lints, then packages every chart into reproducible {@code <chart>-<version>.tgz} archives with a .sha256 each. */
@Mojo(name = "package", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class PackageMojo extends AbstractChartsMojo {

    /** Where the archives go. */
    @Parameter(property = PropertyNames.PACKAGE_OUTPUT, defaultValue = "${project.build.directory}/helm")
    private File output;

    /** Time stamped into every archive entry and the OCI "created" annotation: ISO-8601 or epoch seconds. */
    @Parameter(defaultValue = "${project.build.outputTimestamp}")
    private String outputTimestamp;

    /** Skips this goal. */
    @Parameter(property = PropertyNames.PACKAGE_SKIP, defaultValue = "false")
    private boolean skipPackage;

    @Override
    protected void run(BuildLog log) throws IOException {
        if (noChartsDirectory(log)) {
            return;
        }
        extractHelmAhead();
        try (DirectoryLock chartsLock = lock(charts, log); DirectoryLock outputLock = lockPackageSet(output, log)) {
            List<Path> found = chartsToWorkOn(log);
            requireCurrent();
            if (found.isEmpty()) {
                log.info("No charts in " + charts + " (no directory with a Chart.yaml); nothing to package");
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
        new ChartPackager(helm(), log).packageAllAfter(() -> lint(log), charts.toPath(), output.toPath(), timestamp);
    }

    /**
     * Fails when the project's spec (at the default place, its charts at the default place, not generated in this build)
     * now generates other charts than those in {@link #charts}: package would ship the charts of an older spec. The
     * charts are rendered again to compare only when the spec or a file of the project's templates is newer than the
     * last generate's manifest, so that an unchanged project pays nothing.
     */
    private void requireCurrent() throws IOException {
        File base = project.getBasedir();
        File spec = new File(base, AbstractSpecMojo.DEFAULT_SPEC);
        File templates = new File(base, AbstractSpecMojo.DEFAULT_TEMPLATES);
        Path manifest = charts.toPath().resolve(GeneratedTree.MANIFEST);
        if (!spec.isFile() || !Files.isRegularFile(manifest) || !charts.getAbsoluteFile().equals(new File(base, "helm").getAbsoluteFile())
                || project.getContextValue(GENERATED + charts.getAbsolutePath()) != null) {
            return;
        }
        long generated = Files.getLastModifiedTime(manifest).toMillis();
        boolean newer = spec.lastModified() > generated;
        if (!newer && templates.isDirectory()) {
            try (Stream<Path> files = Files.walk(templates.toPath())) {
                newer = files.anyMatch(f -> f.toFile().lastModified() > generated);
            }
        }
        if (!newer) {
            return;
        }
        GeneratedTree.Drift drift = new ChartGenerator().check(AbstractSpecMojo.request(project, spec, templates, charts));
        List<String> differ = new java.util.ArrayList<>(drift.changed());
        differ.addAll(drift.missing());
        differ.addAll(drift.stale());
        if (!differ.isEmpty()) {
            throw new InputException("The charts in " + charts + " are not what neotool:generate writes from " + spec + " now ("
                    + String.join(", ", differ.subList(0, Math.min(5, differ.size())))
                    + (differ.size() > 5 ? " and " + (differ.size() - 5) + " more" : "") + "): neotool:package would ship the"
                    + " charts of an older spec. Run neotool:generate first (mvn neotool:generate neotool:package);"
                    + " neotool:check shows the differences.");
        }
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
