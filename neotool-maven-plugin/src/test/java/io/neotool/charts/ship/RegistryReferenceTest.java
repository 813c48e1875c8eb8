package io.neotool.charts.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.BuildLog;
import io.neotool.charts.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryReferenceTest {
    /** A CA file that is not there, or not a certificate bundle, is named by its flag and what is wrong with it. */
    @Test
    void aCaFileThatCannotBeReadIsNamedWithWhy(@TempDir Path dir) throws IOException {
        RegistryReference registry = RegistryReference.parse("oci://registry.example.com/charts");
        InputException missing = assertThrows(InputException.class, () -> RegistryClient.connect(registry, null,
                dir.resolve("nope.pem"), false, ChartPusherTest.FAST, "", BuildLog.SILENT));
        assertTrue(missing.getMessage().contains("Cannot read CA file " + dir.resolve("nope.pem")
                + " (neotool.registry.caFile): no such file"), missing.getMessage());
        Path notPem = Files.writeString(dir.resolve("notes.pem"), "not a certificate\n");
        InputException empty = assertThrows(InputException.class, () -> RegistryClient.connect(registry, null, notPem, false,
                ChartPusherTest.FAST, "", BuildLog.SILENT));
        assertTrue(empty.getMessage().contains(notPem.toString()), empty.getMessage());
    }

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
        assertTrue(RegistryReference.parse("oci://[::1]:5000").loopback());
        // a name is never resolved, even one that looks like hex or a number
        assertFalse(RegistryReference.parse("oci://cafe:5000").loopback());
        for (String name : List.of("cafe", "beef", "1234", "127.1", "localhost.example")) {
            assertFalse(RegistryReference.ipLiteral(name), name);
        }
        for (String literal : List.of("127.0.0.1", "::1", "fe80::1", "::ffff:127.0.0.1")) {
            assertTrue(RegistryReference.ipLiteral(literal), literal);
        }
        assertFalse(RegistryReference.parse("oci://127.0.0.1.nip.io:5000").loopback());
        assertEquals("oci://127.0.0.1:5000/a/b/demo:1.0.0_build.1",
                local.reference(new PackagedChart("demo", "1.0.0+build.1", Path.of("x"), "00")));
    }

    @Test
    void rejectsWhatIsNotAnOciRegistry() {
        for (String bad : new String[] {"https://ghcr.io/x", "ghcr.io/x", "oci://ghcr.io/x:1.0", "", "oci://ghcr.io/x?y", "oci:///x"}) {
            assertThrows(InputException.class, () -> RegistryReference.parse(bad), bad);
        }
    }

    @Test
    void refusesUserInfoWithoutRepeatingThePassword() {
        for (String bad : new String[] {"oci://user:Pa55-w0rd@ghcr.io/x", "oci://user:Pa55-w0rd@ghcr.io", " oci://user:Pa55-w0rd@127.0.0.1:5000/a/b ",
                "oci://user:Pa55-w0rd#@ghcr.io/x", "oci://Pa55-w0rd@ghcr.io/x", "oci://user:Pa55-w0rd@Bad Host/%%",
                // a password may hold '/', '?' or '#': the user information runs to the last '@'
                "oci://bob:Pa55-w0rd/x@ghcr.io/y", "oci://bob:Pa/55-w0rd@ghcr.io", "oci://bob:Pa55?w0rd/@ghcr.io",
                "oci://bob:Pa55#w0rd@ghcr.io/x", "oci://bob:Pa55-w0rd@ghcr.io/x@sha256:00",
                // a port and no path, no '//' after the scheme, a password like a digest
                "oci://bob:Pa55-w0rd@ghcr.io:5000", "oci://Pa55-w0rd@127.0.0.1:5000", "oci:bob:Pa55-w0rd@ghcr.io/x",
                "oci:/bob:Pa55-w0rd@ghcr.io/x", "bob:Pa55-w0rd@ghcr.io/x", "oci://bob:Pa55-w0rd/x@sha256:abc"}) {
            InputException e = assertThrows(InputException.class, () -> RegistryReference.parse(bad), bad);
            assertFalse(e.getMessage().contains("Pa55-w0rd"), e.getMessage());
            assertTrue(e.getMessage().contains("****@"), e.getMessage());
            assertTrue(e.getMessage().contains("settings.xml"), e.getMessage());
        }
        assertEquals("oci://****@ghcr.io/x", RegistryReference.masked("oci://user:secret@ghcr.io/x"));
        // a password with '@' in it: masked up to the last one
        InputException at = assertThrows(InputException.class, () -> RegistryReference.parse("oci://bob:Pa55@w0rd@ghcr.io/x"));
        assertFalse(at.getMessage().contains("Pa55") || at.getMessage().contains("w0rd"), at.getMessage());
        assertEquals("oci://****@ghcr.io/x", RegistryReference.masked("oci://bob:Pa55@w0rd@ghcr.io/x"));
        assertEquals("oci://****@ghcr.io", RegistryReference.masked("oci://token@ghcr.io"));
        assertEquals("oci://****@ghcr.io/y", RegistryReference.masked("oci://bob:s3cr/et@ghcr.io/y"));
        assertEquals("oci://127.0.0.1/x?****", RegistryReference.masked("oci://127.0.0.1/x?token=s3cret"));
        assertEquals("oci://ghcr.io/x#****", RegistryReference.masked("oci://ghcr.io/x#s3cret"));
        assertEquals("oci://****@ghcr.io/x?****", RegistryReference.masked("oci://u:p@ghcr.io/x?token=s3cret"));
        assertEquals("oci://****@ghcr.io:5000", RegistryReference.masked("oci://bob:s3cret@ghcr.io:5000"));
        assertEquals("oci:****@ghcr.io/x", RegistryReference.masked("oci:bob:s3cret@ghcr.io/x"));
        assertEquals("oci://ghcr.io/a", RegistryReference.masked("oci://ghcr.io/a"));
    }

    @Test
    void eachBrokenRuleIsNamed() {
        Map<String, String> rules = Map.of(
                "oci://127.0.0.1:99999/x", "port '99999' is out of range; a port is a number from 1 to 65535",
                "oci://127.0.0.1:0/x", "port '0' is out of range",
                "oci://GHCR.io/x", "the host must be lower case (ghcr.io)",
                "oci://ghcr.io/Salomax", "the path must be lower case",
                "oci://ghcr.io//x", "empty component ('//')",
                "oci://ghcr.io/a//b", "empty component ('//')",
                "oci://ghcr.io/a/-b", "path component '-b' is not a valid OCI repository name component",
                "oci://ghcr.io/x@sha256:00", "must not name a tag or digest");
        rules.forEach((value, rule) -> {
            InputException e = assertThrows(InputException.class, () -> RegistryReference.parse(value), value);
            assertTrue(e.getMessage().contains(rule), value + ": " + e.getMessage());
        });
        assertEquals("a/b.c/d_e/f--g", RegistryReference.parse("oci://ghcr.io/a/b.c/d_e/f--g/").path());
        assertEquals("[::1]:5000", RegistryReference.parse("oci://[::1]:5000/x").host());
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
    void credentialsNeverShowThePassword() {
        assertEquals("RegistryCredentials[username=ci, password=****]", new RegistryCredentials("ci", "s3cret".toCharArray()).toString());
    }
}
