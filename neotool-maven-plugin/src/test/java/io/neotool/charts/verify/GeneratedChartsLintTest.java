package io.neotool.charts.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.BuildLog;
import io.neotool.charts.helm.HelmClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The committed, generated charts (../helm) pass neotool:lint, platform verification included, with no errors in every
 * environment. A template change that breaks a rule fails here, naming the chart, template, resource and rule.
 */
class GeneratedChartsLintTest {
    private static final Path CHARTS = Path.of("..", "helm").toAbsolutePath().normalize();
    private static LintResult result;

    @BeforeAll
    static void lint() {
        result = new Linter(new HelmClient(), BuildLog.SILENT)
                .lint(new Linter.Request(CHARTS, "1.32.0", "neotool", "default"));
    }

    @Test
    void everyChartIsLintedAndEveryEnvironmentRendered() {
        assertTrue(Files.isRegularFile(CHARTS.resolve("neotool/Chart.yaml")), "generated umbrella missing: " + CHARTS);
        assertTrue(result.charts().contains("helm/neotool"), result.charts()::toString);
        assertTrue(result.charts().contains("helm/neotool/charts/neotool-service"), result.charts()::toString);
        assertTrue(result.environments().contains("helm/neotool/values.yaml"), result.environments()::toString);
        assertTrue(result.environments().contains("helm/neotool/values-prod.yaml"), result.environments()::toString);
    }

    /**
     * The umbrella's environments have no warning but the capacity report's at the HPAs' maximum (docs/lint.md: the
     * plan's autoscaling outgrows the declared nodes); the standalone renders only the ones docs/lint.md explains.
     */
    @Test
    void warningsAreOnlyTheDocumentedStandaloneOnes() {
        List<String> warnings = result.findings().stream().filter(f -> f.severity() == Severity.WARNING)
                .filter(f -> !(f.ruleId().equals(Rules.CAPACITY) && f.message().contains("at the HPAs' maximum")))
                .map(f -> f.line() + " " + f.sortedEnvironments()).toList();
        List<String> unexpected = warnings.stream().filter(w -> !w.matches(".*\\[helm/neotool/charts/(neotool-service|router|web)"
                + "/ci/default-values\\.yaml\\]$") || !(w.contains("has no default-deny NetworkPolicy")
                || w.contains("NetworkPolicy/prometheus-to-router: network-policy: podSelector matches no rendered pods"))).toList();
        assertEquals(List.of(), unexpected, () -> String.join("\n", warnings));
    }

    /** No error in any environment: per-object rules, platform verification (install order, references, flows) and capacity. */
    @Test
    void generatedChartsHaveNoErrors() {
        List<String> errors = result.findings().stream().filter(f -> f.severity() == Severity.ERROR)
                .map(f -> f.line() + " " + f.sortedEnvironments()).toList();
        assertEquals(List.of(), errors, () -> String.join("\n", errors));
    }
}
