package io.neotool.charts.security;

import static io.neotool.charts.testtools.Manifests.container;
import static io.neotool.charts.testtools.ProductNamespaces.ROUTER;
import static io.neotool.charts.testtools.ProductNamespaces.WEB;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static io.neotool.charts.testtools.Manifests.literalEnv;
import static io.neotool.charts.testtools.Manifests.name;
import static io.neotool.charts.testtools.YamlTree.document;
import static io.neotool.charts.testtools.YamlTree.list;
import static io.neotool.charts.testtools.YamlTree.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.InputException;
import io.neotool.charts.TestPaths;
import io.neotool.charts.model.IngressSpec;
import io.neotool.charts.model.PlatformSpec;
import io.neotool.charts.model.RouterSpec;
import io.neotool.charts.model.Spec;
import io.neotool.charts.testtools.Manifests;
import io.neotool.charts.testtools.YamlTree;
import io.neotool.charts.verify.NetworkPolicies;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The router and web charts, rendered by real Helm for dev and prod, and their render-time refusals. */
public class EdgeChartTest {

    static Rendered charts;
    static Manifests dev;
    static Manifests prod;

    /** Every service the supergraph composes (every service when it names none), at its in-cluster GraphQL URL. */
    public static Map<String, String> subgraphUrls(PlatformSpec platform) {
        Map<String, String> urls = new TreeMap<>();
        Optional<Set<String>> composed = platform.router().supergraph().composed();
        platform.services().forEach((name, s) -> {
            if (composed.map(names -> names.contains(name)).orElse(true)) {
                urls.put(name, "http://" + name + "." + s.namespace()
                        + ".svc.cluster.local:" + s.port() + "/graphql");
            }
        });
        return urls;
    }

    @BeforeAll
    static void render() {
        charts = Rendered.platform();
        dev = charts.devManifests();
        prod = charts.prodManifests();
    }

    private static Map<String, Object> routerConfig(Manifests docs) {
        String text = (String) map(docs.one("ConfigMap", ROUTER, "router-config"), "data").get("router.yaml");
        return document(text);
    }

    /** The web pods are probed where the spec says (the platform's frontend: its own health route). */
    @Test
    void theWebProbesAreTheSpecs() {
        var spec = TestPaths.loadSpec();
        for (var environment : List.of(spec.base(), spec.environments().get("prod"))) {
            assumeTrue(environment.web().enabled());
            Map<String, Object> c = container((environment == spec.base() ? dev : prod).one("Deployment", environment.web().namespace(), "web"));
            assertEquals(environment.web().probes().liveness().path(), map(c, "livenessProbe", "httpGet").get("path"));
            assertEquals(environment.web().probes().liveness().path(), map(c, "startupProbe", "httpGet").get("path"));
            assertEquals(environment.web().probes().startup().failureThreshold(), map(c, "startupProbe").get("failureThreshold"));
            assertEquals(environment.web().probes().readiness().path(), map(c, "readinessProbe", "httpGet").get("path"));
        }
    }

    /** A service's platform.web.urlEnv carries the frontend's public URL: the web Ingress's first host, per environment. */
    @Test
    void theLinksAServiceBuildsPointAtTheFrontendsPublicUrl() {
        var spec = TestPaths.loadSpec();
        int checked = 0;
        for (var environment : List.of(spec.base(), spec.environments().get("prod"))) {
            Manifests rendered = environment == spec.base() ? dev : prod;
            for (var entry : environment.services().entrySet()) {
                var web = entry.getValue().platform().web();
                Map<String, String> env = Manifests.literalEnv(Manifests.container(
                        rendered.one("Deployment", entry.getValue().namespace(), entry.getKey())));
                for (String name : web.urlEnv()) {
                    assertEquals(environment.web().origins().get(0), web.url(), entry.getKey());
                    assertEquals(web.url(), env.get(name), entry.getKey() + " " + name);
                    checked++;
                }
            }
        }
        assertTrue(checked > 0 || spec.base().services().values().stream().allMatch(s -> s.platform().web().urlEnv().isEmpty()));
        // at install time too, never a variable the chart sets itself
        String first = spec.base().services().keySet().iterator().next();
        String port = renderFails(List.of(), Map.of(first + ".platform.web.urlEnv[0]", "MICRONAUT_SERVER_PORT",
                first + ".platform.web.url", "https://shop.example.org"));
        assertTrue(port.contains(first + ": platform.web.urlEnv names MICRONAUT_SERVER_PORT, which the chart sets itself"), port);
    }

    @Test
    void theRouterConfigListensWhereTheProbesServiceAndPrometheusLook() {
        Spec spec = TestPaths.loadSpec();
        for (String environment : List.of("dev", "prod")) {
            Manifests docs = environment.equals("dev") ? dev : prod;
            PlatformSpec platform = environment.equals("dev") ? spec.base() : spec.environments().get(environment);
            Map<String, Object> config = routerConfig(docs);
            // IPv4 and IPv6: the router binds 0.0.0.0 to IPv4 alone
            assertEquals("[::]:4000", map(config, "supergraph").get("listen"));
            assertEquals("/graphql", map(config, "supergraph").get("path"));
            assertEquals("[::]:8088", map(config, "health_check").get("listen"));
            // idle keep-alive connections outlive every proxy's in front (Google's load balancer's 600 s the longest)
            assertEquals(Map.of("http", Map.of("header_read_timeout", "620s")), map(config, "server"));
            // each subgraph call gets the spec's timeout or its own, the whole request the longest
            var router = platform.router();
            assertEquals(router.timeoutSeconds() + "s", map(config, "traffic_shaping", "all").get("timeout"), environment);
            assertEquals(router.requestTimeoutSeconds() + "s", map(config, "traffic_shaping", "router").get("timeout"), environment);
            router.subgraphTimeoutSeconds().forEach((name, seconds) -> assertEquals(seconds + "s",
                    map(config, "traffic_shaping", "subgraphs", name).get("timeout"), name));
            assertEquals(Map.of("enabled", true, "listen", "[::]:9090", "path", "/metrics"),
                    map(config, "telemetry", "exporters", "metrics", "prometheus"));
            Map<String, Object> subgraphs = map(config, "override_subgraph_url");
            assertEquals(subgraphUrls(platform), new TreeMap<>(subgraphs), environment);
            // the caller's token reaches the services: the router propagates no header unless told to
            List<Object> propagated = list(config, "headers", "all", "request").stream()
                    .map(rule -> map(rule, "propagate").get("named")).toList();
            assertEquals(platform.router().propagateHeaders(), propagated, environment);
            assertTrue(propagated.contains("authorization"), environment);
            // the services' error messages and codes reach the frontend, nothing else of their errors does (router 2.2+)
            if (platform.router().includeSubgraphErrors()) {
                assertEquals(Map.of("redact_message", false, "allow_extensions_keys", platform.router().subgraphErrorExtensions()),
                        map(config, "include_subgraph_errors", "all"), environment);
                assertTrue(platform.router().subgraphErrorExtensions().contains("code"), environment);
            } else {
                assertFalse(config.containsKey("include_subgraph_errors"), environment);
            }
        }
        // router 2.5+ form: cors.policies[].origins; the migrated cors.origins must not appear
        assertEquals(List.of(Map.of("origins", List.of("http://neotool.local"))), list(routerConfig(dev), "cors", "policies"));
        assertEquals(List.of(Map.of("origins", List.of("https://neotool.example.com"))),
                list(routerConfig(prod), "cors", "policies"));
        assertEquals(Set.of("policies"), map(routerConfig(dev), "cors").keySet());
    }

    @Test
    void theRouterRunsAsUid1000WithTheSupergraphFromAConfigMapAndHealthProbes() {
        Map<String, Object> deployment = dev.one("Deployment", ROUTER, "router");
        Map<String, Object> c = container(deployment);
        assertEquals("ghcr.io/apollographql/router:v2.7.0", c.get("image"));
        assertEquals(1000, map(c, "securityContext").get("runAsUser"));
        Map<String, String> env = literalEnv(c);
        assertEquals("/dist/config/router.yaml", env.get("APOLLO_ROUTER_CONFIG_PATH"));
        assertEquals("/dist/schema/supergraph.graphql", env.get("APOLLO_ROUTER_SUPERGRAPH_PATH"));
        assertFalse(env.containsKey("APOLLO_ROUTER_SUPERGRAPH_URLS"));
        String sdl = (String) map(dev.one("ConfigMap", ROUTER, "router-supergraph"), "data").get("supergraph.graphql");
        // the spec's supergraph: every subgraph it composes, each one of the spec's services
        Set<String> composed = subgraphUrls(TestPaths.loadSpec().base()).keySet();
        assertFalse(composed.isEmpty(), "the spec's supergraph composes services");
        for (String subgraph : composed) {
            assertTrue(sdl.contains("@join__graph(name: \"" + subgraph + "\""), subgraph + ": " + sdl);
        }
        assertEquals("/health?live", map(c, "livenessProbe", "httpGet").get("path"));
        assertEquals(map(c, "livenessProbe", "httpGet"), map(c, "startupProbe", "httpGet"));
        assertEquals("/health?ready", map(c, "readinessProbe", "httpGet").get("path"));
        assertEquals("health", map(c, "readinessProbe", "httpGet").get("port"));
        Map<String, Object> annotations = map(deployment, "spec", "template", "metadata", "annotations");
        assertEquals("true", annotations.get("prometheus.io/scrape"));
        assertEquals("9090", annotations.get("prometheus.io/port"));
        assertEquals(Map.of("maxSurge", 1, "maxUnavailable", 0), map(deployment, "spec", "strategy", "rollingUpdate"));
        List<Object> ports = list(dev.one("Service", ROUTER, "router"), "spec", "ports");
        assertEquals(List.of(4000, 8088, 9090), ports.stream().map(p -> map(p).get("port")).toList());
        // one replica in dev: no PDB; two in prod: a PDB that still allows an eviction
        assertTrue(dev.ofKind("PodDisruptionBudget").stream().noneMatch(d -> name(d).equals(ROUTER + "/router")));
        assertEquals(2, map(prod.one("Deployment", ROUTER, "router"), "spec").get("replicas"));
        assertEquals(1, map(prod.one("PodDisruptionBudget", ROUTER, "router"), "spec").get("maxUnavailable"));
    }

    @Test
    void supergraphUrlsReplaceTheSchemaConfigMap() {
        Manifests docs = new Manifests(charts.render(List.of(), Map.of("router.supergraph.schema", "",
                "router.supergraph.urls[0]", "https://ci.example.com/supergraph.graphql")));
        Map<String, String> env = literalEnv(container(docs.one("Deployment", ROUTER, "router")));
        assertEquals("https://ci.example.com/supergraph.graphql", env.get("APOLLO_ROUTER_SUPERGRAPH_URLS"));
        assertFalse(env.containsKey("APOLLO_ROUTER_SUPERGRAPH_PATH"));
        assertTrue(docs.ofKind("ConfigMap").stream().noneMatch(d -> name(d).equals(ROUTER + "/router-supergraph")));
        // the router can fetch them: their port, to the internet but not the private ranges
        List<Object> egress = list(docs.one("NetworkPolicy", ROUTER, "router"), "spec", "egress");
        Map<String, Object> out = egress.stream().map(YamlTree::map)
                .filter(rule -> String.valueOf(rule.get("to")).contains("ipBlock")).findFirst().orElseThrow(() -> new AssertionError(egress.toString()));
        Map<String, Object> block = map(map(list(out, "to").get(0)), "ipBlock");
        assertEquals("0.0.0.0/0", block.get("cidr"));
        assertTrue(list(block, "except").contains("10.0.0.0/8"), block::toString);
        assertEquals(List.of(Map.of("protocol", "TCP", "port", 443)), list(out, "ports"));
        assertTrue(list(dev.one("NetworkPolicy", ROUTER, "router"), "spec", "egress").stream()
                .noneMatch(rule -> String.valueOf(rule).contains("ipBlock")), "with a schema the router reaches no address outside");
        String inCluster = renderFails(List.of(), Map.of("router.supergraph.schema", "",
                "router.supergraph.urls[0]", "http://schemas." + WEB + ".svc.cluster.local/supergraph.graphql"));
        assertTrue(inCluster.contains("in-cluster address"), inCluster);
    }

    @Test
    void webRunsTwoRestrictedReplicasWithTheGraphqlEndpointsAndWritableCacheDirs() {
        Map<String, Object> deployment = dev.one("Deployment", WEB, "web");
        assertEquals(2, map(deployment, "spec").get("replicas"));
        Map<String, Object> c = container(deployment);
        assertEquals("ghcr.io/salomax/neotool-web:1.0.0", c.get("image"));
        assertEquals(1001, map(c, "securityContext").get("runAsUser"));
        Map<String, String> env = literalEnv(c);
        assertEquals("http://router." + ROUTER + ".svc.cluster.local:4000/graphql", env.get("GRAPHQL_INTERNAL_ENDPOINT"));
        // the frontend hands GRAPHQL_ENDPOINT to the browser (window.__RUNTIME_CONFIG__): the public URL
        assertEquals("http://neotool.local/graphql", env.get("GRAPHQL_ENDPOINT"));
        assertEquals("3000", env.get("PORT"));
        assertEquals("::", env.get("HOSTNAME"), "IPv4 and IPv6: Next.js binds 0.0.0.0 to IPv4 alone");
        assertEquals("620000", env.get("KEEP_ALIVE_TIMEOUT"), "idle keep-alive connections outlive every proxy's in front");
        List<String> mounts = list(c, "volumeMounts").stream().map(m -> (String) map(m).get("mountPath")).sorted().toList();
        assertEquals(List.of("/app/.next/cache", "/tmp"), mounts);
        // the cache is bounded: public requests to the image optimizer would otherwise fill the node's disk
        Map<String, Object> cache = YamlTree.maps(Manifests.podSpec(deployment), "volumes").stream()
                .filter(v -> "next-cache".equals(v.get("name"))).findFirst().orElseThrow();
        assertEquals(Map.of("sizeLimit", TestPaths.loadSpec().base().web().cacheSize()), map(cache, "emptyDir"));
        assertEquals("https://neotool.example.com/graphql",
                literalEnv(container(prod.one("Deployment", WEB, "web"))).get("GRAPHQL_ENDPOINT"));
        assertEquals(1, map(dev.one("PodDisruptionBudget", WEB, "web"), "spec").get("maxUnavailable"));
    }

    /**
     * The browser's GraphQL URL, unset, comes from the Ingress the web chart renders: hosts and TLS set at install time
     * carry it. With the Ingress off it must be given; plain http behind TLS is refused (browsers block it).
     */
    @Test
    void theBrowsersGraphqlUrlFollowsTheIngressInstalled() {
        String installed = charts.render(List.of(), Map.of("web.ingress.hosts[0].host", "shop.example.org",
                "web.ingress.tls.enabled", "true", "web.ingress.tls.secretName", "shop-tls"));
        Manifests docs = new Manifests(installed);
        assertEquals("https://shop.example.org/graphql",
                literalEnv(container(docs.one("Deployment", WEB, "web"))).get("GRAPHQL_ENDPOINT"));
        String own = charts.render(List.of(), Map.of("web.ingress.enabled", "false",
                "web.graphql.publicUrl", "https://api.example.org/graphql"));
        assertEquals("https://api.example.org/graphql",
                literalEnv(container(new Manifests(own).one("Deployment", WEB, "web"))).get("GRAPHQL_ENDPOINT"));

        String none = renderFails(List.of(), Map.of("web.ingress.enabled", "false"));
        assertTrue(none.contains("web: graphql.publicUrl is empty and the Ingress is off"), none);
        String mixed = renderFails(List.of("values-prod.yaml"), Map.of("web.graphql.publicUrl", "http://neotool.example.com/graphql"));
        assertTrue(mixed.contains("is plain http while the Ingress serves the pages over https"), mixed);
        String relative = renderFails(List.of(), Map.of("web.graphql.publicUrl", "/graphql"));
        assertTrue(relative.contains("publicUrl"), relative);
    }

    @Test
    void everyEdgePodIsRestrictedWithItsOwnServiceAccountAndNoApiToken() {
        for (Manifests docs : List.of(dev, prod)) {
            for (String workload : List.of("router", "web")) {
                Map<String, Object> deployment = docs.one("Deployment", WEB, workload);
                Map<String, Object> pod = map(deployment, "spec", "template", "spec");
                assertEquals(workload, map(deployment, "spec", "template", "metadata", "labels").get("app.kubernetes.io/name"));
                assertEquals(false, pod.get("automountServiceAccountToken"));
                assertEquals(workload, pod.get("serviceAccountName"));
                assertEquals(false, docs.one("ServiceAccount", WEB, workload).get("automountServiceAccountToken"));
                assertEquals("RuntimeDefault", map(pod, "securityContext", "seccompProfile").get("type"));
                Map<String, Object> sc = map(container(deployment), "securityContext");
                assertEquals(false, sc.get("allowPrivilegeEscalation"));
                assertEquals(true, sc.get("runAsNonRoot"));
                assertEquals(true, sc.get("readOnlyRootFilesystem"));
                assertEquals(List.of("ALL"), map(sc, "capabilities").get("drop"));
                assertFalse(map(container(deployment), "livenessProbe").equals(map(container(deployment), "readinessProbe")));
                assertFalse(map(container(deployment), "resources", "limits").isEmpty());
                assertFalse(list(pod, "topologySpreadConstraints").isEmpty());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> backends(Map<String, Object> ingress) {
        Map<String, Object> byPath = new java.util.TreeMap<>();
        for (Object rule : list(ingress, "spec", "rules")) {
            for (Object path : list(rule, "http", "paths")) {
                Map<String, Object> service = map(path, "backend", "service");
                byPath.put(String.valueOf(map(rule).get("host")) + map(path).get("path"), service.get("name") + ":" + map(service, "port").get("number"));
            }
        }
        return byPath;
    }

    @Test
    void theIngressRoutesGraphqlToTheRouterAndTheRestToWebWithTlsInProd() {
        Map<String, Object> devIngress = dev.one("Ingress", WEB, "web");
        assertEquals("traefik", map(devIngress, "spec").get("ingressClassName"));
        assertEquals(Map.of("neotool.local/", "web:3000", "neotool.local/graphql", "router:4000"), backends(devIngress));
        assertTrue(list(devIngress, "spec", "tls").isEmpty(), "dev serves plain http on neotool.local");

        Map<String, Object> prodIngress = prod.one("Ingress", WEB, "web");
        assertEquals(Map.of("neotool.example.com/", "web:3000", "neotool.example.com/graphql", "router:4000"),
                backends(prodIngress));
        assertEquals(List.of(Map.of("hosts", List.of("neotool.example.com"), "secretName", "neotool-tls")),
                list(prodIngress, "spec", "tls"));
    }

    /**
     * With web off at install time and the router's own Ingress off, nothing outside the cluster reaches the GraphQL
     * API: NOTES say so, and say nothing while web's Ingress routes to it.
     */
    @Test
    void notesSayWhenNoIngressSendsToTheRouter() {
        assumeTrue(TestPaths.loadSpec().base().router().enabled());
        String warning = "WARNING: the router runs, but no Ingress sends to it";
        assertTrue(charts.install(Map.of("web.enabled", "false", "router.ingress.enabled", "false")).contains(warning));
        assertFalse(charts.install(Map.of("web.enabled", "true", "web.ingress.enabled", "true", "web.ingress.graphqlPath",
                TestPaths.loadSpec().base().router().path())).contains(warning));
    }

    /**
     * The router's own Ingress (router.ingress) serves the GraphQL API without web: the router's path on each host, TLS
     * required in prod, the API's URL in NOTES, and the ingress controller let in by the router's policies.
     */
    @Test
    void theRoutersOwnIngressServesTheApiWithoutWeb() {
        // (in prod, on AWS, its class is the ALB's, which sends from the load balancer's subnets)
        Map<String, String> api = new TreeMap<>(Map.of("web.enabled", "false", "router.ingress.enabled", "true",
                "router.ingress.hosts[0].host", "api.example.com", "router.networkPolicy.ingressController.cidrs[0]",
                "10.0.0.0/19"));
        Manifests docs = new Manifests(charts.render(List.of(), api));
        String path = TestPaths.loadSpec().base().router().path();
        Map<String, Object> ingress = docs.one("Ingress", ROUTER, "router");
        assertEquals(Map.of("api.example.com" + path, "router:4000"), backends(ingress));
        assertEquals("traefik", map(ingress, "spec").get("ingressClassName"));
        assertTrue(docs.ofKind("Ingress").stream().noneMatch(i -> name(i).equals(WEB + "/web")), "web is off");
        io.neotool.charts.verify.NetworkPolicies.Pod traefik = new io.neotool.charts.verify.NetworkPolicies.Pod("traefik",
                "kube-system", Map.of("app.kubernetes.io/name", "traefik"), List.of("8000/TCP"));
        io.neotool.charts.verify.NetworkPolicies.Pod router = io.neotool.charts.verify.NetworkPolicies.renderedPods(docs)
                .stream().filter(p -> p.name().equals("router")).findFirst().orElseThrow();
        assertTrue(new io.neotool.charts.verify.NetworkPolicies(docs).allows(traefik, router, "4000/TCP"),
                "the ingress controller reaches the router");
        assertTrue(charts.install(api).contains("The GraphQL API (router.ingress):\n  http://api.example.com" + path + "\n"),
                "NOTES give the API's URL");

        String noTls = renderFails(List.of("values-prod.yaml"), api);
        assertTrue(noTls.contains("router: the Ingress has no TLS and global.environment is prod; set "
                + "router.ingress.tls.enabled=true"), noTls);
        api.put("router.ingress.tls.enabled", "true");
        String noSecret = renderFails(List.of("values-prod.yaml"), api);
        assertTrue(noSecret.contains("router: ingress.tls.enabled needs ingress.tls.secretName"), noSecret);
        api.put("router.ingress.tls.secretName", "api-tls");
        Manifests prodDocs = new Manifests(charts.render(List.of("values-prod.yaml"), api));
        assertEquals(List.of(Map.of("hosts", List.of("api.example.com"), "secretName", "api-tls")),
                list(prodDocs.one("Ingress", ROUTER, "router"), "spec", "tls"));
        String noHost = renderFails(List.of(), Map.of("router.ingress.enabled", "true"));
        assertTrue(noHost.contains("router: ingress.hosts is empty"), noHost);
    }

    /**
     * A service's own Ingress (services.<name>.ingress) serves its HTTP API directly: its path (/ unless set) on each
     * host to its http port, the ingress controller let in by a policy of the service's, its URL in NOTES; TLS in prod.
     */
    @Test
    void aServicesOwnIngressServesItsHttpApi() {
        PlatformSpec base = TestPaths.loadSpec().base();
        String service = new java.util.TreeSet<>(base.services().keySet()).first();
        String namespace = base.services().get(service).namespace();
        int port = base.services().get(service).port();
        Map<String, String> rest = new TreeMap<>(Map.of(service + ".ingress.enabled", "true",
                service + ".ingress.hosts[0].host", "rest.example.com", service + ".ingress.path", "/v1"));
        Manifests docs = new Manifests(charts.render(List.of(), rest));
        assertEquals(Map.of("rest.example.com/v1", service + ":" + port), backends(docs.one("Ingress", namespace, service)));
        io.neotool.charts.verify.NetworkPolicies.Pod traefik = new io.neotool.charts.verify.NetworkPolicies.Pod("traefik",
                "kube-system", Map.of("app.kubernetes.io/name", "traefik"), List.of("8000/TCP"));
        io.neotool.charts.verify.NetworkPolicies.Pod pod = io.neotool.charts.verify.NetworkPolicies.renderedPods(docs)
                .stream().filter(p -> p.name().equals(service)).findFirst().orElseThrow();
        assertTrue(new io.neotool.charts.verify.NetworkPolicies(docs).allows(traefik, pod, port + "/TCP"),
                "the ingress controller reaches " + service);
        assertFalse(new io.neotool.charts.verify.NetworkPolicies(dev).allows(traefik, pod, port + "/TCP"),
                "without its Ingress, nothing outside reaches " + service);
        assertTrue(charts.install(rest).contains("  - " + service + ": namespace " + namespace + ", port " + port),
                "NOTES list the service");
        assertTrue(charts.install(rest).contains(", served at http://rest.example.com/v1\n"), "NOTES give its URL");
        String noTls = renderFails(List.of("values-prod.yaml"), rest);
        assertTrue(noTls.contains(service + ": the Ingress has no TLS and global.environment is prod"), noTls);
    }

    /**
     * A cloud load balancer that sends straight to the pods (an ALB with target-type ip) is admitted by its ranges: with
     * networkPolicy.ingressController naming cidrs and no pods, web, the router, Grafana and a service with its own
     * Ingress admit every address of the range on their http port, and no longer the cluster's Traefik.
     */
    @Test
    void aLoadBalancersRangesAreAdmittedWhereTheIngressControllerIsNoPod() {
        PlatformSpec base = TestPaths.loadSpec().base();
        String service = new java.util.TreeSet<>(base.services().keySet()).first();
        Map<String, String> set = new TreeMap<>(Map.of("router.ingress.enabled", "true",
                "router.ingress.hosts[0].host", "api.example.com", service + ".ingress.enabled", "true",
                service + ".ingress.hosts[0].host", "rest.example.com", "observability.grafana.ingress.enabled", "true",
                "observability.grafana.ingress.hosts[0].host", "grafana.example.com"));
        Map<String, Integer> ports = new TreeMap<>(Map.of("web", base.web().port(), "router", 4000, "grafana", 3000,
                service, base.services().get(service).port()));
        for (String chart : List.of("web", "router", "observability", service)) {
            set.put(chart + ".networkPolicy.ingressController.app", "");
            set.put(chart + ".networkPolicy.ingressController.cidrs[0]", "10.0.0.0/19");
        }
        Manifests docs = new Manifests(charts.render(List.of(), set));
        NetworkPolicies policies = new NetworkPolicies(docs);
        NetworkPolicies.Pod traefik = new NetworkPolicies.Pod("traefik", "kube-system",
                Map.of("app.kubernetes.io/name", "traefik"), List.of("8000/TCP"));
        ports.forEach((app, port) -> {
            NetworkPolicies.Pod pod = NetworkPolicies.renderedPods(docs).stream().filter(p -> p.name().equals(app))
                    .findFirst().orElseThrow(() -> new AssertionError(app));
            assertTrue(policies.ingressAllowsRange("10.0.0.0/19", pod, port + "/TCP"), app + " admits the range");
            assertFalse(policies.ingressAllowsRange("10.0.32.0/19", pod, port + "/TCP"), app + " admits no other range");
            assertFalse(policies.ingressAllows(traefik, pod, port + "/TCP"), app + " no longer admits Traefik");
        });
    }

    /**
     * A load balancer's own certificate (GKE's managed one, named by an annotation) serves TLS without a Secret: in
     * prod the Ingress renders with no spec.tls, and its URL in NOTES is https; the annotation names are the spec's.
     */
    @Test
    void aLoadBalancersOwnCertificateServesTlsWithoutASecret() throws java.io.IOException {
        String annotation = "networking.gke.io/managed-certificates";
        assertTrue(IngressSpec.CLOUD_CERTIFICATE_ANNOTATIONS.contains(annotation));
        Map<String, String> api = new TreeMap<>(Map.of("web.enabled", "false", "router.ingress.enabled", "true",
                "router.ingress.hosts[0].host", "api.example.com", "router.ingress.tls.enabled", "true",
                "router.ingress.annotations.networking\\.gke\\.io/managed-certificates", "api-certificate",
                "router.networkPolicy.ingressController.cidrs[0]", "10.0.0.0/19"));
        Map<String, Object> ingress = new Manifests(charts.render(List.of("values-prod.yaml"), api)).one("Ingress", ROUTER, "router");
        assertFalse(map(ingress, "spec").containsKey("tls"), "no Secret to name");
        assertEquals("api-certificate", map(ingress, "metadata", "annotations").get(annotation));
        String path = TestPaths.loadSpec().base().router().path();
        assertTrue(charts.install(api).contains("https://api.example.com" + path), "NOTES give the https URL");
        api.remove("router.ingress.annotations.networking\\.gke\\.io/managed-certificates");
        assertTrue(renderFails(List.of("values-prod.yaml"), api).contains("router: ingress.tls.enabled needs "
                + "ingress.tls.secretName"), "without the annotation, the Secret is needed");
        // lib.ingress lists the same annotations as the spec's check
        String library = java.nio.file.Files.readString(TestPaths.templates().resolve("partials/library.tpl.peb"));
        IngressSpec.CLOUD_CERTIFICATE_ANNOTATIONS.forEach(a -> assertTrue(library.contains('"' + a + '"'), a + " in lib.ingress"));
    }

    private static String renderFails(List<String> files, Map<String, String> set) {
        InputException e = assertThrows(InputException.class, () -> charts.render(files, set));
        return e.getMessage();
    }

    @Test
    void impossibleSettingsFailTheRenderWithTheirReason() {
        String noTls = renderFails(List.of("values-prod.yaml"), Map.of("web.ingress.tls.enabled", "false"));
        assertTrue(noTls.contains("web: the Ingress has no TLS and global.environment is prod"), noTls);
        String both = renderFails(List.of(), Map.of("router.supergraph.urls[0]", "https://ci.example.com/s.graphql"));
        assertTrue(both.contains("router: set exactly one of supergraph.schema"), both);
        assertTrue(both.contains("not both"), both);
        String neither = renderFails(List.of(), Map.of("router.supergraph.schema", ""));
        assertTrue(neither.contains("router: set exactly one of supergraph.schema"), neither);
        String latest = renderFails(List.of(), Map.of("router.image.tag", "latest"));
        assertTrue(latest.contains("router: image.tag \"latest\" is not allowed"), latest);
        String subgraph = subgraphUrls(TestPaths.loadSpec().base()).keySet().iterator().next();
        String external = renderFails(List.of(), Map.of("router.subgraphs." + subgraph, "https://api.example.com/graphql"));
        assertTrue(external.contains("router: subgraphs." + subgraph + " host \"api.example.com\" is not an in-cluster Service"),
                external);
        // a subgraph's timeout outside 1 to 3600 s (a negative one the router's config refuses, 0 times out every call)
        for (String seconds : List.of("-30", "0", "100000")) {
            String timeout = renderFails(List.of(), Map.of("router.subgraphTimeoutSeconds." + subgraph, seconds));
            assertTrue(timeout.contains("router:") && timeout.contains("at '/subgraphTimeoutSeconds/" + subgraph + "'"), timeout);
        }
        // the Ingress passes the GraphQL path through unchanged: the router must answer on it, and web's server side too
        var spec = TestPaths.loadSpec().base();
        String path = renderFails(List.of(), Map.of("router.path", spec.router().path() + "-v2"));
        assertTrue(path.contains("web.ingress.graphqlPath (" + spec.web().ingress().graphqlPath() + ") is not router.path ("
                + spec.router().path() + "-v2)"), path);
        Map<String, String> moved = Map.of("router.path", "/v2/graphql", "web.ingress.graphqlPath", "/v2/graphql");
        String internalUrl = spec.web().resolved(spec).graphql().internalUrl();
        if (internalUrl.equals(spec.router().internalUrl())) {
            String internal = renderFails(List.of(), moved);
            assertTrue(internal.contains("web.graphql.internalUrl (" + internalUrl + ") reaches the router on another path "
                    + "than router.path (/v2/graphql)"), internal);
            assertFalse(internal.contains("is not router.path"), internal);
        }
        Map<String, String> all = new java.util.HashMap<>(moved);
        all.put("web.graphql.internalUrl", internalUrl.replace(spec.router().path(), "/v2/graphql"));
        charts.render(List.of(), all);
        // by any name of the router's Service, and with web's Ingress off too
        String bare = renderFails(List.of(), Map.of("web.graphql.internalUrl", "http://router:4000/v2/graphql",
                "web.ingress.enabled", "false", "web.graphql.publicUrl", "https://shop.example.org/graphql"));
        assertTrue(bare.contains("web.graphql.internalUrl (http://router:4000/v2/graphql) reaches the router on another path"),
                bare);
        // a host in capitals is the same Service; another port (the health port, HTTP's 80) or https is not served
        String upper = renderFails(List.of(), Map.of("web.graphql.internalUrl", "http://Router:4000/v2/graphql"));
        assertTrue(upper.contains("web.graphql.internalUrl (http://Router:4000/v2/graphql) reaches the router on another path"),
                upper);
        for (String wrong : List.of("http://router." + ROUTER + ".svc.cluster.local" + spec.router().path(),
                "http://router:" + 8088 + spec.router().path(), "https://router:" + RouterSpec.HTTP_PORT + spec.router().path())) {
            String port = renderFails(List.of(), Map.of("web.graphql.internalUrl", wrong));
            assertTrue(port.contains("web.graphql.internalUrl (" + wrong + ") names the router's Service, which serves GraphQL "
                    + "over plain HTTP on port 4000 alone"), port);
        }
        // the router's own Ingress leads to its path, or a path above it
        Map<String, String> api = Map.of("router.ingress.enabled", "true", "router.ingress.hosts[0].host", "api.example.org",
                "router.ingress.path", "/api");
        String own = renderFails(List.of(), api);
        assertTrue(own.contains("router: ingress.path /api does not lead to the router's GraphQL path "
                + spec.router().path()), own);
        Map<String, String> root = new java.util.HashMap<>(api);
        root.put("router.ingress.path", "/");
        charts.render(List.of(), root);
        String secretEnv = renderFails(List.of(), Map.of("web.env.API_TOKEN", "x"));
        assertTrue(secretEnv.contains("web: env.API_TOKEN looks like a secret"), secretEnv);
        String url = renderFails(List.of(), Map.of("web.env.SMTP_URI", "smtp://mailer:hunter2@smtp.example.com:587"));
        assertTrue(url.contains("web: env.SMTP_URI holds a credential (a URL with a password"), url);
        String first = TestPaths.loadSpec().base().services().keySet().iterator().next();
        String service = renderFails(List.of(), Map.of(first + ".env.SMTP_URI", "smtp://mailer:hunter2@smtp.example.com:587"));
        assertTrue(service.contains(first + ": env.SMTP_URI holds a credential"), service);
        // an Ingress path the API server refuses fails the render, before anything is made
        String first2 = TestPaths.loadSpec().base().services().keySet().iterator().next();
        String doubled = renderFails(List.of(), Map.of(first2 + ".ingress.enabled", "true", first2 + ".ingress.hosts[0].host",
                "api.example.org", first2 + ".ingress.path", "/api//v1"));
        assertTrue(doubled.contains("the Ingress path /api//v1 has //, /./, /../ or an encoded slash in it"), doubled);
        // the router's supergraph URLs are env too, with no Secret to move a password to
        String supergraph = renderFails(List.of(), Map.of("router.supergraph.schema", "",
                "router.supergraph.urls[0]", "https://ci:hunter2@ci.example.com/supergraph.graphql"));
        assertTrue(supergraph.contains("router: supergraph.urls[0] holds a credential (a URL with a password"), supergraph);
    }

    @Test
    void prodRendersOnlyPinnedImages() {
        String images = prod.ofKind("Deployment").stream().map(d -> (String) container(d).get("image"))
                .filter(i -> i.contains("router") || i.contains("web")).sorted().collect(Collectors.joining(","));
        assertEquals("ghcr.io/apollographql/router:v2.7.0,ghcr.io/salomax/neotool-web:1.0.0", images);
    }

    /**
     * The router's helm test script, as rendered for prod, POSTs the spec's query with curl to a stand-in for the
     * router's endpoint (no router binary runs here) and judges its answers as Apollo Router 2.7 writes them: data
     * with a subgraph's own error passes; a failed fetch from a subgraph, a refused query (HTTP 400) or an answer
     * without data fails, naming the URL.
     */
    @Test
    void theRoutersSmokeTestFailsWhenTheRouterCannotReachASubgraph() {
        var spec = TestPaths.loadSpec().environments().get("prod");
        assumeTrue(spec.router().enabled() && spec.router().smokeTest().enabled());
        Map<String, Object> pod = prod.one("Pod", spec.router().namespace(), "smoke-graphql");
        Map<String, String> env = literalEnv(container(pod));
        assertEquals(Map.of("query", spec.router().smokeTest().query()), document(env.get("QUERY_JSON")), "the query, as JSON");
        try (HttpStandIn router = new HttpStandIn()) {
            String url = router.url(spec.router().path());
            Map<String, String> cases = new java.util.LinkedHashMap<>();
            cases.put("200 {\"data\":{\"__typename\":\"Query\",\"currentUser\":null},\"errors\":[{\"message\":\"Authentication required\",\"path\":[\"currentUser\"]}]}", "pass");
            cases.put("200 {\"data\":{\"__typename\":\"Query\",\"currentUser\":null},\"errors\":[{\"message\":\"HTTP fetch failed from 'security': error sending request\",\"extensions\":{\"code\":\"SUBREQUEST_HTTP_ERROR\",\"service\":\"security\"}}]}", "cannot reach a subgraph");
            cases.put("400 {\"errors\":[{\"message\":\"Cannot query field \\\"currentUser\\\" on type \\\"Query\\\".\",\"extensions\":{\"code\":\"GRAPHQL_VALIDATION_FAILED\"}}]}", "no GraphQL answer");
            cases.put("200 {\"errors\":[{\"message\":\"Subgraph errors redacted\"}]}", "unexpected answer");
            for (Map.Entry<String, String> e : cases.entrySet()) {
                router.answer(Integer.parseInt(e.getKey().substring(0, 3)), e.getKey().substring(4));
                ProcessRun run = ProcessRun.testPodScript(pod, Map.of("GRAPHQL_URL", url));
                if (e.getValue().equals("pass")) {
                    assertEquals(0, run.exit(), run.out());
                } else {
                    assertEquals(1, run.exit(), run.out());
                    assertTrue(run.out().contains(e.getValue()) && run.out().contains(url), run.out());
                }
            }
            assertEquals("POST " + spec.router().path() + " application/json " + env.get("QUERY_JSON"),
                    router.requests().get(0), "what a browser sends");
        }
    }

    /**
     * Web's helm test script, as rendered for prod, GETs the spec's readiness path with curl from a stand-in for the
     * web Service (no frontend runs here): a 2xx answer passes; a 503 (no Ready pod behind a proxy) or no answer at
     * all fails, naming the URL.
     */
    @Test
    void theWebSmokeTestPassesOnlyWhenTheReadinessPathAnswers2xx() {
        var spec = TestPaths.loadSpec().environments().get("prod");
        assumeTrue(spec.web().enabled() && spec.web().smokeTest().enabled());
        Map<String, Object> pod = prod.one("Pod", WEB, "smoke-web");
        String path = spec.web().probes().readiness().path();
        assertEquals("http://web." + WEB + ".svc.cluster.local:" + spec.web().port() + path,
                literalEnv(container(pod)).get("READINESS_URL"));
        String url;
        try (HttpStandIn web = new HttpStandIn()) {
            url = web.url(path);
            ProcessRun ready = ProcessRun.testPodScript(pod, Map.of("READINESS_URL", url));
            assertEquals(0, ready.exit(), ready.out());
            assertEquals(List.of("GET " + path + " null "), web.requests());
            web.answer(503, "");
            ProcessRun notReady = ProcessRun.testPodScript(pod, Map.of("READINESS_URL", url));
            assertEquals(1, notReady.exit(), notReady.out());
            assertTrue(notReady.out().contains("smoke: " + url + " is not ready"), notReady.out());
        }
        ProcessRun gone = ProcessRun.testPodScript(pod, Map.of("READINESS_URL", url));
        assertEquals(1, gone.exit(), gone.out());
        assertTrue(gone.out().contains("is not ready"), gone.out());
    }
}
