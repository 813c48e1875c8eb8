package io.neotool.charts.security;

import static io.neotool.charts.testtools.Manifests.container;
import static io.neotool.charts.testtools.Manifests.env;
import static io.neotool.charts.testtools.Manifests.name;
import static io.neotool.charts.testtools.ProductNamespaces.KAFKA;
import static io.neotool.charts.testtools.ProductNamespaces.OBSERVABILITY;
import static io.neotool.charts.testtools.ProductNamespaces.POSTGRES;
import static io.neotool.charts.testtools.ProductNamespaces.ROUTER;
import static io.neotool.charts.testtools.ProductNamespaces.VAULT;
import static io.neotool.charts.testtools.ProductNamespaces.WEB;
import static io.neotool.charts.testtools.YamlTree.document;
import static io.neotool.charts.testtools.YamlTree.list;
import static io.neotool.charts.testtools.YamlTree.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neotool.charts.InputException;
import io.neotool.charts.TestPaths;
import io.neotool.charts.model.Quantity;
import io.neotool.charts.testtools.ExternalTool;
import io.neotool.charts.testtools.ExternalTools;
import io.neotool.charts.testtools.Loopback;
import io.neotool.charts.testtools.Manifests;
import io.neotool.charts.testtools.ProductNamespaces;
import io.neotool.charts.testtools.YamlTree;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The observability chart rendered by real Helm for dev and prod: Prometheus' config passes the real
 * {@code promtool check config}, Loki's storage follows the environment, Grafana's provisioning and dashboards
 * parse, Promtail carries its documented exemption and every other pod is restricted.
 */
class ObservabilityChartTest {
    /** Prometheus, Grafana, Loki and the exporters: the observability namespace of the repository's spec. */
    static final String NS = OBSERVABILITY;
    /** Promtail's own namespace, from the repository's spec. */
    static final String LOGGING = TestPaths.loadSpec().base().observability().promtailNamespace();

    @TempDir
    static Path dir;

    static Rendered charts;
    static Manifests dev;
    static Manifests prod;

    @BeforeAll
    static void render() {
        charts = Rendered.platform();
        dev = charts.devManifests();
        prod = charts.prodManifests();
    }

    /**
     * Cluster-scoped objects are shared by every release in the cluster: each is named after the platform's namespaces
     * (its own in the cluster), never after the release, so a second platform of other namespaces shares none of them
     * whatever its release is called, and a release of another name renders the same ones.
     */
    @Test
    void clusterScopedObjectsAreNamedAfterThePlatformsNamespacesNotTheRelease() {
        Set<String> namespaces = new java.util.TreeSet<>(dev.ofKind("Namespace").stream().map(ObservabilityChartTest::objectName).toList());
        Manifests other = new Manifests(charts.render("staging", List.of(), Map.of()));
        for (String kind : List.of("ClusterRole", "ClusterRoleBinding")) {
            List<String> names = dev.ofKind(kind).stream().map(ObservabilityChartTest::objectName).sorted().toList();
            assertFalse(names.isEmpty(), kind);
            for (String name : names) {
                assertTrue(namespaces.stream().anyMatch(ns -> name.startsWith(ns + "-")), kind + " " + name + " is named after "
                        + "one of the platform's namespaces " + namespaces);
            }
            assertEquals(names, other.ofKind(kind).stream().map(ObservabilityChartTest::objectName).sorted().toList(), kind);
        }
        assertEquals(NS + "-prometheus", objectName(dev.ofKind("ClusterRole").stream()
                .filter(r -> objectName(r).endsWith("-prometheus")).findFirst().orElseThrow()));
    }

    private static String objectName(Map<String, Object> object) {
        return String.valueOf(map(object, "metadata").get("name"));
    }

    private static String configFile(Manifests docs, String configMap, String key) {
        return configFile(docs, NS, configMap, key);
    }

    private static String configFile(Manifests docs, String namespace, String configMap, String key) {
        Object text = map(docs.one("ConfigMap", namespace, configMap), "data").get(key);
        assertNotNull(text, configMap + " has " + key);
        return (String) text;
    }

    // ------------------------------------------------------------------ Prometheus

    /**
     * Debian's promtool (2.42, the {@code prometheus} package) is built without Kubernetes service discovery: it
     * rejects {@code kubernetes_sd_configs} as an unknown field. With such a promtool the test checks a copy of the
     * config whose Kubernetes SD blocks (asserted here field by field) are swapped for {@code file_sd_configs}, so
     * everything else (global, relabel rules and their regular expressions, static targets) is still checked by the
     * real promtool; an upstream promtool checks the config as rendered.
     */
    @Test
    void promtoolAcceptsTheRenderedPrometheusConfigOfEveryEnvironment() throws IOException {
        ExternalTool.PROMTOOL.require();
        for (Manifests docs : List.of(dev, prod)) {
            String rendered = configFile(docs, "prometheus-config", "prometheus.yml");
            ProcessRun check = promtool(rendered);
            if (check.exit() != 0 && check.out().contains("field kubernetes_sd_configs not found")) {
                check = promtool(withoutKubernetesDiscovery(rendered));
            }
            assertEquals(0, check.exit(), "promtool check config:\n" + check.out() + "\n" + rendered);
        }
    }

    /**
     * Where the build made Prometheus and promtool of the chart's own release (.ci/run builds them from the Go module
     * proxy and names the version in {@code NEOTOOL_PROMETHEUS_VERSION}), they are the ones on PATH that every
     * Prometheus test runs: the version the chart deploys, Kubernetes discovery included.
     */
    @Test
    void prometheusAndPromtoolAreTheChartsReleaseWhereTheBuildMadeThem() {
        String built = System.getenv("NEOTOOL_PROMETHEUS_VERSION");
        assumeTrue(built != null && !built.isBlank(), "no Prometheus of the chart's release was built (.ci/run builds it)");
        assertEquals("v" + built, TestPaths.loadSpec().base().observability().prometheus().image().tag(),
                "the build made the release the chart deploys");
        for (ExternalTool tool : List.of(ExternalTool.PROMETHEUS, ExternalTool.PROMTOOL)) {
            assertEquals(built, ExternalTools.version(tool), tool.command() + " on PATH is the built one");
        }
    }

    /**
     * The config with its Kubernetes SD blocks, asserted field by field, swapped for {@code file_sd_configs} (no
     * targets): what a Prometheus without Kubernetes service discovery, or outside a cluster, can load.
     */
    private static String withoutKubernetesDiscovery(String rendered) {
        Map<String, Object> config = document(rendered);
        int swapped = 0;
        for (Object job : list(config, "scrape_configs")) {
            Map<String, Object> scrape = map(job);
            Object sd = scrape.remove("kubernetes_sd_configs");
            if (sd == null) {
                continue;
            }
            for (Object entry : list(sd)) {
                assertTrue(Set.of("role", "namespaces").containsAll(map(entry).keySet()), entry.toString());
                if (Set.of("kubernetes-cadvisor", "kubernetes-kubelet").contains(scrape.get("job_name"))) {
                    assertEquals(Map.of("role", "node"), map(entry), "the kubelets: every node");
                    continue;
                }
                assertEquals("pod", map(entry).get("role"), scrape.get("job_name") + " discovers pods");
                assertTrue(Set.of("names").containsAll(map(entry, "namespaces").keySet()), entry.toString());
                assertFalse(list(entry, "namespaces", "names").isEmpty(), entry.toString());
            }
            scrape.put("file_sd_configs", List.of(Map.of("files", List.of("targets/*.json"))));
            swapped++;
        }
        assertEquals(3, swapped, "kubernetes-pods, kubernetes-cadvisor, kubernetes-kubelet");
        return YamlTree.dump(config);
    }

    private static ProcessRun promtool(String config) throws IOException {
        Path file = Files.createTempFile(dir, "prometheus", ".yml");
        Files.writeString(file, config);
        return ProcessRun.of(List.of("promtool", "check", "config", "--syntax-only", file.toString()), null, Map.of(), null);
    }

    /**
     * The real Prometheus server (Debian's) starts on each environment's rendered prometheus.yml, rules.yml and
     * container arguments, only its paths and listen address moved to the test's and Kubernetes discovery swapped as
     * above: it is ready on the readiness probe's path, has loaded every alerting rule, and keeps samples for the
     * rendered time or up to the rendered size, whichever is reached first; the size, unset in the spec, is 80 % of
     * the environment's volume.
     */
    @Test
    void prometheusStartsOnTheRenderedConfigRulesAndArguments() throws Exception {
        Path binary = ExternalTool.PROMETHEUS.require();
        var spec = TestPaths.loadSpec();
        for (String environment : List.of("dev", "prod")) {
            Manifests docs = environment.equals("prod") ? prod : dev;
            var expected = (environment.equals("prod") ? spec.environments().get("prod") : spec.base()).observability().prometheus();
            Path home = Files.createDirectories(dir.resolve("prometheus-" + environment));
            String rulesText = configFile(docs, "prometheus-config", "rules.yml");
            Path rules = Files.writeString(home.resolve("rules.yml"), rulesText);
            Map<String, Object> config = document(withoutKubernetesDiscovery(configFile(docs, "prometheus-config", "prometheus.yml")));
            assertEquals(List.of("/etc/prometheus/rules.yml"), list(config, "rule_files"));
            config.put("rule_files", List.of(rules.toString()));
            Path configFile = Files.writeString(home.resolve("prometheus.yml"), YamlTree.dump(config));

            Map<String, Object> container = container(docs.one("StatefulSet", NS, "prometheus"));
            int port = Loopback.freePort();
            Map<String, String> moved = Map.of("--config.file=", configFile.toString(),
                    "--storage.tsdb.path=", home.resolve("data").toString(), "--web.listen-address=", "127.0.0.1:" + port);
            List<String> command = new java.util.ArrayList<>(List.of(binary.toString()));
            for (String arg : YamlTree.strings(container, "args")) {
                String flag = arg.substring(0, arg.indexOf('=') + 1);
                command.add(moved.containsKey(flag) ? flag + moved.get(flag) : arg);
            }
            assertEquals(moved.size(), command.stream().filter(a -> moved.keySet().stream().anyMatch(a::startsWith)).count(),
                    "the rendered arguments set the config, the TSDB's path and the listen address: " + command);
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(home.resolve("prometheus.log").toFile()).start();
            try {
                String base = "http://127.0.0.1:" + port;
                String ready = (String) map(container, "readinessProbe", "httpGet").get("path");
                awaitAnswer(process, base + ready, home.resolve("prometheus.log"));

                JsonNode flags = api(base + "/api/v1/status/flags");
                String log = Files.readString(home.resolve("prometheus.log"));
                // the chart's release, where .ci/run built it (Debian's 2.42 knows only the first of the two)
                assertTrue(System.getenv("NEOTOOL_PROMETHEUS_VERSION") == null || log.contains("Automatically set GOMAXPROCS to match Linux container CPU quota")
                        && log.contains("Automatically set GOMEMLIMIT to match Linux container or system memory limit")
                        && !log.contains("Unknown option for --enable-feature"), environment + ": the features it was given: " + log);
                String size = expected.retentionSize().isEmpty()
                        ? Quantity.parse(expected.storage().size()).multiply(BigDecimal.valueOf(4))
                                .divide(BigDecimal.valueOf(5L << 20), 0, RoundingMode.FLOOR) + "MB"
                        : expected.retentionSize();
                assertTrue(YamlTree.strings(container, "args").contains("--storage.tsdb.retention.size=" + size), environment);
                assertEquals(prometheusBytes(size), prometheusBytes(flags.get("storage.tsdb.retention.size").asText()),
                        environment + ": Prometheus took the rendered size");
                assertEquals(expected.retention(), flags.get("storage.tsdb.retention.time").asText(), environment);
                String retention = api(base + "/api/v1/status/runtimeinfo").get("storageRetention").asText();
                assertTrue(retention.startsWith(expected.retention() + " or "), environment + ": both limits apply: " + retention);

                int loaded = 0;
                for (JsonNode group : api(base + "/api/v1/rules").get("groups")) {
                    loaded += group.get("rules").size();
                }
                int written = 0;
                for (Object group : list(document(rulesText), "groups")) {
                    written += list(group, "rules").size();
                }
                assertTrue(written > 0, environment + " has alerting rules");
                assertEquals(written, loaded, environment + ": Prometheus loaded every rule of rules.yml");
            } finally {
                process.destroy();
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            }
        }
    }

    /** Waits up to 60 s for {@code url} to answer 200, failing with the server's log if it exits or never does. */
    private static void awaitAnswer(Process process, String url, Path log) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            assertTrue(process.isAlive(), "Prometheus exited:\n" + Files.readString(log));
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError(url + " did not answer 200 within 60 s:\n" + Files.readString(log));
    }

    /** Bytes of a size in Prometheus' units of 1024, as it takes them (8192MB) and shows them (8GiB, 1GiB512MiB). */
    private static long prometheusBytes(String size) {
        java.util.regex.Matcher part = java.util.regex.Pattern.compile("([0-9]+)([KMGTPE]?)i?B").matcher(size);
        long bytes = 0;
        int end = 0;
        while (part.find() && part.start() == end) {
            bytes += Long.parseLong(part.group(1)) << (10 * (part.group(2).isEmpty() ? 0 : "KMGTPE".indexOf(part.group(2)) + 1));
            end = part.end();
        }
        assertEquals(size.length(), end, "a size in Prometheus' units: " + size);
        return bytes;
    }

    /** The data of a Prometheus API answer (status success). */
    private static JsonNode api(String url) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = new ObjectMapper().readTree(answer.body());
        assertEquals("success", body.path("status").asText(), url + ": " + answer.body());
        return body.get("data");
    }

    /**
     * Prometheus' retention size follows the volume set at install time, unless set itself; a size the chart cannot
     * read is refused with the key to set.
     */
    @Test
    void prometheusRetentionSizeFollowsTheVolumeOrItsOwnKey() {
        Map<String, Object> larger = container(new Manifests(charts.render(List.of(),
                Map.of("observability.prometheus.storage.size", "100Gi"))).one("StatefulSet", NS, "prometheus"));
        assertTrue(YamlTree.strings(larger, "args").contains("--storage.tsdb.retention.size=81920MB"), larger.toString());
        Map<String, Object> decimal = container(new Manifests(charts.render(List.of(),
                Map.of("observability.prometheus.storage.size", "1.5G"))).one("StatefulSet", NS, "prometheus"));
        assertTrue(YamlTree.strings(decimal, "args").contains("--storage.tsdb.retention.size=1144MB"), decimal.toString());
        Map<String, Object> own = container(new Manifests(charts.render(List.of(),
                Map.of("observability.prometheus.retentionSize", "5GB"))).one("StatefulSet", NS, "prometheus"));
        assertTrue(YamlTree.strings(own, "args").contains("--storage.tsdb.retention.size=5GB"), own.toString());
        // a quantity with an exponent, as Kubernetes reads it: 10^10 bytes are 9536.7 MiB
        Map<String, Object> exponent = container(new Manifests(charts.render(List.of(),
                Map.of("observability.prometheus.storage.size", "1e10"))).one("StatefulSet", NS, "prometheus"));
        assertTrue(YamlTree.strings(exponent, "args").contains("--storage.tsdb.retention.size=7629MB"), exponent.toString());
        InputException unit = assertThrows(InputException.class, () -> charts.render(List.of(),
                Map.of("observability.prometheus.retentionSize", "5Gi")));
        assertTrue(unit.getMessage().contains("retentionSize"), unit.getMessage());
    }

    /**
     * The alerting rules of every environment pass the real {@code promtool check rules}, and the real
     * {@code promtool test rules} evaluates them on made-up series: each alert tested fires where it should and not
     * where it should not (the probes' and scrapes' requests are no traffic, other namespaces are not the platform's,
     * a recent backup is no alert, nor a backup CronJob younger than the backups' maximum age). Thresholds come from the spec.
     */
    @Test
    void promtoolChecksTheAlertingRulesAndTheyFireOnlyWhereTheyShould() throws IOException {
        ExternalTool.PROMTOOL.require();
        var alerts = TestPaths.loadSpec().base().observability().prometheus().alerts();
        assertTrue(alerts.enabled() && alerts.errorPercent() < 100);
        for (Manifests docs : List.of(dev, prod)) {
            assertEquals(List.of("/etc/prometheus/rules.yml"), list(document(configFile(docs, "prometheus-config", "prometheus.yml")), "rule_files"));
            Path rules = Files.writeString(dir.resolve("rules.yml"), configFile(docs, "prometheus-config", "rules.yml"));
            ProcessRun check = ProcessRun.of("promtool", "check", "rules", rules.toString());
            assertEquals(0, check.exit(), check.out());
        }
        Map<String, Map<String, Object>> rulesByAlert = new java.util.TreeMap<>();
        for (Object group : list(document(Files.readString(dir.resolve("rules.yml"))), "groups")) {
            for (Object rule : list(group, "rules")) {
                rulesByAlert.put((String) map(rule).get("alert"), map(rule));
            }
        }
        String app = TestPaths.loadSpec().base().services().values().iterator().next().namespace();
        String requests = "http_server_requests_seconds_count{component=\"service\",";
        String platform = "namespace=\"" + app + "\",";
        String other = "namespace=\"not-the-platform\",";
        String ksm = "job=\"kube-state-metrics\",";
        String backup = "kube_cronjob_status_last_successful_time{" + ksm + "namespace=\"" + POSTGRES + "\",cronjob=\"postgres-backup\"}";
        String created = "kube_cronjob_created{" + ksm + "namespace=\"" + POSTGRES + "\",cronjob=\"postgres-backup\"}";
        // the same names served by a pod of the platform's namespace, which the pods' scrape job collects: never the
        // exporters' own, so neither masks nor makes an alert
        String pods = "job=\"kubernetes-pods\",";
        String fakeBackup = "kube_cronjob_status_last_successful_time{" + pods + "namespace=\"" + POSTGRES + "\",cronjob=\"postgres-backup\"}";
        Map<String, String> backupJob = Map.of("namespace", POSTGRES, "cronjob", "postgres-backup");
        // another platform's backup CronJob of the same name, in the same cluster: never this platform's alert
        String otherBackup = "kube_cronjob_status_last_successful_time{" + ksm + other + "cronjob=\"postgres-backup\"}";
        String otherCreated = "kube_cronjob_created{" + ksm + other + "cronjob=\"postgres-backup\"}";
        String renewed = "kube_cronjob_status_last_successful_time{" + ksm;
        String renewalMade = "kube_cronjob_created{" + ksm;
        String renewal = "cronjob=\"vault-token-renew\"}";
        int backupHours = alerts.backupMaxAgeHours();
        int minutes = (backupHours + 2) * 60;
        String past = (backupHours + 1) * 60 + "m";
        List<Map<String, Object>> tests = List.of(
                test("1m", List.of(
                                series(requests + "app=\"failing\",status=\"500\",uri=\"/graphql\"}", "0+100x40"),
                                series(requests + "app=\"failing\",status=\"200\",uri=\"/health/readiness\"}", "0+100000x40"),
                                series(requests + "app=\"healthy\",status=\"200\",uri=\"/graphql\"}", "0+100x40"),
                                series("kube_deployment_spec_replicas{" + platform + "deployment=\"down\"}", "2x40"),
                                series("kube_deployment_status_replicas_available{" + platform + "deployment=\"down\"}", "0x40"),
                                series("kube_deployment_spec_replicas{" + other + "deployment=\"other\"}", "2x40"),
                                series("kube_deployment_status_replicas_available{" + other + "deployment=\"other\"}", "0x40"),
                                series("kube_statefulset_replicas{" + platform + "statefulset=\"short\"}", "3x40"),
                                series("kube_statefulset_status_replicas_ready{" + platform + "statefulset=\"short\"}", "2x40"),
                                series("kube_statefulset_replicas{" + platform + "statefulset=\"whole\"}", "3x40"),
                                series("kube_statefulset_status_replicas_ready{" + platform + "statefulset=\"whole\"}", "3x40"),
                                series("kube_persistentvolumeclaim_status_phase{" + platform + "persistentvolumeclaim=\"data\",phase=\"Pending\"}", "1x40"),
                                series("kube_persistentvolumeclaim_status_phase{" + platform + "persistentvolumeclaim=\"data\",phase=\"Bound\"}", "0x40"),
                                series("kubelet_volume_stats_available_bytes{" + platform + "persistentvolumeclaim=\"full\"}",
                                        (alerts.volumeFreePercent() - 1) + "x40"),
                                series("kubelet_volume_stats_capacity_bytes{" + platform + "persistentvolumeclaim=\"full\"}", "100x40"),
                                series("kubelet_volume_stats_available_bytes{" + platform + "persistentvolumeclaim=\"roomy\"}",
                                        (alerts.volumeFreePercent() + 1) + "x40"),
                                series("kubelet_volume_stats_capacity_bytes{" + platform + "persistentvolumeclaim=\"roomy\"}", "100x40"),
                                series("kubelet_volume_stats_available_bytes{" + other + "persistentvolumeclaim=\"full\"}", "0x40"),
                                series("kubelet_volume_stats_capacity_bytes{" + other + "persistentvolumeclaim=\"full\"}", "100x40"),
                                series("kube_node_status_condition{node=\"lost\",condition=\"Ready\",status=\"true\"}", "0x40"),
                                series("kube_node_status_condition{node=\"fine\",condition=\"Ready\",status=\"true\"}", "1x40"),
                                series("up{job=\"kafka\",instance=\"kafka-exporter:9308\"}", "0x40"),
                                series("up{job=\"postgres\",instance=\"postgres-exporter:9187\"}", "1x40"),
                                series("pg_up{job=\"postgres\",instance=\"postgres-exporter:9187\"}", "0x40"),
                                series("kafka_topic_partition_under_replicated_partition{job=\"kafka\",topic=\"events\",partition=\"0\"}", "1x40"),
                                series("kafka_topic_partition_under_replicated_partition{job=\"kafka\",topic=\"events\",partition=\"1\"}", "0x40"),
                                series("kafka_topic_partition_under_replicated_partition{job=\"kafka\",topic=\"quiet\",partition=\"0\"}", "0x40"),
                                series("kafka_consumergroup_lag{job=\"kafka\",consumergroup=\"behind\",topic=\"t\",partition=\"0\"}",
                                        (alerts.kafkaConsumerLag() + 1) + "x40"),
                                series("kafka_consumergroup_lag{job=\"kafka\",consumergroup=\"unknown\",topic=\"t\",partition=\"0\"}", "-1x40"),
                                // a scraped pod serving the exporters' names cannot hide an alert or make one
                                series("kafka_topic_partition_under_replicated_partition{" + pods + "topic=\"events\",partition=\"9\"}", "-1000x40"),
                                series("kafka_consumergroup_lag{" + pods + "consumergroup=\"made-up\",topic=\"t\",partition=\"0\"}",
                                        (alerts.kafkaConsumerLag() + 1) + "x40"),
                                series("pg_up{" + pods + "instance=\"10.0.0.9:8080\"}", "0x40")),
                        "30m", Map.of(
                                "NeotoolServiceErrors", List.of(Map.of("app", "failing")),
                                "NeotoolDeploymentUnavailable", List.of(Map.of("namespace", app, "deployment", "down")),
                                "NeotoolStatefulSetDegraded", List.of(Map.of("namespace", app, "statefulset", "short")),
                                "NeotoolVolumeClaimPending", List.of(Map.of("namespace", app, "persistentvolumeclaim", "data", "phase", "Pending")),
                                "NeotoolVolumeFillingUp", List.of(Map.of("namespace", app, "persistentvolumeclaim", "full")),
                                "NeotoolNodeNotReady", List.of(Map.of("node", "lost", "condition", "Ready", "status", "true")),
                                "NeotoolTargetDown", List.of(Map.of("job", "kafka", "instance", "kafka-exporter:9308")),
                                "NeotoolPostgresDown", List.of(Map.of("job", "postgres", "instance", "postgres-exporter:9187")),
                                "NeotoolKafkaUnderReplicated", List.of(Map.of("topic", "events")),
                                "NeotoolKafkaConsumerLag", List.of(Map.of("consumergroup", "behind", "topic", "t"))),
                        rulesByAlert),
                // messages written to a dead-letter topic within the hour, or a dead-letter topic created by its first
                // messages (Kafka creates topics on first use): those; not one whose offset stood still, through a
                // scrape's stale marker too, nor an empty one, nor an ordinary topic that grows (2 h on: a topic with
                // no sample in the hour before the last counts as new)
                test("1m", List.of(
                                series(dlq("swapi.people.dlq"), "0x120 1+1x40"),
                                series(dlq("new.dlq"), "_x130 3x30"),
                                series(dlq("orders-DLQ"), "5x160"),
                                series(dlq("gap.dlq"), "100x120 stale 100x40"),
                                series(dlq("empty.dlq"), "_x130 0x30"),
                                series(dlq("swapi.people.v1"), "0+10x160"),
                                series("up{job=\"kafka\",instance=\"kafka-exporter:9308\"}", "1x160")),
                        "150m", Map.of("NeotoolKafkaDeadLetters", List.of(Map.of("topic", "swapi.people.dlq"), Map.of("topic", "new.dlq"))),
                        rulesByAlert),
                // Prometheus' data lost (or the exporter down over an hour): an old topic's offset is no new message
                test("1m", List.of(series(dlq("orders.dlq"), "42x30"), series("up{job=\"kafka\",instance=\"kafka-exporter:9308\"}", "1x30")),
                        "10m", Map.of("NeotoolKafkaDeadLetters", List.of()), rulesByAlert),
                // a rollout past its progress deadline (new pods Pending or never Ready): that Deployment, not one
                // that progresses, nor another platform's
                test("1m", List.of(
                                series("kube_deployment_status_condition{" + platform + "deployment=\"stuck\",condition=\"Progressing\",status=\"false\"}", "1x20"),
                                series("kube_deployment_status_condition{" + platform + "deployment=\"fine\",condition=\"Progressing\",status=\"false\"}", "0x20"),
                                series("kube_deployment_status_condition{" + other + "deployment=\"theirs\",condition=\"Progressing\",status=\"false\"}", "1x20")),
                        "10m", Map.of("NeotoolRolloutStuck", List.of(Map.of("namespace", app, "deployment", "stuck", "condition", "Progressing", "status", "false"))),
                        rulesByAlert),
                // a node short of disk: that one, not one whose condition is false
                test("1m", List.of(
                                series("kube_node_status_condition{node=\"full\",condition=\"DiskPressure\",status=\"true\"}", "1x40"),
                                series("kube_node_status_condition{node=\"fine\",condition=\"DiskPressure\",status=\"true\"}", "0x40"),
                                series("kube_node_status_condition{node=\"fine\",condition=\"MemoryPressure\",status=\"false\"}", "1x40")),
                        "30m", Map.of("NeotoolNodeUnderPressure", List.of(Map.of("node", "full", "condition", "DiskPressure", "status", "true"))),
                        rulesByAlert),
                // kube-state-metrics failing to list one kind (its ClusterRole refuses it): that kind, not one whose
                // errors stopped, nor one listed fine
                test("1m", List.of(
                                series("kube_state_metrics_list_total{" + ksm + "resource=\"*v1.Pod\",result=\"error\"}", "0+2x40"),
                                series("kube_state_metrics_list_total{" + ksm + "resource=\"*v1.Service\",result=\"error\"}", "3x40"),
                                series("kube_state_metrics_list_total{" + ksm + "resource=\"*v1.Node\",result=\"success\"}", "0+2x40")),
                        "30m", Map.of("NeotoolKubeStateMetricsListErrors", List.of(Map.of("resource", "*v1.Pod"))),
                        rulesByAlert),
                // every Vault server sealed (not Ready): the platform's, not another one's; one of three is only degraded
                test("1m", List.of(
                                series("kube_statefulset_replicas{" + platform + "statefulset=\"vault\"}", "3x40"),
                                series("kube_statefulset_status_replicas_ready{" + platform + "statefulset=\"vault\"}", "0x40"),
                                series("kube_statefulset_replicas{" + other + "statefulset=\"vault\"}", "3x40"),
                                series("kube_statefulset_status_replicas_ready{" + other + "statefulset=\"vault\"}", "0x40")),
                        "30m", Map.of(
                                "NeotoolVaultUnavailable", List.of(Map.of("namespace", app, "statefulset", "vault")),
                                "NeotoolStatefulSetDegraded", List.of(Map.of("namespace", app, "statefulset", "vault"))),
                        rulesByAlert),
                test("1m", List.of(
                                series("kube_statefulset_replicas{" + platform + "statefulset=\"vault\"}", "3x40"),
                                series("kube_statefulset_status_replicas_ready{" + platform + "statefulset=\"vault\"}", "2x40")),
                        "30m", Map.of("NeotoolVaultUnavailable", List.of()), rulesByAlert),
                // restarts scraped every 30 s, 10 s off the evaluations: increase() extrapolates two restarts to more than 2
                test("10s", List.of(
                                series("kube_pod_container_status_restarts_total{" + platform + "pod=\"twice\",container=\"c\"}", restarts(2)),
                                series("kube_pod_container_status_restarts_total{" + platform + "pod=\"thrice\",container=\"c\"}", restarts(3))),
                        "12m", Map.of("NeotoolPodRestarting", List.of(Map.of("namespace", app, "pod", "thrice", "container", "c"))),
                        rulesByAlert),
                // a slow crash loop (a restart every 10 minutes: the 5-minute back-off and a slow start) is one too;
                // one restart an hour is not
                test("1m", List.of(
                                series("kube_pod_container_status_restarts_total{" + platform + "pod=\"slow\",container=\"c\"}",
                                        "0x9 1x9 2x9 3x9 4x9 5x9 6x9"),
                                series("kube_pod_container_status_restarts_total{" + platform + "pod=\"hourly\",container=\"c\"}",
                                        "0x29 1x39")),
                        "65m", Map.of("NeotoolPodRestarting", List.of(Map.of("namespace", app, "pod", "slow", "container", "c"))),
                        rulesByAlert),
                // an init container in a crash loop (vault-init, a replica's clone) is one too
                test("10s", List.of(series("kube_pod_init_container_status_restarts_total{" + platform
                                + "pod=\"waiting\",container=\"vault-init\"}", restarts(3))),
                        "12m", Map.of("NeotoolPodRestarting", List.of(Map.of("namespace", app, "pod", "waiting", "container", "vault-init"))),
                        rulesByAlert),
                // a new pod that cannot start (an image not pulled, a Secret missing) restarts nothing: seen by its
                // waiting reason, an init container's too; a container that is only starting, or another platform's,
                // is not
                test("1m", List.of(
                                series("kube_pod_container_status_waiting_reason{" + platform + "pod=\"new\",container=\"app\","
                                        + "reason=\"ImagePullBackOff\"}", "1x30"),
                                series("kube_pod_init_container_status_waiting_reason{" + platform + "pod=\"config\","
                                        + "container=\"vault-init\",reason=\"CreateContainerConfigError\"}", "1x30"),
                                series("kube_pod_container_status_waiting_reason{" + platform + "pod=\"starting\","
                                        + "container=\"app\",reason=\"ContainerCreating\"}", "1x30"),
                                series("kube_pod_container_status_waiting_reason{" + other + "pod=\"theirs\",container=\"app\","
                                        + "reason=\"ImagePullBackOff\"}", "1x30"),
                                // the kubelet alternates the two reasons of an image it cannot pull, at every retry
                                series("kube_pod_container_status_waiting_reason{" + platform + "pod=\"flip\",container=\"app\","
                                        + "reason=\"ImagePullBackOff\"}", "1 1 1 1 _ 1 1 1 1 _ 1 1 1 1 _ 1 1 1 1 _ 1 1 1 1 _ 1 1 1 1 _ 1"),
                                series("kube_pod_container_status_waiting_reason{" + platform + "pod=\"flip\",container=\"app\","
                                        + "reason=\"ErrImagePull\"}", "_ _ _ _ 1 _ _ _ _ 1 _ _ _ _ 1 _ _ _ _ 1 _ _ _ _ 1 _ _ _ _ 1 _")),
                        "20m", Map.of("NeotoolContainerCannotStart", List.of(
                                Map.of("namespace", app, "pod", "new", "container", "app"),
                                Map.of("namespace", app, "pod", "config", "container", "vault-init"),
                                Map.of("namespace", app, "pod", "flip", "container", "app"))),
                        rulesByAlert),
                // the CronJob made at 0: its last success at 0 is too old, and it has succeeded once
                test("1m", List.of(series(backup, "0x" + minutes), series(created, "0x" + minutes),
                                series(otherBackup, "0x" + minutes), series(otherCreated, "0x" + minutes),
                                series(fakeBackup, "0+60x" + minutes)), past,
                        Map.of("NeotoolBackupTooOld", List.of(backupJob), "NeotoolBackupNeverSucceeded", List.of()),
                        rulesByAlert),
                test("1m", List.of(series(backup, "0+60x" + minutes), series(created, "0x" + minutes)), past,
                        Map.of("NeotoolBackupTooOld", List.of(), "NeotoolBackupNeverSucceeded", List.of()), rulesByAlert),
                // ... nor while a run is still going (a long night's dump)
                test("1m", List.of(series(backup, "0x" + minutes), series(created, "0x" + minutes),
                                series("kube_cronjob_status_active{" + ksm + "namespace=\"" + POSTGRES + "\",cronjob=\"postgres-backup\"}",
                                        "1x" + minutes)), past,
                        Map.of("NeotoolBackupTooOld", List.of()), rulesByAlert),
                // no success ever: kube-state-metrics has no last success time until the first one
                test("1m", List.of(series(created, "0x" + minutes), series(otherCreated, "0x" + minutes)), past,
                        Map.of("NeotoolBackupNeverSucceeded", List.of(backupJob), "NeotoolBackupTooOld", List.of()),
                        rulesByAlert),
                // ... but a CronJob made an hour before is given its first night
                test("1m", List.of(series(created, backupHours * 3600 + "x" + minutes)), past,
                        Map.of("NeotoolBackupNeverSucceeded", List.of()), rulesByAlert),
                // a namespace's Vault token renewal: last renewed at 0, 73 hours on; renewed every minute; another
                // platform's; and one that never succeeded, in a namespace of the platform
                test("1m", List.of(series(renewed + platform + renewal, "0x4400"), series(renewalMade + platform + renewal, "0x4400"),
                                series(renewed + other + renewal, "0x4400"), series(renewalMade + other + renewal, "0x4400"),
                                series(renewed + "namespace=\"" + POSTGRES + "\"," + renewal, "0+60x4400"),
                                series(renewalMade + "namespace=\"" + POSTGRES + "\"," + renewal, "0x4400"),
                                series(renewalMade + "namespace=\"" + VAULT + "\"," + renewal, "0x4400"),
                                series(renewalMade + "namespace=\"" + OBSERVABILITY + "\"," + renewal, "3600x4400")), "73h",
                        Map.of("NeotoolVaultTokenRenewalFailing", List.of(Map.of("namespace", app, "cronjob", "vault-token-renew")),
                                "NeotoolVaultTokenRenewalNeverSucceeded", List.of(Map.of("namespace", VAULT, "cronjob", "vault-token-renew"))),
                        rulesByAlert));
        assertEquals(rulesByAlert.keySet(), tests.stream().flatMap(t -> list(t, "alert_rule_test").stream())
                .map(t -> (String) map(t).get("alertname")).collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new)),
                "every rule is tested");
        Path file = dir.resolve("rules-test.yml");
        Files.writeString(file, YamlTree.dump(Map.of("rule_files", List.of("rules.yml"), "evaluation_interval", "1m", "tests", tests)));
        ProcessRun test = ProcessRun.of("promtool", "test", "rules", file.toString());
        assertEquals(0, test.exit(), test.out());
    }

    /**
     * The metrics smoke test's query, evaluated by the real promtool on made-up series: with the kubelets and
     * kube-state-metrics scraped (prod), it holds a sample only once both a kubelet's cAdvisor (discovered through the
     * API server) and kube-state-metrics (which reads it) are up, so a NetworkPolicy that keeps Prometheus or
     * kube-state-metrics from the API server fails it where an exporter's target alone would pass; with neither
     * scraped, any target but Prometheus itself passes it. Every job it names is one Prometheus scrapes.
     */
    @Test
    void theMetricsSmokeTestWaitsForWhatIsFoundThroughTheApi() throws IOException {
        ExternalTool.PROMTOOL.require();
        var spec = TestPaths.loadSpec().environments().get("prod").observability();
        assumeTrue(spec.enabled() && spec.smokeTest().enabled() && spec.prometheus().enabled() && spec.kubelet().enabled()
                && spec.kubeStateMetrics().enabled());
        String all = smokeQuery(prod);
        String neither = smokeQuery(new Manifests(charts.render(List.of("values-prod.yaml"), Map.of(
                "observability.kubelet.enabled", "false", "observability.kubeStateMetrics.enabled", "false"))));
        Set<String> jobs = new java.util.TreeSet<>();
        list(document(configFile(prod, "prometheus-config", "prometheus.yml")), "scrape_configs")
                .forEach(j -> jobs.add((String) map(j).get("job_name")));
        java.util.regex.Matcher named = java.util.regex.Pattern.compile("job=\"([^\"]+)\"").matcher(all);
        while (named.find()) {
            assertTrue(jobs.contains(named.group(1)), named.group(1) + " is not scraped: " + jobs);
        }
        String cadvisor = "up{job=\"kubernetes-cadvisor\",instance=\"node-1\"}";
        String ksm = "up{job=\"kube-state-metrics\",instance=\"kube-state-metrics:8080\"}";
        String exporter = "up{job=\"postgres\",instance=\"postgres-exporter:9187\"}";
        String self = "up{job=\"prometheus\",instance=\"localhost:9090\"}";
        List<Map<String, Object>> exporterOnly = List.of(series(cadvisor, "0x3"), series(ksm, "0x3"), series(exporter, "1x3"),
                series(self, "1x3"));
        List<Object> tests = List.of(
                query(List.of(series(cadvisor, "1x3"), series(ksm, "1x3"), series(self, "1x3")), all, true),
                query(exporterOnly, all, false),
                query(List.of(series(cadvisor, "1x3"), series(ksm, "0x3")), all, false),
                query(List.of(series(cadvisor, "0x3"), series(ksm, "1x3")), all, false),
                query(exporterOnly, neither, true),
                query(List.of(series(self, "1x3"), series(exporter, "0x3")), neither, false));
        Path file = dir.resolve("smoke-query-test.yml");
        Files.writeString(file, YamlTree.dump(Map.of("rule_files", List.of(), "evaluation_interval", "1m", "tests", tests)));
        ProcessRun test = ProcessRun.of("promtool", "test", "rules", file.toString());
        assertEquals(0, test.exit(), test.out());
    }

    /** The query smoke-prometheus asks Prometheus, as its URL carries it. */
    private static String smokeQuery(Manifests render) {
        String url = Manifests.literalEnv(container(render.one("Pod", OBSERVABILITY, "smoke-prometheus"))).get("URL");
        return java.net.URLDecoder.decode(url.substring(url.indexOf("?query=") + 7), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A promtool test that {@code expr} holds one sample (with no labels) at 2m on these series, or none. */
    private static Map<String, Object> query(List<Map<String, Object>> series, String expr, boolean holds) {
        List<Object> samples = holds ? List.of(Map.of("labels", "{}", "value", 1)) : List.of();
        return Map.of("interval", "1m", "input_series", series, "promql_expr_test",
                List.of(Map.of("expr", expr, "eval_time", "2m", "exp_samples", samples)));
    }

    /** A platform without Vault gets no Vault alert: it would watch objects nobody renders, and never fire. */
    @Test
    void withVaultOffNoVaultAlertIsRendered() throws IOException {
        Rendered off = ServiceCallsTest.generate(dir.resolve("no-vault"), """
                chart: {name: shop, appVersion: "1.0.0"}
                services:
                  orders:
                    image: {repository: orders, tag: "1.0.0"}
                    vaultInit: {enabled: false}
                vault: {enabled: false}
                """);
        String rules = configFile(new Manifests(off.render(List.of(), Map.of())), "prometheus-config", "rules.yml");
        assertTrue(rules.contains("ShopTargetDown"), rules);
        assertFalse(rules.contains("VaultUnavailable") || rules.contains("VaultTokenRenewal"), rules);
    }

    /** A scrape interval given at install time outside 5s to 2m is refused as the spec refuses it. */
    @Test
    void aScrapeIntervalTheRulesCannotUseIsRefusedAtInstall() {
        for (String interval : List.of("10m", "0s", "500ms", "2562047788015216h")) {
            String refused = renderFails(List.of(), Map.of("observability.prometheus.scrapeInterval", interval));
            assertTrue(refused.contains("observability: observability.prometheus.scrapeInterval \"" + interval
                    + "\" is outside 5s to 2m"), refused);
        }
        assertTrue(charts.render(List.of(), Map.of("observability.prometheus.scrapeInterval", "1m")).contains("scrape_interval: 1m"));
    }

    /**
     * An egress to the API server or the kubelets given no ports at install time would open every port, and one given
     * no range every address: refused.
     */
    @Test
    void anAddressRangeEgressWithoutPortsIsRefusedAtInstall() throws IOException {
        Path values = Files.writeString(dir.resolve("no-ports.yaml"), "observability:\n  networkPolicy:\n    apiServer: {ports: []}\n");
        InputException api = assertThrows(InputException.class, () -> charts.render(List.of(values.toString()), Map.of()));
        assertTrue(api.getMessage().contains("observability: set networkPolicy.apiServer.ports, the TCP ports of the API server"),
                api.getMessage());
        Files.writeString(values, "observability:\n  kubelet:\n    networkPolicy: {ports: []}\n");
        InputException kubelet = assertThrows(InputException.class, () -> charts.render(List.of(values.toString()), Map.of()));
        assertTrue(kubelet.getMessage().contains("observability: set kubelet.networkPolicy.ports, the TCP ports of the kubelets"),
                kubelet.getMessage());
        Files.writeString(values, "observability:\n  kubelet:\n    networkPolicy: {cidrs: []}\n");
        InputException nowhere = assertThrows(InputException.class, () -> charts.render(List.of(values.toString()), Map.of()));
        assertTrue(nowhere.getMessage().contains("observability: set kubelet.networkPolicy.cidrs, at least one range"),
                nowhere.getMessage());
    }

    /**
     * A container's restart counter for a series every 10 s: a sample every 30 s from 10 s on (10 s off the minute),
     * 0 until minute 6, then one more restart a minute {@code times} times.
     */
    private static String restarts(int times) {
        StringBuilder values = new StringBuilder();
        for (int tick = 0; tick <= 72; tick++) {
            int seconds = tick * 10;
            values.append(tick % 3 != 1 ? "_" : String.valueOf(Math.max(0, Math.min(times, seconds / 60 - 5)))).append(' ');
        }
        return values.toString().strip();
    }

    /** The Kafka exporter's high-water offset of partition 0 of {@code topic}. */
    private static String dlq(String topic) {
        return "kafka_topic_partition_current_offset{job=\"kafka\",topic=\"" + topic + "\",partition=\"0\"}";
    }

    private static Map<String, Object> series(String series, String values) {
        return Map.of("series", series, "values", values);
    }

    /**
     * A promtool unit test: its series every {@code interval}, and at {@code at} exactly these alerts firing (their
     * labels besides the rule's own; the annotations the rule gives).
     */
    private static Map<String, Object> test(String interval, List<Map<String, Object>> series, String at,
                                            Map<String, List<Map<String, String>>> firing, Map<String, Map<String, Object>> rules) {
        List<Object> expected = new java.util.ArrayList<>();
        firing.forEach((alert, labelSets) -> {
            List<Object> alertsOfIt = new java.util.ArrayList<>();
            for (Map<String, String> labels : labelSets) {
                Map<String, Object> all = new java.util.TreeMap<>(labels);
                all.putAll(map(rules.get(alert), "labels"));
                alertsOfIt.add(Map.of("exp_labels", all, "exp_annotations", map(rules.get(alert), "annotations")));
            }
            expected.add(Map.of("eval_time", at, "alertname", alert, "exp_alerts", alertsOfIt));
        });
        return Map.of("interval", interval, "input_series", series, "alert_rule_test", expected);
    }

    @Test
    void promtoolWouldCatchABrokenConfig() throws IOException {
        ExternalTool.PROMTOOL.require();
        ProcessRun typo = promtool("scrape_configs:\n  - job_name: x\n    relabel_configs:\n      - action: kepp\n");
        assertTrue(typo.exit() != 0, typo.out());
        ProcessRun regex = promtool("scrape_configs:\n  - job_name: x\n    relabel_configs:\n      - source_labels: [a]\n"
                + "        regex: \"(unclosed\"\n        target_label: b\n");
        assertTrue(regex.exit() != 0, regex.out());
    }

    @Test
    void prometheusDiscoversAnnotatedPodsAndTheExporter() {
        Map<String, Object> config = document(configFile(dev, "prometheus-config", "prometheus.yml"));
        Map<String, Map<String, Object>> jobs = new java.util.TreeMap<>();
        list(config, "scrape_configs").forEach(j -> jobs.put((String) map(j).get("job_name"), map(j)));
        assertEquals(Set.of("prometheus", "kubernetes-pods", "postgres", "kafka", "kube-state-metrics", "kubernetes-cadvisor",
                "kubernetes-kubelet"), jobs.keySet());
        String pods = jobs.get("kubernetes-pods").toString();
        for (String annotation : List.of("scrape", "path", "port", "scheme")) {
            assertTrue(pods.contains("__meta_kubernetes_pod_annotation_prometheus_io_" + annotation), annotation);
        }
        Map<String, Object> keep = map(list(jobs.get("kubernetes-pods"), "relabel_configs").get(0));
        assertEquals("keep", keep.get("action"));
        assertEquals("true", keep.get("regex"));
        List<Object> namespaces = list(map(list(jobs.get("kubernetes-pods"), "kubernetes_sd_configs").get(0)), "namespaces", "names");
        assertTrue(namespaces.containsAll(ProductNamespaces.SERVICES), namespaces.toString());
        assertTrue(namespaces.containsAll(List.of(POSTGRES, ROUTER, WEB, NS)), namespaces.toString());
        assertEquals(List.of("postgres-exporter." + NS + ".svc.cluster.local:9187"),
                list(map(list(jobs.get("postgres"), "static_configs").get(0)), "targets"));
        assertEquals(List.of("kafka-exporter." + NS + ".svc.cluster.local:9308"),
                list(map(list(jobs.get("kafka"), "static_configs").get(0)), "targets"));
    }

    /**
     * The kubernetes-pods job's target address, as Prometheus' relabelling makes it from a discovered pod: the pod's IP
     * with its prometheus.io/port, an IPv6 address in brackets (an IPv6-only or IPv6-first cluster), whichever
     * container port (or none, a container without ports) the discovery found.
     */
    @Test
    void prometheusScrapesAnAnnotatedPodOnItsIpv4OrIpv6AddressAndItsAnnotatedPort() {
        for (Manifests docs : List.of(dev, prod)) {
            Map<String, Object> pods = list(document(configFile(docs, "prometheus-config", "prometheus.yml")), "scrape_configs")
                    .stream().map(j -> map(j)).filter(j -> "kubernetes-pods".equals(j.get("job_name"))).findFirst().orElseThrow();
            String port = "__meta_kubernetes_pod_annotation_prometheus_io_port";
            String ip = "__meta_kubernetes_pod_ip";
            assertEquals("10.1.2.3:9090", address(pods, Map.of("__address__", "10.1.2.3:4000", ip, "10.1.2.3", port, "9090")));
            assertEquals("10.1.2.3:9090", address(pods, Map.of("__address__", "10.1.2.3", ip, "10.1.2.3", port, "9090")));
            assertEquals("[fd00:ec2::5]:9090", address(pods, Map.of("__address__", "[fd00:ec2::5]:4000", ip, "fd00:ec2::5",
                    port, "9090")));
            assertEquals("[fd00:ec2::5]:9090", address(pods, Map.of("__address__", "fd00:ec2::5", ip, "fd00:ec2::5", port, "9090")));
        }
    }

    /**
     * {@code __address__} after a job's replace rules that set it, applied in order as Prometheus does: the source
     * labels joined by ';', the regular expression anchored at both ends, $n replaced by the groups.
     */
    private static String address(Map<String, Object> job, Map<String, String> discovered) {
        Map<String, String> labels = new java.util.HashMap<>(discovered);
        for (Object r : list(job, "relabel_configs")) {
            Map<String, Object> rule = map(r);
            if ("__address__".equals(rule.get("target_label"))) {
                assertEquals("replace", rule.getOrDefault("action", "replace"), rule.toString());
                String value = list(rule, "source_labels").stream().map(l -> labels.getOrDefault(l, ""))
                        .collect(java.util.stream.Collectors.joining(";"));
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(?:" + rule.get("regex") + ")$").matcher(value);
                if (m.matches()) {
                    labels.put("__address__", m.replaceFirst(String.valueOf(rule.get("replacement"))));
                }
            }
        }
        return labels.get("__address__");
    }

    /**
     * Every rendered pod is scraped by at most one job (two jobs on one pod double every series), and the router,
     * the services, Loki and Promtail by exactly one: the pods' annotations through {@code kubernetes-pods}. Each
     * job is evaluated as Prometheus would: pod discovery in its namespaces through its keep/drop relabel rules,
     * static targets through the Service they name.
     */
    @Test
    void everyPodIsScrapedByOneJobAtMost() {
        for (Manifests docs : List.of(dev, prod)) {
            Map<String, Object> config = document(configFile(docs, "prometheus-config", "prometheus.yml"));
            Map<String, List<String>> jobsOf = new java.util.TreeMap<>();
            for (Map<String, Object> workload : ScrapeTargets.workloads(docs)) {
                jobsOf.put(name(workload), ScrapeTargets.jobsScraping(config, docs, workload));
            }
            jobsOf.forEach((pod, jobs) -> assertTrue(jobs.size() <= 1, pod + " is scraped by " + jobs));
            assertEquals(List.of("kubernetes-pods"), jobsOf.get(ROUTER + "/router"), "the router, once");
            assertEquals(List.of("postgres"), jobsOf.get(NS + "/postgres-exporter"));
            assertEquals(List.of("kafka"), jobsOf.get(NS + "/kafka-exporter"));
            for (Map<String, Object> workload : ScrapeTargets.workloads(docs)) {
                if ("true".equals(map(workload, "spec", "template", "metadata", "annotations").get("prometheus.io/scrape"))) {
                    assertEquals(List.of("kubernetes-pods"), jobsOf.get(name(workload)), name(workload) + " is annotated");
                }
            }
        }
    }

    @Test
    void theScrapeEvaluatorSeesASecondJobOnTheRouter() {
        Map<String, Object> config = document(configFile(dev, "prometheus-config", "prometheus.yml"));
        Map<String, Object> routerJob = Map.of("job_name", "apollo-router",
                "kubernetes_sd_configs", List.of(Map.of("role", "pod", "namespaces", Map.of("names", List.of(ROUTER)))),
                "relabel_configs", List.of(Map.of("source_labels", List.of("__meta_kubernetes_pod_label_app_kubernetes_io_name"),
                        "action", "keep", "regex", "router")));
        List<Object> jobs = new java.util.ArrayList<>(list(config, "scrape_configs"));
        jobs.add(routerJob);
        Map<String, Object> doubled = new java.util.HashMap<>(config);
        doubled.put("scrape_configs", jobs);
        Map<String, Object> router = dev.one("Deployment", ROUTER, "router");
        assertEquals(List.of("kubernetes-pods", "apollo-router"), ScrapeTargets.jobsScraping(doubled, dev, router));
        Map<String, Object> web = dev.one("Deployment", WEB, "web");
        assertEquals(List.of(), ScrapeTargets.jobsScraping(doubled, dev, web));
    }

    @Test
    void prometheusRunsAs65534WithItsConfigAPvcAndReadOnlyDiscoveryRbac() {
        Map<String, Object> sts = dev.one("StatefulSet", NS, "prometheus");
        Map<String, Object> pod = map(sts, "spec", "template", "spec");
        assertEquals("prometheus", map(sts, "spec", "template", "metadata", "labels").get("app.kubernetes.io/name"),
                "the umbrella's prometheus-to-services policy selects this label");
        assertEquals(65534, map(pod, "securityContext").get("runAsUser"));
        assertEquals(true, pod.get("automountServiceAccountToken"), "Prometheus calls the API");
        assertEquals(true, dev.one("ServiceAccount", NS, "prometheus").get("automountServiceAccountToken"));
        Map<String, Object> c = container(sts);
        assertEquals("prom/prometheus:v2.55.1", c.get("image"));
        assertTrue(list(c, "args").contains("--config.file=/etc/prometheus/prometheus.yml"));
        assertEquals("local-path", map(map(list(sts, "spec", "volumeClaimTemplates").get(0)), "spec").get("storageClassName"));
        assertEquals("10Gi", map(map(list(sts, "spec", "volumeClaimTemplates").get(0)), "spec", "resources", "requests").get("storage"));
        assertEquals("50Gi", map(map(list(prod.one("StatefulSet", NS, "prometheus"), "spec", "volumeClaimTemplates").get(0)),
                "spec", "resources", "requests").get("storage"), "prod's larger volume");

        // what it may read is what its scrape configs discover, no more: cluster-wide what they discover in every
        // namespace (the nodes), and in each namespace they name, through a Role there, what they discover in it
        Map<String, Object> config = document(configFile(dev, "prometheus-config", "prometheus.yml"));
        java.util.Set<String> clusterWide = new java.util.LinkedHashSet<>();
        Map<String, java.util.Set<String>> namespaced = new java.util.TreeMap<>();
        for (Object scrape : list(config, "scrape_configs")) {
            for (Object sd : map(scrape).containsKey("kubernetes_sd_configs") ? list(scrape, "kubernetes_sd_configs") : List.of()) {
                List<String> resources = switch (String.valueOf(map(sd).get("role"))) {
                    case "pod" -> List.of("pods");
                    case "node" -> List.of("nodes");
                    default -> throw new AssertionError("kubernetes_sd role " + map(sd).get("role") + ": name what it watches here");
                };
                if (map(sd).containsKey("namespaces")) {
                    list(sd, "namespaces", "names").forEach(ns -> namespaced.computeIfAbsent(String.valueOf(ns),
                            n -> new java.util.LinkedHashSet<>()).addAll(resources));
                } else {
                    clusterWide.addAll(resources);
                }
            }
        }
        Map<String, Object> role = dev.ofKind("ClusterRole").stream()
                .filter(r -> String.valueOf(map(r, "metadata").get("name")).endsWith("-prometheus")).findFirst().orElseThrow();
        assertEquals(List.of(
                        Map.of("apiGroups", List.of(""), "resources", List.copyOf(clusterWide), "verbs", List.of("get", "list", "watch")),
                        // the kubelet's cAdvisor endpoint, and not nodes/proxy
                        Map.of("apiGroups", List.of(""), "resources", List.of("nodes/metrics"), "verbs", List.of("get"))),
                list(role, "rules"));
        assertFalse(list(role, "rules").toString().contains("proxy"));
        Map<String, Object> binding = dev.ofKind("ClusterRoleBinding").stream()
                .filter(r -> String.valueOf(map(r, "metadata").get("name")).endsWith("-prometheus")).findFirst().orElseThrow();
        assertEquals(Map.of("kind", "ServiceAccount", "name", "prometheus", "namespace", NS), map(list(binding, "subjects").get(0)));
        assertEquals(map(role, "metadata").get("name"), map(binding, "roleRef").get("name"));
        assertFalse(namespaced.isEmpty(), "the pods it scrapes are discovered in named namespaces");
        String name = String.valueOf(map(role, "metadata").get("name"));
        assertEquals(namespaced.keySet(), new java.util.TreeSet<>(dev.ofKind("Role").stream()
                .filter(r -> name.equals(map(r, "metadata").get("name"))).map(r -> String.valueOf(map(r, "metadata").get("namespace"))).toList()));
        namespaced.forEach((ns, resources) -> {
            assertEquals(List.of(Map.of("apiGroups", List.of(""), "resources", List.copyOf(resources),
                    "verbs", List.of("get", "list", "watch"))), list(dev.one("Role", ns, name), "rules"), ns);
            Map<String, Object> roleBinding = dev.one("RoleBinding", ns, name);
            assertEquals(Map.of("apiGroup", "rbac.authorization.k8s.io", "kind", "Role", "name", name), map(roleBinding, "roleRef"));
            assertEquals(List.of(Map.of("kind", "ServiceAccount", "name", "prometheus", "namespace", NS)), list(roleBinding, "subjects"));
        });
    }

    // ------------------------------------------------------------------ Loki

    /**
     * Dev: Loki on the in-cluster MinIO (the plan's choice), through the S3 API in path style over plain HTTP, with the
     * endpoint and keys of the Secret the minio chart writes into the observability namespace; its egress is MinIO's
     * pods on the API port (not the internet), and MinIO admits it.
     */
    @Test
    void lokiStoresOnTheInClusterMinioInDev() {
        io.neotool.charts.model.PlatformSpec spec = TestPaths.loadSpec().base();
        io.neotool.charts.model.ObservabilitySpec.S3 wanted = spec.observability().loki().s3();
        assertEquals("s3", spec.observability().loki().storageType(), "the plan: Loki on MinIO in dev");
        assertEquals("minio", spec.global().objectStorage().provider());
        Map<String, Object> devConfig = document(configFile(dev, "loki-config", "loki.yaml"));
        assertEquals(Set.of("s3"), map(devConfig, "common", "storage").keySet());
        Map<String, Object> s3 = map(devConfig, "common", "storage", "s3");
        assertEquals("${LOKI_S3_ENDPOINT}", s3.get("endpoint"));
        assertEquals(wanted.bucket(), s3.get("bucketnames"));
        assertTrue(spec.minio().buckets().contains(wanted.bucket()), "the minio chart creates Loki's bucket");
        assertEquals(true, s3.get("s3forcepathstyle"), "MinIO serves buckets by path");
        assertEquals(true, s3.get("insecure"), "MinIO's endpoint is plain http");
        assertEquals(wanted.region(), s3.get("region"));
        Map<String, Object> devSchema = map(list(devConfig, "schema_config", "configs").get(0));
        assertEquals("tsdb", devSchema.get("store"));
        assertEquals("s3", devSchema.get("object_store"));
        assertEquals("24h", map(devSchema, "index").get("period"));
        assertEquals("s3", map(devConfig, "storage_config", "tsdb_shipper").get("shared_store"));
        assertEquals("s3", map(devConfig, "compactor").get("shared_store"));

        Map<String, Object> loki = container(dev.one("StatefulSet", NS, "loki"));
        assertTrue(list(loki, "args").contains("-config.expand-env=true"), "${VAR} needs -config.expand-env");
        Map<String, Object> secret = dev.one("Secret", NS, wanted.secretName());
        assertEquals(spec.minio().clientSecret().name(), wanted.secretName());
        for (String[] pair : new String[][] {{"LOKI_S3_ENDPOINT", "endpoint"}, {"LOKI_S3_ACCESS_KEY_ID", "access-key-id"},
                {"LOKI_S3_SECRET_ACCESS_KEY", "secret-access-key"}}) {
            assertEquals(Map.of("name", wanted.secretName(), "key", pair[1]), map(env(loki, pair[0]), "valueFrom", "secretKeyRef"));
            assertTrue(map(secret, "data").containsKey(pair[1]), "the minio chart's Secret has " + pair[1]);
        }
        String endpoint = new String(java.util.Base64.getDecoder().decode(String.valueOf(map(secret, "data").get("endpoint"))),
                java.nio.charset.StandardCharsets.UTF_8);
        assertEquals("http://minio." + wanted.minio().namespace() + ".svc.cluster.local:" + wanted.minio().port(), endpoint);

        String policy = map(dev.one("NetworkPolicy", NS, "loki"), "spec").toString();
        assertFalse(policy.contains("port=443"), "no internet egress in dev: " + policy);
        assertTrue(policy.contains("kubernetes.io/metadata.name=" + wanted.minio().namespace()) && policy.contains("port=" + wanted.minio().port()),
                policy);
        Map<String, Object> minioSide = dev.one("NetworkPolicy", wanted.minio().namespace(), "minio-" + wanted.minio().port() + "-from-loki");
        assertTrue(map(minioSide, "spec").toString().contains("app.kubernetes.io/name=loki"), minioSide.toString());
    }

    @Test
    void lokiStoresOnR2InProdWithA24hTsdbIndex() {
        Map<String, Object> prodConfig = document(configFile(prod, "loki-config", "loki.yaml"));
        Map<String, Object> s3 = map(prodConfig, "common", "storage", "s3");
        assertEquals(Set.of("s3"), map(prodConfig, "common", "storage").keySet());
        assertEquals("${LOKI_S3_ENDPOINT}", s3.get("endpoint"));
        assertEquals("auto", s3.get("region"));
        assertEquals(true, s3.get("s3forcepathstyle"));
        assertEquals("neotool-loki", s3.get("bucketnames"));
        assertEquals("${LOKI_S3_ACCESS_KEY_ID}", s3.get("access_key_id"));
        assertEquals("${LOKI_S3_SECRET_ACCESS_KEY}", s3.get("secret_access_key"));
        Map<String, Object> prodSchema = map(list(prodConfig, "schema_config", "configs").get(0));
        assertEquals("s3", prodSchema.get("object_store"));
        assertEquals("24h", map(prodSchema, "index").get("period"));
        assertEquals("s3", map(prodConfig, "storage_config", "tsdb_shipper").get("shared_store"));
        // retention on, and no deletion API for whoever reaches 3100: lines leave by the retention period alone
        for (Manifests docs : List.of(dev, prod)) {
            Map<String, Object> config = document(configFile(docs, "loki-config", "loki.yaml"));
            assertEquals(true, map(config, "compactor").get("retention_enabled"));
            assertEquals("disabled", map(config, "limits_config").get("deletion_mode"));
        }

        Map<String, Object> loki = container(prod.one("StatefulSet", NS, "loki"));
        assertTrue(list(loki, "args").contains("-config.expand-env=true"), "${VAR} needs -config.expand-env");
        for (String[] pair : new String[][] {{"LOKI_S3_ENDPOINT", "endpoint"}, {"LOKI_S3_ACCESS_KEY_ID", "access-key-id"},
                {"LOKI_S3_SECRET_ACCESS_KEY", "secret-access-key"}}) {
            assertEquals(Map.of("name", "loki-r2", "key", pair[1]), map(env(loki, pair[0]), "valueFrom", "secretKeyRef"));
        }
        assertEquals(10001, map(prod.one("StatefulSet", NS, "loki"), "spec", "template", "spec", "securityContext").get("runAsUser"));
        // Loki reaches R2 on 443 in prod, and not MinIO
        assertTrue(map(prod.one("NetworkPolicy", NS, "loki"), "spec").toString().contains("port=443"));
        assertFalse(prodConfig.toString().contains("insecure"), "R2 is https");
        assertTrue(prod.ofKind("NetworkPolicy").stream().noneMatch(p -> name(p).endsWith("-from-loki")));
    }

    /**
     * Loki's memory follows its limit: the WAL replayed after a restart stops at 75 % of it (Loki's 4GB default could
     * take the pod over its limit), Go's soft limit is 90 %, its threads the CPU limit's, and queries
     * run 4 at a time; a limit set at install time moves them.
     */
    @Test
    void lokisMemoryFollowsItsLimit() throws Exception {
        for (Manifests m : List.of(dev, prod)) {
            Map<String, Object> loki = container(m.one("StatefulSet", NS, "loki"));
            BigDecimal limit = Quantity.parse((String) map(loki, "resources", "limits").get("memory"));
            long mib = limit.divide(BigDecimal.valueOf(1L << 20), 0, RoundingMode.FLOOR).longValue();
            Map<String, Object> config = document(configFile(m, "loki-config", "loki.yaml"));
            assertEquals(mib * 3 / 4 + "MB", map(config, "ingester", "wal").get("replay_memory_ceiling"), "MB is MiB to Loki");
            assertEquals(4, map(config, "querier").get("max_concurrent"));
            assertEquals(mib * 9 / 10 + "MiB", env(loki, "GOMEMLIMIT").get("value"));
            assertEquals(Map.of("containerName", "loki", "resource", "limits.cpu"),
                    map(env(loki, "GOMAXPROCS"), "valueFrom", "resourceFieldRef"));
        }
        Manifests raised = new Manifests(charts.render(List.of(), Map.of("observability.loki.resources.limits.memory", "3Gi")));
        assertEquals("2304MB", map(document(configFile(raised, "loki-config", "loki.yaml")), "ingester", "wal")
                .get("replay_memory_ceiling"));
        // a limit with an exponent, as Kubernetes reads it: 2 * 10^9 bytes are 1907.3 MiB
        Manifests exponent = new Manifests(charts.render(List.of(), Map.of("observability.loki.resources.limits.memory", "2e9")));
        assertEquals("1430MB", map(document(configFile(exponent, "loki-config", "loki.yaml")), "ingester", "wal")
                .get("replay_memory_ceiling"));
        assertEquals("1716MiB", env(container(exponent.one("StatefulSet", NS, "loki")), "GOMEMLIMIT").get("value"));
    }

    /**
     * Loki's region left empty is the platform's as the install sets it ({@code --set global.objectStorage.region}, an
     * Amazon S3 bucket's region), not the one the charts were generated with; with neither, the render says which to set.
     */
    @Test
    void lokisEmptyRegionIsThePlatformsAtInstallTime() {
        Map<String, String> set = Map.of("observability.loki.s3.region", "", "global.objectStorage.region", "eu-west-3");
        Manifests docs = new Manifests(charts.render(List.of("values-prod.yaml"), set));
        assertEquals("eu-west-3", map(document(configFile(docs, "loki-config", "loki.yaml")), "common", "storage", "s3")
                .get("region"));
        String neither = assertThrows(InputException.class, () -> charts.render(List.of("values-prod.yaml"),
                Map.of("observability.loki.s3.region", "", "global.objectStorage.region", ""))).getMessage();
        assertTrue(neither.contains("Loki on s3 needs loki.s3.region or global.objectStorage.region"), neither);
    }

    // ------------------------------------------------------------------ Grafana

    @Test
    void grafanaProvisionsBothDatasourcesAndTheFiveDashboardsFromFiles() throws IOException {
        Map<String, Object> datasources = document(configFile(dev, "grafana-datasources", "datasources.yaml"));
        Map<String, String> urls = new java.util.TreeMap<>();
        list(datasources, "datasources").forEach(d -> urls.put((String) map(d).get("type"), (String) map(d).get("url")));
        assertEquals(Map.of("prometheus", "http://prometheus." + NS + ".svc.cluster.local:9090",
                "loki", "http://loki." + NS + ".svc.cluster.local:3100"), urls);
        Map<String, Object> provider = map(list(document(configFile(dev, "grafana-dashboard-provider", "dashboards.yaml")),
                "providers").get(0));
        assertEquals("file", provider.get("type"));
        assertEquals("/etc/grafana/dashboards", map(provider, "options").get("path"));

        Map<String, Object> dashboards = map(dev.one("ConfigMap", NS, "grafana-dashboards"), "data");
        // the plan's five (section 6.3): overview, per service, PostgreSQL, Kafka, the Kubernetes cluster
        assertEquals(Set.of("overview.json", "services.json", "postgresql.json", "kafka.json",
                "kubernetes-cluster.json"), dashboards.keySet());
        ObjectMapper json = new ObjectMapper();
        for (Map.Entry<String, Object> e : dashboards.entrySet()) {
            JsonNode dashboard = json.readTree((String) e.getValue());
            assertFalse(dashboard.path("uid").asText().isEmpty(), e.getKey());
            assertTrue(dashboard.path("panels").size() >= 6, e.getKey());
            for (JsonNode panel : dashboard.path("panels")) {
                assertFalse(panel.path("targets").path(0).path("expr").asText().isEmpty(), e.getKey() + " " + panel.path("title"));
            }
        }
        String services = (String) dashboards.get("services.json");
        for (String metric : List.of("http_server_requests_seconds_count", "status=~\\\"5..\\\"", "http_server_requests_seconds_bucket",
                "jvm_memory_used_bytes")) {
            assertTrue(services.contains(metric), metric);
        }
        assertTrue(((String) dashboards.get("postgresql.json")).contains("pg_stat_database_xact_commit"));

        Map<String, Object> deployment = dev.one("Deployment", NS, "grafana");
        Map<String, Object> grafana = container(deployment);
        assertEquals("grafana/grafana:11.1.4", grafana.get("image"));
        assertEquals(472, map(deployment, "spec", "template", "spec", "securityContext").get("runAsUser"));
        Set<String> mounts = new java.util.TreeSet<>();
        list(grafana, "volumeMounts").forEach(m -> mounts.add((String) map(m).get("mountPath")));
        assertTrue(mounts.containsAll(Set.of("/etc/grafana/provisioning/datasources", "/etc/grafana/provisioning/dashboards",
                "/etc/grafana/dashboards", "/var/lib/grafana")), mounts.toString());
    }

    @Test
    void grafanasAdminPasswordIsGeneratedOnceInDevAndTheOperatorsInProd() {
        Map<String, Object> secret = dev.one("Secret", NS, "grafana-admin");
        Map<String, Object> annotations = map(secret, "metadata", "annotations");
        assertFalse(annotations.containsKey("helm.sh/hook"), "a release resource, created after its namespace");
        assertFalse(annotations.containsKey("helm.sh/resource-policy"), "Grafana's emptyDir keeps nothing it would need");
        assertEquals(32, java.util.Base64.getDecoder().decode((String) map(secret, "data").get("admin-password")).length);
        assertEquals(Map.of("name", "grafana-admin", "key", "admin-password"),
                map(env(container(dev.one("Deployment", NS, "grafana")), "GF_SECURITY_ADMIN_PASSWORD"), "valueFrom", "secretKeyRef"));

        // (the one Secret the charts write there in prod is the postgres chart's, for the exporter)
        assertEquals(List.of(NS + "/postgres-credentials"), prod.ofKind("Secret").stream().map(s -> name(s))
                .filter(n -> n.startsWith(NS + "/")).toList(), "prod: the operator's Secret");
        assertEquals(Map.of("name", "grafana-admin", "key", "admin-password"),
                map(env(container(prod.one("Deployment", NS, "grafana")), "GF_SECURITY_ADMIN_PASSWORD"), "valueFrom", "secretKeyRef"));
        Map<String, Object> other = new Manifests(charts.render(List.of(),
                Map.of("observability.grafana.admin.existingSecret", "my-grafana"))).one("Deployment", NS, "grafana");
        assertEquals("my-grafana", map(env(container(other), "GF_SECURITY_ADMIN_PASSWORD"), "valueFrom", "secretKeyRef").get("name"));
    }

    /**
     * Grafana's Ingress (observability.grafana.ingress): the whole host to Grafana, which takes the first host as its
     * root URL; the ingress controller is let in; TLS in prod; a sub-path is refused. Off by default: no Ingress.
     */
    @Test
    void grafanasIngressServesTheWholeHostAndGivesGrafanaItsRootUrl() {
        assertTrue(dev.ofKind("Ingress").stream().noneMatch(i -> name(i).equals(NS + "/grafana")), "off by default");
        Map<String, String> on = new java.util.TreeMap<>(Map.of("observability.grafana.ingress.enabled", "true",
                "observability.grafana.ingress.hosts[0].host", "grafana.example.com"));
        Manifests docs = new Manifests(charts.render(List.of(), on));
        Map<String, Object> rule = map(list(docs.one("Ingress", NS, "grafana"), "spec", "rules").get(0));
        assertEquals("grafana.example.com", rule.get("host"));
        Map<String, Object> path = map(list(rule, "http", "paths").get(0));
        assertEquals("/", path.get("path"));
        assertEquals(Map.of("name", "grafana", "port", Map.of("number", 3000)), map(path, "backend", "service"));
        assertEquals("http://grafana.example.com/", env(container(docs.one("Deployment", NS, "grafana")), "GF_SERVER_ROOT_URL")
                .get("value"));
        assertFalse(String.valueOf(container(dev.one("Deployment", NS, "grafana"))).contains("GF_SERVER_ROOT_URL"));
        io.neotool.charts.verify.NetworkPolicies.Pod traefik = new io.neotool.charts.verify.NetworkPolicies.Pod("traefik",
                "kube-system", Map.of("app.kubernetes.io/name", "traefik"), List.of("8000/TCP"));
        io.neotool.charts.verify.NetworkPolicies.Pod grafana = io.neotool.charts.verify.NetworkPolicies.renderedPods(docs)
                .stream().filter(p -> p.name().equals("grafana")).findFirst().orElseThrow();
        assertTrue(new io.neotool.charts.verify.NetworkPolicies(docs).allows(traefik, grafana, "3000/TCP"));
        assertTrue(charts.install(on).contains("Grafana (observability.grafana.ingress):\n  http://grafana.example.com/\n"));

        String noTls = assertThrows(io.neotool.charts.InputException.class,
                () -> charts.render(List.of("values-prod.yaml"), on)).getMessage();
        assertTrue(noTls.contains("observability: the Ingress has no TLS and global.environment is prod"), noTls);
        on.put("observability.grafana.ingress.path", "/grafana");
        String subPath = assertThrows(io.neotool.charts.InputException.class, () -> charts.render(List.of(), on)).getMessage();
        assertTrue(subPath.contains("Grafana is served at the root of its hosts"), subPath);
    }

    // ------------------------------------------------------------------ Promtail, the exporter

    /**
     * Promtail labels each line with its level: a JSON line's level field, a text line's level after the timestamp
     * and bracketed fields, logfmt's level=, Vault's bracketed level, PostgreSQL's and PgBouncer's level after the pid,
     * klog's letter as its level's name. No stage is Promtail's logfmt, which logs an error of its own for every line
     * that is not logfmt (those errors would fill the platform's error-log panel).
     * The rendered stages run in their order on lines in the formats the platform writes (the regexes in RE2, the
     * named group in Java's spelling; a later stage that matches sets the level again, as in Promtail).
     */
    @Test
    void promtailLabelsTheLevelOfEveryComponentsLines() {
        Map<String, Object> config = document(configFile(dev, LOGGING, "promtail-config", "promtail.yaml"));
        List<Object> stages = list(map(list(config, "scrape_configs").get(0)), "pipeline_stages");
        assertEquals(Map.of("expressions", Map.of("level", "level")), map(stages.get(3), "json"), "a JSON line's field");
        assertTrue(map(stages.get(stages.size() - 1), "labels").containsKey("level"), "the last stage makes it a label");
        assertTrue(stages.stream().noneMatch(stage -> map(stage).containsKey("logfmt")), stages.toString());
        String template = String.valueOf(map(stages.get(stages.size() - 2), "template").get("template"));
        Map.of("I", "INFO", "W", "WARN", "E", "ERROR", "F", "FATAL").forEach((letter, name) -> assertTrue(
                template.contains("eq $v \"" + letter + "\"") && template.contains("\" }}" + name + "{{"), template));
        assertTrue(template.startsWith("{{ with .Value }}{{ $v := ToUpper . }}") && template.endsWith("}}{{ $v }}{{ end }}{{ end }}"),
                "a line without a level keeps none: " + template);
        java.util.regex.Matcher known = java.util.regex.Pattern.compile("\\{\\{ else if eq \\$v ((?:\"[A-Z]+\" ?){3,})}}\\{\\{ \\$v }}")
                .matcher(template);
        assertTrue(known.find(), "the level names kept: " + template);
        List<String> levelNames = java.util.Arrays.stream(known.group(1).trim().split(" ")).map(n -> n.replace("\"", "")).toList();
        assertTrue(levelNames.containsAll(List.of("DEBUG", "INFO", "WARN", "ERROR", "FATAL", "LOG")), levelNames.toString());
        String kafkaLayout = configFile(dev, TestPaths.loadSpec().base().kafka().namespace(), "kafka-log4j", "log4j.properties");
        assertTrue(kafkaLayout.contains("ConversionPattern=[%d] %p %m (%c)%n"), kafkaLayout);
        Map<String, String> levels = new java.util.LinkedHashMap<>();
        levels.put("14:02:11.412 [] INFO  i.m.c.DefaultApplicationContext - Started in 2 s", "INFO");
        levels.put("14:02:11.412 [7f3a-9] ERROR i.g.s.n.security.JwtTokenValidator - key missing", "ERROR");
        levels.put("[2026-12-02 14:02:11,412] WARN [RaftManager id=0] Connection refused (org.apache.kafka.raft.RaftClient)", "WARN");
        levels.put("2026-12-02T14:02:11.412Z DEBUG started", "DEBUG");
        levels.put("{\"@timestamp\":\"2026-12-02T14:02:11Z\",\"message\":\"Got ERROR from x\",\"level\":\"INFO\"}", "INFO");
        levels.put("GET /health 200 in 3 ms, nothing about ERROR here", "");
        levels.put("logger=sqlstore t=2026-12-02T14:02:11Z level=error msg=\"database locked\"", "ERROR");
        levels.put("ts=2026-12-02T14:02:11.412Z caller=main.go:1 level=warn msg=\"rule evaluation slow\"", "WARN");
        levels.put("2026-12-02T14:02:11.412Z [ERROR] core: failed to unseal", "ERROR");
        levels.put("2026-12-02 14:02:11.412 UTC [42] FATAL:  password authentication failed for user \"app\"", "FATAL");
        levels.put("2026-12-02 14:02:11.412 UTC [42] LOG:  checkpoint complete", "LOG");
        levels.put("2026-12-02 14:02:11.412 UTC [1] ERROR closing because: server conn crashed?", "ERROR");
        levels.put("level=info ts=2026-12-02T14:02:11.412Z caller=table_manager.go:1 msg=\"uploading tables\"", "INFO");
        levels.put("E1205 08:00:00.123456       1 reflector.go:147] failed to list *v1.Pod: pods is forbidden", "ERROR");
        levels.put("I1205 08:00:00.123456       1 kafka_exporter.go:792] Starting kafka_exporter", "INFO");
        levels.put("W1205 08:00:00.123456 1 main.go:1] slow", "WARN");
        levels.put("GET /health 200 in 3 ms, level=bogus in the message", "");
        // no label from a value that is no level's name: a JSON or logfmt line cannot make a stream per value
        levels.put("{\"level\":\"x-" + System.nanoTime() + "\",\"message\":\"made up\"}", "");
        levels.put("level=Z9" + System.nanoTime() + " msg=\"made up\"", "");
        // one value per level, whatever the case and spelling: a level cannot multiply a pod's streams either
        levels.put("{\"level\":\"warning\",\"message\":\"lower case, a level all the same\"}", "WARN");
        levels.put("{\"level\":\"wArNiNg\",\"message\":\"mixed case\"}", "WARN");
        levels.put("{\"level\":\"Err\",\"message\":\"short\"}", "ERROR");
        levels.put("2026-12-02 14:02:11.412 UTC [42] WARNING:  there is no transaction in progress", "WARN");
        levels.put("\tadvertised.listeners = PLAINTEXT://kafka-0.kafka-headless:9092", "");
        levels.forEach((line, level) -> assertEquals(level, levelOf(stages, levelNames, line), line));

        // Vault's dev mode prints its credentials at start (command/server.go): those lines are dropped, others kept
        java.util.regex.Pattern dropped = java.util.regex.Pattern.compile(String.valueOf(map(stages.get(1), "drop").get("expression")));
        for (String line : List.of("Unseal Key: 6eGt0Zq1bS4kQWmB9mXc2vJ8yL3nR7pA5hD1fK0uE=", "Root Token: hvs.x8Yq2LmN4pR6tV")) {
            assertTrue(dropped.matcher(line).find(), line);
        }
        for (String line : List.of("2026-12-02T14:02:11.412Z [INFO]  core: root token generated",
                "The unseal key and root token are displayed below in case you want to")) {
            assertFalse(dropped.matcher(line).find(), line);
        }

        // Loki's own lines of every query while deleting is off (its querier's error and its compactor's warning), and
        // only those, only Loki's
        Map<String, Object> loki = map(stages.get(2), "match");
        assertEquals("drop", loki.get("action"));
        java.util.regex.Matcher selector = java.util.regex.Pattern.compile("^\\{app=\"loki\"\\} \\|~ \"(.*)\"$")
                .matcher(String.valueOf(loki.get("selector")));
        assertTrue(selector.matches(), String.valueOf(loki.get("selector")));
        java.util.regex.Pattern lokiNoise = java.util.regex.Pattern.compile(selector.group(1));
        for (String line : List.of("level=error ts=2026-12-06T02:10:11.2Z caller=gennumber_loader.go:137 msg=\"error loading "
                + "cache generation numbers\" err=\"rpc error: code = Unknown desc = deletion is not available for this tenant\"",
                "level=warn ts=2026-12-06T02:10:11.2Z caller=grpc_logging.go:78 method=/grpc.Compactor/GetCacheGenNumbers "
                        + "duration=41.2µs err=\"deletion is not available for this tenant\" msg=gRPC")) {
            assertTrue(lokiNoise.matcher(line).find(), line);
        }
        assertFalse(lokiNoise.matcher("level=error ts=2026-12-06T02:10:11.2Z caller=flush.go:143 msg=\"failed to flush\"").find());
    }

    /**
     * The level the pipeline's json, regex and template stages extract from a line, in their order ("" for none), the
     * template keeping the {@code levelNames} it names.
     */
    private static String levelOf(List<Object> stages, List<String> levelNames, String line) {
        String level = "";
        for (Object stage : stages) {
            Map<String, Object> s = map(stage);
            if (s.containsKey("json") && line.startsWith("{")) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"level\":\"([^\"]*)\"").matcher(line);
                level = m.find() ? m.group(1) : level;
            } else if (s.containsKey("regex")) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        String.valueOf(map(s, "regex").get("expression")).replace("(?P<", "(?<")).matcher(line);
                level = m.find() ? m.group("level") : level;
            } else if (s.containsKey("template")) {
                assertEquals("level", map(s, "template").get("source"));
                String upper = level.toUpperCase(java.util.Locale.ROOT);
                String named = Map.of("I", "INFO", "W", "WARN", "WARNING", "WARN", "E", "ERROR", "ERR", "ERROR", "F", "FATAL")
                        .get(upper);
                level = named != null ? named : levelNames.contains(upper) ? upper : "";
            }
        }
        return level;
    }

    /**
     * The core resources a config's kubernetes_sd roles watch (pod: pods, node: nodes, service: services, endpoints:
     * endpoints, and the pods and services those list), in the order of the ClusterRole's rule: what it may read, no more.
     */
    private static List<String> discoveredResources(String config) {
        java.util.Set<String> roles = new java.util.TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^\\s*-?\\s*role:\\s*(\\w+)").matcher(config);
        while (m.find()) {
            roles.add(m.group(1));
        }
        assertFalse(roles.isEmpty(), "the config discovers nothing through kubernetes_sd");
        java.util.Set<String> resources = new java.util.LinkedHashSet<>();
        for (String r : roles) {
            switch (r) {
                case "pod" -> resources.add("pods");
                case "node" -> resources.add("nodes");
                case "service" -> resources.add("services");
                case "endpoints" -> resources.addAll(List.of("pods", "services", "endpoints"));
                default -> throw new AssertionError("kubernetes_sd role " + r + ": name the resources it watches here");
            }
        }
        return List.copyOf(resources);
    }

    @Test
    void promtailTailsItsNodesPodLogsWithItsDocumentedExemption() {
        Map<String, Object> ds = dev.one("DaemonSet", LOGGING, "promtail");
        Map<String, Object> promtail = container(ds);
        assertEquals("grafana/promtail:2.9.0", promtail.get("image"));
        assertEquals("spec.nodeName", map(env(promtail, "HOSTNAME"), "valueFrom", "fieldRef").get("fieldPath"));
        Map<String, String> hostPaths = new java.util.TreeMap<>();
        list(ds, "spec", "template", "spec", "volumes").stream().map(YamlTree::map).filter(v -> v.containsKey("hostPath"))
                .forEach(v -> hostPaths.put((String) v.get("name"), (String) map(v, "hostPath").get("path")));
        assertEquals(Map.of("pods", "/var/log/pods", "positions", "/var/lib/promtail-" + LOGGING), hostPaths);
        // the pods of the namespaces Prometheus scrapes, the platform's; not every namespace of the cluster
        Map<String, Object> promtailConfig = document(configFile(dev, LOGGING, "promtail-config", "promtail.yaml"));
        Map<String, Object> prometheus = document(configFile(dev, "prometheus-config", "prometheus.yml"));
        Object scraped = map(list(list(prometheus, "scrape_configs").stream().filter(job -> "kubernetes-pods".equals(
                map(job).get("job_name"))).findFirst().orElseThrow(), "kubernetes_sd_configs").get(0)).get("namespaces");
        assertEquals(List.of(Map.of("role", "pod", "namespaces", scraped)),
                list(map(list(promtailConfig, "scrape_configs").get(0)), "kubernetes_sd_configs"));
        assertTrue(list(map(scraped), "names").contains(LOGGING) && list(map(scraped), "names").containsAll(ProductNamespaces.SERVICES),
                scraped.toString());
        Map<String, Object> annotations = map(ds, "metadata", "annotations");
        assertEquals("host-path,volume-types,run-as-non-root,automount-token", annotations.get("neotool.io/lint-exempt"));
        assertFalse(String.valueOf(annotations.get("neotool.io/lint-exempt-reason")).isBlank());
        Map<String, Object> sc = map(promtail, "securityContext");
        assertEquals(false, sc.get("allowPrivilegeEscalation"));
        assertEquals(true, sc.get("readOnlyRootFilesystem"));
        assertEquals(List.of("ALL"), map(sc, "capabilities").get("drop"));
        String config = configFile(dev, LOGGING, "promtail-config", "promtail.yaml");
        assertTrue(config.contains("__host__") && config.contains("/var/log/pods/*$1/*.log"), config);
        assertTrue(config.contains("http://loki." + NS + ".svc.cluster.local:3100/loki/api/v1/push"), config);
        // it reads pods in the namespaces it discovers them in, through a Role in each bound to its ServiceAccount in its
        // own namespace, and nothing cluster-wide
        for (Manifests docs : List.of(dev, prod)) {
            assertTrue(docs.ofKind("ClusterRole").stream().noneMatch(r -> name(r).endsWith("-promtail")), "no ClusterRole");
            List<Object> discovered = list(map(list(map(list(document(configFile(docs, LOGGING, "promtail-config",
                    "promtail.yaml")), "scrape_configs").get(0)), "kubernetes_sd_configs").get(0)), "namespaces", "names");
            List<Map<String, Object>> roles = docs.ofKind("Role").stream()
                    .filter(r -> String.valueOf(map(r, "metadata").get("name")).endsWith("-promtail")).toList();
            assertEquals(new java.util.TreeSet<>(discovered), new java.util.TreeSet<>(roles.stream()
                    .map(r -> map(r, "metadata").get("namespace")).toList()));
            for (Map<String, Object> role : roles) {
                String at = (String) map(role, "metadata").get("namespace");
                String roleName = (String) map(role, "metadata").get("name");
                assertEquals(List.of(Map.of("apiGroups", List.of(""), "resources", discoveredResources(config),
                        "verbs", List.of("get", "list", "watch"))), list(role, "rules"), at);
                assertEquals(List.of(Map.of("kind", "ServiceAccount", "name", "promtail", "namespace", LOGGING)),
                        list(docs.one("RoleBinding", at, roleName), "subjects"), at);
            }
            // on the nodes the services may run on (their tolerations), not on a tainted control plane
            boolean servicesTolerate = TestPaths.loadSpec().base().services().values().stream().anyMatch(s -> !s.tolerations().isEmpty());
            assertEquals(servicesTolerate, map(docs.one("DaemonSet", LOGGING, "promtail"), "spec", "template", "spec")
                    .containsKey("tolerations"));
        }
        assertEquals("promtail", map(ds, "spec", "template", "spec").get("serviceAccountName"));
        dev.one("ServiceAccount", LOGGING, "promtail");
    }

    /**
     * Only Promtail runs outside Pod Security restricted: the one namespace below restricted is Promtail's own and
     * holds nothing else, and Prometheus, Grafana, Loki and the exporter are in a namespace that enforces restricted.
     */
    @Test
    void onlyPromtailsOwnNamespaceIsBelowRestricted() {
        for (Manifests docs : List.of(dev, prod)) {
            Map<String, String> enforced = new java.util.TreeMap<>();
            docs.ofKind("Namespace").forEach(n -> enforced.put(String.valueOf(map(n, "metadata").get("name")),
                    String.valueOf(map(n, "metadata", "labels").get("pod-security.kubernetes.io/enforce"))));
            Map<String, String> belowRestricted = new java.util.TreeMap<>(enforced);
            belowRestricted.values().removeIf("restricted"::equals);
            assertEquals(Map.of(LOGGING, "privileged"), belowRestricted);
            List<String> inLogging = ScrapeTargets.workloads(docs).stream()
                    .filter(w -> LOGGING.equals(map(w, "metadata").get("namespace"))).map(Manifests::name).toList();
            assertEquals(List.of(LOGGING + "/promtail"), inLogging);
            assertEquals("restricted", enforced.get(NS));
            for (String workload : List.of("StatefulSet/prometheus", "Deployment/grafana", "StatefulSet/loki",
                    "Deployment/postgres-exporter")) {
                String[] kindName = workload.split("/");
                docs.one(kindName[0], NS, kindName[1]);
            }
        }
    }

    @Test
    void theExporterReadsPostgresWithThePasswordFromASecret() {
        Map<String, Object> exporter = container(dev.one("Deployment", NS, "postgres-exporter"));
        assertTrue(String.valueOf(exporter.get("image")).startsWith("prometheuscommunity/postgres-exporter:v"));
        assertEquals("postgres." + POSTGRES + ".svc.cluster.local:5432/postgres?sslmode=disable", env(exporter, "DATA_SOURCE_URI").get("value"));
        assertEquals(Map.of("name", "postgres-credentials", "key", "password"),
                map(env(exporter, "DATA_SOURCE_PASS"), "valueFrom", "secretKeyRef"));
        assertEquals(9187, map(list(exporter, "ports").get(0)).get("containerPort"));
        // readiness asks the exporter's landing page: /metrics would query PostgreSQL on every probe
        assertEquals("/", map(exporter, "readinessProbe", "httpGet").get("path"));
    }

    /**
     * kube-state-metrics: the spec's pinned image, reporting exactly the spec's kinds, with a ClusterRole of list and watch
     * on exactly those (in their API groups) and nothing else; Prometheus scrapes it once, statically, keeping its labels;
     * the kubelets' cAdvisor job scrapes each node directly over https with the ServiceAccount token.
     */
    @Test
    void kubeStateMetricsReadsExactlyWhatItReportsAndTheKubeletsAreScrapedDirectly() {
        io.neotool.charts.model.ObservabilitySpec.KubeStateMetrics spec = TestPaths.loadSpec().base().observability().kubeStateMetrics();
        Map<String, Object> ksm = container(dev.one("Deployment", NS, "kube-state-metrics"));
        assertEquals(spec.image().repository() + ":" + spec.image().tag(), ksm.get("image"));
        List<String> kinds = spec.collectors().stream().sorted().toList();
        assertTrue(list(ksm, "args").contains("--resources=" + String.join(",", kinds)), String.valueOf(ksm.get("args")));
        Map<String, Object> role = dev.ofKind("ClusterRole").stream()
                .filter(r -> String.valueOf(map(r, "metadata").get("name")).endsWith("-kube-state-metrics")).findFirst().orElseThrow();
        Set<String> granted = new java.util.TreeSet<>();
        for (Object rule : list(role, "rules")) {
            assertEquals(List.of("list", "watch"), map(rule).get("verbs"), rule.toString());
            String group = String.valueOf(list(rule, "apiGroups").get(0));
            for (Object resource : list(rule, "resources")) {
                assertEquals(io.neotool.charts.model.ObservabilitySpec.KSM_COLLECTORS.get(resource), group, resource + "'s group");
                granted.add(String.valueOf(resource));
            }
        }
        assertEquals(new java.util.TreeSet<>(kinds), granted);
        assertFalse(granted.contains("secrets") || granted.contains("configmaps"));
        Map<String, Object> binding = dev.ofKind("ClusterRoleBinding").stream()
                .filter(r -> String.valueOf(map(r, "metadata").get("name")).endsWith("-kube-state-metrics")).findFirst().orElseThrow();
        assertEquals(List.of(Map.of("kind", "ServiceAccount", "name", "kube-state-metrics", "namespace", NS)), list(binding, "subjects"));

        Map<String, Object> config = document(configFile(dev, "prometheus-config", "prometheus.yml"));
        Map<String, Map<String, Object>> jobs = new java.util.TreeMap<>();
        list(config, "scrape_configs").forEach(j -> jobs.put((String) map(j).get("job_name"), map(j)));
        assertEquals(true, jobs.get("kube-state-metrics").get("honor_labels"));
        // the objects' metrics, and its own (the lists' and watches' results) on the telemetry port it is started with
        Map<String, Object> ksmContainer = container(dev.one("Deployment", NS, "kube-state-metrics"));
        assertTrue(list(ksmContainer, "args").containsAll(List.of("--port=8080", "--telemetry-port=8081")), ksmContainer.toString());
        assertEquals(List.of("kube-state-metrics." + NS + ".svc.cluster.local:8080", "kube-state-metrics." + NS + ".svc.cluster.local:8081"),
                list(map(list(jobs.get("kube-state-metrics"), "static_configs").get(0)), "targets"));
        Map<String, Object> cadvisor = jobs.get("kubernetes-cadvisor");
        assertEquals("https", cadvisor.get("scheme"));
        assertEquals("/metrics/cadvisor", cadvisor.get("metrics_path"));
        assertEquals("/var/run/secrets/kubernetes.io/serviceaccount/token", map(cadvisor, "authorization").get("credentials_file"));
        // the kubelets' own metrics: the same nodes and credentials, and only the volumes' statistics kept
        Map<String, Object> kubelet = jobs.get("kubernetes-kubelet");
        assertEquals("/metrics", kubelet.get("metrics_path"));
        for (String same : List.of("scheme", "authorization", "tls_config", "kubernetes_sd_configs", "relabel_configs")) {
            assertEquals(cadvisor.get(same), kubelet.get(same), same);
        }
        Map<String, Object> kept = map(list(kubelet, "metric_relabel_configs").get(0));
        assertEquals("keep", kept.get("action"));
        assertEquals(List.of("__name__"), kept.get("source_labels"));
        java.util.regex.Pattern volumes = java.util.regex.Pattern.compile((String) kept.get("regex"));
        for (String name : DashboardsTest.names(DashboardsTest.KUBELET_VOLUMES, null)) {
            assertTrue(volumes.matcher(name).matches(), name);
        }
        assertFalse(volumes.matcher("kubelet_runtime_operations_total").matches());
        // the kubelets are reached on the nodes' addresses: Prometheus' egress opens the kubelet port
        String egress = list(dev.one("NetworkPolicy", NS, "prometheus"), "spec", "egress").toString();
        assertTrue(egress.contains("port=10250"), egress);
    }

    /** The Kafka exporter: the spec's pinned image, Kafka's bootstrap address, the image's user by number, no API token. */
    @Test
    void theKafkaExporterReadsKafkaAsNobodyWithoutAToken() {
        io.neotool.charts.model.ObservabilitySpec.KafkaExporter spec = TestPaths.loadSpec().base().observability().kafkaExporter();
        Map<String, Object> deployment = dev.one("Deployment", NS, "kafka-exporter");
        Map<String, Object> exporter = container(deployment);
        assertEquals(spec.image().repository() + ":" + spec.image().tag(), exporter.get("image"));
        assertFalse(spec.image().tag().isBlank() || spec.image().tag().equals("latest"));
        assertTrue(list(exporter, "args").contains("--kafka.server=" + spec.server()), String.valueOf(exporter.get("args")));
        assertEquals(9308, map(list(exporter, "ports").get(0)).get("containerPort"));
        Map<String, Object> pod = map(deployment, "spec", "template", "spec");
        assertEquals(65534, map(pod, "securityContext").get("runAsUser"), "USER nobody is a name: the uid is set");
        assertEquals("kafka-exporter", pod.get("serviceAccountName"));
        assertEquals(false, dev.one("ServiceAccount", NS, "kafka-exporter").get("automountServiceAccountToken"));
        // the other side: Kafka admits the exporter on the bootstrap port
        String port = spec.server().substring(spec.server().lastIndexOf(':') + 1);
        Map<String, Object> kafkaSide = dev.one("NetworkPolicy", KAFKA, "kafka-" + port + "-from-kafka-exporter");
        assertTrue(map(kafkaSide, "spec").toString().contains("app.kubernetes.io/name=kafka-exporter"), kafkaSide.toString());
    }

    /**
     * The exporter exits when Kafka does not answer at its start: its pod first waits for Kafka's port. The init
     * container's script, run here with the real curl, loops while nothing listens there and ends with 0 once
     * something does, holding the connection open as Kafka does (its 5 s pause shortened for the test).
     */
    @Test
    void theKafkaExporterWaitsForKafkasPortBeforeItStarts() throws Exception {
        String server = TestPaths.loadSpec().base().observability().kafkaExporter().server();
        Map<String, Object> wait = map(list(map(dev.one("Deployment", NS, "kafka-exporter"), "spec", "template", "spec"),
                "initContainers").get(0));
        assertEquals("wait-for-kafka", wait.get("name"));
        assertEquals(server, io.neotool.charts.testtools.Manifests.literalEnv(wait).get("KAFKA_SERVER"));
        String script = String.valueOf(list(wait, "args").get(0));
        assertTrue(script.contains("sleep 5"), script);
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", script.replace("sleep 5", "sleep 0.1")).redirectErrorStream(true);
        builder.environment().put("KAFKA_SERVER", "127.0.0.1:" + port);
        builder.environment().put("PATH", io.neotool.charts.testtools.ExternalTool.CURL.require().getParent() + ":/usr/bin:/bin");
        Process waiting = builder.start();
        try (java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(waiting.getInputStream()))) {
            String line = out.readLine(); // curl's own reason comes first
            while (line != null && !line.contains("waiting for Kafka")) {
                line = out.readLine();
            }
            assertEquals("waiting for Kafka at 127.0.0.1:" + port, line, "nothing listens yet: it waits");
            assertTrue(waiting.isAlive());
            try (java.net.ServerSocket kafka = new java.net.ServerSocket(port, 50, java.net.InetAddress.getLoopbackAddress())) {
                List<java.net.Socket> open = new java.util.concurrent.CopyOnWriteArrayList<>();
                Thread accepting = new Thread(() -> {
                    try {
                        while (true) {
                            open.add(kafka.accept()); // kept open, as Kafka keeps an idle client's connection
                        }
                    } catch (java.io.IOException closed) {
                        // the test is over
                    }
                });
                accepting.setDaemon(true);
                accepting.start();
                assertTrue(waiting.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "it ends once the port answers");
                assertEquals(0, waiting.exitValue());
            }
        } finally {
            waiting.destroyForcibly();
        }
    }

    @Test
    void everyObservabilityPodButPromtailIsRestrictedWithResourcesProbesAndItsOwnAccount() {
        for (Manifests docs : List.of(dev, prod)) {
            for (Map<String, Object> w : docs) {
                String kind = (String) w.get("kind");
                String namespace = String.valueOf(map(w, "metadata").get("namespace"));
                if (!List.of("Deployment", "StatefulSet", "DaemonSet").contains(kind) || !List.of(NS, LOGGING).contains(namespace)) {
                    continue;
                }
                Map<String, Object> pod = map(w, "spec", "template", "spec");
                String what = kind + " " + name(w);
                String account = (String) pod.get("serviceAccountName");
                assertTrue(docs.ofKind("ServiceAccount").stream().anyMatch(sa -> name(sa).equals(namespace + "/" + account)), what);
                assertEquals("RuntimeDefault", map(pod, "securityContext", "seccompProfile").get("type"), what);
                for (Object c : list(pod, "containers")) {
                    Map<String, Object> sc = map(c, "securityContext");
                    assertEquals(false, sc.get("allowPrivilegeEscalation"), what);
                    assertEquals(true, sc.get("readOnlyRootFilesystem"), what);
                    assertEquals(List.of("ALL"), map(sc, "capabilities").get("drop"), what);
                    assertFalse(map(c, "resources", "requests").isEmpty(), what);
                    assertNotNull(map(c, "resources", "limits").get("memory"), what);
                    assertFalse(map(c, "readinessProbe").isEmpty(), what);
                    assertFalse(map(c, "livenessProbe").equals(map(c, "readinessProbe")), what);
                    if (!name(w).equals(LOGGING + "/promtail")) {
                        assertEquals(true, sc.get("runAsNonRoot"), what);
                        assertTrue(sc.get("runAsUser") instanceof Integer u && u > 0, what);
                        boolean callsTheApi = name(w).equals(NS + "/prometheus") || name(w).equals(NS + "/kube-state-metrics");
                        assertEquals(callsTheApi, pod.get("automountServiceAccountToken"), what);
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ refusals

    private String renderFails(List<String> files, Map<String, String> set) {
        InputException e = assertThrows(InputException.class, () -> charts.render(files, set));
        return e.getMessage();
    }

    @Test
    void lokiOnTheFilesystemOrGrafanaWithoutItsSecretFailInProd() {
        String loki = renderFails(List.of("values-prod.yaml"), Map.of("observability.loki.storageType", "filesystem"));
        assertTrue(loki.contains("loki.storageType \"filesystem\" keeps every log on one node's volume and is not allowed "
                + "when global.environment is prod"), loki);
        String grafana = renderFails(List.of("values-prod.yaml"), Map.of("observability.grafana.admin.existingSecret", ""));
        assertTrue(grafana.contains("set observability.grafana.admin.existingSecret"), grafana);
        String s3 = renderFails(List.of(), Map.of("observability.loki.storageType", "s3", "observability.loki.s3.secretName", ""));
        assertTrue(s3.contains("loki.storageType s3 needs loki.s3.secretName"), s3);
        String bucket = renderFails(List.of(), Map.of("observability.loki.storageType", "s3", "observability.loki.s3.bucket", ""));
        assertTrue(bucket.contains("Loki on s3 needs loki.s3.bucket"), bucket);
        String latest = renderFails(List.of(), Map.of("observability.prometheus.image.tag", "latest"));
        assertTrue(latest.contains("observability: prometheus.image.tag \"latest\" is not allowed"), latest);
    }

    /**
     * The stack turned off at install time: its namespace keeps the umbrella's default-deny and DNS policies and the
     * MinIO chart's client Secret for object storage users. PostgreSQL's monitoring role, with its password copied
     * there, serves the exporter alone: left on, the render says to turn it off too; off, no copy is rendered.
     */
    /** Promtail's own tolerations, given at install time, render as a service's do: the seconds as a number. */
    @Test
    void promtailsTolerationsRenderAsTheServicesDo() throws IOException {
        Path values = Files.writeString(dir.resolve("promtail-tolerations.yaml"), """
                observability:
                  promtail:
                    tolerations: [{key: dedicated, operator: Exists, effect: NoExecute, tolerationSeconds: "300"}]
                """);
        Manifests docs = new Manifests(charts.render(List.of(values.toString()), Map.of()));
        assertEquals(List.of(Map.of("key", "dedicated", "operator", "Exists", "effect", "NoExecute", "tolerationSeconds", 300)),
                list(docs.one("DaemonSet", LOGGING, "promtail"), "spec", "template", "spec", "tolerations"));
    }

    @Test
    void disablingTheStackRendersNothingInItsNamespaceButThePlatformPolicies() {
        String monitoring = renderFails(List.of(), Map.of("observability.enabled", "false"));
        assertTrue(monitoring.contains("postgres.monitoring.enabled is true, but no PostgreSQL exporter runs")
                && monitoring.contains("set postgres.monitoring.enabled=false too"), monitoring);
        Manifests docs = new Manifests(charts.render(List.of(), Map.of("observability.enabled", "false",
                "postgres.monitoring.enabled", "false")));
        assertTrue(docs.stream().filter(d -> NS.equals(map(d, "metadata").get("namespace")))
                .allMatch(d -> d.get("kind").equals("NetworkPolicy") || (d.get("kind").equals("Secret")
                        && "object-storage".equals(map(d, "metadata").get("name")))),
                "only platform policies and the object storage Secret");
        assertTrue(docs.ofKind("ClusterRole").isEmpty());
        // Promtail without Loki, or in a namespace that refuses its pods, is refused as the spec refuses it
        assertTrue(renderFails(List.of(), Map.of("observability.loki.enabled", "false")).contains(
                "promtail ships the logs to Loki, and loki.enabled is false: set observability.promtail.enabled=false too"));
        String restricted = renderFails(List.of(), Map.of("observability.promtail.namespace", NS));
        assertTrue(restricted.contains("observability.promtail runs in namespace " + NS + ", whose Pod Security is restricted"),
                restricted);
    }

    /**
     * The metrics and logs helm tests, as rendered for prod, run here with curl against stand-ins for Prometheus and
     * Loki (neither runs here) answering as they do: they ask again while the answer is empty (no target up yet, no
     * log stream yet) and pass once it holds what they look for; an answer that never does, or none, fails after
     * their tries, naming the URL.
     */
    @Test
    void theMetricsAndLogsSmokeTestsWaitForWhatIsCollected() {
        var spec = TestPaths.loadSpec().environments().get("prod").observability();
        assumeTrue(spec.enabled() && spec.smokeTest().enabled() && spec.prometheus().enabled() && spec.loki().enabled()
                && spec.promtail().enabled());
        Map<String, String[]> answers = Map.of(
                "smoke-prometheus", new String[] {"/api/v1/query?query=",
                        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}",
                        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},"
                                + "\"value\":[1764806400.123,\"14\"]}]}}"},
                "smoke-loki", new String[] {"/loki/api/v1/labels", "{\"status\":\"success\"}",
                        "{\"status\":\"success\",\"data\":[\"app\",\"container\",\"namespace\",\"pod\"]}"});
        answers.forEach((name, answer) -> {
            Map<String, Object> pod = prod.one("Pod", OBSERVABILITY, name);
            String inCluster = Manifests.literalEnv(container(pod)).get("URL");
            String local = ".svc.cluster.local:" + (name.equals("smoke-loki") ? 3100 : 9090);
            assertTrue(inCluster.contains(local + answer[0]), inCluster);
            String path = inCluster.substring(inCluster.indexOf(local) + local.length());
            // the longest run, every try timing out, ends before helm test's default timeout of 5 minutes
            Map<String, String> rendered = Manifests.literalEnv(container(pod));
            java.util.regex.Matcher maxTime = java.util.regex.Pattern.compile("--max-time (\\d+) ")
                    .matcher(String.valueOf(list(container(pod), "args").get(0)));
            assertTrue(maxTime.find(), "each try has a time limit");
            int longest = Integer.parseInt(rendered.get("ATTEMPTS"))
                    * (Integer.parseInt(maxTime.group(1)) + Integer.parseInt(rendered.get("INTERVAL")));
            assertTrue(longest < 300, name + " may run " + longest + " s, past helm test's 300 s");
            try (HttpStandIn server = new HttpStandIn()) {
                String url = server.url(path);
                Map<String, String> env = Map.of("URL", url, "ATTEMPTS", "2", "INTERVAL", "0");
                server.answer(200, answer[1]);
                ProcessRun empty = ProcessRun.testPodScript(pod, env);
                assertEquals(1, empty.exit(), empty.out());
                assertTrue(empty.out().contains("smoke: " + url + " does not show that") && empty.out().contains("after 2 tries"),
                        empty.out());
                assertEquals(2, server.requests().size(), "asked again: " + server.requests());
                server.answer(200, answer[2]);
                ProcessRun collected = ProcessRun.testPodScript(pod, env);
                assertEquals(0, collected.exit(), collected.out());
                assertTrue(server.requests().get(0).startsWith("GET " + path + " "), server.requests().toString());
                server.answer(503, answer[2]);
                assertEquals(1, ProcessRun.testPodScript(pod, env).exit(), "an error status with the same body fails");
            }
        });
    }
}
