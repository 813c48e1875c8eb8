package io.neotool.charts.model;

import static io.neotool.charts.TestSpecs.SERVICE;
import static io.neotool.charts.TestSpecs.at;
import static io.neotool.charts.TestSpecs.load;
import static io.neotool.charts.TestSpecs.problems;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.TestPaths;
import io.neotool.charts.TestSpecs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole-spec rules about the observability stack: Loki's storage, Grafana's secret, images, Promtail's namespace. */
class ObservabilitySpecValidationTest {
    @TempDir
    Path dir;

    /** Each namespace Prometheus scrapes gets a Role: none undeclared (TypeChecksTest), none twice, at least one. */
    @Test
    void theScrapedNamespacesAreEachOnceAndNotNone() {
        List<SpecProblem> twice = problems(dir, SERVICE + "observability:\n  networkPolicy:\n    scrapeNamespaces: [neotool-app, "
                + "neotool-app]\n");
        assertTrue(at(twice, "observability.networkPolicy.scrapeNamespaces[1]").message().contains("'neotool-app' is listed twice"),
                twice::toString);
        List<SpecProblem> none = problems(dir, SERVICE + "observability:\n  networkPolicy:\n    scrapeNamespaces: []\n");
        assertTrue(at(none, "observability.networkPolicy.scrapeNamespaces").message().contains("name at least one"),
                none::toString);
    }

    /** Prometheus and Promtail read the pods of the scraped namespaces alone: a service elsewhere would go unseen. */
    @Test
    void everyServiceIsInAScrapedNamespace() {
        String release = problems(dir, SERVICE + "    namespace: \"\"\n").stream()
                .filter(p -> p.path().equals("services.app.namespace") && p.message().contains("Prometheus"))
                .findFirst().orElseThrow().message();
        assertTrue(release.startsWith("is empty (the release namespace, known only at install time)")
                && release.contains("its metrics, its alerts and its logs would be missing"), release);
        String scraped = "observability:\n  networkPolicy:\n    scrapeNamespaces: [neotool-data]\n";
        String outside = at(problems(dir, SERVICE + scraped), "services.app.namespace").message();
        assertTrue(outside.startsWith("'neotool-app' is not in observability.networkPolicy.scrapeNamespaces"), outside);
        String logsOnly = at(problems(dir, SERVICE + "    metrics: {enabled: false}\n" + scraped), "services.app.namespace")
                .message();
        assertTrue(logsOnly.contains(": its logs would be missing"), logsOnly);
        List<SpecProblem> unseen = TestSpecs.problemsIfAny(dir, SERVICE + "    metrics: {enabled: false}\n"
                + scraped.replace("networkPolicy:", "promtail: {enabled: false}\n  networkPolicy:"));
        assertTrue(unseen.stream().noneMatch(p -> p.path().equals("services.app.namespace")), unseen::toString);
    }

    @Test
    void aServicesInternetEgressNeedsTcpPortsAndCidrs() {
        List<SpecProblem> problems = problems(dir, """
                services:
                  assistant:
                    image: {repository: neotool-assistant, tag: "1.0.0"}
                    networkPolicy:
                      internet: {ports: [443, 70000], exceptCidrs: [10.0.0.0/8, not-a-cidr]}
                """);
        assertTrue(at(problems, "services.assistant.networkPolicy.internet.ports[1]").message().contains("not a TCP port"),
                problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.path().startsWith("services.assistant.networkPolicy.internet.exceptCidrs")),
                problems::toString);
        assertTrue(problems.stream().noneMatch(p -> p.path().endsWith("ports[0]")), problems::toString);
    }

    @Test
    void theRepositorySpecKeepsLokiOnMinioInDevAndOnR2InProd() throws IOException {
        Spec spec = new SpecLoader().load(TestPaths.spec(), "0.1.0");
        ObservabilitySpec dev = spec.base().observability();
        assertTrue(dev.enabled());
        assertEquals("s3", dev.loki().storageType());
        assertEquals(spec.base().minio().clientSecret().name(), dev.loki().s3().secretName(), "the minio chart's Secret");
        assertEquals("danielqsj/kafka-exporter", dev.kafkaExporter().image().repository());
        assertEquals("v1.8.0", dev.kafkaExporter().image().tag());
        assertEquals("", dev.grafana().admin().existingSecret());
        assertEquals("v2.55.1", dev.prometheus().image().tag());
        assertEquals("11.1.4", dev.grafana().image().tag());
        assertEquals("2.9.0", dev.loki().image().tag());
        assertEquals("2.9.0", dev.promtail().image().tag());
        assertEquals(new ObservabilitySpec.SecretKey("postgres-credentials", "password"), dev.postgresExporter().passwordSecret());
        ObservabilitySpec prod = spec.environments().get("prod").observability();
        assertEquals("s3", prod.loki().storageType());
        assertEquals("loki-r2", prod.loki().s3().secretName());
        assertEquals("auto", prod.loki().s3().region());
        assertEquals("grafana-admin", prod.grafana().admin().existingSecret());
        assertEquals("50Gi", prod.prometheus().storage().size());
    }

    @Test
    void thePostgresMonitoringSecretMustBeTheOneTheExporterReads() throws IOException {
        Spec spec = new SpecLoader().load(TestPaths.spec(), "0.1.0");
        PostgresSpec.Monitoring monitoring = spec.base().postgres().monitoring();
        ObservabilitySpec.PostgresExporter exporter = spec.base().observability().postgresExporter();
        assertEquals(exporter.user(), monitoring.user());
        assertEquals(exporter.passwordSecret(), new ObservabilitySpec.SecretKey(monitoring.secretName(), monitoring.key()));

        List<SpecProblem> problems = problems(dir, SERVICE + """
                postgres:
                  monitoring: {user: metrics, namespace: neotool-app, secretName: pg-metrics, key: pass}
                """);
        assertTrue(at(problems, "postgres.monitoring.user").message()
                .contains("observability.postgresExporter.user: neotool_monitor"), problems::toString);
        assertTrue(at(problems, "postgres.monitoring.namespace").message()
                .contains("observability.namespace: neotool-observability"), problems::toString);
        assertTrue(at(problems, "postgres.monitoring.secretName").message()
                .contains("observability.postgresExporter.passwordSecret.name: postgres-credentials"), problems::toString);
        SpecProblem key = at(problems, "postgres.monitoring.key");
        assertTrue(key.message().contains("observability.postgresExporter.passwordSecret.key: password"), key.message());
        assertEquals(5, key.line(), "points at the monitoring line");

        List<SpecProblem> owner = problems(dir, SERVICE + """
                postgres:
                  monitoring: {user: app}
                  databases: {app: {owner: app}}
                observability:
                  postgresExporter: {user: app}
                """);
        assertTrue(at(owner, "postgres.monitoring.user").message().contains("owns database 'app'"), owner::toString);
    }

    @Test
    void objectStorageEgressNeedsAProviderThePolicyCanExpress() {
        List<SpecProblem> problems = problems(dir, """
                services:
                  assets:
                    image: {repository: neotool-assets, tag: "1.0.0"}
                    networkPolicy:
                      objectStorage: {enabled: true, exceptCidrs: [10.0.0.0/8, not-a-cidr]}
                """);
        assertTrue(at(problems, "global.objectStorage.provider").message().contains("minio.enabled is false, but "
                + "services.assets.networkPolicy.objectStorage uses object storage"), problems::toString);
        assertTrue(at(problems, "services.assets.networkPolicy.objectStorage.exceptCidrs[1]").message()
                .contains("not an IPv4 or IPv6 CIDR"), problems::toString);
    }

    @Test
    void lokiOnTheFilesystemAndGrafanaWithoutItsSecretAreRefusedInProd() {
        List<SpecProblem> problems = problems(dir, SERVICE + """
                vault: {mode: dev}
                environments:
                  prod:
                    vault: {mode: ha, token: {create: false}}
                    observability:
                      loki: {storageType: filesystem}
                """);
        SpecProblem loki = at(problems, "environments.prod: observability.loki.storageType");
        assertTrue(loki.message().contains("not allowed in prod"), loki.message());
        assertTrue(loki.message().contains("s3"), loki.message());
        assertEquals(9, loki.line(), "points at the storageType line");
        assertTrue(loki.message().contains("and global.objectStorage.provider: r2"), "the rule s3 meets, said at once: "
                + loki.message());
        List<SpecProblem> onR2 = problems(dir, SERVICE + """
                environments:
                  prod:
                    global: {objectStorage: {provider: r2}}
                    observability:
                      loki: {storageType: filesystem}
                """);
        assertFalse(at(onR2, "environments.prod: observability.loki.storageType").message().contains("provider"), onR2::toString);
        SpecProblem grafana = at(problems, "environments.prod: observability.grafana.admin.existingSecret");
        assertTrue(grafana.message().contains("admin-password"), grafana.message());
    }

    @Test
    void s3WithoutItsSecretIsRefusedInAnyEnvironment() {
        List<SpecProblem> problems = problems(dir, SERVICE + """
                observability:
                  loki:
                    storageType: s3
                """);
        SpecProblem s3 = at(problems, "observability.loki.s3.secretName");
        assertTrue(s3.message().contains("access-key-id"), s3.message());
        assertEquals(5, s3.line(), "nearest written key: the line of 'loki:'");
        List<SpecProblem> noBucket = problems(dir, SERVICE + """
                observability:
                  loki: {storageType: s3, s3: {secretName: loki-s3, bucket: ""}}
                """);
        assertTrue(at(noBucket, "observability.loki.s3.bucket").message().contains("name it"), noBucket::toString);
    }

    /**
     * Prometheus' retention size stays below its volume, in its own units; unset, the chart derives it from the
     * volume's size, however it is written.
     */
    @Test
    void prometheusRetentionSizeStaysBelowItsVolume() throws IOException {
        assertEquals("8GB", load(dir, SERVICE + "observability: {prometheus: {retentionSize: 8GB, storage: {size: 10Gi}}}\n")
                .base().observability().prometheus().retentionSize());
        // above 85 % of the volume a compaction's new block and the filesystem's own fill it first
        for (String size : List.of("9GB", "10GB")) {
            List<SpecProblem> full = problems(dir, SERVICE + "observability: {prometheus: {retentionSize: " + size + ", storage: {size: 10Gi}}}\n");
            assertTrue(at(full, "observability.prometheus.retentionSize").message().contains("is more than 85 % of the volume "
                    + "(storage.size 10Gi)") && at(full, "observability.prometheus.retentionSize").message().endsWith("set at most 8704MB"),
                    full::toString);
        }
        List<SpecProblem> decimal = problems(dir, SERVICE + "observability: {prometheus: {retentionSize: 1TB, storage: {size: 1T}}}\n");
        assertTrue(at(decimal, "observability.prometheus.retentionSize").message().contains("storage.size 1T"), decimal::toString);
        List<SpecProblem> unit = problems(dir, SERVICE + "observability: {prometheus: {retentionSize: 5Gi}}\n");
        assertTrue(at(unit, "observability.prometheus.retentionSize").message().contains("not a size in Prometheus' units"), unit::toString);
        // a size in exponent form, which the chart reads as Kubernetes does (10^10 bytes)
        assertDoesNotThrow(() -> load(dir, SERVICE + "observability: {prometheus: {storage: {size: 1e10}}}\n"));
        assertDoesNotThrow(() -> load(dir, SERVICE + "observability: {prometheus: {retentionSize: 7GB, storage: {size: 1e10}}}\n"));
    }

    /** Prometheus scrapes every 5s to 2m: the rules' 5-minute rates need two samples, a scrape's timeout is its interval. */
    @Test
    void prometheusScrapesOftenEnoughForTheRulesRates() throws IOException {
        for (String interval : List.of("10m", "3m", "4s", "500ms", "99999999999999999999s", "2562047788015216h")) {
            List<SpecProblem> wrong = problems(dir, SERVICE + "observability: {prometheus: {scrapeInterval: " + interval + "}}\n");
            assertTrue(at(wrong, "observability.prometheus.scrapeInterval").message().startsWith("'" + interval
                    + "' is outside 5s to 2m: the alerts and dashboards take rates over 5 minutes"), wrong::toString);
        }
        for (String interval : List.of("5s", "30s", "2m", "120s")) {
            assertDoesNotThrow(() -> load(dir, SERVICE + "observability: {prometheus: {scrapeInterval: " + interval + "}}\n"));
        }
    }

    /** Grafana's Ingress is checked as any Ingress, serves the whole host, and takes no host another Ingress routes. */
    @Test
    void grafanasIngressIsTheWholeOfAHostOfItsOwn() throws IOException {
        String on = SERVICE + "observability:\n  grafana:\n    ingress: {enabled: true, hosts: [{host: grafana.example.com}]}\n";
        load(dir, on);
        assertTrue(at(problems(dir, on.replace("hosts:", "path: /grafana, hosts:")), "observability.grafana.ingress.path")
                .message().contains("Grafana is served at the root of its hosts"));
        String shared = on + "router:\n  enabled: true\n  supergraph: {urls: [https://ci.example.com/s.graphql]}\n"
                + "  ingress: {enabled: true, path: /, hosts: [{host: grafana.example.com}]}\n";
        assertTrue(at(problems(dir, shared), "observability.grafana.ingress.hosts[0].host").message()
                .startsWith("router.ingress routes grafana.example.com/ already"), () -> problems(dir, shared).toString());
    }

    /** Loki on the in-cluster MinIO must find the minio chart: its pods, its Secret in Loki's namespace, its bucket. */
    @Test
    void lokiOnMinioNeedsTheMinioChartsPodsSecretAndBucket() {
        List<SpecProblem> off = problems(dir, SERVICE + """
                observability:
                  loki: {storageType: s3, s3: {secretName: object-storage}}
                """);
        assertTrue(at(off, "global.objectStorage.provider").message().contains("minio.enabled is false, but "
                + "observability.loki uses object storage"), off::toString);

        List<SpecProblem> problems = problems(dir, SERVICE + """
                minio:
                  enabled: true
                  buckets: [neotool-assets]
                  clientSecret: {name: object-storage, namespaces: [neotool-app]}
                observability:
                  loki:
                    storageType: s3
                    s3: {secretName: loki-s3, minio: {namespace: neotool-data, app: minio, port: 9000}}
                """);
        assertTrue(at(problems, "observability.loki.s3.minio").message().contains("is not the minio chart's pods"), problems::toString);
        SpecProblem secret = at(problems, "observability.loki.s3.secretName");
        assertTrue(secret.message().contains("not written by the minio chart") && secret.message().contains("neotool-observability"),
                secret.message());
        assertTrue(at(problems, "observability.loki.s3.bucket").message().contains("add it there"), problems::toString);

        assertEquals("s3", assertDoesNotThrow(() -> load(dir, SERVICE + """
                minio: {enabled: true}
                observability:
                  loki: {storageType: s3, s3: {secretName: object-storage}}
                """)).base().observability().loki().storageType(), "the minio chart's defaults fit Loki's");
    }

    @Test
    void kubeStateMetricsReportsOnlyKindsItsClusterRoleCanName() throws IOException {
        List<SpecProblem> problems = problems(dir, SERVICE + """
                observability:
                  kubeStateMetrics: {collectors: [pods, secrets]}
                  kafkaExporter: {image: {repository: danielqsj/kafka-exporter, tag: latest, pullPolicy: IfNotPresent}}
                """);
        assertTrue(at(problems, "observability.kubeStateMetrics.collectors[1]").message().contains("'secrets' is not one of"),
                problems::toString);
        assertTrue(at(problems, "observability.kafkaExporter.image.tag").message().contains("latest"), problems::toString);

        List<SpecProblem> elsewhere = problems(dir, SERVICE + """
                observability:
                  kafkaExporter: {server: "kafka.neotool-data.svc.cluster.local:9092"}
                  networkPolicy: {kafkaNamespace: neotool-data}
                """);
        assertTrue(at(elsewhere, "observability.kafkaExporter.server").message().contains("kafka.neotool-messaging.svc"),
                elsewhere::toString);
        assertTrue(at(elsewhere, "observability.networkPolicy.kafkaNamespace").message().contains("kafka.namespace"),
                elsewhere::toString);
        assertFalse(load(dir, SERVICE + "kafka: {enabled: false}\n").base().observability().kafkaExporter().enabled(),
                "unwritten, the exporter follows Kafka");
        List<SpecProblem> noKafka = problems(dir, SERVICE + """
                kafka: {enabled: false}
                observability: {kafkaExporter: {enabled: true}}
                """);
        assertTrue(at(noKafka, "observability.kafkaExporter.enabled").message().contains("kafkaExporter.enabled: false"),
                noKafka::toString);
    }

    /** Promtail ships to Loki: with Loki off it would push to no one. */
    @Test
    void promtailNeedsLoki() throws java.io.IOException {
        List<SpecProblem> noLoki = problems(dir, SERVICE + "observability: {loki: {enabled: false}}\n");
        assertTrue(at(noLoki, "observability.promtail.enabled").message().contains("set observability.promtail.enabled: false"),
                noLoki::toString);
        assertFalse(load(dir, SERVICE + "observability: {loki: {enabled: false}, promtail: {enabled: false}}\n").base()
                .observability().promtail().enabled());
    }

    @Test
    void unpinnedImagesATypoedStorageAndARestrictedNamespaceForPromtailAreRefused() {
        List<SpecProblem> problems = problems(dir, SERVICE + """
                namespaces:
                  neotool-observability: {}
                observability:
                  prometheus: {image: {repository: prom/prometheus, tag: latest, pullPolicy: IfNotPresent}}
                  postgresExporter: {image: {repository: prometheuscommunity/postgres-exporter, tag: "", pullPolicy: IfNotPresent}}
                  loki: {storageType: filesytem}
                """);
        assertTrue(at(problems, "observability.prometheus.image.tag").message().contains("latest"));
        assertTrue(at(problems, "observability.postgresExporter.image.tag").message().contains("fixed image tag"));
        assertTrue(at(problems, "observability.loki.storageType").message().contains("did you mean 'filesystem'"));
        assertTrue(at(problems, "observability.promtail.namespace").message().contains(
                "namespace 'neotool-logging' is not declared under namespaces"));
        assertTrue(at(problems, "observability.promtail.namespace").message().contains(
                "Promtail's namespace is declared {podSecurity: privileged, reason: "));
    }

    @Test
    void lokisExcludedRangesAreTheServicesByDefaultAndMustBeCidrs() throws IOException {
        assertEquals(NetworkPolicySpec.PRIVATE_RANGES, load(dir, SERVICE).base().observability().loki().s3().exceptCidrs());
        assertEquals(NetworkPolicySpec.PRIVATE_RANGES,
                load(dir, SERVICE).base().services().get("app").networkPolicy().objectStorage().exceptCidrs());
        List<SpecProblem> problems = problems(dir, SERVICE + """
                observability:
                  loki:
                    storageType: s3
                    s3: {secretName: loki-r2, exceptCidrs: [10.0.0.0/8, 10.42.0.0, "fd00::/8", "fd00::/129", "10.0.0.0/33"]}
                """);
        SpecProblem cidr = at(problems, "observability.loki.s3.exceptCidrs[1]");
        assertTrue(cidr.message().contains("'10.42.0.0' is not an IPv4 or IPv6 CIDR"), cidr.message());
        assertEquals(7, cidr.line());
        // IPv6 ranges are ranges; a prefix longer than the address is not
        assertTrue(problems.stream().noneMatch(p -> p.path().equals("observability.loki.s3.exceptCidrs[2]")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.path().equals("observability.loki.s3.exceptCidrs[3]")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.path().equals("observability.loki.s3.exceptCidrs[4]")), problems.toString());
    }

    @Test
    void promtailsNamespaceMustBePrivilegedAndTheObservabilityNamespaceMayStayRestricted() {
        List<SpecProblem> baseline = problems(dir, SERVICE + """
                namespaces:
                  neotool-observability: {}
                  logs: {podSecurity: baseline, reason: logs}
                observability:
                  promtail: {namespace: logs}
                """);
        SpecProblem level = at(baseline, "namespaces.logs.podSecurity");
        assertTrue(level.message().contains("must be privileged") && level.message().contains("baseline forbid"), level.message());
        assertEquals(6, level.line());
        assertTrue(baseline.stream().noneMatch(p -> p.path().startsWith("namespaces.neotool-observability")), baseline.toString());

        // Promtail in the observability namespace (promtail.namespace empty): that namespace must be privileged then
        List<SpecProblem> shared = problems(dir, SERVICE + """
                namespaces:
                  neotool-observability: {}
                observability:
                  promtail: {namespace: ""}
                """);
        assertTrue(at(shared, "namespaces.neotool-observability.podSecurity").message().contains("must be privileged"));
    }

    @Test
    void aServiceNamedObservabilityIsRefused() {
        List<SpecProblem> problems = problems(dir, "services:\n  observability:\n    image: {repository: o, tag: \"1\"}\n");
        assertTrue(at(problems, "services.observability").message().contains("reserved"));
    }

    @Test
    void theStackCanBeSwitchedOff() throws IOException {
        Spec spec = load(dir, SERVICE + "namespaces:\n  neotool-app: {}\n  neotool-data: {}\n  neotool-messaging: {}\n"
                + "  neotool-security: {}\n  neotool-observability: {}\nobservability: {enabled: false}\n"
                + "postgres: {monitoring: {enabled: false}}\n");
        assertTrue(!spec.base().observability().enabled());
    }
}
