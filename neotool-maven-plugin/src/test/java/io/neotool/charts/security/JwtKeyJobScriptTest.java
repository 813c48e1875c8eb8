package io.neotool.charts.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.TestPaths;
import io.neotool.charts.testtools.ExternalTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the JWT key Job's script, as rendered, with /bin/sh. Vault is not available here, so a small
 * stand-in for the vault CLI (src/test/resources/security/vault-cli-stand-in.sh) keeps KV and transit in
 * a directory, with real openssl playing transit's RSA generation and Vault's JSON response shapes. What
 * runs for real: the script's control flow, the PEM extraction from Vault's JSON and the PEM checks;
 * openssl then proves the stored pair is RSA 4096 and signs and verifies.
 */
class JwtKeyJobScriptTest {
    @TempDir
    Path dir;

    Path state;
    Path work;
    Path bin;
    String script;

    @BeforeEach
    void setUp() throws IOException {
        ExternalTool.OPENSSL.require();
        Rendered charts = Rendered.platform();
        Map<String, String> scripts = EmbeddedScripts.of(Rendered.documents(charts.dev()));
        script = scripts.get("Job neotool-security/vault-jwt-init jwt-init");
        assertTrue(script != null, scripts.keySet().toString());
        state = Files.createDirectories(dir.resolve("state"));
        work = Files.createDirectories(dir.resolve("keys"));
        bin = Files.createDirectories(dir.resolve("bin"));
        Path vault = bin.resolve("vault");
        Files.copy(TestPaths.root().resolve("neotool-maven-plugin/src/test/resources/security/vault-cli-stand-in.sh"), vault);
        Files.setPosixFilePermissions(vault, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private ProcessRun run() {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", bin + ":" + System.getenv("PATH"));
        env.put("VAULT_STATE", state.toString());
        env.put("VAULT_ADDR", "http://vault.neotool-security.svc.cluster.local:8200");
        env.put("VAULT_TOKEN", "stand-in-token");
        env.put("VAULT_AUTH_SOURCE", "the Secret vault-token (key token)");
        env.put("JWT_STORE_MOUNT", "secret");
        env.put("JWT_STORE_PATH", "jwt/keys/default");
        env.put("TRANSIT_MOUNT", "transit");
        env.put("TRANSIT_NAME", "jwt-default");
        env.put("TIMEOUT_SECONDS", "10");
        env.put("WORK_DIR", work.toString());
        return ProcessRun.of(List.of("/bin/sh", "-c", script), dir, env, null);
    }

    private Path stored(String field) {
        return state.resolve("kv/secret/jwt/keys/default/" + field);
    }

    private ProcessRun openssl(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        return ProcessRun.of(command, dir, Map.of(), null);
    }

    @Test
    void createsA4096BitRsaPairThatSignsAndVerifiesAndNeverLogsIt() throws IOException {
        ProcessRun first = run();
        assertEquals(0, first.exit(), first.out());
        assertTrue(first.out().contains("JWT keys stored at secret/jwt/keys/default"), first.out());

        Path privatePem = stored("private");
        Path publicPem = stored("public");
        String privateText = Files.readString(privatePem);
        String publicText = Files.readString(publicPem);
        assertTrue(privateText.startsWith("-----BEGIN RSA PRIVATE KEY-----\n"), "PKCS#1, as transit exports it");
        assertTrue(publicText.startsWith("-----BEGIN PUBLIC KEY-----\n"));

        ProcessRun check = openssl("rsa", "-in", privatePem.toString(), "-check", "-noout");
        assertEquals(0, check.exit(), check.out());
        ProcessRun text = openssl("pkey", "-in", publicPem.toString(), "-pubin", "-text", "-noout");
        assertTrue(text.out().contains("Public-Key: (4096 bit)"), text.out());
        ProcessRun derived = openssl("rsa", "-in", privatePem.toString(), "-pubout");
        assertEquals(publicText, derived.out().replace("writing RSA key\n", ""), "the public key is the private key's");

        Path data = Files.writeString(dir.resolve("claims.json"), "{\"sub\":\"neotool\"}");
        Path signature = dir.resolve("claims.sig");
        assertEquals(0, openssl("dgst", "-sha256", "-sign", privatePem.toString(), "-out", signature.toString(),
                data.toString()).exit());
        ProcessRun verify = openssl("dgst", "-sha256", "-verify", publicPem.toString(), "-signature",
                signature.toString(), data.toString());
        assertEquals(0, verify.exit(), verify.out());
        assertTrue(verify.out().contains("Verified OK"), verify.out());

        // no key material in the log, none left on the (memory-backed) work directory, transit key removed
        assertFalse(first.out().contains("BEGIN"), first.out());
        String body = privateText.lines().skip(1).findFirst().orElseThrow();
        assertFalse(first.out().contains(body.substring(0, 20)), first.out());
        assertFalse(first.out().contains(publicText.lines().skip(2).findFirst().orElseThrow()), first.out());
        try (var left = Files.list(work)) {
            assertEquals(List.of(), left.toList());
        }
        assertFalse(Files.exists(state.resolve("transit-jwt-default.pem")), "the transient transit key is deleted");
    }

    @Test
    void aSecondRunChangesNothing() throws IOException {
        assertEquals(0, run().exit());
        byte[] privateBefore = Files.readAllBytes(stored("private"));
        byte[] publicBefore = Files.readAllBytes(stored("public"));
        String callsBefore = Files.readString(state.resolve("calls.log"));

        ProcessRun second = run();
        assertEquals(0, second.exit(), second.out());
        assertTrue(second.out().contains("JWT keys already exist at secret/jwt/keys/default; nothing to do"), second.out());
        assertArrayEquals(privateBefore, Files.readAllBytes(stored("private")));
        assertArrayEquals(publicBefore, Files.readAllBytes(stored("public")));
        String secondCalls = Files.readString(state.resolve("calls.log")).substring(callsBefore.length());
        assertFalse(secondCalls.contains("kv put") || secondCalls.contains("write") || secondCalls.contains("secrets"),
                "a second run only reads: " + secondCalls);
    }

    @Test
    void aSealedVaultEndsWithAClearWarningAndNoKey() throws IOException {
        Files.writeString(state.resolve("sealed"), "");
        ProcessRun sealed = run();
        assertEquals(0, sealed.exit(), sealed.out());
        assertTrue(sealed.out().contains("Vault is sealed or not initialised after 10s: no key created"), sealed.out());
        assertFalse(Files.exists(stored("private")));
    }

    @Test
    void anIncompletePathIsNeverOverwritten() throws IOException {
        Files.createDirectories(stored("x").getParent());
        Files.writeString(stored("public"), "kept\n");
        ProcessRun partial = run();
        assertEquals(1, partial.exit(), partial.out());
        assertTrue(partial.out().contains("exists without the field private"), partial.out());
        assertEquals("kept\n", Files.readString(stored("public")));
    }
}
