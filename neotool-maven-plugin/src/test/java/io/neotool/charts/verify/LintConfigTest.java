package io.neotool.charts.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import io.neotool.charts.BuildLog;
import io.neotool.charts.InputException;
import io.neotool.charts.helm.HelmClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The project's lint configuration: rule levels, exemptions from the pom, extra values files. */
class LintConfigTest {
    @TempDir
    Path dir;

    private static Finding finding(String rule, Severity severity, String message) {
        return new Finding(rule, severity, "demo", "templates/deployment.yaml", "Deployment", "web", message, "", Set.of("env"));
    }

    private static LintConfig.Exemption exemption(String kind, String name, Set<String> rules, String reason) {
        return new LintConfig.Exemption(kind, name, rules, reason);
    }

    @Test
    void aRuleCanBeSwitchedOffOrGivenAnotherSeverity() {
        LintConfig config = LintConfig.of(Map.of(PolicyChecker.RESOURCES, "off", PolicyChecker.READ_ONLY_ROOT_FS, "Warning"), List.of(), Map.of());
        List<Finding> out = config.apply(List.of(finding(PolicyChecker.RESOURCES, Severity.ERROR, "no limits"),
                finding(PolicyChecker.READ_ONLY_ROOT_FS, Severity.ERROR, "writable"),
                finding(PodSecurity.RUN_AS_NON_ROOT, Severity.ERROR, "root")));
        assertEquals(List.of(PolicyChecker.READ_ONLY_ROOT_FS, PodSecurity.RUN_AS_NON_ROOT), out.stream().map(Finding::ruleId).toList());
        assertEquals(Severity.WARNING, out.get(0).severity());
        assertEquals(Severity.ERROR, out.get(1).severity());
    }

    @Test
    void anExemptionInThePomMakesTheObjectsFindingsInfoWithTheReasonAndIsNeverRaisedByALevel() {
        LintConfig config = LintConfig.of(Map.of(PodSecurity.RUN_AS_NON_ROOT, "error"),
                List.of(exemption("Deployment", "web", Set.of(PodSecurity.RUN_AS_NON_ROOT), "the image needs root to bind port 80")),
                Map.of());
        Finding annotated = finding(PodSecurity.RUN_AS_NON_ROOT, Severity.INFO, "exempted (neotool.io/lint-exempt: x): root");
        List<Finding> out = config.apply(List.of(finding(PodSecurity.RUN_AS_NON_ROOT, Severity.ERROR, "root"), annotated,
                new Finding(PodSecurity.RUN_AS_NON_ROOT, Severity.ERROR, "demo", "", "Deployment", "other", "root", "", Set.of())));
        assertEquals(Severity.INFO, out.get(0).severity());
        assertEquals("exempted (pom <exemption>: the image needs root to bind port 80): root", out.get(0).message());
        assertEquals(annotated, out.get(1));
        assertEquals(Severity.ERROR, out.get(2).severity(), "another object is not exempted");

        // a rule whose own severity is info, raised by the pom: its exempted objects stay info
        LintConfig raised = LintConfig.of(Map.of(PolicyChecker.PULL_POLICY, "warning"),
                List.of(exemption("Deployment", "web", Set.of(PolicyChecker.PULL_POLICY), "fixed tags")), Map.of());
        List<Finding> pulled = raised.apply(List.of(finding(PolicyChecker.PULL_POLICY, Severity.INFO, "no pull policy"),
                new Finding(PolicyChecker.PULL_POLICY, Severity.INFO, "demo", "", "Deployment", "other", "no pull policy", "", Set.of())));
        assertEquals(List.of(Severity.INFO, Severity.WARNING), pulled.stream().map(Finding::severity).toList());
        assertEquals("exempted (pom <exemption>: fixed tags): no pull policy", pulled.get(0).message());

        // an exemption that meets no finding (a misspelt kind) is named, so that the build says so
        LintConfig typo = LintConfig.of(Map.of(), List.of(exemption("Deploymnt", "web", Set.of(PodSecurity.RUN_AS_NON_ROOT), "r"),
                exemption("Deployment", "web", Set.of(PodSecurity.RUN_AS_NON_ROOT), "r")), Map.of());
        assertEquals(List.of("Deploymnt"), typo.unused(List.of(finding(PodSecurity.RUN_AS_NON_ROOT, Severity.ERROR, "root")))
                .stream().map(LintConfig.Exemption::kind).toList());
        // and of an exemption of two rules, the one that met nothing
        LintConfig two = LintConfig.of(Map.of(), List.of(exemption("Deployment", "web",
                Set.of(PodSecurity.RUN_AS_NON_ROOT, PolicyChecker.PULL_POLICY), "r")), Map.of());
        assertEquals(List.of(Set.of(PolicyChecker.PULL_POLICY)), two.unused(List.of(finding(PodSecurity.RUN_AS_NON_ROOT,
                Severity.ERROR, "root"))).stream().map(LintConfig.Exemption::rules).toList());
    }

    @Test
    void unknownRulesLevelsAndExemptionsWithoutAReasonFailNamingWhatToFix() {
        InputException unknown = assertThrows(InputException.class, () -> LintConfig.of(Map.of("resorces", "off"), List.of(), Map.of()));
        assertTrue(unknown.getMessage().contains("unknown lint rule 'resorces'")
                && unknown.getMessage().contains("did you mean resources?"), unknown.getMessage());
        InputException level = assertThrows(InputException.class, () -> LintConfig.of(Map.of(PolicyChecker.RESOURCES, "loud"), List.of(), Map.of()));
        assertTrue(level.getMessage().contains("off, info, warning, error"), level.getMessage());
        // every entry's problem in one build
        InputException both = assertThrows(InputException.class, () -> LintConfig.of(Map.of("resorces", "off"),
                List.of(exemption("Deployment", "web", Set.of(PolicyChecker.PULL_POLICY), "")), Map.of()));
        assertTrue(both.getMessage().startsWith("The lint's configuration has 2 problems:")
                && both.getMessage().contains("unknown lint rule 'resorces'") && both.getMessage().contains("has no <reason>"),
                both.getMessage());
        Map<String, String> noLevel = new HashMap<>();
        noLevel.put(PolicyChecker.RESOURCES, null); // <rule><id>resources</id></rule>
        InputException none = assertThrows(InputException.class, () -> LintConfig.of(noLevel, List.of(), Map.of()));
        assertTrue(none.getMessage().contains("lint rule resources has no <severity>; give one of off"), none.getMessage());
        InputException reason = assertThrows(InputException.class, () -> LintConfig.of(Map.of(),
                List.of(exemption("Deployment", "web", Set.of(PolicyChecker.RESOURCES), " ")), Map.of()));
        assertTrue(reason.getMessage().contains("Deployment/web has no <reason>"), reason.getMessage());
        InputException rule = assertThrows(InputException.class, () -> LintConfig.of(Map.of(),
                List.of(exemption("Deployment", "web", Set.of("spreed"), "why")), Map.of()));
        assertTrue(rule.getMessage().contains("unknown lint rule 'spreed'"), rule.getMessage());
        InputException missing = assertThrows(InputException.class, () -> LintConfig.of(Map.of(), List.of(),
                Map.of("demo", List.of(List.of(dir.resolve("nope.yaml"))))));
        assertTrue(missing.getMessage().contains("nope.yaml") && missing.getMessage().contains("does not exist"), missing.getMessage());
    }

    @Test
    void eachRuleIsExplainedByThePluginsOwnGoal() {
        Rule resources = Rules.get(PolicyChecker.RESOURCES);
        List<String> text = Rules.describe(PolicyChecker.RESOURCES);
        assertTrue(text.get(0).startsWith("resources: error"), text.get(0));
        assertTrue(String.join("\n", text).contains(resources.rationale()) && String.join("\n", text).contains(resources.fix()));
        assertEquals(Rules.all().size(), Rules.list().size());
        InputException e = assertThrows(InputException.class, () -> Rules.describe("resorces"));
        assertTrue(e.getMessage().contains("did you mean resources?") && e.getMessage().contains("mvn neotool:rules"), e.getMessage());
    }

    @Test
    void aPlainChartLintedWithThePomsConfigurationAndAnExtraValuesFile() throws IOException {
        Path charts = Files.createDirectories(dir.resolve("helm"));
        Helm.create().withName("demo").withDir(charts).call();
        Path extra = Files.writeString(dir.resolve("staging.yaml"), "replicaCount: 3\n");
        LintConfig config = LintConfig.of(Map.of(PolicyChecker.RESOURCES, "off"),
                List.of(exemption("Deployment", "rel-demo", Set.of(PodSecurity.RUN_AS_NON_ROOT), "nginx of the example runs as root"),
                        exemption("Deploymnt", "rel-demo", Set.of(PodSecurity.RUN_AS_NON_ROOT), "misspelt")),
                Map.of("demo", List.of(List.of(extra))));
        LintResult result = new Linter(new HelmClient(), BuildLog.SILENT)
                .lint(new Linter.Request(charts, "1.32.0", "rel", "demo", config));
        List<String> unused = result.findings().stream().filter(f -> f.ruleId().equals(Linter.UNUSED_EXEMPTION))
                .map(Finding::resource).toList();
        assertEquals(List.of("Deploymnt/rel-demo"), unused, "the one that applies is not warned of");
        assertTrue(result.environments().contains("staging.yaml"), result.environments().toString());
        assertTrue(result.findings().stream().noneMatch(f -> f.ruleId().equals(PolicyChecker.RESOURCES)));
        List<Finding> root = result.findings().stream()
                .filter(f -> f.ruleId().equals(PodSecurity.RUN_AS_NON_ROOT) && f.kind().equals("Deployment")).toList();
        assertFalse(root.isEmpty());
        assertTrue(root.stream().allMatch(f -> f.severity() == Severity.INFO && f.message().contains("nginx of the example")), root.toString());
        assertTrue(root.get(0).environments().contains("staging.yaml"));

        InputException typo = assertThrows(InputException.class, () -> new Linter(new HelmClient(), BuildLog.SILENT)
                .lint(new Linter.Request(charts, "1.32.0", "rel", "demo",
                        LintConfig.of(Map.of(), List.of(), Map.of("demmo", List.of(List.of(extra)))))));
        assertTrue(typo.getMessage().contains("[demmo]") && typo.getMessage().contains("[demo]"), typo.getMessage());
    }
}
