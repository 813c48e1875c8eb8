package io.neotool.charts.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.TestSpecs;
import io.neotool.charts.helm.HelmClient;
import io.neotool.charts.model.Component;
import io.neotool.charts.model.Components;
import io.neotool.charts.model.KafkaSpec;
import io.neotool.charts.model.PlatformSpec;
import io.neotool.charts.model.Spec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The charts the generator writes follow the declarations of {@link Components}: the umbrella's dependencies, each
 * chart's Chart.yaml and values, the umbrella's values and README; and a chart declared anew appears in all of them.
 */
class DeclaredChartsTest {
    /** A chart declared for the test only, made from the kafka section. */
    static final Component QUEUE = new Component("queue", "A message queue declared by a test", List.of("amqp"),
            "neotool-queue", List.of(), KafkaSpec.class, PlatformSpec::kafka, spec -> "9.9.9", List.of());

    @TempDir
    static Path dir;

    static Spec spec;
    static SortedMap<String, byte[]> declared;
    static SortedMap<String, byte[]> withQueue;

    @BeforeAll
    static void render() throws IOException {
        spec = TestSpecs.load(dir, TestSpecs.SERVICE);
        ChartRenderer renderer = new ChartRenderer(TemplateSource.classpath());
        declared = renderer.render(spec);
        List<Component> subcharts = new ArrayList<>(Components.SUBCHARTS);
        subcharts.add(QUEUE);
        withQueue = renderer.render(spec, subcharts);
    }

    /** The declared subcharts the fixture spec deploys (the others are not generated). */
    private static List<Component> deployed() {
        return Components.deployed(spec, Components.SUBCHARTS);
    }

    @Test
    void theUmbrellaDependsOnEveryDeployedSubchartThenEveryService() {
        assertFalse(deployed().isEmpty());
        List<Map<String, Object>> expected = new ArrayList<>();
        for (Component c : deployed()) {
            expected.add(Map.of("name", c.chart(), "version", "1.2.3", "condition", c.chart() + ".enabled"));
        }
        expected.add(Map.of("name", Components.SERVICE.chart(), "version", "1.2.3", "alias", "app", "condition", "app.enabled"));
        assertEquals(expected, yaml(declared, "neotool/Chart.yaml").get("dependencies"));
    }

    @Test
    void everyChartYamlIsItsDeclaration() {
        for (Component c : Components.all(deployed())) {
            Map<String, Object> chart = yaml(declared, "neotool/charts/" + c.chart() + "/Chart.yaml");
            assertEquals(c.chart(), chart.get("name"));
            assertEquals(c.description() + ".", chart.get("description"), c.chart());
            assertEquals(c.appVersionOf(spec.base()), chart.get("appVersion"), c.chart());
            List<String> keywords = new ArrayList<>(List.of("neotool"));
            keywords.addAll(c.keywords());
            assertEquals(keywords, chart.get("keywords"), c.chart());
            assertEquals("1.2.3", chart.get("version"), c.chart());
        }
    }

    @Test
    void theUmbrellaValuesHaveASectionPerDeclaredSubchart() {
        List<String> keys = new ArrayList<>(yaml(declared, "neotool/values.yaml").keySet());
        assertEquals(Components.SUBCHARTS.stream().map(Component::chart).toList(),
                keys.stream().filter(k -> Components.subchart(k).isPresent()).toList());
    }

    @Test
    void aChartDeclaredAnewAppearsEverywhere() {
        assertTrue(((List<?>) yaml(withQueue, "neotool/Chart.yaml").get("dependencies"))
                .contains(Map.of("name", "queue", "version", "1.2.3", "condition", "queue.enabled")));
        Map<String, Object> chart = yaml(withQueue, "neotool/charts/queue/Chart.yaml");
        assertEquals("A message queue declared by a test.", chart.get("description"));
        assertEquals("9.9.9", chart.get("appVersion"));
        assertEquals(List.of("neotool", "amqp"), chart.get("keywords"));
        assertTrue(text(withQueue, "neotool/charts/queue/values.schema.json").contains("\"clusterId\""));
        // the umbrella's section carries its condition, its namespace and only what differs from the chart's own values
        Map<String, Object> own = yaml(withQueue, "neotool/charts/queue/values.yaml");
        assertTrue(own.containsKey("clusterId"));
        assertEquals(Map.of("enabled", true, "namespace", own.get("namespace")), yaml(withQueue, "neotool/values.yaml").get("queue"));
        assertTrue(text(withQueue, "neotool/values.yaml").contains("# queue -- A message queue declared by a test (chart queue)."));
        assertTrue(text(withQueue, "neotool/README.md").contains("| queue | charts/queue | A message queue declared by a test |"));
        // and the shared helpers (those its templates use: none here), so that it lints and installs on its own
        assertTrue(withQueue.containsKey("neotool/charts/queue/templates/_library.tpl"), withQueue.keySet()::toString);
        // and what helm package leaves out, as every chart
        assertEquals(text(withQueue, "neotool/.helmignore"), text(withQueue, "neotool/charts/queue/.helmignore"));
        assertTrue(text(withQueue, "neotool/.helmignore").contains(".git/"));

        assertFalse(declared.keySet().stream().anyMatch(path -> path.contains("/queue/")));
        assertFalse(yaml(declared, "neotool/values.yaml").containsKey("queue"));
    }

    /**
     * Chart.yaml's keywords and its part-of annotation are the spec's text as Helm reads them: Helm reads Chart.yaml as
     * YAML 1.1, where a platform named on and keywords 2024, yes and 1.10 written plain would be "true", "true" and "1.1"
     * (the umbrella's own name too).
     */
    @Test
    void keywordsAndThePartOfAnnotationAreTheSpecsTextAsHelmReadsThem(@TempDir Path out) throws IOException {
        Spec typed = TestSpecs.load(out, "chart: {name: \"on\", keywords: [\"2024\", \"yes\", \"1.10\"]}\n" + TestSpecs.SERVICE);
        SortedMap<String, byte[]> files = new ChartRenderer(TemplateSource.classpath()).render(typed);
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path target = out.resolve("charts").resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, file.getValue());
        }
        HelmClient helm = new HelmClient();
        Map<String, Object> umbrella = helmYaml(helm.showChart(out.resolve("charts/on")));
        assertEquals("on", umbrella.get("name"));
        assertEquals(List.of("on", "2024", "yes", "1.10"), umbrella.get("keywords"));
        assertEquals("on", ((Map<?, ?>) umbrella.get("annotations")).get("app.kubernetes.io/part-of"));
        for (Component c : Components.deployed(typed, Components.SUBCHARTS)) {
            Map<String, Object> chart = helmYaml(helm.showChart(out.resolve("charts/on/charts/" + c.chart())));
            List<String> keywords = new ArrayList<>(List.of("on"));
            keywords.addAll(c.keywords());
            assertEquals(keywords, chart.get("keywords"), c.chart());
            assertEquals("on", ((Map<?, ?>) chart.get("annotations")).get("app.kubernetes.io/part-of"), c.chart());
        }
    }

    /** What {@code helm show chart} printed (Helm quotes every string that YAML would read as something else). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> helmYaml(String shown) {
        return (Map<String, Object>) new Yaml().load(shown);
    }

    private static String text(SortedMap<String, byte[]> files, String path) {
        byte[] bytes = files.get(path);
        assertTrue(bytes != null, "no " + path);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(SortedMap<String, byte[]> files, String path) {
        return new LinkedHashMap<>((Map<String, Object>) new Yaml().load(text(files, path)));
    }
}
