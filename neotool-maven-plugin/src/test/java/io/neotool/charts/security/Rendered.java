package io.neotool.charts.security;

import io.neotool.charts.BuildLog;
import io.neotool.charts.TestPaths;
import io.neotool.charts.generate.ChartGenerator;
import io.neotool.charts.helm.HelmClient;
import io.neotool.charts.helm.HelmClient.RenderRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The repository's charts generated into a directory and rendered with real Helm, as parsed manifests, and the
 * lookups the chart tests share (lenient: a missing key is an empty map or list). Public for the data tests.
 */
public final class Rendered {
    private static final HelmClient HELM = new HelmClient();

    private static Rendered platform;

    public final Path umbrella;
    private String dev;
    private String prod;

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
        return HELM.template(new RenderRequest(umbrella, "neotool", "default", HelmClient.DEFAULT_KUBE_VERSION,
                valuesFiles.stream().map(umbrella::resolve).toList(), set));
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

    /** Every non-empty document of a multi-document YAML string. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> documents(String yaml) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
            if (doc instanceof Map<?, ?> map) {
                docs.add((Map<String, Object>) map);
            }
        }
        return docs;
    }

    static List<Map<String, Object>> ofKind(List<Map<String, Object>> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    /** The document of this kind named {@code namespace/name}; fails the test when there is none. */
    static Map<String, Object> one(List<Map<String, Object>> docs, String kind, String namespacedName) {
        return ofKind(docs, kind).stream().filter(d -> name(d).equals(namespacedName)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + namespacedName));
    }

    /** The first container of a workload's pod template. */
    static Map<String, Object> container(Map<String, Object> workload) {
        return map(list(workload, "spec", "template", "spec", "containers").get(0));
    }

    /** One YAML document, e.g. a config file from a ConfigMap. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(String text) {
        return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o, String... path) {
        Object cur = o;
        for (String p : path) {
            cur = cur == null ? null : ((Map<String, Object>) cur).get(p);
        }
        return cur == null ? Map.of() : (Map<String, Object>) cur;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o, String... path) {
        Object cur = o;
        for (String p : path) {
            cur = cur == null ? null : ((Map<String, Object>) cur).get(p);
        }
        return cur == null ? List.of() : (List<Object>) cur;
    }

    static String name(Map<String, Object> doc) {
        return map(doc, "metadata").get("namespace") + "/" + map(doc, "metadata").get("name");
    }

    static void dump(String text, String file) {
        try {
            Files.writeString(Path.of(file), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
