package io.neotool.charts.data;

import static io.neotool.charts.testtools.Manifests.container;
import static io.neotool.charts.testtools.YamlTree.map;
import static io.neotool.charts.testtools.YamlTree.maps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.BuildLog;
import io.neotool.charts.InputException;
import io.neotool.charts.TestPaths;
import io.neotool.charts.generate.ChartGenerator;
import io.neotool.charts.helm.HelmClient;
import io.neotool.charts.helm.HelmClient.RenderRequest;
import io.neotool.charts.testtools.Manifests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Charts generated from a fixture spec with one service that has a database (in a namespace of its own, with its
 * own Secret name) and one that has none, rendered by real Helm.
 */
class ServiceDatabaseChartTest {
    static final String SPEC = """
            namespaces:
              shop: {}
              neotool-data: {}
              neotool-security: {}
              neotool-observability: {}
              neotool-logging: {podSecurity: privileged, reason: Promtail reads the node's logs.}
            router: {enabled: false}
            web: {enabled: false}
            minio: {enabled: false}
            kafka: {enabled: false}
            observability: {kafkaExporter: {enabled: false}}
            vault: {token: {namespaces: [shop]}}
            global:
              objectStorage: {provider: r2}
            services:
              orders:
                namespace: shop
                image: {repository: shop-orders, tag: "1.0.0"}
                database: {name: orders, secretName: orders-postgres}
              mailer:
                namespace: shop
                image: {repository: shop-mailer, tag: "1.0.0"}
            postgres:
              databases:
                orders: {owner: orders_owner}
            """;

    @TempDir
    static Path dir;

    static Path umbrella;
    static Manifests release;
    static final HelmClient helm = new HelmClient();

    @BeforeAll
    static void generateAndRender() throws IOException {
        Path spec = dir.resolve("neotool.yaml");
        Files.writeString(spec, SPEC);
        new ChartGenerator().generate(new ChartGenerator.Request(spec, TestPaths.templates(), dir.resolve("helm"), "1.2.3"),
                false, BuildLog.SILENT);
        umbrella = dir.resolve("helm/neotool");
        release = new Manifests(render(Map.of()));
    }

    static String render(Map<String, String> set) {
        return helm.template(new RenderRequest(umbrella, "neotool", "default", HelmClient.DEFAULT_KUBE_VERSION, List.of(), set));
    }

    @Test
    void theServiceWithADatabaseReadsItsOwnSecretInItsNamespace() {
        Map<String, Object> secret = release.one("Secret", "shop", "orders-postgres");
        assertEquals("orders_owner", Manifests.secretValue(secret, "username"));
        assertEquals("orders", Manifests.secretValue(secret, "database"));
        assertEquals("jdbc:postgresql://pgbouncer.neotool-data.svc.cluster.local:6432/orders",
                Manifests.secretValue(secret, "DATASOURCES_DEFAULT_URL"));
        assertTrue(DataChartsTest.passwords(release).get("orders_owner").equals(Manifests.secretValue(secret, "password")),
                "the password of the credentials Secret");
        Map<String, String> creds = DataChartsTest.databaseCredentials(release, "orders");
        assertEquals("orders_owner", creds.get("DATASOURCES_DEFAULT_USERNAME"));
        assertTrue(creds.get("password").equals(creds.get("DATASOURCES_DEFAULT_PASSWORD")), "the same password twice");
    }

    /**
     * The database Secret's URL and user are the postgres chart's, read by a pod at its start: pointing the service at
     * another database rolls its pods (else the running ones would go on writing to the old database and the next
     * ones to the new), and the passwords are not in the hash (their rotation restarts the services by hand).
     */
    @Test
    void theServicesPodsRollWhenItsDatabaseChanges() {
        Manifests moved = new Manifests(render(Map.of("orders.database.name", "sales", "postgres.databases.sales.owner",
                "sales_owner", "postgres.serviceSecrets.orders.database", "sales")));
        assertEquals("sales", Manifests.secretValue(moved.one("Secret", "shop", "orders-postgres"), "database"));
        Object before = map(release.one("Deployment", "shop", "orders"), "spec", "template", "metadata", "annotations")
                .get("checksum/database");
        Object after = map(moved.one("Deployment", "shop", "orders"), "spec", "template", "metadata", "annotations")
                .get("checksum/database");
        assertNotNull(before);
        assertNotEquals(before, after);
        assertEquals(map(release.one("Deployment", "shop", "mailer"), "spec", "template"),
                map(moved.one("Deployment", "shop", "mailer"), "spec", "template"), "a service without a database is as it was");
        assertFalse(map(release.one("Deployment", "shop", "mailer"), "spec", "template", "metadata").containsKey("annotations")
                && map(release.one("Deployment", "shop", "mailer"), "spec", "template", "metadata", "annotations")
                .containsKey("checksum/database"));
    }

    /**
     * A service with a database leaves it out of its readiness (Micronaut's JDBC health indicator), so that a database
     * restart or a pool PgBouncer keeps waiting does not take every pod out of its Service; platform.postgres.health or
     * env brings it back, and a service without a database gets no such env.
     */
    @Test
    void theDatabaseIsLeftOutOfAServicesReadinessUnlessItAsksForIt() throws IOException {
        assertEquals("false", Manifests.literalEnv(container(release.one("Deployment", "shop", "orders"))).get("ENDPOINTS_HEALTH_JDBC_ENABLED"));
        assertFalse(Manifests.literalEnv(container(release.one("Deployment", "shop", "mailer"))).containsKey("ENDPOINTS_HEALTH_JDBC_ENABLED"));
        Manifests asked = new Manifests(render(Map.of("orders.platform.postgres.health", "true")));
        assertEquals("true", Manifests.literalEnv(container(asked.one("Deployment", "shop", "orders"))).get("ENDPOINTS_HEALTH_JDBC_ENABLED"));
        Path values = Files.writeString(dir.resolve("jdbc-health.yaml"), "orders:\n  env: {ENDPOINTS_HEALTH_JDBC_ENABLED: \"true\"}\n");
        Manifests env = new Manifests(helm.template(new RenderRequest(umbrella, "neotool", "default",
                HelmClient.DEFAULT_KUBE_VERSION, List.of(values), Map.of())));
        assertEquals("true", Manifests.literalEnv(container(env.one("Deployment", "shop", "orders"))).get("ENDPOINTS_HEALTH_JDBC_ENABLED"),
                "env wins");
    }

    @Test
    void aServiceWithoutADatabaseGetsNothing() {
        String env = String.valueOf(maps(container(release.one("Deployment", "shop", "mailer")), "env"));
        assertFalse(env.contains("DATASOURCES_") || env.contains("POSTGRES_"), "no database, no database env: " + env);
        String orders = String.valueOf(maps(container(release.one("Deployment", "shop", "orders")), "env"));
        assertTrue(orders.contains("{name=POSTGRES_HOST, value=pgbouncer.neotool-data.svc.cluster.local}"), orders);
        assertTrue(orders.contains("{name=DATASOURCES_DEFAULT_MAXIMUM_POOL_SIZE, value=10}"), "the pool PgBouncer counts: " + orders);
        long secrets = release.stream().filter(d -> "Secret".equals(d.get("kind"))
                && "shop".equals(map(d, "metadata").get("namespace"))
                && map(d, "data") != null && map(d, "data").containsKey("DATASOURCES_DEFAULT_URL")).count();
        assertEquals(1, secrets, "only orders' credentials in " + release.names());
    }

    @Test
    void theReleaseHasOnlyTheSpecsDatabases() {
        String ini = DataChartsTest.pgbouncerIni(release);
        assertEquals(List.of("orders"), ini.lines().filter(l -> l.contains(" = host=")).map(l -> l.split(" ")[0]).toList(),
                "no default databases merged in by Helm: " + ini);
        assertEquals(java.util.Set.of("postgres", "orders_owner", "neotool_monitor"), DataChartsTest.passwords(release).keySet());
    }

    @Test
    void withoutPgbouncerTheUrlNamesPostgresItself() {
        // without the service's PgBouncer host pointed at PostgreSQL, and an egress peer for it, the render refuses
        // (component-references.yaml)
        Manifests direct = new Manifests(render(Map.of("postgres.pgbouncer.enabled", "false",
                "orders.platform.postgres.host", "postgres.neotool-data.svc.cluster.local", "orders.platform.postgres.port", "5432",
                "orders.networkPolicy.egress.postgres.namespace", "neotool-data", "orders.networkPolicy.egress.postgres.app", "postgres",
                "orders.networkPolicy.egress.postgres.port", "5432")));
        assertEquals("jdbc:postgresql://postgres.neotool-data.svc.cluster.local:5432/orders",
                Manifests.secretValue(direct.one("Secret", "shop", "orders-postgres"), "DATASOURCES_DEFAULT_URL"));
    }

    @Test
    void theServiceChartNeedsTheSecretNameWhenItHasADatabase() {
        InputException e = assertThrows(InputException.class, () -> render(Map.of("mailer.database.name", "orders")));
        assertTrue(e.getMessage().contains("set database.secretName"), e.getMessage());
        InputException twice = assertThrows(InputException.class, () -> render(Map.of(
                "orders.env.DATASOURCES_DEFAULT_URL", "jdbc:postgresql://elsewhere/orders")));
        assertTrue(twice.getMessage().contains("DATASOURCES_DEFAULT_URL comes from the database Secret orders-postgres"),
                twice.getMessage());
        // a pool set in env would pass by the count of PgBouncer's client connections, which reads database.maxPoolSize
        InputException pool = assertThrows(InputException.class, () -> render(Map.of(
                "orders.env.DATASOURCES_DEFAULT_MAXIMUM_POOL_SIZE", "050")));
        assertTrue(pool.getMessage().contains("orders: DATASOURCES_DEFAULT_MAXIMUM_POOL_SIZE comes from database.maxPoolSize"),
                pool.getMessage());
        // without a database the variable is the service's own (mailer has none)
        render(Map.of("mailer.env.DATASOURCES_DEFAULT_MAXIMUM_POOL_SIZE", "050"));
    }
}
