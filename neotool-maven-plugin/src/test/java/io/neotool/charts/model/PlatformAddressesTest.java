package io.neotool.charts.model;

import static io.neotool.charts.TestSpecs.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.TestPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Addresses, peers and namespace lists the spec leaves at their defaults follow its components and namespaces. */
class PlatformAddressesTest {
    @TempDir
    Path dir;

    private PlatformSpec acme() throws IOException {
        return load(dir, Files.readString(TestPaths.testSpec("acme.yaml"))).base();
    }

    @Test
    void theServicesReachTheComponentsWhereTheSpecPutsThem() throws IOException {
        ServiceSpec orders = acme().services().get("orders");
        assertEquals(new ServiceSpec.Postgres("pgbouncer.acme-data.svc.cluster.local", 6432, false), orders.platform().postgres());
        assertEquals("kafka.acme-messaging.svc.cluster.local:9092", orders.platform().kafka().bootstrapServers());
        assertEquals(new NetworkPolicySpec.Peer("acme-data", "pgbouncer", 6432), orders.networkPolicy().egress().get("pgbouncer"));
        assertEquals(new NetworkPolicySpec.Peer("acme-messaging", "kafka", 9092), orders.networkPolicy().egress().get("kafka"));
    }

    /**
     * Promtail keeps its positions in a node directory named by its namespace, the platform's own in a cluster: two
     * platforms' Promtails on one node keep a file each. One the spec writes is kept.
     */
    @Test
    void promtailsPositionsAreThePlatformsOwnOnTheNode() throws IOException {
        String spec = """
                chart: {namespacePrefix: shop}
                services:
                  orders:
                    image: {repository: orders, tag: "1.0.0"}
                """;
        assertEquals("/var/lib/promtail-shop-logging", load(dir, spec).base().observability().promtail().positionsHostPath());
        ObservabilitySpec product = TestPaths.loadSpec().base().observability();
        assertEquals("/var/lib/promtail-" + product.promtailNamespace(), product.promtail().positionsHostPath());
        // it tolerates what the services tolerate, each once, and for good (a DaemonSet's pod evicted after its
        // tolerationSeconds would be made again on the same node at once)
        String tolerating = spec + "    tolerations: [{key: dedicated, operator: Equal, value: shop, effect: NoSchedule}]\n"
                + "  billing:\n    image: {repository: billing, tag: \"1.0.0\"}\n"
                + "    tolerations: [{key: dedicated, operator: Equal, value: shop, effect: NoSchedule},\n"
                + "      {key: spot, operator: Exists, effect: NoExecute, tolerationSeconds: \"60\"}]\n";
        assertEquals(List.of(Map.of("key", "dedicated", "operator", "Equal", "value", "shop", "effect", "NoSchedule"),
                        Map.of("key", "spot", "operator", "Exists", "effect", "NoExecute")),
                load(dir, tolerating).base().observability().promtail().tolerations());
        assertEquals(List.of(), load(dir, spec).base().observability().promtail().tolerations());
        // ... and what the component charts' placements tolerate: the logs of a pool kept for the data stores
        String placed = spec + "global:\n  placement:\n    postgres:\n      nodeSelector: {pool: data}\n"
                + "      tolerations: [{key: dedicated, value: data, effect: NoSchedule}]\n";
        assertEquals(List.of(Map.of("key", "dedicated", "value", "data", "effect", "NoSchedule")),
                load(dir, placed).base().observability().promtail().tolerations());
        // ... but not a component's the environment does not deploy: no pod of the platform's runs on its pool
        String off = placed + "    kafka:\n      tolerations: [{key: kafkapool, value: x, effect: NoSchedule}]\n"
                + "kafka: {enabled: false}\n";
        assertEquals(List.of(Map.of("key", "dedicated", "value", "data", "effect", "NoSchedule")),
                load(dir, off).base().observability().promtail().tolerations());
        for (String written : List.of("/srv/promtail", "/var/lib/promtail")) { // the directory of before, kept too
            assertEquals(written, load(dir, spec + "observability: {promtail: {positionsHostPath: " + written + "}}\n")
                    .base().observability().promtail().positionsHostPath());
        }
    }

    @Test
    void aServiceThatWritesNoKafkaGetsNoKafkaPeer() throws IOException {
        String spec = Files.readString(TestPaths.testSpec("acme.yaml"));
        PlatformSpec offKafka = load(dir, spec.replaceFirst("(?m)^  orders:\n", "  orders:\n    platform: {kafka: {bootstrapServers: \"\"}}\n")).base();
        ServiceSpec orders = offKafka.services().get("orders");
        assertEquals("", orders.platform().kafka().bootstrapServers());
        assertEquals(Set.of("pgbouncer"), orders.networkPolicy().egress().keySet());
    }

    @Test
    void aDisabledComponentLeavesNoAddressAndNoPeer() throws IOException {
        PlatformSpec spec = acme();
        for (ServiceSpec s : spec.services().values()) {
            assertEquals(new ServiceSpec.Vault(false, ""), s.platform().vault(), "Vault is off");
            assertEquals(Set.of("kafka", "pgbouncer"), s.networkPolicy().egress().keySet());
            assertTrue(s.networkPolicy().ingress().isEmpty(), "no router, no Prometheus: " + s.networkPolicy().ingress());
        }
        assertEquals("", spec.router().networkPolicy().metricsScraper().app());
    }

    @Test
    void withoutPostgresOrKafkaTheirAddressesAreEmpty() throws IOException {
        PlatformSpec spec = load(dir, """
                namespaces: {shop: {}}
                postgres: {enabled: false}
                kafka: {enabled: false}
                vault: {enabled: false}
                observability: {enabled: false}
                router: {enabled: false}
                web: {enabled: false}
                services:
                  api: {namespace: shop, image: {repository: api, tag: "1.0.0"}}
                """).base();
        ServiceSpec api = spec.services().get("api");
        assertEquals("", api.platform().postgres().host());
        assertEquals("", api.platform().kafka().bootstrapServers());
        assertTrue(api.networkPolicy().egress().isEmpty(), api.networkPolicy().egress()::toString);
        assertFalse(spec.postgres().networkPolicy().enabled() && spec.postgres().enabled());
    }

    @Test
    void whatTheSpecWritesIsKept() throws IOException {
        PlatformSpec spec = load(dir, """
                namespaces: {shop: {}, data: {}}
                vault: {enabled: false}
                observability: {enabled: false}
                kafka: {enabled: false}
                postgres: {namespace: data, databases: {api: {owner: api}}, monitoring: {enabled: false}}
                services:
                  api:
                    namespace: shop
                    image: {repository: api, tag: "1.0.0"}
                    platform:
                      postgres: {host: db.example.com, port: 5432}
                      kafka: {bootstrapServers: "broker.example.com:9092"}
                    networkPolicy: {internet: {ports: [9092]}}
                """).base();
        ServiceSpec api = spec.services().get("api");
        assertEquals(new ServiceSpec.Postgres("db.example.com", 5432, false), api.platform().postgres());
        assertEquals("broker.example.com:9092", api.platform().kafka().bootstrapServers(), "an external Kafka is kept");
    }

    @Test
    void theRouterAndWebAdmitThePlatformsIngressControllerUnlessTheySetTheirOwn() throws IOException {
        PlatformSpec spec = load(dir, io.neotool.charts.TestSpecs.SERVICE + """
                networkPolicy:
                  ingressController: {namespace: ingress-nginx, app: ingress-nginx, className: nginx}
                router:
                  networkPolicy:
                    ingressController: {namespace: edge, app: envoy}
                """).base();
        NetworkPolicySpec.IngressController nginx = new NetworkPolicySpec.IngressController("ingress-nginx", "ingress-nginx", "nginx", List.of());
        assertEquals(nginx, spec.web().networkPolicy().ingressController());
        assertEquals(new NetworkPolicySpec.IngressController("edge", "envoy", "", List.of()), spec.router().networkPolicy().ingressController());
        assertEquals(nginx, spec.observability().networkPolicy().ingressController(), "Grafana's way in follows too");
        PlatformSpec defaults = load(dir, io.neotool.charts.TestSpecs.SERVICE).base();
        assertEquals(NetworkPolicySpec.DEFAULTS.ingressController(), defaults.router().networkPolicy().ingressController());
        assertEquals(NetworkPolicySpec.DEFAULTS.ingressController(), defaults.web().networkPolicy().ingressController());
    }

    /**
     * The platform's Prometheus is the observability chart's where it runs, none without it, and the cluster's own
     * where networkPolicy.metricsScraper names it: every service admits it on its http port, the router on 9090.
     */
    @Test
    void theServicesAndTheRouterAdmitThePlatformsPrometheus() throws IOException {
        String router = "router: {enabled: true, supergraph: {urls: [https://schemas.example.com/s.graphql]}}\n";
        PlatformSpec own = load(dir, io.neotool.charts.TestSpecs.SERVICE + router + """
                observability: {enabled: false}
                global:
                  operatorMade: [{kind: Namespace, name: monitoring, create: kube-prometheus-stack}]
                networkPolicy:
                  metricsScraper: {namespace: monitoring, app: prometheus}
                """).base();
        assertEquals(new NetworkPolicySpec.Peer("monitoring", "prometheus", 0),
                own.services().get("app").networkPolicy().ingress().get("prometheus"));
        assertEquals(new NetworkPolicySpec.Peer("monitoring", "prometheus", RouterSpec.METRICS_PORT),
                own.router().networkPolicy().metricsScraper());
        PlatformSpec none = load(dir, io.neotool.charts.TestSpecs.SERVICE + router + "observability: {enabled: false}\n").base();
        assertFalse(none.services().get("app").networkPolicy().ingress().containsKey("prometheus"));
        assertEquals("", none.router().networkPolicy().metricsScraper().app());
        PlatformSpec builtIn = load(dir, io.neotool.charts.TestSpecs.SERVICE + router).base();
        assertEquals(new NetworkPolicySpec.Peer(builtIn.observability().namespace(), "prometheus", 0),
                builtIn.services().get("app").networkPolicy().ingress().get("prometheus"));
    }

    @Test
    void vaultsClientsAreTheNamespacesOfTheServicesThatUseIt() throws IOException {
        PlatformSpec spec = load(dir, """
                namespaces: {shop: {}, back: {}, secrets: {}, reports: {}}
                vault: {namespace: secrets}
                observability: {enabled: false}
                postgres: {enabled: false}
                kafka: {enabled: false}
                services:
                  api: {namespace: shop, image: {repository: api, tag: "1.0.0"}}
                  jobs: {namespace: back, image: {repository: jobs, tag: "1.0.0"}}
                  report: {namespace: reports, image: {repository: report, tag: "1.0.0"}, platform: {vault: {enabled: false}}}
                """).base();
        // (report reads no Vault: no token is copied to its namespace)
        assertEquals(List.of("back", "shop"), spec.vault().token().namespaces());
        assertEquals(new ServiceSpec.Vault(true, "http://vault.secrets.svc.cluster.local:8200"),
                spec.services().get("api").platform().vault());
    }

    @Test
    void theProductsServicesReachItsComponents() {
        PlatformSpec spec = TestPaths.loadSpec().base();
        spec.services().values().forEach(s -> {
            assertEquals("pgbouncer." + spec.postgres().namespace() + ".svc.cluster.local", s.platform().postgres().host());
            assertEquals("kafka." + spec.kafka().namespace() + ".svc.cluster.local:9092", s.platform().kafka().bootstrapServers());
            assertEquals("http://vault." + spec.vault().namespace() + ".svc.cluster.local:8200", s.platform().vault().address());
        });
    }
}
