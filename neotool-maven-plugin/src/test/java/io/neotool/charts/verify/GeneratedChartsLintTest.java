package io.neotool.charts.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.BuildLog;
import io.neotool.charts.helm.HelmClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The committed, generated charts (../helm) pass neotool:lint, platform verification included, with no errors in every
 * environment. A template change that breaks a rule fails here, naming the chart, template, resource and rule.
 */
class GeneratedChartsLintTest {
    private static final Path CHARTS = Path.of("..", "helm").toAbsolutePath().normalize();
    private static LintResult result;

    @BeforeAll
    static void lint() {
        result = new Linter(new HelmClient(), BuildLog.SILENT)
                .lint(new Linter.Request(CHARTS, "1.32.0", "neotool", "default"));
    }

    @Test
    void everyChartIsLintedAndEveryEnvironmentRendered() {
        assertTrue(Files.isRegularFile(CHARTS.resolve("neotool/Chart.yaml")), "generated umbrella missing: " + CHARTS);
        assertTrue(result.charts().contains("helm/neotool"), result.charts()::toString);
        assertTrue(result.charts().contains("helm/neotool/charts/neotool-service"), result.charts()::toString);
        assertTrue(result.environments().contains("helm/neotool/values.yaml"), result.environments()::toString);
        assertTrue(result.environments().contains("helm/neotool/values-prod.yaml"), result.environments()::toString);
    }

    /**
     * No warning but the capacity report's at the HPAs' maximum (docs/lint.md: the plan's autoscaling outgrows the
     * declared nodes), the subcharts' standalone renders included (docs/lint.md, "The subcharts installed alone").
     */
    @Test
    void theOnlyWarningIsTheDocumentedCapacityOne() {
        List<String> warnings = result.findings().stream().filter(f -> f.severity() == Severity.WARNING)
                .filter(f -> !(f.ruleId().equals(Capacity.CAPACITY) && f.message().contains("at the HPAs' maximum")))
                .map(f -> f.line() + " " + f.sortedEnvironments()).toList();
        assertEquals(List.of(), warnings, () -> String.join("\n", warnings));
        assertTrue(result.environments().stream().anyMatch(e -> e.endsWith("/ci/default-values.yaml")),
                "the standalone renders ran: " + result.environments());
    }

    /**
     * A values file of one's own installed over prod (helm install -f values-prod.yaml -f staging.yaml) is linted the
     * same way when the pom layers the two: over values.yaml alone it renders, over prod the web chart's own prod check
     * refuses it, and the finding names the layered environment.
     */
    @Test
    void aValuesFileLayeredOverProdIsLintedAsProdRendersIt(@org.junit.jupiter.api.io.TempDir Path dir) throws java.io.IOException {
        Path staging = Files.writeString(dir.resolve("staging.yaml"), "web:\n  autoscaling: {enabled: true, minReplicas: 1, maxReplicas: 3}\n");
        Path prod = CHARTS.resolve("neotool/values-prod.yaml");
        // and two files of one name in two directories, each over prod: two environments, two platform reports
        Path eu = Files.writeString(Files.createDirectories(dir.resolve("eu")).resolve("region.yaml"), "{}\n");
        Path us = Files.writeString(Files.createDirectories(dir.resolve("us")).resolve("region.yaml"), "{}\n");
        LintResult result = new Linter(new HelmClient(), BuildLog.SILENT).lint(new Linter.Request(CHARTS, "1.32.0", "neotool",
                "default", LintConfig.of(Map.of(), List.of(), Map.of("neotool", List.of(List.of(staging), List.of(prod, staging),
                        List.of(prod, eu), List.of(prod, us))))));
        assertTrue(result.platforms().keySet().containsAll(List.of("prod+region", "prod+region-2")), result.platforms().keySet()::toString);
        String layered = "helm/neotool/values-prod.yaml," + staging;
        assertTrue(result.environments().contains(layered), result.environments()::toString);
        List<Finding> render = result.findings().stream().filter(f -> f.ruleId().equals(Linter.RENDER)).toList();
        assertEquals(1, render.size(), render::toString);
        assertTrue(render.get(0).message().contains("autoscaling.minReplicas must be >= 2 when global.environment is prod")
                && render.get(0).environments().equals(java.util.Set.of(layered)), render::toString);
    }

    /**
     * docs/secrets.md's path B: the operator makes the namespaces (namespaces.create=false), labelled as
     * namespaces.items says. The lint takes them as the operator's, with their Pod Security levels (Promtail's
     * privileged one included), and finds no error.
     */
    @Test
    void namespacesMadeByTheOperatorLintClean(@org.junit.jupiter.api.io.TempDir Path dir) throws java.io.IOException {
        Path values = dir.resolve("namespaces-made.yaml");
        Files.writeString(values, "namespaces:\n  create: false\n");
        LintResult made = new Linter(new HelmClient(), BuildLog.SILENT).lint(new Linter.Request(CHARTS, "1.32.0", "neotool",
                "default", LintConfig.of(Map.of(), List.of(), Map.of("neotool", List.of(List.of(values))))));
        List<String> errors = made.findings().stream().filter(f -> f.severity() == Severity.ERROR)
                .filter(f -> f.environments().stream().anyMatch(e -> e.endsWith(values.getFileName().toString())))
                .map(Finding::line).toList();
        assertEquals(List.of(), errors, () -> String.join("\n", errors));
        assertTrue(made.environments().stream().anyMatch(e -> e.endsWith(values.getFileName().toString())), made.environments()::toString);
    }

    /**
     * Prod with OpenShift's settings (docs/runbooks/deployment.md: the ids left to the cluster, its DNS pods and port, its
     * routers admitted by their labels) lints without an error: every pod still meets Pod Security restricted, which
     * asks runAsNonRoot, not a user id, and the platform verification proves the routers' way to the web and the router.
     */
    @Test
    void prodWithOpenShiftsSettingsLintsClean(@org.junit.jupiter.api.io.TempDir Path dir) throws java.io.IOException {
        String routers = "    ingressController: {namespace: openshift-ingress, app: \"\", podLabels: "
                + "{ingresscontroller.operator.openshift.io/deployment-ingresscontroller: default}}\n";
        Path values = Files.writeString(dir.resolve("openshift.yaml"), "global:\n  userIds: cluster\n  networkPolicy:\n"
                + "    dns: {podLabels: {dns.operator.openshift.io/daemonset-dns: default}, ports: [53, 5353]}\n"
                + "web:\n  networkPolicy:\n" + routers + "router:\n  networkPolicy:\n" + routers);
        LintResult result = new Linter(new HelmClient(), BuildLog.SILENT).lint(new Linter.Request(CHARTS, "1.32.0", "neotool",
                "default", LintConfig.of(Map.of(), List.of(), Map.of("neotool", List.of(List.of(CHARTS.resolve("neotool/values-prod.yaml"),
                        values))))));
        List<String> errors = result.findings().stream().filter(f -> f.severity() == Severity.ERROR)
                .filter(f -> f.environments().stream().anyMatch(e -> e.endsWith(values.getFileName().toString())))
                .map(Finding::line).toList();
        assertEquals(List.of(), errors, () -> String.join("\n", errors));
        assertTrue(result.environments().stream().anyMatch(e -> e.endsWith(values.getFileName().toString())),
                result.environments()::toString);
    }

    /** The PostgreSQL backup's flows, where the spec turns it on: to the primary, and (dev) to MinIO, every check proven. */
    @Test
    void theBackupFlowsAreProven() throws java.io.IOException {
        io.neotool.charts.model.PostgresSpec pg = new io.neotool.charts.model.SpecLoader()
                .load(io.neotool.charts.TestPaths.spec(), "0.1.0").base().postgres();
        org.junit.jupiter.api.Assumptions.assumeTrue(pg.enabled() && pg.backup().enabled(), "the spec has no PostgreSQL backup");
        assertEquals(umbrellaEnvironments(), result.platforms().size(), result.platforms().keySet()::toString);
        boolean toMinio = false;
        for (Map.Entry<String, io.neotool.charts.verify.PlatformVerifier.Graph> env : result.platforms().entrySet()) {
            List<io.neotool.charts.verify.PlatformVerifier.Edge> edges = env.getValue().edges().stream()
                    .filter(e -> e.from().contains("postgres-backup")).toList();
            assertTrue(edges.stream().anyMatch(e -> e.to().contains("postgres") && !e.to().contains("backup") && e.port().equals("5432")),
                    env.getKey() + ": " + edges);
            edges.forEach(e -> assertEquals(List.of(), e.problems(), env.getKey() + ": " + e));
            toMinio |= edges.stream().anyMatch(e -> e.to().contains("minio") && e.port().equals("9000"));
        }
        assertTrue(toMinio, "dev: the backup's upload to MinIO is a proven flow");
    }

    /** The replicas' clone and streaming (where the spec has replicas) is a flow to the primary, every check proven. */
    @Test
    void theReplicationFlowIsProven() {
        List<io.neotool.charts.verify.PlatformVerifier.Edge> edges = result.platforms().values().stream()
                .flatMap(g -> g.edges().stream()).filter(e -> e.from().contains("postgres-replica")).toList();
        org.junit.jupiter.api.Assumptions.assumeTrue(result.platforms().values().stream().anyMatch(g -> g.nodes().stream()
                .anyMatch(n -> n.contains("postgres-replica"))), "no environment renders replicas");
        assertTrue(edges.stream().anyMatch(e -> e.to().contains("postgres") && !e.to().contains("replica") && e.port().equals("5432")),
                edges.toString());
        edges.forEach(e -> assertEquals(List.of(), e.problems(), e.toString()));
    }

    /**
     * The observability stack's own connections are flows of the platform graph, each proven (address, network and the
     * rest ok or not applicable): the Kafka exporter to Kafka (its --kafka.server argument), Prometheus to both
     * exporters and kube-state-metrics (static scrape targets), and in an environment where Loki stores on the in-cluster
     * MinIO (the minio chart rendered), Loki to MinIO's API.
     */
    @Test
    void theObservabilityFlowsAreProven() {
        assertEquals(umbrellaEnvironments(), result.platforms().size(), result.platforms().keySet()::toString);
        io.neotool.charts.model.Spec spec = io.neotool.charts.TestPaths.loadSpec();
        result.platforms().forEach((environment, graph) -> {
            // the environment's spec: values.yaml is the base's, values-<env>.yaml that environment's
            io.neotool.charts.model.PlatformSpec env = spec.environments().entrySet().stream()
                    .filter(e -> environment.equals(e.getKey())).map(Map.Entry::getValue).findFirst().orElse(spec.base());
            io.neotool.charts.model.ObservabilitySpec o = env.observability();
            if (!o.enabled()) {
                return;
            }
            String obs = o.namespace() + "/";
            if (o.kafkaExporter().enabled()) {
                assertProven(graph, obs + "Deployment/kafka-exporter", env.kafka().namespace() + "/Service/kafka", "9092");
                assertProven(graph, obs + "StatefulSet/prometheus", obs + "Service/kafka-exporter", "9308");
            }
            if (o.postgresExporter().enabled()) {
                assertProven(graph, obs + "StatefulSet/prometheus", obs + "Service/postgres-exporter", "9187");
            }
            assertProven(graph, obs + "StatefulSet/prometheus", obs + "Service/kube-state-metrics", "8080");
            if (graph.nodes().contains("neotool-storage/StatefulSet/minio")) {
                assertProven(graph, obs + "StatefulSet/loki", "neotool-storage/Service/minio", "9000");
            }
        });
    }

    /** The umbrella's environments: values.yaml and each values-<env>.yaml beside it. */
    private static long umbrellaEnvironments() {
        return result.environments().stream().filter(e -> e.matches("helm/neotool/values(-[^/]+)?\\.yaml")).count();
    }

    private static void assertProven(PlatformVerifier.Graph graph, String from, String to, String port) {
        PlatformVerifier.Edge edge = graph.edges().stream().filter(e -> e.from().equals(from) && e.to().equals(to) && e.port().equals(port))
                .findFirst().orElseThrow(() -> new AssertionError(graph.environment() + ": no flow " + from + " -> " + to + ":" + port
                        + " in " + graph.edges().stream().filter(e -> e.from().equals(from)).map(e -> e.to() + ":" + e.port()).toList()));
        assertEquals("ok", edge.checks().get("address"), edge::toString);
        assertEquals("ok", edge.checks().get("network"), edge::toString);
        assertTrue(edge.checks().values().stream().allMatch(c -> c.equals("ok") || c.equals("n/a")), edge::toString);
        assertEquals(List.of(), edge.problems(), edge::toString);
    }

    /** No error in any environment: per-object rules, platform verification (install order, references, flows) and capacity. */
    @Test
    void generatedChartsHaveNoErrors() {
        List<String> errors = result.findings().stream().filter(f -> f.severity() == Severity.ERROR)
                .map(f -> f.line() + " " + f.sortedEnvironments()).toList();
        assertEquals(List.of(), errors, () -> String.join("\n", errors));
    }

    /** docs/architecture.md embeds the diagrams of these very flow graphs (regenerated by one command, see ArchitectureDoc). */
    @Test
    void theArchitectureDiagramsAreDrawnFromTheseFlowGraphs() throws java.io.IOException {
        io.neotool.charts.docs.ArchitectureDoc.check(result.platforms());
    }
}
