package io.neotool.charts.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.neotool.charts.TestPaths;
import io.neotool.charts.model.Component;
import io.neotool.charts.model.Components;
import io.neotool.charts.model.ObservabilitySpec;
import io.neotool.charts.model.PlatformSpec;
import io.neotool.charts.model.Spec;
import io.neotool.charts.model.SpecLoader;
import io.neotool.charts.security.Rendered;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The helm test Pods (`helm test neotool`): one per check, derived from the loaded spec, each a test hook deleted
 * once it passed, and each with the one flow it needs proven by the platform verification (address, NetworkPolicy
 * on both sides), in every environment.
 */
class SmokeTestsTest {
    static Rendered charts;
    static PlatformSpec spec;

    @BeforeAll
    static void render() throws Exception {
        charts = Rendered.platform();
        Spec loaded = new SpecLoader().load(TestPaths.spec(), "0.1.0");
        spec = loaded.base();
    }

    private static List<Manifest> pods(List<Manifest> manifests) {
        return manifests.stream().filter(m -> m.kind().equals("Pod")).toList();
    }

    /**
     * The components whose test Pods {@link #expectedPods} derives from the spec. The test Pods of any other one (a
     * component added to the spec) are taken as its chart renders them, and checked like the rest.
     */
    private static final Set<String> DERIVED = Set.of("vault", "postgres", "kafka", "minio", "router", "web", "observability");

    /** The smoke test Pods the spec implies, as namespace/name, among the rendered {@code pods}. */
    private static Set<String> expectedPods(List<Manifest> rendered) {
        Set<String> pods = new TreeSet<>();
        for (Component c : Components.SUBCHARTS) {
            if (!DERIVED.contains(c.chart())) {
                rendered.stream().filter(p -> p.namespace("default").equals(c.namespaceIn(spec))
                                && String.valueOf(p.labels().get("helm.sh/chart")).matches(Pattern.quote(c.chart()) + "-\\d.*"))
                        .forEach(p -> pods.add(p.namespace("default") + "/" + p.name()));
            }
        }
        spec.services().forEach((name, s) -> {
            if (!s.smokeTests().enabled()) {
                return;
            }
            if (s.replicas() > 0 || s.autoscaling().enabled()) { // a service left out has no pod to be ready
                pods.add(s.namespace() + "/smoke-readiness-" + name);
            }
            if (s.vaultInit().enabled() && s.platform().vault().enabled()) {
                pods.add(s.namespace() + "/smoke-vault-" + name);
            }
            if (s.hasDatabase() && spec.postgres().enabled() && spec.postgres().pgbouncer().enabled()) {
                pods.add(s.namespace() + "/smoke-database-" + name);
            }
        });
        if (spec.kafka().enabled()) {
            pods.add(spec.kafka().namespace() + "/smoke-kafka");
        }
        if (spec.router().enabled() && spec.router().smokeTest().enabled()) {
            pods.add(spec.router().namespace() + "/smoke-graphql");
        }
        if (spec.web().enabled() && spec.web().smokeTest().enabled()) {
            pods.add(spec.web().namespace() + "/smoke-web");
        }
        ObservabilitySpec o = spec.observability();
        if (o.enabled() && o.smokeTest().enabled()) {
            if (o.prometheus().enabled()) {
                pods.add(o.namespace() + "/smoke-prometheus");
            }
            if (o.loki().enabled() && o.promtail().enabled()) {
                pods.add(o.namespace() + "/smoke-loki");
            }
        }
        return pods;
    }

    @Test
    void oneTestPodPerCheckWithItsFlowProvenInEveryEnvironment() {
        for (String environment : List.of("dev", "prod")) {
            List<java.nio.file.Path> values = environment.equals("dev") ? List.of() : List.of(charts.umbrella.resolve("values-prod.yaml"));
            List<Manifest> manifests = Fixture.parse(environment.equals("dev") ? charts.dev() : charts.prod());
            List<Manifest> pods = pods(manifests);
            assertEquals(expectedPods(pods), pods.stream().map(m -> m.namespace("default") + "/" + m.name())
                    .collect(Collectors.toCollection(TreeSet::new)));
            for (Manifest pod : pods) {
                assertEquals("test", pod.annotations().get("helm.sh/hook"), pod.id());
                assertEquals("before-hook-creation,hook-succeeded", pod.annotations().get("helm.sh/hook-delete-policy"), pod.id());
                assertEquals("hook-failed", pod.annotations().get("helm.sh/hook-output-log-policy"), pod.id());
            }
            // helm test runs the Pods by weight, then name, and stops at the first that fails: a test runs after those
            // of what it depends on (the data stores and Vault, then the services' readiness, the router, the web)
            for (Manifest a : pods) {
                for (Manifest b : pods) {
                    if (dependencyRank(a.name()) < dependencyRank(b.name())) {
                        assertTrue(Integer.parseInt(String.valueOf(a.annotations().get("helm.sh/hook-weight")))
                                < Integer.parseInt(String.valueOf(b.annotations().get("helm.sh/hook-weight"))), a.id() + " runs before " + b.id());
                    }
                }
            }
            PlatformVerifier.Result result = PlatformVerifier.verify(new PlatformVerifier.Request("default", environment, manifests,
                    PlatformSpecFiles.operatorMade(PlatformSpecFiles.values(charts.umbrella, values)), PlatformSpecFiles.notes(charts.umbrella)));
            for (Manifest pod : pods) {
                String from = pod.namespace("default") + "/Pod/" + pod.name();
                List<PlatformVerifier.Edge> edges = result.graph().edges().stream().filter(e -> e.from().equals(from)).toList();
                assertEquals(1, edges.size(), from + " has exactly its one flow: " + edges);
                PlatformVerifier.Edge edge = edges.get(0);
                assertEquals("ok", edge.checks().get("address"), environment + ": " + edge);
                assertEquals("ok", edge.checks().get("network"), edge.toString());
                assertFalse(edge.checks().containsValue("failed"), edge.toString());
            }
            List<Finding> errors = result.findings().stream().filter(f -> f.severity() == Severity.ERROR).toList();
            assertTrue(errors.isEmpty(), errors::toString);
        }
    }

    /** Where a smoke test stands among those it depends on: 0 for what nothing else of the platform needs running. */
    private static int dependencyRank(String pod) {
        if (pod.startsWith("smoke-readiness-")) {
            return 1;
        }
        return pod.equals("smoke-graphql") ? 2 : pod.equals("smoke-web") ? 3 : 0;
    }

    /** A service an environment leaves out (replicas 0, no autoscaler) gets no readiness test, which would fail. */
    @Test
    void aServiceLeftOutHasNoReadinessTest() {
        String service = spec.services().entrySet().stream().filter(e -> !e.getValue().autoscaling().enabled()
                && e.getValue().smokeTests().enabled()).map(Map.Entry::getKey).sorted().findFirst().orElseThrow();
        List<Manifest> left = Fixture.parse(charts.render(List.of(), Map.of(service + ".replicas", "0")));
        assertTrue(left.stream().noneMatch(m -> m.name().equals("smoke-readiness-" + service)
                || m.name().equals(service + "-from-smoke-readiness-" + service)), "no readiness test nor its policies");
        assertTrue(Fixture.parse(charts.dev()).stream().anyMatch(m -> m.name().equals("smoke-readiness-" + service)));
    }

    @Test
    void withoutItsNetworkPolicyAFlowIsNotProven() {
        List<Manifest> manifests = Fixture.parse(charts.dev()).stream()
                .filter(m -> !(m.kind().equals("NetworkPolicy") && m.name().equals("smoke-kafka"))).toList();
        assumeTrue(spec.kafka().enabled(), "the spec has no Kafka");
        PlatformVerifier.Result result = PlatformVerifier.verify(new PlatformVerifier.Request("default", "values", manifests,
                PlatformSpecFiles.operatorMade(PlatformSpecFiles.values(charts.umbrella, List.of())), PlatformSpecFiles.notes(charts.umbrella)));
        PlatformVerifier.Edge kafka = result.graph().edges().stream()
                .filter(e -> e.from().endsWith("/Pod/smoke-kafka")).findFirst().orElseThrow();
        assertEquals("failed", kafka.checks().get("network"), kafka.toString());
    }
}
