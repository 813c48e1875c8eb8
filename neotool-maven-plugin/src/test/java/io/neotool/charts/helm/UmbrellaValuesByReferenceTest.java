package io.neotool.charts.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.LintResult;
import io.neotool.charts.BuildLog;
import io.neotool.charts.InputException;
import io.neotool.charts.TestPaths;
import io.neotool.charts.generate.ChartGenerator;
import io.neotool.charts.helm.HelmClient.RenderRequest;
import io.neotool.charts.model.Components;
import io.neotool.charts.model.Quantity;
import io.neotool.charts.model.Spec;
import io.neotool.charts.testtools.YamlTree;
import io.neotool.charts.values.ValuesSchema;
import io.neotool.charts.values.ValuesTrees;
import io.neotool.charts.values.ValuesYaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The umbrella's values name each subchart's settings by reference: per component and service alias only what differs
 * from the subchart's own values.yaml, and no copy of the subchart's schema. Through real Helm: the result renders what
 * the whole values would, and a bad value under an alias is still refused by the subchart's schema.
 */
class UmbrellaValuesByReferenceTest {
    @TempDir
    static Path dir;

    static Spec spec;
    static Path umbrella;
    final HelmClient helm = new HelmClient();

    @BeforeAll
    static void generate() throws IOException {
        spec = TestPaths.loadSpec();
        new ChartGenerator().generate(new ChartGenerator.Request(TestPaths.spec(), TestPaths.templates(),
                dir.resolve("helm"), "0.1.0-SNAPSHOT"), false, BuildLog.SILENT);
        umbrella = dir.resolve("helm/" + spec.base().chart().name());
    }

    private static String firstService() {
        return new TreeMap<>(spec.base().services()).firstKey();
    }

    /**
     * No default is removed with null: Helm 4.2 drops the nulls of a chart's own values when it copies an alias's values
     * into the subchart (helm/helm#32132), which would bring the default back. A peer some services have (the router's
     * ingress) is added to those, not removed from the others.
     */
    @Test
    void theUmbrellaValuesRemoveNoSubchartDefaultWithNull() throws IOException {
        List<String> nulls = new ArrayList<>();
        try (var files = Files.list(umbrella)) {
            for (Path values : files.filter(f -> f.getFileName().toString().matches("values.*\\.yaml")).toList()) {
                Files.readAllLines(values).stream().filter(line -> line.matches(".*:\\s*(null|~)\\s*")).forEach(nulls::add);
            }
        }
        assertEquals(List.of(), nulls);
    }

    @Test
    void eachSubchartSectionHoldsOnlyWhatDiffersFromTheSubchartsDefaults() throws IOException {
        Map<String, Object> values = load(umbrella.resolve("values.yaml"));
        Map<String, String> sections = ValuesTrees.subchartSections(spec.base(),
                Components.deployed(spec, Components.SUBCHARTS));
        assertFalse(sections.isEmpty());
        sections.forEach((key, chart) -> {
            Map<String, Object> own = map(values.get(key), key);
            Map<String, Object> defaults;
            try {
                defaults = load(umbrella.resolve("charts/" + chart + "/values.yaml"));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            assertTrue(own.containsKey("enabled"), key + " carries its dependency condition");
            // a component's namespace, always: with the component off, the umbrella's templates still look for it
            Set<String> always = key.equals(chart) ? Set.of("enabled", "namespace") : Set.of("enabled");
            own.forEach((k, v) -> {
                if (!always.contains(k)) {
                    assertFalse(v.equals(defaults.get(k)), key + "." + k + " repeats the default of charts/" + chart);
                }
            });
        });
        String schema = Files.readString(umbrella.resolve("values.schema.json"));
        assertFalse(schema.contains("\"replicas\""), "the umbrella schema does not copy the service schema");
    }

    @Test
    void theValuesByReferenceRenderWhatTheWholeValuesRender() throws IOException {
        // the same chart with the values Helm sees after merging the subcharts' defaults, written out whole, and
        // subcharts without defaults of their own, which Helm would merge under them again (an entry the umbrella
        // removes with null, such as a service's router peer when the router does not call it, would come back)
        Path whole = dir.resolve("whole/" + umbrella.getFileName());
        io.neotool.charts.testtools.FileSnapshots.copyTree(umbrella, whole);
        Files.writeString(whole.resolve("values.yaml"), ValuesYaml.write(ValuesTrees.umbrella(spec.base()), ""));
        try (Stream<Path> subcharts = Files.list(whole.resolve("charts"))) {
            for (Path subchart : subcharts.toList()) {
                Files.writeString(subchart.resolve("values.yaml"), "{}\n");
            }
        }
        List<List<String>> environments = new ArrayList<>();
        environments.add(List.of());
        spec.environments().keySet().forEach(env -> environments.add(List.of("values-" + env + ".yaml")));
        for (List<String> files : environments) {
            assertEquals(manifests(whole, files), manifests(umbrella, files), "environment " + files);
        }
    }

    @Test
    void aWrongValueUnderAnAliasIsRefusedByTheSubchartsSchemaNamingIt() throws IOException {
        LintResult lint = helm.lint(umbrella);
        assertFalse(lint.isFailed(), lint.getMessages().toString());
        helm.dryRunInstall(RenderRequest.of(umbrella, "neotool", List.of()));

        String alias = firstService();
        Path bad = dir.resolve("string-replicas.yaml");
        Files.writeString(bad, alias + ":\n  replicas: \"3\"\n");
        for (InputException e : List.of(
                assertThrows(InputException.class, () -> helm.template(RenderRequest.of(umbrella, "neotool", List.of(bad)))),
                assertThrows(InputException.class, () -> helm.dryRunInstall(RenderRequest.of(umbrella, "neotool", List.of(bad)))))) {
            assertTrue(e.getMessage().contains(alias + ":"), "names the alias: " + e.getMessage());
            assertTrue(e.getMessage().contains("replicas"), "names the key: " + e.getMessage());
            assertTrue(e.getMessage().contains("integer"), "says what it must be: " + e.getMessage());
        }

        Path component = dir.resolve("component-type.yaml");
        String subchart = Components.SUBCHARTS.get(0).chart();
        Files.writeString(component, subchart + ":\n  enabled: \"yes\"\n");
        InputException e = assertThrows(InputException.class,
                () -> helm.template(RenderRequest.of(umbrella, "neotool", List.of(component))));
        assertTrue(e.getMessage().contains("enabled"), e.getMessage());
    }

    /**
     * A pattern several keys of the service schema share is written once, as a definition they refer to, and a value
     * that does not match it under an alias is still refused, naming the alias, the key and the pattern.
     */
    @Test
    void aSharedPatternIsStillCheckedForEveryKeyThatUsesIt() throws IOException {
        String chart = ValuesTrees.serviceChart(spec.base());
        String schema = Files.readString(umbrella.resolve("charts/" + chart + "/values.schema.json"));
        String quantity = ValuesSchema.json(ValuesTrees.schemaPattern(Quantity.PATTERN)).strip();
        assertEquals(1, schema.split(java.util.regex.Pattern.quote(quantity), -1).length - 1,
                "the quantity pattern is written once: " + quantity);
        assertTrue(schema.contains("\"$ref\": \"#/definitions/quantity\""), schema);

        String alias = firstService();
        for (String key : List.of("requests:\n      cpu", "limits:\n      memory")) {
            Path bad = dir.resolve("bad-quantity.yaml");
            Files.writeString(bad, alias + ":\n  resources:\n    " + key + ": lots\n");
            InputException e = assertThrows(InputException.class,
                    () -> helm.template(RenderRequest.of(umbrella, "neotool", List.of(bad))));
            String path = "/resources/" + key.replace(":\n      ", "/");
            assertTrue(e.getMessage().contains(alias + ":"), "names the alias: " + e.getMessage());
            assertTrue(e.getMessage().contains(path), "names the key " + path + ": " + e.getMessage());
            assertTrue(e.getMessage().contains("'lots' does not match pattern"), "says what is wrong: " + e.getMessage());
        }
    }

    /** A key with no default that an empty value could stand for is refused empty at install time too. */
    @Test
    void aKeyThatMayNotBeEmptyIsRefusedEmptyByTheSchema() throws IOException {
        String message = refused("empty-path.yaml", firstService() + ":\n  metrics:\n    path: \"\"\n");
        assertTrue(message.contains("/metrics/path"), message);
    }

    /** An Ingress host with a label longer than DNS takes (64 characters) is refused at install time too. */
    @Test
    void anIngressHostLabelLongerThanDnsTakesIsRefusedByTheSchema() throws IOException {
        String message = refused("long-host.yaml", "web:\n  ingress:\n    hosts:\n      - host: " + "a".repeat(64)
                + ".example.com\n");
        assertTrue(message.contains("/ingress/hosts/0/host"), message);
    }

    /** Helm's message for a render of the umbrella with one more values file, {@code yaml}, which it refuses. */
    private String refused(String file, String yaml) throws IOException {
        Path values = Files.writeString(dir.resolve(file), yaml);
        return assertThrows(InputException.class,
                () -> helm.template(RenderRequest.of(umbrella, "neotool", List.of(values)))).getMessage();
    }

    @Test
    void anUnknownAliasOrTopLevelKeyIsRefusedByTheUmbrellasSchema() throws IOException {
        String message = refused("unknown-alias.yaml", firstService() + "x:\n  replicas: 2\n");
        assertTrue(message.contains(firstService() + "x"), message);
        assertTrue(message.toLowerCase().contains("additional"), message);
    }

    /**
     * Another chart may have the umbrella as a dependency: its own global keys, which Helm passes to every subchart,
     * and the condition it gives the umbrella are let through, while a global key of the platform keeps its type.
     */
    @Test
    void theUmbrellaIsADependencyOfAChartWithGlobalsOfItsOwn() throws IOException {
        Path parent = Files.createDirectories(dir.resolve("parent"));
        String name = spec.base().chart().name();
        Files.writeString(parent.resolve("Chart.yaml"), "apiVersion: v2\nname: parent\nversion: 1.0.0\n"
                + "kubeVersion: \">=1.30.0-0\"\ndependencies:\n  - name: " + name + "\n    version: 0.1.0-SNAPSHOT\n"
                + "    condition: " + name + ".enabled\n");
        Files.writeString(parent.resolve("values.yaml"), "global:\n  team: payments\n  security:\n    allowInsecureImages: false\n"
                + name + ":\n  enabled: true\n");
        io.neotool.charts.testtools.FileSnapshots.copyTree(umbrella, parent.resolve("charts/" + name));
        String rendered = helm.template(RenderRequest.of(parent, "neotool", List.of()));
        assertTrue(rendered.contains("# Source: parent/charts/" + name + "/"), "the umbrella renders under its parent");
        Path wrongType = Files.writeString(dir.resolve("global-type.yaml"), "global:\n  networkPolicy:\n    enabled: maybe\n");
        InputException refused = assertThrows(InputException.class,
                () -> helm.template(RenderRequest.of(parent, "neotool", List.of(wrongType))));
        assertTrue(refused.getMessage().contains("networkPolicy"), refused.getMessage());
        // a render that fails names the key from the parent's root
        InputException key = assertThrows(InputException.class, () -> helm.template(new RenderRequest(parent, "neotool", "default",
                HelmClient.DEFAULT_KUBE_VERSION, List.of(), Map.of(name + ".router.enabled", "true", name + ".router.supergraph.schema", ""))));
        assertTrue(key.getMessage().contains("--set-file " + name + ".router.supergraph.schema="), key.getMessage());
    }

    /** The rendered objects by kind/namespace/name, with what Helm generates at random (passwords, their checksums) masked. */
    private Map<String, Object> manifests(Path chart, List<String> files) {
        String out = helm.template(RenderRequest.of(chart, "neotool", files.stream().map(chart::resolve).toList()));
        Map<String, Object> byName = new TreeMap<>();
        for (Map<String, Object> doc : YamlTree.documents(out)) {
            Map<String, Object> metadata = map(doc.get("metadata"), "metadata");
            if ("Secret".equals(doc.get("kind"))) {
                for (String field : List.of("data", "stringData")) {
                    if (doc.get(field) instanceof Map<?, ?> data) {
                        Map<String, Object> masked = new TreeMap<>();
                        data.keySet().forEach(k -> masked.put(String.valueOf(k), "*"));
                        doc.put(field, masked);
                    }
                }
            }
            maskChecksums(doc);
            byName.put(doc.get("kind") + "/" + metadata.get("namespace") + "/" + metadata.get("name"), doc);
        }
        assertFalse(byName.isEmpty());
        return byName;
    }

    @SuppressWarnings("unchecked")
    private static void maskChecksums(Object node) {
        if (node instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).forEach((k, v) -> {
                if (k.equals("annotations") && v instanceof Map<?, ?> annotations) {
                    ((Map<String, Object>) annotations).replaceAll((a, value) -> a.startsWith("checksum/") ? "*" : value);
                } else {
                    maskChecksums(v);
                }
            });
        } else if (node instanceof List<?> list) {
            list.forEach(UmbrellaValuesByReferenceTest::maskChecksums);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o, String what) {
        assertTrue(o instanceof Map<?, ?>, what + " is a map: " + o);
        return (Map<String, Object>) o;
    }

    private static Map<String, Object> load(Path file) throws IOException {
        return map(YamlTree.document(Files.readString(file)), file.toString());
    }
}
