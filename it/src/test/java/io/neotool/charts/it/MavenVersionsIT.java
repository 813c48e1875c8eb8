package io.neotool.charts.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.ship.RegistryServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The plugin under other Mavens than this build's, each unpacked from Maven Central: the oldest its pom admits (its
 * prerequisite) and Maven 4. A consumer project's whole build, generate to push with settings.xml's credentials
 * ({@code mvn deploy}), gives the same charts and byte-identical archives as under this build's Maven.
 */
class MavenVersionsIT {
    @TempDir
    Path tmp;

    @Test
    void theOldestMavenTestedIsThePluginsPrerequisite() throws IOException {
        Path plugin = Path.of(System.getProperty("it.repo"), "io/neotool/neotool-maven-plugin", System.getProperty("it.pluginVersion"),
                "neotool-maven-plugin-" + System.getProperty("it.pluginVersion") + ".jar");
        try (JarFile jar = new JarFile(plugin.toFile())) {
            String descriptor = new String(jar.getInputStream(jar.getEntry("META-INF/maven/plugin.xml")).readAllBytes());
            Matcher required = Pattern.compile("<requiredMavenVersion>([^<]+)</requiredMavenVersion>").matcher(descriptor);
            assertTrue(required.find(), "the plugin descriptor names no requiredMavenVersion");
            assertEquals(required.group(1), System.getProperty("it.oldestMaven"), "it/pom.xml's it.oldestMaven");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"it.oldestMaven", "it.maven4"})
    void theWholeBuildGivesTheSameChartsAndArchives(String which) throws Exception {
        String version = System.getProperty(which);
        Path home = Path.of(System.getProperty("it.mavens"), "apache-maven-" + version);
        assertTrue(Files.isExecutable(home.resolve("bin/mvn")), home + " (unpacked by it/pom.xml before the ITs)");

        MavenProject reference = MavenProject.copyOf("consumer", "maven-reference-" + version);
        reference.env("HELM_CONFIG_HOME", tmp.resolve("helm-config-reference").toString());
        MavenProject.Result expected = reference.run("package");
        assertFalse(expected.failed(), expected.log());

        MavenProject project = MavenProject.copyOf("consumer", "maven-" + version);
        project.env("HELM_CONFIG_HOME", tmp.resolve("helm-config").toString());
        try (RegistryServer registry = RegistryServer.start(Files.createDirectories(tmp.resolve("registry")),
                "ci", "s3cret-pass", false)) {
            Path settings = tmp.resolve("settings.xml");
            Files.writeString(settings, "<settings><servers><server><id>" + registry.host()
                    + "</id><username>ci</username><password>s3cret-pass</password></server></servers></settings>\n");
            MavenProject.Result deploy = project.runWith(home, "-V", "-s", settings.toString(), "deploy",
                    "-Dneotool.registry=oci://" + registry.host() + "/charts");
            assertFalse(deploy.failed(), deploy.log());
            assertTrue(deploy.log().contains("Apache Maven " + version + " "), deploy.log());
            assertTrue(deploy.log().contains("neotool:lint: "), "package linted: " + deploy.log());
            assertFalse(deploy.log().contains("s3cret-pass"), "the password is never logged");
            assertTrue(Files.readString(project.dir().resolve("target/helm/push-report.json")).contains("/charts/shop:2.3.0"),
                    deploy.log());
        }
        assertEquals(reference.snapshot("helm"), project.snapshot("helm"), "generate under Maven " + version);
        Map<String, String> expectedSums = checksums(reference.dir().resolve("target/helm"));
        assertFalse(expectedSums.isEmpty(), expected.log());
        assertEquals(expectedSums, checksums(project.dir().resolve("target/helm")), "the archives under Maven " + version);
    }

    /** Each archive's name with its sha256 file's text. */
    private static Map<String, String> checksums(Path dir) throws IOException {
        Map<String, String> sums = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path sum : (Iterable<Path>) files.filter(f -> f.getFileName().toString().endsWith(".tgz.sha256"))::iterator) {
                sums.put(sum.getFileName().toString(), Files.readString(sum));
            }
        }
        return sums;
    }
}
