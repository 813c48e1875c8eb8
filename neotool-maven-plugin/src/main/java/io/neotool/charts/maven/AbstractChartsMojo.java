package io.neotool.charts.maven;

import io.neotool.charts.BuildLog;
import io.neotool.charts.FileTrees;
import io.neotool.charts.InputException;
import io.neotool.charts.generate.ChartGenerator;
import io.neotool.charts.generate.GeneratedTree;
import io.neotool.charts.helm.ChartDirectories;
import io.neotool.charts.helm.CachedNativeLibrary;
import io.neotool.charts.helm.HelmClient;
import io.neotool.charts.model.Names;
import io.neotool.charts.report.LintRecord;
import io.neotool.charts.verify.KubernetesApi;
import io.neotool.charts.verify.LintConfig;
import io.neotool.charts.verify.Linter;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Goals that work on generated charts and lint them: lint itself, and package, which lints first. The
 * lint runs once per build, charts directory and lint settings, whichever of the two comes first.
 */
abstract class AbstractChartsMojo extends AbstractNeotoolMojo {
    private static final String LINTED = "neotool.linted:";
    private static final String REPORTS = "neotool.lint-reports:";

    /** Directory holding the charts (the umbrella at {@code <charts>/<name>/}, its subcharts in its charts/). */
    @Parameter(property = PropertyNames.CHARTS, defaultValue = "${project.basedir}/helm")
    File charts;

    /** Kubernetes version to render and validate for. */
    @Parameter(property = PropertyNames.KUBE_VERSION, defaultValue = "1.32.0")
    String kubeVersion;

    /** Release name to render with; empty: each chart's own name (the umbrella's: helm install acme ./helm/acme). */
    @Parameter(property = PropertyNames.RELEASE, defaultValue = "")
    String release;

    /** Namespace to render into. */
    @Parameter(property = PropertyNames.NAMESPACE, defaultValue = "default")
    String namespace;

    /** Fail the build on lint warnings too. */
    @Parameter(property = PropertyNames.LINT_FAIL_ON_WARNING, defaultValue = "false")
    boolean failOnWarning;

    /**
     * Where lint-report.json, the JUnit XML and the platform reports go; Helm's native library (about 100 MB, kept
     * across builds) and its scratch files (tmp/) are kept there too.
     */
    @Parameter(property = PropertyNames.LINT_REPORTS, defaultValue = "${project.build.directory}/neotool")
    File reports;

    /**
     * Lint rules switched off or given another severity:
     * {@code <rules><rule><id>spread</id><severity>off|info|warning|error</severity></rule></rules>}. The rules, each
     * with its rationale and fix: {@code mvn neotool:rules -Drule=<id>}.
     */
    @Parameter
    List<Rule> rules = List.of();

    /**
     * Objects exempted from named rules, each with a required reason (as the {@code neotool.io/lint-exempt}
     * annotation does): {@code <exemptions><exemption><kind>Deployment</kind><name>web</name><rules>a,b</rules>
     * <reason>why</reason></exemption></exemptions>}. Their findings become info with the reason.
     */
    @Parameter
    List<Exemption> exemptions = List.of();

    /**
     * Extra values files per chart, each {@code <file>} linted as one more environment:
     * {@code <valuesFiles><valuesFile><chart>demo</chart><files><file>ci/staging.yaml</file></files></valuesFile></valuesFiles>}.
     * A {@code <file>} of several paths, comma separated, layers them in that order over the chart's values.yaml, as
     * {@code helm install -f a -f b} does: {@code helm/demo/values-prod.yaml,ci/staging.yaml}.
     */
    @Parameter
    List<ValuesFile> valuesFiles = List.of();

    /**
     * Says only the lint's summary and what fails the build (its errors; with failOnWarning its warnings too) on the
     * console; the reports still hold every finding.
     */
    @Parameter(property = PropertyNames.LINT_QUIET, defaultValue = "false")
    boolean quiet;

    /** Skips the lint (the goal, and the lint before package). */
    @Parameter(property = PropertyNames.LINT_SKIP, defaultValue = "false")
    boolean skipLint;

    /**
     * The platform spec neotool:generate reads (set once in the plugin's configuration, for generate and this goal): a
     * project with one must have charts, so this goal fails rather than find none.
     */
    @Parameter(property = PropertyNames.SPEC, defaultValue = "${project.basedir}/" + AbstractSpecMojo.DEFAULT_SPEC)
    File spec;

    /**
     * Fails when generate wrote charts in this build, but elsewhere than {@link #charts} (or a directory holding it, for
     * a goal pointed at one chart): this goal would work on other
     * charts (an older spec's, or none) than those just generated.
     */
    void requireGeneratedHere() {
        List<String> written = generatedDirectories();
        Path chartsAt = charts.toPath().toAbsolutePath().normalize();
        if (!written.isEmpty() && written.stream().noneMatch(dir -> chartsAt.startsWith(Path.of(dir).normalize()))) {
            throw new InputException("neotool:generate wrote the charts to " + String.join(", ", written) + " in this build, "
                    + "but neotool:" + goal() + " works on " + charts + ": set <charts> (-D" + PropertyNames.CHARTS + ") to "
                    + written.get(0) + ", or generate into " + charts + " (<output>, -D" + PropertyNames.OUTPUT + "), so that "
                    + "the charts " + goal() + " " + (goal().equals("lint") ? "checks" : "ships") + " are those just generated.");
        }
    }

    /**
     * True (and said) when there is no chart to work on and the project needs none: no charts directory, or one that
     * holds no chart (found before it is locked, so that a directory of other things is left without a lock file);
     * fails when the project needs charts there.
     */
    boolean nothingToWorkOn(BuildLog log) {
        boolean given = ReactorOwner.claim(PropertyNames.CHARTS, charts.toPath(), project, session).isPresent();
        Optional<File> own = chartsOfThisProject(charts, log);
        if (own.isEmpty()) {
            // another project owns the path given, and nothing would check or ship what generate just wrote here
            List<String> written = generatedDirectories();
            if (!written.isEmpty()) {
                throw new InputException("neotool:generate wrote the charts of " + project.getArtifactId() + " to "
                        + String.join(", ", written) + " in this build, but -D" + PropertyNames.CHARTS + "="
                        + session.getUserProperties().getProperty(PropertyNames.CHARTS) + " is another project's: a "
                        + "relative path is taken from the directory Maven was started in (" + session.getExecutionRootDirectory()
                        + "), so nothing would " + goal() + " them. Leave -D" + PropertyNames.CHARTS + " out to " + goal()
                        + " each project's own charts, or name this project's (" + written.get(0) + ").");
            }
            return true;
        }
        charts = own.get();
        requireGeneratedHere();
        if (given && !charts.exists()) {
            throw new InputException("-D" + PropertyNames.CHARTS + "=" + session.getUserProperties().getProperty(
                    PropertyNames.CHARTS) + " is " + charts + ", which does not exist (a relative path is taken from the "
                    + "directory Maven was started in, " + session.getExecutionRootDirectory() + "): name the charts "
                    + "directory, or leave the flag out for each project's own (helm/)");
        }
        boolean expected = expectsCharts(charts, spec);
        if (!charts.isDirectory()) {
            refuseStartInGeneratedCharts("charts directory " + charts, ", or here with -D" + PropertyNames.CHARTS + "="
                    + project.getBasedir());
            ChartDirectories.require(charts.toPath(), expected, "neotool:" + goal());
            log.info("No charts directory " + charts + "; nothing to " + goal());
            return true;
        }
        if (expected || !ChartDirectories.require(charts.toPath(), false, "neotool:" + goal()).isEmpty()) {
            return false; // looked at again under the lock
        }
        sayNoCharts(log);
        return true;
    }

    /** Says that {@link #charts} holds no chart, so the goal has nothing to do. */
    void sayNoCharts(BuildLog log) {
        log.info("No charts in " + charts + " (no directory with a Chart.yaml); nothing to " + goal());
    }

    /**
     * The charts to work on, with {@link #charts} locked by the caller: none when the project has none and
     * needs none; a failure when it should have some, when a chart lacks its Chart.yaml, when a generate
     * was interrupted there, or when a generated chart holds a file generate did not write.
     */
    List<Path> chartsToWorkOn(BuildLog log) throws IOException {
        List<Path> found = ChartDirectories.require(charts.toPath(), expectsCharts(charts, spec), "neotool:" + goal());
        Path reportsAt = reports.toPath().toAbsolutePath().normalize();
        for (Path chart : found) {
            if (reportsAt.startsWith(chart.toAbsolutePath().normalize())) {
                throw new InputException("The lint reports directory " + reports + " is inside the chart " + chart + ": Helm "
                        + "would read the reports, its native library and the scratch copies as files of the chart. Move the "
                        + "chart into a directory of its own (e.g. helm/<chart>) or set " + PropertyNames.LINT_REPORTS
                        + " (<reports>) outside it.");
            }
        }
        // the charts generate wrote, also when the goal was pointed at one chart of them
        Path output = GeneratedTree.outputHolding(charts.toPath());
        Path chartsAt = charts.toPath().toAbsolutePath().normalize();
        String under = output.equals(chartsAt) ? "" : FileTrees.slashed(output.relativize(chartsAt)) + "/";
        GeneratedTree tree = new GeneratedTree(output);
        tree.requireOnlyGenerated(under);
        List<String> edited = tree.editedByHand().stream().filter(f -> f.startsWith(under)).toList();
        if (!edited.isEmpty()) {
            String what = "Generated files in " + charts + " no longer hold what neotool:generate wrote:\n  "
                    + String.join("\n  ", edited) + "\n" + GeneratedTree.lineEndAdvice(edited);
            String fix = GeneratedTree.onlyLineEnds(edited)
                    ? "Run neotool:generate."
                    : "Move the change into the spec or the templates and run neotool:generate (with "
                            + PropertyNames.GENERATE_FORCE + "=true it discards the edits).";
            if (refusesHandEdits()) {
                throw new InputException(what + "neotool:" + goal() + " would ship them as they are, not as the spec says. " + fix);
            }
            log.warn(what + "They are linted as they are; neotool:package refuses them. " + fix);
        }
        checkCurrent(log);
        return found;
    }

    /**
     * Whether the project's spec now generates other charts than those in {@link #charts}: package fails (it would ship
     * the charts of an older spec), lint warns (it checks the charts on disk, not the spec's), also when the spec does
     * not generate at all. Compared only where generate's inputs are known without its configuration: the spec and
     * templates at their default places under {@code charts-src}, the charts in {@code helm}, none of the three set in
     * the pom or on the command line, and generate not run in this build. And only when the spec, templates or project
     * version differ from those the charts record they were generated from ({@link ChartGenerator#SOURCES}; by content,
     * not by the files' times, which a copy or a cache restore keeps), so that an unchanged project pays a digest only.
     */
    private void checkCurrent(BuildLog log) throws IOException {
        File base = project.getBasedir();
        File spec = new File(base, AbstractSpecMojo.DEFAULT_SPEC);
        File output = GeneratedTree.outputHolding(charts.toPath()).toFile(); // helm, also for -Dneotool.charts=helm/<chart>
        Path manifest = output.toPath().resolve(GeneratedTree.MANIFEST);
        if (!spec.isFile() || !Files.isRegularFile(manifest) || !output.equals(new File(base, "helm").getAbsoluteFile())
                || generatedDirectories().contains(output.getPath()) || generateConfigured()) {
            return;
        }
        ChartGenerator.Request request = AbstractSpecMojo.request(project, spec, new File(base, AbstractSpecMojo.DEFAULT_TEMPLATES), output);
        Path recorded = output.toPath().resolve(ChartGenerator.SOURCES);
        if (Files.isRegularFile(recorded) && ChartGenerator.sourcesMatch(request, Files.readString(recorded))) {
            return;
        }
        GeneratedTree.Drift drift;
        try {
            drift = new ChartGenerator().check(request);
        } catch (InputException e) { // the spec (or templates) as edited since generate does not generate
            if (refusesHandEdits()) {
                throw e;
            }
            log.warn(spec + " was changed since neotool:generate and does not generate now, so the charts in " + output
                    + " are linted as they are: " + e.getMessage());
            return;
        }
        List<String> differ = new ArrayList<>(drift.changed());
        differ.addAll(drift.missing());
        differ.addAll(drift.stale());
        differ.remove(GeneratedTree.MANIFEST);
        if (differ.isEmpty()) {
            return;
        }
        String what = "The charts in " + output + " are not what neotool:generate writes from " + spec + " now ("
                + String.join(", ", differ.subList(0, Math.min(5, differ.size())))
                + (differ.size() > 5 ? " and " + (differ.size() - 5) + " more" : "") + "): ";
        String note = ChartGenerator.versionNote(request, recorded);
        String fix = note != null ? " " + note
                : " Run neotool:generate first (mvn neotool:generate neotool:" + goal() + "); neotool:check shows the differences.";
        if (refusesHandEdits()) {
            throw new InputException(what + "neotool:" + goal() + " would ship the charts of "
                    + (note != null ? "another version." : "an older spec.") + fix);
        }
        log.warn(what + "they are linted as they are, not as the spec now says; neotool:package refuses them." + fix);
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
            List<Object> configurations = new ArrayList<>();
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

    /**
     * Whether hand-edited generated files, or charts an older spec generated, fail the goal (package: it would ship
     * them) rather than being warned of.
     */
    boolean refusesHandEdits() {
        return false;
    }

    /** Lints the charts unless skipped or already linted in this build; fails the build on errors. */
    void lint(BuildLog log) throws IOException {
        if (skipLint) {
            log.info("Skipping lint (" + PropertyNames.LINT_SKIP + ")");
            return;
        }
        Linter.Request request;
        try {
            checkRenderSettings();
            request = new Linter.Request(charts.toPath(), kubeVersion, release == null ? "" : release, namespace,
                    lintConfig());
        } catch (InputException e) {
            LintRecord.forget(reports.toPath()); // an earlier lint's reports are not this one's
            throw e;
        }
        // once per charts directory and settings: a second execution for another Kubernetes version, release or
        // rule configuration lints again (quiet only changes what the console says)
        String key = LINTED + charts.getAbsolutePath() + "\n" + String.join("\n", kubeVersion, request.release(), namespace,
                request.config().canonical(), String.valueOf(failOnWarning), reports.getAbsolutePath());
        if (project.getContextValue(key) != null) {
            log.info("Charts in " + charts + " were linted earlier in this build with the same settings");
            return;
        }
        claimWholeDirectory(reports, "lint reports directory", PropertyNames.LINT_REPORTS);
        String reportsKey = REPORTS + reports.getAbsolutePath();
        if (project.getContextValue(reportsKey) != null) {
            log.warn("The lint reports in " + reports + " are those of an earlier lint in this build, with other settings;"
                    + " this lint replaces them. Give each lint execution its own <reports> to keep both.");
        }
        LintRecord.lintOrReplay(new Linter(helm(), quiet ? log.infoAsDebug() : log), request, reports.toPath(),
                failOnWarning, quiet, log);
        project.setContextValue(key, Boolean.TRUE);
        project.setContextValue(reportsKey, Boolean.TRUE);
    }

    /** Helm's rule for a release name: a DNS-1123 subdomain of at most 53 characters. */
    private static final Pattern RELEASE_NAME = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");

    /** The namespace, release and Kubernetes version to render with, named by their flags when Helm would refuse them. */
    private void checkRenderSettings() {
        if (!Names.isDnsLabel(namespace, 63)) {
            throw new InputException(PropertyNames.NAMESPACE + " is '" + namespace + "': a namespace is a DNS-1123 label "
                    + "(lower case letters, digits and '-', at most 63 characters), e.g. -D" + PropertyNames.NAMESPACE + "=default");
        }
        if (release != null && !release.isEmpty() && (release.length() > 53 || !RELEASE_NAME.matcher(release).matches())) {
            throw new InputException(PropertyNames.RELEASE + " is '" + release + "': Helm takes a release name of lower case "
                    + "letters, digits, '-' and '.', at most 53 characters; leave it out to use each chart's own name");
        }
        try {
            KubernetesApi.majorMinor(kubeVersion);
        } catch (InputException e) {
            throw new InputException(PropertyNames.KUBE_VERSION + ": " + e.getMessage());
        }
    }

    /**
     * Helm, its native library kept in the build's output directory (next to the lint reports) across builds, and its
     * scratch files there too (nothing outside the output directory is written).
     */
    HelmClient helm() {
        CachedNativeLibrary.cacheIn(helmLibraryCache());
        return new HelmClient(reportsDirectory().resolve("tmp"));
    }

    /**
     * Starts extracting Helm's native library into the build's output directory now, unless it is there already, so
     * that it overlaps the goal's other start-up work; the first Helm call waits for it.
     */
    void extractHelmAhead() {
        CachedNativeLibrary.extractAhead(helmLibraryCache());
    }

    private Path helmLibraryCache() {
        return reportsDirectory().resolve("helm-java");
    }

    /** {@link #reports}, refused by its flag when it names a file: the reports, Helm's library and scratch go there. */
    private Path reportsDirectory() {
        if (reports.exists() && !reports.isDirectory()) {
            throw new InputException(PropertyNames.LINT_REPORTS + " is " + reports + ", a file: give a directory for the lint "
                    + "reports (default target/neotool)");
        }
        return reports.toPath();
    }

    /** The pom's lint configuration, as the core takes it (validated there). */
    private LintConfig lintConfig() {
        Map<String, String> levels = new LinkedHashMap<>();
        for (Rule r : rules) {
            if (r.id == null || levels.put(r.id.strip(), r.severity) != null) {
                throw new InputException("<rules> has a <rule> " + (r.id == null ? "without an <id>" : "for " + r.id + " twice")
                        + "; give each rule once, with <id> and <severity>");
            }
        }
        List<LintConfig.Exemption> exempt = exemptions.stream().map(e -> new LintConfig.Exemption(e.kind, e.name,
                e.rules == null ? Set.<String>of() : Arrays.stream(e.rules.split(",")).map(String::strip)
                        .filter(x -> !x.isEmpty()).collect(Collectors.toCollection(TreeSet::new)), e.reason)).toList();
        Map<String, List<List<Path>>> files = new LinkedHashMap<>();
        for (ValuesFile v : valuesFiles) {
            if (v.chart == null || v.files == null || v.files.isEmpty()) {
                throw new InputException("<valuesFiles> has a <valuesFile> without a <chart> or <files>; give both");
            }
            for (String file : v.files) {
                List<Path> layers = Arrays.stream((file == null ? "" : file).split(",")).map(String::strip).filter(f -> !f.isEmpty())
                        .map(f -> project.getBasedir().toPath().resolve(f)).toList();
                if (layers.isEmpty()) {
                    throw new InputException("<valuesFiles> of chart " + v.chart.strip() + " has an empty <file>; give a path");
                }
                files.computeIfAbsent(v.chart.strip(), c -> new ArrayList<>()).add(layers);
            }
        }
        return LintConfig.of(levels, exempt, files);
    }
}
