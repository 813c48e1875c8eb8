package io.neotool.charts.security;

import io.neotool.charts.BuildLog;
import io.neotool.charts.TestPaths;
import io.neotool.charts.generate.ChartGenerator;
import io.neotool.charts.helm.HelmClient;
import io.neotool.charts.helm.HelmClient.RenderRequest;
import io.neotool.charts.testtools.Manifests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The repository's charts generated into a directory and rendered with real Helm, as text and as parsed
 * {@link Manifests}. Public for the data tests.
 */
public final class Rendered {
    private static final HelmClient HELM = new HelmClient();

    private static Rendered platform;

    public final Path umbrella;
    private String dev;
    private String prod;
    private Manifests devManifests;
    private Manifests prodManifests;

    private Rendered(Path umbrella) {
        this.umbrella = umbrella;
    }

    /**
     * The repository's charts, generated once per test JVM (into target/) and shared by the chart tests, which
     * only read them; the dev and prod renders are made once too.
     */
    public static synchronized Rendered platform() {
        if (platform == null) {
            platform = generate(TestPaths.root().resolve("neotool-maven-plugin/target/rendered-platform"));
        }
        return platform;
    }

    /** Generates the charts into {@code dir}; renders include hooks (the JWT Job). */
    public static Rendered generate(Path dir) {
        return generate(dir, TestPaths.spec(), "neotool", "0.1.0-SNAPSHOT");
    }

    /** Generates the charts into {@code dir} with the given chart version. */
    public static Rendered generate(Path dir, String version) {
        return generate(dir, TestPaths.spec(), "neotool", version);
    }

    /** Generates the charts of {@code spec} (a fixture; its chart is named {@code chart}) into {@code dir}. */
    public static Rendered generate(Path dir, Path spec, String chart) {
        return generate(dir, spec, chart, "0.1.0-SNAPSHOT");
    }

    private static Rendered generate(Path dir, Path spec, String chart, String version) {
        Path umbrella = dir.resolve("helm/" + chart);
        try {
            new ChartGenerator().generate(new ChartGenerator.Request(spec, TestPaths.templates(),
                    dir.resolve("helm"), version), false, BuildLog.SILENT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Rendered(umbrella);
    }

    /** The umbrella rendered with the given values files (relative to the umbrella) and --set pairs. */
    public String render(List<String> valuesFiles, Map<String, String> set) {
        return render("neotool", valuesFiles, set);
    }

    /** The umbrella rendered as the release named {@code release}. */
    public String render(String release, List<String> valuesFiles, Map<String, String> set) {
        return HELM.template(new RenderRequest(umbrella, release, "default", HelmClient.DEFAULT_KUBE_VERSION,
                valuesFiles.stream().map(umbrella::resolve).toList(), set));
    }

    /** Helm's client-only dry-run install of the umbrella with the --set pairs: the release summary and NOTES. */
    public String install(Map<String, String> set) {
        return HELM.dryRunInstall(new RenderRequest(umbrella, "neotool", "default", HelmClient.DEFAULT_KUBE_VERSION,
                List.of(), set));
    }

    public synchronized String dev() {
        if (dev == null) {
            dev = render(List.of(), Map.of());
        }
        return dev;
    }

    public synchronized String prod() {
        if (prod == null) {
            prod = render(List.of("values-prod.yaml"), Map.of());
        }
        return prod;
    }

    /** The dev render's objects, parsed once and shared (tests only read them). */
    public synchronized Manifests devManifests() {
        if (devManifests == null) {
            devManifests = new Manifests(dev());
        }
        return devManifests;
    }

    /** The prod render's objects, parsed once and shared. */
    public synchronized Manifests prodManifests() {
        if (prodManifests == null) {
            prodManifests = new Manifests(prod());
        }
        return prodManifests;
    }
}
