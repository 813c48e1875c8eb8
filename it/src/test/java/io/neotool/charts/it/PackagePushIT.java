package io.neotool.charts.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.ship.RegistryServer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** neotool:package and neotool:push in real Maven builds, against a real registry with basic auth. */
class PackagePushIT {
    @TempDir
    Path tmp;

    @Test
    void packagesReproduciblyAndPushesWithSettingsCredentials() throws Exception {
        MavenProject project = MavenProject.copyOf("consumer", "package-push");
        Path helmConfig = tmp.resolve("helm-config");
        project.env("HELM_CONFIG_HOME", helmConfig.toString());
        assertFalse(project.run("neotool:generate").failed());

        MavenProject.Result packaged = project.run("neotool:package");
        assertFalse(packaged.failed(), packaged.log());
        Path archive = project.dir().resolve("target/helm/shop-2.3.0.tgz");
        Path sha = project.dir().resolve("target/helm/shop-2.3.0.tgz.sha256");
        assertTrue(Files.isRegularFile(archive), packaged.log());
        assertTrue(Files.isRegularFile(project.dir().resolve("target/helm/shop-service-2.3.0.tgz")));
        assertTrue(packaged.log().contains("neotool:lint: "), "package lints first: " + packaged.log());
        String firstSha = Files.readString(sha);

        MavenProject.Result unchanged = project.run("neotool:package");
        assertFalse(unchanged.failed(), unchanged.log());
        assertTrue(unchanged.log().contains("the last lint that passed") && unchanged.log().contains("neotool:lint: ")
                && unchanged.log().contains("is up to date"), "nothing changed: the lint and the set are reused: " + unchanged.log());
        assertEquals(firstSha, Files.readString(sha));

        Thread.sleep(1100);
        // without its index the set is not reused: package writes it again
        Files.delete(project.dir().resolve("target/helm/package-index.json"));
        MavenProject.Result repackaged = project.run("neotool:package", "-Dneotool.lint.skip=true");
        assertFalse(repackaged.failed(), repackaged.log());
        assertFalse(repackaged.log().contains("is up to date"), repackaged.log());
        assertEquals(firstSha, Files.readString(sha), "two packagings a second apart must be byte-identical");

        try (RegistryServer registry = RegistryServer.start(Files.createDirectories(tmp.resolve("registry")),
                "ci", "s3cret-pass", false)) {
            String target = "-Dneotool.registry=oci://" + registry.host() + "/charts";
            Path settings = tmp.resolve("settings.xml");
            Files.writeString(settings, settings(registry.host(), "ci", "s3cret-pass"));

            MavenProject.Result offline = project.run("-o", "-s", settings.toString(), "neotool:push", target);
            assertTrue(offline.failed(), offline.log());
            assertTrue(offline.log().contains("Maven is offline (-o), and neotool:push needs the registry oci://"), offline.log());
            // a damaged set is named before the offline refusal: it needs fixing whatever the network
            Path listed;
            try (java.util.stream.Stream<Path> archives = Files.list(project.dir().resolve("target/helm"))) {
                listed = archives.filter(f -> f.toString().endsWith(".tgz")).findFirst().orElseThrow();
            }
            Path aside = Files.move(listed, tmp.resolve(listed.getFileName()));
            MavenProject.Result damaged = project.run("-o", "-s", settings.toString(), "neotool:push", target);
            assertTrue(damaged.failed() && damaged.log().contains(listed.getFileName() + " (chart ")
                    && damaged.log().contains("is missing"), damaged.log());
            Files.move(aside, listed);
            // a package at work in another build (its lock held, its staged set beside the output): push waits for it,
            // and does not take the staged set for an interrupted package's
            Path staged = Files.createDirectory(project.dir().resolve("target/.helm.staging-" + UUID.randomUUID()));
            try (FileChannel channel = FileChannel.open(project.dir().resolve("target/.helm.neotool.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock held = channel.lock()) {
                MavenProject.Result waited = project.run("-o", "-s", settings.toString(), "neotool:push", target,
                        "-Dneotool.lock.wait=1");
                assertTrue(waited.failed() && waited.log().contains("Waiting up to 1 s for ")
                        && waited.log().contains("could not lock") && !waited.log().contains("interrupted"), waited.log());
            } finally {
                Files.delete(staged);
            }

            MavenProject.Result push = project.run("-s", settings.toString(), "neotool:push", target);
            assertFalse(push.failed(), push.log());
            assertFalse(push.log().contains("s3cret-pass"), "the password must never be printed");
            assertTrue(push.log().contains("neotool:push report: " + project.dir().resolve("target/helm/push-report.json")),
                    push.log());
            String report = Files.readString(project.dir().resolve("target/helm/push-report.json"));
            assertTrue(report.contains("\"status\" : \"pushed\"") || report.contains("\"status\":\"pushed\""), report);
            assertTrue(report.contains("/charts/shop:2.3.0"), report);

            MavenProject.Result again = project.run("-s", settings.toString(), "neotool:push", target);
            assertFalse(again.failed(), again.log());
            assertTrue(Files.readString(project.dir().resolve("target/helm/push-report.json")).contains("skipped"));
            assertFalse(again.log().contains("Nothing new pushed"), "the project's version is the charts': " + again.log());

            // the project's version raised without packaging again: the build says it pushed nothing new
            project.edit("pom.xml", "<version>2.3.0</version>", "<version>2.3.1</version>");
            MavenProject.Result raised = project.run("-s", settings.toString(), "neotool:push", target);
            assertFalse(raised.failed(), raised.log());
            assertTrue(raised.log().contains("[WARNING] Nothing new pushed: the registry already holds every chart of the "
                    + "package set in " + project.dir().resolve("target/helm") + " (version 2.3.0), and the project's version "
                    + "is 2.3.1. If the charts should carry 2.3.1, run mvn neotool:generate neotool:package first"), raised.log());
            project.edit("pom.xml", "<version>2.3.1</version>", "<version>2.3.0</version>");

            Path wrong = tmp.resolve("wrong-settings.xml");
            Files.writeString(wrong, settings(registry.host(), "ci", "not-the-password"));
            MavenProject.Result refused = project.run("-s", wrong.toString(), "neotool:push", target,
                    "-Dneotool.push.overwrite=true");
            assertTrue(refused.failed(), refused.log());
            assertTrue(refused.log().contains(registry.host()), refused.log());
            assertFalse(refused.log().contains("not-the-password"));
        }
        // Helm's registry config: nothing left behind by the builds
        Path config = helmConfig.resolve("registry/config.json");
        assertTrue(!Files.exists(config) || !Files.readString(config).contains("auth"),
                "credentials left in " + config);
    }

    /**
     * The documented {@code mvn deploy -Dneotool.registry=...}: generate, package and push at their phases, and
     * maven-deploy-plugin skipped (the project has no Maven repository to deploy to) instead of failing the build.
     */
    @Test
    void deployPushesTheChartsAndDeploysNothingToAMavenRepository() throws Exception {
        MavenProject project = MavenProject.copyOf("consumer", "deploy");
        project.env("HELM_CONFIG_HOME", tmp.resolve("helm-config").toString());
        try (RegistryServer registry = RegistryServer.start(Files.createDirectories(tmp.resolve("registry")),
                "ci", "s3cret-pass", false)) {
            Path settings = tmp.resolve("settings.xml");
            Files.writeString(settings, settings(registry.host(), "ci", "s3cret-pass"));
            MavenProject.Result deploy = project.run("-s", settings.toString(), "deploy",
                    "-Dneotool.registry=oci://" + registry.host() + "/deployed", "-Dneotool.lint.skip=true");
            assertFalse(deploy.failed(), deploy.log());
            assertTrue(deploy.log().contains("Skipping artifact deployment"), deploy.log());
            Path report = project.dir().resolve("target/helm/push-report.json");
            assertTrue(deploy.log().contains("neotool:push report: " + report), deploy.log());
            assertTrue(Files.readString(report).contains("/deployed/shop:2.3.0"), Files.readString(report));
        }
    }

    /**
     * {@code mvn neotool:package neotool:push} from a reactor's root: the root pushes its charts, and a module without
     * charts leaves the archives in its own target/helm (another configuration's, such as its own deploy) alone.
     */
    @Test
    void pushFromTheRootLeavesAModulesOwnArchivesAlone() throws Exception {
        MavenProject project = MavenProject.copyOf("consumer", "push-reactor").withModules("app");
        project.env("HELM_CONFIG_HOME", tmp.resolve("helm-config").toString());
        assertFalse(project.run("neotool:generate").failed());
        Path leftover = Files.createDirectories(project.dir().resolve("app/target/helm"));
        Files.writeString(leftover.resolve("package-index.json"), "{\"charts\": []}\n");
        try (RegistryServer registry = RegistryServer.start(Files.createDirectories(tmp.resolve("registry")),
                "ci", "s3cret-pass", false)) {
            Path settings = tmp.resolve("settings.xml");
            Files.writeString(settings, settings(registry.host(), "ci", "s3cret-pass"));
            MavenProject.Result push = project.run("-s", settings.toString(), "neotool:package", "neotool:push",
                    "-Dneotool.registry=oci://" + registry.host() + "/charts", "-Dneotool.lint.skip=true");
            assertFalse(push.failed(), push.log());
            assertTrue(Files.readString(project.dir().resolve("target/helm/push-report.json")).contains("/charts/shop:2.3.0"));
            assertTrue(push.log().contains("No charts directory " + project.dir().resolve("app/helm") + "; nothing to push (what "
                    + leftover + " holds is left as it is: this project has no charts)"), push.log());
            assertEquals("{\"charts\": []}\n", Files.readString(leftover.resolve("package-index.json")));
            assertFalse(Files.exists(leftover.resolve("push-report.json")), push.log());
        }
    }

    /**
     * Two platforms of one reactor given one package output (an absolute -Dneotool.package.output, to collect the
     * archives): each would replace the other's set, so the second fails naming the first, and the first's set stays.
     */
    @Test
    void twoProjectsOfABuildDoNotShareAPackageOutput() throws Exception {
        MavenProject project = MavenProject.copyOf("consumer", "shared-output").withModules("fleet");
        Files.createDirectories(project.dir().resolve("fleet/charts-src"));
        Files.copy(project.dir().resolve("charts-src/neotool.yaml"), project.dir().resolve("fleet/charts-src/neotool.yaml"));
        Path dist = tmp.resolve("dist");
        MavenProject.Result run = project.run("neotool:generate", "neotool:package", "-Dneotool.lint.skip=true",
                "-Dneotool.package.output=" + dist);
        assertTrue(run.failed(), run.log());
        assertTrue(run.log().contains("The package output directory " + dist + " is also com.example:shop-charts's in this "
                + "build"), run.log());
        assertTrue(Files.isRegularFile(dist.resolve("package-index.json")), "the first project's set stays whole");

        // the same for the charts: generate replaces what it wrote there, and would delete the first's platform
        Path out = tmp.resolve("charts-out");
        MavenProject.Result generate = project.run("neotool:generate", "-Dneotool.output=" + out);
        assertTrue(generate.failed(), generate.log());
        assertTrue(generate.log().contains("The charts output directory " + out + " is also com.example:shop-charts's in "
                + "this build"), generate.log());
        assertTrue(Files.isRegularFile(out.resolve("shop/Chart.yaml")), "the first project's charts stay");
    }

    @Test
    void noSettingsPasswordInAnyMessageAtAnyLogLevel() throws Exception {
        MavenProject project = MavenProject.copyOf("consumer", "push-debug");
        String password = "pw-" + UUID.randomUUID();
        project.env("NEOTOOL_IT_REGISTRY_PASSWORD", password);
        assertFalse(project.run("neotool:generate").failed());
        assertFalse(project.run("neotool:package", "-Dneotool.lint.skip=true").failed());
        try (RegistryServer registry = RegistryServer.start(Files.createDirectories(tmp.resolve("registry")), "ci", password, false)) {
            String target = "-Dneotool.registry=oci://" + registry.host() + "/charts";
            Path settings = tmp.resolve("settings.xml");
            Files.writeString(settings, settings(registry.host(), "ci", "${env.NEOTOOL_IT_REGISTRY_PASSWORD}"));
            List<String> secrets = List.of(password, base64(password), base64("ci:" + password));

            MavenProject.Result push = project.run("-X", "-s", settings.toString(), "neotool:push", target);
            assertFalse(push.failed(), push.log());
            assertTrue(push.log().contains("[DEBUG] PUT http://" + registry.host() + "/v2/charts/shop/manifests/2.3.0"), "debug output is on");
            secrets.forEach(s -> assertFalse(push.log().contains(s), "a form of the password is in the -X log"));

            Path wrong = tmp.resolve("wrong.xml");
            String wrongPassword = "wrong-" + UUID.randomUUID();
            Files.writeString(wrong, settings(registry.host(), "ci", wrongPassword));
            MavenProject.Result refused = project.run("-X", "-s", wrong.toString(), "neotool:push", target, "-Dneotool.push.overwrite=true");
            assertTrue(refused.failed(), refused.log());
            assertTrue(refused.log().contains("rejected the login as user 'ci'"), refused.log());
            for (String s : List.of(wrongPassword, base64(wrongPassword), base64("ci:" + wrongPassword))) {
                assertFalse(refused.log().contains(s), "a form of the wrong password is in the -X log");
            }

            Path unset = tmp.resolve("unset.xml");
            Files.writeString(unset, settings(registry.host(), "ci", "${env.NEOTOOL_IT_UNSET}"));
            MavenProject.Result noVariable = project.run("-s", unset.toString(), "neotool:push", target);
            assertTrue(noVariable.failed());
            assertTrue(noVariable.log().contains("environment variable NEOTOOL_IT_UNSET, which is not set"), noVariable.log());

            // A partial package set (as a killed package would leave) is refused, naming what is missing.
            Files.delete(project.dir().resolve("target/helm/shop-service-2.3.0.tgz"));
            MavenProject.Result partial = project.run("-s", settings.toString(), "neotool:push", target);
            assertTrue(partial.failed());
            assertTrue(partial.log().contains("shop-service-2.3.0.tgz") && partial.log().contains("Run neotool:package"), partial.log());
            assertTrue(Files.readString(project.dir().resolve("target/helm/push-report.json")).contains("\"outcome\" : \"failed\""));
        }
    }

    @Test
    void aBadRegistryFailsNamingTheRuleWithoutRepeatingAPassword() throws Exception {
        MavenProject project = MavenProject.copyOf("consumer", "push-refusals");

        MavenProject.Result userInfo = project.run("neotool:push", "-Dneotool.registry=oci://ci:Hunter2-Secret@127.0.0.1:5000/charts");
        assertTrue(userInfo.failed());
        assertTrue(userInfo.log().contains("oci://****@127.0.0.1:5000/charts"), userInfo.log());
        assertFalse(userInfo.log().contains("Hunter2-Secret"), "the password is repeated");
        assertTrue(userInfo.log().contains("MojoFailureException"), userInfo.log());

        for (String[] bad : new String[][] {{"oci://127.0.0.1:99999/charts", "port '99999' is out of range"},
                {"oci://Registry.example/charts", "the host must be lower case"}, {"oci://registry.example//charts", "('//')"}}) {
            MavenProject.Result result = project.run("neotool:push", "-Dneotool.registry=" + bad[0]);
            assertTrue(result.failed() && result.log().contains(bad[1]) && result.log().contains("MojoFailureException"), result.log());
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)).replace("=", "");
    }

    private static String settings(String serverId, String user, String password) {
        return "<settings><servers><server><id>" + serverId + "</id><username>" + user + "</username><password>"
                + password + "</password></server></servers></settings>\n";
    }
}
