package io.neotool.charts.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import io.neotool.charts.BuildLog;
import io.neotool.charts.InputException;
import io.neotool.charts.helm.HelmClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Assertions;

/** The lint pipeline on small real charts made with Helm (helm create) in a temp dir. */
class LinterTest {
    @TempDir
    Path dir;

    private Path createChart(String name) throws IOException {
        Path charts = Files.createDirectories(dir.resolve("helm"));
        Helm.create().withName(name).withDir(charts).call();
        return charts.resolve(name);
    }

    /** An umbrella "demo" with the subchart "svc" (helm create's) in its charts/, and these dependencies in its Chart.yaml. */
    private Path umbrellaWithSvc(String dependencies) throws IOException {
        Path chart = createChart("demo");
        Helm.create().withName("svc").withDir(chart.resolve("charts")).call();
        Files.writeString(chart.resolve("Chart.yaml"), Files.readString(chart.resolve("Chart.yaml")) + "dependencies:\n" + dependencies);
        return chart;
    }

    private LintResult lint() {
        return new Linter(new HelmClient(), BuildLog.SILENT).lint(new Linter.Request(dir.resolve("helm"), "1.32.0", "rel", "demo"));
    }

    @Test
    void findsEveryChartIncludingSubchartsAndRendersEveryEnvironment() throws IOException {
        Path chart = createChart("demo");
        Helm.create().withName("sub").withDir(chart.resolve("charts")).call();
        Files.writeString(chart.resolve("values-prod.yaml"), "replicaCount: 2\n");
        Files.createDirectories(chart.resolve("ci"));
        Files.writeString(chart.resolve("ci/small-values.yaml"), "replicaCount: 1\n");
        LintResult result = lint();
        assertEquals(List.of("helm/demo", "helm/demo/charts/sub"), result.charts());
        assertEquals(List.of("helm/demo/values.yaml", "helm/demo/values-prod.yaml", "helm/demo/ci/small-values.yaml"),
                result.environments());
        assertTrue(result.timings().keySet().containsAll(List.of("helmLint", "render", "parse", "schema", "policy")));
    }

    /**
     * The prod rules apply to an environment whose values say global.environment: prod (a staging environment of the
     * spec), whatever its file is called, and not to one that says dev; a chart without that value goes by the name.
     */
    @Test
    void prodRulesFollowTheEnvironmentsValuesNotItsFileName() throws IOException {
        Path chart = createChart("demo");
        String hpa = "autoscaling: {enabled: true, minReplicas: 1, maxReplicas: 3}\n";
        Files.writeString(chart.resolve("values-staging.yaml"), hpa + "global: {environment: prod}\n");
        Files.writeString(chart.resolve("values-prod.yaml"), hpa + "global: {environment: dev}\n");
        Files.writeString(chart.resolve("values-qa.yaml"), hpa);
        Files.writeString(chart.resolve("values-prod-eu.yaml"), hpa);
        Map<String, List<String>> single = new java.util.TreeMap<>();
        lint().findings().stream().filter(f -> f.line().contains("minReplicas 1 in prod"))
                .forEach(f -> single.put(f.line(), f.sortedEnvironments()));
        assertEquals(List.of(List.of("helm/demo/values-prod-eu.yaml", "helm/demo/values-staging.yaml")),
                List.copyOf(single.values()), single::toString);
    }

    /** An exemption that meets nothing is a warning finding: counted, reported and replayed like any other. */
    @Test
    void anExemptionThatMeetsNothingIsAWarningFinding() throws IOException {
        createChart("demo");
        LintConfig config = LintConfig.of(java.util.Map.of(), List.of(new LintConfig.Exemption("Deploymnet", "demo",
                java.util.Set.of(PolicyChecker.PULL_POLICY), "fixed tags")), java.util.Map.of());
        LintResult result = new Linter(new HelmClient(), BuildLog.SILENT)
                .lint(new Linter.Request(dir.resolve("helm"), "1.32.0", "rel", "demo", config));
        Finding unused = result.findings().stream().filter(f -> f.ruleId().equals(Linter.UNUSED_EXEMPTION)).findFirst()
                .orElseThrow(() -> new AssertionError(result.findings().toString()));
        assertEquals(Severity.WARNING, unused.severity());
        assertEquals("Deploymnet/demo", unused.resource());
        assertTrue(unused.message().contains("met no finding of its rule " + PolicyChecker.PULL_POLICY + " in any chart or "
                + "environment"), unused.message());
        assertTrue(result.count(Severity.WARNING) >= 1);
    }

    /**
     * A values file that writes a key twice: Helm renders it, keeping only the last (the first block gone with all it
     * held); the lint says so at the file and line, once for the file however many environments read it.
     */
    @Test
    void aKeyWrittenTwiceInAValuesFileIsAnErrorAtItsLine() throws IOException {
        Path chart = createChart("demo");
        Files.writeString(chart.resolve("values-prod.yaml"), "replicaCount: 2\npodLabels:\n  team: a\nreplicaCount: 3\n");
        LintResult result = lint();
        List<Finding> twice = result.findings().stream().filter(f -> f.ruleId().equals(ValuesFiles.VALUES_DUPLICATE_KEY)).toList();
        assertEquals(1, twice.size(), result.findings().toString());
        assertEquals("values-prod.yaml", twice.get(0).file());
        assertEquals("values-prod.yaml:4: key 'replicaCount' is written again in the mapping that starts at line 1: Helm keeps "
                + "only the last, and drops the first with all it holds", twice.get(0).message());
        assertEquals(Severity.ERROR, twice.get(0).severity());
        assertTrue(result.findings().stream().noneMatch(f -> f.ruleId().equals(Linter.RENDER)), "Helm renders it all the same");
    }

    /**
     * A chart whose schema lets unknown global keys through (a parent chart's own globals reach it): a misspelt global
     * key in a values file of the project passes Helm's check and nothing reads it, so the lint refuses it at its line,
     * with the key it most likely meant. A schema without global keys of its own checks nothing.
     */
    @Test
    void aGlobalKeyNoChartReadsIsAnErrorAtItsLineWhereTheSchemaLetsItThrough() throws IOException {
        Path chart = createChart("demo");
        Files.writeString(chart.resolve("values.schema.json"), """
                {"type": "object", "properties": {"global": {"type": "object", "additionalProperties": true,
                  "properties": {"environment": {"type": "string"}, "imageRegistry": {"type": "string"}}}}}
                """);
        Files.writeString(chart.resolve("values-prod.yaml"), "replicaCount: 2\nglobal:\n  environment: prod\n  enviroment: prod\n");
        LintResult result = lint();
        List<Finding> unknown = result.findings().stream().filter(f -> f.ruleId().equals(ValuesFiles.VALUES_UNKNOWN_GLOBAL)).toList();
        assertEquals(1, unknown.size(), result.findings().toString());
        assertEquals("values-prod.yaml", unknown.get(0).file());
        assertEquals("values-prod.yaml:4: global.enviroment is read by no chart (did you mean global.environment?); the "
                + "global keys are environment, imageRegistry", unknown.get(0).message());
        assertEquals(Severity.ERROR, unknown.get(0).severity());

        Files.writeString(chart.resolve("values.schema.json"), """
                {"type": "object", "properties": {"global": {"type": "object"}}}
                """);
        assertTrue(lint().findings().stream().noneMatch(f -> f.ruleId().equals(ValuesFiles.VALUES_UNKNOWN_GLOBAL)));
    }

    @Test
    void oneProgressLinePerChartAndEnvironmentWithItsTime() throws IOException {
        Path chart = createChart("demo");
        Files.writeString(chart.resolve("values-prod.yaml"), "replicaCount: 2\n");
        StringBuilder said = new StringBuilder();
        LintResult result = new Linter(new HelmClient(), io.neotool.charts.LogCapture.into(said))
                .lint(new Linter.Request(dir.resolve("helm"), "1.32.0", "rel", "demo"));
        List<String> lines = said.toString().lines().toList();
        for (String env : result.environments()) {
            assertEquals(1, lines.stream().filter(l -> l.matches("neotool:lint " + java.util.regex.Pattern.quote(env)
                    + ": \\d+ object\\(s\\), \\d+ ms")).count(), env + " in " + lines);
        }
        assertEquals(1, lines.stream().filter(l -> l.matches("neotool:lint helm lint helm/demo: \\d+ ms")).count(), lines.toString());
    }

    @Test
    void anAliasedSubchartsFindingsNameTheChartOnDiskAndTheSummaryHasARowPerChart() throws IOException {
        Path chart = umbrellaWithSvc("  - name: svc\n    version: 0.1.0\n    alias: app\n  - name: svc\n    version: 0.1.0\n    alias: billing\n");
        LintResult result = lint();
        List<Finding> svc = result.findings().stream().filter(f -> f.file().equals("templates/deployment.yaml")
                && f.ruleId().equals(PolicyChecker.RESOURCES)).toList();
        assertTrue(svc.stream().noneMatch(f -> f.chart().equals("app") || f.chart().equals("billing")), svc.toString());
        // the object names say which alias: rel-app, rel-billing (and the standalone render's rel-svc)
        assertTrue(svc.stream().anyMatch(f -> f.line().startsWith("svc/templates/deployment.yaml: Deployment/rel-app:")), svc.toString());
        assertTrue(svc.stream().anyMatch(f -> f.line().startsWith("svc/templates/deployment.yaml: Deployment/rel-billing:")), svc.toString());
        assertEquals(List.of("demo", "svc"), List.copyOf(result.countsPerChart().keySet()));
        assertEquals(result.charts().size(), result.countsPerChart().size());
    }

    @Test
    void aTemplateTypoInAnAliasedSubchartIsOneRenderFindingOnTheTemplateOnDisk() throws IOException {
        Path chart = umbrellaWithSvc("  - name: svc\n    version: 0.1.0\n    alias: app\n  - name: svc\n    version: 0.1.0\n    alias: billing\n");
        Files.writeString(chart.resolve("values-prod.yaml"), "replicaCount: 2\n");
        Path service = chart.resolve("charts/svc/templates/service.yaml");
        Files.writeString(service, Files.readString(service).replace("{{ .Values.service.port }}", "{{ .Values.service.port | noSuchFunction }}"));
        List<Finding> render = lint().findings().stream().filter(f -> f.ruleId().equals(Linter.RENDER)).toList();
        assertEquals(1, render.size(), render.toString());
        Finding f = render.get(0);
        assertEquals("svc", f.chart());
        assertEquals("templates/service.yaml", f.file());
        assertEquals(List.of("helm/demo/values-prod.yaml", "helm/demo/values.yaml"), f.sortedEnvironments());
        assertTrue(f.message().contains("noSuchFunction"), f.message());
        assertTrue(!f.message().contains("charts/app/") && !f.message().contains("charts/billing/"), f.message());
    }

    @Test
    void anUmbrellasHelmLintLeavesItsOwnSubchartsToTheirLintAndItsEnvironments() throws IOException {
        Path chart = umbrellaWithSvc("  - name: svc\n    version: 0.1.0\n    alias: app\n    condition: app.enabled\n");
        // the subchart's schema refuses what the umbrella gives its alias
        Files.writeString(chart.resolve("charts/svc/values.schema.json"),
                "{\"type\":\"object\",\"properties\":{\"replicaCount\":{\"type\":\"integer\"}}}");
        Files.writeString(chart.resolve("values.yaml"), Files.readString(chart.resolve("values.yaml")) + "app:\n  replicaCount: many\n");
        assertTrue(new HelmClient().lint(chart).isFailed(), "helm lint of the whole umbrella finds it");

        StringBuilder said = new StringBuilder();
        LintResult result = new Linter(new HelmClient(), io.neotool.charts.LogCapture.into(said))
                .lint(new Linter.Request(dir.resolve("helm"), "1.32.0", "rel", "demo"));

        List<Finding> render = result.findings().stream().filter(f -> f.ruleId().equals(Linter.RENDER)).toList();
        assertEquals(1, render.size(), render.toString());
        assertEquals(List.of("helm/demo/values.yaml"), render.get(0).sortedEnvironments());
        assertTrue(render.get(0).message().contains("replicaCount"), render.get(0).message());
        assertTrue(result.findings().stream().noneMatch(f -> f.ruleId().equals(Linter.HELM_LINT) && f.message().contains("replicaCount")),
                "reported once, by the environment: " + result.findings());
        assertTrue(said.toString().lines().anyMatch(l -> l.matches("neotool:lint helm lint helm/demo \\(1 subchart\\(s\\) off: "
                + "each is linted on its own, and rendered in every environment\\): \\d+ ms")), said.toString());
        assertTrue(said.toString().lines().anyMatch(l -> l.matches("neotool:lint helm lint helm/demo/charts/svc: \\d+ ms")), said.toString());
    }

    /**
     * An umbrella template that needs its subchart (a named template only the subchart defines) fails the lint with the
     * subchart off: that lint is done again whole, which passes, as the install would.
     */
    @Test
    void aReducedLintThatFailsIsDoneAgainWhole() throws IOException {
        Path chart = umbrellaWithSvc("  - name: svc\n    version: 0.1.0\n    alias: app\n    condition: app.enabled\n");
        Files.writeString(chart.resolve("templates/needs-svc.yaml"),
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ include \"svc.fullname\" . }}-extra\n");
        assertTrue(new HelmClient().lintWithout(chart, List.of("app.enabled"), "", BuildLog.SILENT).orElseThrow().isFailed(),
                "with svc off, svc.fullname is not defined");

        StringBuilder said = new StringBuilder();
        LintResult result = new Linter(new HelmClient(), io.neotool.charts.LogCapture.into(said))
                .lint(new Linter.Request(dir.resolve("helm"), "1.32.0", "rel", "demo"));

        assertTrue(result.findings().stream().noneMatch(f -> f.ruleId().equals(Linter.HELM_LINT) && f.severity() == Severity.ERROR),
                result.findings().toString());
        assertTrue(said.toString().lines().anyMatch(l -> l.matches("neotool:lint helm lint helm/demo: \\d+ ms")), said.toString());
    }

    @Test
    void onlyConditionedDependenciesInTheChartsOwnChartsDirectoryAreTurnedOff() throws IOException {
        Path chart = umbrellaWithSvc("""
                  - name: svc
                    version: 0.1.0
                    alias: app
                    condition: app.enabled,global.app.enabled
                  - name: svc
                    version: 0.1.0
                    alias: always
                  - name: packed
                    version: 0.1.0
                    condition: packed.enabled
                """);
        List<Path> linted = List.of(chart, chart.resolve("charts/svc"));
        assertEquals(List.of("app.enabled,global.app.enabled"), Linter.conditionsOfOwnSubcharts(chart, linted));
        assertEquals(List.of(), Linter.conditionsOfOwnSubcharts(chart, List.of(chart)), "not linted on its own: stays on");
    }

    @Test
    void helmCreateDefaultsBreakRulesAndTheFindingsNameTemplateAndResource() throws IOException {
        createChart("demo");
        LintResult result = lint();
        String lines = result.findings().stream().map(Finding::line).collect(Collectors.joining("\n"));
        // helm create's nginx runs as root with a writable filesystem and no resources
        assertTrue(lines.contains("demo/templates/deployment.yaml: Deployment/rel-demo: run-as-non-root:"), lines);
        assertTrue(lines.contains("demo/templates/deployment.yaml: Deployment/rel-demo: resources: container demo has no"), lines);
        assertTrue(result.fails(false));
    }

    @Test
    void aValuesFileThatBreaksTheSchemaFailsWithHelmsMessageAndTheFileName() throws IOException {
        Path chart = createChart("demo");
        Files.writeString(chart.resolve("values.schema.json"),
                "{\"type\":\"object\",\"properties\":{\"replicaCount\":{\"type\":\"integer\"}}}");
        Files.writeString(chart.resolve("values-prod.yaml"), "replicaCount: many\n");
        LintResult result = lint();
        Finding render = result.findings().stream().filter(f -> f.ruleId().equals(Linter.RENDER)).findFirst().orElseThrow();
        assertEquals("demo", render.chart());
        assertEquals("values-prod.yaml", render.file());
        assertEquals(List.of("helm/demo/values-prod.yaml"), render.sortedEnvironments());
        assertTrue(render.message().contains("replicaCount"), render.message());
        assertEquals(Severity.ERROR, render.severity());
    }

    /** A project's values file outside the chart is named by its own path; Helm's --debug advice is left out. */
    @Test
    void aValuesFileOutsideTheChartIsNamedByItsPath() throws IOException {
        Path chart = createChart("shop").toAbsolutePath();
        Path staging = dir.resolve("ci/staging.yaml").toAbsolutePath();
        Finding f = Linter.renderFinding(chart, List.of(staging), "helm template of chart " + chart + " with [" + staging
                + "] failed: YAML parse error on shop/templates/a.yaml: error converting YAML to JSON: yaml: line 3: did not"
                + " find expected key Use --debug flag to render out invalid YAML");
        assertEquals("shop/templates/a.yaml", f.location());
        assertFalse(f.message().contains("--debug"), f.message());
        Finding values = Linter.renderFinding(chart, List.of(staging), "helm template of chart x with [y] failed: values don't"
                + " meet the specifications of the schema(s) in the following chart(s):\nshop:\n- at '': additional properties"
                + " 'replicaz' not allowed");
        assertEquals(staging + " (chart shop)", values.location());
        Finding inside = Linter.renderFinding(chart, List.of(chart.resolve("values-prod.yaml")), "x failed: values don't meet");
        assertEquals("shop/values-prod.yaml", inside.location());
        assertEquals(Rules.get(Linter.RENDER).fix(), inside.hint());

        // the version linted for is below what Chart.yaml takes: the fix is the flag, not a values file or template
        Finding version = Linter.renderFinding(chart, List.of(), "helm template of chart x failed: chart requires kubeVersion: "
                + ">=1.28.0-0 which is incompatible with Kubernetes v1.2.0");
        assertTrue(version.hint().contains("-Dneotool.kubeVersion") && version.hint().contains("chart.kubeVersion"), version.hint());
    }

    @Test
    void anUnknownFieldInATemplateIsASchemaErrorOnThatTemplate() throws IOException {
        Path chart = createChart("demo");
        Path service = chart.resolve("templates/service.yaml");
        Files.writeString(service, Files.readString(service).replace("  type: {{ .Values.service.type }}",
                "  type: {{ .Values.service.type }}\n  tipe: ClusterIP"));
        Finding f = lint().findings().stream().filter(x -> x.ruleId().equals(SchemaValidator.SCHEMA)).findFirst().orElseThrow();
        assertEquals("demo/templates/service.yaml: Service/rel-demo: schema: unknown field spec.tipe: not defined in V1ServiceSpec", f.line());
    }

    @Test
    void helmLintProblemsAreErrorsOnTheChartFile() throws IOException {
        Path chart = createChart("demo");
        Files.writeString(chart.resolve("Chart.yaml"), Files.readString(chart.resolve("Chart.yaml")).replace("version: 0.1.0", "version: not-semver"));
        List<Finding> lint = lint().findings().stream().filter(x -> x.ruleId().equals(Linter.HELM_LINT) && x.severity() == Severity.ERROR).toList();
        assertTrue(lint.stream().anyMatch(f -> f.location().equals("demo/Chart.yaml") && f.message().contains("SemVer")), lint::toString);
    }

    @Test
    void helmLintMessagesAreParsed() {
        Finding f = Linter.lintFinding("demo", "[WARNING] templates/deployment.yaml: object name does not conform");
        assertEquals("demo/templates/deployment.yaml", f.location());
        assertEquals(Severity.ERROR, f.severity()); // --strict
        assertEquals(Severity.INFO, Linter.lintFinding("demo", "[INFO] Chart.yaml: icon is recommended").severity());
    }

    @Test
    void aPlatformOfManyAliasesLintedWithGosDefaultCollectorGetsTheGogcHint() {
        String hint = Linter.collectorHint(Linter.MANY_ALIASES, null).orElseThrow();
        assertTrue(hint.contains(Linter.MANY_ALIASES + " aliased subcharts") && hint.contains("GOGC=400"), hint);
        assertEquals(hint, Linter.collectorHint(Linter.MANY_ALIASES, " ").orElseThrow());
        assertTrue(Linter.collectorHint(Linter.MANY_ALIASES - 1, null).isEmpty(), "a few services: GC is not the cost");
        assertTrue(Linter.collectorHint(200, "400").isEmpty(), "GOGC chosen already");
        assertTrue(Linter.collectorHint(200, "100").isEmpty(), "GOGC chosen, even the default");
    }

    @Test
    void aMalformedKubeVersionIsAnInputError() {
        Assertions.assertThrows(InputException.class, () -> new Linter.Request(dir, "latest", "rel", "ns"));
    }
}
