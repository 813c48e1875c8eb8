package io.neotool.charts.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.BuildLog;
import io.neotool.charts.InputException;
import io.neotool.charts.ship.ChartPusher;
import io.neotool.charts.ship.RegistryCredentials;
import io.neotool.charts.ship.RegistryServer;
import io.neotool.charts.ship.RetryPolicy;
import io.neotool.charts.ship.TestCharts;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.DefaultSettingsDecrypter;
import org.apache.maven.settings.io.xpp3.SettingsXpp3Reader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonatype.plexus.components.cipher.DefaultPlexusCipher;
import org.sonatype.plexus.components.sec.dispatcher.DefaultSecDispatcher;

/** settings.xml servers, plain and encrypted the way {@code mvn --encrypt-password} does it. */
class SettingsCredentialsTest {
    @TempDir
    Path tmp;

    private DefaultSettingsDecrypter decrypter(String master) throws Exception {
        DefaultPlexusCipher cipher = new DefaultPlexusCipher();
        Path security = tmp.resolve("settings-security.xml");
        Files.writeString(security, "<settingsSecurity><master>" + cipher.encryptAndDecorate(master, "settings.security")
                + "</master></settingsSecurity>");
        return new DefaultSettingsDecrypter(new DefaultSecDispatcher(cipher, Map.of(), security.toString()));
    }

    private static Settings settings(String id, String user, String password) throws Exception {
        return new SettingsXpp3Reader().read(new StringReader("<settings><servers><server><id>" + id + "</id><username>" + user
                + "</username><password>" + password + "</password></server></servers></settings>"));
    }

    @Test
    void encryptedPasswordIsDecryptedAndPushesToABasicAuthRegistry() throws Exception {
        String encrypted = new DefaultPlexusCipher().encryptAndDecorate("s3cret", "master-pass");
        try (RegistryServer server = RegistryServer.start(Files.createDirectories(tmp.resolve("reg")), "ci", "s3cret", false)) {
            RegistryCredentials credentials = SettingsCredentials
                    .lookup(settings(server.host(), "ci", encrypted), decrypter("master-pass"), server.host()).orElseThrow();
            assertEquals("ci", credentials.username());
            assertArrayEquals("s3cret".toCharArray(), credentials.password());
            assertFalse(credentials.toString().contains("s3cret"), credentials.toString());

            TestCharts.pack(TestCharts.platform(tmp.resolve("src")), tmp.resolve("out"), BuildLog.SILENT);
            var results = new ChartPusher(BuildLog.SILENT).push(new ChartPusher.Request("oci://" + server.host() + "/neotool",
                    tmp.resolve("out"), null, ChartPusher.Credentials.of(credentials), null, false, false,
                    new RetryPolicy(2, Duration.ofMillis(50))));
            assertEquals(ChartPusher.Status.pushed, results.get(0).status());
        }
    }

    @Test
    void anUnresolvedEnvironmentVariableIsNamed() throws Exception {
        InputException e = assertThrows(InputException.class, () -> SettingsCredentials.lookup(
                settings("ghcr.io", "salomax", "${env.NEOTOOL_UNSET_TOKEN}"), decrypter("m"), "ghcr.io"));
        assertTrue(e.getMessage().contains("environment variable NEOTOOL_UNSET_TOKEN, which is not set"), e.getMessage());
        assertTrue(e.getMessage().contains("<password> of <server> 'ghcr.io'"), e.getMessage());
        InputException user = assertThrows(InputException.class, () -> SettingsCredentials.lookup(
                settings("ghcr.io", "${env.NEOTOOL_UNSET_USER}", "x"), decrypter("m"), "ghcr.io"));
        assertTrue(user.getMessage().contains("<username>") && user.getMessage().contains("NEOTOOL_UNSET_USER"), user.getMessage());
    }

    @Test
    void plainPasswordAndMissingServer() throws Exception {
        Settings settings = settings("ghcr.io", "salomax", "ghp_token");
        assertEquals("salomax", SettingsCredentials.lookup(settings, decrypter("m"), "ghcr.io").orElseThrow().username());
        assertTrue(SettingsCredentials.lookup(settings, decrypter("m"), "other").isEmpty());
    }

    @Test
    void aServerWithAUsernameButNoPasswordOrTheReverseIsNamed() throws Exception {
        for (String server : new String[] {"<username>salomax</username>", "<password>ghp_token</password>"}) {
            Settings settings = new SettingsXpp3Reader().read(new StringReader("<settings><servers><server><id>ghcr.io</id>" + server
                    + "</server></servers></settings>"));
            InputException e = assertThrows(InputException.class, () -> SettingsCredentials.lookup(settings, decrypter("m"), "ghcr.io"));
            assertTrue(e.getMessage().contains("<server> 'ghcr.io' in settings.xml needs a <username> and a <password> (or token)"),
                    e.getMessage());
            assertFalse(e.getMessage().contains("ghp_token"), e.getMessage());
        }
    }

    @Test
    void undecryptablePasswordFailsWithoutShowingIt() throws Exception {
        String encrypted = new DefaultPlexusCipher().encryptAndDecorate("s3cret", "master-pass");
        InputException e = assertThrows(InputException.class,
                () -> SettingsCredentials.lookup(settings("r", "ci", encrypted), decrypter("another-master"), "r"));
        assertTrue(e.getMessage().contains("<server> 'r'"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"));
    }

    /**
     * The active proxy of settings.xml (the first not turned off), its password decrypted like a server's: what the
     * push goes through; none without one, and an unresolved expression in it named.
     */
    @Test
    void theActiveProxyIsReadWithItsPasswordDecrypted() throws Exception {
        String encrypted = new DefaultPlexusCipher().encryptAndDecorate("Proxy-Pa55", "master-pass");
        Settings settings = new SettingsXpp3Reader().read(new StringReader("<settings><proxies>"
                + "<proxy><id>old</id><active>false</active><host>old.example</host><port>8080</port></proxy>"
                + "<proxy><id>corp</id><host>proxy.corp.example</host><port>3128</port><username>me</username><password>"
                + encrypted + "</password><nonProxyHosts>*.svc|harbor.corp.example</nonProxyHosts></proxy>"
                + "</proxies></settings>"));
        io.neotool.charts.ship.RegistryProxy proxy = SettingsCredentials.proxy(settings, decrypter("master-pass"));
        assertEquals("proxy 'corp' (proxy.corp.example:3128)", proxy.describe());
        assertTrue(proxy.proxies("ghcr.io"));
        assertFalse(proxy.proxies("harbor.corp.example") || proxy.proxies("registry.svc") || proxy.proxies("Harbor.Corp.Example"));
        assertFalse(proxy.toString().contains("Pa55") || proxy.toString().contains(encrypted), proxy.toString());
        assertEquals(java.util.List.of(java.net.Proxy.NO_PROXY), proxy.select(java.net.URI.create("https://registry.svc/v2/")));

        assertEquals(null, SettingsCredentials.proxy(new Settings(), decrypter("master-pass")));
        Settings unresolved = new SettingsXpp3Reader().read(new StringReader("<settings><proxies><proxy><id>corp</id>"
                + "<host>p</host><port>3128</port><username>me</username><password>${env.NEOTOOL_UNSET_PROXY_PASSWORD}</password>"
                + "</proxy></proxies></settings>"));
        InputException e = assertThrows(InputException.class, () -> SettingsCredentials.proxy(unresolved, decrypter("m")));
        assertTrue(e.getMessage().startsWith("The <password> of <proxy> 'corp' in settings.xml refers to "
                + "${env.NEOTOOL_UNSET_PROXY_PASSWORD}"), e.getMessage());
    }
}
