package io.neotool.charts.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neotool.charts.BuildLog;
import io.neotool.charts.InputException;
import io.neotool.charts.verify.Finding;
import io.neotool.charts.verify.LintResult;
import io.neotool.charts.verify.Severity;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class ReportsTest {
    @TempDir
    Path dir;

    private static LintResult result() {
        List<Finding> findings = List.of(
                new Finding("privileged", Severity.ERROR, "app", "templates/deployment.yaml", "Deployment", "app",
                        "container app is privileged", "fix <it> & \"now\"", Set.of("helm/neotool/values.yaml")),
                new Finding("spread", Severity.WARNING, "app", "templates/deployment.yaml", "Deployment", "app",
                        "no spread", "", Set.of("helm/neotool/values-prod.yaml")),
                new Finding("helm-lint", Severity.INFO, "neotool", "Chart.yaml", "", "", "icon is recommended", "", Set.of("helm lint")));
        List<Finding> shuffled = new ArrayList<>(findings);
        java.util.Collections.reverse(shuffled);
        return new LintResult("1.32.0", List.of("helm/neotool"), List.of("helm/neotool/values.yaml"), shuffled,
                Map.of("render", 12L));
    }

    @Test
    void consoleSummarisesCountsThenEachFinding() {
        List<String> lines = new ArrayList<>();
        BuildLog log = new BuildLog() {
            public void info(String m) { lines.add("I " + m); }
            public void warn(String m) { lines.add("W " + m); }
            public void error(String m) { lines.add("E " + m); }
            public void debug(String m) { }
        };
        ConsoleReport.write(result(), log);
        assertEquals("I neotool:lint: 1 chart(s), 1 environment(s), Kubernetes 1.32.0: 1 error(s), 1 warning(s), 1 info(s)", lines.get(0));
        StringBuilder withCi = new StringBuilder();
        ConsoleReport.write(new LintResult("1.32.0", List.of("helm/shop", "helm/shop/charts/shop-service"), List.of("helm/shop/values.yaml",
                "helm/shop/charts/shop-service/ci/default-values.yaml"), List.of(), Map.of()), io.neotool.charts.LogCapture.into(withCi), false, false);
        assertTrue(withCi.toString().contains("2 chart(s), 2 environment(s) (1 of them a chart's own ci/ values), "), withCi.toString());
        assertEquals("I   app: 1 error(s), 1 warning(s), 0 info(s)", lines.get(1));
        assertEquals("I   neotool: 0 error(s), 0 warning(s), 1 info(s)", lines.get(2));
        assertTrue(lines.get(3).startsWith("E app/templates/deployment.yaml: Deployment/app: privileged: container app is privileged [helm/neotool/values.yaml]"), lines.get(3));
        assertTrue(lines.get(4).startsWith("W app/templates/deployment.yaml: Deployment/app: spread: no spread"), lines.get(4));
        assertEquals("I neotool/Chart.yaml: helm-lint: icon is recommended [helm lint]", lines.get(5));
        assertEquals(6, lines.size(), "each finding once: " + lines);

        lines.clear();
        ConsoleReport.write(result(), log, true, false);
        assertEquals(2, lines.size(), "quiet: the summary and the errors only: " + lines);
        assertTrue(lines.get(0).startsWith("I neotool:lint: 1 chart(s)"), lines.get(0));
        assertTrue(lines.get(1).startsWith("E app/templates/deployment.yaml: Deployment/app: privileged:"), lines.get(1));

        // with failOnWarning a warning fails the build too, so quiet says it, as an error (mvn -q shows errors alone)
        lines.clear();
        ConsoleReport.write(result(), log, true, true);
        assertEquals(3, lines.size(), "quiet with failOnWarning: the summary, the errors and the warnings: " + lines);
        assertTrue(lines.get(2).startsWith("E warning, failing the build (neotool.lint.failOnWarning): app/templates/deployment.yaml: "
                + "Deployment/app: spread: no spread"), lines.get(2));
        // a message of several lines keeps its level on each
        lines.clear();
        ConsoleReport.write(new LintResult("1.32.0", List.of("helm/app"), List.of("prod"), List.of(new Finding("render", Severity.ERROR,
                "app", "values-prod.yaml", "", "", "does not render: values don't meet the schema:\napp:\n- at '/replicas': got string",
                "", Set.of("prod"))), Map.of()), log, true, false);
        assertEquals(List.of("E app/values-prod.yaml: render: does not render: values don't meet the schema:", "E app:",
                "E - at '/replicas': got string [prod]"), lines.subList(1, lines.size()));
        lines.clear();
        ConsoleReport.write(result(), log, false, true);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("E warning, failing the build (neotool.lint.failOnWarning): ")), lines.toString());
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("W ")), lines.toString());
    }

    @Test
    void jsonIsSortedAndDeterministic() throws Exception {
        String json = JsonReport.toJson(result());
        assertEquals(json, JsonReport.toJson(result()));
        JsonNode root = new ObjectMapper().readTree(json);
        assertEquals(1, root.at("/summary/error").asInt());
        assertEquals("privileged", root.at("/findings/0/rule").asText());
        assertEquals("Deployment", root.at("/findings/0/kind").asText());
        assertTrue(root.at("/findings/0/rationale").asText().contains("host"));
        assertEquals(12, root.at("/timings/render").asInt());
        assertEquals("helm/neotool/values.yaml", root.at("/findings/0/environments/0").asText(), "each finding's environments");
        assertEquals(-1, json.indexOf('\r'));
    }

    @Test
    void junitXmlIsWellFormedWithErrorsAsFailures() throws Exception {
        String xml = JunitReport.toXml(result(), false);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        assertEquals("1", doc.getDocumentElement().getAttribute("failures"));
        assertEquals(1, doc.getElementsByTagName("failure").getLength());
        assertEquals(2, doc.getElementsByTagName("skipped").getLength());
        assertEquals(2, JunitReport.toXml(result(), true).split("<failure ").length - 1);
        // each chart's suite counts its own failures (errors) and skipped (the rest)
        org.w3c.dom.NodeList suites = doc.getElementsByTagName("testsuite");
        for (int i = 0; i < suites.getLength(); i++) {
            org.w3c.dom.Element suite = (org.w3c.dom.Element) suites.item(i);
            if (suite.getAttribute("name").equals("neotool-lint.render")) {
                continue; // one test per environment rendered
            }
            boolean app = suite.getAttribute("name").equals("neotool-lint.app");
            assertEquals(app ? "1" : "0", suite.getAttribute("failures"), suite.getAttribute("name"));
            assertEquals("1", suite.getAttribute("skipped"), suite.getAttribute("name"));
        }
    }

    /**
     * What CI servers key test results on: a dotted class name per chart and file (the file's dots made '_', so the
     * class is not "yaml"), a name unique within it, the same in every workspace (a values file outside the chart by
     * its name), and a suite with a passing case for a chart without findings.
     */
    @Test
    void junitTestsAreNamedOnceAndAlikeInEveryWorkspace() throws Exception {
        Finding container = new Finding("pull-policy", Severity.WARNING, "postgres", "templates/statefulset.yaml", "StatefulSet",
                "postgres", "container postgres imagePullPolicy is IfNotPresent", "", Set.of("prod"));
        Finding init = new Finding("pull-policy", Severity.WARNING, "postgres", "templates/statefulset.yaml", "StatefulSet",
                "postgres", "container check-data imagePullPolicy is IfNotPresent", "", Set.of("prod"));
        Finding extra = new Finding("render", Severity.ERROR, "acme", "/work/ci-12345/ci/extra.yaml", "", "", "does not render",
                "", Set.of("extra"));
        Finding unused = new Finding("unused-exemption", Severity.WARNING, "", "pom.xml", "", "", "meets nothing", "", Set.of());
        LintResult result = new LintResult("1.32.0", List.of("helm/acme", "helm/acme/charts/postgres", "helm/acme/charts/kafka"),
                List.of("extra"), List.of(container, init, extra, unused), Map.of());
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(JunitReport.toXml(result, false).getBytes(StandardCharsets.UTF_8)));
        List<String> cases = new ArrayList<>();
        org.w3c.dom.NodeList all = doc.getElementsByTagName("testcase");
        for (int i = 0; i < all.getLength(); i++) {
            org.w3c.dom.Element c = (org.w3c.dom.Element) all.item(i);
            cases.add(c.getAttribute("classname") + " | " + c.getAttribute("name"));
        }
        assertEquals(List.of("neotool-lint.render | renders extra",
                "neotool-lint.pom_xml | unused-exemption",
                "neotool-lint.acme.extra_yaml | render",
                "neotool-lint.kafka | no findings",
                "neotool-lint.postgres.templates.statefulset_yaml | StatefulSet/postgres: pull-policy",
                "neotool-lint.postgres.templates.statefulset_yaml | StatefulSet/postgres: pull-policy (2)"), cases);
        assertEquals("pom.xml: unused-exemption: meets nothing", unused.line());
        assertEquals(String.valueOf(cases.size()), doc.getDocumentElement().getAttribute("tests"), "the total counts every case");
    }

    /** A message with control characters (Helm's coloured output, a NUL) still makes well-formed XML. */
    @Test
    void junitXmlStaysWellFormedWithControlCharacters() throws Exception {
        LintResult coloured = new LintResult("1.32.0", List.of("helm/neotool"), List.of("helm/neotool/values.yaml"), List.of(
                new Finding("render", Severity.ERROR, "app", "templates/deployment.yaml", "", "",
                        "\u001b[31mdoes not render\u001b[0m \u0000 at line 3", "", Set.of("helm/neotool/values.yaml"))), Map.of());
        String xml = JunitReport.toXml(coloured, false);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        assertTrue(doc.getElementsByTagName("failure").item(1).getTextContent().contains("does not render"), xml);
        // the environment that did not render fails its own case as well, and is counted
        org.w3c.dom.Element render = (org.w3c.dom.Element) doc.getElementsByTagName("testsuite").item(0);
        assertEquals("neotool-lint.render", render.getAttribute("name"));
        assertEquals("1", render.getAttribute("failures"), xml);
        assertEquals(1, render.getElementsByTagName("failure").getLength(), xml);
        assertEquals("2", doc.getDocumentElement().getAttribute("failures"), xml);
    }

    @Test
    void publishWritesReportsAndFailsOnErrors() throws Exception {
        List<String> errors = new ArrayList<>();
        BuildLog log = io.neotool.charts.LogCapture.errorsInto(errors);
        InputException e = assertThrows(InputException.class, () -> LintReports.publish(result(), dir, false, log));
        assertTrue(e.getMessage().startsWith("neotool:lint found 1 error(s), listed above and in "), e.getMessage());
        assertTrue(!e.getMessage().contains("container app is privileged"), "the failure does not repeat the findings: " + e.getMessage());
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("Deployment/app: privileged: container app is privileged"), errors.toString());
        assertTrue(Files.isRegularFile(dir.resolve(LintReports.JSON)));
        assertTrue(Files.isRegularFile(dir.resolve(LintReports.JUNIT)));
    }

    @Test
    void warningsFailOnlyWhenAsked() throws Exception {
        LintResult warningsOnly = new LintResult("1.32.0", List.of(), List.of(), result().findings().stream()
                .filter(f -> f.severity() != Severity.ERROR).toList(), Map.of());
        LintReports.publish(warningsOnly, dir, false, BuildLog.SILENT);
        assertThrows(InputException.class, () -> LintReports.publish(warningsOnly, dir, true, BuildLog.SILENT));
    }
}
