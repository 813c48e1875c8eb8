package io.neotool.charts.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.BuildLog;
import io.neotool.charts.InputException;
import io.neotool.charts.TestSpecs;
import io.neotool.charts.helm.HelmClient;
import io.neotool.charts.model.PostgresSpec;
import io.neotool.charts.model.ServiceSpec;
import io.neotool.charts.testtools.Manifests;
import io.neotool.charts.verify.LintResult;
import io.neotool.charts.verify.Linter;
import io.neotool.charts.verify.NetworkPolicies;
import io.neotool.charts.verify.NetworkPolicies.Pod;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A platform with PgBouncer off whose service writes one egress peer of its own: the service reaches its database
 * on PostgreSQL's primary (the database Secret's URL, its POSTGRES_HOST, its NetworkPolicies and its helm test agree), and the peer
 * it writes comes on top of the platform's (Vault's among them), so neotool:lint's platform verification proves
 * every flow in dev and prod.
 */
class DatabaseEgressTest {
    static final String SPEC = """
            chart: {name: shop, appVersion: "1.0.0"}
            services:
              orders:
                image: {repository: orders, tag: "1.0.0"}
                database: {name: orders}
                networkPolicy:
                  egress:
                    smtp: {namespace: neotool-app, app: smtp, port: 25}
            postgres:
              databases: {orders: {owner: orders}}
              pgbouncer: {enabled: false}
            """ + TestSpecs.PROD;

    @TempDir
    static Path dir;

    static Rendered charts;

    @BeforeAll
    static void generate() throws IOException {
        charts = ServiceCallsTest.generate(dir.resolve("direct"), SPEC);
    }

    /**
     * Values given at install that make the services open more than PostgreSQL takes: the spec's check does not see
     * them, the umbrella does (it alone sees the services' values with PostgreSQL's), and names every number.
     */
    @Test
    void installTimeValuesThatOverflowPostgresAreRefusedWithTheirNumbers() throws IOException {
        var spec = TestSpecs.load(java.nio.file.Files.createDirectories(dir.resolve("spec")), SPEC).base();
        ServiceSpec orders = spec.services().get("orders");
        PostgresSpec pg = spec.postgres();
        int replicas = 6;
        int pods = replicas + orders.rollingUpdate().maxSurge();
        int pools = pods * orders.database().maxPoolSize();
        PostgresSpec.Connections c = pg.connections();
        int needed = pools + c.monitoring() + c.admin() + c.superuserReserved();
        InputException direct = assertThrows(InputException.class, () -> charts.render(List.of(), Map.of("orders.replicas",
                String.valueOf(replicas), "postgres.connections.max", String.valueOf(needed - 1))));
        assertTrue(direct.getMessage().contains("postgres: connections.max " + (needed - 1) + " does not cover the connection "
                + "budget " + needed + " (the services' pools " + pools + " at their most pods (pods with a rolling update's "
                + "surge x database.maxPoolSize: orders " + pods + " x " + orders.database().maxPoolSize() + "), no PgBouncer"),
                direct.getMessage());
        charts.render(List.of(), Map.of("orders.replicas", String.valueOf(replicas), "postgres.connections.max", String.valueOf(needed)));

        // with PgBouncer its clients: every pool at the most pods against maxClientConn on each PgBouncer pod
        InputException clients = assertThrows(InputException.class, () -> charts.render(List.of(), Map.of(
                "postgres.pgbouncer.enabled", "true", "orders.platform.postgres.host", "pgbouncer.neotool-data.svc.cluster.local",
                "orders.replicas", String.valueOf(replicas), "postgres.pgbouncer.maxClientConn", String.valueOf(pools - 1))));
        assertTrue(clients.getMessage().contains("postgres.pgbouncer.maxClientConn " + (pools - 1) + " x 1 PgBouncer replicas "
                + "accepts " + (pools - 1) + " client connections, and the services open " + pools), clients.getMessage());
        // two PgBouncer pods: with one down (a drain), the one left takes every client
        InputException oneLeft = assertThrows(InputException.class, () -> charts.render(List.of(), Map.of(
                "postgres.pgbouncer.enabled", "true", "orders.platform.postgres.host", "pgbouncer.neotool-data.svc.cluster.local",
                "orders.replicas", String.valueOf(replicas), "postgres.pgbouncer.replicas", "2",
                "postgres.pgbouncer.maxClientConn", String.valueOf(pools - 1))));
        assertTrue(oneLeft.getMessage().contains("postgres.pgbouncer.maxClientConn " + (pools - 1) + " x 1 PgBouncer replicas "
                + "(of 2, with one down) accepts " + (pools - 1) + " client connections"), oneLeft.getMessage());
    }

    /** An address given at install time without ports, or with none, would open every port to it: refused by name. */
    @Test
    void anAddressWithoutPortsIsRefusedAtInstall() throws IOException {
        Path none = java.nio.file.Files.writeString(dir.resolve("no-ports.yaml"),
                "orders:\n  networkPolicy:\n    addresses: [{cidr: 10.20.0.0/16, ports: []}]\n");
        Path missing = java.nio.file.Files.writeString(dir.resolve("missing-ports.yaml"),
                "orders:\n  networkPolicy:\n    addresses: [{cidr: 10.20.0.0/16}]\n");
        for (Path values : List.of(none, missing)) {
            InputException e = assertThrows(InputException.class, () -> charts.render(List.of(values.toString()), Map.of()));
            assertTrue(e.getMessage().contains("set networkPolicy.addresses[0].ports, the TCP ports to reach 10.20.0.0/16 on "
                    + "(none would open every port)"), values + ": " + e.getMessage());
        }
    }

    @Test
    void everyFlowOfTheServiceIsProvenByThePlatformVerification() {
        LintResult result = new Linter(new HelmClient(), BuildLog.SILENT)
                .lint(new Linter.Request(charts.umbrella.getParent(), HelmClient.DEFAULT_KUBE_VERSION, "shop", "default"));
        List<String> flows = result.findings().stream().filter(f -> f.ruleId().equals("flow-network"))
                .map(f -> f.line() + " " + f.sortedEnvironments()).toList();
        assertEquals(List.of(), flows);
    }

    @Test
    void theServiceReachesPostgresItselfAndKeepsThePlatformsPeersBesideItsOwn() {
        for (String env : List.of("dev", "prod")) {
            Manifests docs = new Manifests(env.equals("dev") ? charts.render(List.of(), Map.of())
                    : charts.render(List.of("values-prod.yaml"), Map.of()));
            assertEquals("jdbc:postgresql://postgres.neotool-data.svc.cluster.local:5432/orders",
                    Manifests.secretValue(docs.one("Secret", "neotool-app", "orders-database"), "DATASOURCES_DEFAULT_URL"), env);
            NetworkPolicies policies = new NetworkPolicies(docs);
            List<Pod> pods = NetworkPolicies.renderedPods(docs);
            Pod orders = ServiceCallsTest.service(pods, "orders");
            Pod postgres = pods.stream().filter(p -> p.name().equals("postgres") && p.namespace().equals("neotool-data"))
                    .findFirst().orElseThrow(() -> new AssertionError(env + ": no PostgreSQL primary in " + pods));
            assertTrue(policies.allows(orders, postgres, "5432/TCP"), env + ": orders -> postgres:5432");
            // helm test logs in as orders there too (its flow is proven with the others by the first test)
            docs.one("Pod", "neotool-app", "smoke-database-orders");
            Pod vault = pods.stream().filter(p -> p.name().startsWith("vault") && p.namespace().equals("neotool-security"))
                    .findFirst().orElseThrow(() -> new AssertionError(env + ": no Vault in " + pods));
            assertTrue(policies.allows(orders, vault, "8200/TCP"), env + ": the platform's Vault peer stays beside smtp");
            assertTrue(docs.ofKind("NetworkPolicy").stream().anyMatch(d -> d.toString().contains("app.kubernetes.io/name=smtp")),
                    env + ": the written smtp peer is rendered");
        }
    }
}
