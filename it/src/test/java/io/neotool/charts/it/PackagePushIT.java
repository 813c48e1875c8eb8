package io.neotool.charts.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.ship.RegistryServer;
import java.nio.file.Files;
import java.nio.file.Path;
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
        assertTrue(Files.isRegularFile(project.dir().resolve("target/helm/neotool-service-2.3.0.tgz")));
        assertTrue(packaged.log().contains("neotool:lint: 4 chart(s)"), "package lints first: " + packaged.log());
        String firstSha = Files.readString(sha);

        Thread.sleep(1100);
        assertFalse(project.run("neotool:package", "-Dneotool.lint.skip=true").failed());
        assertEquals(firstSha, Files.readString(sha), "two packagings a second apart must be byte-identical");

        try (RegistryServer registry = RegistryServer.start(Files.createDirectories(tmp.resolve("registry")),
                "ci", "s3cret-pass", false)) {
            String target = "-Dneotool.registry=oci://" + registry.host() + "/charts";
            Path settings = tmp.resolve("settings.xml");
            Files.writeString(settings, settings(registry.host(), "ci", "s3cret-pass"));

            MavenProject.Result push = project.run("-s", settings.toString(), "neotool:push", target);
            assertFalse(push.failed(), push.log());
            assertFalse(push.log().contains("s3cret-pass"), "the password must never be printed");
            String report = Files.readString(project.dir().resolve("target/helm/push-report.json"));
            assertTrue(report.contains("\"status\" : \"pushed\"") || report.contains("\"status\":\"pushed\""), report);
            assertTrue(report.contains("/charts/shop:2.3.0"), report);

            MavenProject.Result again = project.run("-s", settings.toString(), "neotool:push", target);
            assertFalse(again.failed(), again.log());
            assertTrue(Files.readString(project.dir().resolve("target/helm/push-report.json")).contains("skipped"));

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

    private static String settings(String serverId, String user, String password) {
        return "<settings><servers><server><id>" + serverId + "</id><username>" + user + "</username><password>"
                + password + "</password></server></servers></settings>\n";
    }
}
