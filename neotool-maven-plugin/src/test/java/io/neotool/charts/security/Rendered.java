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

/** The repository's charts generated into a directory and rendered with real Helm, as parsed manifests. */
final class Rendered {
    private static final HelmClient HELM = new HelmClient();

    final Path umbrella;

    private Rendered(Path umbrella) {
        this.umbrella = umbrella;
    }

    /** Generates the charts into {@code dir}; renders include hooks (the JWT Job, the token Secrets). */
    static Rendered generate(Path dir) {
        Path umbrella = dir.resolve("helm/neotool");
        try {
            new ChartGenerator().generate(new ChartGenerator.Request(TestPaths.spec(), TestPaths.templates(),
                    dir.resolve("helm"), "0.1.0-SNAPSHOT"), false, BuildLog.SILENT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Rendered(umbrella);
    }

    /** The umbrella rendered with the given values files (relative to the umbrella) and --set pairs. */
    String render(List<String> valuesFiles, Map<String, String> set) {
        return HELM.template(new RenderRequest(umbrella, "neotool", "default", HelmClient.DEFAULT_KUBE_VERSION,
                valuesFiles.stream().map(umbrella::resolve).toList(), set));
    }

    String dev() {
        return render(List.of(), Map.of());
    }

    String prod() {
        return render(List.of("values-prod.yaml"), Map.of());
    }

    /** Every non-empty document of a multi-document YAML string. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> documents(String yaml) {
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
