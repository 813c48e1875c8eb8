package io.neotool.charts.maven;

import io.neotool.charts.BuildLog;
import io.neotool.charts.DirectoryLock;
import io.neotool.charts.InputException;
import io.neotool.charts.ship.ChartPusher;
import io.neotool.charts.ship.PackageSet;
import io.neotool.charts.ship.RegistryReference;
import io.neotool.charts.ship.RetryPolicy;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Pushes the package set {@code neotool:package} wrote to an OCI registry with the plugin's own OCI client,
 * idempotently, credentials from settings.xml in memory only; writes push-report.json.
 */
@Mojo(name = "push", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class PushMojo extends AbstractNeotoolMojo {

    /** {@code oci://host[:port]/path}, for example {@code oci://ghcr.io/salomax}. */
    @Parameter(property = PropertyNames.REGISTRY)
    private String registry;

    /** settings.xml server with the registry credentials; default the registry's host[:port]. */
    @Parameter(property = PropertyNames.REGISTRY_SERVER_ID)
    private String serverId;

    /** PEM CA bundle to verify the registry's TLS certificate with (instead of the JVM's trust store). */
    @Parameter(property = PropertyNames.REGISTRY_CA_FILE)
    private File caFile;

    /** Allows plain HTTP to a registry that is not on loopback. */
    @Parameter(property = PropertyNames.REGISTRY_PLAIN_HTTP, defaultValue = "false")
    private boolean plainHttp;

    /** Replaces a release version the registry holds with different content. */
    @Parameter(property = PropertyNames.PUSH_OVERWRITE, defaultValue = "false")
    private boolean overwrite;

    /** Where neotool:package wrote the archives (packageOutput, as package names it); push-report.json goes there too. */
    @Parameter(property = PropertyNames.PACKAGE_OUTPUT, defaultValue = "${project.build.directory}/helm")
    private File packageOutput;

    /** The charts the archives come from: when generate wrote them, pushing no archive is a failure. */
    @Parameter(property = PropertyNames.CHARTS, defaultValue = "${project.basedir}/helm")
    private File charts;

    /**
     * The platform spec neotool:generate reads (set once in the plugin's configuration, for generate and this goal): a
     * project with one must have archives to push, so this goal fails rather than find none.
     */
    @Parameter(property = PropertyNames.SPEC, defaultValue = "${project.basedir}/" + AbstractSpecMojo.DEFAULT_SPEC)
    private File spec;

    /** Skips this goal. */
    @Parameter(property = PropertyNames.PUSH_SKIP, defaultValue = "false")
    private boolean skipPush;

    @Parameter(defaultValue = "${settings}", readonly = true)
    private Settings settings;


    @Component
    private SettingsDecrypter decrypter;

    @Override
    protected void run(BuildLog log) throws IOException {
        RegistryReference.parse(registry); // a wrong registry is named before anything else
        if (notThisProjectsCharts(log)) {
            return;
        }
        // the set is read under its lock: a package at work elsewhere (its staged set beside it, its two renames) is
        // waited for, not taken for an interrupted one
        try (DirectoryLock lock = lockPackageSet(packageOutput, log)) {
            if (!java.nio.file.Files.isRegularFile(packageOutput.toPath().resolve(PackageSet.INDEX))) {
                PackageSet.read(packageOutput.toPath()); // archives without an index, or an interrupted package: named, and fails
                nothingToPush(log);
                return;
            }
            if (session.isOffline()) {
                PackageSet.read(packageOutput.toPath()); // a damaged set is named first: it needs fixing online too
                throw new InputException("Maven is offline (-o), and neotool:push needs the registry " + registry
                        + ": run it without -o, or skip it with -D" + PropertyNames.PUSH_SKIP + ".");
            }
            List<ChartPusher.Result> results = new ChartPusher(log).push(new ChartPusher.Request(registry, packageOutput.toPath(),
                    serverId, id -> SettingsCredentials.lookup(settings, decrypter, id), caFile == null ? null : caFile.toPath(),
                    plainHttp, overwrite, RetryPolicy.DEFAULT, SettingsCredentials.proxy(settings, decrypter)));
            warnIfNothingNewOfAnotherVersion(results, log);
        }
    }

    /**
     * Every chart already in the registry, at versions other than the project's: most often the project's version was
     * raised without packaging again, and the build would pass having pushed nothing new. A warning, not a failure:
     * a spec's chart.version, when set, is the charts' version whatever the project's.
     */
    private void warnIfNothingNewOfAnotherVersion(List<ChartPusher.Result> results, BuildLog log) {
        String projectVersion = project.getVersion();
        if (results.isEmpty() || results.stream().anyMatch(r -> r.status() != ChartPusher.Status.skipped
                || r.version().equals(projectVersion))) {
            return;
        }
        log.warn("Nothing new pushed: the registry already holds every chart of the package set in " + packageOutput
                + " (version " + String.join(", ", new TreeSet<>(results.stream().map(ChartPusher.Result::version).toList()))
                + "), and the project's version is " + projectVersion + ". If the charts should carry " + projectVersion
                + ", run mvn neotool:generate neotool:package first (a spec's chart.version, when set, is the charts' version).");
    }

    /**
     * True (and said) when this project has no charts of its own to push, as package finds it: another project of the
     * reactor works on {@code -Dneotool.charts}, or there is no charts directory and the project needs none. Then an
     * archive set in {@link #packageOutput} (another configuration's, such as a module's own {@code mvn deploy}) is left as
     * it is, not pushed by a {@code mvn neotool:package neotool:push} started at the root.
     */
    private boolean notThisProjectsCharts(BuildLog log) {
        Optional<File> own = chartsOfThisProject(charts, log);
        if (own.isEmpty()) {
            return true;
        }
        charts = own.get();
        if (charts.isDirectory() || expectsCharts(charts, spec)) {
            return false;
        }
        refuseStartInGeneratedCharts("charts directory " + charts, ", or here with -D" + PropertyNames.CHARTS + "="
                + project.getBasedir());
        log.info("No charts directory " + charts + "; nothing to push"
                + (packageOutput.exists() ? " (what " + packageOutput + " holds is left as it is: this project has no charts)" : ""));
        return true;
    }

    private void nothingToPush(BuildLog log) {
        if (expectsCharts(charts, spec)) {
            boolean generated = charts.isDirectory();
            String has = generated ? "has charts (" + charts + ")" : "has a spec, and its charts (" + charts + ") are not generated yet";
            String goals = generated ? "neotool:package" : "neotool:generate neotool:package";
            throw new InputException("No package set (" + PackageSet.INDEX + ") in " + packageOutput + " to push, but this project " + has
                    + ": run " + goals.replace(" ", " and ") + " first, in this project and with the same settings (mvn " + goals
                    + " neotool:push -D" + PropertyNames.REGISTRY + "=...).");
        }
        log.info("No package set in " + packageOutput + " (run neotool:package first); nothing to push");
    }

    @Override
    protected boolean skipGoal() {
        return skipPush;
    }
}
