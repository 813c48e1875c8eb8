package io.neotool.charts.security;

import static io.neotool.charts.testtools.ProductNamespaces.VAULT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.TestPaths;
import io.neotool.charts.testtools.ExternalTool;
import io.neotool.charts.testtools.Manifests;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the JWT key Job's script, as rendered for prod (three servers), with /bin/sh and the Job's own env
 * (the work directory and the waits overridden). Vault is not available here, so a small stand-in for the
 * vault CLI (src/test/resources/security/vault-cli-stand-in.sh) keeps KV and transit in a directory, with
 * real openssl playing transit's RSA generation and Vault's JSON response shapes (PKCS#1 export), and the
 * server states the Job meets (sealed, not initialised, unreachable, one server sealed). What runs for real:
 * the script's control flow and waits, the PEM extraction from Vault's JSON, the PKCS#1 to PKCS#8
 * conversion and the PEM checks; the JDK then loads the stored keys as the services do and proves they
 * are one pair.
 */
class JwtKeyJobScriptTest {
    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z ]+)-----\n([A-Za-z0-9+/=\n]+)-----END \\1-----\n?");

    @TempDir
    Path dir;

    Path state;
    Path work;
    Path bin;
    String script;
    final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void setUp() throws IOException {
        ExternalTool.OPENSSL.require();
        Rendered charts = Rendered.platform();
        Manifests prod = charts.prodManifests();
        Map<String, String> scripts = EmbeddedScripts.of(prod);
        script = scripts.get("Job " + VAULT + "/vault-jwt-init-1 jwt-init");
        assertTrue(script != null, scripts.keySet().toString());
        env.putAll(Manifests.literalEnv(Manifests.container(prod.one("Job", VAULT, "vault-jwt-init-1"))));
        state = Files.createDirectories(dir.resolve("state"));
        work = Files.createDirectories(dir.resolve("keys"));
        bin = Files.createDirectories(dir.resolve("bin"));
        Path vault = bin.resolve("vault");
        Files.copy(TestPaths.root().resolve("neotool-maven-plugin/src/test/resources/security/vault-cli-stand-in.sh"), vault);
        Files.setPosixFilePermissions(vault, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals("secret", env.get("JWT_STORE_MOUNT"));
        assertEquals("jwt/keys/default", env.get("JWT_STORE_PATH"));
        env.put("PATH", bin + ":" + System.getenv("PATH"));
        env.put("VAULT_STATE", state.toString());
        env.put("VAULT_TOKEN", "stand-in-token"); // from the Secret in the cluster
        env.put("TIMEOUT_SECONDS", "30");
        env.put("RETRY_SECONDS", "0");
        env.put("WORK_DIR", work.toString());
    }

    private ProcessRun run() {
        return ProcessRun.of(List.of("/bin/sh", "-c", script), dir, env, null);
    }

    private Path stored(String field) {
        return state.resolve("kv/secret/jwt/keys/default/" + field);
    }

    @Test
    void storesAPkcs8PrivateKeyAndItsX509PublicKeyThatTheJdkLoadsAsOnePairAndNeverLogsThem() throws Exception {
        ProcessRun first = run();
        assertEquals(0, first.exit(), first.out());
        assertTrue(first.out().contains("JWT keys stored at secret/jwt/keys/default"), first.out());

        String privateText = Files.readString(stored("private"));
        String publicText = Files.readString(stored("public"));
        byte[] pkcs8 = pem(privateText, "PRIVATE KEY");
        byte[] spki = pem(publicText, "PUBLIC KEY");
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        PrivateKey privateKey = rsa.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        PublicKey publicKey = rsa.generatePublic(new X509EncodedKeySpec(spki));
        assertEquals(4096, ((RSAPublicKey) publicKey).getModulus().bitLength());
        assertEquals(((RSAPublicKey) publicKey).getModulus(), ((RSAPrivateCrtKey) privateKey).getModulus(), "one pair");
        assertArrayEquals(privateKey.getEncoded(), pkcs8, "the canonical PKCS#8 DER, as openssl genpkey writes it");
        assertTrue(signsAndVerifies(privateKey, publicKey));
        privateText.lines().forEach(line -> assertTrue(line.length() <= 64, "PEM lines of 64 characters: " + line));

        // no key material in the log, none left on the (memory-backed) work directory, transit key removed
        assertFalse(first.out().contains("BEGIN"), first.out());
        assertFalse(first.out().contains(privateText.lines().skip(2).findFirst().orElseThrow()), first.out());
        assertFalse(first.out().contains(publicText.lines().skip(2).findFirst().orElseThrow()), first.out());
        try (var left = Files.list(work)) {
            assertEquals(List.of(), left.toList());
        }
        assertFalse(Files.exists(state.resolve("transit-jwt-default.pem")), "the transient transit key is deleted");
    }

    @Test
    void theConversionWrapsPkcs1KeysOfEverySizeAsTheJdkEncodesThem() throws Exception {
        String functions = function("der_length") + "\n" + function("pkcs1_to_pkcs8") + "\n";
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        for (int bits : new int[] {512, 1024, 2048, 3072}) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            PrivateKey key = generator.generateKeyPair().getPrivate();
            Path pkcs1 = Files.writeString(dir.resolve("pkcs1-" + bits + ".pem"), pemOf("RSA PRIVATE KEY", pkcs1Of(key.getEncoded())));
            Path out = dir.resolve("pkcs8-" + bits + ".pem");
            ProcessRun run = ProcessRun.of(List.of("/bin/sh", "-c", "set -eu\nexported_der=\"$WORK_DIR/exported.der\"\n" + functions
                    + "pkcs1_to_pkcs8 \"$1\" \"$2\"", "sh", pkcs1.toString(), out.toString()), dir, env, null);
            assertEquals(0, run.exit(), run.out());
            byte[] pkcs8 = pem(Files.readString(out), "PRIVATE KEY");
            assertArrayEquals(key.getEncoded(), pkcs8, bits + "-bit key");
            assertEquals(key, rsa.generatePrivate(new PKCS8EncodedKeySpec(pkcs8)));
        }
    }

    @Test
    void derLengthsUseTheShortFormBelow128AndTheMinimalLongFormAbove() {
        String fn = function("der_length");
        for (int n : new int[] {0, 1, 127, 128, 255, 256, 2350, 65535, 65536, 16777215}) {
            ProcessRun run = ProcessRun.of(List.of("/bin/sh", "-c", fn + "\nder_length \"$1\"", "sh", String.valueOf(n)), dir, env, null);
            assertEquals(0, run.exit(), run.out());
            StringBuilder expected = new StringBuilder();
            for (byte b : derLength(n)) {
                expected.append(String.format("\\0%03o", b & 0xff));
            }
            assertEquals(expected.toString(), run.out(), "length " + n);
        }
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
    void aVaultNotInitialisedEndsTheJobAtOnceWithoutFailingTheRelease() throws IOException {
        Files.writeString(state.resolve("uninitialised"), "");
        env.put("TIMEOUT_SECONDS", "120");
        ProcessRun run = run();
        assertEquals(0, run.exit(), run.out());
        assertTrue(run.out().contains("Vault is not initialised: no JWT keys created; the release goes on"), run.out());
        assertFalse(run.out().contains("retrying"), "no wait for an operator step: " + run.out());
        assertFalse(Files.exists(stored("private")));
    }

    @Test
    void aSealedVaultEndsWithAClearMessageAfterTheWaitAndNoKey() throws IOException {
        Files.writeString(state.resolve("sealed"), "");
        env.put("TIMEOUT_SECONDS", "0");
        ProcessRun sealed = run();
        assertEquals(0, sealed.exit(), sealed.out());
        assertTrue(sealed.out().contains("Vault is still sealed after 0s: no JWT keys created; the release goes on"), sealed.out());
        assertFalse(Files.exists(stored("private")));
    }

    @Test
    void aVaultUnsealedDuringTheWaitGetsItsKeys() throws IOException {
        Files.writeString(state.resolve("sealed"), "3");
        ProcessRun run = run();
        assertEquals(0, run.exit(), run.out());
        assertTrue(run.out().contains("Vault is sealed ("), run.out());
        assertTrue(run.out().contains("JWT keys stored at secret/jwt/keys/default"), run.out());
    }

    @Test
    void aSealedServerIsPassedOverAndEveryCallGoesToTheUnsealedOneItPicked() throws IOException {
        Files.writeString(state.resolve("sealed@vault-0"), "");
        ProcessRun run = run();
        assertEquals(0, run.exit(), run.out());
        assertTrue(run.out().contains("using the unsealed Vault server at http://vault-1.vault-internal." + VAULT + ".svc"
                + ".cluster.local:8200"), run.out());
        assertTrue(run.out().contains("JWT keys stored at secret/jwt/keys/default"), run.out());
        List<String> calls = Files.readAllLines(state.resolve("calls.log"));
        assertEquals(List.of("vault-0: status -format=json"), calls.stream().filter(c -> c.startsWith("vault-0:")).toList());
        assertTrue(calls.stream().filter(c -> !c.startsWith("vault-0:")).allMatch(c -> c.startsWith("vault-1:")), calls.toString());
    }

    @Test
    void anUnreachableVaultFailsTheJobAfterTheWait() throws IOException {
        Files.writeString(state.resolve("unreachable"), "");
        env.put("TIMEOUT_SECONDS", "0");
        env.put("FIRST_INSTALL", "false"); // an upgrade, or dev's Vault
        ProcessRun run = run();
        assertEquals(1, run.exit(), run.out());
        assertTrue(run.out().contains("ERROR: no Vault server answers after 0s (http://vault-0.vault-internal." + VAULT + ".svc"
                + ".cluster.local:8200 http://vault-1."), run.out());
    }

    @Test
    void onTheFirstInstallOfAnOperatorInitialisedVaultNoAnswerEndsTheJobWithoutFailingTheRelease() throws IOException {
        assertEquals("true", env.get("FIRST_INSTALL"), "prod's Vault (ha), rendered as helm install renders it");
        Files.writeString(state.resolve("unreachable"), "");
        env.put("TIMEOUT_SECONDS", "0");
        ProcessRun run = run();
        assertEquals(0, run.exit(), run.out());
        assertTrue(run.out().contains("no Vault server answers after 0s (http://vault-0.vault-internal." + VAULT + ".svc"
                + ".cluster.local:8200 http://vault-1."), run.out());
        assertTrue(run.out().contains("No JWT keys created; the release goes on. Once the vault pods run, initialise and "
                + "unseal Vault (docs/vault.md), then run helm upgrade"), run.out());
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

    // ------------------------------------------------------------------ helpers

    /** A shell function of the rendered script, from its name to its closing brace at the start of a line. */
    private String function(String name) {
        Matcher m = Pattern.compile("(?ms)^" + name + "\\(\\) \\{\n.*?^\\}\n").matcher(script);
        assertTrue(m.find(), "the script defines " + name);
        return m.group();
    }

    private static byte[] pem(String text, String type) {
        Matcher m = PEM.matcher(text);
        assertTrue(m.matches(), "one PEM block: " + text.lines().findFirst().orElse(""));
        assertEquals(type, m.group(1));
        return Base64.getMimeDecoder().decode(m.group(2));
    }

    private static String pemOf(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    /** The PKCS#1 RSAPrivateKey inside a PKCS#8 PrivateKeyInfo: the content of its OCTET STRING. */
    private static byte[] pkcs1Of(byte[] pkcs8) {
        int at = 1 + lengthOctets(pkcs8, 1); // outer SEQUENCE header
        at += 3; // INTEGER 0
        at += 2 + pkcs8[at + 1]; // AlgorithmIdentifier (short length)
        assertEquals(0x04, pkcs8[at], "OCTET STRING");
        int header = 1 + lengthOctets(pkcs8, at + 1);
        return Arrays.copyOfRange(pkcs8, at + header, pkcs8.length);
    }

    private static int lengthOctets(byte[] der, int at) {
        int first = der[at] & 0xff;
        return first < 0x80 ? 1 : 1 + (first & 0x7f);
    }

    /** ASN.1 DER length octets (X.690 8.1.3). */
    private static byte[] derLength(int n) {
        if (n < 0x80) {
            return new byte[] {(byte) n};
        }
        byte[] value = BigInteger.valueOf(n).toByteArray();
        int skip = value[0] == 0 ? 1 : 0;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x80 + value.length - skip);
        out.write(value, skip, value.length - skip);
        return out.toByteArray();
    }

    private static boolean signsAndVerifies(PrivateKey privateKey, PublicKey publicKey) throws GeneralSecurityException {
        byte[] claims = "{\"sub\":\"neotool\"}".getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(privateKey);
        signer.update(claims);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(publicKey);
        verifier.update(claims);
        return verifier.verify(signature);
    }
}
