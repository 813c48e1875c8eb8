package io.neotool.charts.security;

import static io.neotool.charts.testtools.YamlTree.document;
import static io.neotool.charts.testtools.YamlTree.list;
import static io.neotool.charts.testtools.YamlTree.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neotool.charts.TestPaths;
import io.neotool.charts.model.ObservabilitySpec;
import io.neotool.charts.model.PlatformSpec;
import io.neotool.charts.testtools.ExternalTool;
import io.neotool.charts.testtools.Manifests;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Grafana's provisioned dashboards, as rendered for each environment: every datasource uid a dashboard, panel, query or
 * variable names is a provisioned datasource, and every PromQL query (panels and variables) selects only metric names
 * that the deployed exporters emit. The names each exporter emits are kept per version in
 * {@code src/test/resources/metrics/} (taken from the exporters' sources, see each file's header); the versions are the
 * loaded spec's, so bumping an exporter without its list fails here.
 */
class DashboardsTest {
    static final String NS = ObservabilityChartTest.NS;
    /** The kubelet's cAdvisor of the Kubernetes version the charts are linted for (1.32). */
    static final String CADVISOR = "cadvisor-v0.51.0.txt";
    /** What the job kubernetes-kubelet keeps of the kubelet's own metrics. */
    static final String KUBELET_VOLUMES = "kubelet-volume-stats-v1.32.txt";

    static Manifests dev;
    static Manifests prod;
    static PlatformSpec spec;

    @BeforeAll
    static void render() {
        Rendered charts = Rendered.platform();
        dev = charts.devManifests();
        prod = charts.prodManifests();
        spec = TestPaths.loadSpec().base();
    }

    /**
     * What the platform's Prometheus scrapes, by exporter: the metric names of the versions the spec deploys. The
     * services' timers have _bucket series only when the chart has Micronaut publish their histograms.
     */
    static Map<String, Set<String>> emitted(PlatformSpec platform) {
        ObservabilitySpec o = platform.observability();
        Map<String, Set<String>> out = new TreeMap<>();
        out.put("prometheus", names("prometheus-" + o.prometheus().image().tag() + ".txt", null));
        Set<String> services = names("micronaut-micrometer.txt", null);
        if (platform.services().values().stream().noneMatch(s -> s.metrics().enabled() && s.metrics().latencyHistogram())) {
            services.removeIf(name -> name.endsWith("_bucket"));
        }
        out.put("services (Micronaut, Micrometer)", services);
        if (o.postgresExporter().enabled()) {
            out.put("postgres_exporter", names("postgres-exporter-" + o.postgresExporter().image().tag() + ".txt", null));
        }
        if (o.kafkaExporter().enabled()) {
            out.put("kafka_exporter", names("kafka-exporter-" + o.kafkaExporter().image().tag() + ".txt", null));
        }
        if (o.kubeStateMetrics().enabled()) {
            Set<String> ksm = names("kube-state-metrics-" + o.kubeStateMetrics().image().tag() + ".txt",
                    Set.copyOf(o.kubeStateMetrics().collectors()));
            // its own, on the telemetry port the chart scrapes beside the objects' (theirs to the test of that scrape)
            ksm.addAll(names("kube-state-metrics-telemetry-" + o.kubeStateMetrics().image().tag() + ".txt", null));
            out.put("kube-state-metrics", ksm);
        }
        if (o.kubelet().enabled()) {
            Set<String> kubelet = names(CADVISOR, null);
            kubelet.addAll(names(KUBELET_VOLUMES, null));
            out.put("kubelet (cAdvisor, volume statistics)", kubelet);
        }
        return out;
    }

    /** The names of a list; with collectors, only those under a {@code # collector: x} header of one of them. */
    static Set<String> names(String file, Set<String> collectors) {
        try (InputStream in = DashboardsTest.class.getResourceAsStream("/metrics/" + file)) {
            assertTrue(in != null, "no metric list src/test/resources/metrics/" + file + ": add the names that version emits");
            Set<String> names = new TreeSet<>();
            boolean on = collectors == null;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String l = line.strip();
                if (l.startsWith("# collector:")) {
                    on = collectors == null || collectors.contains(l.substring("# collector:".length()).strip());
                } else if (!l.isEmpty() && !l.startsWith("#") && on) {
                    names.add(l);
                }
            }
            assertFalse(names.isEmpty(), file);
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, JsonNode> dashboards(Manifests docs) {
        ObjectMapper json = new ObjectMapper();
        Map<String, JsonNode> out = new TreeMap<>();
        map(docs.one("ConfigMap", NS, "grafana-dashboards"), "data").forEach((file, text) -> {
            try {
                out.put(file, json.readTree(String.valueOf(text)));
            } catch (IOException e) {
                throw new UncheckedIOException(file, e);
            }
        });
        return out;
    }

    static Map<String, String> datasourceTypes(Manifests docs) {
        Map<String, Object> config = document(String.valueOf(map(docs.one("ConfigMap", NS, "grafana-datasources"), "data")
                .get("datasources.yaml")));
        Map<String, String> out = new TreeMap<>();
        list(config, "datasources").forEach(d -> out.put(String.valueOf(map(d).get("uid")), String.valueOf(map(d).get("type"))));
        return out;
    }

    /** A query of a dashboard: where it is, its datasource, its text. */
    record Query(String where, JsonNode datasource, String text) {}

    /** Every query of a dashboard: panels (and panels inside rows), their targets, and the variables. */
    static List<Query> queries(String file, JsonNode dashboard) {
        List<Query> out = new ArrayList<>();
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(p -> {
            panels.add(p);
            p.path("panels").forEach(panels::add);
        });
        for (JsonNode panel : panels) {
            String where = file + ": panel '" + panel.path("title").asText() + "'";
            for (JsonNode target : panel.path("targets")) {
                JsonNode ds = target.path("datasource").isMissingNode() ? panel.path("datasource") : target.path("datasource");
                out.add(new Query(where + " " + target.path("refId").asText(), ds, target.path("expr").asText()));
            }
            if (!panel.path("datasource").isMissingNode()) {
                out.add(new Query(where, panel.path("datasource"), ""));
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            JsonNode q = variable.path("query");
            out.add(new Query(file + ": variable $" + variable.path("name").asText(), variable.path("datasource"),
                    q.isTextual() ? q.asText() : q.path("query").asText()));
        }
        return out;
    }

    @Test
    void everyDatasourceUidOfADashboardIsProvisioned() {
        for (Manifests docs : List.of(dev, prod)) {
            Map<String, String> provisioned = datasourceTypes(docs);
            assertEquals(Set.of("prometheus", "loki"), provisioned.keySet());
            Set<String> used = new TreeSet<>();
            dashboards(docs).forEach((file, dashboard) -> {
                for (Query q : queries(file, dashboard)) {
                    String uid = q.datasource().path("uid").asText();
                    assertTrue(provisioned.containsKey(uid), q.where() + " names datasource uid '" + uid + "', provisioned: "
                            + provisioned.keySet());
                    assertEquals(provisioned.get(uid), q.datasource().path("type").asText(), q.where() + ": type of " + uid);
                    used.add(uid);
                }
            });
            assertEquals(provisioned.keySet(), used, "every provisioned datasource is used by a dashboard");
        }
    }

    @Test
    void everyPanelQuerySelectsOnlyMetricsTheDeployedExportersEmit() {
        Map<String, Set<String>> emitted = emitted(spec);
        Set<String> known = new TreeSet<>();
        emitted.values().forEach(known::addAll);
        Map<String, String> types = datasourceTypes(dev);
        Set<String> selected = new TreeSet<>();
        List<String> unknown = new ArrayList<>();
        dashboards(dev).forEach((file, dashboard) -> {
            for (Query q : queries(file, dashboard)) {
                if (!"prometheus".equals(types.get(q.datasource().path("uid").asText())) || q.text().isBlank()) {
                    continue;
                }
                Set<String> names = PromQl.metricNames(q.text());
                assertFalse(names.isEmpty() && !q.where().contains("variable"), q.where() + " selects no metric: " + q.text());
                for (String name : names) {
                    selected.add(name);
                    if (!known.contains(name)) {
                        unknown.add(q.where() + ": " + name + " (in " + q.text() + ")");
                    }
                }
            }
        });
        assertEquals(List.of(), unknown, "metric names no deployed exporter emits (lists: src/test/resources/metrics/)");
        // each exporter the platform deploys feeds a dashboard
        emitted.forEach((exporter, names) -> assertTrue(names.stream().anyMatch(selected::contains),
                exporter + " is deployed but no dashboard reads it"));
    }

    /**
     * cAdvisor also reports the node's own root cgroup, with no namespace, pod or container label (its network
     * counters are the whole host's): a query of cAdvisor's container series that takes every namespace must leave
     * it out, by container!="" or namespace!="".
     */
    @Test
    void everyCadvisorQueryLeavesOutTheNodesOwnSeries() {
        org.junit.jupiter.api.Assumptions.assumeTrue(spec.observability().kubelet().enabled(), "the kubelets are not scraped");
        Set<String> cadvisor = names(CADVISOR, null);
        List<String> node = new ArrayList<>();
        int queries = 0;
        for (Map.Entry<String, JsonNode> d : dashboards(dev).entrySet()) {
            for (Query q : queries(d.getKey(), d.getValue())) {
                for (String selector : q.text().split("(?<=\\})")) {
                    if (PromQl.metricNames(selector).stream().anyMatch(cadvisor::contains)) {
                        queries++;
                        if (!selector.contains("container!=\"\"") && !selector.contains("namespace!=\"\"")) {
                            node.add(q.where() + ": " + selector.strip());
                        }
                    }
                }
            }
        }
        assertTrue(queries > 0, "no dashboard reads cAdvisor");
        assertEquals(List.of(), node, "queries that add in the node's own series");
    }

    /** The alerting rules select, like the dashboards, only metric names that the deployed exporters emit. */
    @Test
    void everyAlertingRuleSelectsOnlyMetricsTheDeployedExportersEmit() {
        Set<String> known = new TreeSet<>();
        emitted(spec).values().forEach(known::addAll);
        Object rules = document((String) map(dev.one("ConfigMap", NS, "prometheus-config"), "data").get("rules.yml"));
        List<String> unknown = new ArrayList<>();
        int expressions = 0;
        for (Object group : list(rules, "groups")) {
            for (Map<String, Object> rule : io.neotool.charts.testtools.YamlTree.maps(group, "rules")) {
                String expr = String.valueOf(rule.get("expr"));
                Set<String> names = PromQl.metricNames(expr);
                assertFalse(names.isEmpty(), rule.get("alert") + " selects no metric: " + expr);
                names.stream().filter(n -> !known.contains(n)).forEach(n -> unknown.add(rule.get("alert") + ": " + n));
                expressions++;
            }
        }
        assertTrue(expressions > 0, "the rules were found");
        assertEquals(List.of(), unknown, "metric names no deployed exporter emits (lists: src/test/resources/metrics/)");
    }

    @Test
    void theFiveDashboardsReadTheirSources() {
        Map<String, JsonNode> dashboards = dashboards(dev);
        Map<String, Set<String>> byFile = new TreeMap<>();
        dashboards.forEach((file, d) -> {
            Set<String> names = new TreeSet<>();
            queries(file, d).forEach(q -> {
                if (!q.datasource().path("uid").asText().equals("loki")) {
                    names.addAll(PromQl.metricNames(q.text()));
                }
            });
            byFile.put(file, names);
        });
        assertTrue(byFile.get("overview.json").containsAll(Set.of("http_server_requests_seconds_count",
                "http_server_requests_seconds_bucket")), byFile.toString());
        assertTrue(byFile.get("services.json").containsAll(Set.of("http_server_requests_seconds_count",
                "jvm_memory_used_bytes", "jvm_gc_pause_seconds_sum", "hikaricp_connections_active")), byFile.toString());
        // PostgreSQL's own metrics, and its backup CronJob's last success
        assertTrue(byFile.get("postgresql.json").stream().allMatch(n -> n.startsWith("pg_")
                || n.equals("kube_cronjob_status_last_successful_time")), byFile.toString());
        assertTrue(byFile.get("kafka.json").containsAll(Set.of("kafka_consumergroup_lag", "kafka_topic_partition_current_offset")),
                byFile.toString());
        assertTrue(byFile.get("kubernetes-cluster.json").containsAll(Set.of("kube_pod_status_phase", "kube_node_info",
                "container_cpu_usage_seconds_total", "container_memory_working_set_bytes")), byFile.toString());
        Set<String> uids = new TreeSet<>();
        dashboards.values().forEach(d -> assertTrue(uids.add(d.path("uid").asText()), "duplicate uid " + d.path("uid")));
    }

    /**
     * kube-state-metrics reports the whole cluster: a platform's dashboard that reads its series by an object's name
     * alone (the backup CronJob's) would show another platform's object of that name. Only the cluster dashboard looks
     * at every namespace, on purpose (its namespace variable).
     */
    @Test
    void kubeStateMetricsSeriesAreReadInTheirNamespace() {
        dashboards(dev).forEach((file, d) -> queries(file, d).forEach(q -> {
            if (!file.equals("kubernetes-cluster.json") && PromQl.metricNames(q.text()).stream().anyMatch(n -> n.startsWith("kube_"))) {
                assertTrue(q.text().matches("(?s).*kube_[a-z_]+\\{[^}]*namespace=.*"), file + ": " + q.text());
            }
        }));
    }

    /**
     * A platform without Loki and the Kafka exporter (a team's, say): Grafana gets no dashboard of an exporter that does
     * not run and no panel of a datasource it lacks, and Prometheus no alert on metrics nobody emits.
     */
    @Test
    void dashboardsAndAlertsFollowTheExportersAndDatasourcesThatRun(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        Manifests without = new Manifests(Rendered.platform().render(List.of(), Map.of("observability.loki.enabled", "false",
                "observability.promtail.enabled", "false", "observability.kafkaExporter.enabled", "false")));
        Map<String, String> provisioned = datasourceTypes(without);
        assertEquals(Set.of("prometheus"), provisioned.keySet());
        Map<String, JsonNode> dashboards = dashboards(without);
        assertFalse(dashboards.containsKey("kafka.json"), dashboards.keySet().toString());
        assertEquals(new TreeSet<>(dashboards(dev).keySet()).headSet("kafka.json"), new TreeSet<>(dashboards.keySet()).headSet("kafka.json"));
        dashboards.forEach((file, dashboard) -> queries(file, dashboard).forEach(q -> assertTrue(
                provisioned.containsKey(q.datasource().path("uid").asText()), q.where() + " reads a datasource Grafana lacks")));
        assertTrue(dashboards.get("overview.json").path("panels").size()
                < dashboards(dev).get("overview.json").path("panels").size(), "the overview loses its error logs");
        String rules = (String) map(without.one("ConfigMap", NS, "prometheus-config"), "data").get("rules.yml");
        assertFalse(rules.contains("kafka_"), rules);
        assertTrue(rules.contains("pg_up"), "the PostgreSQL exporter still runs: " + rules);

        // without kube-state-metrics and the kubelet's metrics: no cluster dashboard, no alert on their metrics
        Manifests bare = new Manifests(Rendered.platform().render(List.of(), Map.of("observability.kubeStateMetrics.enabled",
                "false", "observability.kubelet.enabled", "false", "observability.postgresExporter.enabled", "false",
                "postgres.monitoring.enabled", "false", "observability.kafkaExporter.enabled", "false")));
        assertFalse(dashboards(bare).containsKey("kubernetes-cluster.json"), dashboards(bare).keySet().toString());
        String bareRules = (String) map(bare.one("ConfigMap", NS, "prometheus-config"), "data").get("rules.yml");
        assertFalse(bareRules.contains("kube_") || bareRules.contains("kubelet_") || bareRules.contains("-data"), bareRules);
        assertTrue(bareRules.contains("up == 0"), "scrape targets are still watched: " + bareRules);

        // kube-state-metrics collecting only some kinds: only the alerts on those kinds' series
        Manifests some = new Manifests(Rendered.platform().render(List.of(), Map.of(
                "observability.kubeStateMetrics.collectors[0]", "deployments", "observability.kubeStateMetrics.collectors[1]", "pods")));
        String someRules = (String) map(some.one("ConfigMap", NS, "prometheus-config"), "data").get("rules.yml");
        assertTrue(someRules.contains("kube_deployment_") && someRules.contains("kube_pod_"), someRules);
        assertFalse(someRules.contains("kube_node_") || someRules.contains("kube_cronjob_")
                || someRules.contains("kube_persistentvolumeclaim_") || someRules.contains("kube_statefulset_"), someRules);

        ExternalTool.PROMTOOL.require();
        for (String variant : List.of(rules, bareRules, someRules)) {
            Path file = Files.writeString(Files.createTempFile(tmp, "rules", ".yml"), variant);
            ProcessRun check = ProcessRun.of("promtool", "check", "rules", file.toString());
            assertEquals(0, check.exit(), check.out() + "\n" + variant);
        }
    }

    /** Panels on Grafana's default datasource (none, null, a name) or its own (mixed) are kept; others by uid. */
    @Test
    void aPanelIsShownByItsDatasourceWhateverShapeItHas(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        Path chart = Files.createDirectories(tmp.resolve("shapes/templates"));
        Files.writeString(tmp.resolve("shapes/Chart.yaml"), "apiVersion: v2\nname: shapes\nversion: 0.1.0\n");
        Files.copy(Rendered.platform().umbrella.resolve("charts/observability/templates/_helpers.tpl"), chart.resolve("_helpers.tpl"));
        Files.writeString(chart.resolve("cm.yaml"), """
                {{- $sources := dict "prometheus" true }}
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: shapes, namespace: default}
                data:
                {{- range $name, $ds := dict "none" "{}" "null" "{\\"datasource\\": null}" "name" "{\\"datasource\\": \\"Prometheus\\"}" "mixed" "{\\"datasource\\": {\\"uid\\": \\"-- Mixed --\\"}}" "prometheus" "{\\"datasource\\": {\\"uid\\": \\"prometheus\\"}}" "loki" "{\\"datasource\\": {\\"type\\": \\"loki\\", \\"uid\\": \\"loki\\"}}" "uidNull" "{\\"datasource\\": {\\"type\\": \\"prometheus\\", \\"uid\\": null}}" "variable" "{\\"datasource\\": {\\"uid\\": \\"${DS_PROMETHEUS}\\"}}" "lokiName" "{\\"datasource\\": \\"Loki\\"}" "lokiType" "{\\"datasource\\": {\\"type\\": \\"loki\\"}}" }}
                  {{ $name | quote }}: {{ include "observability.panelShown" (dict "panel" (fromJson $ds) "sources" $sources) | quote }}
                {{- end }}
                """);
        Map<String, Object> shown = map(new Manifests(new io.neotool.charts.helm.HelmClient().template(
                io.neotool.charts.helm.HelmClient.RenderRequest.of(tmp.resolve("shapes"), "shapes", List.of())))
                .one("ConfigMap", "default", "shapes"), "data");
        assertEquals(Map.of("none", "true", "null", "true", "name", "true", "mixed", "true", "prometheus", "true", "loki", "",
                "uidNull", "true", "variable", "true", "lokiName", "", "lokiType", ""), shown);
    }

    /** The overview's error logs are the platform's: every namespace of the spec, whatever its names, and no other. */
    @Test
    void theOverviewsErrorLogsAreThoseOfThePlatformsNamespaces() {
        List<String> loki = queries("overview.json", dashboards(dev).get("overview.json")).stream()
                .filter(q -> q.datasource().path("uid").asText().equals("loki")).map(q -> q.text())
                .filter(text -> text.contains("namespace")).toList();
        assertEquals(1, loki.size(), loki.toString());
        java.util.regex.Matcher selector = java.util.regex.Pattern.compile("namespace=~\"([^\"]+)\"").matcher(loki.get(0));
        assertTrue(selector.find(), loki.get(0));
        assertEquals(new TreeSet<>(spec.namespaces().keySet()), new TreeSet<>(List.of(selector.group(1).split("\\|"))));
    }

    @Test
    void theTokenizerFindsMetricNamesAndNothingElse() {
        assertEquals(Set.of("http_server_requests_seconds_bucket"), PromQl.metricNames(
                "histogram_quantile(0.95, sum by (le, app) (rate(http_server_requests_seconds_bucket{app=~\"$app\",status!~\"5..\"}[5m])))"));
        assertEquals(Set.of("up"), PromQl.metricNames("count by (job) (up == 0) or vector(0)"));
        assertEquals(Set.of("a_total", "b:recorded"), PromQl.metricNames(
                "sum(rate(a_total{x=\"y(z)\"}[5m:1m] offset 1h)) without (pod) / on (ns) group_left (app) b:recorded * 1e3"));
        assertEquals(Set.of("kube_namespace_status_phase"), PromQl.metricNames("label_values(kube_namespace_status_phase, namespace)"));
        assertEquals(Set.of("kafka_topic_partitions"), PromQl.metricNames("label_values(kafka_topic_partitions{job=\"kafka\"}, topic)"));
        assertEquals(Set.of(), PromQl.metricNames("label_values(namespace)"));
        assertEquals(Set.of("x"), PromQl.metricNames("x > bool ${threshold} unless $other"));
        assertEquals(Set.of("m"), PromQl.metricNames("sum(m) by (a, b)"));
        assertEquals(Set.of("m", "n"), PromQl.metricNames("topk by (a) (3, m) + count without (b) (n)"));
    }

    /** A query naming a metric no exporter emits is found (the check can fail). */
    /**
     * The latency panels' _bucket series exist: every scraped service is told to publish its request histogram, and
     * to answer Prometheus' scrape without credentials (Micronaut's prometheus endpoint is sensitive by default).
     */
    @Test
    void everyScrapedServicePublishesTheRequestHistogramToPrometheus() {
        assertTrue(spec.services().values().stream().anyMatch(s -> s.metrics().enabled()), "the spec scrapes some service");
        spec.services().forEach((name, service) -> {
            Map<String, String> env = Manifests.literalEnv(Manifests.container(dev.one("Deployment", service.namespace(), name)));
            boolean scraped = service.metrics().enabled() || service.serviceMonitor().enabled();
            String expected = scraped && service.metrics().latencyHistogram() ? "true" : null;
            assertEquals(expected, env.get("MICRONAUT_METRICS_BINDERS_WEB_SERVER_HISTOGRAM"), name);
            assertEquals(scraped ? "false" : null, env.get("ENDPOINTS_PROMETHEUS_SENSITIVE"), name);
        });
        // scraped through a ServiceMonitor alone (a cluster's Prometheus Operator), the endpoint answers it too
        String first = new TreeSet<>(spec.services().keySet()).first();
        Manifests monitored = new Manifests(Rendered.platform().render(List.of(), Map.of(first + ".metrics.enabled", "false",
                first + ".serviceMonitor.enabled", "true")));
        Map<String, String> env = Manifests.literalEnv(Manifests.container(monitored.one("Deployment",
                spec.services().get(first).namespace(), first)));
        assertEquals("false", env.get("ENDPOINTS_PROMETHEUS_SENSITIVE"), env.toString());
    }

    /**
     * The backup panel turns red when the backup alert fires: at the hours of the values installed (an environment's
     * own, or --set), not at the base spec's the dashboard file was generated with.
     */
    @Test
    void theBackupPanelTurnsRedAtTheInstalledAlertsHours() {
        int hours = spec.observability().prometheus().alerts().backupMaxAgeHours() + 144;
        for (Manifests docs : List.of(dev, new Manifests(Rendered.platform().render(List.of(),
                Map.of("observability.prometheus.alerts.backupMaxAgeHours", String.valueOf(hours)))))) {
            int expected = docs == dev ? spec.observability().prometheus().alerts().backupMaxAgeHours() : hours;
            JsonNode board = dashboards(docs).get("postgresql.json");
            if (board == null) {
                continue; // the spec runs no PostgreSQL exporter
            }
            JsonNode panel = null;
            for (JsonNode p : board.get("panels")) {
                if (p.path("title").asText().equals("Time since the last successful backup")) {
                    panel = p;
                }
            }
            assertTrue(panel != null, "the backup panel");
            assertEquals(expected * 3600, panel.at("/fieldConfig/defaults/thresholds/steps/1/value").asInt());
            assertTrue(panel.get("description").asText().startsWith("Red from " + expected + " hours on,"),
                    panel.get("description").asText());
        }
    }

    @Test
    void aMetricNoExporterEmitsIsCaught() {
        Set<String> known = new TreeSet<>();
        emitted(spec).values().forEach(known::addAll);
        Set<String> names = PromQl.metricNames("sum(rate(http_requests_total{app=\"x\"}[5m])) / sum(kube_pod_status_phase)");
        assertEquals(Set.of("http_requests_total", "kube_pod_status_phase"), names);
        assertFalse(known.contains("http_requests_total"), "not a Micrometer name");
        assertTrue(known.contains("kube_pod_status_phase"));
        // a kind kube-state-metrics is not told to report is not emitted
        assertFalse(names("kube-state-metrics-v2.13.0.txt", Set.of("pods")).contains("kube_node_info"));
        assertTrue(names("kube-state-metrics-v2.13.0.txt", Set.of("nodes")).contains("kube_node_info"));
    }
}
