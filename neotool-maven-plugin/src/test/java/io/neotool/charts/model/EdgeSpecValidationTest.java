package io.neotool.charts.model;

import static io.neotool.charts.TestSpecs.at;
import static io.neotool.charts.TestSpecs.load;
import static io.neotool.charts.TestSpecs.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.TestPaths;
import io.neotool.charts.security.EdgeChartTest;
import io.neotool.charts.testtools.ProductNamespaces;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole-spec rules about the router and web: supergraph source, subgraphs, Ingress and TLS per environment. */
class EdgeSpecValidationTest {
    @TempDir
    Path dir;

    private static final String SERVICES = """
            services:
              app:
                image: {repository: neotool-app, tag: "1.0.0"}
              billing:
                image: {repository: neotool-billing, tag: "1.0.0"}
                namespace: neotool-app
                port: 8081
            """;
    private static final String SCHEMA = "router:\n  enabled: true\n  supergraph: {schema: \"type Query { a: String }\"}\n";
    private static final String EDGE = SCHEMA + "web: {enabled: true}\n";
    /**
     * A supergraph composing billing (a service) and ledger (not one, outside the platform: the router's own policy is
     * off, as for any subgraph outside the platform).
     */
    private static final String COMPOSED = """
            router:
              enabled: true
              networkPolicy: {enabled: false}
              supergraph:
                schema: |
                  enum join__Graph {
                    BILLING @join__graph(name: "billing", url: "http://billing:8081/graphql")
                    LEDGER @join__graph(url: "http://ledger.example:8080/graphql", name: "ledger")
                  }
            """;

    @Test
    void theRouterRoutesToEveryServiceItsSupergraphComposesAndAllowsTheWebOriginsOfEachEnvironment() throws IOException {
        Spec spec = new SpecLoader().load(TestPaths.spec(), "0.1.0");
        RouterSpec dev = spec.base().router().resolved(spec.base());
        Set<String> composed = spec.base().router().supergraph().composed().orElseThrow();
        assertEquals(spec.base().services().keySet().stream().filter(composed::contains).collect(Collectors.toSet()),
                dev.subgraphs().keySet());
        assertFalse(composed.isEmpty(), "the repository's supergraph composes some of its services");
        // each at its Service's in-cluster address and port
        assertEquals(EdgeChartTest.subgraphUrls(spec.base()), dev.subgraphs());
        assertEquals(List.of("http://neotool.local"), dev.corsOrigins());
        PlatformSpec prod = spec.environments().get("prod");
        assertEquals(List.of("https://neotool.example.com"), prod.router().resolved(prod).corsOrigins());
        WebSpec web = prod.web().resolved(prod);
        assertEquals("http://router." + ProductNamespaces.ROUTER + ".svc.cluster.local:4000/graphql", web.graphql().internalUrl());
        assertEquals(prod.web().graphql().publicUrl(), web.graphql().publicUrl(), "as written: empty, the chart derives "
                + "it from the Ingress it renders");
        assertTrue(prod.web().ingress().tls().enabled());
        assertEquals("1.0.0", prod.web().image().tag(), "prod pins the web image");
    }

    @Test
    void aNewServiceBecomesASubgraphAtItsOwnNamespaceAndPort() throws IOException {
        PlatformSpec base = load(dir, SCHEMA + SERVICES).base();
        Map<String, String> subgraphs = base.router().resolved(base).subgraphs();
        assertEquals("http://billing.neotool-app.svc.cluster.local:8081/graphql", subgraphs.get("billing"));
        assertEquals(2, subgraphs.size());
    }

    @Test
    void theDefaultSubgraphsAreTheServicesTheSupergraphComposesAndOnlyThoseAdmitTheRouterAtTheUrlsItCalls() throws IOException {
        String composed = COMPOSED;
        PlatformSpec base = load(dir, composed + SERVICES).base();
        assertEquals(Map.of("billing", "http://billing.neotool-app.svc.cluster.local:8081/graphql"),
                base.router().resolved(base).subgraphs(), "app is not in the supergraph, ledger not a service");
        assertTrue(base.services().get("billing").networkPolicy().ingress().containsKey("router"));
        assertFalse(base.services().get("app").networkPolicy().ingress().containsKey("router"), "the router never calls app");
        assertEquals("""
                enum join__Graph {
                  BILLING @join__graph(name: "billing", url: "http://billing.neotool-app.svc.cluster.local:8081/graphql")
                  LEDGER @join__graph(url: "http://ledger.example:8080/graphql", name: "ledger")
                }
                """, base.router().resolved(base).supergraph().schema(),
                "the mounted schema names the URL the router calls instead of the short one; ledger keeps its own");
        // arguments spaced as GraphQL allows, a url holding ')' and escapes; an override with a quote stays one string
        RouterSpec.Supergraph odd = new RouterSpec.Supergraph("""
                A @join__graph(url : "http://a:1/g(x)\\"y\\"", name : "a")
                B @join__graph(name: "b", url: "http://b:1/graphql")
                """, List.of());
        assertEquals("""
                A @join__graph(url : "http://a.ns.svc:1/q\\"$1\\\\", name : "a")
                B @join__graph(name: "b", url: "http://b:1/graphql")
                """, odd.withUrls(Map.of("a", "http://a.ns.svc:1/q\"$1\\")).schema());

        SpecProblem p = at(problems(dir, composed + """
                  subgraphs:
                    app: http://app.neotool-app.svc.cluster.local:8080/graphql
                """ + SERVICES), "router.subgraphs.app");
        assertEquals("'app' is not a subgraph of router.supergraph.schema (its join__Graph names billing, ledger): the "
                + "router never calls it; remove it, or compose the supergraph with it", p.message());
    }

    /**
     * Under its NetworkPolicy the router reaches the services of the subgraphs' names only: a subgraph composed under
     * another name (rover's "orders" for the service order-service) would be called at the supergraph's own URL and
     * refused.
     */
    @Test
    void aComposedSubgraphIsAServiceWhileTheRoutersPolicyIsOn() throws IOException {
        String on = COMPOSED.replace("  networkPolicy: {enabled: false}\n", "");
        SpecProblem p = at(problems(dir, on.replace("name: \"ledger\"", "name: \"biling\"") + SERVICES),
                "router.supergraph.schema");
        assertTrue(p.message().startsWith("composes subgraph 'biling', which is not a declared service (did you mean "
                + "'billing'?): the router would call it at the URL the supergraph writes"), p.message());
        assertFalse(problems(dir, on + SERVICES).isEmpty(), "ledger, with the policy on");
        load(dir, COMPOSED + SERVICES); // with it off, an outside subgraph keeps its own URL
    }

    /** A subgraph's own timeout names a composed service and a number of seconds the router takes. */
    @Test
    void aSubgraphTimeoutNamesAComposedServiceAndItsSeconds() throws IOException {
        SpecProblem unknown = at(problems(dir, COMPOSED + "  subgraphTimeoutSeconds: {biling: 120}\n" + SERVICES),
                "router.subgraphTimeoutSeconds.biling");
        assertTrue(unknown.message().startsWith("'biling' is not a declared service (did you mean 'billing'?)"), unknown.message());
        SpecProblem range = at(problems(dir, COMPOSED + "  subgraphTimeoutSeconds: {billing: 0}\n" + SERVICES),
                "router.subgraphTimeoutSeconds.billing");
        assertEquals("0 is not a number of seconds from 1 to 3600", range.message());
        assertEquals(Map.of("billing", 120), load(dir, COMPOSED + "  subgraphTimeoutSeconds: {billing: 120}\n" + SERVICES)
                .base().router().subgraphTimeoutSeconds());
    }

    /** Subgraphs written in the spec are the router's only way out: every composed service must be among them. */
    @Test
    void writtenSubgraphsListEveryServiceTheSupergraphComposes() throws IOException {
        String composed = COMPOSED.replace("enum join__Graph {\n", "enum join__Graph {\n"
                + "        APP @join__graph(name: \"app\", url: \"http://app:8080/graphql\")\n")
                + "  subgraphs:\n    billing: http://billing.neotool-app.svc.cluster.local:8081/graphql\n";
        SpecProblem p = at(problems(dir, composed + SERVICES), "router.subgraphs");
        assertEquals("leaves out app, which router.supergraph.schema composes: the router would call it at the "
                + "supergraph's own URL, which its NetworkPolicy does not let through; add router.subgraphs.app (and any "
                + "other), or leave router.subgraphs empty for every composed service at its in-cluster address", p.message());
        load(dir, composed.replace("  subgraphs:\n", "  subgraphs:\n    app: http://app.shop.example:8080/graphql\n") + SERVICES);
    }

    @Test
    void theSupergraphNeedsExactlyOneSource() {
        SpecProblem none = at(problems(dir, SERVICES + "router: {enabled: true}\n"), "router.supergraph");
        assertTrue(none.message().contains("set exactly one of schema"), none.message());
        SpecProblem both = at(problems(dir, SERVICES + """
                router:
                  enabled: true
                  supergraph:
                    schema: "type Query { a: String }"
                    urls: [https://example.com/supergraph.graphql]
                """), "router.supergraph");
        assertTrue(both.message().contains("both schema and urls"), both.message());
        SpecProblem url = at(problems(dir, SERVICES + "router:\n  enabled: true\n  supergraph: {urls: [ftp://x]}\n"), "router.supergraph.urls[0]");
        assertTrue(url.message().contains("is not an absolute http or https URL"), url.message());
        SpecProblem password = at(problems(dir, SERVICES + "router:\n  enabled: true\n  supergraph: {urls: "
                + "[\"https://ci:hunter2@ci.example.com/supergraph.graphql\"]}\n"), "router.supergraph.urls[0]");
        assertTrue(password.message().startsWith("holds a URL with a password as a literal value"), password.message());
    }

    @Test
    void anExplicitSubgraphMustNameADeclaredService() {
        List<SpecProblem> problems = problems(dir, SERVICES + """
                router:
                  enabled: true
                  supergraph: {schema: "type Query { a: String }"}
                  subgraphs:
                    biling: http://billing.neotool-app.svc.cluster.local:8081/graphql
                """);
        SpecProblem p = at(problems, "router.subgraphs.biling");
        assertTrue(p.message().contains("not a declared service"), p.message());
        assertTrue(p.message().contains("did you mean 'billing'"), p.message());
        assertEquals(12, p.line(), "points at the subgraph's line");
    }

    @Test
    void aRoutedServiceInTheReleaseNamespaceNeedsANamespaceOrItsOwnSubgraphUrl() throws IOException {
        String services = SERVICES.replace("namespace: neotool-app", "namespace: \"\"");
        List<SpecProblem> problems = problems(dir, SCHEMA + services);
        SpecProblem p = problems.stream().filter(q -> q.message().contains("router")).findFirst().orElseThrow();
        assertEquals("services.billing.namespace", p.path());
        assertTrue(p.message().contains("the router routes to billing"), p.message());
        assertTrue(p.message().contains("router.subgraphs.billing"), p.message());
        SpecProblem vault = problems.stream().filter(q -> q.message().contains("vault")).findFirst().orElseThrow();
        assertEquals("services.billing.namespace", vault.path());
        assertTrue(vault.message().contains("give billing a namespace"), vault.message());
        PlatformSpec written = load(dir, SCHEMA
                + "  subgraphs: {app: \"http://app.neotool-app.svc.cluster.local:8080/graphql\",\n"
                + "    billing: \"http://billing.team-app.svc.cluster.local:8081/graphql\"}\n"
                + services.replace("port: 8081", "port: 8081\n    vaultInit: {enabled: false}")
                + "observability: {enabled: false}\n").base(); // which reads the pods of named namespaces only
        assertEquals("http://billing.team-app.svc.cluster.local:8081/graphql",
                written.router().resolved(written).subgraphs().get("billing"));
    }

    @Test
    void prodNeedsTlsOnTheIngressAPinnedWebTagAndNoLatestRouter() {
        List<SpecProblem> problems = problems(dir, EDGE + SERVICES + """
                environments:
                  prod:
                    router:
                      image: {tag: latest}
                """);
        SpecProblem tls = at(problems, "environments.prod: web.ingress.tls.enabled");
        assertTrue(tls.message().contains("without TLS is not allowed in prod"), tls.message());
        assertTrue(at(problems, "environments.prod: web.image.tag").message().contains("pinned"));
        assertTrue(at(problems, "environments.prod: router.image.tag").message().contains("'latest'"));
    }

    /**
     * The router's own Ingress (an API without web) is checked as web's is: hosts, TLS in prod; and none of its hosts
     * may be one on which web's Ingress routes the router's path already.
     */
    @Test
    void theRoutersOwnIngressIsCheckedAsWebsAndTakesNoHostOfWebs() throws IOException {
        String api = SCHEMA + "  ingress: {enabled: true, hosts: [{host: api.example.com}]}\n" + SERVICES;
        load(dir, api);
        List<SpecProblem> problems = problems(dir, api + "environments:\n  prod: {}\n");
        assertTrue(at(problems, "environments.prod: router.ingress.tls.enabled").message()
                .contains("without TLS is not allowed in prod"), problems::toString);
        assertTrue(at(problems(dir, SCHEMA + "  ingress: {enabled: true}\n" + SERVICES), "router.ingress.hosts").message()
                .contains("at least one host"));
        problems = problems(dir, api.replace("{host: api.example.com}", "{host: api.example.com}, {host: neotool.local}")
                + "web: {enabled: true}\n");
        SpecProblem shared = at(problems, "router.ingress.hosts[1].host");
        assertTrue(shared.message().startsWith("web.ingress routes neotool.local/graphql already (IngressClass traefik); "
                + "two Ingresses for one host and path"), shared.message());
        // web's own hosts and the API's apart: both Ingresses
        load(dir, api + "web: {enabled: true}\n");
        // the router's Ingress leads to its GraphQL path: that path, one above it, or the whole host
        for (String path : List.of("/graphql", "/", "")) {
            load(dir, api.replace("enabled: true, hosts", "enabled: true, path: \"" + path + "\", hosts"));
        }
        assertTrue(at(problems(dir, api.replace("enabled: true, hosts", "enabled: true, path: /graph, hosts")),
                "router.ingress.path").message().contains("'/graph' does not lead to the router's GraphQL path /graphql"));
        // a path the API server refuses in an Ingress, whatever it leads to
        for (String refused : List.of("/api//graphql", "/api/./graphql", "/x/../graphql", "/api%2fgraphql", "/api/.")) {
            SpecProblem p = at(problems(dir, api.replace("enabled: true, hosts", "enabled: true, path: \"" + refused + "\", hosts")),
                    "router.ingress.path");
            assertTrue(p.message().contains("which the API server refuses in an Ingress path"), refused + ": " + p.message());
        }
    }

    /**
     * An Ingress of another class than its chart's ingress controller serves would come from a controller whose traffic
     * the NetworkPolicies drop: refused at its className, naming where the controller is; one that names no class takes
     * the controller's, and a controller that names no class takes any.
     */
    @Test
    void anIngressOfAnotherClassThanItsControllersIsRefused() throws IOException {
        String nginx = "networkPolicy: {ingressController: {namespace: ingress-nginx, app: ingress-nginx, className: nginx}}\n";
        String api = SCHEMA + "  ingress: {enabled: true, className: nginx, hosts: [{host: api.example.com}]}\n" + SERVICES;
        load(dir, api + nginx);
        load(dir, api.replace("className: nginx, ", "") + nginx);
        load(dir, api.replace("className: nginx", "className: traefik"));
        SpecProblem other = at(problems(dir, api.replace("className: nginx", "className: traefik") + nginx),
                "router.ingress.className");
        assertTrue(other.message().startsWith("'traefik' is not the class of the chart's ingress controller "
                + "(router.networkPolicy.ingressController, else the platform's networkPolicy.ingressController: className "
                + "nginx)") && other.message().contains("leave className empty (it takes nginx)"), other.message());
    }

    /**
     * A service's own Ingress is checked as any Ingress, wherever it is: hosts, TLS in prod; a host and path another
     * Ingress routes is refused, another path on the same host is not.
     */
    @Test
    void aServicesOwnIngressIsCheckedAndTakesNoRouteOfAnother() throws IOException {
        String rest = SERVICES.replace("    port: 8081\n", "    port: 8081\n    ingress: {enabled: true, hosts: [{host: "
                + "api.example.com}], path: /billing}\n");
        load(dir, rest);
        assertTrue(at(problems(dir, rest + "environments:\n  prod: {}\n"), "environments.prod: services.billing.ingress.tls.enabled")
                .message().contains("without TLS is not allowed in prod"));
        assertTrue(at(problems(dir, rest.replace("hosts: [{host: api.example.com}], ", "")), "services.billing.ingress.hosts")
                .message().contains("at least one host"));
        String both = rest.replace("  app:\n", "  app:\n    ingress: {enabled: true, hosts: [{host: api.example.com}], "
                + "path: /billing}\n");
        assertTrue(at(problems(dir, both), "services.billing.ingress.hosts[0].host").message()
                .startsWith("services.app.ingress routes api.example.com/billing already"), () -> problems(dir, both).toString());
        load(dir, both.replace("path: /billing}\n    image: {repository: neotool-app", "path: /app}\n    image: {repository: neotool-app"));
    }

    /** A credential in an env value is refused by its form, whatever the variable is called; a $(VAR) password is not one. */
    @Test
    void anEnvValueHoldingACredentialIsRefusedWhateverItsName() throws IOException {
        String service = io.neotool.charts.TestSpecs.SERVICE;
        assertTrue(at(problems(dir, service + "    env: {SMTP_URI: \"smtp://mailer:hunter2@smtp.example.com\"}\n"),
                "services.app.env.SMTP_URI").message().contains("holds a URL with a password as a literal value"));
        assertTrue(at(problems(dir, service + "web: {enabled: true, env: {KEY_PEM: x, CERT: \"-----BEGIN RSA PRIVATE KEY-----\"}}\n"),
                "web.env.CERT").message().contains("holds a private key as a literal value"));
        load(dir, service + "    env: {DATABASE_URL: \"postgresql://app:$(DB_PASSWORD)@pgbouncer:6432/app\"}\n"
                + "    secretEnv: {DB_PASSWORD: {secretName: app-db, key: password}}\n");
    }

    @Test
    void anIngressHostIsAHostNameDnsAnswersFor() throws Exception {
        String label = "a".repeat(64);
        List<SpecProblem> problems = problems(dir, SCHEMA + SERVICES + """
                web:
                  enabled: true
                  ingress:
                    hosts:
                      - host: %s.example.com
                      - host: Shop.example.com
                """.formatted(label));
        SpecProblem tooLong = at(problems, "web.ingress.hosts[0].host");
        assertTrue(tooLong.message().contains("at most 63 characters"), tooLong.message());
        assertTrue(at(problems, "web.ingress.hosts[1].host").message().contains("is not a host name"));
        load(dir, SCHEMA + SERVICES + """
                web:
                  enabled: true
                  ingress:
                    hosts:
                      - host: %s.example.com
                """.formatted("a".repeat(63)));
    }

    @Test
    void theIngressRoutesToTheRoutersPathInItsOwnNamespace() throws java.io.IOException {
        List<SpecProblem> problems = problems(dir, SCHEMA + SERVICES + """
                web:
                  enabled: true
                  env: {API_TOKEN: abc, PORT: "1"}
                  ingress:
                    graphqlPath: /api/graphql
                    tls: {enabled: true}
                """);
        assertTrue(at(problems, "web.ingress.graphqlPath").message().contains("404"));
        assertTrue(at(problems, "web.ingress.tls.secretName").message().contains("kubernetes.io/tls"));
        // the load balancer's own certificate, named by an annotation, needs no Secret
        assertTrue(load(dir, SCHEMA + SERVICES + """
                web:
                  enabled: true
                  ingress:
                    tls: {enabled: true}
                    annotations: {alb.ingress.kubernetes.io/certificate-arn: "arn:aws:acm:eu-west-1:123456789012:certificate/x"}
                """).base().web().ingress().tls().enabled());
        assertTrue(at(problems, "web.env.API_TOKEN").message().contains("looks like a secret"));
        assertTrue(at(problems, "web.env.PORT").message().contains("set by the chart"));
        List<SpecProblem> apart = problems(dir, SERVICES + """
                router:
                  enabled: true
                  namespace: neotool-app
                  supergraph: {schema: "type Query { a: String }"}
                web: {enabled: true}
                """);
        assertTrue(at(apart, "router.namespace").message().contains("same namespace"));
    }

    /** The browser's GraphQL URL is an absolute URL it can call from the pages: there is one, with https under TLS. */
    @Test
    void theBrowsersGraphqlUrlIsOneItCanCall() throws IOException {
        String web = EDGE.replace("web: {enabled: true}\n", "") + SERVICES + """
                web:
                  enabled: true
                  graphql: {publicUrl: "PUBLIC", internalUrl: "INTERNAL"}
                  ingress: {enabled: INGRESS, tls: {enabled: true, secretName: shop-tls}}
                """;
        String fine = web.replace("INGRESS", "false").replace("PUBLIC", "https://api.example.com/graphql")
                .replace("INTERNAL", "");
        assertEquals("https://api.example.com/graphql", load(dir, fine).base().web().graphql().publicUrl());

        List<SpecProblem> bad = problems(dir, fine.replace("https://api.example.com/graphql", "api.example.com/graphql")
                .replace("internalUrl: \"\"", "internalUrl: \"http:///graphql\""));
        assertTrue(at(bad, "web.graphql.publicUrl").message().contains("'api.example.com/graphql' is not an absolute http "
                + "or https URL with a host"), bad::toString);
        assertTrue(at(bad, "web.graphql.internalUrl").message().contains("is not an absolute http"), bad::toString);

        // the router's Service by another of its names, in capitals: fine on its port and path, refused on any other
        RouterSpec r = load(dir, fine).base().router();
        String router = "router." + r.namespace();
        load(dir, fine.replace("internalUrl: \"\"", "internalUrl: \"http://ROUTER." + r.namespace() + ":4000" + r.path() + "\""));
        for (String wrong : List.of("http://" + router + r.path(), "https://" + router + ":4000" + r.path(),
                "http://" + router + ".svc:8088" + r.path())) {
            SpecProblem p = at(problems(dir, fine.replace("internalUrl: \"\"", "internalUrl: \"" + wrong + "\"")),
                    "web.graphql.internalUrl");
            assertTrue(p.message().contains("serves GraphQL over plain HTTP on port 4000 alone"), p.message());
        }
        SpecProblem path = at(problems(dir, fine.replace("internalUrl: \"\"", "internalUrl: \"http://" + router + ":4000/api\"")),
                "web.graphql.internalUrl");
        assertTrue(path.message().contains("another path than router.path (" + r.path() + ")"), path.message());

        // with the Ingress off there is no host to derive it from
        SpecProblem none = at(problems(dir, fine.replace("https://api.example.com/graphql", "")), "web.graphql.publicUrl");
        assertTrue(none.message().contains("the Ingress is off") && none.message().contains("GRAPHQL_ENDPOINT would be "
                + "empty"), none.message());

        // pages served over https cannot call plain http
        SpecProblem mixed = at(problems(dir, fine.replace("enabled: false", "enabled: true")
                .replace("https://api.example.com", "http://api.example.com")), "web.graphql.publicUrl");
        assertTrue(mixed.message().contains("mixed content"), mixed.message());
        load(dir, fine.replace("enabled: false", "enabled: true").replace("https://api.example.com/graphql", ""));

        // the frontend's URL a service is given is one too
        SpecProblem service = at(problems(dir, fine.replace("    port: 8081\n",
                "    port: 8081\n    platform: {web: {url: shop.example.com}}\n")),
                "services.billing.platform.web.url");
        assertTrue(service.message().contains("is not an absolute http"), service.message());
    }

    /** Web's only way to the GraphQL API is the router: without it, one problem says so, whatever web's own keys say. */
    @Test
    void webWithTheRouterOffIsRefusedOnce() throws IOException {
        List<SpecProblem> problems = problems(dir, SERVICES + """
                router: {enabled: false}
                web:
                  enabled: true
                  ingress: {graphqlPath: ""}
                """);
        SpecProblem off = at(problems, "web.enabled");
        assertTrue(off.message().contains("the router is off; enable the router (router.enabled: true)"), off.message());
        assertEquals(1, problems.stream().filter(p -> p.path().startsWith("web.")).count(), problems::toString);

        // a GraphQL API of its own: valid once web's policy, which lets it out to the router only, is its operator's
        String own = SERVICES + """
                router: {enabled: false}
                web:
                  enabled: true
                  ingress: {graphqlPath: ""}
                  graphql: {internalUrl: "https://api.example.com/graphql", publicUrl: "https://api.example.com/graphql"}
                """;
        assertTrue(at(problems(dir, own), "web.networkPolicy.enabled").message().contains("which is none of the spec's "
                + "services; set web.networkPolicy.enabled: false"));
        load(dir, own.replace("  enabled: true\n", "  enabled: true\n  networkPolicy: {enabled: false}\n"));

        // an API that is one of the spec's services: it admits web, and the umbrella lets web out to it
        String billing = own.replace("internalUrl: \"https://api.example.com/graphql\"",
                "internalUrl: \"http://billing.neotool-app.svc.cluster.local:8081/graphql\"");
        assertTrue(at(problems(dir, billing), "services.billing.networkPolicy.ingress").message().contains("admit it here "
                + "(web: {namespace: neotool-web, app: web, port: 0})"));
        load(dir, billing.replace("    port: 8081\n", "    port: 8081\n    networkPolicy: {ingress: {web: {namespace: "
                + "neotool-web, app: web, port: 0}}}\n"));
    }

    @Test
    void componentNamesAreReservedForServices() {
        List<SpecProblem> problems = problems(dir, SCHEMA + "services:\n  web:\n    image: {repository: w, tag: \"1\"}\n");
        assertTrue(at(problems, "services.web").message().contains("reserved"));
    }
}
