package io.neotool.charts.data;

import static io.neotool.charts.testtools.Manifests.container;
import static io.neotool.charts.testtools.Manifests.literalEnv;
import static io.neotool.charts.testtools.Manifests.podSpec;
import static io.neotool.charts.testtools.ProductNamespaces.OBSERVABILITY;
import static io.neotool.charts.testtools.YamlTree.map;
import static io.neotool.charts.testtools.YamlTree.maps;
import static io.neotool.charts.testtools.YamlTree.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.InputException;
import io.neotool.charts.TestPaths;
import io.neotool.charts.helm.HelmClient;
import io.neotool.charts.helm.HelmClient.RenderRequest;
import io.neotool.charts.model.PlatformSpec;
import io.neotool.charts.model.PostgresSpec;
import io.neotool.charts.model.ServiceSpec;
import io.neotool.charts.model.Spec;
import io.neotool.charts.security.Rendered;
import io.neotool.charts.testtools.ExternalTool;
import io.neotool.charts.testtools.ExternalTools;
import io.neotool.charts.testtools.Loopback;
import io.neotool.charts.testtools.Manifests;
import io.neotool.charts.testtools.ProductNamespaces;
import io.neotool.charts.verify.ManifestParser;
import io.neotool.charts.verify.PolicyChecker;
import io.neotool.charts.verify.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The postgres, kafka and minio subcharts, generated from the repository's spec and rendered by real Helm;
 * the rendered init script and SQL run on a real PostgreSQL 18 (psql from Debian's client) and Debian's PgBouncer
 * serves it with the rendered config (JDBC logins through it) ({@link KafkaBootTest} boots the rendered Kafka).
 */
class DataChartsTest {
    static final String DATA = ProductNamespaces.POSTGRES;
    static final String MESSAGING = ProductNamespaces.KAFKA;
    static final String STORAGE = ProductNamespaces.MINIO;
    /** PostgreSQL's monitoring role, named with the spec's namespace prefix. */
    static final String MONITOR = ProductNamespaces.BASE.postgres().monitoring().user();

    @TempDir
    static Path dir;

    static Rendered charts;
    static Path umbrella;
    static Manifests dev;
    static Manifests prod;
    static final HelmClient helm = new HelmClient();

    @BeforeAll
    static void generateAndRender() {
        charts = Rendered.platform();
        umbrella = charts.umbrella;
        dev = Rendered.platform().devManifests();
        prod = Rendered.platform().prodManifests();
    }

    // ---- render and validate ------------------------------------------------------------------------

    @Test
    void eachDataChartLintsAndRendersAlone() {
        for (String chart : List.of("postgres", "kafka", "minio")) {
            Path path = umbrella.resolve("charts/" + chart);
            com.marcnuri.helm.LintResult lint = helm.lint(path);
            assertFalse(lint.isFailed(), chart + ": " + lint.getMessages());
            Manifests alone = new Manifests(helm.template(RenderRequest.of(path, "neotool-" + chart, List.of())));
            assertTrue(alone.stream().anyMatch(d -> "StatefulSet".equals(d.get("kind"))), chart + ": " + alone.names());
        }
    }

    /** An image before 18 given at install time fails the render: its data would sit off the volume. */
    @Test
    void anImageBeforePostgres18FailsTheRender() {
        InputException e = assertThrows(InputException.class, () -> helm.template(new RenderRequest(umbrella.resolve("charts/postgres"),
                "neotool-postgres", "default", HelmClient.DEFAULT_KUBE_VERSION, List.of(), Map.of("image.tag", "16.4"))));
        assertTrue(e.getMessage().contains("postgres: image.tag 16.4 is PostgreSQL 16"), e.getMessage());
        helm.template(new RenderRequest(umbrella.resolve("charts/postgres"), "neotool-postgres", "default",
                HelmClient.DEFAULT_KUBE_VERSION, List.of(), Map.of("image.tag", "20240101-1")));
    }

    @Test
    void postgresIsAStatefulSetWithItsVolumeWherePostgres18ExpectsIt() {
        Map<String, Object> sts = dev.one("StatefulSet", DATA, "postgres");
        assertEquals("postgres-headless", map(sts, "spec").get("serviceName"));
        Map<String, Object> c = container(sts);
        assertEquals("postgres:18rc1", c.get("image"));
        assertTrue(maps(c, "volumeMounts").stream().anyMatch(m -> m.get("name").equals("postgres-storage")
                && m.get("mountPath").equals("/var/lib/postgresql")), "PVC at /var/lib/postgresql (PGDATA=/var/lib/postgresql/18/docker)");
        Map<String, Object> claim = maps(sts, "spec", "volumeClaimTemplates").get(0);
        assertEquals("local-path", map(claim, "spec").get("storageClassName"));
        assertEquals("20Gi", map(claim, "spec", "resources", "requests").get("storage"));
        assertEquals(999, map(podSpec(sts), "securityContext").get("runAsUser"));
        assertTrue(String.valueOf(c.get("readinessProbe")).contains("pg_isready"));
        assertTrue(String.valueOf(c.get("livenessProbe")).contains("pg_isready"));
        // crash recovery refuses connections for as long as the WAL replay takes: liveness waits for the startup probe,
        // startupMinutes long
        int minutes = TestPaths.loadSpec().base().postgres().startupMinutes();
        for (Map<String, Object> server : List.of(sts, prod.one("StatefulSet", DATA, "postgres-replica"))) {
            Map<String, Object> startup = map(container(server), "startupProbe");
            assertTrue(String.valueOf(startup.get("exec")).contains("pg_isready"), startup::toString);
            assertEquals(minutes * 60, (int) startup.get("periodSeconds") * (int) startup.get("failureThreshold"), startup::toString);
            assertTrue((int) podSpec(server).get("terminationGracePeriodSeconds") >= 60, "room for the shutdown checkpoint");
        }
        Map<String, Object> longer = map(container(new Manifests(charts.render(List.of(),
                Map.of("postgres.startupMinutes", "120"))).one("StatefulSet", DATA, "postgres")), "startupProbe");
        assertEquals(7200, (int) longer.get("periodSeconds") * (int) longer.get("failureThreshold"), longer::toString);
        assertEquals(Map.of("name", "POSTGRES_PASSWORD", "valueFrom", Map.of("secretKeyRef",
                Map.of("name", "postgres", "key", "postgres-password"))), maps(c, "env").get(1));
        // a replica's pods hold its replication role's password alone: neither the superuser's nor the credentials
        // Secret and init scripts, which the image reads on an empty volume only (a replica's is the clone's)
        Map<String, Object> replica = podSpec(prod.one("StatefulSet", DATA, "postgres-replica"));
        assertFalse(String.valueOf(replica).contains("postgres-password"), replica::toString);
        assertEquals(List.of("run", "tmp", "shm"), maps(replica, "volumes").stream().map(v -> v.get("name")).toList());
        assertTrue(String.valueOf(podSpec(prod.one("StatefulSet", DATA, "postgres"))).contains("secretName=postgres,"),
                "the primary mounts the credentials Secret");
        assertEquals("None", map(dev.one("Service", DATA, "postgres-headless"), "spec").get("clusterIP"));
        dev.one("Service", DATA, "postgres");

        Map<String, Object> secret = dev.one("Secret", DATA, "postgres");
        assertEquals("keep", map(secret, "metadata", "annotations").get("helm.sh/resource-policy"));
        Set<String> passwordKeys = new TreeSet<>(Set.of("postgres-password", MONITOR + "-password"));
        owners().forEach(owner -> passwordKeys.add(owner + "-password"));
        assertEquals(passwordKeys, new TreeSet<>(map(secret, "data").keySet()));

        Map<String, Object> prodClaim = maps(prod.one("StatefulSet", DATA, "postgres"), "spec", "volumeClaimTemplates").get(0);
        assertEquals("100Gi", map(prodClaim, "spec", "resources", "requests").get("storage"));
    }

    /**
     * PgBouncer's pods are replaced when its pgbouncer.ini changes, by the ini's hash in their pod template; not when
     * the passwords do: a rotated password reaches it through the mounted userlist.txt, reloaded without a roll (the
     * real PgBouncer does so in theRenderedInitSqlRunsOnRealPostgresAndPgbouncerServesItWithScram). Each render here
     * generates new passwords (no cluster to read them back from).
     */
    @Test
    void pgbouncersChecksumIsOfItsIniAlone() throws Exception {
        Map<String, Object> secret = dev.one("Secret", DATA, "pgbouncer-config");
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(Manifests.secretValue(secret, "pgbouncer.ini").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals(expected, checksum(dev));
        Manifests again = new Manifests(charts.render(List.of(), Map.of()));
        assertNotEquals(userlistOf(dev), userlistOf(again), "other passwords");
        assertEquals(checksum(dev), checksum(again));
        Manifests pools = new Manifests(charts.render(List.of(), Map.of("postgres.pgbouncer.defaultPoolSize", "7")));
        assertNotEquals(checksum(dev), checksum(pools), "a changed ini rolls PgBouncer");
    }

    private static Object checksum(Manifests m) {
        return map(m.one("Deployment", DATA, "pgbouncer"), "spec", "template", "metadata", "annotations").get("checksum/config");
    }

    @Test
    void pgbouncerIsTheServicesEntryPointOnPort6432() {
        Map<String, Object> service = dev.one("Service", DATA, "pgbouncer");
        assertEquals(6432, maps(service, "spec", "ports").get(0).get("port"));
        Map<String, Object> deployment = dev.one("Deployment", DATA, "pgbouncer");
        Map<String, Object> c = container(deployment);
        assertEquals("edoburu/pgbouncer:v1.25.1-p0", c.get("image"));
        assertEquals(6432, maps(c, "ports").get(0).get("containerPort"));
        String ini = pgbouncerIni(dev);
        assertTrue(ini.contains("auth_type = scram-sha-256"), ini);
        assertTrue(ini.contains("listen_port = 6432"), ini);
        // every database of the spec, on the primary
        Set<String> databases = TestPaths.loadSpec().base().postgres().databases().keySet();
        assertFalse(databases.isEmpty(), "the spec has databases");
        for (String database : databases) {
            assertTrue(ini.contains(database + " = host=postgres." + DATA + ".svc.cluster.local port=5432 dbname=" + database), ini);
        }
        assertEquals(2, map(prod.one("Deployment", DATA, "pgbouncer"), "spec").get("replicas"));
        prod.one("PodDisruptionBudget", DATA, "pgbouncer");
        // the services' default connection settings resolve to these Services
        String services = charts.render(List.of(), Map.of());
        assertTrue(services.contains("value: \"pgbouncer." + DATA + ".svc.cluster.local\""));
        assertTrue(services.contains("value: \"kafka." + MESSAGING + ".svc.cluster.local:9092\""));
    }

    @Test
    void kafkaIsOneNodeInDevAndThreeInProd() {
        Map<String, Object> devSts = dev.one("StatefulSet", MESSAGING, "kafka");
        assertEquals(1, map(devSts, "spec").get("replicas"));
        assertEquals("Parallel", map(devSts, "spec").get("podManagementPolicy"));
        assertEquals("kafka-headless", map(devSts, "spec").get("serviceName"));
        assertEquals(false, podSpec(devSts).get("enableServiceLinks"));
        assertEquals("apache/kafka:3.7.0", container(devSts).get("image"));
        Map<String, String> env = literalEnv(container(devSts));
        assertEquals("1", env.get("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"));
        assertEquals("1", env.get("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR"));
        assertEquals("10Gi", map(maps(devSts, "spec", "volumeClaimTemplates").get(0), "spec", "resources", "requests").get("storage"));

        Map<String, Object> prodSts = prod.one("StatefulSet", MESSAGING, "kafka");
        assertEquals(3, map(prodSts, "spec").get("replicas"));
        // a rolling update waits for a restarted node to catch up before it stops the next
        assertEquals(io.neotool.charts.TestPaths.loadSpec().environments().get("prod").kafka().minReadySeconds(),
                map(prodSts, "spec").get("minReadySeconds"));
        assertTrue((Integer) map(prodSts, "spec").get("minReadySeconds") > 0);
        // the voters on different nodes, required: two on one node would lose the quorum with it
        Map<String, Object> apart = maps(map(podSpec(prodSts), "affinity", "podAntiAffinity"),
                "requiredDuringSchedulingIgnoredDuringExecution").get(0);
        assertEquals("kubernetes.io/hostname", apart.get("topologyKey"));
        assertEquals(map(prodSts, "spec", "selector", "matchLabels"), map(apart, "labelSelector", "matchLabels"));
        Map<String, String> prodEnv = literalEnv(container(prodSts));
        assertEquals("3", prodEnv.get("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"));
        assertEquals("2", prodEnv.get("KAFKA_MIN_INSYNC_REPLICAS"));
        assertEquals(env.get("CLUSTER_ID"), prodEnv.get("CLUSTER_ID"), "a stable CLUSTER_ID, not generated per render");
        assertEquals("50Gi", map(maps(prodSts, "spec", "volumeClaimTemplates").get(0), "spec", "resources", "requests").get("storage"));
        assertEquals(9092, maps(prod.one("Service", MESSAGING, "kafka"), "spec", "ports").get(0).get("port"));
        assertEquals(true, map(prod.one("Service", MESSAGING, "kafka-headless"), "spec").get("publishNotReadyAddresses"));
        assertEquals(1, map(prod.one("PodDisruptionBudget", MESSAGING, "kafka"), "spec").get("maxUnavailable"));
    }

    @Test
    void minioRunsInDevWithItsBucketsAndProdUsesR2() {
        Map<String, Object> sts = dev.one("StatefulSet", STORAGE, "minio");
        assertTrue(String.valueOf(container(sts).get("args")).contains("/data"));
        Map<String, Object> job = dev.inNamespace(STORAGE).stream().filter(d -> "Job".equals(d.get("kind")))
                .findFirst().orElseThrow();
        assertTrue(String.valueOf(map(job, "metadata").get("name")).matches("minio-buckets-[0-9a-f]{8}"));
        String script = String.valueOf(container(job).get("command"));
        List<String> buckets = TestPaths.loadSpec().base().minio().buckets();
        assertFalse(buckets.isEmpty(), "the spec's MinIO has buckets");
        buckets.forEach(bucket -> assertTrue(script.contains("mb --ignore-existing 'platform/" + bucket + "'"), script));
        assertTrue(script.contains("printf '%s\\n%s\\n' \"${MINIO_ROOT_USER}\" \"${MINIO_ROOT_PASSWORD}\" | mc --config-dir /tmp/.mc "
                + "alias set platform 'http://minio." + STORAGE + ".svc.cluster.local:9000' >/dev/null"),
                "the root keys reach mc on its standard input, not on its command line: " + script);
        assertEquals(600, map(job, "spec").get("ttlSecondsAfterFinished"));
        assertEquals(Map.of("argocd.argoproj.io/hook", "Sync", "argocd.argoproj.io/hook-delete-policy", "BeforeHookCreation",
                "helm.toolkit.fluxcd.io/driftDetection", "disabled"),
                map(job, "metadata", "annotations"), "under Argo CD a sync hook: the TTL's removal leaves no missing resource");
        assertEquals("minio-buckets", map(job, "spec", "template", "metadata", "labels").get("app.kubernetes.io/name"),
                "the Job's pod is not selected by MinIO's Services");
        // the minio chart writes the client Secret in the namespace of each service that uses object storage
        Map<String, ServiceSpec> devStorageServices = objectStorageServices(TestPaths.loadSpec().base());
        for (ServiceSpec service : devStorageServices.values()) {
            Map<String, Object> client = dev.one("Secret", service.namespace(), "object-storage");
            assertEquals("http://minio." + STORAGE + ".svc.cluster.local:9000",
                    new String(Base64.getDecoder().decode((String) map(client, "data").get("endpoint")), StandardCharsets.UTF_8));
            assertEquals("minio." + STORAGE + ".svc.cluster.local", // for clients that take host and port apart
                    new String(Base64.getDecoder().decode((String) map(client, "data").get("hostname")), StandardCharsets.UTF_8));
        }

        // no MinIO in prod: the namespace holds the platform's policies, and Prometheus' and Promtail's read access to
        // its pods alone
        assertTrue(prod.inNamespace(STORAGE).stream().allMatch(d -> "NetworkPolicy".equals(d.get("kind"))
                || (List.of("Role", "RoleBinding").contains(d.get("kind"))
                        && String.valueOf(map(d, "metadata").get("name")).matches(".*-(prometheus|promtail)"))),
                "no MinIO in prod: " + prod.inNamespace(STORAGE));
        assertFalse(prod.has("Secret", "object-storage"), "prod's R2 Secret is the operator's, not rendered");
        // the S3 client of each service that uses object storage: R2's host from the operator's Secret, https on 443,
        // region auto
        Map<String, ServiceSpec> prodStorageServices = objectStorageServices(TestPaths.loadSpec().environments().get("prod"));
        for (Map.Entry<String, ServiceSpec> service : prodStorageServices.entrySet()) {
            Map<String, Object> deployment = prod.one("Deployment", service.getValue().namespace(), service.getKey());
            String env = service.getKey() + ": " + maps(container(deployment), "env");
            assertTrue(env.contains("{name=STORAGE_HOSTNAME, valueFrom={secretKeyRef={name=object-storage, key=hostname}}}"), env);
            assertTrue(env.contains("{name=STORAGE_USE_HTTPS, value=true}") && env.contains("{name=STORAGE_PORT, value=443}"), env);
            assertTrue(env.contains("{name=STORAGE_REGION, value=auto}"), env);
        }
    }

    /** Name -> service of every service of {@code platform} that uses object storage; fails when none does. */
    static Map<String, ServiceSpec> objectStorageServices(PlatformSpec platform) {
        Map<String, ServiceSpec> services = new TreeMap<>();
        platform.services().forEach((name, s) -> {
            if (s.networkPolicy().objectStorage().enabled()) {
                services.put(name, s);
            }
        });
        assertFalse(services.isEmpty(), "some service of the spec uses object storage");
        return services;
    }

    /**
     * The product's policy checks (neotool:lint's, Pod Security restricted included) over the whole release: the
     * data namespaces' objects get no error and no warning, not even one neotool:lint would let pass.
     */
    @Test
    void everyDataObjectMeetsPodSecurityRestrictedAndTheChartRulesWithoutAWarning() {
        assertEquals(List.of(), raisedOnDataObjects(charts.dev(), false), "dev");
        assertEquals(List.of(), raisedOnDataObjects(charts.prod(), true), "prod");
    }

    /** The errors and warnings of the policy checks on the objects in the data namespaces of a rendered release. */
    static List<String> raisedOnDataObjects(String rendered, boolean isProd) {
        ManifestParser.Parsed parsed = new ManifestParser().parse(rendered);
        assertEquals(List.of(), parsed.problems());
        Set<String> data = parsed.manifests().stream()
                .filter(m -> List.of(DATA, MESSAGING, STORAGE).contains(m.namespace("default")))
                .map(m -> m.chart() + " " + m.file() + " " + m.id()).collect(Collectors.toSet());
        assertTrue(data.size() >= 10, "data objects: " + data);
        return PolicyChecker.check(new PolicyChecker.Release("neotool", "default", isProd), parsed.manifests()).stream()
                .filter(f -> f.severity() != Severity.INFO)
                .filter(f -> data.contains(f.chart() + " " + f.file() + " " + f.resource()))
                .map(f -> f.severity() + " " + f.ruleId() + " " + f.location() + " " + f.resource() + ": " + f.message())
                .toList();
    }

    @Test
    void theDefaultDenyNamespacesAllowTheFlowsInsideEachComponent() {
        Map<String, Object> toPostgres = dev.one("NetworkPolicy", DATA, "postgres-5432-from-pgbouncer");
        assertEquals(Map.of("app.kubernetes.io/name", "postgres"), map(toPostgres, "spec", "podSelector", "matchLabels"));
        dev.one("NetworkPolicy", DATA, "pgbouncer-to-postgres-5432");
        String peers = String.valueOf(map(prod.one("NetworkPolicy", MESSAGING, "kafka-peers"), "spec"));
        assertTrue(peers.contains("port=9093") && peers.contains("port=9092") && peers.contains("Egress"), peers);
        dev.one("NetworkPolicy", STORAGE, "minio-9000-from-buckets-job");
        dev.one("NetworkPolicy", STORAGE, "minio-buckets-to-minio-9000");
        assertFalse(prod.has("NetworkPolicy", "minio-9000-from-buckets-job"), "no MinIO policies without MinIO");
        dev.one("NetworkPolicy", MESSAGING, "kafka-from-smoke-kafka");
        // the kafka chart owns its policies, its smoke test's included: its own switch turns off those and no others
        Manifests open = new Manifests(charts.render(List.of(), Map.of("kafka.networkPolicy.enabled", "false")));
        assertFalse(open.has("NetworkPolicy", "kafka-peers"), "no isolation when the chart's policies are off");
        assertFalse(open.has("NetworkPolicy", "kafka-from-smoke-kafka"), "nor by its smoke test's policy");
        open.one("NetworkPolicy", DATA, "postgres-5432-from-pgbouncer");
    }

    @Test
    void impossibleSettingsFailAtRenderTimeWithAClearMessage() {
        InputException even = assertThrows(InputException.class, () -> charts.render(List.of(), Map.of("kafka.replicas", "2")));
        assertTrue(even.getMessage().contains("kafka: replicas must be odd"), even.getMessage());

        InputException minio = assertThrows(InputException.class,
                () -> charts.render(List.of("values-prod.yaml"), Map.of("minio.enabled", "true")));
        assertTrue(minio.getMessage().contains("MinIO is for dev only"), minio.getMessage());

        InputException r2 = assertThrows(InputException.class,
                () -> charts.render(List.of("values-prod.yaml"), Map.of("global.objectStorage.secretName", "")));
        assertTrue(r2.getMessage().contains("global.objectStorage.secretName is empty"), r2.getMessage());

        InputException quorum = assertThrows(InputException.class,
                () -> charts.render(List.of("values-prod.yaml"), Map.of("kafka.maxUnavailable", "2")));
        assertTrue(quorum.getMessage().contains("lose its majority"), quorum.getMessage());

        InputException latest = assertThrows(InputException.class, () -> charts.render(List.of("values-prod.yaml"),
                Map.of("postgres.pgbouncer.image.tag", "latest")));
        assertTrue(latest.getMessage().contains("pgbouncer.image.tag \"latest\" is not allowed"), latest.getMessage());

        // values set at install bypass the spec's budget check: the chart checks it again
        PostgresSpec pg = TestPaths.loadSpec().base().postgres();
        // 10 replicas and the pod a rolling update starts before it stops an old one
        int pools = pg.databases().size() * pg.pgbouncer().serverConnectionsPerDatabase() * 11;
        PostgresSpec.Connections c = pg.connections();
        int needed = pools + c.monitoring() + c.admin() + c.superuserReserved();
        InputException budget = assertThrows(InputException.class, () -> charts.render(List.of(),
                Map.of("postgres.pgbouncer.replicas", "10")));
        assertTrue(budget.getMessage().contains("postgres: connections.max " + c.max() + " does not cover the connection "
                + "budget " + needed + " (PgBouncer pools " + pools + " (11 pods at their most: 10 replicas and a rolling update's surge pod)"
                + " + monitoring " + c.monitoring() + " + admin " + c.admin()
                + " + superuserReserved " + c.superuserReserved() + ")"), budget.getMessage());
        Map<String, Object> raised = new Manifests(charts.render(List.of(), Map.of("postgres.pgbouncer.replicas", "10",
                "postgres.connections.max", String.valueOf(needed)))).one("StatefulSet", DATA, "postgres");
        assertEquals(List.of("-c", "max_connections=" + needed, "-c", "superuser_reserved_connections=" + c.superuserReserved()),
                ((List<?>) container(raised).get("args")).subList(0, 4));

        // server settings the chart makes or depends on, given as parameters at install time: the name is refused,
        // whatever the value (a string, as --set-string gives it)
        InputException port = assertThrows(InputException.class, () -> charts.render(List.of(),
                Map.of("postgres.parameters.port", "any")));
        assertTrue(port.getMessage().contains("postgres: parameters.port is one the chart depends on as the image sets it"),
                port.getMessage());
        // MD5 verifiers no SCRAM login could check; slots for roles none of the platform's clients has
        for (String setting : List.of("password_encryption", "reserved_connections")) {
            InputException refused = assertThrows(InputException.class, () -> charts.render(List.of(),
                    Map.of("postgres.parameters." + setting, "any")), setting);
            assertTrue(refused.getMessage().contains("postgres: parameters." + setting + " is one the chart depends on"),
                    refused.getMessage());
        }
        InputException max = assertThrows(InputException.class, () -> charts.render(List.of(),
                Map.of("postgres.parameters.max_connections", "any")));
        assertTrue(max.getMessage().contains("postgres: parameters.max_connections is made from postgres.connections.max"),
                max.getMessage());

        InputException schema = assertThrows(InputException.class, () -> charts.render(List.of(), Map.of("kafka.replicaz", "3")));
        assertTrue(schema.getMessage().contains("replicaz"), schema.getMessage());
    }

    /** Names PostgreSQL keeps for itself, which the spec refuses, are refused when set at install time too. */
    @Test
    void namesPostgresKeepsForItselfFailAtRenderTime() {
        List<List<String>> cases = List.of(
                List.of("postgres.databases.template1.owner", "shop", "databases.template1: \"template1\" is one of PostgreSQL's own"),
                List.of("postgres.databases.reports.owner", "pg_reports", "databases.reports.owner \"pg_reports\" starts with pg_"),
                List.of("postgres.auth.superuser", "pg_admin", "auth.superuser \"pg_admin\" starts with pg_"),
                List.of("postgres.monitoring.user", "none", "monitoring.user \"none\" stands for a role in SQL"),
                List.of("postgres.replication.user", "public", "replication.user \"public\" stands for a role in SQL"));
        for (List<String> c : cases) {
            InputException e = assertThrows(InputException.class, () -> charts.render(List.of(), Map.of(c.get(0), c.get(1))), c.get(0));
            assertTrue(e.getMessage().contains("postgres: " + c.get(2)), e.getMessage());
        }
    }

    /**
     * MinIO's root keys from the operator's Secret: the chart renders no Secret of its own and no copies for the
     * consumers (the operator's, as with R2), and reads nothing from a cluster, so a render without one (Argo CD's, the
     * lint's) works and never shows a live key.
     */
    @Test
    void minioFromAnExistingSecretRendersNoCredentialsAndReadsNoCluster() {
        Manifests m = new Manifests(charts.render(List.of(), Map.of("minio.existingSecret", "minio-root")));
        assertFalse(m.has("Secret", "minio"));
        assertFalse(m.has("Secret", TestPaths.loadSpec().base().minio().clientSecret().name()), "the consumers' copies are the operator's");
        for (Map<String, Object> reader : List.of(m.one("StatefulSet", STORAGE, "minio"), m.ofKind("Job").stream()
                .filter(j -> String.valueOf(map(j, "metadata").get("name")).startsWith("minio-buckets")).findFirst().orElseThrow())) {
            assertTrue(String.valueOf(podSpec(reader)).contains("name=minio-root"), "the root keys come from the operator's Secret");
        }
    }

    @Test
    void anExistingSecretReplacesTheGeneratedCredentials() {
        Manifests m = new Manifests(charts.render(List.of(), Map.of("postgres.auth.existingSecret", "pg-credentials")));
        assertFalse(m.has("Secret", "postgres"));
        Map<String, Object> sts = m.one("StatefulSet", DATA, "postgres");
        assertTrue(String.valueOf(maps(podSpec(sts), "volumes")).contains("secretName=pg-credentials"));
        String pgbouncerVolumes = String.valueOf(maps(podSpec(m.one("Deployment", DATA, "pgbouncer")), "volumes"));
        assertTrue(pgbouncerVolumes.contains("name=pg-credentials") && pgbouncerVolumes.contains("userlist.txt"), pgbouncerVolumes);
        Map<String, Object> pgbouncerSecret = m.one("Secret", DATA, "pgbouncer-config");
        assertFalse(map(pgbouncerSecret, "data").containsKey("userlist.txt"), String.valueOf(pgbouncerSecret));
        assertFalse(pgbouncerSecret.containsKey("stringData"), "a key left out must be removed by an upgrade's patch");
    }

    /**
     * A new volume size cannot reach a StatefulSet through helm upgrade: every size key of a volumeClaimTemplate says
     * so in its description (values.yaml, README, schema), and the install notes point at the procedure.
     */
    @Test
    void volumeSizesSayTheyAreFixedOnceInstalled() throws IOException {
        // the umbrella writes a size only where it differs from the subchart's default: read every chart's values
        List<String> sizes = new java.util.ArrayList<>();
        try (java.util.stream.Stream<Path> files = Files.walk(umbrella)) {
            for (Path values : files.filter(f -> f.getFileName().toString().equals("values.yaml")).toList()) {
                Files.readAllLines(values).stream().filter(l -> l.trim().startsWith("# size -- ")).forEach(sizes::add);
            }
        }
        long statefulSetVolumes = dev.stream().filter(d -> "StatefulSet".equals(d.get("kind")))
                .mapToLong(d -> maps(d, "spec", "volumeClaimTemplates").size()).sum();
        assertTrue(statefulSetVolumes > 0 && sizes.size() > 0, sizes.toString());
        for (String line : sizes) {
            assertTrue(line.contains(io.neotool.charts.model.Persistence.FIXED_SIZE), line);
        }
        String notes = helm.dryRunInstall(new RenderRequest(umbrella, "neotool", "default", HelmClient.DEFAULT_KUBE_VERSION,
                List.of(umbrella.resolve("values-prod.yaml")), Map.of()));
        assertTrue(notes.replaceAll("\\s+", " ").contains("helm upgrade cannot change a StatefulSet's volumeClaimTemplates"), notes);
        assertTrue(notes.contains("docs/data.md, \"Growing a volume\""), notes);
        servicesWithADatabase().forEach((service, db) ->
                assertTrue(notes.contains("database " + db + " (Secret " + service + "-database)"), notes));
    }

    // ---- PostgreSQL and PgBouncer for real ----------------------------------------------------------

    /**
     * The databases SQL runs as the superuser, on every upgrade, in databases their owners write to: a function an
     * owner puts in public to shadow a built-in the SQL calls (format(text, text) is a better match than the built-in's
     * variadic one), and a search_path the owner gives its database, run nothing of the owner's as the superuser.
     */
    @Test
    void theDatabasesSqlRunsNothingAnOwnerMade() throws Exception {
        var first = new TreeMap<>(TestPaths.loadSpec().base().postgres().databases()).firstEntry();
        String db = first.getKey();
        String owner = first.getValue().owner();
        try (RealPostgres pg = RealPostgres.start()) {
            runInitScript(pg, dev, dir.resolve("shadow-first"));
            pg.psqlAs(pg.port, owner, db, passwords(dev).get(owner), "CREATE FUNCTION public.format(text, text) RETURNS text "
                    + "LANGUAGE sql AS $$SELECT 'ALTER ROLE \"" + owner + "\" SUPERUSER'$$;"
                    + "CREATE FUNCTION public.to_regprocedure(text) RETURNS regprocedure LANGUAGE sql AS "
                    + "$$SELECT 'pg_catalog.now()'::regprocedure$$;"
                    + "ALTER DATABASE \"" + db + "\" SET search_path = public, pg_catalog;");
            runInitScript(pg, dev, dir.resolve("shadow-again")); // as every upgrade's Job runs it
            assertEquals("f\n", pg.query("SELECT rolsuper FROM pg_roles WHERE rolname = '" + owner + "'"),
                    "the owner's functions did not run as the superuser");
        }
    }

    @Test
    void theRenderedInitSqlRunsOnRealPostgresAndPgbouncerServesItWithScram() throws Exception {
        // the init script runs psql as the image does; everything else connects through JDBC
        Map<ExternalTool, Path> tools = ExternalTools.require(ExternalTool.PGBOUNCER, ExternalTool.PSQL);
        Path pgbouncer = tools.get(ExternalTool.PGBOUNCER);
        Map<String, String> passwords = passwords(dev);
        String initScript = (String) map(dev.one("ConfigMap", DATA, "postgres-initdb"), "data").get("10-databases.sh");
        try (RealPostgres pg = RealPostgres.start()) {
            runInitScript(pg, dev, dir);
            Map<String, String> databases = new TreeMap<>(); // database -> owner
            TestPaths.loadSpec().base().postgres().databases().forEach((name, db) -> databases.put(name, db.owner()));
            assertFalse(databases.isEmpty(), "the spec has databases");
            int roles = owners().size() + 1;
            assertEquals(roles, initScript.split("\\\\set pw_[a-z0-9_]+ `cat /etc/postgres/credentials/", -1).length - 1,
                    "one password per owner and the monitoring role's, read by psql itself: " + initScript);
            assertFalse(initScript.contains("-v pw_"), "no password on psql's command line: " + initScript);
            runInitScript(pg, dev, dir); // idempotent: an operator may run it again
            // every owner's password is stored as a SCRAM verifier
            String verifiers = pg.query("SELECT rolname || ' ' || left(rolpassword, 13) FROM pg_authid WHERE rolname IN ("
                    + sqlList(owners()) + ") ORDER BY 1");
            StringBuilder expectedVerifiers = new StringBuilder();
            owners().forEach(owner -> expectedVerifiers.append(owner).append(" SCRAM-SHA-256\n"));
            assertEquals(expectedVerifiers.toString(), verifiers);
            String owners = pg.query("SELECT datname || ' ' || pg_get_userbyid(datdba) FROM pg_database WHERE datname IN ("
                    + sqlList(databases.keySet()) + ") ORDER BY 1");
            StringBuilder expectedOwners = new StringBuilder();
            databases.forEach((name, owner) -> expectedOwners.append(name).append(' ').append(owner).append('\n'));
            assertEquals(expectedOwners.toString(), owners);
            // A migration written for PostgreSQL < 18 (security's first one): it creates public.uuidv7() and then
            // names uuidv7() unqualified, which PostgreSQL 18 resolves to its built-in in pg_catalog. Each owner runs
            // it in its own database, as its service's Flyway does.
            for (Map.Entry<String, String> db : databases.entrySet()) {
                pg.psqlAs(pg.port, db.getValue(), db.getKey(), passwords.get(db.getValue()),
                        "CREATE OR REPLACE FUNCTION public.uuidv7() RETURNS uuid AS $$ SELECT gen_random_uuid() $$ LANGUAGE sql;"
                                + " COMMENT ON FUNCTION uuidv7() IS 'UUID version 7'");
            }

            // The PostgreSQL exporter's login: the user it is configured with and the password of the Secret the
            // postgres chart writes into its namespace (what DATA_SOURCE_USER and DATA_SOURCE_PASS hold).
            String[] exporter = exporterCredentials(dev);
            String stats = pg.psqlAs(pg.port, exporter[0], "postgres", exporter[1],
                    "SELECT count(*) FROM pg_stat_database WHERE datname IN (" + sqlList(databases.keySet()) + ")");
            assertEquals(String.valueOf(databases.size()), stats.trim(), "the exporter's role reads every database's statistics");
            String member = pg.query("SELECT pg_has_role('" + exporter[0] + "', 'pg_monitor', 'MEMBER')"
                    + " || ' ' || rolsuper || ' ' || rolcreatedb || ' ' || rolcreaterole FROM pg_roles WHERE rolname = '"
                    + exporter[0] + "'");
            assertEquals("true false false false\n", member, "pg_monitor and nothing more");
            for (String database : databases.keySet()) { // and cannot connect to the services' databases
                IOException noData = assertThrows(IOException.class,
                        () -> pg.psqlAs(pg.port, exporter[0], database, exporter[1], "SELECT 1"));
                assertTrue(noData.getMessage().contains("permission denied for database"), database + ": " + noData.getMessage());
            }

            int bouncerPort = Loopback.freePort();
            Path ini = pg.dir.resolve("pgbouncer.ini");
            Path userlist = pg.dir.resolve("userlist.txt");
            Files.writeString(userlist, userlist(dev));
            Files.writeString(ini, localPgbouncerIni(pgbouncerIni(dev), pg.port, bouncerPort, userlist));
            // the container's own command: its shell runs pgbouncer (here Debian's, on the local config) and checks the
            // mounted userlist.txt (here the local one) every second, as rendered with authFileCheckSeconds 1
            List<String> command = strings(container(new Manifests(charts.render(List.of(),
                    Map.of("postgres.pgbouncer.authFileCheckSeconds", "1"))).one("Deployment", DATA, "pgbouncer")), "command");
            String run = "pgbouncer /etc/pgbouncer/pgbouncer.ini &";
            String mounted = "/etc/pgbouncer/userlist.txt";
            assertTrue(command.size() == 3 && command.get(2).contains(run) && command.get(2).contains(mounted), command.toString());
            Process bouncer = pg.spawn(List.of(command.get(0), command.get(1), command.get(2)
                    .replace(run, pgbouncer + " " + ini + " &").replace(mounted, userlist.toString())), pg.dir.resolve("pgbouncer.log"));
            waitForPort(bouncerPort, bouncer, pg.dir.resolve("pgbouncer.log"));
            assertTrue(pg.psqlAs(pg.port, RealPostgres.SUPERUSER, "postgres", pg.superuserPassword, "SHOW server_version")
                    .startsWith("18."), "the deployed major version");

            // each owner logs in to its database through PgBouncer, and SCRAM refuses a wrong password
            for (Map.Entry<String, String> db : databases.entrySet()) {
                String result = pg.psqlAs(bouncerPort, db.getValue(), db.getKey(), passwords.get(db.getValue()),
                        "SELECT current_user || '@' || current_database()");
                assertEquals(db.getValue() + "@" + db.getKey(), result.trim());
                String answer = pg.psqlAs(bouncerPort, db.getValue(), db.getKey(), passwords.get(db.getValue()), "SELECT 40 + 2");
                assertEquals("42", answer.trim(), db.getKey());
                IOException wrong = assertThrows(IOException.class,
                        () -> pg.psqlAs(bouncerPort, db.getValue(), db.getKey(), "not-the-password", "SELECT 1"));
                assertTrue(wrong.getMessage().contains("SASL authentication failed"),
                        db.getKey() + ": SCRAM refused the wrong password: " + wrong.getMessage());
            }

            for (Manifests release : List.of(dev, prod)) {
                logInAsEveryServiceWithItsSecret(pg, release, bouncerPort);
            }
            Map<String, String> rotated = reloadsARotatedPasswordKeepingItsConnections(pg, userlist, bouncerPort, databases, passwords);
            stopsOnSigtermWhileAPoolHoldsItsConnection(bouncer, pg.dir.resolve("pgbouncer.log"), bouncerPort, databases, rotated);
        }
    }

    /**
     * PostgreSQL gone (a restart, a node lost): a client of the rendered PgBouncer gets an error within the chart's
     * query wait (here 3 s), not PgBouncer's own two minutes, while its request would still be worth answering.
     */
    @Test
    void aClientOfPgbouncerFailsWithinTheQueryWaitWhilePostgresIsGone() throws Exception {
        Path pgbouncer = ExternalTool.PGBOUNCER.require();
        Manifests waiting = new Manifests(charts.render(List.of(), Map.of("postgres.pgbouncer.queryWaitSeconds", "3")));
        var db = new TreeMap<>(TestPaths.loadSpec().base().postgres().databases()).firstEntry();
        String owner = db.getValue().owner();
        try (RealPostgres pg = RealPostgres.start()) {
            int gone = Loopback.freePort(); // nothing listens there: PostgreSQL is down
            int bouncerPort = Loopback.freePort();
            Path ini = pg.dir.resolve("pgbouncer-gone.ini");
            Path userlist = pg.dir.resolve("userlist-gone.txt");
            Files.writeString(userlist, userlistOf(waiting));
            Files.writeString(ini, localPgbouncerIni(pgbouncerIni(waiting), gone, bouncerPort, userlist));
            Path log = pg.dir.resolve("pgbouncer-gone.log");
            Process bouncer = pg.spawn(List.of(pgbouncer.toString(), ini.toString()), log);
            waitForPort(bouncerPort, bouncer, log);
            long start = System.nanoTime();
            IOException failed = assertThrows(IOException.class,
                    () -> pg.psqlAs(bouncerPort, owner, db.getKey(), passwords(waiting).get(owner), "SELECT 1"));
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertTrue(seconds < 30, "failed after " + seconds + " s: " + failed.getMessage());
            assertTrue(failed.getMessage().contains("query_wait_timeout") || failed.getMessage().contains("server_login_retry"),
                    failed.getMessage());
            bouncer.destroy();
        }
    }

    /**
     * A password the operator wrote into the credentials Secret (docs/secrets.md, a rotation) is read back by every
     * upgrade into PgBouncer's userlist.txt: one with a quote, a space and a '#' is written as PgBouncer's auth file
     * reads it, and its owner logs in with it through the real PgBouncer; one with a line break fails the render, naming
     * the Secret and the key. (The read-back is set in place of lookup: no cluster here.)
     */
    @Test
    void aPasswordTheOperatorWroteWithAQuoteLogsInThroughPgbouncer(@TempDir Path dir) throws Exception {
        Path pgbouncer = ExternalTool.PGBOUNCER.require();
        var db = new TreeMap<>(TestPaths.loadSpec().base().postgres().databases()).firstEntry();
        String owner = db.getValue().owner();
        String password = "Xy\"9#pw 'q\"";
        Path chart = dir.resolve("postgres");
        io.neotool.charts.testtools.FileSnapshots.copyTree(TestPaths.root().resolve("helm/neotool/charts/postgres"), chart);
        // rendered before the chart's own templates (Helm renders a directory's files in reverse name order)
        Path readBack = chart.resolve("templates/zz-read-back.yaml");
        Files.writeString(readBack, "{{- $_ := set .Values \"_renderedPasswords\" (dict \"" + owner + "\" `" + password + "`) }}\n");
        Path values = Files.writeString(dir.resolve("databases.yaml"), "databases:\n  " + db.getKey() + ": {owner: " + owner + "}\n");
        Manifests alone = new Manifests(new HelmClient().template(RenderRequest.of(chart, "neotool", List.of(values))));
        String userlist = Manifests.secretValue(alone.ofKind("Secret").stream()
                .filter(o -> "pgbouncer-config".equals(map(o, "metadata").get("name"))).findFirst().orElseThrow(), "userlist.txt");
        assertTrue(userlist.contains("\"" + owner + "\" \"Xy\"\"9#pw 'q\"\"\""), userlist);

        try (RealPostgres pg = RealPostgres.start()) {
            pg.query("CREATE ROLE \"" + owner + "\" LOGIN PASSWORD '" + password.replace("'", "''") + "'");
            pg.query("CREATE DATABASE \"" + db.getKey() + "\" OWNER \"" + owner + "\"");
            int bouncerPort = Loopback.freePort();
            Path list = pg.dir.resolve("userlist-quoted.txt");
            Path ini = pg.dir.resolve("pgbouncer-quoted.ini");
            Files.writeString(list, userlist);
            Files.writeString(ini, localPgbouncerIni(pgbouncerIni(dev), pg.port, bouncerPort, list));
            Path log = pg.dir.resolve("pgbouncer-quoted.log");
            Process bouncer = pg.spawn(List.of(pgbouncer.toString(), ini.toString()), log);
            waitForPort(bouncerPort, bouncer, log);
            assertEquals(owner, pg.psqlAs(bouncerPort, owner, db.getKey(), password, "SELECT current_user").trim());
            bouncer.destroy();
        }

        Files.writeString(readBack, "{{- $_ := set .Values \"_renderedPasswords\" (dict \"" + owner + "\" \"secret\\n\") }}\n");
        InputException broken = assertThrows(InputException.class,
                () -> new HelmClient().template(RenderRequest.of(chart, "neotool", List.of(values))));
        assertTrue(broken.getMessage().contains("the password of " + owner + " in Secret ") && broken.getMessage().contains(
                "(key " + owner + "-password) has a line break"), broken.getMessage());
    }

    /**
     * A rotated owner password (docs/secrets.md): the upgrade's Job sets it in PostgreSQL and the kubelet swaps the
     * mounted userlist.txt for the new one (a rename, as its symbolic link's swap is). PgBouncer reloads it without a
     * roll: a client connected with the old password keeps its connection and goes on querying, a new login takes the
     * new password and refuses the old one. Returns the passwords with the rotated one.
     */
    private static Map<String, String> reloadsARotatedPasswordKeepingItsConnections(RealPostgres pg, Path userlist,
            int bouncerPort, Map<String, String> databases, Map<String, String> passwords) throws Exception {
        assertEquals(java.util.Set.of("checksum/config"), map(dev.one("Deployment", DATA, "pgbouncer"), "spec", "template",
                "metadata", "annotations").keySet(), "one checksum, the ini's: the userlist is reloaded, not rolled");
        Map.Entry<String, String> db = databases.entrySet().iterator().next();
        String owner = db.getValue();
        String old = passwords.get(owner);
        String fresh = "Rotated" + old.substring(7);
        try (Connection pooled = RealPostgres.connect(bouncerPort, owner, db.getKey(), old);
                Statement statement = pooled.createStatement()) {
            statement.execute("SELECT 1");
            pg.query("ALTER ROLE \"" + owner + "\" PASSWORD '" + fresh + "'");
            Path swapped = userlist.resolveSibling("userlist.txt.new");
            Files.writeString(swapped, Files.readString(userlist).replace("\"" + owner + "\" \"" + old + "\"",
                    "\"" + owner + "\" \"" + fresh + "\""));
            Files.move(swapped, userlist, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            String answer = null;
            while (answer == null) {
                try {
                    answer = pg.psqlAs(bouncerPort, owner, db.getKey(), fresh, "SELECT 40 + 2").trim();
                } catch (IOException refused) {
                    assertTrue(System.nanoTime() < deadline, "PgBouncer never took the new userlist.txt: " + refused.getMessage());
                    Thread.sleep(200);
                }
            }
            assertEquals("42", answer);
            assertTrue(statement.execute("SELECT 2"), "the client connected with the old password carries on");
            IOException refused = assertThrows(IOException.class, () -> pg.psqlAs(bouncerPort, owner, db.getKey(), old, "SELECT 1"));
            assertTrue(refused.getMessage().contains("SASL authentication failed"), refused.getMessage());
        }
        Map<String, String> now = new TreeMap<>(passwords);
        now.put(owner, fresh);
        return now;
    }

    /**
     * The kubelet's SIGTERM to the container's shell (pid 1 in the pod) while a client holds its connection open and
     * idle, as the services' pools do: the shell hands PgBouncer SIGINT, PgBouncer stops, and the shell exits with its
     * status, 0. PgBouncer's log says which signal it got (Debian's 1.18 still stops at once on SIGTERM too, so the
     * signal is what shows the shell's part). The preStop is a plain sleep of the image's, for the endpoint's removal,
     * inside a grace period 30 s longer.
     */
    private static void stopsOnSigtermWhileAPoolHoldsItsConnection(Process bouncer, Path log, int bouncerPort,
            Map<String, String> databases, Map<String, String> passwords) throws Exception {
        Map<String, Object> deployment = dev.one("Deployment", DATA, "pgbouncer");
        int sleep = TestPaths.loadSpec().base().postgres().pgbouncer().preStopSleepSeconds();
        assertEquals(List.of("sleep", String.valueOf(sleep)), strings(map(container(deployment), "lifecycle", "preStop", "exec"),
                "command"));
        assertEquals(30 + sleep, ((Number) map(podSpec(deployment)).get("terminationGracePeriodSeconds")).intValue());
        ProcessHandle shell = bouncer.toHandle().children().findFirst().orElse(bouncer.toHandle()); // runuser's child as root
        Map.Entry<String, String> db = databases.entrySet().iterator().next();
        try (Connection pooled = RealPostgres.connect(bouncerPort, db.getValue(), db.getKey(), passwords.get(db.getValue()));
                Statement statement = pooled.createStatement()) {
            statement.execute("SELECT 1"); // a transaction done: the client keeps its connection, idle
            assertTrue(shell.destroy(), "SIGTERM sent"); // as the kubelet stops a container
            assertTrue(bouncer.waitFor(30, TimeUnit.SECONDS), "stopped: " + Files.readString(log));
            assertEquals(0, bouncer.exitValue(), Files.readString(log));
            assertTrue(Files.readString(log).contains("got SIGINT"), "PgBouncer got SIGINT: " + Files.readString(log));
        }
    }

    /**
     * Every service of the loaded spec that has a database logs in through the running PgBouncer with exactly what
     * its rendered Secret holds: user, password and the database of DATASOURCES_DEFAULT_URL (whose host and port are
     * PgBouncer's Service, here mapped to the local PgBouncer). The release's passwords must be the dev render's,
     * the ones the server was initialised with, so only dev logs in; prod's are checked against its own Secret.
     */
    static void logInAsEveryServiceWithItsSecret(RealPostgres pg, Manifests release, int bouncerPort) throws Exception {
        Map<String, String> dbServices = servicesWithADatabase();
        for (Map.Entry<String, String> service : dbServices.entrySet()) {
            Map<String, String> creds = databaseCredentials(release, service.getKey());
            Matcher url = JDBC_URL.matcher(creds.get("DATASOURCES_DEFAULT_URL"));
            assertTrue(url.matches(), service.getKey() + ": " + creds.get("DATASOURCES_DEFAULT_URL"));
            assertEquals("pgbouncer." + DATA + ".svc.cluster.local", url.group(1), "the URL names PgBouncer's Service");
            assertEquals(maps(release.one("Service", DATA, "pgbouncer"), "spec", "ports").get(0).get("port"),
                    Integer.parseInt(url.group(2)), "the URL's port is PgBouncer's Service port");
            assertEquals(service.getValue(), url.group(3), service.getKey() + "'s database");
            assertEquals(creds.get("username"), creds.get("DATASOURCES_DEFAULT_USERNAME"));
            // passwords are compared, never printed
            assertTrue(creds.get("password").equals(creds.get("DATASOURCES_DEFAULT_PASSWORD")), service.getKey()
                    + ": the Secret's password and DATASOURCES_DEFAULT_PASSWORD differ");
            assertTrue(creds.get("DATASOURCES_DEFAULT_PASSWORD").equals(passwords(release).get(creds.get("DATASOURCES_DEFAULT_USERNAME"))),
                    service.getKey() + ": the service's password is not the one PostgreSQL's credentials Secret holds");
            assertTrue(userlistOf(release).contains("\"" + creds.get("DATASOURCES_DEFAULT_USERNAME") + "\" \""
                    + creds.get("DATASOURCES_DEFAULT_PASSWORD") + "\""), service.getKey() + ": not the password PgBouncer's userlist holds");
            if (release == dev) {
                String who = pg.psqlAs(bouncerPort, creds.get("DATASOURCES_DEFAULT_USERNAME"), url.group(3),
                        creds.get("DATASOURCES_DEFAULT_PASSWORD"), "SELECT current_user || '@' || current_database()");
                assertEquals(creds.get("DATASOURCES_DEFAULT_USERNAME") + "@" + url.group(3), who.trim());
                runDatabaseSmokeTest(release, service.getKey(), creds, bouncerPort);
            }
        }
    }

    /**
     * The helm test Pod smoke-database-&lt;service&gt; reads the service's own Secret, and its rendered script logs in
     * through the running PgBouncer with it (the JDBC URL's host and port mapped to the local PgBouncer); with a
     * wrong password it fails with a message that names the user and never the password.
     */
    static void runDatabaseSmokeTest(Manifests release, String service, Map<String, String> creds, int bouncerPort)
            throws Exception {
        Map<String, Object> deployment = release.stream().filter(d -> "Deployment".equals(d.get("kind"))
                && service.equals(map(d, "metadata").get("name"))).findFirst().orElseThrow();
        String namespace = (String) map(deployment, "metadata").get("namespace");
        Map<String, Object> pod = release.one("Pod", namespace, "smoke-database-" + service);
        assertEquals("test", map(pod, "metadata", "annotations").get("helm.sh/hook"));
        Map<String, Object> container = maps(map(pod, "spec"), "containers").get(0);
        Set<String> secrets = new java.util.TreeSet<>();
        for (Map<String, Object> e : maps(container, "env")) {
            if (e.containsKey("valueFrom")) {
                secrets.add(String.valueOf(map(e, "valueFrom", "secretKeyRef").get("name")));
            }
        }
        Set<String> serviceSecrets = new java.util.TreeSet<>();
        for (Map<String, Object> e : maps(container(deployment), "env")) {
            if (String.valueOf(e.get("name")).startsWith("DATASOURCES_DEFAULT_") && e.containsKey("valueFrom")) {
                serviceSecrets.add(String.valueOf(map(e, "valueFrom", "secretKeyRef").get("name")));
            }
        }
        assertEquals(serviceSecrets, secrets, service + "'s smoke test reads the service's own Secret");
        String script = strings(container, "args").get(0);
        String local = creds.get("DATASOURCES_DEFAULT_URL").replaceFirst("//[^/]+/", "//127.0.0.1:" + bouncerPort + "/");
        Map<String, String> env = new java.util.HashMap<>(Map.of("PGCONNECT_TIMEOUT", "10", "DATASOURCES_DEFAULT_URL", local,
                "DATASOURCES_DEFAULT_USERNAME", creds.get("DATASOURCES_DEFAULT_USERNAME"),
                "DATASOURCES_DEFAULT_PASSWORD", creds.get("DATASOURCES_DEFAULT_PASSWORD")));
        String out = RealPostgres.exec(List.of("/bin/sh", "-c", script), env, 60);
        String who = creds.get("DATASOURCES_DEFAULT_USERNAME") + "@" + creds.get("database");
        assertTrue(out.contains("smoke: " + who + " through 127.0.0.1:" + bouncerPort), out);

        env.put("DATASOURCES_DEFAULT_PASSWORD", "not-the-password");
        IOException refused = assertThrows(IOException.class, () -> RealPostgres.exec(List.of("/bin/sh", "-c", script), env, 60));
        assertTrue(refused.getMessage().contains("smoke: " + creds.get("DATASOURCES_DEFAULT_USERNAME") + " cannot log in to "
                + creds.get("database")), refused.getMessage());
        assertFalse(refused.getMessage().contains(creds.get("DATASOURCES_DEFAULT_PASSWORD")), "the password is never printed");
    }

    /** The owners of the spec's databases, each once: one login role and one password each. */
    static Set<String> owners() {
        return TestPaths.loadSpec().base().postgres().databases().values().stream().map(d -> d.owner())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** {@code names} as a SQL list of string literals (the spec's names are SQL identifiers: no quote in them). */
    static String sqlList(java.util.Collection<String> names) {
        return names.stream().map(name -> "'" + name + "'").collect(Collectors.joining(","));
    }

    static final Pattern JDBC_URL = Pattern.compile("jdbc:postgresql://([a-z0-9.-]+):([0-9]+)/([a-z0-9_]+)");

    /** Service name -> database of every service of the repository's spec with one; fails when there is none. */
    static Map<String, String> servicesWithADatabase() {
        Map<String, String> services = new TreeMap<>();
        TestPaths.loadSpec().base().services().forEach((name, s) -> {
            if (s.hasDatabase()) {
                services.put(name, s.database().name());
            }
        });
        assertFalse(services.isEmpty(), "the spec has services with a database");
        return services;
    }

    /**
     * What service {@code name}'s container gets from its database Secret: the DATASOURCES_DEFAULT_* env, read
     * through the Deployment's secretKeyRefs from the Secret in the Deployment's own namespace, plus that Secret's
     * username and password keys.
     */
    static Map<String, String> databaseCredentials(Manifests release, String name) {
        Map<String, Object> deployment = release.stream().filter(d -> "Deployment".equals(d.get("kind"))
                && name.equals(map(d, "metadata").get("name"))).findFirst().orElseThrow();
        String namespace = (String) map(deployment, "metadata").get("namespace");
        Map<String, String> creds = new TreeMap<>();
        String secretName = null;
        for (Map<String, Object> e : maps(container(deployment), "env")) {
            Map<String, Object> ref = e.containsKey("valueFrom") ? map(e, "valueFrom", "secretKeyRef") : null;
            if (ref != null && String.valueOf(e.get("name")).startsWith("DATASOURCES_DEFAULT_")) {
                secretName = (String) ref.get("name");
                creds.put((String) e.get("name"), Manifests.secretValue(release.one("Secret", namespace, secretName), (String) ref.get("key")));
            }
        }
        assertEquals(Set.of("DATASOURCES_DEFAULT_URL", "DATASOURCES_DEFAULT_USERNAME", "DATASOURCES_DEFAULT_PASSWORD"),
                creds.keySet(), name + " reads its database env from a Secret in " + namespace);
        Map<String, Object> secret = release.one("Secret", namespace, secretName);
        for (String key : List.of("username", "password", "database")) {
            creds.put(key, Manifests.secretValue(secret, key));
        }
        return creds;
    }

    /**
     * PostgreSQL booted for real with the rendered StatefulSet's args (what the image's entrypoint passes to postgres)
     * reports the spec's max_connections and superuser_reserved_connections, in every environment.
     */
    @Test
    void aDatabaseAddedAfterTheFirstStartIsCreatedByTheDatabasesJob() throws Exception {
        // the release as first installed, then upgraded with one more database (a service added to the spec)
        var databases = new TreeMap<>(TestPaths.loadSpec().base().postgres().databases());
        String added = "added";
        while (databases.containsKey(added) || owners().contains(added)) {
            added += "_db";
        }
        // with max_connections raised where the database's pools would not fit the spec's budget
        PostgresSpec spec = TestPaths.loadSpec().base().postgres();
        int needed = spec.connectionBudget() + spec.pgbouncerConnections() / databases.size();
        Manifests upgraded = new Manifests(helm.template(new RenderRequest(umbrella, "neotool", "default",
                HelmClient.DEFAULT_KUBE_VERSION, List.of(), Map.of("postgres.databases." + added + ".owner", added,
                        "postgres.connections.max", String.valueOf(Math.max(spec.connections().max(), needed))))));
        // a release Job of each revision (1: rendered as an install), not a post-upgrade hook, which --wait would run
        // only after the pods that need its database are ready
        Map<String, Object> job = upgraded.one("Job", DATA, "postgres-databases-1");
        assertEquals(Map.of("argocd.argoproj.io/hook", "Sync", "argocd.argoproj.io/hook-delete-policy", "BeforeHookCreation",
                "helm.toolkit.fluxcd.io/driftDetection", "disabled"),
                map(job, "metadata").get("annotations"), "no Helm hook; a sync hook under a GitOps controller");
        Map<String, Object> container = container(job);
        String script = strings(container, "args").get(0);
        Map<String, String> env = new TreeMap<>(literalEnv(container));
        assertEquals("postgres." + DATA + ".svc.cluster.local", env.get("PGHOST"), "the primary's Service");
        assertEquals("true", env.get("FIRST_INSTALL"), "rendered as an install");
        env.put("FIRST_INSTALL", "false"); // as an upgrade renders it
        var existing = databases.firstEntry(); // a database of the first install
        try (RealPostgres pg = RealPostgres.start()) {
            runInitScript(pg, dev, dir.resolve("first-start"));
            assertEquals("", pg.query("SELECT datname FROM pg_database WHERE datname = '" + added + "'"));

            // the Job as the cluster runs it, against this server: its superuser password is the kept Secret's
            env.putAll(Map.of("PGHOST", "127.0.0.1", "PGPORT", String.valueOf(pg.port), "PGPASSWORD", pg.superuserPassword));
            String out = runRendered(pg, upgraded, dir.resolve("upgrade"), script, env);
            assertTrue(out.contains("postgres-databases: the databases and roles of the release are in place"), out);
            assertEquals(added + " " + added + "\n", pg.query(
                    "SELECT datname || ' ' || pg_get_userbyid(datdba) FROM pg_database WHERE datname = '" + added + "'"));
            // the new owner logs in with its Secret's password, and so does an existing one: the Job sets every
            // password of the credentials Secret again (on a cluster lookup keeps them; this render made new ones)
            Map<String, String> passwords = passwords(upgraded);
            assertEquals("1", pg.psqlAs(pg.port, added, added, passwords.get(added), "SELECT 1").trim());
            assertEquals("1", pg.psqlAs(pg.port, existing.getValue().owner(), existing.getKey(),
                    passwords.get(existing.getValue().owner()), "SELECT 1").trim());
            runRendered(pg, upgraded, dir.resolve("again"), script, env); // idempotent: every upgrade runs it

            // the primary stopping while the SQL runs (an upgrade that also rolls it): psql loses its connection, and
            // the Job runs the whole SQL again once the primary answers
            String owner = existing.getValue().owner();
            Map<String, String> retrying = new TreeMap<>(env);
            retrying.put("RETRY_SECONDS", "1");
            CompletableFuture<String> running;
            try (Connection holder = RealPostgres.connect(pg.port, RealPostgres.SUPERUSER, "postgres", pg.superuserPassword);
                    Statement statement = holder.createStatement()) {
                holder.setAutoCommit(false);
                // the Job's ALTER ROLE of this owner waits for this transaction
                statement.execute("ALTER ROLE \"" + owner + "\" CONNECTION LIMIT -1");
                running = CompletableFuture.supplyAsync(() -> {
                    try {
                        return runRendered(pg, upgraded, dir.resolve("lost"), script, retrying);
                    } catch (IOException | InterruptedException e) {
                        throw new CompletionException(e);
                    }
                });
                String waiting = "";
                for (int i = 0; i < 300 && waiting.isEmpty() && !running.isDone(); i++) {
                    Thread.sleep(100);
                    waiting = pg.query("SELECT pid FROM pg_stat_activity WHERE application_name = 'psql' AND wait_event_type = 'Lock'");
                }
                assertFalse(waiting.isEmpty(), "the Job's psql never waited for the held role");
                pg.query("SELECT pg_terminate_backend(" + waiting.trim() + ")");
                holder.rollback();
            }
            String again = running.get(60, TimeUnit.SECONDS);
            assertTrue(again.contains("postgres-databases: lost or could not open its connection to 127.0.0.1:" + pg.port)
                    && again.contains("trying again"), again);
            assertTrue(again.contains("postgres-databases: the databases and roles of the release are in place"), again);
            assertEquals("1", pg.psqlAs(pg.port, owner, existing.getKey(), passwords.get(owner), "SELECT 1").trim());

            // a credentials Secret without an owner's password stops the Job before psql: that role keeps its password
            IOException lacking = assertThrows(IOException.class, () -> runRendered(pg, upgraded, dir.resolve("lacking"),
                    script, env, Set.of(owner)));
            assertTrue(lacking.getMessage().contains("the credentials Secret has no " + owner + "-password"), lacking.getMessage());
            assertEquals("1", pg.psqlAs(pg.port, owner, existing.getKey(), passwords.get(owner), "SELECT 1").trim());

            // a primary that does not answer: the Job says which and ends within its timeout
            env.putAll(Map.of("PGPORT", String.valueOf(Loopback.freePort()), "TIMEOUT_SECONDS", "0"));
            IOException down = assertThrows(IOException.class,
                    () -> runRendered(pg, upgraded, dir.resolve("down"), script, env));
            // a second may pass between the script's clock readings: the message names the seconds it waited
            assertTrue(Pattern.compile("found 127\\.0\\.0\\.1:\\d+ accepting no connections after \\d+s; is the primary \\(StatefulSet postgres\\) running\\?")
                    .matcher(down.getMessage()).find(), down.getMessage());
            // on an install, the primary's first start creates the databases itself: not answering in time ends the
            // Job without failing
            env.put("FIRST_INSTALL", "true");
            String installing = runRendered(pg, upgraded, dir.resolve("installing"), script, env);
            assertTrue(installing.contains("on an install the primary's first start creates the databases and roles itself"),
                    installing);
        }
    }

    @Test
    void theRenderedConnectionLimitsTakeEffectOnARealServer() throws Exception {
        Spec spec = TestPaths.loadSpec();
        Map<String, PostgresSpec.Connections> expected = new TreeMap<>(Map.of("dev", spec.base().postgres().connections(),
                "prod", spec.environments().get("prod").postgres().connections()));
        try (RealPostgres pg = RealPostgres.start()) {
            Path data = pg.dir.resolve("limits");
            Path sockets = Files.createDirectories(pg.dir.resolve("limits-run"));
            Process initdb = pg.spawn(List.of(pg.bin.resolve("initdb").toString(), "-D", data.toString(), "-U",
                    RealPostgres.SUPERUSER, "--auth=trust", "--no-sync"), pg.dir.resolve("initdb-limits.log"));
            assertEquals(0, initdb.waitFor(), Files.readString(pg.dir.resolve("initdb-limits.log")));
            for (Map.Entry<String, PostgresSpec.Connections> env : expected.entrySet()) {
                Manifests release = env.getKey().equals("dev") ? dev : prod;
                List<String> args = strings(container(release.one("StatefulSet", DATA, "postgres")), "args");
                assertTrue(args.get(0).startsWith("-"), "the entrypoint prepends postgres to args starting with '-': " + args);
                // its memory follows the container's limit: a quarter its buffer pool, three quarters the cache the
                // planner counts on (in 8 kB pages)
                long mib = io.neotool.charts.model.Quantity.parse((String) map(map(container(release.one("StatefulSet", DATA,
                        "postgres")), "resources"), "limits").get("memory")).longValue() >> 20;
                assertEquals(env.getValue().max() + " " + env.getValue().superuserReserved() + " " + mib / 4 * 128 + " "
                        + mib * 3 / 4 * 128, showWith(pg, data, sockets, args, env.getKey(), LIMITS).trim(), env.getKey());
            }
            assertNotEquals(expected.get("dev").max(), expected.get("prod").max(), "each environment's own value is seen");

            // postgres.parameters: more settings, an extension's among them, and one the chart makes replaced
            Manifests tuned = new Manifests(charts.render(List.of("values-prod.yaml"), Map.of("postgres.parameters.work_mem", "16MB",
                    "postgres.parameters.shared_buffers", "64MB", "postgres.parameters.auto_explain\\.log_min_duration", "2s")));
            List<String> args = strings(container(tuned.one("StatefulSet", DATA, "postgres")), "args");
            assertEquals(1, args.stream().filter(a -> a.startsWith("shared_buffers=")).count(), args.toString());
            assertEquals(strings(container(tuned.one("StatefulSet", DATA, "postgres-replica")), "args"), args,
                    "the replicas run with the primary's settings");
            assertEquals("16MB 64MB 2s", showWith(pg, data, sockets, args, "parameters", "SELECT current_setting('work_mem') "
                    + "|| ' ' || current_setting('shared_buffers') || ' ' || current_setting('auto_explain.log_min_duration')")
                    .trim());
        }
    }

    private static final String LIMITS = "SELECT current_setting('max_connections') || ' ' "
            + "|| current_setting('superuser_reserved_connections') "
            + "|| ' ' || (SELECT setting FROM pg_settings WHERE name = 'shared_buffers') "
            + "|| ' ' || (SELECT setting FROM pg_settings WHERE name = 'effective_cache_size')";

    /** Starts PostgreSQL on the data directory {@code data} with the rendered {@code args}, answers {@code sql}, stops it. */
    private static String showWith(RealPostgres pg, Path data, Path sockets, List<String> args, String name, String sql)
            throws Exception {
        int port = Loopback.freePort();
        List<String> command = new ArrayList<>(List.of(pg.bin.resolve("postgres").toString(), "-D", data.toString(),
                "-p", String.valueOf(port), "-k", sockets.toString(), "-c", "listen_addresses=127.0.0.1",
                "-c", "fsync=off"));
        command.addAll(args);
        Path log = pg.dir.resolve("postgres-" + name + ".log");
        Process server = pg.spawn(command, log);
        try {
            waitForPort(port, server, log);
            return showWhenReady(pg, port, log, sql);
        } finally {
            server.destroy();
            assertTrue(server.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "the server stops");
        }
    }

    /** The answer to {@code sql}, retried while the server is still starting up (it listens before it accepts). */
    private static String showWhenReady(RealPostgres pg, int port, Path log, String sql) throws Exception {
        IOException last = null;
        for (int i = 0; i < 100; i++) {
            try {
                return pg.psqlAs(port, RealPostgres.SUPERUSER, "postgres", "unused", sql);
            } catch (IOException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw new AssertionError("no answer: " + Files.readString(log), last);
    }

    @Test
    void thePostgresChartWritesTheSecretThePostgresExporterReads() {
        for (Manifests m : List.of(dev, prod)) {
            String[] exporter = exporterCredentials(m);
            assertEquals(MONITOR, exporter[0]);
            assertEquals(passwords(m).get(MONITOR), exporter[1], "the copy holds the credentials Secret's password");
        }
        // with an existing Secret the chart renders no credentials, not even the copy (the operator's then)
        Manifests existing = new Manifests(charts.render(List.of(), Map.of("postgres.auth.existingSecret", "pg-credentials")));
        assertFalse(existing.stream().anyMatch(d -> "Secret".equals(d.get("kind"))
                && "postgres-credentials".equals(map(d, "metadata").get("name"))), existing.names().toString());
        // and without the monitoring role neither the role nor the copy
        Manifests off = new Manifests(charts.render(List.of(), Map.of("postgres.monitoring.enabled", "false")));
        String sql = (String) map(off.one("ConfigMap", DATA, "postgres-initdb"), "data").get("databases.psql");
        assertFalse(sql.contains("pg_monitor"), sql);
        assertFalse(passwords(off).containsKey("neotool_monitor"));
    }

    /**
     * The exporter's user (DATA_SOURCE_USER) and the password it reads (DATA_SOURCE_PASS: the Secret and key of its
     * secretKeyRef, which must be rendered in the exporter's namespace).
     */
    @SuppressWarnings("unchecked")
    static String[] exporterCredentials(Manifests m) {
        String ns = OBSERVABILITY;
        Map<String, Object> container = container(m.one("Deployment", ns, "postgres-exporter"));
        String user = literalEnv(container).get("DATA_SOURCE_USER");
        Map<String, Object> ref = maps(container, "env").stream().filter(e -> "DATA_SOURCE_PASS".equals(e.get("name")))
                .map(e -> map(e, "valueFrom", "secretKeyRef")).findFirst().orElseThrow();
        Map<String, Object> secret = m.one("Secret", ns, (String) ref.get("name"));
        String encoded = (String) map(secret, "data").get((String) ref.get("key"));
        assertTrue(encoded != null, "Secret " + ref.get("name") + " has the key " + ref.get("key") + ": " + secret);
        return new String[] {user, new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8)};
    }

    /**
     * Runs the rendered init script of {@code m} (ConfigMap postgres-initdb) on {@code pg} as the image's entrypoint
     * runs it on an empty data directory, with its two paths (the credentials Secret's files, the SQL) moved into
     * {@code dir}; returns the SQL file.
     */
    static Path runInitScript(RealPostgres pg, Manifests m, Path dir) throws IOException, InterruptedException {
        runRendered(pg, m, dir, (String) map(m.one("ConfigMap", DATA, "postgres-initdb"), "data").get("10-databases.sh"),
                Map.of("POSTGRES_USER", RealPostgres.SUPERUSER, "PGHOST", "127.0.0.1", "PGPORT", String.valueOf(pg.port),
                        "PGPASSWORD", pg.superuserPassword, "PGDATA", pg.dir.resolve("data").toString()));
        return dir.resolve("databases.psql");
    }

    /**
     * Runs a rendered shell {@code script} of {@code m} that reads the credentials Secret's files and databases.psql,
     * both moved into {@code dir}, with {@code env}, psql and pg_isready on the PATH (the server's own, or else Debian's
     * client); returns its output.
     */
    static String runRendered(RealPostgres pg, Manifests m, Path dir, String script, Map<String, String> env)
            throws IOException, InterruptedException {
        return runRendered(pg, m, dir, script, env, Set.of());
    }

    /** {@link #runRendered} with the credentials Secret lacking the passwords of the {@code missing} roles. */
    static String runRendered(RealPostgres pg, Manifests m, Path dir, String script, Map<String, String> env,
            Set<String> missing) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path sqlFile = dir.resolve("databases.psql");
        Files.writeString(sqlFile, (String) map(m.one("ConfigMap", DATA, "postgres-initdb"), "data").get("databases.psql"));
        Path credentials = Files.createDirectories(dir.resolve("credentials"));
        for (Map.Entry<String, String> p : passwords(m).entrySet()) {
            if (!missing.contains(p.getKey())) {
                Files.writeString(credentials.resolve(p.getKey() + "-password"), p.getValue());
            }
        }
        String local = script.replace("/etc/postgres/credentials/", credentials + "/")
                .replace("/docker-entrypoint-initdb.d/databases.psql", sqlFile.toString());
        Path psql = ExternalTool.PSQL.require();
        Map<String, String> withPath = new TreeMap<>(env);
        withPath.put("PATH", pg.bin + ":" + psql.getParent() + ":/usr/bin:/bin");
        return RealPostgres.exec(List.of("/bin/sh", "-ec", local), withPath, 60);
    }

    /** The rendered credentials Secret's passwords by owner (and postgres). */
    static Map<String, String> passwords(Manifests m) {
        Map<String, String> passwords = new TreeMap<>();
        map(m.one("Secret", postgresNamespace(m), "postgres"), "data").forEach((key, value) -> passwords.put(
                key.replace("-password", ""), new String(Base64.getDecoder().decode((String) value), StandardCharsets.UTF_8)));
        return passwords;
    }

    static String pgbouncerIni(Manifests m) {
        return Manifests.secretValue(m.one("Secret", postgresNamespace(m), "pgbouncer-config"), "pgbouncer.ini");
    }

    static String userlistOf(Manifests m) {
        return Manifests.secretValue(m.one("Secret", postgresNamespace(m), "pgbouncer-config"), "userlist.txt");
    }

    /**
     * The namespace of the release's PostgreSQL server, where its credentials and PgBouncer's Secrets are: the spec's
     * for the repository's charts, the plan's for a fixture spec's.
     */
    static String postgresNamespace(Manifests m) {
        List<String> namespaces = m.ofKind("StatefulSet").stream().filter(d -> "postgres".equals(map(d, "metadata").get("name")))
                .map(d -> (String) map(d, "metadata").get("namespace")).toList();
        assertEquals(1, namespaces.size(), "one PostgreSQL server in " + m.names());
        return namespaces.get(0);
    }

    static String userlist(Manifests m) {
        String userlist = userlistOf(m);
        Map<String, String> passwords = passwords(m);
        for (String owner : TestPaths.loadSpec().base().postgres().databases().values().stream().map(d -> d.owner()).toList()) {
            assertTrue(userlist.contains("\"" + owner + "\" \"" + passwords.get(owner) + "\""), "userlist matches the Secret");
        }
        return userlist;
    }

    /**
     * The rendered pgbouncer.ini with only what must differ on this machine: the databases' host and port
     * (the local server), where it listens (loopback, a free port) and where its userlist file is.
     */
    static String localPgbouncerIni(String rendered, int pgPort, int listenPort, Path userlist) {
        String local = rendered
                .replace("host=postgres." + DATA + ".svc.cluster.local port=5432", "host=127.0.0.1 port=" + pgPort)
                .replace("listen_addr = *", "listen_addr = 127.0.0.1")
                .replace("listen_port = 6432", "listen_port = " + listenPort)
                .replace("auth_file = /etc/pgbouncer/userlist.txt", "auth_file = " + userlist);
        assertNotEquals(rendered, local);
        assertFalse(local.contains("svc.cluster.local"), local);
        // the chart's every address (IPv4 and IPv6; 0.0.0.0 would be IPv4 alone), replaced by loopback here
        assertTrue(local.contains("\nlisten_addr = 127.0.0.1\n"), local);
        return local;
    }

    static void waitForPort(int port, Process process, Path log) throws Exception {
        for (int i = 0; i < 100; i++) {
            try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException e) {
                if (!process.isAlive()) {
                    throw new AssertionError("pgbouncer exited: " + Files.readString(log));
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("pgbouncer did not listen on " + port + ": " + Files.readString(log));
    }

    // ---- Kafka (booted for real by KafkaBootTest) -------------------------------------------------

    @Test
    void kafkasNodeIdComesFromThePodsNameAndAPodWithoutAnOrdinalFailsLoudly() {
        for (Manifests m : List.of(dev, prod)) { // the wrapper reads POD_NAME, which the cluster sets from the pod's name
            Map<String, Object> podName = Manifests.env(container(m.one("StatefulSet", MESSAGING, "kafka")), "POD_NAME");
            assertEquals("metadata.name", map(podName, "valueFrom", "fieldRef").get("fieldPath"));
        }
        Map<String, Object> c = container(dev.one("StatefulSet", MESSAGING, "kafka"));
        List<String> command = strings(c, "command");
        AssertionError e = assertThrows(AssertionError.class, () -> RealKafka.podEnv(command, literalEnv(c), "kafka"));
        assertTrue(e.getMessage().contains("cannot read the node id"), e.getMessage());
    }
}
