package io.neotool.charts.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.BuildLog;
import io.neotool.charts.InputException;
import io.neotool.charts.helm.HelmClient;
import io.neotool.charts.verify.Finding;
import io.neotool.charts.verify.LintResult;
import io.neotool.charts.verify.Linter;
import io.neotool.charts.verify.PlatformVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Web with a GraphQL API of its own, one of the spec's services, while the router is off: the service admits web
 * (its networkPolicy.ingress), the umbrella lets web out to it, and the platform verification proves the flow both
 * ways with web's own NetworkPolicy on.
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
            """;

    @Test
    void webReachesItsOwnApiWhichAdmitsIt(@TempDir Path dir) throws IOException {
        Path spec = Files.writeString(dir.resolve("bookings.yaml"), SPEC);
        Path umbrella = OptionalComponentsChartTest.generate(dir.resolve("out"), spec, "bookings");
        LintResult result = new Linter(new HelmClient(), BuildLog.SILENT)
                .lint(new Linter.Request(umbrella.getParent(), "1.32.0", "", "default"));
        List<Finding> flows = result.findings().stream().filter(f -> f.ruleId().startsWith("flow-")).toList();
        assertEquals(List.of(), flows);
        List<PlatformVerifier.Edge> toApi = result.platforms().get("default").edges().stream()
                .filter(e -> e.from().endsWith("/Deployment/web") && e.to().contains("/gateway")).toList();
        assertEquals(1, toApi.size(), result.platforms().get("default").edges().toString());
        assertEquals("ok", toApi.get(0).checks().get("network"), toApi.toString());

        // without the service admitting web, generate refuses it at the key to write
        Path without = Files.writeString(dir.resolve("without.yaml"), SPEC.replace("""
                    networkPolicy:
                      ingress:
                        web: {namespace: neotool-web, app: web, port: 0}
                """, ""));
        String message = assertThrows(InputException.class,
                () -> OptionalComponentsChartTest.generate(dir.resolve("without"), without, "bookings")).getMessage();
        assertTrue(message.contains("services.gateway.networkPolicy.ingress: web calls gateway"), message);
    }
}
