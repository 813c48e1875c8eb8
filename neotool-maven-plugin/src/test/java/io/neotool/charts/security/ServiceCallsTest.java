package io.neotool.charts.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.BuildLog;
import io.neotool.charts.InputException;
import io.neotool.charts.TestSpecs;
import io.neotool.charts.helm.HelmClient;
import io.neotool.charts.testtools.Manifests;
import io.neotool.charts.testtools.YamlTree;
import io.neotool.charts.verify.LintResult;
import io.neotool.charts.verify.Linter;
import io.neotool.charts.verify.NetworkPolicies;
import io.neotool.charts.verify.NetworkPolicies.Pod;
import io.neotool.charts.verify.Rules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls between services, on a fixture platform of three services: orders calls billing (in another namespace, on
 * another port) and nothing else is declared. The rendered NetworkPolicies, evaluated as a reachability graph, allow
 * exactly the declared call, in dev and prod; the render refuses a call to an unknown or disabled service.
 */
class ServiceCallsTest {
    static final String SPEC = """
            chart: {name: shop, appVersion: "1.0.0"}
            services:
              orders:
                image: {repository: orders, tag: "1.0.0"}
                env: {BILLING_URL: "http://billing.neotool-security.svc.cluster.local:8443"}
                calls: [billing]
              billing:
                image: {repository: billing, tag: "1.0.0"}
                namespace: neotool-security
                port: 8443
                vaultInit: {enabled: false}
              catalog:
                image: {repository: catalog, tag: "1.0.0"}
            """ + TestSpecs.PROD;

    @TempDir
    static Path dir;

    static Rendered charts;

    @BeforeAll
    static void generate() throws IOException {
        charts = generate(dir.resolve("declared"), SPEC);
    }

    static Rendered generate(Path into, String spec) throws IOException {
        Files.createDirectories(into);
        Path file = into.resolve("neotool.yaml");
        Files.writeString(file, spec);
        return Rendered.generate(into, file, "shop");
    }

    /** neotool:lint's flow-network findings about orders' call to billing (BILLING_URL), every environment. */
    static List<String> callFindings(Path helm) {
        LintResult result = new Linter(new HelmClient(), BuildLog.SILENT)
                .lint(new Linter.Request(helm, HelmClient.DEFAULT_KUBE_VERSION, "shop", "default"));
        return result.findings().stream().filter(f -> f.ruleId().equals("flow-network"))
                .map(f -> f.line() + " " + f.sortedEnvironments()).filter(line -> line.contains("BILLING_URL")).toList();
    }

    /**
     * The platform verification of neotool:lint finds the call where orders is told about it (env BILLING_URL) and
     * proves it against the NetworkPolicies: open when declared, a flow-network error when the declaration is missing.
     */
    @Test
    void thePlatformVerificationAcceptsTheDeclaredCallAndRefusesItUndeclared() throws IOException {
        assertEquals(List.of(), callFindings(dir.resolve("declared/helm")));
        Rendered undeclared = generate(dir.resolve("undeclared"), SPEC.replace("    calls: [billing]\n", ""));
        List<String> findings = callFindings(undeclared.umbrella.getParent());
        assertEquals(1, findings.size(), findings.toString());
        assertTrue(findings.get(0).contains("orders") && findings.get(0).contains("billing"), findings.get(0));
    }

    static Pod service(List<Pod> pods, String name) {
        return pods.stream().filter(p -> p.name().equals(name) && "service".equals(p.labels().get("app.kubernetes.io/component")))
                .findFirst().orElseThrow(() -> new AssertionError("no rendered service " + name + " in " + pods));
    }

    @Test
    void onlyTheDeclaredCallIsAllowedOnTheCalleesPort() {
        for (String env : List.of("dev", "prod")) {
            Manifests docs = new Manifests(env.equals("dev") ? charts.render(List.of(), Map.of())
                    : charts.render(List.of("values-prod.yaml"), Map.of()));
            NetworkPolicies policies = new NetworkPolicies(docs);
            List<Pod> pods = NetworkPolicies.renderedPods(docs);
            Pod orders = service(pods, "orders");
            Pod billing = service(pods, "billing");
            Pod catalog = service(pods, "catalog");
            assertEquals("neotool-security", billing.namespace());

            assertTrue(policies.allows(orders, billing, "8443/TCP"), env + ": orders -> billing:8443, declared");
            assertFalse(policies.allows(orders, billing, "8080/TCP"), env + ": only the callee's port");
            assertFalse(policies.allows(billing, orders, "8080/TCP"), env + ": a call is one-way");
            for (Pod other : List.of(orders, billing)) {
                assertFalse(policies.allows(catalog, other, other.ports().get(0)), env + ": catalog declares no call");
                assertFalse(policies.allows(other, catalog, catalog.ports().get(0)), env + ": nobody calls catalog");
            }
        }
    }

    @Test
    void theInstallNotesListTheDeclaredCalls() {
        String notes = new HelmClient().dryRunInstall(new HelmClient.RenderRequest(charts.umbrella, "shop", "default",
                HelmClient.DEFAULT_KUBE_VERSION, List.of(), Map.of()));
        assertTrue(notes.contains("- orders: namespace neotool-app, port 8080, calls billing"), notes);
        assertTrue(notes.contains("- catalog: namespace neotool-app, port 8080\n"), notes);
    }

    @Test
    void withoutTheDeclarationTheCallIsDenied() throws IOException {
        Path noCalls = Files.writeString(dir.resolve("no-calls.yaml"), "orders:\n  calls: []\n");
        Manifests docs = new Manifests(charts.render(List.of(noCalls.toString()), Map.of()));
        NetworkPolicies policies = new NetworkPolicies(docs);
        List<Pod> pods = NetworkPolicies.renderedPods(docs);
        assertFalse(policies.allows(service(pods, "orders"), service(pods, "billing"), "8443/TCP"));
        assertTrue(docs.ofKind("NetworkPolicy").stream()
                .noneMatch(p -> String.valueOf(YamlTree.map(p, "metadata").get("name")).matches(".*-(calls|from-callers)")));
    }

    /** A call to "router" opens the router's GraphQL port to that service alone, both ways rendered; never while it is off. */
    @Test
    void aCallToTheRouterOpensItsGraphqlPortToTheCaller() throws IOException {
        Rendered withRouter = generate(dir.resolve("router"), "router: {enabled: true, supergraph: {urls: "
                + "[\"https://graphs.example.org/s.graphql\"]}}\n" + SPEC.replace("  catalog:\n    image: {repository: catalog, tag: \"1.0.0\"}\n",
                "  catalog:\n    image: {repository: catalog, tag: \"1.0.0\"}\n    calls: [router]\n"));
        Manifests docs = new Manifests(withRouter.render(List.of(), Map.of()));
        NetworkPolicies policies = new NetworkPolicies(docs);
        List<Pod> pods = NetworkPolicies.renderedPods(docs);
        Pod router = pods.stream().filter(p -> "router".equals(p.labels().get("app.kubernetes.io/name"))).findFirst().orElseThrow();
        assertTrue(policies.allows(service(pods, "catalog"), router, "4000/TCP"), "catalog -> router:4000, declared");
        assertFalse(policies.allows(service(pods, "orders"), router, "4000/TCP"), "orders declares no call to the router");
        InputException off = assertThrows(InputException.class,
                () -> withRouter.render(List.of(), Map.of("router.enabled", "false")));
        assertTrue(off.getMessage().contains("shop: catalog.calls names the router, which is disabled"), off.getMessage());
    }

    /**
     * An entry a values file or --set adds to a map gets no defaults from the chart; its schema asks for every key but
     * a flag that defaults to false (secretEnv's optional).
     */
    @Test
    void anInstallTimeSecretEnvEntryMayLeaveOutOptional() {
        String rendered = charts.render(List.of(), Map.of("orders.secretEnv.API_KEY.secretName", "orders-api",
                "orders.secretEnv.API_KEY.key", "token"));
        assertTrue(rendered.contains("name: orders-api"), "the entry renders its secretKeyRef");
        InputException noKey = assertThrows(InputException.class,
                () -> charts.render(List.of(), Map.of("orders.secretEnv.API_KEY.secretName", "orders-api")));
        assertTrue(noKey.getMessage().contains("key"), noKey.getMessage());
    }

    /** A service without Kafka (its bootstrapServers empty) gets no KAFKA_BOOTSTRAP_SERVERS and no way to the brokers. */
    @Test
    void aServiceWithoutKafkaHasNoWayToTheBrokers() {
        Manifests docs = new Manifests(charts.render(List.of(), Map.of("catalog.platform.kafka.bootstrapServers", "")));
        NetworkPolicies policies = new NetworkPolicies(docs);
        List<Pod> pods = NetworkPolicies.renderedPods(docs);
        Pod kafka = pods.stream().filter(p -> "kafka".equals(p.labels().get("app.kubernetes.io/name"))).findFirst().orElseThrow();
        assertFalse(policies.allows(service(pods, "catalog"), kafka, "9092/TCP"), "catalog uses no Kafka");
        assertTrue(policies.allows(service(pods, "orders"), kafka, "9092/TCP"), "orders still does");
    }

    /**
     * With Kafka's address, a service's readiness leaves Kafka out (micronaut-kafka's health indicator), so that a
     * Kafka outage does not take every pod out of its Service; platform.kafka.health or env brings it back.
     */
    @Test
    void kafkaIsLeftOutOfAServicesReadinessUnlessItAsksForIt() throws IOException {
        Path values = Files.writeString(dir.resolve("kafka-health.yaml"), "catalog:\n  env: {KAFKA_HEALTH_ENABLED: \"true\"}\n");
        Manifests docs = new Manifests(charts.render(List.of(values.toString()),
                Map.of("billing.platform.kafka.bootstrapServers", "", "orders.platform.kafka.health", "true")));
        assertEquals("true", literalEnv(docs, "orders").get("KAFKA_HEALTH_ENABLED"));
        assertEquals("true", literalEnv(docs, "catalog").get("KAFKA_HEALTH_ENABLED"), "env wins");
        assertFalse(literalEnv(docs, "billing").containsKey("KAFKA_HEALTH_ENABLED"), "billing uses no Kafka");
        for (Manifests platform : List.of(charts.devManifests(), charts.prodManifests())) {
            assertEquals("false", literalEnv(platform, "orders").get("KAFKA_HEALTH_ENABLED"));
        }
    }

    private static Map<String, String> literalEnv(Manifests docs, String service) {
        Map<String, Object> deployment = docs.ofKind("Deployment").stream()
                .filter(d -> service.equals(YamlTree.map(d, "metadata").get("name"))).findFirst().orElseThrow();
        return Manifests.literalEnv(Manifests.container(deployment));
    }

    @Test
    void aCallToAnUnknownOrDisabledServiceFailsTheRender() {
        InputException unknown = assertThrows(InputException.class,
                () -> charts.render(List.of(), Map.of("orders.calls[0]", "biling")));
        assertTrue(unknown.getMessage().contains("shop: orders.calls names \"biling\", which is not a service of this chart "
                + "(services: billing, catalog, orders)"), unknown.getMessage());
        InputException disabled = assertThrows(InputException.class,
                () -> charts.render(List.of(), Map.of("billing.enabled", "false")));
        assertTrue(disabled.getMessage().contains("orders.calls names billing, which is disabled"), disabled.getMessage());
        InputException self = assertThrows(InputException.class,
                () -> charts.render(List.of(), Map.of("orders.calls[0]", "orders")));
        assertTrue(self.getMessage().contains("orders.calls names orders itself"), self.getMessage());
        // The service chart's own refusals name the alias, the key path's head in the umbrella's values.
        InputException port = assertThrows(InputException.class,
                () -> charts.render(List.of(), Map.of("orders.env.MICRONAUT_SERVER_PORT", "http")));
        assertTrue(port.getMessage().contains("orders: MICRONAUT_SERVER_PORT comes from port"), port.getMessage());
    }
}
