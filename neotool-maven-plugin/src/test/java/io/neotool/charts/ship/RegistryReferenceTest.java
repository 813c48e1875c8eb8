package io.neotool.charts.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.InputException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryReferenceTest {
    @Test
    void parsesHostPortAndPath() {
        RegistryReference ghcr = RegistryReference.parse("oci://ghcr.io/salomax");
        assertEquals("ghcr.io", ghcr.host());
        assertEquals("salomax/neotool", ghcr.repository("neotool"));
        assertFalse(ghcr.loopback());
        RegistryReference local = RegistryReference.parse("oci://127.0.0.1:5000/a/b/");
        assertEquals("127.0.0.1:5000", local.host());
        assertEquals("127.0.0.1", local.hostName());
        assertEquals("a/b/c", local.repository("c"));
        assertTrue(local.loopback());
        assertTrue(RegistryReference.parse("oci://localhost:5000").loopback());
        assertEquals("oci://127.0.0.1:5000/a/b/demo:1.0.0_build.1",
                local.reference(new PackagedChart("demo", "1.0.0+build.1", Path.of("x"), "00")));
    }

    @Test
    void rejectsWhatIsNotAnOciRegistry() {
        for (String bad : new String[] {"https://ghcr.io/x", "ghcr.io/x", "oci://user:pw@ghcr.io/x", "oci://ghcr.io/x:1.0", ""}) {
            InputException e = assertThrows(InputException.class, () -> RegistryReference.parse(bad), bad);
            assertFalse(e.getMessage().contains("pw@") && !bad.contains("pw@"), e.getMessage());
        }
    }

    @Test
    void outputTimestampAsMavenReadsIt() {
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), OutputTimestamp.parse("2026-01-01T00:00:00Z").orElseThrow());
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), OutputTimestamp.parse("2026-01-01T01:00:00+01:00").orElseThrow());
        assertEquals(Instant.ofEpochSecond(1767225600), OutputTimestamp.parse("1767225600").orElseThrow());
        assertTrue(OutputTimestamp.parse(null).isEmpty());
        assertTrue(OutputTimestamp.parse("a").isEmpty());
        assertThrows(InputException.class, () -> OutputTimestamp.parse("yesterday"));
    }

    @Test
    void helmRegistryConfigLocationFollowsHelm() {
        assertEquals(Path.of("/h/registry/config.json"), HelmRegistryConfig.defaultLocation(Map.of("HELM_CONFIG_HOME", "/h", "HOME", "/home/u")));
        assertEquals(Path.of("/x/helm/registry/config.json"), HelmRegistryConfig.defaultLocation(Map.of("XDG_CONFIG_HOME", "/x", "HOME", "/home/u")));
        assertEquals(Path.of("/home/u/.config/helm/registry/config.json"), HelmRegistryConfig.defaultLocation(Map.of("HOME", "/home/u")));
    }

    @Test
    void credentialsNeverShowThePassword() {
        assertEquals("RegistryCredentials[username=ci, password=****]", new RegistryCredentials("ci", "s3cret".toCharArray()).toString());
    }
}
