package io.neotool.charts.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rendered scalars are read with the types Kubernetes' YAML reader gives them (YAML 1.1, timestamps as strings), and
 * each object is tied to the chart on disk that owns its template.
 */
class ManifestParserTest {
    @Test
    void anAliasedSubchartsObjectsAreItsChartsAndATopChartNamedAsAnAliasKeepsItsName() {
        // a platform named orders with a service orders: its umbrella and the service's alias share the name
        String rendered = """
                ---
                # Source: orders/templates/namespaces.yaml
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: team-orders
                ---
                # Source: orders/charts/orders/templates/service.yaml
                apiVersion: v1
                kind: Service
                metadata:
                  name: orders
                ---
                # Source: orders/charts/kafka/templates/service.yaml
                apiVersion: v1
                kind: Service
                metadata:
                  name: kafka
                """;
        var manifests = new ManifestParser(Map.of("orders", "orders-service")).parse(rendered).manifests();
        assertEquals(java.util.List.of("orders", "orders-service", "kafka"), manifests.stream().map(Manifest::chart).toList());
        assertEquals(java.util.List.of("orders", "orders", "kafka"),
                new ManifestParser().parse(rendered).manifests().stream().map(Manifest::chart).toList());
    }

    @Test
    void plainScalarsGetTheirYaml11TypesAndWordsThatOnlyStartLikeOneStayStrings() {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("yes", true);
        expected.put("Off", false);
        expected.put("FALSE", false);
        expected.put("on", true);
        expected.put("null", null);
        expected.put("~", null);
        expected.put("42", 42);
        expected.put("0.5", 0.5);
        expected.put("2026-12-04", "2026-12-04");
        expected.put("offset", "offset");
        expected.put("trueish", "trueish");
        expected.put("nullable", "nullable");
        expected.put("yesterday", "yesterday");
        expected.put("Falsey", "Falsey");
        expected.put("namespace", "namespace");
        StringBuilder doc = new StringBuilder("""
                ---
                # Source: demo/templates/config.yaml
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: demo
                data:
                """);
        int i = 0;
        for (String scalar : expected.keySet()) {
            doc.append("  k").append(i++).append(": ").append(scalar).append('\n');
        }
        Manifest m = new ManifestParser().parse(doc.toString()).manifests().get(0);
        i = 0;
        for (Map.Entry<String, Object> e : expected.entrySet()) {
            assertEquals(e.getValue(), m.at("data", "k" + i++), e.getKey());
        }
    }
}
