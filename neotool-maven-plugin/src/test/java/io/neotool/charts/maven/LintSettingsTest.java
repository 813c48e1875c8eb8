package io.neotool.charts.maven;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.BuildLog;
import io.neotool.charts.InputException;
import io.neotool.charts.verify.PolicyChecker;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lint's settings from the pom and the command line (release name, {@code <rules>}, {@code <valuesFiles>}), refused
 * with what to fix before anything is rendered: checked on the goal itself, which needs no Maven session for them.
 */
class LintSettingsTest {
    @TempDir
    Path reports;

    /** The lint goal with the defaults of its other settings and {@code release}. */
    private LintMojo lint(String release) {
        LintMojo mojo = new LintMojo();
        mojo.namespace = "default";
        mojo.kubeVersion = "1.32.0";
        mojo.release = release;
        mojo.reports = reports.toFile();
        mojo.charts = reports.resolve("helm").toFile();
        return mojo;
    }

    private static String refusal(LintMojo mojo) {
        return assertThrows(InputException.class, () -> mojo.lint(BuildLog.SILENT)).getMessage();
    }

    private static Rule rule(String id, String severity) {
        Rule rule = new Rule();
        rule.id = id;
        rule.severity = severity;
        return rule;
    }

    private static ValuesFile valuesFile(String chart, String... files) {
        ValuesFile valuesFile = new ValuesFile();
        valuesFile.chart = chart;
        valuesFile.files = files == null ? null : Arrays.asList(files);
        return valuesFile;
    }

    @Test
    void aReleaseNameIsAtMost53Characters() {
        String longest = "r".repeat(53);
        String tooLong = refusal(lint(longest + "r"));
        assertTrue(tooLong.contains(PropertyNames.RELEASE + " is '" + longest + "r': Helm takes a release name")
                && tooLong.contains("at most 53 characters"), tooLong);
        // 53 characters pass: the setting checked next, a rule without an id, is the one refused
        LintMojo mojo = lint(longest);
        mojo.rules = List.of(rule(null, "off"));
        assertTrue(refusal(mojo).contains("<rules> has a <rule> without an <id>"), refusal(mojo));
    }

    @Test
    void aRuleWithoutAnIdOrGivenTwiceIsRefused() {
        LintMojo noId = lint("");
        noId.rules = List.of(rule(null, "off"));
        assertTrue(refusal(noId).contains("<rules> has a <rule> without an <id>; give each rule once, with <id> and <severity>"),
                refusal(noId));
        LintMojo twice = lint("");
        twice.rules = List.of(rule(PolicyChecker.RESOURCES, "off"), rule(PolicyChecker.RESOURCES, "warning"));
        assertTrue(refusal(twice).contains("<rules> has a <rule> for " + PolicyChecker.RESOURCES + " twice"), refusal(twice));
    }

    @Test
    void aValuesFileWithoutAChartOrFilesOrWithAnEmptyFileIsRefused() {
        for (ValuesFile incomplete : List.of(valuesFile(null, "ci/staging.yaml"), valuesFile("shop", (String[]) null),
                valuesFile("shop"))) {
            LintMojo mojo = lint("");
            mojo.valuesFiles = List.of(incomplete);
            assertTrue(refusal(mojo).contains("<valuesFiles> has a <valuesFile> without a <chart> or <files>; give both"),
                    refusal(mojo));
        }
        LintMojo empty = lint("");
        empty.valuesFiles = List.of(valuesFile("shop", " , "));
        assertTrue(refusal(empty).contains("<valuesFiles> of chart shop has an empty <file>; give a path"), refusal(empty));
        empty.valuesFiles = List.of(valuesFile("shop", (String) null)); // <file></file>, as Maven binds it
        assertTrue(refusal(empty).contains("<valuesFiles> of chart shop has an empty <file>; give a path"), refusal(empty));
    }
}
