package io.neotool.charts.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.BuildLog;
import io.neotool.charts.helm.HelmClient;
import io.neotool.charts.testtools.Manifests;
import io.neotool.charts.verify.Finding;
import io.neotool.charts.verify.LintConfig;
import io.neotool.charts.verify.LintResult;
import io.neotool.charts.verify.Linter;
import io.neotool.charts.verify.PlatformVerifier;
import io.neotool.charts.verify.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform's switch for NetworkPolicies, {@code global.networkPolicy.enabled}, on the fixture platform of
 * {@link ServiceCallsTest} (orders calls billing). Every chart follows it: off, no chart renders a policy, its helm
 * tests' included. A chart's own policies left on alone would isolate its pods from the clients that only the
 * umbrella's connection policies admit, so neotool:lint proves every flow of the platform with the switch off.
 */
class NetworkPolicySwitchTest {
    static final String OFF = "global:\n  networkPolicy:\n    enabled: false\n";

    @TempDir
    static Path dir;

    static Rendered charts;

    @BeforeAll
    static void generate() throws IOException {
        Path spec = dir.resolve("neotool.yaml");
        Files.writeString(spec, ServiceCallsTest.SPEC);
        charts = Rendered.generate(dir, spec, "shop");
    }

    @Test
    void offNoChartRendersAPolicyNotEvenForItsTests() {
        Manifests on = new Manifests(charts.render(List.of(), Map.of()));
        Set<String> charted = new TreeSet<>();
        on.ofKind("NetworkPolicy").forEach(p -> charted.add(String.valueOf(
                ((Map<?, ?>) ((Map<?, ?>) p.get("metadata")).get("labels")).get("helm.sh/chart")).replaceFirst("-[0-9].*", "")));
        assertTrue(charted.containsAll(Set.of("shop", "orders", "billing", "vault", "postgres", "kafka", "observability")), charted::toString);
        assertTrue(on.has("NetworkPolicy", "kafka-from-smoke-kafka"), "the smoke test's policy, with the switch on");

        Manifests off = new Manifests(charts.render(List.of(), Map.of("global.networkPolicy.enabled", "false")));
        assertEquals(List.of(), off.ofKind("NetworkPolicy").stream().map(Manifests::name).toList());
        assertTrue(off.has("Pod", "smoke-kafka"), "the helm tests are still rendered");
    }

    @Test
    void offEveryFlowOfThePlatformIsStillProven() throws IOException {
        Path values = dir.resolve("no-network-policies.yaml");
        Files.writeString(values, OFF);
        LintResult result = new Linter(new HelmClient(), BuildLog.SILENT).lint(new Linter.Request(dir.resolve("helm"),
                HelmClient.DEFAULT_KUBE_VERSION, "shop", "default",
                LintConfig.of(Map.of(), List.of(), Map.of("shop", List.of(List.of(values))))));
        // the switch adds no error to the fixture's dev environment (which has findings of its own: billing, in Vault's
        // namespace, reads no Vault token), and none about a flow
        List<Finding> off = in(result, values.getFileName().toString());
        Set<String> added = new TreeSet<>(errors(off));
        added.removeAll(errors(in(result, "shop/values.yaml")));
        assertEquals(Set.of(), added, () -> String.join("\n", added));
        assertFalse(off.stream().anyMatch(f -> f.ruleId().equals("flow-network")), () -> errors(off).toString());
        assertEquals(1, off.stream().filter(f -> f.ruleId().equals("network-policy") && f.severity() == Severity.WARNING
                && f.message().contains("renders no NetworkPolicy at all")).count(), "the lint warns once that nothing is isolated");

        PlatformVerifier.Graph graph = result.platforms().get("no-network-policies");
        assertTrue(graph != null, result.platforms().keySet()::toString);
        Set<String> fromOrders = new TreeSet<>();
        for (PlatformVerifier.Edge e : graph.edges()) {
            assertEquals("ok", e.checks().get("network"), e::toString);
            if (e.from().equals("neotool-app/Deployment/orders")) {
                fromOrders.add(e.to().replaceFirst(".*/", "") + ":" + e.port());
            }
        }
        assertTrue(fromOrders.containsAll(Set.of("billing:8443", "kafka:9092", "vault:8200")), fromOrders::toString);
    }

    /** The findings of the environment whose values file ends with {@code file}. */
    private static List<Finding> in(LintResult result, String file) {
        List<Finding> found = result.findings().stream().filter(f -> f.environments().stream().anyMatch(e -> e.endsWith(file))).toList();
        assertFalse(found.isEmpty(), "no finding in environment " + file);
        return found;
    }

    private static List<String> errors(List<Finding> findings) {
        return findings.stream().filter(f -> f.severity() == Severity.ERROR).map(Finding::line).toList();
    }
}
