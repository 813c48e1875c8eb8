package io.neotool.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin's build, in which a result may be reused, is its jar together with the jars its class path holds. */
class InputsDigestTest {
    @TempDir
    Path dir;

    private Optional<String> build(Path jar, Path... classPath) throws IOException {
        URL[] urls = new URL[classPath.length + 1];
        urls[0] = jar.toUri().toURL();
        for (int i = 0; i < classPath.length; i++) {
            urls[i + 1] = classPath[i].toUri().toURL();
        }
        try (URLClassLoader loader = new URLClassLoader(urls, null)) {
            return InputsDigest.buildDigest(jar, loader);
        }
    }

    @Test
    void aDependencyReplacedInThePluginsClassPathIsAnotherBuild() throws IOException {
        Path plugin = Files.writeString(dir.resolve("neotool-maven-plugin-1.0.jar"), "plugin");
        Path helm = Files.writeString(dir.resolve("helm-java-0.0.21.jar"), "helm 21");
        Path older = Files.writeString(dir.resolve("helm-java-0.0.15.jar"), "helm 15");
        Optional<String> build = build(plugin, helm);
        assertTrue(build.isPresent());
        assertEquals(build, build(plugin, helm));
        assertNotEquals(build, build(plugin, older), "the pom's <dependencies> put another Helm on the class path");
        Files.writeString(plugin, "plugin, rebuilt");
        assertNotEquals(build, build(plugin, helm));
        assertEquals(Optional.empty(), build(Files.createDirectories(dir.resolve("classes"))), "classes, not a jar: never reused");
        assertEquals(Optional.empty(), build(plugin, helm, Files.createDirectories(dir.resolve("module/target/classes"))),
                "a class path entry of classes: its size and time say nothing of what changed in it");
    }
}
