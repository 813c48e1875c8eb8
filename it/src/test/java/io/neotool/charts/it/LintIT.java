package io.neotool.charts.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** neotool:lint in a consumer project: the generated charts pass; a broken template fails naming each problem. */
class LintIT {

    @Test
    void generatedChartsPassAndReportsAreWritten() throws IOException {
        MavenProject project = MavenProject.copyOf("consumer", "lint-clean");
        assertFalse(project.run("neotool:generate").failed());
        MavenProject.Result lint = project.run("neotool:lint");
        assertFalse(lint.failed(), lint.log());
        // every chart of the platform (umbrella, neotool-service and the component charts), no errors
        assertTrue(Pattern.compile("neotool:lint: \\d+ chart\\(s\\), \\d+ environment\\(s\\) \\(1 of them a chart's own ci/ values\\), "
                + "Kubernetes 1\\.32\\.0: 0 error\\(s\\)")
                .matcher(lint.log()).find(), lint.log());
        assertTrue(Files.isRegularFile(project.dir().resolve("target/neotool/lint-report.json")));
        assertTrue(Files.isRegularFile(project.dir().resolve("target/neotool/TEST-neotool-lint.xml")));

        // a namespace, release or Kubernetes version Helm would refuse is named by its flag, before any render
        for (String[] bad : new String[][] {{"-Dneotool.namespace=Bad_NS", "neotool.namespace is 'Bad_NS': a namespace is a DNS-1123 label"},
                {"-Dneotool.release=Bad_Release", "neotool.release is 'Bad_Release': Helm takes a release name"},
                {"-Dneotool.kubeVersion=1.32.x", "neotool.kubeVersion: Kubernetes version '1.32.x' is not major.minor"},
                {"-Dneotool.lint.reports=pom.xml", "neotool.lint.reports is " + project.dir().resolve("pom.xml") + ", a file"}}) {
            MavenProject.Result refused = project.run("neotool:lint", bad[0]);
            assertTrue(refused.failed(), refused.log());
            assertTrue(refused.log().contains(bad[1]), refused.log());
        }
        // and the passing lint's reports are gone: a CI that keeps them would otherwise show that lint as this one
        assertFalse(Files.exists(project.dir().resolve("target/neotool/lint-report.json")));
        assertFalse(Files.exists(project.dir().resolve("target/neotool/TEST-neotool-lint.xml")));
        MavenProject.Result directory = project.run("neotool:generate", "-Dneotool.spec=charts-src");
        assertTrue(directory.failed(), directory.log());
        assertTrue(directory.log().contains("is a directory; give the spec file in neotool.spec"), directory.log());
    }

    /** A second lint execution with other settings lints again; the same settings a second time do not. */
    @Test
    void aSecondLintForAnotherKubernetesVersionRunsAndTheSameOneDoesNot() throws IOException {
        MavenProject project = MavenProject.copyOf("consumer", "lint-two-executions");
        Path pom = project.dir().resolve("pom.xml");
        Files.writeString(pom, Files.readString(pom).replace("<executions>", """
                <executions>
                  <execution><id>k131</id><configuration><kubeVersion>1.31.0</kubeVersion></configuration></execution>
                  <execution><id>k131-own</id><configuration><kubeVersion>1.31.0</kubeVersion>
                    <reports>${project.build.directory}/neotool-k131</reports></configuration></execution>"""));
        MavenProject.Result lint = project.run("neotool:generate", "neotool:lint", "neotool:lint@k131", "neotool:lint");
        assertFalse(lint.failed(), lint.log());
        assertTrue(lint.log().contains("Kubernetes 1.32.0: 0 error(s)") && lint.log().contains("Kubernetes 1.31.0: 0 error(s)"), lint.log());
        assertTrue(lint.log().contains("were linted earlier in this build with the same settings"), lint.log());
        // the second lint replaced the first one's reports, and said so
        assertTrue(lint.log().contains("this lint replaces them. Give each lint execution its own <reports>"), lint.log());
        assertTrue(Files.readString(project.dir().resolve("target/neotool/lint-report.json")).contains("1.31.0"));

        MavenProject.Result apart = project.run("neotool:lint", "neotool:lint@k131-own");
        assertFalse(apart.failed(), apart.log());
        assertFalse(apart.log().contains("this lint replaces them"), apart.log());
        assertTrue(Files.readString(project.dir().resolve("target/neotool/lint-report.json")).contains("1.32.0"));
        assertTrue(Files.readString(project.dir().resolve("target/neotool-k131/lint-report.json")).contains("1.31.0"));
    }

    /** The plugin's configuration in the sample's pom. */
    private static void configure(MavenProject project, String configuration) throws IOException {
        Path pom = project.dir().resolve("pom.xml");
        String text = Files.readString(pom);
        assertTrue(text.contains("<executions>"), text);
        Files.writeString(pom, text.replaceFirst("<executions>", "<configuration>" + configuration + "</configuration>\n<executions>"));
    }

    @Test
    void lintIsConfiguredInThePomAndEachRuleIsExplainedByThePlugin() throws IOException {
        MavenProject project = MavenProject.copyOf("consumer", "lint-config");
        MavenProject.Result rule = project.run("neotool:rules", "-Drule=resources");
        assertFalse(rule.failed(), rule.log());
        assertTrue(rule.log().contains("resources: error") && rule.log().contains("Why: ") && rule.log().contains("Fix: "), rule.log());
        // under -q the log is silent; -DforceStdout prints the rules all the same, one line each, without a log prefix
        String silent = project.run("-q", "neotool:rules").log();
        assertFalse(silent.contains("resources: error"), silent);
        MavenProject.Result printed = project.run("-q", "neotool:rules", "-DforceStdout");
        assertFalse(printed.failed(), printed.log());
        assertTrue(printed.log().lines().anyMatch(l -> l.startsWith("resources: error")), printed.log());

        configure(project, "<rules><rule><id>resorces</id><severity>off</severity></rule></rules>");
        assertFalse(project.run("neotool:generate").failed());
        MavenProject.Result typo = project.run("neotool:lint");
        assertTrue(typo.failed(), typo.log());
        assertTrue(typo.log().contains("unknown lint rule 'resorces' (did you mean resources?)"), typo.log());

        MavenProject fresh = MavenProject.copyOf("consumer", "lint-config-quiet");
        Files.writeString(fresh.dir().resolve("staging-values.yaml"), "{}\n");
        configure(fresh, "<quiet>true</quiet>"
                + "<rules><rule><id>not-validated</id><severity>warning</severity></rule></rules>"
                + "<exemptions><exemption><kind>Deployment</kind><name>orders</name><rules>spread, pdb</rules>"
                + "<reason>one replica in staging</reason></exemption></exemptions>"
                + "<valuesFiles><valuesFile><chart>shop</chart><files><file>staging-values.yaml</file>"
                + "<file>helm/shop/values-prod.yaml, staging-values.yaml</file></files></valuesFile></valuesFiles>");
        assertFalse(fresh.run("neotool:generate").failed());
        MavenProject.Result quiet = fresh.run("neotool:lint");
        assertTrue(quiet.log().contains("neotool:lint: "), quiet.log());
        assertFalse(quiet.log().contains("neotool:lint reports:"), "quiet: the summary and errors only: " + quiet.log());
        assertFalse(quiet.log().contains("[WARNING] shop"), "quiet: no warnings: " + quiet.log());
        assertTrue(Files.readString(fresh.dir().resolve("target/neotool/lint-report.json")).contains("staging-values.yaml"),
                "the extra values file is one more environment");
        assertTrue(Files.readString(fresh.dir().resolve("target/neotool/lint-report.json"))
                .contains("helm/shop/values-prod.yaml,staging-values.yaml"), "and layered over prod, one more");
    }

    @Test
    void anInvalidTemplateFailsTheBuildNamingEachProblem() throws IOException {
        MavenProject project = MavenProject.copyOf("consumer", "lint-broken");
        assertFalse(project.run("neotool:generate").failed());
        Path template = project.dir().resolve("helm/shop/charts/shop-service/templates/deployment.yaml");
        String before = Files.readString(template);
        String broken = before
                // an unknown field in the pod spec
                .replace("      {{- if $vaultInit }}\n      {{- $keyPath", "      enableServiceLinkz: false\n      {{- if $vaultInit }}\n"
                        + "      {{- $keyPath")
                // a :latest image
                .replace("image: {{ include \"neotool-service.image\" . | quote }}", "image: \"registry.example.com/shop/app:latest\"")
                // no resources block, and privileged: true on the service container
                .replace("          {{- with .Values.resources }}\n          resources:\n            {{- include \"lib.resources\" . | nindent 12 }}\n"
                        + "          {{- end }}\n          {{- include \"lib.containerSecurityContext\" (dict \"ctx\" $ \"securityContext\" dict) | nindent 10 }}\n",
                        "          securityContext:\n            runAsNonRoot: true\n            privileged: true\n"
                                + "            allowPrivilegeEscalation: false\n            readOnlyRootFilesystem: true\n"
                                + "            capabilities:\n              drop:\n                - ALL\n"
                                + "            seccompProfile:\n              type: RuntimeDefault\n");
        assertNotEquals(before, broken);
        for (String edit : new String[] {"enableServiceLinkz", "privileged: true", ":latest\""}) {
            assertTrue(broken.contains(edit), edit);
        }
        assertFalse(broken.contains("lib.resources\" . | nindent 12 }}\n          {{- end }}\n          securityContext"), "resources still there");
        Files.writeString(template, broken);

        MavenProject.Result lint = project.run("neotool:lint");
        assertTrue(lint.failed(), lint.log());
        String log = lint.log();
        assertTrue(log.contains("MojoFailureException") || log.contains("neotool:lint found"), log);
        for (String expected : new String[] {
                "schema: unknown field spec.template.spec.enableServiceLinkz: not defined in V1PodSpec",
                "privileged: Privileged Containers: container orders is privileged",
                "image-tag: container orders image registry.example.com/shop/app:latest uses the latest tag",
                "resources: container orders has no requests.cpu, requests.memory, limits.memory"}) {
            // an aliased subchart's finding names the template on disk and the object of its alias
            Pattern line = Pattern.compile("\\[ERROR\\] shop-service/templates/deployment\\.yaml: Deployment/orders: "
                    + Pattern.quote(expected));
            java.util.regex.Matcher found = line.matcher(log);
            assertTrue(found.find(), "expected '[ERROR] ... " + expected + "' in\n" + log);
            assertFalse(found.find(), "each finding is logged once: " + expected);
        }
        assertFalse(log.contains("[WARNING] [error]"), "errors are logged at ERROR, not as warnings");
        MavenProject.Result skipped = project.run("neotool:lint", "-Dneotool.lint.skip=true");
        assertFalse(skipped.failed(), skipped.log());
        assertTrue(skipped.log().contains("Skipping lint (neotool.lint.skip)"), skipped.log());
    }

    /**
     * A switch given a value Maven would read as false (-Dneotool.lint.failOnWarning=yes) fails before the goal runs,
     * and a neotool.* property the plugin does not read (a typo) is said once, with the nearest one it does.
     */
    @Test
    void aSwitchThatIsNotTrueOrFalseFailsAndAMisspeltPropertyIsSaid() throws IOException {
        MavenProject project = MavenProject.copyOf("consumer", "lint-flags");
        MavenProject.Result yes = project.run("neotool:lint", "-Dneotool.lint.failOnWarning=yes");
        assertTrue(yes.failed(), yes.log());
        assertTrue(yes.log().contains("-Dneotool.lint.failOnWarning=yes is not a switch Maven reads"), yes.log());
        MavenProject.Result typo = project.run("neotool:generate", "neotool:lint", "-Dneotool.lint.failOnWarnings=true");
        assertFalse(typo.failed(), typo.log());
        assertEquals(1, typo.log().lines().filter(l -> l.contains("[WARNING] -Dneotool.lint.failOnWarnings is not a property of "
                + "neotool-maven-plugin, which does not read it (did you mean -Dneotool.lint.failOnWarning?)")).count(), typo.log());

        // the build's own properties are not typos of the plugin's: its version pinned as -Dneotool.version (the pom
        // refers to it), a property the pom defines
        Matcher version = Pattern.compile("<artifactId>neotool-maven-plugin</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(project.dir().resolve("pom.xml")));
        assertTrue(version.find());
        project.edit("pom.xml", "<version>" + version.group(1) + "</version>", "<version>${neotool.version}</version>");
        project.edit("pom.xml", "<properties>", "<properties>\n    <neotool.train>2026.12</neotool.train>");
        MavenProject.Result own = project.run("neotool:generate", "-Dneotool.version=" + version.group(1),
                "-Dneotool.train=2027.01", "-Dneotool.lint.failOnWarnings=true");
        assertFalse(own.failed(), own.log());
        assertFalse(own.log().contains("-Dneotool.version is not"), own.log());
        assertFalse(own.log().contains("-Dneotool.train is not"), own.log());
        assertTrue(own.log().contains("-Dneotool.lint.failOnWarnings is not a property of"), own.log());
    }

    @Test
    void aProjectWithoutSpecOrChartsIsSkipped() throws IOException {
        MavenProject project = MavenProject.copyOf("consumer", "lint-no-charts");
        Files.delete(project.dir().resolve("charts-src/neotool.yaml"));
        MavenProject.Result lint = project.run("neotool:lint");
        assertFalse(lint.failed(), lint.log());
        assertTrue(lint.log().contains("nothing to lint"), lint.log());
        // pointed at a directory of other things: nothing to do there, and nothing left there (no lock file)
        Path docs = Files.createDirectories(project.dir().resolve("docs"));
        Files.writeString(docs.resolve("notes.md"), "# Notes\n");
        MavenProject.Result elsewhere = project.run("neotool:lint", "neotool:package", "-Dneotool.charts=docs");
        assertFalse(elsewhere.failed(), elsewhere.log());
        assertTrue(elsewhere.log().contains("No charts in ") && elsewhere.log().contains("nothing to package"), elsewhere.log());
        try (java.util.stream.Stream<Path> left = Files.list(docs)) {
            assertEquals(java.util.List.of(docs.resolve("notes.md")), left.toList());
        }
    }
}
