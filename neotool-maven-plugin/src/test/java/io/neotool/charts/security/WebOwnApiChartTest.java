package io.neotool.charts.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.BuildLog;
import io.neotool.charts.helm.HelmClient;
import io.neotool.charts.verify.Finding;
import io.neotool.charts.verify.LintResult;
import io.neotool.charts.verify.Linter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Web with a GraphQL API of its own while the router is off: its NetworkPolicy stays on, lets it out to the API's pods
 * (web.networkPolicy.egress), the API admits web (its networkPolicy.ingress), and the platform verification proves the
 * flow both ways.
 */
class WebOwnApiChartTest {
    static final String SPEC = """
            chart: {name: bookings}
            services:
              gateway:
                image: {repository: gateway, tag: "1.0.0"}
                vaultInit: {enabled: false}
                networkPolicy:
                  ingress:
                    web: {namespace: neotool-web, app: web, port: 0}
            vault: {enabled: false}
            postgres: {enabled: false}
            kafka: {enabled: false}
            observability: {enabled: false}
            router: {enabled: false}
            web:
              enabled: true
              image: {repository: web, tag: "1.0.0"}
              ingress: {graphqlPath: ""}
              graphql:
                internalUrl: http://gateway.neotool-app.svc.cluster.local:8080/graphql
                publicUrl: https://bookings.local/graphql
              networkPolicy:
                egress:
                  gateway: {namespace: neotool-app, app: gateway, port: 8080}
            """;

    @Test
    void webReachesItsOwnApiThroughItsPolicyAndTheApisPolicyAdmitsIt(@TempDir Path dir) throws IOException {
        Path spec = Files.writeString(dir.resolve("bookings.yaml"), SPEC);
        Path umbrella = OptionalComponentsChartTest.generate(dir.resolve("out"), spec, "bookings");
        LintResult result = new Linter(new HelmClient(), BuildLog.SILENT)
                .lint(new Linter.Request(umbrella.getParent(), "1.32.0", "", "default"));
        assertFalse(result.platforms().isEmpty(), "the platform verification ran");
        List<Finding> flows = result.findings().stream().filter(f -> f.ruleId().startsWith("flow-")).toList();
        assertEquals(List.of(), flows);
        String platform = result.manifests().get("default");
        assertTrue(platform.contains("app.kubernetes.io/name: gateway"), "web's policy names the API's pods");

        // without the egress peer, the same spec is refused at generate, naming the key
        Path without = Files.writeString(dir.resolve("without.yaml"), SPEC.replace("""
                  networkPolicy:
                    egress:
                      gateway: {namespace: neotool-app, app: gateway, port: 8080}
                """, ""));
        String message = org.junit.jupiter.api.Assertions.assertThrows(io.neotool.charts.InputException.class,
                () -> OptionalComponentsChartTest.generate(dir.resolve("without"), without, "bookings")).getMessage();
        assertTrue(message.contains("web.networkPolicy.egress"), message);
    }
}
