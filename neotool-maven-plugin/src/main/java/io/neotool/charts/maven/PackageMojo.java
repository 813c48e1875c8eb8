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
        if (nothingToWorkOn(log)) {
            return;
        }
        ChartPackager.requireApart(charts.toPath(), output.toPath()); // refused before a lock file is left beside it
        extractHelmAhead();
        try (DirectoryLock chartsLock = lock(charts, log); DirectoryLock outputLock = lockPackageSet(output, log)) {
            List<Path> found = chartsToWorkOn(log);
            requireCurrent();
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
        new ChartPackager(helm(), log).packageAllAfter(() -> lint(log), charts.toPath(), output.toPath(), timestamp);
    }

    /**
     * Fails when the project's spec now generates other charts than those in {@link #charts}: package would ship the
     * charts of an older spec. Compared only where generate's inputs are known without its configuration: the spec and
     * templates at their default places under {@code charts-src}, the charts in {@code helm}, none of the three set in
     * the pom or on the command line, and generate not run in this build. And only when something under
     * {@code charts-src} (a file, or a directory whose entries changed) is newer than the last generate's manifest, so
     * that an unchanged project pays nothing.
     */
    private void requireCurrent() throws IOException {
        File base = project.getBasedir();
        File spec = new File(base, AbstractSpecMojo.DEFAULT_SPEC);
        Path sources = spec.toPath().getParent();
        Path manifest = charts.toPath().resolve(GeneratedTree.MANIFEST);
        if (!spec.isFile() || !Files.isRegularFile(manifest) || !charts.getAbsoluteFile().equals(new File(base, "helm").getAbsoluteFile())
                || project.getContextValue(GENERATED + charts.getAbsolutePath()) != null || generateConfigured()) {
            return;
        }
        long generated = Files.getLastModifiedTime(manifest).toMillis();
        try (Stream<Path> files = Files.walk(sources)) {
            if (files.noneMatch(f -> f.toFile().lastModified() > generated)) {
                return;
            }
        }
        GeneratedTree.Drift drift = new ChartGenerator().check(AbstractSpecMojo.request(project, spec,
                new File(base, AbstractSpecMojo.DEFAULT_TEMPLATES), charts));
        List<String> differ = new java.util.ArrayList<>(drift.changed());
        differ.addAll(drift.missing());
        differ.addAll(drift.stale());
        differ.remove(GeneratedTree.MANIFEST);
        if (!differ.isEmpty()) {
            throw new InputException("The charts in " + charts + " are not what neotool:generate writes from " + spec + " now ("
                    + String.join(", ", differ.subList(0, Math.min(5, differ.size())))
                    + (differ.size() > 5 ? " and " + (differ.size() - 5) + " more" : "") + "): neotool:package would ship the"
                    + " charts of an older spec. Run neotool:generate first (mvn neotool:generate neotool:package);"
                    + " neotool:check shows the differences.");
        }
    }

    /**
     * Whether generate's spec, templates or output are set anywhere but their defaults: the plugin's configuration or a
     * generate execution's in the pom, or the properties (the command line, the pom's, the JVM's).
     */
    private boolean generateConfigured() {
        for (String property : List.of(PropertyNames.SPEC, PropertyNames.TEMPLATES, PropertyNames.OUTPUT)) {
            if (session.getUserProperties().getProperty(property) != null || session.getSystemProperties().getProperty(property) != null
                    || project.getProperties().getProperty(property) != null) {
                return true;
            }
        }
        for (org.apache.maven.model.Plugin plugin : project.getBuildPlugins()) {
            if (!plugin.getArtifactId().equals("neotool-maven-plugin")) {
                continue;
            }
            List<Object> configurations = new java.util.ArrayList<>();
            configurations.add(plugin.getConfiguration());
            plugin.getExecutions().stream().filter(e -> e.getGoals().contains("generate")).forEach(e -> configurations.add(e.getConfiguration()));
            for (Object configuration : configurations) {
                String xml = String.valueOf(configuration);
                if (xml.contains("<spec>") || xml.contains("<templates>") || xml.contains("<output>")) {
                    return true;
                }
            }
        }
        return false;
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
