package io.neotool.charts.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lint's inputs digest covers every byte Helm and the checks read, and nothing the build writes beside the charts. */
class LintInputsTest {
    @TempDir
    Path dir;

    private Path charts() throws IOException {
        Path chart = Files.createDirectories(dir.resolve("helm/shop/templates"));
        Files.writeString(chart.resolveSibling("Chart.yaml"), "apiVersion: v2\nname: shop\nversion: 0.1.0\n");
        Files.writeString(chart.resolveSibling("values.yaml"), "replicas: 1\n");
        Files.writeString(chart.resolve("cm.yaml"), "kind: ConfigMap\n");
        Files.createDirectories(dir.resolve("helm/shop/charts/orders/templates"));
        Files.writeString(dir.resolve("helm/shop/charts/orders/Chart.yaml"), "apiVersion: v2\nname: orders\nversion: 0.1.0\n");
        return dir.resolve("helm");
    }

    private static String digest(Path charts, LintConfig config) {
        return new Linter.Request(charts, "1.32.0", "shop", "default", config).inputs("build").hex();
    }

    @Test
    void everyChartFileSettingAndExtraValuesFileCounts() throws IOException {
        Path charts = charts();
        String before = digest(charts, LintConfig.NONE);
        assertEquals(before, digest(charts, LintConfig.NONE));

        // what the build writes beside the charts is not read by the lint
        Files.createDirectories(charts.resolve("target/neotool"));
        Files.writeString(charts.resolve("target/neotool/lint-report.json"), "{}");
        Files.writeString(charts.resolve("pom.xml"), "<project/>");
        assertEquals(before, digest(charts, LintConfig.NONE));

        Files.writeString(charts.resolve("shop/charts/orders/values.yaml"), "port: 80\n");
        String subchartChanged = digest(charts, LintConfig.NONE);
        assertNotEquals(before, subchartChanged);
        Files.createDirectories(charts.resolve("shop/charts/orders/ci"));
        assertNotEquals(subchartChanged, digest(charts, LintConfig.NONE), "an empty directory counts too");

        String settings = digest(charts, LintConfig.NONE);
        assertNotEquals(settings, new Linter.Request(charts, "1.31.0", "shop", "default", LintConfig.NONE).inputs("build").hex());
        assertNotEquals(settings, new Linter.Request(charts, "1.32.0", "shop", "default", LintConfig.NONE).inputs("other").hex());
        assertNotEquals(settings, digest(charts, LintConfig.of(Map.of("pull-policy", "off"), List.of(), Map.of())));

        Path extra = Files.writeString(dir.resolve("staging.yaml"), "replicas: 2\n");
        LintConfig withExtra = LintConfig.of(Map.of(), List.of(), Map.of("shop", List.of(List.of(extra))));
        String extraBefore = digest(charts, withExtra);
        Files.writeString(extra, "replicas: 3\n");
        assertNotEquals(extraBefore, digest(charts, withExtra));
    }

    /** Helm reads a linked directory's files as the chart's: a change there is a change of the chart. */
    @Test
    void aLinkedDirectorysFilesCount() throws IOException {
        Path charts = charts();
        Path shared = Files.createDirectories(dir.resolve("shared"));
        Files.writeString(shared.resolve("cm2.yaml"), "data: {version: one}\n");
        Files.createSymbolicLink(charts.resolve("shop/templates/extra"), Path.of("../../../shared"));
        String before = digest(charts, LintConfig.NONE);
        Files.writeString(shared.resolve("cm2.yaml"), "data: {version: two}\n");
        assertNotEquals(before, digest(charts, LintConfig.NONE));
    }

    /** A schema that Helm completes from another document (a file, a URL) is never replayed: those bytes are not the chart's. */
    @Test
    void aSchemaReferringOutsideItsDocumentIsNeverReplayed() throws IOException {
        Path charts = charts();
        Path schema = charts.resolve("shop/values.schema.json");
        Files.writeString(schema, "{\"$defs\": {\"n\": {\"type\": \"integer\"}}, \"properties\": {\"replicas\": {\"$ref\": \"#/$defs/n\"}}}");
        assertEquals(digest(charts, LintConfig.NONE), digest(charts, LintConfig.NONE), "a place in the same document");
        Files.writeString(schema, "{\"properties\": {\"replicas\": {\"$ref\" : \"file:///etc/shared/defs.json\"}}}");
        assertNotEquals(digest(charts, LintConfig.NONE), digest(charts, LintConfig.NONE));
    }

    /** Each part counts with its length: the same bytes cut elsewhere between a name and its value, or a file and the next, differ. */
    @Test
    void thePartsAreNotJustConcatenated() throws IOException {
        assertNotEquals(new io.neotool.charts.InputsDigest("lint", "b").text("ab", "c").hex(),
                new io.neotool.charts.InputsDigest("lint", "b").text("a", "bc").hex());
        assertNotEquals(new io.neotool.charts.InputsDigest("lint", "b").text("k", "v").hex(),
                new io.neotool.charts.InputsDigest("lint", "b").text("kv", "").hex());
        assertNotEquals(new io.neotool.charts.InputsDigest("lint", "b").contents(write(dir.resolve("one"), "f", "xy", "g", "")).hex(),
                new io.neotool.charts.InputsDigest("lint", "b").contents(write(dir.resolve("two"), "f", "x", "g", "y")).hex());
    }

    private static Path write(Path dir, String name1, String text1, String name2, String text2) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name1), text1);
        Files.writeString(dir.resolve(name2), text2);
        return dir;
    }
}
