package io.neotool.charts.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.verify.PlatformVerifier.Edge;
import io.neotool.charts.verify.PlatformVerifier.Graph;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Mermaid drawing of a flow graph: namespaces as subgraphs, flows to the workloads behind a Service, test pods left out. */
class PlatformDiagramTest {
    private static final Map<String, String> OK = Map.of("address", "ok", "network", "ok");

    private static final Graph GRAPH = new Graph("charts/shop/values.yaml",
            List.of("ingress-controller", "shop-app/Deployment/api", "shop-app/Pod/smoke-api", "shop-app/Service/api",
                    "shop-data/Job/migrate", "shop-data/Service/db", "shop-data/Service/cache", "shop-data/StatefulSet/db"),
            Map.of("shop-app/Pod/smoke-api", "test", "shop-data/Job/migrate", "post-install,post-upgrade"),
            List.of(new Edge("ingress-controller", "shop-app/Service/api", "80", "http", "Ingress/api", List.of("shop-app/Deployment/api"), OK, List.of()),
                    new Edge("shop-app/Deployment/api", "shop-data/Service/db", "5432", "postgresql", "env DB_HOST",
                            List.of("shop-data/StatefulSet/db"), OK, List.of()),
                    new Edge("shop-app/Deployment/api", "shop-data/Service/db", "9187", "metrics-port", "env DB_METRICS",
                            List.of("shop-data/StatefulSet/db"), OK, List.of()),
                    new Edge("shop-app/Deployment/api", "shop-data/Service/cache", "6379", "", "env CACHE",
                            List.of(), Map.of("address", "failed"), List.of("flow-address: no port 6379")),
                    new Edge("shop-data/Job/migrate", "shop-data/Service/db", "5432", "postgresql", "env PGHOST",
                            List.of("shop-data/StatefulSet/db"), OK, List.of()),
                    new Edge("shop-app/Pod/smoke-api", "shop-app/Service/api", "80", "http", "env URL",
                            List.of("shop-app/Deployment/api"), OK, List.of())));

    @Test
    void drawsWorkloadsByNamespaceAndFlowsToTheWorkloadsBehindServices() {
        String mermaid = PlatformDiagram.mermaid(GRAPH);
        assertEquals("""
                %% Flow graph of charts/shop/values.yaml, drawn by neotool:lint (platform-<env>.mmd); 1 helm test pod(s) left out
                flowchart LR
                  n_ingress_controller(["ingress controller"])
                  subgraph n_ns_shop_app["shop-app"]
                    n_shop_app_Deployment_api["api<br/>Deployment"]
                  end
                  subgraph n_ns_shop_data["shop-data"]
                    n_shop_data_Job_migrate["migrate<br/>Job, post-install, post-upgrade hook"]
                    n_shop_data_Service_cache["cache<br/>Service"]
                    n_shop_data_StatefulSet_db["db<br/>StatefulSet"]
                  end
                  n_ingress_controller -->|"80 http"| n_shop_app_Deployment_api
                  n_shop_app_Deployment_api -.->|"6379 (failed)"| n_shop_data_Service_cache
                  n_shop_app_Deployment_api -->|"5432 postgresql, 9187 metrics-port"| n_shop_data_StatefulSet_db
                  n_shop_data_Job_migrate -->|"5432 postgresql"| n_shop_data_StatefulSet_db
                """, mermaid);
    }

    @Test
    void isWrittenBesideTheJsonGraph(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        PlatformGraphReport.write(Map.of("default", GRAPH), Map.of("default", "kind: Namespace\n"), dir);
        assertEquals("kind: Namespace\n", java.nio.file.Files.readString(dir.resolve("platform-default.yaml")),
                "what the environment rendered, beside its graph");
        assertEquals(PlatformDiagram.mermaid(GRAPH), java.nio.file.Files.readString(dir.resolve("platform-default.mmd")));
        String json = java.nio.file.Files.readString(dir.resolve("platform-default.json"));
        assertTrue(json.contains("\"purpose\" : \"postgresql\""), json);
        assertTrue(json.contains("\"post-install,post-upgrade\""), json);
        assertFalse(PlatformDiagram.mermaid(GRAPH).contains("smoke-api"));
    }

    /** The rendered manifests on disk carry no Secret's values: a values file may hold a credential. */
    /** The lint's console names every report file it wrote, the diagrams too. */
    @Test
    void theLintNamesEveryReportItWrote(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        StringBuilder said = new StringBuilder();
        LintReports.publish(new io.neotool.charts.verify.LintResult("1.32.0", List.of("helm/shop"), List.of("helm/shop/values.yaml"),
                List.of(), Map.of(), Map.of("default", GRAPH), List.of(), Map.of("default", "kind: Namespace\n")), dir, false,
                io.neotool.charts.LogCapture.into(said));
        try (var files = java.nio.file.Files.list(dir)) {
            List<java.nio.file.Path> written = files.sorted().toList();
            assertEquals(5, written.size(), written.toString());
            written.forEach(file -> assertTrue(said.toString().contains(file.toString()), file + " in " + said));
        }
    }

    @Test
    void theWrittenManifestsHideEverySecretsValues() {
        String rendered = """
                ---
                # Source: x/templates/secret.yaml
                apiVersion: v1
                kind: Secret
                metadata:
                  name: db
                data:
                  password: "c2VjcmV0"
                  script: |
                    line one
                    line two
                stringData: {token: s3cret}
                type: Opaque
                ---
                apiVersion: v1
                kind: ConfigMap
                data:
                  password-file: /etc/x
                """;
        String written = PlatformGraphReport.redactSecrets(rendered);
        assertFalse(written.contains("c2VjcmV0") || written.contains("line one") || written.contains("s3cret"), written);
        assertTrue(written.contains("# Source: x/templates/secret.yaml\napiVersion: v1\nkind: Secret\n"), written);
        assertTrue(written.contains("data:\n  password: <redacted>\n  script: <redacted>\nstringData:\n  token: <redacted>\n"
                + "type: Opaque"), written);
        assertTrue(written.contains("  password-file: /etc/x\n"), "other objects as rendered: " + written);
        assertTrue(written.endsWith("/etc/x\n"), written);

        // however the Secret is written: line ends, quoting, comments, a List of them
        String value = "c3VwZXItc2VjcmV0";
        for (String[] variant : new String[][] {{"kind: Secret", "data:", "\r\n"}, {"kind: Secret", "data: # from values", "\n"},
                {"kind: \"Secret\"", "data:", "\n"}, {"kind: Secret # generated", "data:", "\n"}}) {
            String secret = String.join(variant[2], "---", "apiVersion: v1", variant[0], "metadata:", "  name: creds",
                    variant[1], "  password: " + value, "");
            String redacted = PlatformGraphReport.redactSecrets(secret);
            assertFalse(redacted.contains(value), redacted);
            assertTrue(redacted.contains("password: <redacted>"), redacted);
        }
        String list = "---\napiVersion: v1\nkind: List\nitems:\n  - {apiVersion: v1, kind: Secret, stringData: {pw: " + value + "}}\n";
        assertFalse(PlatformGraphReport.redactSecrets(list).contains(value), PlatformGraphReport.redactSecrets(list));
        // a kind written with an escape is a Secret; the rest of the Secret reads as rendered (no YAML 1.1 dates,
        // octals or booleans), and the file keeps its last line end
        String escaped = "---\napiVersion: v1\nkind: \"Secr\\x65t\"\nmetadata:\n  name: creds\n  annotations:\n"
                + "    since: 2024-01-01\n    mode: 0777\n    enabled: yes\ndata:\n  password: " + value + "\n";
        String redacted = PlatformGraphReport.redactSecrets(escaped);
        assertFalse(redacted.contains(value), redacted);
        assertTrue(redacted.contains("since: 2024-01-01\n") && redacted.contains("mode: '0777'\n") && redacted.contains("enabled: yes\n")
                && redacted.endsWith("\n"), redacted);
        // a value a YAML alias takes elsewhere goes too
        String aliased = "---\napiVersion: v1\nkind: Secret\ndata:\n  password: &pw " + value + "\nmetadata:\n  name: creds\n"
                + "  annotations: {copy: *pw}\n";
        assertFalse(PlatformGraphReport.redactSecrets(aliased).contains(value), PlatformGraphReport.redactSecrets(aliased));
    }
}
