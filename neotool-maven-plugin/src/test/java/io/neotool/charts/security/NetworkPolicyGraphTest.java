package io.neotool.charts.security;

import static io.neotool.charts.testtools.ProductNamespaces.OBSERVABILITY;
import static io.neotool.charts.testtools.ProductNamespaces.ROUTER;
import static io.neotool.charts.testtools.ProductNamespaces.VAULT;
import static io.neotool.charts.testtools.ProductNamespaces.WEB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.TestPaths;
import io.neotool.charts.model.ServiceSpec;
import io.neotool.charts.testtools.Manifests;
import io.neotool.charts.testtools.ProductNamespaces;
import io.neotool.charts.testtools.YamlTree;
import io.neotool.charts.verify.NetworkPolicies;
import io.neotool.charts.verify.NetworkPolicies.Pod;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rendered NetworkPolicies as a reachability graph. The platform's own pods come from the render; the
 * pods of charts that are not here yet carry the labels the umbrella's policies assume (the contract with
 * those charts): app.kubernetes.io/name pgbouncer, postgres, kafka, minio, prometheus, and Traefik and CoreDNS
 * (k8s-app: kube-dns) in kube-system. The router and web pods are rendered (charts router and web).
 */
class NetworkPolicyGraphTest {

    static Rendered charts;
    /** The repository's spec (dev), which the expectations about its services derive from. */
    static final io.neotool.charts.model.PlatformSpec SPEC = io.neotool.charts.TestPaths.loadSpec().base();
    static Manifests dev;
    static Manifests prod;

    /** The namespaces of PostgreSQL, MinIO and Kafka in the repository's spec (their pods are POSTGRES, MINIO, KAFKA). */
    static final String DATA_NS = ProductNamespaces.POSTGRES;
    static final String STORAGE_NS = ProductNamespaces.MINIO;
    static final String MESSAGING_NS = ProductNamespaces.KAFKA;
    static final Pod PGBOUNCER = external("pgbouncer", DATA_NS, "6432/TCP");
    static final Pod POSTGRES = external("postgres", DATA_NS, "5432/TCP");
    static final Pod KAFKA = external("kafka", MESSAGING_NS, "9092/TCP", "9093/TCP");
    static final Pod MINIO = external("minio", STORAGE_NS, "9000/TCP");
    static final Pod PROMETHEUS = external("prometheus", OBSERVABILITY, "9090/TCP");
    static final Pod TRAEFIK = external("traefik", "kube-system", "8000/TCP");
    static final Pod DNS = new Pod("coredns", "kube-system", Map.of("k8s-app", "kube-dns"), List.of("53/UDP", "53/TCP"));
    static final Pod OUTSIDER = new Pod("curl", "default", Map.of("app", "curl"), List.of("8080/TCP"));
    static final Pod STRAY_IN_APP = new Pod("debug", ProductNamespaces.SERVICES.iterator().next(), Map.of("app", "debug"),
            List.of("8080/TCP"));

    static Pod external(String app, String namespace, String... ports) {
        return new Pod(app, namespace, Map.of("app.kubernetes.io/name", app), List.of(ports));
    }

    @BeforeAll
    static void render() {
        charts = Rendered.platform();
        dev = charts.devManifests();
        prod = charts.prodManifests();
    }

    static List<Pod> world(Manifests docs) {
        List<Pod> pods = new ArrayList<>(NetworkPolicies.renderedPods(docs));
        pods.addAll(List.of(PGBOUNCER, POSTGRES, KAFKA, MINIO, PROMETHEUS, TRAEFIK, DNS, OUTSIDER, STRAY_IN_APP));
        return pods;
    }

    static List<Pod> services(List<Pod> pods) {
        return pods.stream().filter(p -> "service".equals(p.labels().get("app.kubernetes.io/component"))).toList();
    }

    static Pod vault(List<Pod> pods) {
        return pods.stream().filter(p -> p.namespace().equals(VAULT) && p.name().equals("vault")).findFirst().orElseThrow();
    }

    /** Everything {@code from} reaches, as "namespace/pod:port". */
    static Set<String> reach(NetworkPolicies policies, List<Pod> pods, Pod from) {
        Set<String> reached = new TreeSet<>();
        for (Pod to : pods) {
            if (to == from) {
                continue;
            }
            for (String port : to.ports()) {
                if (policies.allows(from, to, port)) {
                    reached.add(to + ":" + port);
                }
            }
        }
        return reached;
    }

    /** Everything that reaches {@code to}, as "namespace/pod:port". */
    static Set<String> reachedBy(NetworkPolicies policies, List<Pod> pods, Pod to) {
        Set<String> sources = new TreeSet<>();
        for (Pod from : pods) {
            for (String port : to.ports()) {
                if (from != to && policies.allows(from, to, port)) {
                    sources.add(from + ":" + port);
                }
            }
        }
        return sources;
    }

    static final Set<String> DNS_ONLY = Set.of("kube-system/coredns:53/UDP", "kube-system/coredns:53/TCP");

    @Test
    void eachServiceReachesExactlyPgBouncerKafkaVaultAndDns() {
        // Kafka always; PgBouncer with a database; Vault when the service reads the JWT keys (vaultInit)
        for (Manifests docs : List.of(dev, prod)) {
            NetworkPolicies policies = new NetworkPolicies(docs);
            List<Pod> pods = world(docs);
            List<Pod> services = services(pods);
            assertEquals(SPEC.services().keySet(), new TreeSet<>(services.stream().map(Pod::name).toList()));
            for (Pod service : services) {
                Set<String> expected = new TreeSet<>(DNS_ONLY);
                expected.add(MESSAGING_NS + "/kafka:9092/TCP");
                ServiceSpec spec = SPEC.services().get(service.name());
                if (spec.hasDatabase()) {
                    expected.add(DATA_NS + "/pgbouncer:6432/TCP");
                }
                if (spec.vaultInit().enabled()) {
                    expected.add(VAULT + "/vault:8200/TCP");
                }
                // and the services it declares it calls (services.<name>.calls), on their ports
                for (String callee : SPEC.services().get(service.name()).calls()) {
                    if (callee.equals("router") && !SPEC.services().containsKey(callee)) {
                        expected.add(SPEC.router().namespace() + "/router:4000/TCP"); // the GraphQL router
                        continue;
                    }
                    Pod target = services.stream().filter(p -> p.name().equals(callee)).findFirst().orElseThrow();
                    expected.add(target + ":" + target.ports().get(0));
                }
                // and the pods of the other peers the spec writes under networkPolicy.egress (a component's), on their port
                spec.networkPolicy().egress().forEach((key, peer) -> {
                    if (!Set.of("pgbouncer", "kafka", "vault").contains(key)) {
                        pods.stream().filter(p -> p.namespace().equals(peer.namespace())
                                        && peer.app().equals(p.labels().get("app.kubernetes.io/name")))
                                .forEach(p -> p.ports().stream().filter(port -> peer.port() == 0 || port.equals(peer.port() + "/TCP"))
                                        .forEach(port -> expected.add(p + ":" + port)));
                    }
                });
                if (docs == dev && spec.networkPolicy().objectStorage().enabled()) {
                    expected.add(STORAGE_NS + "/minio:9000/TCP"); // object storage in dev (below)
                }
                assertEquals(expected, reach(policies, pods, service), service + " reaches");
            }
        }
    }

    /**
     * networkPolicy.internet: the declared ports to any address but the excluded ranges, nothing else outside the
     * cluster; a secretEnv marked optional is rendered so (the pod starts without it).
     */
    @Test
    void aServicesInternetEgressIsItsPortsOutsideTheExcludedRanges() {
        for (Manifests docs : List.of(dev, prod)) {
            SPEC.services().forEach((name, s) -> {
                Map<String, Object> policy = docs.one("NetworkPolicy", s.namespace(), name);
                List<Map<String, Object>> internet = YamlTree.maps(policy, "spec", "egress").stream()
                        .filter(rule -> rule.toString().contains("cidr=0.0.0.0/0")).toList();
                boolean objectStorageOnR2 = s.networkPolicy().objectStorage().enabled() && docs == prod;
                List<Integer> ports = s.networkPolicy().internet().ports();
                assertEquals((ports.isEmpty() ? 0 : 1) + (objectStorageOnR2 ? 1 : 0), internet.size(), name);
                if (!ports.isEmpty()) {
                    Map<String, Object> rule = internet.get(0);
                    Pod pod = rendered(world(docs), s.namespace(), name);
                    NetworkPolicies policies = new NetworkPolicies(docs);
                    assertTrue(policies.allowsEgressTo(pod, R2, ports.get(0) + "/TCP"), name + " reaches the internet");
                    assertTrue(policies.allowsEgressTo(pod, R2_IPV6, ports.get(0) + "/TCP"), name + " reaches it over IPv6");
                    List<String> closed = new ArrayList<>(List.of("10.43.0.1", "10.42.1.7", "169.254.169.254"));
                    closed.addAll(PRIVATE_IPV6);
                    for (String inside : closed) {
                        assertFalse(policies.allowsEgressTo(pod, inside, ports.get(0) + "/TCP"), name + ": " + inside + " stays closed");
                    }
                    // one ipBlock per family, each with the excluded ranges of its family
                    List<Map<String, Object>> blocks = YamlTree.maps(rule, "to").stream().map(t -> YamlTree.map(t, "ipBlock")).toList();
                    assertEquals(List.of("0.0.0.0/0", "::/0"), blocks.stream().map(b -> b.get("cidr")).toList(), name);
                    List<Object> excepts = new ArrayList<>();
                    blocks.forEach(b -> excepts.addAll(YamlTree.list(b, "except")));
                    assertEquals(s.networkPolicy().internet().exceptCidrs(), excepts, name);
                    assertEquals(ports, YamlTree.maps(rule, "ports").stream().map(p -> p.get("port")).toList(), name);
                }
                Map<String, Object> container = Manifests.container(docs.one("Deployment", s.namespace(), name));
                s.secretEnv().forEach((env, ref) -> assertEquals(ref.optional() ? Boolean.TRUE : null,
                        YamlTree.map(Manifests.env(container, env), "valueFrom", "secretKeyRef").get("optional"), name + " " + env));
            });
        }
    }

    @Test
    void onlyTheRouterAndPrometheusReachAServiceAndOnlyOnItsPort() {
        for (Manifests docs : List.of(dev, prod)) {
            NetworkPolicies policies = new NetworkPolicies(docs);
            List<Pod> pods = world(docs);
            for (Pod service : services(pods)) {
                Set<String> expected = new TreeSet<>(Set.of(OBSERVABILITY + "/prometheus:8080/TCP"));
                if (routed(service)) {
                    expected.add(ROUTER + "/router:8080/TCP");
                }
                // and the services that declare they call it
                services(pods).stream().filter(caller -> SPEC.services().get(caller.name()).calls().contains(service.name()))
                        .forEach(caller -> expected.add(caller + ":" + service.ports().get(0)));
                assertEquals(expected, reachedBy(policies, pods, service), service + " is reached by");
            }
        }
    }

    static Pod rendered(List<Pod> pods, String namespace, String name) {
        return pods.stream().filter(p -> p.namespace().equals(namespace) && p.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no rendered pod " + namespace + "/" + name + " in " + pods));
    }

    @Test
    void theRouterReachesEveryServiceItsSupergraphComposesOnItsPortAndNothingElse() {
        for (Manifests docs : List.of(dev, prod)) {
            NetworkPolicies policies = new NetworkPolicies(docs);
            List<Pod> pods = world(docs);
            Pod router = rendered(pods, ROUTER, "router");
            assertEquals("router", router.labels().get("app.kubernetes.io/name"));
            Set<String> expected = new TreeSet<>(DNS_ONLY);
            services(pods).stream().filter(NetworkPolicyGraphTest::routed).forEach(s -> expected.add(s + ":8080/TCP"));
            assertEquals(new TreeSet<>(SPEC.services().keySet()), new TreeSet<>(services(pods).stream().map(Pod::name).toList()));
            assertEquals(expected, reach(policies, pods, router));
        }
    }

    /** A service the router calls: one its supergraph composes (every service when it names none). */
    static boolean routed(Pod service) {
        return SPEC.router().supergraph().composed().map(names -> names.contains(service.name())).orElse(true);
    }

    @Test
    void webReachesTheRouterOnlyAndTheRouterIsReachedByWebTraefikAndPrometheusOnTheirPorts() {
        for (Manifests docs : List.of(dev, prod)) {
            NetworkPolicies policies = new NetworkPolicies(docs);
            List<Pod> pods = world(docs);
            Pod web = rendered(pods, WEB, "web");
            Pod router = rendered(pods, ROUTER, "router");
            Set<String> expected = new TreeSet<>(DNS_ONLY);
            expected.add(ROUTER + "/router:4000/TCP");
            assertEquals(expected, reach(policies, pods, web));
            Set<String> routerClients = new TreeSet<>(Set.of(WEB + "/web:4000/TCP", "kube-system/traefik:4000/TCP",
                    OBSERVABILITY + "/prometheus:9090/TCP"));
            // and the services that call it (calls: [router]), on its GraphQL port
            SPEC.services().forEach((name, s) -> {
                if (s.calls().contains("router")) {
                    routerClients.add(s.namespace() + "/" + name + ":4000/TCP");
                }
            });
            assertEquals(routerClients, reachedBy(policies, pods, router));
            assertEquals(Set.of("kube-system/traefik:3000/TCP"), reachedBy(policies, pods, web));
        }
    }

    @Test
    void webInstalledAloneIsIsolatedAndAdmitsOnlyTheIngressController() {
        Path web = charts.umbrella.resolve("charts/web");
        Manifests docs = new Manifests(new io.neotool.charts.helm.HelmClient().template(
                io.neotool.charts.helm.HelmClient.RenderRequest.of(web, "neotool", List.of(web.resolve("ci/default-values.yaml")))));
        NetworkPolicies policies = new NetworkPolicies(docs);
        List<Pod> pods = world(docs);
        Pod webPod = rendered(pods, WEB, "web");
        Pod neighbour = new Pod("other", WEB, Map.of("app.kubernetes.io/name", "other"), List.of("8080/TCP"));
        assertFalse(policies.allows(OUTSIDER, webPod, "3000/TCP"), "no umbrella default-deny: web's own policy isolates it");
        assertFalse(policies.allows(neighbour, webPod, "3000/TCP"));
        assertTrue(policies.allows(TRAEFIK, webPod, "3000/TCP"));
    }

    @Test
    void theRouterInstalledAloneAdmitsTheIngressControllerOnItsGraphqlPortOnly() {
        Path router = charts.umbrella.resolve("charts/router");
        Manifests docs = new Manifests(new io.neotool.charts.helm.HelmClient().template(io.neotool.charts.helm.HelmClient.RenderRequest.of(
                router, "neotool", List.of(router.resolve("ci/default-values.yaml")))));
        NetworkPolicies policies = new NetworkPolicies(docs);
        Pod routerPod = rendered(world(docs), ROUTER, "router");
        assertTrue(policies.allows(TRAEFIK, routerPod, "4000/TCP"), "the chart's own router-from-ingress-controller");
        assertFalse(policies.allows(TRAEFIK, routerPod, "8088/TCP"));
        assertFalse(policies.allows(OUTSIDER, routerPod, "4000/TCP"));
    }

    /**
     * The service chart installed alone, in a namespace without the umbrella's DNS policy: each smoke test Pod may
     * resolve the name it calls (its own policy admits the cluster DNS), or `helm test` fails on the lookup.
     */
    @Test
    void aServiceInstalledAlonesSmokeTestsResolveWhatTheyCall() {
        Path service = charts.umbrella.resolve("charts/" + io.neotool.charts.model.Components.SERVICE.chart());
        Manifests docs = new Manifests(new io.neotool.charts.helm.HelmClient().template(io.neotool.charts.helm.HelmClient.RenderRequest.of(
                service, "neotool", List.of(service.resolve("ci/default-values.yaml")))));
        NetworkPolicies policies = new NetworkPolicies(docs);
        List<Map<String, Object>> smokePods = docs.ofKind("Pod");
        assertFalse(smokePods.isEmpty(), docs.names().toString());
        for (Map<String, Object> doc : smokePods) {
            Map<String, Object> metadata = YamlTree.map(doc, "metadata");
            Map<String, String> labels = new java.util.HashMap<>();
            YamlTree.map(metadata, "labels").forEach((k, v) -> labels.put(k, String.valueOf(v)));
            Pod pod = new Pod((String) metadata.get("name"), String.valueOf(metadata.get("namespace")), labels, List.of());
            assertTrue(policies.allows(pod, DNS, "53/UDP") && policies.allows(pod, DNS, "53/TCP"), pod.toString());
        }
    }

    /** The ingress controller reaches the router and web, and Grafana only where the spec gives it an Ingress. */
    @Test
    void theIngressControllerReachesTheEntrypointsAndGrafanaOnly() {
        for (Manifests docs : List.of(dev, prod)) {
            NetworkPolicies policies = new NetworkPolicies(docs);
            List<Pod> pods = world(docs);
            Set<String> reached = reach(policies, pods, TRAEFIK);
            reached.removeIf(target -> target.startsWith("default/")); // no policies there: not the platform's
            // the router's health (8088) and metrics (9090) ports stay closed to it
            Set<String> expected = new TreeSet<>(Set.of(ROUTER + "/router:4000/TCP", WEB + "/web:3000/TCP",
                    "kube-system/coredns:53/UDP", "kube-system/coredns:53/TCP"));
            if ((docs == prod ? TestPaths.loadSpec().environments().get("prod") : TestPaths.loadSpec().base())
                    .observability().grafana().ingress().enabled()) {
                expected.add(OBSERVABILITY + "/grafana:3000/TCP");
            }
            assertEquals(expected, reached);
        }
    }

    @Test
    void aPodOutsideThePlatformReachesNothingAndAStrayPodOnlyDns() {
        for (Manifests docs : List.of(dev, prod)) {
            NetworkPolicies policies = new NetworkPolicies(docs);
            List<Pod> pods = world(docs);
            Set<String> platform = new TreeSet<>(reach(policies, pods, OUTSIDER));
            platform.removeIf(target -> !target.startsWith("neotool-"));
            assertEquals(Set.of(), platform, "a pod in namespace default reaches no platform pod");
            assertEquals(DNS_ONLY, reach(policies, pods, STRAY_IN_APP),
                    "an unknown pod in " + STRAY_IN_APP.namespace() + " only resolves names");
            assertEquals(Set.of(), reachedBy(policies, pods, STRAY_IN_APP));
            // only PgBouncer, the PostgreSQL exporter, the post-upgrade databases Job, the replicas and the backup (where
            // rendered) reach PostgreSQL, only the bucket Job, the services that use object storage, the backup and Loki
            // (dev) reach MinIO
            Set<String> expected = new TreeSet<>(Set.of(DATA_NS + "/pgbouncer:5432/TCP",
                    OBSERVABILITY + "/postgres-exporter:5432/TCP", DATA_NS + "/postgres-databases-1:5432/TCP"));
            for (String optional : List.of("postgres-replica", "postgres-backup")) {
                if (pods.stream().anyMatch(p -> p.namespace().equals(DATA_NS) && p.name().equals(optional))) {
                    expected.add(DATA_NS + "/" + optional + ":5432/TCP");
                }
            }
            assertEquals(expected, reachedBy(policies, pods, POSTGRES));
            Set<String> minio = reachedBy(policies, pods, MINIO);
            Set<String> storageServices = objectStorageServices();
            assertTrue(minio.stream().allMatch(p -> p.matches(STORAGE_NS + "/minio-buckets-[0-9a-f]{8}:9000/TCP")
                    || storageServices.contains(p) || p.equals(DATA_NS + "/postgres-backup:9000/TCP")
                    || p.equals(OBSERVABILITY + "/loki:9000/TCP")), minio.toString());
        }
    }

    /** An address of Cloudflare's (R2's endpoints resolve to Cloudflare's public ranges). */
    static final String R2 = "104.18.12.34";

    /** Cloudflare's, over IPv6 (an IPv6-only or dual-stack cluster reaches R2 there). */
    static final String R2_IPV6 = "2606:4700::6812:c22";

    /** IPv6 addresses an internet egress leaves closed: AWS's metadata (unique local), another unique local, link-local. */
    static final List<String> PRIVATE_IPV6 = List.of("fd00:ec2::254", "fd12:3456::1", "fe80::1");

    /** "namespace/name:9000/TCP" of each service the spec gives object storage (objectStorage.enabled). */
    static Set<String> objectStorageServices() {
        Set<String> clients = new TreeSet<>();
        SPEC.services().forEach((name, service) -> {
            if (service.networkPolicy().objectStorage().enabled()) {
                clients.add(service.namespace() + "/" + name + ":9000/TCP");
            }
        });
        return clients;
    }

    /** Private, link-local and the cluster's addresses, IPv4 and IPv6, that an egress to the internet leaves closed. */
    static List<String> closedToTheInternet() {
        List<String> closed = new ArrayList<>(List.of("10.43.0.1", "10.42.1.7", "172.16.0.5", "192.168.1.10", "169.254.169.254"));
        closed.addAll(PRIVATE_IPV6);
        return closed;
    }

    @Test
    void theObjectStorageServicesReachMinioInDevR2InProdAndNoOtherServiceDoes() {
        Set<String> storageServices = objectStorageServices();
        org.junit.jupiter.api.Assumptions.assumeTrue(!storageServices.isEmpty(), "no service of the spec uses object storage");
        NetworkPolicies devPolicies = new NetworkPolicies(dev);
        List<Pod> devPods = world(dev);
        Pod minio = devPods.stream().filter(p -> p.namespace().equals(STORAGE_NS) && p.name().equals("minio")
                && p.labels().containsKey("app.kubernetes.io/version")).findFirst()
                .orElseThrow(() -> new AssertionError("the minio chart's StatefulSet is rendered in dev: " + devPods));
        Set<String> minioClients = new TreeSet<>(reachedBy(devPolicies, devPods, minio));
        minioClients.removeIf(p -> p.matches(STORAGE_NS + "/minio-buckets-[0-9a-f]{8}:9000/TCP")
                || p.equals(DATA_NS + "/postgres-backup:9000/TCP"));
        // Loki stores on MinIO in dev too (docs/observability.md), through the same egress rules as the services
        Set<String> expected = new TreeSet<>(storageServices);
        expected.add(OBSERVABILITY + "/loki:9000/TCP");
        assertEquals(expected, minioClients);
        for (Pod service : services(devPods)) {
            // the rendered MinIO (its own labels) admits them on 9000, through the minio chart's networkpolicy.yaml
            // namespace and the umbrella's minio-9000-from-services policy; not its console; nothing else of the services'
            boolean storage = storageServices.contains(service.namespace() + "/" + service.name() + ":9000/TCP");
            assertEquals(storage, devPolicies.allows(service, minio, "9000/TCP"), service + " -> minio:9000 in dev");
            assertFalse(devPolicies.allows(service, minio, "9001/TCP"), service + ": not the console");
            // (a service that declares internet egress reaches it: aServicesInternetEgressIsItsPortsOutsideTheExcludedRanges)
            assertEquals(SPEC.services().get(service.name()).networkPolicy().internet().ports().contains(443),
                    devPolicies.allowsEgressTo(service, R2, "443/TCP"), service + ": no object storage on the internet in dev");
        }

        NetworkPolicies prodPolicies = new NetworkPolicies(prod);
        List<Pod> prodPods = world(prod);
        Pod loki = rendered(prodPods, OBSERVABILITY, "loki");
        for (Pod service : services(prodPods)) {
            if (storageServices.contains(service.namespace() + "/" + service.name() + ":9000/TCP")) {
                assertTrue(prodPolicies.allowsEgressTo(service, R2, "443/TCP"), service + " -> R2 on 443 in prod");
                assertTrue(prodPolicies.allowsEgressTo(service, R2_IPV6, "443/TCP"), service + " -> R2 over IPv6");
                assertFalse(prodPolicies.allowsEgressTo(service, R2, "80/TCP"), "HTTPS only");
                for (String inside : closedToTheInternet()) {
                    assertFalse(prodPolicies.allowsEgressTo(service, inside, "443/TCP"), inside + ": private ranges stay closed");
                }
                assertFalse(prodPolicies.allows(service, MINIO, "9000/TCP"), "no MinIO in prod");
                assertEquals(ipBlockRules(prod, service.namespace(), service.name()),
                        ipBlockRules(prod, OBSERVABILITY, "loki"), "Loki's and the services' object storage egress are one rule");
            } else {
                assertEquals(SPEC.services().get(service.name()).networkPolicy().internet().ports().contains(443),
                        prodPolicies.allowsEgressTo(service, R2, "443/TCP"), service + ": internet egress only where declared");
            }
        }
        // Loki's R2 egress (s3, prod) is the same rule: HTTPS outside the private ranges; none in dev
        assertTrue(prodPolicies.allowsEgressTo(loki, R2, "443/TCP"), "loki -> R2 on 443 in prod");
        assertTrue(prodPolicies.allowsEgressTo(loki, R2_IPV6, "443/TCP"), "loki -> R2 over IPv6");
        assertFalse(prodPolicies.allowsEgressTo(loki, R2, "80/TCP"), "HTTPS only");
        for (String inside : closedToTheInternet()) {
            assertFalse(prodPolicies.allowsEgressTo(loki, inside, "443/TCP"), "loki: " + inside + " stays closed");
        }
        assertFalse(devPolicies.allowsEgressTo(rendered(devPods, OBSERVABILITY, "loki"), R2, "443/TCP"));
    }

    /** The PostgreSQL backup (where the spec has one): the primary on 5432, object storage by provider, nothing else. */
    @Test
    void theBackupReachesThePrimaryAndObjectStorageOnly() {
        for (Manifests docs : List.of(dev, prod)) {
            NetworkPolicies policies = new NetworkPolicies(docs);
            List<Pod> pods = world(docs);
            List<Pod> backup = pods.stream().filter(p -> p.namespace().equals(DATA_NS) && p.name().equals("postgres-backup"))
                    .toList();
            org.junit.jupiter.api.Assumptions.assumeTrue(!backup.isEmpty(), "no postgres backup rendered");
            Pod primary = rendered(pods, DATA_NS, "postgres");
            assertTrue(policies.allows(backup.get(0), primary, "5432/TCP"), "backup -> postgres:5432");
            Set<String> reached = new TreeSet<>(reach(policies, pods, backup.get(0)));
            reached.removeIf(t -> t.equals(DATA_NS + "/postgres:5432/TCP") || t.equals(POSTGRES + ":5432/TCP")
                    || t.startsWith(DNS.toString()) || t.startsWith(STORAGE_NS + "/minio:9000")
                    || t.startsWith(MINIO + ":9000"));
            assertEquals(Set.of(), reached, "nothing else");
            for (Pod replica : pods.stream().filter(p -> p.name().equals("postgres-replica")).toList()) {
                assertFalse(policies.allows(backup.get(0), replica, "5432/TCP"), "the backup reads the primary");
            }
        }
        NetworkPolicies devPolicies = new NetworkPolicies(dev);
        List<Pod> devPods = world(dev);
        Pod devBackup = rendered(devPods, DATA_NS, "postgres-backup");
        assertTrue(devPolicies.allows(devBackup, rendered(devPods, STORAGE_NS, "minio"), "9000/TCP"), "dev: MinIO");
        assertFalse(devPolicies.allowsEgressTo(devBackup, R2, "443/TCP"), "dev: no internet");
        NetworkPolicies prodPolicies = new NetworkPolicies(prod);
        Pod prodBackup = rendered(world(prod), DATA_NS, "postgres-backup");
        assertTrue(prodPolicies.allowsEgressTo(prodBackup, R2, "443/TCP"), "prod: R2 over HTTPS");
        assertFalse(prodPolicies.allowsEgressTo(prodBackup, "10.43.0.1", "443/TCP"), "prod: not the cluster");
    }

    /** The egress rules with an ipBlock peer of the policy named {@code namespace/name}. */
    static List<Object> ipBlockRules(Manifests docs, String namespace, String name) {
        return YamlTree.list(docs.one("NetworkPolicy", namespace, name), "spec", "egress").stream()
                .filter(rule -> YamlTree.list(rule, "to").stream().anyMatch(peer -> YamlTree.map(peer).containsKey("ipBlock")))
                .toList();
    }

    @Test
    void vaultIsReachedByTheServicesAndItsJobAndRaftPeersTalkInProd() {
        NetworkPolicies devPolicies = new NetworkPolicies(dev);
        List<Pod> devPods = world(dev);
        Pod job = devPods.stream().filter(p -> p.name().equals("vault-jwt-init-1")).findFirst().orElseThrow();
        Set<String> jobReach = new TreeSet<>(DNS_ONLY);
        jobReach.add(VAULT + "/vault:8200/TCP");
        assertEquals(jobReach, reach(devPolicies, devPods, job));
        Set<String> expected = new TreeSet<>();
        services(devPods).stream().filter(s -> SPEC.services().get(s.name()).vaultInit().enabled())
                .forEach(s -> expected.add(s + ":8200/TCP"));
        assertFalse(expected.isEmpty(), "some service reads the JWT keys from Vault");
        expected.add(VAULT + "/vault-jwt-init-1:8200/TCP");
        assertEquals(expected, reachedBy(devPolicies, devPods, vault(devPods)));

        NetworkPolicies prodPolicies = new NetworkPolicies(prod);
        Pod server = vault(world(prod));
        assertTrue(prodPolicies.allows(server, server, "8201/TCP"), "Raft between the servers (same labels)");
        assertTrue(prodPolicies.allows(server, server, "8200/TCP"), "retry_join and request forwarding");
        assertFalse(prodPolicies.allows(server, PGBOUNCER, "6432/TCP"));
    }

    @Test
    void theObservabilityNamespacesOwnFlows() {
        for (Manifests docs : List.of(dev, prod)) {
            NetworkPolicies policies = new NetworkPolicies(docs);
            List<Pod> pods = world(docs);
            String ns = OBSERVABILITY;
            Pod prometheus = rendered(pods, ns, "prometheus");
            Pod grafana = rendered(pods, ns, "grafana");
            Pod loki = rendered(pods, ns, "loki");
            String logging = ObservabilityChartTest.LOGGING;
            Pod promtail = rendered(pods, logging, "promtail");
            Pod exporter = rendered(pods, ns, "postgres-exporter");

            Set<String> grafanaReach = new TreeSet<>(DNS_ONLY);
            grafanaReach.addAll(Set.of(ns + "/prometheus:9090/TCP", ns + "/loki:3100/TCP"));
            assertEquals(grafanaReach, reach(policies, pods, grafana), "Grafana reaches");
            Set<String> promtailReach = new TreeSet<>(DNS_ONLY);
            promtailReach.add(ns + "/loki:3100/TCP");
            assertEquals(promtailReach, reach(policies, pods, promtail),
                    "Promtail reaches, from its own namespace (and the API server by ipBlock)");
            Set<String> exporterReach = new TreeSet<>(DNS_ONLY);
            exporterReach.add(DATA_NS + "/postgres:5432/TCP");
            assertEquals(exporterReach, reach(policies, pods, exporter), "the exporter reaches");

            Set<String> scraped = reach(policies, pods, prometheus);
            assertTrue(scraped.containsAll(Set.of(ns + "/postgres-exporter:9187/TCP", ns + "/loki:3100/TCP",
                    logging + "/promtail:3101/TCP", ROUTER + "/router:9090/TCP")), scraped.toString());
            services(pods).forEach(s -> assertTrue(scraped.contains(s + ":8080/TCP"), s + " is scraped"));
            assertFalse(scraped.contains(ROUTER + "/router:4000/TCP"), "only the router's metrics port");
            assertFalse(scraped.contains(ns + "/grafana:3000/TCP"));

            assertEquals(Set.of(ns + "/grafana:9090/TCP"), reachedBy(policies, pods, prometheus));
            // the ingress controller reaches Grafana only where the spec gives Grafana an Ingress
            boolean grafanaIngress = (docs == prod ? TestPaths.loadSpec().environments().get("prod") : TestPaths.loadSpec().base())
                    .observability().grafana().ingress().enabled();
            assertEquals(grafanaIngress ? Set.of("kube-system/traefik:3000/TCP") : Set.of(), reachedBy(policies, pods, grafana));
            assertEquals(Set.of(ns + "/grafana:3100/TCP", logging + "/promtail:3100/TCP", ns + "/prometheus:3100/TCP"),
                    reachedBy(policies, pods, loki));
            assertEquals(Set.of(ns + "/prometheus:3101/TCP"), reachedBy(policies, pods, promtail));
            assertEquals(Set.of(ns + "/prometheus:9187/TCP"), reachedBy(policies, pods, exporter));

            // the Kafka exporter reaches Kafka's brokers on the bootstrap port only, and only Prometheus reaches it
            Pod kafkaExporter = rendered(pods, ns, "kafka-exporter");
            Set<String> kafkaExporterReach = new TreeSet<>(DNS_ONLY);
            kafkaExporterReach.add(MESSAGING_NS + "/kafka:9092/TCP");
            assertEquals(kafkaExporterReach, reach(policies, pods, kafkaExporter), "the Kafka exporter reaches");
            assertEquals(Set.of(ns + "/prometheus:9308/TCP"), reachedBy(policies, pods, kafkaExporter));
            // kube-state-metrics reaches only DNS in the pod network (the API server by ipBlock), Prometheus reaches it
            // on the objects' port and its own telemetry's
            Pod ksm = rendered(pods, ns, "kube-state-metrics");
            assertEquals(DNS_ONLY, reach(policies, pods, ksm), "kube-state-metrics reaches");
            assertEquals(Set.of(ns + "/prometheus:8080/TCP", ns + "/prometheus:8081/TCP"), reachedBy(policies, pods, ksm));
            assertTrue(scraped.containsAll(Set.of(ns + "/kafka-exporter:9308/TCP", ns + "/kube-state-metrics:8080/TCP",
                    ns + "/kube-state-metrics:8081/TCP")),
                    scraped.toString());
        }
    }

    @Test
    void everyPlatformNamespaceDeniesByDefault() {
        NetworkPolicies policies = new NetworkPolicies(dev);
        List<String> namespaces = dev.ofKind("Namespace").stream()
                .map(n -> String.valueOf(YamlTree.map(n, "metadata").get("name"))).toList();
        assertTrue(namespaces.containsAll(List.of(OBSERVABILITY, ObservabilityChartTest.LOGGING)), namespaces.toString());
        for (String namespace : namespaces) {
            Pod newcomer = new Pod("new", namespace, Map.of("app.kubernetes.io/name", "new"), List.of("1234/TCP"));
            List<Pod> pods = Stream.concat(world(dev).stream(), Stream.of(newcomer)).toList();
            assertEquals(Set.of(), reachedBy(policies, pods, newcomer), namespace);
            assertEquals(DNS_ONLY, reach(policies, pods, newcomer), namespace);
        }
    }

    /**
     * The other side of a connection is written only in the platform's namespaces: a peer elsewhere (the cluster's
     * ingress controller, a Kafka an operator runs in its own namespace) is that namespace's owner's to admit, and an
     * Egress policy selecting Traefik in kube-system would cut it off from everything but the service.
     */
    @Test
    void noPolicyIsWrittenInANamespaceOutsideThePlatform() {
        String service = new java.util.TreeSet<>(io.neotool.charts.TestPaths.loadSpec().base().services().keySet()).first();
        Manifests docs = new Manifests(charts.render(List.of(), Map.of(
                service + ".networkPolicy.ingress.traefik.namespace", "kube-system",
                service + ".networkPolicy.ingress.traefik.app", "traefik",
                service + ".networkPolicy.ingress.traefik.port", "0",
                service + ".networkPolicy.egress.brokers.namespace", "strimzi",
                service + ".networkPolicy.egress.brokers.app", "kafka",
                service + ".networkPolicy.egress.brokers.port", "9092")));
        for (String outside : List.of("kube-system", "strimzi")) {
            assertEquals(List.of(), docs.inNamespace(outside).stream().map(Manifests::name).toList(), outside);
        }
        NetworkPolicies policies = new NetworkPolicies(docs);
        Pod traefik = external("traefik", "kube-system", "80/TCP");
        Pod client = services(NetworkPolicies.renderedPods(docs)).stream().filter(pod -> pod.name().equals(service))
                .findFirst().orElseThrow();
        assertTrue(policies.allows(traefik, client, client.ports().get(0)), "the service's own policy admits its peer");
    }

    /**
     * An ingress controller whose pods app.kubernetes.io/name does not name (OpenShift's routers) is admitted by its
     * labels: the web's and the router's policies let its pods in on their ports, and no other pod of its namespace.
     */
    @Test
    void anIngressControllerNamedByItsLabelsIsAdmitted() {
        String key = "ingresscontroller\\.operator\\.openshift\\.io/deployment-ingresscontroller";
        Map<String, String> set = new java.util.TreeMap<>();
        for (String chart : List.of("web", "router")) {
            set.put(chart + ".networkPolicy.ingressController.namespace", "openshift-ingress");
            set.put(chart + ".networkPolicy.ingressController.app", "");
            set.put(chart + ".networkPolicy.ingressController.podLabels." + key, "default");
        }
        Manifests docs = new Manifests(charts.render(List.of("values-prod.yaml"), set));
        NetworkPolicies policies = new NetworkPolicies(docs);
        Pod router = new Pod("router-default", "openshift-ingress",
                Map.of("ingresscontroller.operator.openshift.io/deployment-ingresscontroller", "default"), List.of());
        Pod neighbour = new Pod("other", "openshift-ingress", Map.of("app", "other"), List.of());
        Pod webPod = rendered(world(docs), WEB, "web");
        assertTrue(policies.allows(router, webPod, "3000/TCP"), "the routers reach the web");
        assertFalse(policies.allows(neighbour, webPod, "3000/TCP"), "another pod of their namespace does not");
        assertFalse(policies.allows(TRAEFIK, webPod, "3000/TCP"), "nor the default controller");
    }

    /**
     * An Ingress whose certificate cert-manager issues over HTTP-01: the ACME challenge goes through the ingress
     * controller to a solver pod cert-manager starts in the Ingress's namespace, which the default-deny would cut off.
     * With the issuer's annotation the controller reaches the solver pods on 8089, and no one else does; without it,
     * no way in is opened.
     */
    @Test
    void certManagersHttpSolverIsReachedByTheIngressControllerOnly() {
        Pod solver = new Pod("cm-acme-http-solver-x", WEB, Map.of("acme.cert-manager.io/http01-solver", "true"), List.of("8089/TCP"));
        Manifests issued = new Manifests(charts.render(List.of("values-prod.yaml"),
                Map.of("web.ingress.annotations.cert-manager\\.io/cluster-issuer", "letsencrypt")));
        NetworkPolicies policies = new NetworkPolicies(issued);
        assertTrue(policies.allows(TRAEFIK, solver, "8089/TCP"), "the controller reaches the solver");
        assertFalse(policies.allows(OUTSIDER, solver, "8089/TCP"));
        assertFalse(policies.allows(rendered(world(issued), WEB, "web"), solver, "8089/TCP"), "nor does web itself");
        assertFalse(new NetworkPolicies(prod).allows(TRAEFIK, solver, "8089/TCP"), "no issuer, no way in");
    }

    /**
     * A service's internet egress whose excluded ranges are IPv4 alone (a list written before IPv6 ranges could be)
     * keeps IPv6 closed, as it was; with an IPv6 range among them, IPv6 opens outside it.
     */
    @Test
    void anIpv4OnlyExceptListKeepsIpv6Closed() {
        String service = new TreeSet<>(SPEC.services().keySet()).first();
        String ns = SPEC.services().get(service).namespace();
        Map<String, String> set = new java.util.TreeMap<>(Map.of(service + ".networkPolicy.internet.ports[0]", "443",
                service + ".networkPolicy.internet.exceptCidrs[0]", "10.0.0.0/8"));
        Manifests v4 = new Manifests(charts.render(List.of("values-prod.yaml"), set));
        Pod pod = rendered(world(v4), ns, service);
        NetworkPolicies policies = new NetworkPolicies(v4);
        assertTrue(policies.allowsEgressTo(pod, R2, "443/TCP"));
        assertFalse(policies.allowsEgressTo(pod, R2_IPV6, "443/TCP"), "IPv6 stays closed");
        set.put(service + ".networkPolicy.internet.exceptCidrs[1]", "fc00::/7");
        Manifests both = new Manifests(charts.render(List.of("values-prod.yaml"), set));
        NetworkPolicies opened = new NetworkPolicies(both);
        Pod again = rendered(world(both), ns, service);
        assertTrue(opened.allowsEgressTo(again, R2_IPV6, "443/TCP"));
        assertFalse(opened.allowsEgressTo(again, "fd00:ec2::254", "443/TCP"));
        // and IPv6 ranges alone keep IPv4 closed, its private ranges and cloud metadata among it
        Map<String, String> v6 = new java.util.TreeMap<>(Map.of(service + ".networkPolicy.internet.ports[0]", "443",
                service + ".networkPolicy.internet.exceptCidrs[0]", "fc00::/7"));
        Manifests six = new Manifests(charts.render(List.of("values-prod.yaml"), v6));
        NetworkPolicies sixOnly = new NetworkPolicies(six);
        Pod third = rendered(world(six), ns, service);
        assertTrue(sixOnly.allowsEgressTo(third, R2_IPV6, "443/TCP"));
        for (String closed : List.of(R2, "10.0.0.5", "169.254.169.254")) {
            assertFalse(sixOnly.allowsEgressTo(third, closed, "443/TCP"), closed + ": IPv4 stays closed");
        }
    }

    /** A supergraph URL by IPv6 address is an address outside, its port after the brackets (the scheme's without one). */
    @Test
    void aSupergraphUrlByIpv6AddressOpensItsPort() {
        for (Map.Entry<String, String> url : Map.of("https://[2001:db8::1]:8443/supergraph.graphql", "8443",
                "https://[2001:db8::1]/supergraph.graphql", "443").entrySet()) {
            Manifests docs = new Manifests(charts.render(List.of("values-prod.yaml"), Map.of("router.supergraph.schema", "",
                    "router.supergraph.urls[0]", url.getKey())));
            Pod router = rendered(world(docs), ROUTER, "router");
            NetworkPolicies policies = new NetworkPolicies(docs);
            assertTrue(policies.allowsEgressTo(router, "2001:db8::1", url.getValue() + "/TCP"), url.getKey());
            assertFalse(policies.allowsEgressTo(router, "2001:db8::1", "1/TCP"), url.getKey());
        }
    }

    /**
     * The monitoring pods reach the API server (and Prometheus the kubelets) at any address of the default range,
     * 0.0.0.0/0, which stands for IPv6 addresses too (an IPv6-only cluster's API server and nodes); a range the values
     * give is that range alone.
     */
    @Test
    void theMonitoringReachesTheApiServerAndKubeletsOnIpv4AndIpv6() {
        NetworkPolicies policies = new NetworkPolicies(prod);
        List<Pod> pods = world(prod);
        for (String app : List.of("prometheus", "promtail", "kube-state-metrics")) {
            Pod pod = pods.stream().filter(p -> p.name().equals(app)).findFirst().orElseThrow(() -> new AssertionError(app));
            for (String apiServer : List.of("10.43.0.1", "fd00:10:96::1", "2600:1f18::10")) {
                assertTrue(policies.allowsEgressTo(pod, apiServer, "443/TCP"), app + " -> " + apiServer + ":443");
            }
            assertFalse(policies.allowsEgressTo(pod, "fd00:10:96::1", "80/TCP"), app + ": the API server's ports alone");
        }
        assertTrue(policies.allowsEgressTo(rendered(pods, OBSERVABILITY, "prometheus"), "fd00:1::5", "10250/TCP"), "kubelets");
        Manifests narrowed = new Manifests(charts.render(List.of("values-prod.yaml"),
                Map.of("observability.networkPolicy.apiServer.cidrs[0]", "fd00:10:96::/112",
                        "observability.networkPolicy.apiServer.cidrs[1]", "10.43.0.1/32")));
        NetworkPolicies own = new NetworkPolicies(narrowed);
        Pod prometheus = rendered(world(narrowed), OBSERVABILITY, "prometheus");
        assertTrue(own.allowsEgressTo(prometheus, "fd00:10:96::1", "443/TCP"));
        assertTrue(own.allowsEgressTo(prometheus, "10.43.0.1", "443/TCP"), "each range given");
        assertFalse(own.allowsEgressTo(prometheus, "10.43.0.2", "443/TCP"), "the given ranges alone");

    }

    /**
     * Provider s3 (Amazon S3, a MinIO of one's own over HTTPS) is reached as R2 is: prod's policies are the same with
     * either, and an install without the Secret's name is refused by name.
     */
    @Test
    void objectStorageOnAnotherS3ServiceIsReachedAsR2Is() {
        Manifests s3 = new Manifests(charts.render(List.of("values-prod.yaml"), Map.of("global.objectStorage.provider", "s3")));
        assertEquals(prod.ofKind("NetworkPolicy"), s3.ofKind("NetworkPolicy"));
        assertTrue(prod.ofKind("NetworkPolicy").stream().anyMatch(p -> p.toString().contains("cidr=0.0.0.0/0")
                && p.toString().contains("port=443")), "prod reaches its object storage over HTTPS");
        String refused = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () -> charts.render(
                List.of("values-prod.yaml"), Map.of("global.objectStorage.provider", "s3",
                        "global.objectStorage.secretName", ""))).getMessage();
        assertTrue(refused.contains("global.objectStorage.secretName is empty"), refused);
    }

    /**
     * Object storage inside the private network (global.objectStorage.addresses, an air-gapped cluster's own S3): each
     * consumer reaches its ranges on their ports alone, in place of HTTPS to the internet; the consumers are prod's
     * (the services with networkPolicy.objectStorage, Loki on s3, the backup), and a range without ports is refused.
     */
    @Test
    void objectStorageInsideThePrivateNetworkIsReachedAtItsAddresses() {
        Map<String, String> own = Map.of("global.objectStorage.provider", "s3", "global.objectStorage.addresses[0].cidr",
                "10.20.0.0/24", "global.objectStorage.addresses[0].ports[0]", "9000");
        Manifests inside = new Manifests(charts.render(List.of("values-prod.yaml"), own));
        NetworkPolicies policies = new NetworkPolicies(inside);
        var prodSpec = io.neotool.charts.TestPaths.loadSpec().environments().get("prod");
        Set<String> expected = new TreeSet<>();
        prodSpec.services().forEach((name, s) -> {
            if (s.networkPolicy().objectStorage().enabled()) {
                expected.add(name);
            }
        });
        if (prodSpec.observability().loki().enabled() && prodSpec.observability().loki().storageType().equals("s3")) {
            expected.add("loki");
        }
        if (prodSpec.postgres().backup().enabled()) {
            expected.add("postgres-backup");
        }
        Set<String> consumers = new TreeSet<>();
        NetworkPolicies before = new NetworkPolicies(prod);
        for (Pod pod : NetworkPolicies.renderedPods(inside)) {
            if (policies.allowsEgressTo(pod, "10.20.0.7", "9000/TCP")) {
                consumers.add(pod.name());
                assertFalse(policies.allowsEgressTo(pod, "10.20.0.7", "443/TCP"), pod + ": the range's ports alone");
                assertFalse(policies.allowsEgressTo(pod, "10.21.0.7", "9000/TCP"), pod + ": the given range alone");
            }
        }
        for (Pod pod : NetworkPolicies.renderedPods(prod)) {
            assertFalse(before.allowsEgressTo(pod, "10.20.0.7", "9000/TCP"), pod + ": private ranges stay closed by default");
        }
        assertFalse(expected.isEmpty(), "prod has object storage consumers");
        assertEquals(expected, consumers);
        Map<String, String> noPorts = new java.util.HashMap<>(own);
        noPorts.remove("global.objectStorage.addresses[0].ports[0]");
        String refused = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () -> charts.render(
                List.of("values-prod.yaml"), noPorts)).getMessage();
        assertTrue(refused.contains("set global.objectStorage.addresses[0].ports, the TCP ports to reach 10.20.0.0/24 on"), refused);
    }

    /**
     * A service's fullnameOverride renames its objects, not its pods' label (app.kubernetes.io/name stays the service's
     * name): every policy selects and admits its pods as before. Tried on each service whose Service no other value
     * names by address (those the umbrella refuses to rename alone).
     */
    @Test
    void aServicesFullnameOverrideLeavesEveryPolicyOnItsPods() {
        int tried = 0;
        for (String service : new TreeSet<>(SPEC.services().keySet())) {
            Manifests renamed;
            try {
                renamed = new Manifests(charts.render(List.of(), Map.of(service + ".fullnameOverride", service + "-v2")));
            } catch (RuntimeException e) {
                assertTrue(String.valueOf(e.getMessage()).contains("fullnameOverride"), e.getMessage());
                continue;
            }
            tried++;
            String label = "app.kubernetes.io/name=" + service;
            for (Map<String, Object> policy : renamed.ofKind("NetworkPolicy")) {
                assertFalse(policy.toString().contains(label + "-v2"), Manifests.name(policy) + " selects no pod: " + policy);
            }
            assertEquals(mentions(dev, label), mentions(renamed, label), service);
        }
        assertTrue(tried > 0, "some service renders renamed");
    }

    /** How many times the NetworkPolicies of {@code m} name the label {@code label} as a whole value. */
    private static long mentions(Manifests m, String label) {
        return m.ofKind("NetworkPolicy").stream().mapToLong(p -> java.util.regex.Pattern.compile(
                java.util.regex.Pattern.quote(label) + "(?=[,}])").matcher(p.toString()).results().count()).sum();
    }

    @Test
    void theEvaluatorAllowsEverythingWithoutPolicies() {
        NetworkPolicies none = new NetworkPolicies(List.of());
        assertTrue(none.allows(OUTSIDER, POSTGRES, "5432/TCP"));
        assertEquals(0, none.size());
    }
}
