package io.neotool.charts.generate;

import static io.neotool.charts.testtools.FileSnapshots.assertSameTree;
import static io.neotool.charts.testtools.FileSnapshots.chartsOnly;
import static io.neotool.charts.testtools.FileSnapshots.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.BuildLog;
import io.neotool.charts.InputException;
import io.neotool.charts.LogCapture;
import io.neotool.charts.TestPaths;
import io.neotool.charts.TestSpecs;
import io.neotool.charts.helm.HelmClient;
import io.neotool.charts.helm.HelmClient.RenderRequest;
import io.neotool.charts.model.SpecException;
import io.neotool.charts.testtools.Manifests;
import io.neotool.charts.testtools.YamlTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartGeneratorTest {
    @TempDir
    Path dir;

    private final ChartGenerator generator = new ChartGenerator();

    private ChartGenerator.Request request(Path spec, Path templates) {
        return new ChartGenerator.Request(spec, templates, dir.resolve("helm"), "0.1.0-SNAPSHOT");
    }

    private ChartGenerator.Request repoRequest() {
        return request(TestPaths.spec(), TestPaths.templates());
    }

    @Test
    void theCommittedChartsAreWhatGenerateWrites() throws IOException {
        // the build's version, as the helm module generates with it: a version bump is not a stale helm/ once generated
        String version = System.getProperty("neotool.test.projectVersion");
        assertNotNull(version, "run through Maven (surefire sets neotool.test.projectVersion)");
        ChartGenerator.Request committed = new ChartGenerator.Request(TestPaths.spec(), TestPaths.templates(),
                TestPaths.committedCharts(), version);
        GeneratedTree.Drift drift = generator.check(committed);
        assertTrue(drift.isEmpty(), "helm/ is stale, run ./mvnw neotool:generate: " + drift);
    }

    @Test
    void generatingTwiceGivesTheSameBytesAndSecondRunWritesNothing() throws IOException {
        generator.generate(repoRequest(), false, BuildLog.SILENT);
        Map<String, byte[]> first = snapshot(dir.resolve("helm"));
        StringBuilder said = new StringBuilder();
        generator.generate(repoRequest(), false, LogCapture.into(said));
        assertSameTree(first, snapshot(dir.resolve("helm")));
        assertTrue(said.toString().contains(" 0 written, 0 removed"), said.toString());
        assertTrue(first.containsKey("neotool/Chart.yaml"));
        assertTrue(first.containsKey("neotool/values-prod.yaml"));
        assertTrue(first.containsKey("neotool/charts/neotool-service/templates/deployment.yaml"));
        for (Map.Entry<String, byte[]> e : first.entrySet()) {
            String text = new String(e.getValue(), java.nio.charset.StandardCharsets.UTF_8);
            assertFalse(text.contains("\r"), e.getKey() + " has CR line ends");
            assertTrue(text.endsWith("\n"), e.getKey() + " lacks a final newline");
            // chart-testing's yamllint rules (empty-lines, trailing-spaces) hold for every file
            assertFalse(text.startsWith("\n"), e.getKey() + " starts with a blank line");
            assertFalse(java.util.regex.Pattern.compile("[ \t]$", java.util.regex.Pattern.MULTILINE).matcher(text).find(),
                    e.getKey() + " has a line ending in spaces");
        }
    }

    @Test
    void everyValuesKeyIsDocumentedByACommentStartingWithItsName() throws IOException {
        generator.generate(repoRequest(), false, BuildLog.SILENT);
        for (String file : new String[] {"neotool/values.yaml", "neotool/values-prod.yaml",
                "neotool/charts/neotool-service/values.yaml", "neotool/charts/vault/values.yaml",
                "neotool/charts/postgres/values.yaml", "neotool/charts/kafka/values.yaml",
                "neotool/charts/minio/values.yaml", "neotool/charts/router/values.yaml",
                "neotool/charts/web/values.yaml"}) {
            String[] lines = Files.readString(dir.resolve("helm").resolve(file)).split("\n");
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i];
                java.util.regex.Matcher key = java.util.regex.Pattern.compile("^(\\s*)([A-Za-z][A-Za-z0-9]*):").matcher(line);
                if (key.find() && (i == 0 || !lines[i - 1].trim().startsWith("#") || lines[i - 1].trim().startsWith("# Generated"))) {
                    // keys inside free-form maps (env, items...) are data, not documented keys: their parent is
                    boolean insideData = i > 0 && !lines[i - 1].trim().startsWith("#") && !lines[i - 1].endsWith(":");
                    assertTrue(insideData || isDataKey(lines, i), file + ":" + (i + 1) + " undocumented: " + line);
                } else if (key.find(0)) {
                    String comment = lines[i - 1].trim();
                    assertTrue(comment.startsWith("# " + key.group(2) + " -- "), file + ":" + (i + 1) + ": " + comment);
                }
            }
        }
    }

    /** Whether line i is a key inside a free-form map value (its parent's comment documents it). */
    private static boolean isDataKey(String[] lines, int i) {
        String indent = lines[i].replaceAll("^(\\s*).*", "$1");
        for (int j = i - 1; j >= 0; j--) {
            String other = lines[j].replaceAll("^(\\s*).*", "$1");
            if (other.length() < indent.length() && !lines[j].trim().startsWith("#")) {
                String parent = lines[j].trim();
                // a free-form map, or (a map of records) a key of one
                return parent.startsWith("items:") || parent.startsWith("env:") || parent.startsWith("neotool-")
                        || parent.startsWith("ingress:") || parent.startsWith("egress:")
                        || parent.startsWith("buckets:") || parent.startsWith("databases:") || parent.startsWith("serviceSecrets:")
                        || parent.startsWith("secretEnv:") || parent.startsWith("subgraphs:")
                        || parent.startsWith("subgraphTimeoutSeconds:") || isDataKey(lines, j);
            }
        }
        return false;
    }

    @Test
    void aPartialIsRenderedIntoEveryChartThatIncludesItAndWrittenNowhereElse() throws IOException {
        Path templates = dir.resolve("templates");
        io.neotool.charts.testtools.FileSnapshots.copyTree(TestPaths.templates(), templates);
        Files.writeString(templates.resolve("partials/greeting.tpl.peb"), "{{- define \"[[ prefix ]].greeting\" -}}hi{{- end }}\n");
        Files.writeString(templates.resolve("umbrella/charts/web/templates/_greeting.tpl.peb"),
                "[% include \"partials/greeting.tpl.peb\" with {\"prefix\": \"web\"} %]\n");
        Files.writeString(templates.resolve("umbrella/charts/router/templates/_greeting.tpl.peb"),
                "[% include \"partials/greeting.tpl.peb\" with {\"prefix\": \"router\"} %]\n");
        generator.generate(request(TestPaths.spec(), templates), false, BuildLog.SILENT);
        Map<String, byte[]> out = snapshot(dir.resolve("helm"));
        assertEquals("{{- define \"web.greeting\" -}}hi{{- end }}\n",
                new String(out.get("neotool/charts/web/templates/_greeting.tpl"), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("{{- define \"router.greeting\" -}}hi{{- end }}\n",
                new String(out.get("neotool/charts/router/templates/_greeting.tpl"), java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(out.keySet().stream().noneMatch(path -> path.contains("greeting.tpl.peb") || path.contains("partials")),
                out.keySet().toString());
    }

    @Test
    void aFailingTemplateLeavesTheOutputUntouched() throws IOException {
        generator.generate(repoRequest(), false, BuildLog.SILENT);
        Map<String, byte[]> before = snapshot(dir.resolve("helm"));

        Path templates = dir.resolve("templates");
        io.neotool.charts.testtools.FileSnapshots.copyTree(TestPaths.templates(), templates);
        // sorts after Chart.yaml and README.md: some files render fine before this one fails
        Files.writeString(templates.resolve("umbrella/templates/zz-broken.yaml.peb"), "value: [[ noSuchVariable ]]\n");
        // a new file that sorts first: written first if writing were not all or nothing
        Files.writeString(templates.resolve("umbrella/templates/aa-new.yaml"), "a: 1\n");
        InputException e = assertThrows(InputException.class,
                () -> generator.generate(request(TestPaths.spec(), templates), false, BuildLog.SILENT));
        assertTrue(e.getMessage().contains("zz-broken.yaml.peb"), e.getMessage());
        assertSameTree(before, snapshot(dir.resolve("helm")));
    }

    @Test
    void aBrokenSpecLeavesTheOutputUntouched() throws IOException {
        generator.generate(repoRequest(), false, BuildLog.SILENT);
        Map<String, byte[]> before = snapshot(dir.resolve("helm"));
        // a key of a service that autoscales misspelt: minReplicas, written in its entry under services:
        String autoscaled = TestPaths.loadSpec().base().services().entrySet().stream()
                .filter(service -> service.getValue().autoscaling().enabled()).map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new AssertionError("no service of the spec autoscales"));
        Path spec = dir.resolve("neotool.yaml");
        Files.writeString(spec, misspeltInService(Files.readString(TestPaths.spec()), autoscaled, "minReplicas", "minReplica"));
        SpecException e = assertThrows(SpecException.class,
                () -> generator.generate(request(spec, TestPaths.templates()), false, BuildLog.SILENT));
        assertTrue(e.getMessage().contains("services." + autoscaled + ".autoscaling.minReplica"), e.getMessage());
        assertSameTree(before, snapshot(dir.resolve("helm")));
    }

    /**
     * The spec's text with the first key {@code key} of service {@code service}'s entry under the top-level services:
     * written {@code misspelt}; fails when the entry writes no such key.
     */
    private static String misspeltInService(String yaml, String service, String key, String misspelt) {
        List<String> lines = new java.util.ArrayList<>(yaml.lines().toList());
        int services = lines.indexOf("services:");
        int entry = services < 0 ? -1 : lines.subList(services, lines.size()).indexOf("  " + service + ":");
        assertTrue(entry >= 0, "no entry " + service + " under the spec's services:");
        entry += services;
        // the entry's lines: indented below it, blank, or comments
        for (int i = entry + 1; i < lines.size() && (lines.get(i).isBlank() || lines.get(i).startsWith("   ")
                || lines.get(i).trim().startsWith("#")); i++) {
            String line = lines.get(i);
            if (!line.trim().startsWith("#") && line.matches(".*[\\s{,]" + key + ":.*")) {
                lines.set(i, line.replaceFirst("([\\s{,])" + key + ":", "$1" + misspelt + ":"));
                return String.join("\n", lines) + "\n";
            }
        }
        throw new AssertionError("the spec's services." + service + " writes no " + key);
    }

    @Test
    void handEditsAreNotOverwrittenUnlessForced() throws IOException {
        generator.generate(repoRequest(), false, BuildLog.SILENT);
        Path edited = dir.resolve("helm/neotool/charts/neotool-service/templates/service.yaml");
        Files.writeString(edited, "# my change\n", java.nio.file.StandardOpenOption.APPEND);
        Map<String, byte[]> before = snapshot(dir.resolve("helm"));

        InputException e = assertThrows(InputException.class,
                () -> generator.generate(repoRequest(), false, BuildLog.SILENT));
        assertTrue(e.getMessage().contains("neotool/charts/neotool-service/templates/service.yaml (edited by hand)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("-Dneotool.generate.force=true"));
        assertSameTree(before, snapshot(dir.resolve("helm")));

        GeneratedTree.Drift drift = generator.check(repoRequest());
        assertEquals(java.util.List.of("neotool/charts/neotool-service/templates/service.yaml"), drift.changed());
        assertTrue(drift.diffs().values().iterator().next().contains("- # my change"));

        generator.generate(repoRequest(), true, BuildLog.SILENT);
        assertFalse(Files.readString(edited).contains("my change"));
        assertTrue(generator.check(repoRequest()).isEmpty());

        // values edited into something that is no longer YAML: the same guard, not a parser's stack trace
        Path values = dir.resolve("helm/neotool/values.yaml");
        Files.writeString(values, "postgres: [unclosed\n", java.nio.file.StandardOpenOption.APPEND);
        InputException broken = assertThrows(InputException.class,
                () -> generator.generate(repoRequest(), false, BuildLog.SILENT));
        assertTrue(broken.getMessage().contains("neotool/values.yaml (edited by hand)"), broken.getMessage());
        generator.generate(repoRequest(), true, BuildLog.SILENT);
        assertTrue(generator.check(repoRequest()).isEmpty());
    }

    @Test
    void filesTheGeneratorDoesNotOwnAreLeftAlone() throws IOException {
        Path own = dir.resolve("helm/pom.xml");
        Files.createDirectories(own.getParent());
        Files.writeString(own, "<project/>\n");
        generator.generate(repoRequest(), false, BuildLog.SILENT);
        assertEquals("<project/>\n", Files.readString(own));
        assertTrue(generator.check(repoRequest()).isEmpty());
    }

    @Test
    void filesNoLongerGeneratedAreRemoved() throws IOException {
        Path spec = dir.resolve("neotool.yaml");
        Files.writeString(spec, Files.readString(TestPaths.spec()));
        generator.generate(request(spec, TestPaths.templates()), false, BuildLog.SILENT);
        assertTrue(Files.exists(dir.resolve("helm/neotool/values-prod.yaml")));
        String withoutEnvironments = Files.readString(spec).replaceAll("(?s)\\nenvironments:.*", "\n");
        Files.writeString(spec, withoutEnvironments);
        assertEquals(java.util.List.of("neotool/values-prod.yaml"), generator.check(request(spec, TestPaths.templates())).stale());
        generator.generate(request(spec, TestPaths.templates()), false, BuildLog.SILENT);
        assertFalse(Files.exists(dir.resolve("helm/neotool/values-prod.yaml")));
        assertTrue(generator.check(request(spec, TestPaths.templates())).isEmpty());
    }

    /**
     * The record of what the charts come from follows what generate reads, and only that: the spec's and the
     * templates' content, and the project's version where it is the charts' one; not line ends a checkout converts,
     * an empty directory, nor a pom's version where the spec sets its own.
     */
    @Test
    void theSourcesRecordFollowsWhatGenerateReads() throws IOException {
        Path spec = Files.writeString(dir.resolve("neotool.yaml"), io.neotool.charts.TestSpecs.SERVICE);
        Path templates = Files.createDirectories(dir.resolve("templates/umbrella/templates"));
        Files.writeString(templates.resolve("NOTES.txt.peb"), "Installed.\nAgain.\n");
        ChartGenerator.Request request = request(spec, dir.resolve("templates"));
        generator.generate(request, false, BuildLog.SILENT);
        String recorded = Files.readString(dir.resolve("helm").resolve(ChartGenerator.SOURCES));
        assertFalse(Files.readString(dir.resolve("helm").resolve(GeneratedTree.MANIFEST)).contains(ChartGenerator.SOURCES),
                "a record, not a generated chart file");
        assertTrue(ChartGenerator.sourcesMatch(request, recorded));
        // a second run with nothing changed writes nothing, the record included (the same file, not a copy of it)
        Object file = Files.readAttributes(dir.resolve("helm").resolve(ChartGenerator.SOURCES),
                java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        generator.generate(request, false, BuildLog.SILENT);
        assertEquals(file, Files.readAttributes(dir.resolve("helm").resolve(ChartGenerator.SOURCES),
                java.nio.file.attribute.BasicFileAttributes.class).fileKey());

        Files.writeString(spec, io.neotool.charts.TestSpecs.SERVICE.replace("\n", "\r\n"));
        Files.writeString(templates.resolve("NOTES.txt.peb"), "Installed.\r\nAgain.\r\n");
        Files.createDirectories(dir.resolve("templates/empty"));
        assertTrue(ChartGenerator.sourcesMatch(request, recorded), "line ends and an empty directory change nothing generated");

        Files.writeString(templates.resolve("NOTES.txt.peb"), "Installed here.\n");
        assertFalse(ChartGenerator.sourcesMatch(request, recorded), "a template's content");
        Files.writeString(templates.resolve("NOTES.txt.peb"), "Installed.\nAgain.\n");
        Files.writeString(spec, io.neotool.charts.TestSpecs.SERVICE + "# a comment\n");
        assertFalse(ChartGenerator.sourcesMatch(request, recorded), "the spec's content");
        Files.writeString(spec, io.neotool.charts.TestSpecs.SERVICE);
        assertTrue(ChartGenerator.sourcesMatch(request, recorded));

        // a manifest of an earlier plugin, which listed the record as a generated file, is read and written anew
        Path manifest = dir.resolve("helm").resolve(GeneratedTree.MANIFEST);
        Files.writeString(manifest, "0".repeat(64) + "  " + ChartGenerator.SOURCES + "\n" + Files.readString(manifest));
        assertTrue(generator.check(request).isEmpty() || !generator.check(request).changed().contains(ChartGenerator.SOURCES));
        generator.generate(request, false, BuildLog.SILENT);
        assertFalse(Files.readString(manifest).contains(ChartGenerator.SOURCES));
        assertTrue(Files.isRegularFile(dir.resolve("helm").resolve(ChartGenerator.SOURCES)));

        // the pom's version is the charts' version here (the spec sets none): a new one is another source
        ChartGenerator.Request bumped = new ChartGenerator.Request(spec, dir.resolve("templates"), dir.resolve("helm"), "0.2.0");
        assertFalse(ChartGenerator.sourcesMatch(bumped, recorded));
        Path record = dir.resolve("helm").resolve(ChartGenerator.SOURCES);
        String note = ChartGenerator.versionNote(bumped, record);
        assertTrue(note != null && note.startsWith("The spec and the templates are those the charts were generated from, but "
                + "the project version changed: the charts carry 0.1.0-SNAPSHOT, the project is 0.2.0"), note);
        assertNull(ChartGenerator.versionNote(request, record), "nothing moved");
        Files.writeString(spec, io.neotool.charts.TestSpecs.SERVICE + "# a comment\n");
        assertNull(ChartGenerator.versionNote(bumped, record), "the spec moved too");
        // with the spec's own chart.version, the pom's is not read
        Files.writeString(spec, "chart: {version: 1.0.0}\n" + io.neotool.charts.TestSpecs.SERVICE);
        generator.generate(request, false, BuildLog.SILENT);
        ChartGenerator.Request sameSpecBumped = new ChartGenerator.Request(spec, dir.resolve("templates"), dir.resolve("helm"), "0.2.0");
        assertTrue(ChartGenerator.sourcesMatch(sameSpecBumped, Files.readString(dir.resolve("helm").resolve(ChartGenerator.SOURCES))));
        assertNull(ChartGenerator.versionNote(sameSpecBumped, record), "the spec's version, not the pom's");
    }

    @Test
    void thePluginsPackagedTemplatesAreUsedWhenNoneAreGiven() throws IOException {
        generator.generate(repoRequest(), false, BuildLog.SILENT);
        Map<String, byte[]> withRepoTemplates = snapshot(dir.resolve("helm"));
        ChartGenerator.Request packaged = new ChartGenerator.Request(TestPaths.spec(), null, dir.resolve("helm2"),
                "0.1.0-SNAPSHOT");
        generator.generate(packaged, false, BuildLog.SILENT);
        assertSameTree(chartsOnly(withRepoTemplates), chartsOnly(snapshot(dir.resolve("helm2"))));
    }

    /** The service chart's standalone lint values are the platform's first service, with the platform's registry. */
    @Test
    void theServiceChartsLintValuesAreThePlatformsFirstServiceWithItsRegistry() throws IOException {
        Path spec = Files.writeString(dir.resolve("neotool.yaml"), """
                chart: {name: shop}
                global: {imageRegistry: registry.example.com/acme}
                services:
                  orders: {image: {repository: shop-orders, tag: "2.1.0"}}
                  billing: {image: {registry: other.example.com, repository: billing, tag: "1.0.0"}}
                """);
        generator.generate(request(spec, TestPaths.templates()), false, BuildLog.SILENT);
        Path chart = dir.resolve("helm/shop/charts/shop-service");
        String values = Files.readString(chart.resolve("ci/default-values.yaml"));
        assertFalse(values.contains("neotool") || values.contains("salomax") || values.contains("app"), values);
        assertEquals("other.example.com/billing:1.0.0", renderedImage(chart), "billing comes first, with its own registry");

        Files.writeString(spec, Files.readString(spec).replace("registry: other.example.com, ", ""));
        generator.generate(request(spec, TestPaths.templates()), false, BuildLog.SILENT);
        assertEquals("registry.example.com/acme/billing:1.0.0", renderedImage(chart), "the platform's registry");

        Files.writeString(spec, Files.readString(spec).replace("imageRegistry: registry.example.com/acme", "imageRegistry: \"\""));
        generator.generate(request(spec, TestPaths.templates()), false, BuildLog.SILENT);
        assertEquals("billing:1.0.0", renderedImage(chart), "no registry: the image name alone");
    }

    /** The release names the READMEs install a chart alone under are ones Helm takes, with the longest names the spec takes. */
    @Test
    void theReadmesInstallUnderReleaseNamesHelmTakes() throws IOException {
        String chart = "p" + "a".repeat(53 - "-service".length() - 1); // the longest chart.name the spec takes
        String service = "s" + "b".repeat(io.neotool.charts.model.ServiceSpec.MAX_NAME - 1);
        Path spec = Files.writeString(dir.resolve("neotool.yaml"), "chart: {name: " + chart + "}\nservices:\n  " + service
                + ": {image: {repository: orders, tag: \"2.1.0\"}}\n");
        generator.generate(request(spec, TestPaths.templates()), false, BuildLog.SILENT);
        List<String> releases = new java.util.ArrayList<>();
        try (var files = Files.walk(dir.resolve("helm"))) {
            for (Path readme : files.filter(f -> f.getFileName().toString().equals("README.md")).toList()) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("helm install (\\S+) ").matcher(Files.readString(readme));
                while (m.find()) {
                    releases.add(m.group(1));
                }
            }
        }
        assertTrue(releases.size() >= 4, releases.toString());
        assertTrue(releases.contains(service), releases.toString());
        releases.forEach(r -> assertTrue(r.length() <= 53, r + ": Helm takes a release name of at most 53 characters"));
    }

    /** The image of the service chart's Deployment rendered alone with its ci values. */
    private static String renderedImage(Path chart) {
        String rendered = new HelmClient().template(RenderRequest.of(chart, "alone", List.of(chart.resolve("ci/default-values.yaml"))));
        return YamlTree.documents(rendered).stream().filter(d -> "Deployment".equals(d.get("kind")))
                .map(d -> String.valueOf(Manifests.container(d).get("image"))).findFirst().orElseThrow();
    }

    @Test
    void generateWarnsOfReplicasThatAutoscalingLeavesUnused() throws IOException {
        Path spec = dir.resolve("neotool.yaml");
        String log = generateLogged(spec, TestSpecs.SERVICE + "    replicas: 3\n    autoscaling: {enabled: true, minReplicas: 2, maxReplicas: 4}\n");
        assertTrue(log.toString().contains("WARN " + spec + ":4:5: services.app.replicas: 3 is not used: autoscaling is on"),
                log.toString());
    }

    @Test
    void aChangedVolumeSizeIsReportedPerEnvironmentBeforeItReachesACluster() throws IOException {
        assertTrue(ValueChanges.VOLUME_SIZES.stream().map(ValueChanges.Watched::path).toList().containsAll(List.of("vault.storage.size", "postgres.persistence.size",
                "kafka.persistence.size", "minio.persistence.size", "observability.prometheus.storage.size",
                "observability.loki.storage.size")), "every StatefulSet volume size of the model: " + ValueChanges.VOLUME_SIZES);
        Path spec = dir.resolve("neotool.yaml");
        String yaml = TestSpecs.SERVICE + "postgres:\n  persistence: {size: 20Gi}\nenvironments:\n  prod:\n"
                + "    vault: {enabled: false}\n    observability: {enabled: false}\n"
                + "    postgres:\n      persistence: {size: 100Gi}\n      monitoring: {enabled: false}\n";
        String first = generateLogged(spec, yaml);
        assertFalse(first.toString().contains("Volume size changed"), first.toString());

        String grown = generateLogged(spec, yaml.replace("100Gi", "200Gi"));
        assertTrue(grown.toString().contains("WARN Volume size changed, postgres.persistence.size: 100Gi -> 200Gi "
                + "(values-prod.yaml): helm upgrade of an installed release fails"), grown.toString());
        assertFalse(grown.toString().contains("(values.yaml)"), "dev keeps 20Gi: " + grown);

        // a values file edited by hand: the write is refused, and what the edit changed is not taken for the spec's change
        Path prod = dir.resolve("helm/neotool/values-prod.yaml");
        Files.writeString(prod, Files.readString(prod).replace("200Gi", "300Gi"));
        StringBuilder refused = new StringBuilder();
        InputException e = assertThrows(InputException.class,
                () -> generator.generate(request(spec, TestPaths.templates()), false, LogCapture.into(refused)));
        assertTrue(e.getMessage().contains("neotool/values-prod.yaml (edited by hand)"), e.getMessage());
        assertFalse(refused.toString().contains("Volume size changed"), refused.toString());
        generator.generate(request(spec, TestPaths.templates()), true, BuildLog.SILENT);

        String dev = generateLogged(spec, yaml.replace("{size: 20Gi}", "{size: 30Gi}").replace("100Gi", "200Gi"));
        assertTrue(dev.toString().contains("postgres.persistence.size: 20Gi -> 30Gi (values.yaml)"), dev.toString());
        assertFalse(dev.toString().contains("values-prod.yaml"), "prod overrides it and keeps 200Gi: " + dev);

        // a size the umbrella does not write (the postgres chart's default) is still compared
        String byDefault = yaml.replace("postgres:\n  persistence: {size: 20Gi}\n", "");
        Files.writeString(spec, byDefault);
        generator.generate(request(spec, TestPaths.templates()), false, BuildLog.SILENT);
        Object size = ((Map<?, ?>) ((Map<?, ?>) new org.yaml.snakeyaml.Yaml().<Map<?, ?>>load(Files.readString(
                dir.resolve("helm/neotool/charts/postgres/values.yaml"))).get("persistence"))).get("size");
        String fromDefault = generateLogged(spec, byDefault.replace("environments:", "postgres:\n  persistence: {size: 999Gi}\nenvironments:"));
        assertTrue(fromDefault.toString().contains("postgres.persistence.size: " + size + " -> 999Gi (values.yaml)"),
                fromDefault.toString());
    }

    /**
     * A generate killed after its commit: the next one finishes it and says its warnings, once, and then compares the
     * spec with the finished tree, so that it does not say them again.
     */
    @Test
    void aGenerateKilledAfterItsCommitHasItsWarningsSaidOnce() throws IOException {
        Path spec = dir.resolve("neotool.yaml");
        String yaml = TestSpecs.SERVICE + "environments:\n  prod:\n    vault: {enabled: false}\n    observability: {enabled: false}\n"
                + "    postgres:\n      persistence: {size: 100Gi}\n      monitoring: {enabled: false}\n";
        generateLogged(spec, yaml);
        Files.writeString(spec, yaml.replace("100Gi", "200Gi"));
        ChartGenerator.Request request = request(spec, TestPaths.templates());
        ChartGenerator.Prepared prepared = generator.prepare(request, BuildLog.SILENT);
        Path helm = request.output();
        GeneratedTree dying = new GeneratedTree(helm, step -> {
            if (Files.exists(helm.resolve(".neotool-staging/journal"))) {
                throw new KilledHere();
            }
        });
        List<String> warnings = ValueChanges.warnings(helm, prepared.files());
        assertThrows(KilledHere.class, () -> dying.write(prepared.files(), warnings, false, BuildLog.SILENT));

        StringBuilder log = new StringBuilder();
        generator.write(request, prepared, false, LogCapture.into(log));
        assertTrue(log.toString().contains("Finished an interrupted neotool:generate"), log.toString());
        assertEquals(1, log.toString().split("Volume size changed, postgres.persistence.size: 100Gi -> 200Gi", -1).length - 1,
                log.toString());
    }

    /** Stands for a kill: an Error the write's clean-up does not catch. */
    private static final class KilledHere extends Error {}

    /** A volume of a component an environment runs without (off, or Vault in memory) changes nothing there: not said. */
    @Test
    void aVolumeIsReportedOnlyWhereItsComponentKeepsData() throws IOException {
        assertEquals(List.of("vault.enabled=true", "vault.mode!=dev"), ValueChanges.VOLUME_SIZES.stream()
                .filter(w -> w.path().equals("vault.storage.size")).findFirst().orElseThrow().usedWhen());
        assertTrue(ValueChanges.VOLUME_SIZES.stream().filter(w -> w.path().equals("observability.loki.storage.size"))
                .findFirst().orElseThrow().usedWhen().containsAll(List.of("observability.enabled=true",
                        "observability.loki.enabled=true")), ValueChanges.VOLUME_SIZES.toString());
        Path spec = dir.resolve("neotool.yaml");
        String yaml = TestSpecs.SERVICE + "postgres:\n  persistence: {size: 20Gi}\nvault:\n  storage: {size: 1Gi}\n"
                + TestSpecs.PROD + "  dev:\n    postgres: {enabled: false}\n    observability: {postgresExporter: {enabled: false}}\n";
        generateLogged(spec, yaml);
        String grown = generateLogged(spec, yaml.replace("20Gi", "40Gi").replace("1Gi", "2Gi"));
        assertTrue(grown.contains("postgres.persistence.size: 20Gi -> 40Gi (values-prod.yaml)"), grown);
        assertFalse(grown.contains("postgres.persistence.size: 20Gi -> 40Gi (values-dev.yaml)"), "dev runs no PostgreSQL: " + grown);
        assertTrue(grown.contains("vault.storage.size: 1Gi -> 2Gi (values-prod.yaml)"), grown);
        assertFalse(grown.contains("vault.storage.size: 1Gi -> 2Gi (values.yaml)"), "the base's Vault keeps nothing on a volume: " + grown);
    }

    /** A storage class changed, a volume's own or the default the others take: every StatefulSet of it fails to upgrade. */
    @Test
    void aChangedStorageClassIsReportedBeforeAnUpgradeFailsOnIt() throws IOException {
        Path spec = dir.resolve("neotool.yaml");
        String yaml = TestSpecs.SERVICE + "postgres:\n  persistence: {size: 20Gi}\n";
        assertFalse(generateLogged(spec, yaml).contains("Storage class changed"));

        String own = generateLogged(spec, yaml.replace("{size: 20Gi}", "{size: 20Gi, storageClass: fast}"));
        assertTrue(own.contains("WARN Storage class changed, postgres.persistence.storageClass:  -> fast (values.yaml): helm "
                + "upgrade of an installed release fails"), own);

        String global = generateLogged(spec, yaml.replace("{size: 20Gi}", "{size: 20Gi, storageClass: fast}")
                + "global: {storageClass: longhorn}\n");
        assertTrue(global.contains("WARN Storage class changed, global.storageClass:  -> longhorn (values.yaml)"), global);
        assertFalse(global.contains("postgres.persistence.storageClass"), "postgres keeps its own: " + global);

        // another provider changes no class while global.storageClass is set
        String provider = generateLogged(spec, yaml.replace("{size: 20Gi}", "{size: 20Gi, storageClass: fast}")
                + "global: {storageClass: longhorn, cloudProvider: aws}\n");
        assertFalse(provider.contains("Storage class changed"), provider);
    }

    @Test
    void aNewPostgresMajorVersionIsReportedWhereItIsDeployed() throws IOException {
        Path spec = dir.resolve("neotool.yaml");
        String yaml = TestSpecs.SERVICE + "postgres:\n  image: {repository: postgres, tag: \"18rc1\"}\nenvironments:\n  dev:\n"
                + "    postgres: {enabled: false}\n    observability: {postgresExporter: {enabled: false}}\n";
        Files.writeString(spec, yaml);
        generator.generate(request(spec, TestPaths.templates()), false, BuildLog.SILENT);

        String minor = generateLogged(spec, yaml.replace("18rc1", "18.1"));
        assertFalse(minor.toString().contains("major version"), "18rc1 -> 18.1 keeps the data directory: " + minor);

        String major = generateLogged(spec, yaml.replace("18rc1", "19.0-alpine"));
        assertTrue(major.toString().contains("WARN PostgreSQL major version changed, postgres.image.tag: 18.1 -> 19.0-alpine "
                + "(values.yaml): on helm upgrade of an installed release the server pods stop"), major.toString());
        assertTrue(major.toString().contains("A new major version"), major.toString());
        assertFalse(major.toString().contains("values-dev.yaml"), "dev runs no PostgreSQL: " + major);
    }

    /** An environment dev that runs no Kafka, to follow the prod fixture's environments. */
    private static final String DEV_WITHOUT_KAFKA = "  dev:\n    kafka: {enabled: false}\n    observability: {kafkaExporter: "
            + "{enabled: false}}\n";

    /** Kafka's static quorum and Vault's Raft peers do not follow a new count by themselves: said where each runs so. */
    @Test
    void aChangedQuorumIsReportedWhereTheClusterRunsIt() throws IOException {
        Path spec = dir.resolve("neotool.yaml");
        String yaml = TestSpecs.SERVICE + "kafka: {replicas: 1}\nvault: {ha: {replicas: 3}}\n" + TestSpecs.PROD
                + DEV_WITHOUT_KAFKA;
        generateLogged(spec, yaml);

        String grown = generateLogged(spec, yaml.replace("{replicas: 1}", "{replicas: 3}").replace("{ha: {replicas: 3}}",
                "{ha: {replicas: 5}}"));
        assertTrue(grown.contains("WARN Kafka quorum changed, kafka.replicas: 1 -> 3 (values.yaml): on helm upgrade of an "
                + "installed release every node restarts with the new controller voters"), grown);
        assertTrue(grown.contains("kafka.replicas: 1 -> 3 (values-prod.yaml)"), grown);
        assertTrue(grown.contains("WARN Vault Raft servers changed, Vault's servers (vault.mode, vault.ha.replicas): 3 -> 5 "
                + "(values-prod.yaml)"), grown);
        assertFalse(grown.contains("(vault.mode, vault.ha.replicas): 3 -> 5 (values.yaml)"), "dev's Vault is not ha: " + grown);
        assertFalse(grown.contains("kafka.replicas: 1 -> 3 (values-dev.yaml)"), "dev runs no Kafka: " + grown);

        String id = generateLogged(spec, yaml.replace("{replicas: 1}", "{replicas: 3, clusterId: AAAAAAAAAAAAAAAAAAAAAA}")
                .replace("{ha: {replicas: 3}}", "{ha: {replicas: 5}}"));
        assertTrue(id.contains("WARN Kafka quorum changed, kafka.clusterId: "), id);
        assertFalse(id.contains("replicas: 3 -> 5"), "only what changed since the last generation: " + id);
    }

    /** A topic keeps the partitions it was created with: a new default count is said where Kafka runs. */
    @Test
    void aChangedPartitionCountIsReportedWhereKafkaRuns() throws IOException {
        String more = regenerated(TestSpecs.SERVICE + "kafka: {partitions: 3}\n" + TestSpecs.PROD + DEV_WITHOUT_KAFKA,
                "{partitions: 3}", "{partitions: 6}");
        assertTrue(more.contains("WARN Kafka partitions changed, kafka.partitions: 3 -> 6 (values.yaml): an installed "
                + "release's topics keep the partitions they were created with"), more);
        assertTrue(more.contains("kafka-topics.sh --alter --partitions"), more);
        assertFalse(more.contains("kafka.partitions: 3 -> 6 (values-dev.yaml)"), "dev runs no Kafka: " + more);
    }

    /**
     * A hot standby refuses to start below the max_connections its primary last had: a new limit is said where
     * replicas follow the primary, and not where PostgreSQL runs alone.
     */
    @Test
    void aChangedConnectionLimitIsReportedWhereReplicasFollowThePrimary() throws IOException {
        String lower = regenerated(TestSpecs.SERVICE + "postgres: {connections: {max: 200}}\n" + TestSpecs.PROD.replace(
                "    minio: {enabled: false}\n", "    minio: {enabled: false}\n    postgres: {replication: {replicas: 1}}\n"),
                "{max: 200}", "{max: 150}");
        assertTrue(lower.contains("WARN PostgreSQL connections changed with replicas, postgres.connections.max: 200 -> 150 "
                + "(values-prod.yaml): on helm upgrade"), lower);
        assertTrue(lower.contains("until it is cloned again"), lower);
        assertFalse(lower.contains("200 -> 150 (values.yaml)"), "dev runs no replicas: " + lower);
        // the other settings a standby may not have less of, given as postgres.parameters
        String locks = regenerated(TestSpecs.SERVICE + "postgres: {parameters: {max_locks_per_transaction: \"128\"}}\n"
                + TestSpecs.PROD.replace("    minio: {enabled: false}\n",
                        "    minio: {enabled: false}\n    postgres: {replication: {replicas: 1}}\n"),
                "max_locks_per_transaction: \"128\"", "max_locks_per_transaction: \"64\"");
        assertTrue(locks.contains("WARN PostgreSQL connections changed with replicas, "
                + "postgres.parameters.max_locks_per_transaction: 128 -> 64 (values-prod.yaml)"), locks);
    }

    /** Vault's data stays with the backend it was written to: standalone on file storage moving to ha's Raft is said. */
    @Test
    void aChangedVaultStorageIsReportedWhereVaultKeepsData() throws IOException {
        Path spec = dir.resolve("neotool.yaml");
        String yaml = TestSpecs.SERVICE + "vault: {storage: {type: file}}\n"
                + TestSpecs.PROD.replace("mode: ha", "mode: standalone");
        generateLogged(spec, yaml);

        // dev's own storage type changes nothing it keeps (memory)
        String devType = generateLogged(spec, yaml.replace("vault: {storage: {type: file}}", "vault: {storage: {type: raft}}")
                .replace("mode: standalone", "mode: standalone, storage: {type: file}"));
        assertFalse(devType.contains("Vault storage changed"), devType);
        generateLogged(spec, yaml);
        String ha = generateLogged(spec, yaml.replace("mode: standalone", "mode: ha"));
        assertTrue(ha.contains("WARN Vault storage changed, Vault's backend (vault.mode, vault.storage.type): file -> raft "
                + "(values-prod.yaml): on helm upgrade of an installed release Vault's servers"), ha);
        assertTrue(ha.contains("vault operator migrate"), ha);
        assertFalse(ha.contains("(values.yaml)"), "dev's Vault keeps nothing: " + ha);

        // standalone on Raft is the same store as ha's first server: nothing to move
        String raft = yaml.replace("type: file", "type: raft");
        generateLogged(spec, raft);
        String raftToHa = generateLogged(spec, raft.replace("mode: standalone", "mode: ha"));
        assertFalse(raftToHa.contains("Vault storage changed"), raftToHa);
        // ... but its servers are more, and back to one they lose their quorum
        assertTrue(raftToHa.contains("WARN Vault Raft servers changed, Vault's servers (vault.mode, vault.ha.replicas): 1 -> 3 "
                + "(values-prod.yaml)"), raftToHa);
        String back = generateLogged(spec, raft);
        assertTrue(back.contains("Vault's servers (vault.mode, vault.ha.replicas): 3 -> 1 (values-prod.yaml)"), back);

        // from dev (values.yaml), in memory, nothing is kept to move
        String dev = TestSpecs.SERVICE + "vault: {storage: {type: file}}\n";
        generateLogged(spec, dev);
        String fromDev = generateLogged(spec, dev.replace("{storage: {type: file}}", "{mode: ha, token: {create: false}}"));
        assertFalse(fromDev.contains("Vault storage changed") || fromDev.contains("Vault Raft servers changed"), fromDev);
        // ... but the token Secrets the chart made for dev mode go
        assertTrue(fromDev.contains("WARN Vault leaves dev mode, vault.mode: dev -> ha (values.yaml): on helm upgrade of an "
                + "installed release Helm deletes the vault-token Secrets"), fromDev);
    }

    /**
     * What the data was made with stays: PostgreSQL's superuser, a database's owner, the database a service uses and
     * Loki's store, each said when it changes, and nothing when a service gets its first database or a new one is added.
     */
    @Test
    void aChangedSuperuserOwnerServiceDatabaseOrLokiStoreIsReported() throws IOException {
        Path spec = dir.resolve("neotool.yaml");
        String yaml = "services:\n  app:\n    image: {repository: neotool-app, tag: \"1.0.0\"}\n    database: {name: app}\n"
                + "  mailer:\n    image: {repository: neotool-mailer, tag: \"1.0.0\"}\n"
                + "postgres:\n  databases: {app: {owner: app}}\n"
                + "minio: {enabled: true}\nobservability: {loki: {storageType: filesystem}}\n";
        assertFalse(generateLogged(spec, yaml).contains("changed,"));

        String changed = generateLogged(spec, yaml.replace("{app: {owner: app}}", "{app: {owner: app_owner}}")
                .replace("databases:", "auth: {superuser: admin}\n  databases:")
                .replace("{storageType: filesystem}", "{storageType: s3, s3: {secretName: object-storage}}"));
        assertTrue(changed.contains("WARN PostgreSQL superuser changed, postgres.auth.superuser: postgres -> admin (values.yaml): "
                + "the data directory keeps the superuser it was initialised with"), changed);
        assertTrue(changed.contains("WARN PostgreSQL database owner changed, postgres.databases.app.owner: app -> app_owner "
                + "(values.yaml): "), changed);
        assertTrue(changed.contains("REASSIGN OWNED BY"), changed);
        assertTrue(changed.contains("WARN Loki store changed, observability.loki.storageType: filesystem -> s3 (values.yaml)"),
                changed);

        String moved = generateLogged(spec, yaml.replace("{name: app}", "{name: orders}")
                .replace("{app: {owner: app}}", "{orders: {owner: orders}}"));
        assertTrue(moved.contains("WARN Service database changed, app.database.name: app -> orders (values.yaml): on helm "
                + "upgrade of an installed release the service's pods roll onto the other database"), moved);
        assertFalse(moved.contains("database owner changed"), "a database that is gone has no owner to change: " + moved);
        assertTrue(moved.contains("WARN PostgreSQL database no longer listed, postgres.databases: [app] -> [orders] "
                + "(values.yaml): on helm upgrade of an installed release a database gone from the list"), moved);

        String first = generateLogged(spec, yaml.replace("{name: app}", "{name: orders}")
                .replace("{app: {owner: app}}", "{orders: {owner: orders}, mail: {owner: mail}}")
                .replace("neotool-mailer, tag: \"1.0.0\"}\n", "neotool-mailer, tag: \"1.0.0\"}\n    database: {name: mail}\n"));
        assertTrue(Files.readString(dir.resolve("helm/neotool/values.yaml")).contains("name: \"mail\""), "the mailer has a database");
        assertFalse(first.contains("changed,") || first.contains("no longer listed"),
                "a service's first database, and a new database, move no data: " + first);
    }

    /**
     * Object storage moved off the in-cluster MinIO: the upgrade deletes the object-storage Secrets its chart wrote,
     * which the operator's must replace, so generate says how to keep them; a move between two providers outside the
     * cluster is not said.
     */
    @Test
    void objectStorageLeavingMinioIsReported() throws IOException {
        Path spec = dir.resolve("neotool.yaml");
        String yaml = TestSpecs.SERVICE + "    networkPolicy: {objectStorage: {enabled: true}}\nminio: {enabled: true}\n"
                + "global: {objectStorage: {provider: minio}}\n";
        generateLogged(spec, yaml);
        String r2 = yaml.replace("minio: {enabled: true}", "minio: {enabled: false}").replace("provider: minio", "provider: r2");
        String left = generateLogged(spec, r2);
        assertTrue(left.contains("WARN Object storage leaves MinIO, global.objectStorage.provider: minio -> r2 (values.yaml): "
                + "on helm upgrade of an installed release Helm deletes the object-storage Secrets"), left);
        assertTrue(left.contains("helm.sh/resource-policy=keep"), left);
        assertFalse(generateLogged(spec, r2.replace("provider: r2", "provider: s3")).contains("leaves MinIO"));
    }

    /** A platform that takes a namespace prefix after its first install: Loki's and the backups' buckets move. */
    @Test
    void aChangedDataBucketIsReportedBeforeTheReleaseLosesItsData() throws IOException {
        Path spec = dir.resolve("neotool.yaml");
        String yaml = TestSpecs.SERVICE + "postgres:\n  databases: {app: {owner: app}}\n  backup: {enabled: true}\n"
                + "minio: {enabled: true}\nobservability: {loki: {storageType: s3, s3: {secretName: object-storage}}}\n";
        String first = generateLogged(spec, yaml);
        assertFalse(first.toString().contains("Bucket changed"), first.toString());

        // a new environment, dev without PostgreSQL, comes with the prefix: its values file is new, nothing was installed from it
        String dev = "environments:\n  dev:\n    postgres: {enabled: false}\n    observability: {postgresExporter: {enabled: false}}\n";
        String renamed = generateLogged(spec, "chart: {namespacePrefix: shop}\n" + yaml + dev);
        for (ValueChanges.Watched bucket : ValueChanges.DATA_BUCKETS) {
            assertTrue(renamed.toString().contains("WARN Bucket changed, " + bucket.path() + ": neotool-"), bucket + ": " + renamed);
        }
        assertTrue(renamed.toString().contains("postgres.backup.bucket: neotool-backups -> shop-backups (values.yaml): an "
                + "installed release's data stays in the old bucket"), renamed.toString());
        assertFalse(renamed.toString().contains("values-dev.yaml"), renamed.toString());
        // ... and with them the components that keep data, PostgreSQL's namespace among them
        assertTrue(renamed.toString().contains("WARN Namespace changed, postgres.namespace: neotool-data -> shop-data (values.yaml): "
                + "helm upgrade of an installed release starts the component in the new namespace"), renamed.toString());
        assertFalse(renamed.toString().contains("postgres.namespace: neotool-data -> shop-data (values-dev.yaml)"),
                "dev runs no PostgreSQL: " + renamed);
        assertTrue(ValueChanges.DATA_NAMESPACES.stream().map(ValueChanges.Watched::path).toList().containsAll(List.of(
                "postgres.namespace", "kafka.namespace", "vault.namespace", "minio.namespace", "observability.namespace")),
                ValueChanges.DATA_NAMESPACES.toString());
        // then dev's Loki bucket moves too, while its backups, with PostgreSQL off there, are not in use
        String again = generateLogged(spec, "chart: {namespacePrefix: shop1}\n" + yaml + dev);
        assertTrue(again.toString().contains("observability.loki.s3.bucket: shop-loki -> shop1-loki (values-dev.yaml)"), again.toString());
        assertFalse(again.toString().contains("postgres.backup.bucket: shop-backups -> shop1-backups (values-dev.yaml)"), again.toString());
        // dev turns PostgreSQL on as the prefix changes again: dev had none to move
        String turnedOn = generateLogged(spec, "chart: {namespacePrefix: shop2}\n" + yaml + "environments:\n  dev: {}\n");
        assertTrue(turnedOn.toString().contains("postgres.namespace: shop1-data -> shop2-data (values.yaml)"), turnedOn.toString());
        assertFalse(turnedOn.toString().contains("postgres.namespace: shop1-data -> shop2-data (values-dev.yaml)"), turnedOn.toString());
        // an environment's values edited into something that is no longer YAML are not compared with
        Path devValues = dir.resolve("helm/neotool/values-dev.yaml");
        Files.writeString(devValues, "postgres: [unclosed\n", java.nio.file.StandardOpenOption.APPEND);
        StringBuilder broken = new StringBuilder();
        generator.generate(request(spec, TestPaths.templates()), true, LogCapture.into(broken));
        assertFalse(broken.toString().contains("changed,"), broken.toString());
        // buckets nothing uses (Loki on its volume, no backups) change without a word
        String unused = generateLogged(spec, "chart: {namespacePrefix: shop2}\n" + TestSpecs.SERVICE + "minio: {enabled: true}\n");
        assertFalse(unused.toString().contains("Bucket changed"), unused.toString());
    }

    /** Writes {@code yaml} to {@code spec}, generates from it and returns the build log. */
    /** The log of generating {@code yaml} again with {@code from} replaced by {@code to}, after generating it as it is. */
    private String regenerated(String yaml, String from, String to) throws IOException {
        Path spec = dir.resolve("neotool.yaml");
        generateLogged(spec, yaml);
        return generateLogged(spec, yaml.replace(from, to));
    }

    private String generateLogged(Path spec, String yaml) throws IOException {
        Files.writeString(spec, yaml);
        StringBuilder log = new StringBuilder();
        generator.generate(request(spec, TestPaths.templates()), false, LogCapture.into(log));
        return log.toString();
    }
}
