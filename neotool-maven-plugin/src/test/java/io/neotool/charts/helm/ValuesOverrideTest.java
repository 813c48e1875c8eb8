package io.neotool.charts.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.LintResult;
import io.neotool.charts.BuildLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The values file a lint with subcharts off is staged with: Helm reads it as the original with the conditions false
 * and nothing else changed (checked by rendering both through Helm), and the chart on disk is untouched.
 */
class ValuesOverrideTest {
    @TempDir
    Path tmp;

    private static final String VALUES = """
            # a comment, which goes
            date: 2024-01-01
            mode: 0755
            quoted: "0755"
            word: yes
            big: 12345678901234567890
            text: |
              line one
                line two
            flow: {a: 1, b: [x, y]}
            base: &base {k: v}
            copy: *base
            app:
              enabled: true
              name: app
            db: ~
            """;

    /** VALUES with app.enabled, db.enabled and extra.sub.enabled false, by text replacement (without YAML). */
    private static final String EXPECTED = VALUES.replace("# a comment, which goes\n", "")
            .replace("  enabled: true\n", "  enabled: false\n")
            .replace("db: ~\n", "db: {enabled: false}\nextra: {sub: {enabled: false}}\n\"y\": {enabled: false}\n");

    @Test
    void helmReadsTheOverrideAsTheOriginalWithTheConditionsFalse() throws IOException {
        // a new key y is quoted: plain, Helm's YAML reader would take it for true
        String overridden = ValuesOverride.withFalse(VALUES, List.of("app.enabled", "db.enabled", "extra.sub.enabled", "y.enabled"));
        assertEquals(render(EXPECTED), render(overridden), overridden);
        assertFalse(render(VALUES).equals(render(overridden)));
    }

    @Test
    void whatCannotBeOverriddenSafelyIsLeftToHelmAsItIs() {
        assertNull(ValuesOverride.withFalse(null, List.of("app.enabled")), "no values.yaml");
        assertNull(ValuesOverride.withFalse("- a\n- b\n", List.of("app.enabled")), "not a mapping");
        assertNull(ValuesOverride.withFalse("app: [unclosed\n", List.of("app.enabled")), "not YAML");
        assertNull(ValuesOverride.withFalse(VALUES, List.of("app.name.enabled")), "through a scalar");
        assertNull(ValuesOverride.withFalse(VALUES, List.of("base.enabled")), "an anchor: its alias would change too");
        assertNull(ValuesOverride.withFalse(VALUES, List.of("")), "no path");
        assertNull(ValuesOverride.withFalse(VALUES, List.of("app.enabled ")), "Helm would look for 'enabled '");
        assertNull(ValuesOverride.withFalse(VALUES, List.of("app..enabled")), "an empty key");
        String merged = "d: &d {sub: {enabled: true, port: 80}}\napp:\n  <<: *d\n";
        assertNull(ValuesOverride.withFalse(merged, List.of("app.sub.enabled")), "a merge key: a new sub would hide d's port");
    }

    @Test
    void aLintWithASubchartOffDoesNotRenderItAndLeavesTheChartAsItWas() throws IOException {
        Path chart = Files.createDirectories(tmp.resolve("umbrella"));
        Files.writeString(chart.resolve("Chart.yaml"), """
                apiVersion: v2
                name: umbrella
                version: 0.1.0
                dependencies:
                  - name: sub
                    version: 0.1.0
                    alias: app
                    condition: app.enabled
                """);
        String values = "app:\n  enabled: true\n  broken: true\n";
        Files.writeString(chart.resolve("values.yaml"), values);
        Files.createDirectories(chart.resolve("templates"));
        Files.writeString(chart.resolve("templates/cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: own\n");
        Path sub = Files.createDirectories(chart.resolve("charts/sub/templates"));
        Files.writeString(sub.resolveSibling("Chart.yaml"), "apiVersion: v2\nname: sub\nversion: 0.1.0\n");
        Files.writeString(sub.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: sub\n");
        // the subchart's schema refuses what the umbrella gives it: Helm finds it whenever it renders the subchart
        Files.writeString(sub.resolveSibling("values.schema.json"), "{\"properties\":{\"broken\":{\"type\":\"string\"}}}");
        HelmClient helm = new HelmClient(tmp.resolve("scratch"));

        LintResult whole = helm.lint(chart);
        assertTrue(whole.isFailed() && String.join("\n", whole.getMessages()).contains("broken"),
                whole.getMessages().toString());
        LintResult own = helm.lintWithout(chart, List.of("app.enabled"), "", BuildLog.SILENT).orElseThrow();
        assertFalse(own.isFailed(), own.getMessages().toString());
        assertTrue(own.getMessages().stream().noneMatch(m -> m.contains("scratch")), own.getMessages().toString());

        assertEquals(values, Files.readString(chart.resolve("values.yaml")));
        try (var left = Files.list(tmp.resolve("scratch").resolve(Long.toString(ProcessHandle.current().pid())))) {
            assertEquals(List.of(), left.filter(f -> !f.getFileName().toString().equals(HelmClient.SCRATCH_MARK)).toList(),
                    "the staged chart is removed");
        }
    }

    /** The values as Helm reads them: a ConfigMap holding them as JSON, rendered from a chart with these values. */
    private String render(String values) throws IOException {
        Path chart = Files.createDirectories(tmp.resolve("show"));
        Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: show\nversion: 0.1.0\n");
        Files.writeString(chart.resolve("values.yaml"), values);
        Files.createDirectories(chart.resolve("templates"));
        Files.writeString(chart.resolve("templates/cm.yaml"),
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: values\ndata:\n  values: {{ .Values | toJson | quote }}\n");
        return new HelmClient().template(new HelmClient.RenderRequest(chart, "r", "default", HelmClient.DEFAULT_KUBE_VERSION,
                List.of(), Map.of()));
    }
}
