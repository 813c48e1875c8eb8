package io.neotool.charts.data;

import static io.neotool.charts.testtools.Manifests.container;
import static io.neotool.charts.testtools.YamlTree.map;
import static io.neotool.charts.testtools.YamlTree.maps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.BuildLog;
import io.neotool.charts.helm.HelmClient;
import io.neotool.charts.security.Rendered;
import io.neotool.charts.testtools.Manifests;
import io.neotool.charts.verify.Finding;
import io.neotool.charts.verify.LintResult;
import io.neotool.charts.verify.Linter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A platform on a managed PostgreSQL (postgres chart off): the service reads its credentials from the operator's Secret
 * and reaches the database's network through networkPolicy.addresses. Generated from a fixture spec, rendered and linted
 * (platform verification included) by real Helm.
 */
class ExternalDatabaseTest {
    static final String SPEC = """
            chart: {name: ledger, namespacePrefix: ledger}
            global:
              operatorMade:
                - {kind: Secret, namespace: ledger-app, name: ledger-rds, create: "kubectl -n ledger-app create secret generic ledger-rds ..."}
            vault: {enabled: false}
            postgres: {enabled: false}
            kafka: {enabled: false}
            observability: {enabled: false}
            services:
              ledger:
                image: {repository: ledger, tag: "1.4.0"}
                database: {name: ledger, secretName: ledger-rds}
                platform:
                  postgres: {host: ledger.abcdefghij.eu-west-1.rds.amazonaws.com, port: 5432}
                networkPolicy:
                  addresses: [{cidr: 10.20.0.0/16, ports: [5432]}]
            """;

    @TempDir
    static Path dir;

    static Rendered charts;
    static Manifests release;

    @BeforeAll
    static void generateAndRender() throws IOException {
        charts = Rendered.generate(dir.resolve("out"), Files.writeString(dir.resolve("neotool.yaml"), SPEC), "ledger");
        release = new Manifests(charts.render(List.of(), Map.of()));
    }

    @Test
    void theServiceReadsTheOperatorsSecretAndReachesTheDatabasesNetworkOnly() {
        Map<String, Object> c = container(release.one("Deployment", "ledger-app", "ledger"));
        for (String env : List.of("DATASOURCES_DEFAULT_URL", "DATASOURCES_DEFAULT_USERNAME", "DATASOURCES_DEFAULT_PASSWORD")) {
            assertEquals(Map.of("name", "ledger-rds", "key", env), map(Manifests.env(c, env), "valueFrom", "secretKeyRef"), env);
        }
        assertEquals("ledger.abcdefghij.eu-west-1.rds.amazonaws.com", Manifests.env(c, "POSTGRES_HOST").get("value"));
        assertTrue(release.ofKind("Secret").stream().noneMatch(s -> Manifests.name(s).endsWith("/ledger-rds")),
                "the operator's Secret, never rendered");

        List<Map<String, Object>> egress = maps(release.one("NetworkPolicy", "ledger-app", "ledger"), "spec", "egress");
        List<Map<String, Object>> outside = egress.stream().filter(rule -> rule.toString().contains("ipBlock")).toList();
        assertEquals(List.of(Map.of("to", List.of(Map.of("ipBlock", Map.of("cidr", "10.20.0.0/16"))),
                "ports", List.of(Map.of("protocol", "TCP", "port", 5432)))), outside, egress::toString);
        assertFalse(egress.toString().contains("pgbouncer"), "no PgBouncer without the postgres chart: " + egress);
    }

    /** Nothing of this platform claims a volume: NOTES asks for no StorageClass. */
    @Test
    void notesAskForNoStorageClassWhereNothingClaimsAVolume() {
        assertTrue(release.ofKind("StatefulSet").isEmpty() && release.ofKind("PersistentVolumeClaim").isEmpty(),
                release.names().toString());
        String notes = charts.install(Map.of());
        assertTrue(notes.contains("platform is installed as release"), "the NOTES were rendered: " + notes);
        assertFalse(notes.contains("StorageClass"), notes);
    }

    @Test
    void theLintAndThePlatformVerificationPass() {
        LintResult result = new Linter(new HelmClient(), BuildLog.SILENT)
                .lint(new Linter.Request(charts.umbrella.getParent(), "1.32.0", "ledger", "default"));
        String errors = result.findings().stream().filter(f -> f.severity() == io.neotool.charts.verify.Severity.ERROR)
                .map(Finding::line).collect(Collectors.joining("\n"));
        assertEquals("", errors);
        assertFalse(result.fails(false));
    }
}
