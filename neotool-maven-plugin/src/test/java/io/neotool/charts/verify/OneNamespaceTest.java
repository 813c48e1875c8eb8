package io.neotool.charts.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.BuildLog;
import io.neotool.charts.helm.ChartDirectories;
import io.neotool.charts.helm.HelmClient;
import io.neotool.charts.security.Rendered;
import io.neotool.charts.testtools.Manifests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A team given one namespace by its cluster's administrators: every component and service in it, the Namespace
 * declared operator-made, a service named as the platform and reached from outside through the cluster's
 * ingress-nginx, the router through an Envoy of its own. Generated from a fixture spec, rendered and linted (platform
 * verification included) by real Helm.
 */
class OneNamespaceTest {
    static final String SPEC = """
            chart: {name: orders, appVersion: "1.0.0"}
            global:
              operatorMade:
                - {kind: Namespace, name: team-orders, create: "made by the cluster's administrators"}
                - {kind: Namespace, name: edge, create: "the cluster's Envoy gateway"}
            namespaces:
              team-orders: {}
            networkPolicy:
              ingressController: {namespace: ingress-nginx, app: ingress-nginx}
            vault: {enabled: false}
            observability: {enabled: false}
            kafka: {namespace: team-orders}
            router:
              enabled: true
              namespace: team-orders
              supergraph: {urls: [https://schemas.example.com/supergraph.graphql]}
              ingress: {enabled: true, className: envoy, hosts: [{host: api.example.com}]}
              networkPolicy:
                ingressController: {namespace: edge, app: envoy}
            postgres:
              namespace: team-orders
              databases:
                orders: {owner: orders}
            services:
              orders:
                namespace: team-orders
                image: {repository: acme/orders, tag: "1.0.0"}
                database: {name: orders}
                platform: {kafka: {bootstrapServers: "kafka.team-orders.svc.cluster.local:9092"}}
                ingress: {enabled: true, className: nginx, hosts: [{host: orders.example.com}]}
            """;

    @TempDir
    static Path dir;

    static Rendered charts;

    @BeforeAll
    static void generate() throws IOException {
        charts = Rendered.generate(dir.resolve("out"), Files.writeString(dir.resolve("neotool.yaml"), SPEC), "orders");
    }

    /** Declared operator-made, the Namespace is not rendered (Helm would refuse to adopt the existing one). */
    @Test
    void theOperatorsNamespaceIsNotRenderedAndTheNotesSayItIsTheirs() {
        Manifests release = new Manifests(charts.render(List.of(), Map.of()));
        assertEquals(List.of(), release.ofKind("Namespace"));
        assertFalse(release.ofKind("Deployment").isEmpty());
        assertTrue(charts.install(Map.of()).contains(
                "team-orders is made by you (global.operatorMade), labelled pod-security.kubernetes.io/enforce=restricted."));
    }

    /**
     * The lint passes, each Ingress's way in proven from the controller its chart's values name, and each
     * finding is on the chart whose template it is: the umbrella's own templates on the
     * umbrella (orders), the service's on the service chart (orders-service), though Helm names the service's alias
     * orders too.
     */
    @Test
    void theLintPassesAndNamesEachFindingsChartOnDisk() throws IOException {
        Path root = charts.umbrella.getParent();
        LintResult result = new Linter(new HelmClient(), BuildLog.SILENT)
                .lint(new Linter.Request(root, "1.32.0", "orders", "default"));
        String errors = result.findings().stream().filter(f -> f.severity() == Severity.ERROR)
                .map(Finding::line).collect(Collectors.joining("\n"));
        assertEquals("", errors);
        // each Ingress from its chart's controller: the service's from ingress-nginx, the router's from its Envoy
        List<PlatformVerifier.Edge> fromOutside = result.platforms().values().iterator().next().edges().stream()
                .filter(e -> e.from().equals("ingress-controller")).toList();
        assertEquals(2, fromOutside.size(), fromOutside::toString);
        fromOutside.forEach(e -> assertEquals(List.of(), e.problems(), e::toString));
        Set<String> misplaced = new TreeSet<>();
        Set<String> charts = new TreeSet<>();
        List<Path> onDisk = ChartDirectories.find(root);
        for (Finding f : result.findings()) {
            if (f.file().startsWith("templates/")) {
                charts.add(f.chart());
                Path chart = onDisk.stream().filter(c -> c.getFileName().toString().equals(f.chart()))
                        .findFirst().orElseThrow(() -> new AssertionError("no chart " + f.chart() + ": " + f.line()));
                if (!Files.exists(chart.resolve(f.file()))) {
                    misplaced.add(f.line());
                }
            }
        }
        assertEquals(Set.of(), misplaced);
        assertTrue(charts.contains("orders-service"), charts::toString);
    }
}
