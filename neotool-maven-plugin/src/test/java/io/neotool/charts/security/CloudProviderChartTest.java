package io.neotool.charts.security;

import static io.neotool.charts.testtools.Manifests.container;
import static io.neotool.charts.testtools.Manifests.name;
import static io.neotool.charts.testtools.ProductNamespaces.POSTGRES;
import static io.neotool.charts.testtools.YamlTree.list;
import static io.neotool.charts.testtools.YamlTree.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.testtools.Manifests;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * global.cloudProvider chooses the StorageClass of every volume and the IngressClass, resolved by Helm at install
 * time ({@code --set global.cloudProvider=gcp}); an explicit class still wins.
 */
class CloudProviderChartTest {

    static Rendered charts;

    @BeforeAll
    static void generate() {
        charts = Rendered.platform();
    }

    /**
     * The ranges a cloud load balancer sends to the pods from, for the charts whose Ingresses these renders have (their
     * NetworkPolicies admit the balancer from these only; without them the render refuses a balancer's class).
     */
    private static final Map<String, String> BALANCER = new HashMap<>();

    static {
        List<String> charts = new java.util.ArrayList<>(List.of("web", "router", "observability"));
        io.neotool.charts.TestPaths.loadSpec().base().services().forEach((name, service) -> {
            if (service.ingress().enabled()) {
                charts.add(name);
            }
        });
        for (String chart : charts) {
            BALANCER.put(chart + ".networkPolicy.ingressController.cidrs[0]", "35.191.0.0/16");
            BALANCER.put(chart + ".networkPolicy.ingressController.cidrs[1]", "130.211.0.0/22");
        }
    }

    /** The platform with every class left to the provider, the balancer's ranges, plus the given --set pairs. */
    private static Manifests render(List<String> valuesFiles, Map<String, String> set) {
        Map<String, String> all = new HashMap<>(Map.of("web.enabled", "true", "web.ingress.enabled", "true",
                "web.ingress.className", "", "global.storageClass", ""));
        BALANCER.forEach((key, range) -> { // a chart's own ranges, where the test gives them, replace these
            if (set.keySet().stream().noneMatch(k -> k.startsWith(key.substring(0, key.indexOf('['))))) {
                all.put(key, range);
            }
        });
        all.putAll(set);
        return new Manifests(charts.render(valuesFiles, all));
    }

    /**
     * A cloud load balancer's class with NetworkPolicies on and no ranges to admit it from: every request it sends
     * straight to the pods would be dropped, so the render refuses it and names the key to set.
     */
    @Test
    void aBalancersClassWithoutItsRangesIsRefused() {
        for (String provider : List.of("gcp", "aws", "azure")) {
            RuntimeException refused = assertThrows(RuntimeException.class, () -> charts.render(List.of(),
                    Map.of("web.enabled", "true", "web.ingress.enabled", "true", "web.ingress.className", "",
                            "global.cloudProvider", provider)));
            assertTrue(refused.getMessage().contains("is a cloud load balancer")
                    && refused.getMessage().contains("set web.networkPolicy.ingressController.cidrs"), refused.getMessage());
        }
        // web's Ingress sends the GraphQL path to the router's pods: with web's ranges given and the router's not, the
        // router's policies would drop it
        if (io.neotool.charts.TestPaths.loadSpec().base().router().enabled()) {
            Map<String, String> noRouter = new HashMap<>(Map.of("web.enabled", "true", "web.ingress.enabled", "true",
                    "web.ingress.className", "", "web.ingress.graphqlPath", "/graphql", "global.cloudProvider", "gcp"));
            BALANCER.forEach((key, range) -> {
                if (!key.startsWith("router.")) {
                    noRouter.put(key, range);
                }
            });
            RuntimeException router = assertThrows(RuntimeException.class, () -> charts.render(List.of(), noRouter));
            assertTrue(router.getMessage().contains("web's Ingress (class gce, a cloud load balancer that sends to the pods "
                    + "straight from its own addresses) sends /graphql to the router")
                    && router.getMessage().contains("router.networkPolicy.ingressController.cidrs"), router.getMessage());
        }
        // with the policies off there is nothing to admit it through
        charts.render(List.of(), Map.of("web.enabled", "true", "web.ingress.enabled", "true", "web.ingress.className", "",
                "global.cloudProvider", "gcp", "global.networkPolicy.enabled", "false"));
    }

    /** storageClassName of every volume claim template, by StatefulSet/claim. */
    private static Map<String, Object> storageClasses(Manifests docs) {
        Map<String, Object> classes = new TreeMap<>();
        for (Map<String, Object> sts : docs.ofKind("StatefulSet")) {
            for (Object claim : list(sts, "spec", "volumeClaimTemplates")) {
                classes.put(name(sts) + "/" + map(claim, "metadata").get("name"), map(claim, "spec").get("storageClassName"));
            }
        }
        return classes;
    }

    /**
     * The web Ingress's class as its controller reads it: spec.ingressClassName, or for GKE's controller, which reads
     * only the older annotation (and the API server refuses both together), that annotation alone.
     */
    private static Object ingressClass(Manifests docs) {
        Map<String, Object> ingress = webIngress(docs);
        Object annotated = map(ingress, "metadata", "annotations").get("kubernetes.io/ingress.class");
        Object field = map(ingress, "spec").get("ingressClassName");
        assertTrue(annotated == null || field == null, "never both: " + ingress);
        assertEquals(annotated != null, List.of("gce", "gce-internal").contains(String.valueOf(annotated)), "the annotation is GKE's alone");
        return annotated != null ? annotated : field;
    }

    @ParameterizedTest
    @CsvSource({"local, local-path, traefik", "aws, ebs-gp3, alb", "gcp, pd-ssd, gce",
            "azure, managed-premium, azure-application-gateway"})
    void theProviderChoosesTheStorageAndIngressClassAtInstallTime(String provider, String storageClass, String ingressClass) {
        Manifests docs = render(List.of(), Map.of("global.cloudProvider", provider));
        Map<String, Object> classes = storageClasses(docs);
        assertFalse(classes.isEmpty(), "the platform has persistent volumes");
        classes.forEach((claim, cls) -> assertEquals(storageClass, cls, claim));
        assertEquals(ingressClass, ingressClass(docs));
        assertEquals(ingressClass, io.neotool.charts.model.IngressSpec.CLOUD_CLASSES.get(provider), "the spec's notices resolve it alike");
    }

    @Test
    void explicitClassesWinOverTheProvider() {
        Manifests global = render(List.of(), Map.of("global.cloudProvider", "gcp", "global.storageClass", "fast"));
        storageClasses(global).forEach((claim, cls) -> assertEquals("fast", cls, claim));

        Manifests own = render(List.of(), Map.of("global.cloudProvider", "gcp", "global.storageClass", "fast",
                "postgres.persistence.storageClass", "db-class", "web.ingress.className", "nginx"));
        Map<String, Object> classes = storageClasses(own);
        classes.forEach((claim, cls) -> {
            if (claim.startsWith(POSTGRES + "/postgres/")) {
                assertEquals("db-class", cls, claim);
            } else {
                assertEquals("fast", cls, claim);
            }
        });
        assertTrue(classes.keySet().stream().anyMatch(c -> c.startsWith(POSTGRES + "/postgres/")), classes.toString());
        assertEquals("nginx", ingressClass(own));
    }

    @Test
    void prodRunsOnAwsAsThePlanChose() {
        Manifests docs = render(List.of("values-prod.yaml"), Map.of());
        storageClasses(docs).forEach((claim, cls) -> assertEquals("ebs-gp3", cls, claim));
        assertEquals("alb", ingressClass(docs));
    }

    /**
     * The ALB reaches a ClusterIP Service's pods only as ip targets (instance targets need a NodePort): an Ingress of
     * class alb says target-type ip unless its annotations choose; another class gets no ALB annotation.
     */
    @Test
    void anAlbIngressTargetsThePodsUnlessItsAnnotationsSay() {
        String targetType = "alb.ingress.kubernetes.io/target-type";
        Map<String, Object> alb = webIngress(render(List.of(), Map.of("global.cloudProvider", "aws")));
        assertEquals("ip", map(alb, "metadata", "annotations").get(targetType));
        Map<String, Object> own = webIngress(render(List.of(), Map.of("global.cloudProvider", "aws",
                "web.ingress.annotations.alb\\.ingress\\.kubernetes\\.io/target-type", "instance")));
        assertEquals("instance", map(own, "metadata", "annotations").get(targetType));
        Map<String, Object> nginx = webIngress(render(List.of(), Map.of("global.cloudProvider", "aws",
                "web.ingress.className", "nginx")));
        assertFalse(String.valueOf(map(nginx, "metadata").get("annotations")).contains(targetType));
    }

    /**
     * A gce Ingress reaches a ClusterIP Service's pods only through a network endpoint group, which GKE makes by itself
     * only in clusters without network policy enforcement: on gcp every Service an Ingress sends to asks for one (the
     * web chart's, the router's it routes /graphql to, the services' and Grafana's with their own Ingresses); on another
     * provider none does.
     */
    @Test
    void onGcpTheIngressBackendsAskForNetworkEndpointGroups() {
        String neg = "cloud.google.com/neg";
        Map<String, String> ingresses = new HashMap<>(Map.of("global.cloudProvider", "gcp", "router.enabled", "true",
                "web.ingress.graphqlPath", "/graphql", "observability.grafana.ingress.enabled", "true",
                "observability.grafana.ingress.hosts[0].host", "grafana.example.com"));
        Manifests gcp = render(List.of(), ingresses);
        List<String> backends = gcp.ofKind("Ingress").stream().flatMap(i -> list(i, "spec", "rules").stream())
                .flatMap(rule -> list(rule, "http", "paths").stream())
                .map(path -> (String) map(path, "backend", "service").get("name")).distinct().sorted().toList();
        assertTrue(backends.size() >= 3 && backends.contains("router") && backends.contains("grafana"), backends.toString());
        List<Map<String, Object>> behind = backendServices(gcp, backends);
        for (Map<String, Object> service : behind) {
            assertEquals("{\"ingress\": true}", map(service, "metadata", "annotations").get(neg), name(service));
        }
        // GKE takes a health check from a readiness probe on the served port only: the router's, on 8088, is a
        // BackendConfig of the router chart's, which its Service names
        Map<String, Object> router = backendServices(gcp, List.of("router")).get(0);
        assertEquals("{\"default\": \"router\"}", map(router, "metadata", "annotations").get("cloud.google.com/backend-config"));
        Map<String, Object> health = map(gcp.one("BackendConfig", (String) map(router, "metadata").get("namespace"), "router"),
                "spec", "healthCheck");
        Map<String, Object> probe = map(container(gcp.ofKind("Deployment").stream().filter(d -> "router".equals(
                map(d, "metadata").get("name"))).findFirst().orElseThrow()), "readinessProbe", "httpGet");
        assertEquals(Map.of("type", "HTTP", "port", 8088, "requestPath", String.valueOf(probe.get("path")).replaceFirst("\\?.*", "")),
                health);
        assertEquals(1, gcp.ofKind("BackendConfig").size(), "the other backends' probes are on their served ports");
        // the load balancer waits for the router longer than the router waits for its longest subgraph
        int longest = io.neotool.charts.TestPaths.loadSpec().base().router().requestTimeoutSeconds();
        assertEquals(longest + 5, map(gcp.one("BackendConfig", (String) map(router, "metadata").get("namespace"), "router"),
                "spec").get("timeoutSec"));
        ingresses.put("global.cloudProvider", "aws");
        Manifests aws = render(List.of(), ingresses);
        for (Map<String, Object> service : aws.ofKind("Service")) {
            assertFalse(String.valueOf(map(service, "metadata").get("annotations")).contains("cloud.google.com"), name(service));
        }
        assertTrue(aws.ofKind("BackendConfig").isEmpty(), "GKE's resource on GKE only");
        // the AWS Load Balancer Controller's readiness gates, asked for by every namespace of the platform on aws only
        String gate = "elbv2.k8s.aws/pod-readiness-gate-inject";
        assertFalse(aws.ofKind("Namespace").isEmpty());
        aws.ofKind("Namespace").forEach(ns -> assertEquals("enabled", map(ns, "metadata", "labels").get(gate), name(ns)));
        gcp.ofKind("Namespace").forEach(ns -> assertFalse(map(ns, "metadata", "labels").containsKey(gate), name(ns)));
    }

    /**
     * Left to itself the ALB health-checks / on the served port, which the services and the router answer with 404: on
     * aws every Service an Ingress sends to names its pods' readiness path (without its query) as the ALB's health check,
     * and its health port where that is not the served one (the router's), which the router's policy admits from the
     * load balancer's ranges.
     */
    @Test
    void onAwsTheIngressBackendsNameTheirHealthCheck() {
        Map<String, String> set = new HashMap<>(Map.of("global.cloudProvider", "aws", "router.enabled", "true",
                "observability.grafana.ingress.enabled", "true", "observability.grafana.ingress.hosts[0].host",
                "grafana.example.com", "router.networkPolicy.ingressController.app", "",
                "router.networkPolicy.ingressController.cidrs[0]", "10.0.0.0/19"));
        Manifests docs = render(List.of(), set);
        List<String> backends = docs.ofKind("Ingress").stream().flatMap(i -> list(i, "spec", "rules").stream())
                .flatMap(rule -> list(rule, "http", "paths").stream())
                .map(path -> (String) map(path, "backend", "service").get("name")).distinct().sorted().toList();
        assertTrue(backends.contains("router") && backends.contains("grafana"), backends.toString());
        for (Map<String, Object> service : backendServices(docs, backends)) {
            Map<String, Object> annotations = map(service, "metadata", "annotations");
            String namespace = (String) map(service, "metadata").get("namespace");
            Map<String, Object> pods = docs.inNamespace(namespace).stream().filter(d -> "Deployment".equals(d.get("kind"))
                    && map(d, "spec", "selector", "matchLabels").equals(map(service, "spec", "selector"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no Deployment behind Service " + name(service)));
            Map<String, Object> probe = map(container(pods), "readinessProbe", "httpGet");
            assertEquals(String.valueOf(probe.get("path")).replaceFirst("\\?.*", ""),
                    annotations.get("alb.ingress.kubernetes.io/healthcheck-path"), name(service));
            // the probe's port where the Ingress does not send (the router's health port), as the Service numbers it
            Object healthPort = list(service, "spec", "ports").stream().map(p -> map(p))
                    .filter(p -> probe.get("port").equals(p.get("name")) && !"http".equals(p.get("name")))
                    .map(p -> String.valueOf(p.get("port"))).findFirst().orElse(null);
            assertEquals(healthPort, annotations.get("alb.ingress.kubernetes.io/healthcheck-port"), name(service));
        }
        Map<String, Object> router = backendServices(docs, List.of("router")).get(0);
        assertEquals("8088", map(router, "metadata", "annotations").get("alb.ingress.kubernetes.io/healthcheck-port"));
        Map<String, Object> policy = docs.one("NetworkPolicy", (String) map(router, "metadata").get("namespace"),
                "router-from-ingress-controller");
        assertTrue(map(policy, "spec").toString().contains("ipBlock={cidr=10.0.0.0/19}}], ports=[{protocol=TCP, port=8088}]"),
                map(policy, "spec").toString());
    }

    /**
     * An Ingress that names no class takes the class of the ingress controller its chart's NetworkPolicies admit, ahead of
     * the provider's; one that names another is refused at render time, install-time values included.
     */
    @Test
    void anIngressTakesItsControllersClassAndNoOther() {
        String controllerClass = "web.networkPolicy.ingressController.className";
        assertEquals("nginx", ingressClass(render(List.of(), Map.of("global.cloudProvider", "aws", controllerClass, "nginx"))));
        String other = assertThrows(io.neotool.charts.InputException.class, () -> render(List.of(),
                Map.of(controllerClass, "nginx", "web.ingress.className", "traefik"))).getMessage();
        assertTrue(other.contains("ingress.className traefik is not the class of the chart's ingress controller "
                + "(networkPolicy.ingressController.className nginx)"), other);
    }

    /**
     * Azure's Application Gateway infers a probe from a readiness probe on the served port only: the router's own
     * Ingress of its class names the router's health path and port, which web's Ingress (whose backend probes on its
     * served port) does not; annotations of one's own win.
     */
    @Test
    void onAzureTheRoutersOwnIngressNamesItsHealthProbe() {
        Map<String, String> set = new HashMap<>(Map.of("global.cloudProvider", "azure", "router.enabled", "true",
                "router.ingress.enabled", "true", "router.ingress.hosts[0].host", "api.example.com"));
        Manifests docs = render(List.of(), set);
        Map<String, Object> router = docs.ofKind("Ingress").stream().filter(i -> "router".equals(map(i, "metadata").get("name")))
                .findFirst().orElseThrow();
        Map<String, Object> probe = map(container(docs.ofKind("Deployment").stream().filter(d -> "router".equals(
                map(d, "metadata").get("name"))).findFirst().orElseThrow()), "readinessProbe", "httpGet");
        assertEquals(String.valueOf(probe.get("path")).replaceFirst("\\?.*", ""),
                map(router, "metadata", "annotations").get("appgw.ingress.kubernetes.io/health-probe-path"));
        assertEquals("8088", map(router, "metadata", "annotations").get("appgw.ingress.kubernetes.io/health-probe-port"));
        assertFalse(String.valueOf(map(webIngressOf(docs), "metadata").get("annotations")).contains("health-probe"));
        set.put("router.ingress.annotations.appgw\\.ingress\\.kubernetes\\.io/health-probe-path", "/health?ready");
        Map<String, Object> own = render(List.of(), set).ofKind("Ingress").stream()
                .filter(i -> "router".equals(map(i, "metadata").get("name"))).findFirst().orElseThrow();
        assertEquals("/health?ready", map(own, "metadata", "annotations").get("appgw.ingress.kubernetes.io/health-probe-path"));
    }

    private static Map<String, Object> webIngressOf(Manifests docs) {
        return docs.ofKind("Ingress").stream().filter(i -> "web".equals(map(i, "metadata").get("name"))).findFirst().orElseThrow();
    }

    /** The Services named {@code names} (metadata.name), one at least for each name. */
    private static List<Map<String, Object>> backendServices(Manifests docs, List<String> names) {
        List<Map<String, Object>> services = docs.ofKind("Service").stream()
                .filter(s -> names.contains(String.valueOf(map(s, "metadata").get("name")))).toList();
        assertTrue(services.size() >= names.size(), names + " against " + services.size() + " Service(s)");
        return services;
    }

    private static Map<String, Object> webIngress(Manifests docs) {
        List<Map<String, Object>> ingresses = docs.ofKind("Ingress");
        assertEquals(1, ingresses.size(), "the web chart renders the platform's one Ingress");
        return ingresses.get(0);
    }

    @Test
    void anUnknownProviderIsRefusedByTheSchema() {
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> charts.render(List.of(), Map.of("global.cloudProvider", "openstack")));
        assertTrue(e.getMessage().contains("cloudProvider"), e.getMessage());
        // a class name the API server would refuse (a DNS-1123 subdomain) is refused at render time
        RuntimeException bad = assertThrows(RuntimeException.class,
                () -> charts.render(List.of(), Map.of("global.storageClass", "Bad_Class")));
        assertTrue(bad.getMessage().contains("storageClass"), bad.getMessage());
    }

    /** NOTES names the class every claim needs, which the cluster must have: a missing one leaves them Pending. */
    @Test
    void notesNameTheStorageClassTheClaimsNeed() {
        Map<String, String> gcp = new HashMap<>(BALANCER);
        gcp.put("global.cloudProvider", "gcp");
        assertTrue(charts.install(gcp).contains("The volumes claim StorageClass pd-ssd"));
        gcp.put("global.storageClass", "premium-rwo");
        assertTrue(charts.install(gcp).contains("The volumes claim StorageClass premium-rwo"));
    }
}
