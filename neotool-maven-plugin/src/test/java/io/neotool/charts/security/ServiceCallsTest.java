package io.neotool.charts.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.InputException;
import io.neotool.charts.verify.NetworkPolicies;
import io.neotool.charts.verify.NetworkPolicies.Pod;
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
                calls: [billing]
              billing:
                image: {repository: billing, tag: "1.0.0"}
                namespace: neotool-security
                port: 8443
                vaultInit: {enabled: false}
              catalog:
                image: {repository: catalog, tag: "1.0.0"}
            environments:
              prod:
                vault: {mode: ha, token: {create: false}}
                observability:
                  grafana: {admin: {existingSecret: grafana-admin}}
                  loki: {storageType: s3, s3: {secretName: loki-r2}}
                global:
                  objectStorage: {provider: r2, secretName: object-storage}
                minio: {enabled: false}
            """;

    @TempDir
    static Path dir;

    static Rendered charts;

    @BeforeAll
    static void generate() throws IOException {
        Path spec = dir.resolve("neotool.yaml");
        Files.writeString(spec, SPEC);
        charts = Rendered.generate(dir, spec, "shop");
    }

    static Pod service(List<Pod> pods, String name) {
        return pods.stream().filter(p -> p.name().equals(name) && "service".equals(p.labels().get("app.kubernetes.io/component")))
                .findFirst().orElseThrow(() -> new AssertionError("no rendered service " + name + " in " + pods));
    }

    @Test
    void onlyTheDeclaredCallIsAllowedOnTheCalleesPort() {
        for (String env : List.of("dev", "prod")) {
            List<Map<String, Object>> docs = Rendered.documents(env.equals("dev") ? charts.render(List.of(), Map.of())
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
    void withoutTheDeclarationTheCallIsDenied() throws IOException {
        Path noCalls = Files.writeString(dir.resolve("no-calls.yaml"), "orders:\n  calls: []\n");
        List<Map<String, Object>> docs = Rendered.documents(charts.render(List.of(noCalls.toString()), Map.of()));
        NetworkPolicies policies = new NetworkPolicies(docs);
        List<Pod> pods = NetworkPolicies.renderedPods(docs);
        assertFalse(policies.allows(service(pods, "orders"), service(pods, "billing"), "8443/TCP"));
        assertTrue(Rendered.ofKind(docs, "NetworkPolicy").stream()
                .noneMatch(p -> String.valueOf(Rendered.map(p, "metadata").get("name")).matches(".*-(calls|from-callers)")));
    }

    @Test
    void aCallToAnUnknownOrDisabledServiceFailsTheRender() {
        InputException unknown = assertThrows(InputException.class,
                () -> charts.render(List.of(), Map.of("orders.calls[0]", "biling")));
        assertTrue(unknown.getMessage().contains("orders.calls names \"biling\", which is not a service of this chart "
                + "(services: billing, catalog, orders)"), unknown.getMessage());
        InputException disabled = assertThrows(InputException.class,
                () -> charts.render(List.of(), Map.of("billing.enabled", "false")));
        assertTrue(disabled.getMessage().contains("orders.calls names billing, which is disabled"), disabled.getMessage());
        InputException self = assertThrows(InputException.class,
                () -> charts.render(List.of(), Map.of("orders.calls[0]", "orders")));
        assertTrue(self.getMessage().contains("orders.calls names orders itself"), self.getMessage());
    }
}
