package io.neotool.charts.model;

import static io.neotool.charts.TestSpecs.at;
import static io.neotool.charts.TestSpecs.load;
import static io.neotool.charts.TestSpecs.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code services.<name>.calls}: other declared services, each once, never the service itself; none by default. */
class CallsSpecValidationTest {
    @TempDir
    Path dir;

    private static String services(String ordersCalls) {
        return """
                services:
                  orders:
                    image: {repository: orders, tag: "1.0.0"}
                    calls: %s
                  billing:
                    image: {repository: billing, tag: "1.0.0"}
                """.formatted(ordersCalls);
    }

    /** A service named like an object the charts render beside it would render a second object of that name. */
    @Test
    void aServiceNamedLikeAnObjectRenderedBesideItIsRefused() {
        for (String clash : List.of("default-deny", "smoke-database", "database", "orders-calls", "smoke-orders",
                "smoke-readiness-billing")) {
            String spec = services("[billing]") + "  " + clash + ":\n    image: {repository: x, tag: \"1.0.0\"}\n";
            SpecProblem p = at(problems(dir, spec), "services." + clash);
            assertTrue(p.message().contains("its namespace already holds") && p.message().contains("rename the service"),
                    p.message());
        }
    }

    /**
     * A service in a component's namespace named like one of the component's Services would render a second Service,
     * workload and pods of that name; elsewhere the name is free.
     */
    @Test
    void aServiceNamedLikeAComponentsServiceInItsNamespaceIsRefused() throws IOException {
        String pgbouncer = services("[billing]") + "  pgbouncer:\n    namespace: neotool-data\n"
                + "    image: {repository: x, tag: \"1.0.0\"}\n    vaultInit: {enabled: false}\n";
        SpecProblem p = at(problems(dir, pgbouncer), "services.pgbouncer");
        assertTrue(p.message().contains("its namespace already holds the postgres chart's Service pgbouncer")
                && p.message().contains("rename the service"), p.message());
        assertEquals(List.of("billing"), load(dir, services("[billing]") + "  pgbouncer:\n"
                + "    image: {repository: x, tag: \"1.0.0\"}\n").base().services().get("orders").calls());
    }

    @Test
    void aDeclaredCallLoadsAndNoServiceCallsByDefault() throws IOException {
        Spec spec = load(dir, services("[billing]"));
        assertEquals(List.of("billing"), spec.base().services().get("orders").calls());
        assertEquals(List.of(), spec.base().services().get("billing").calls());
    }

    @Test
    void anUnknownServiceIsRefusedWithTheNearestNameAndItsLine() {
        SpecProblem p = at(problems(dir, services("[billing, biling]")), "services.orders.calls[1]");
        assertTrue(p.message().contains("'biling' is not a declared service (did you mean 'billing'?)"), p.message());
        assertTrue(p.message().endsWith("a service calls other services: billing"), p.message());
        assertEquals(4, p.line());
        assertTrue(p.toString().contains("neotool.yaml:4:"), p.toString());
    }

    private static final String ROUTER_ON = "router: {enabled: true, supergraph: {urls: [\"https://graphs.example.org/s.graphql\"]}}\n";

    /** router names the platform's GraphQL router, while it runs; its flows are rendered and checked in ServiceCallsTest. */
    @Test
    void theRouterMayBeCalledWhileItRuns() throws IOException {
        assertEquals(List.of("router"), load(dir, services("[router]") + ROUTER_ON).base().services().get("orders").calls());
        SpecProblem off = at(problems(dir, services("[router]") + "router: {enabled: false}\n"), "services.orders.calls[0]");
        assertTrue(off.message().contains("the router is off (router.enabled: false)"), off.message());
        assertTrue(at(problems(dir, services("[router, router]") + ROUTER_ON), "services.orders.calls[1]").message()
                .contains("'router' is listed twice"));
    }

    /**
     * platform.web.urlEnv: env names the chart sets to the frontend's public URL (derived from the web Ingress), refused
     * when there is no such URL, when the name is not an env name, or when env sets it too.
     */
    @Test
    void webUrlEnvNeedsAUrlAndAValidNameSetOnce() throws IOException {
        String spec = """
                router: {enabled: true, supergraph: {schema: "type Query { a: String }"}}
                web: {enabled: true, ingress: {enabled: true, hosts: [{host: shop.example.org}]}}
                services:
                  orders:
                    image: {repository: orders, tag: "1.0.0"}
                    platform: {web: {urlEnv: [FRONTEND_URL, bad-name, BASE_URL]}}
                    env: {BASE_URL: "x"}
                """;
        List<SpecProblem> problems = problems(dir, spec);
        assertTrue(at(problems, "services.orders.platform.web.urlEnv[1]").message().contains("not a valid environment variable"));
        assertTrue(at(problems, "services.orders.platform.web.urlEnv[2]").message().contains("also set in env"));
        assertTrue(problems.stream().noneMatch(p -> p.path().endsWith("urlEnv[0]")), problems::toString);
        assertEquals("http://shop.example.org", load(dir, spec.replace(", bad-name, BASE_URL", ""))
                .base().services().get("orders").platform().web().url(), "the web Ingress's first host");
        // set as a secret is set twice too
        SpecProblem secret = at(problems(dir, spec.replace("env: {BASE_URL: \"x\"}",
                "secretEnv: {BASE_URL: {secretName: urls, key: base}}")), "services.orders.platform.web.urlEnv[2]");
        assertTrue(secret.message().contains("also set in env or secretEnv"), secret.message());
        SpecProblem none = at(problems(dir, spec.replace("ingress: {enabled: true", "ingress: {enabled: false")
                .replace(", bad-name, BASE_URL", "")), "services.orders.platform.web.urlEnv[0]");
        assertTrue(none.message().contains("set platform.web.url"), none.message());
        // never a variable the chart sets itself: the URL would replace the port, the JVM's options or a platform value
        List<SpecProblem> taken = problems(dir, spec.replace("bad-name, BASE_URL", "MICRONAUT_SERVER_PORT, KAFKA_BOOTSTRAP_SERVERS")
                .replace("    env: {BASE_URL: \"x\"}\n", ""));
        assertTrue(at(taken, "services.orders.platform.web.urlEnv[1]").message().contains("is set from port"), taken::toString);
        assertTrue(at(taken, "services.orders.platform.web.urlEnv[2]").message().contains("is set from platform.*"),
                taken::toString);
    }

    @Test
    void aSelfCallAndATwiceListedCallAreRefused() {
        List<SpecProblem> problems = problems(dir, services("[orders, billing, billing]"));
        assertTrue(at(problems, "services.orders.calls[0]").message().contains("'orders' calls itself"));
        assertTrue(at(problems, "services.orders.calls[2]").message().contains("'billing' is listed twice"));
        assertEquals(2, problems.size(), problems.toString());
    }

    @Test
    void anEnvironmentsCallsAreCheckedToo() {
        List<SpecProblem> problems = problems(dir, services("[]") + """
                environments:
                  prod:
                    services:
                      orders: {calls: [shipping]}
                """);
        assertTrue(problems.stream().anyMatch(p -> p.path().endsWith("services.orders.calls[0]")
                && p.message().contains("'shipping' is not a declared service")), problems.toString());
    }
}
