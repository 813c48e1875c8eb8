package io.neotool.charts.ship;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.neotool.charts.InputException;
import io.neotool.charts.helm.HelmClient;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pushes to a real registry (docker-registry); after every case Helm's registry config is as before. */
class ChartPusherTest {
    static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(50));

    @TempDir
    Path tmp;

    Path helmConfig;
    byte[] helmConfigBefore;
    TestCharts.CapturingLog log = new TestCharts.CapturingLog();

    @BeforeEach
    void rememberHelmConfig() throws Exception {
        helmConfig = TestCharts.helmRegistryConfig();
        helmConfigBefore = TestCharts.snapshot(helmConfig);
    }

    @AfterEach
    void helmConfigIsAsBefore() throws Exception {
        assertArrayEquals(helmConfigBefore, TestCharts.snapshot(helmConfig), "Helm registry config " + helmConfig + " changed");
    }

    private ChartPusher.Request request(RegistryReference registry, List<PackagedChart> charts, RegistryCredentials credentials,
                                        Path caFile, boolean overwrite) {
        return new ChartPusher.Request(registry, charts, credentials, registry.host(), caFile, false, overwrite,
                helmConfig, tmp.resolve("report.json"), FAST);
    }

    private List<PackagedChart> platform(String out) throws Exception {
        return TestCharts.pack(TestCharts.platform(tmp.resolve("src-" + out)), tmp.resolve(out), io.neotool.charts.BuildLog.SILENT);
    }

    @Test
    void anonymousPushThenPullBackThenSkip() throws Exception {
        try (RegistryServer server = RegistryServer.start(Files.createDirectories(tmp.resolve("reg")), null, null, false)) {
            RegistryReference registry = server.reference("salomax");
            List<PackagedChart> charts = platform("out");
            ChartPusher pusher = new ChartPusher(new HelmClient(), log);

            List<ChartPusher.Result> results = pusher.push(request(registry, charts, null, null, false));

            assertEquals(List.of(ChartPusher.Status.pushed, ChartPusher.Status.pushed), results.stream().map(ChartPusher.Result::status).toList());
            RegistryClient client = RegistryClient.connect(registry, null, null, false, FAST, "", log);
            for (PackagedChart chart : charts) {
                RegistryClient.Manifest manifest = client.manifest(registry.repository(chart.name()), chart.tag()).orElseThrow();
                assertEquals(chart.digest(), manifest.chartLayerDigest());
                assertArrayEquals(Files.readAllBytes(chart.archive()), client.blob(registry.repository(chart.name()), manifest.chartLayerDigest()));
                assertTrue(new String(manifest.body(), StandardCharsets.UTF_8).contains("\"org.opencontainers.image.created\":\"2026-01-01T00:00:00Z\""),
                        new String(manifest.body(), StandardCharsets.UTF_8));
            }
            JsonNode report = new ObjectMapper().readTree(tmp.resolve("report.json").toFile());
            assertEquals("neotool", report.get(0).get("chart").asText());
            assertEquals("0.1.0", report.get(0).get("version").asText());
            assertEquals("oci://" + server.host() + "/salomax/neotool:0.1.0", report.get(0).get("reference").asText());
            assertEquals(results.get(0).digest(), report.get(0).get("digest").asText());
            assertEquals("pushed", report.get(0).get("status").asText());

            // Same digest again: skipped, and said so.
            List<ChartPusher.Result> again = pusher.push(request(registry, charts, null, null, false));
            assertEquals(List.of(ChartPusher.Status.skipped, ChartPusher.Status.skipped), again.stream().map(ChartPusher.Result::status).toList());
            assertEquals(results.get(0).digest(), again.get(0).digest());
            assertTrue(log.text().contains("Skipped oci://" + server.host() + "/salomax/neotool:0.1.0"), log.text());
            assertEquals("skipped", new ObjectMapper().readTree(tmp.resolve("report.json").toFile()).get(1).get("status").asText());
        }
    }

    @Test
    void twoPackagingsOfTheSameSourcePushTheSameManifestDigest() throws Exception {
        try (RegistryServer server = RegistryServer.start(Files.createDirectories(tmp.resolve("reg")), null, null, false)) {
            Path src = TestCharts.platform(tmp.resolve("src"));
            List<PackagedChart> a = TestCharts.pack(src, tmp.resolve("a"), io.neotool.charts.BuildLog.SILENT);
            Thread.sleep(1100);
            List<PackagedChart> b = TestCharts.pack(src, tmp.resolve("b"), io.neotool.charts.BuildLog.SILENT);
            ChartPusher pusher = new ChartPusher(new HelmClient(), log);
            List<ChartPusher.Result> first = pusher.push(request(server.reference("first"), a, null, null, false));
            List<ChartPusher.Result> second = pusher.push(request(server.reference("second"), b, null, null, false));
            assertEquals(first.get(0).digest(), second.get(0).digest());
            assertEquals(first.get(1).digest(), second.get(1).digest());
        }
    }

    @Test
    void changedReleaseIsRefusedSnapshotIsReplacedOverwriteForces() throws Exception {
        try (RegistryServer server = RegistryServer.start(Files.createDirectories(tmp.resolve("reg")), null, null, false)) {
            RegistryReference registry = server.reference("charts");
            ChartPusher pusher = new ChartPusher(new HelmClient(), log);
            Path src = tmp.resolve("src");
            Path chart = TestCharts.create(src, "demo", "1.0.0");
            pusher.push(request(registry, TestCharts.pack(src, tmp.resolve("v1"), io.neotool.charts.BuildLog.SILENT), null, null, false));

            Files.writeString(chart.resolve("values.yaml"), "\nextra: changed\n", java.nio.file.StandardOpenOption.APPEND);
            List<PackagedChart> changed = TestCharts.pack(src, tmp.resolve("v1b"), io.neotool.charts.BuildLog.SILENT);
            InputException refused = assertThrows(InputException.class, () -> pusher.push(request(registry, changed, null, null, false)));
            assertTrue(refused.getMessage().contains("Release versions are immutable"), refused.getMessage());
            assertTrue(refused.getMessage().contains("neotool.push.overwrite"), refused.getMessage());

            List<ChartPusher.Result> forced = pusher.push(request(registry, changed, null, null, true));
            assertEquals(ChartPusher.Status.pushed, forced.get(0).status());

            Path snap = TestCharts.create(tmp.resolve("snap"), "snappy", "1.1.0-SNAPSHOT");
            pusher.push(request(registry, TestCharts.pack(tmp.resolve("snap"), tmp.resolve("s1"), io.neotool.charts.BuildLog.SILENT), null, null, false));
            Files.writeString(snap.resolve("values.yaml"), "\nextra: changed\n", java.nio.file.StandardOpenOption.APPEND);
            List<ChartPusher.Result> replaced = pusher.push(request(registry,
                    TestCharts.pack(tmp.resolve("snap"), tmp.resolve("s2"), io.neotool.charts.BuildLog.SILENT), null, null, false));
            assertEquals(ChartPusher.Status.pushed, replaced.get(0).status());
        }
    }

    @Test
    void basicAuthWithTheRightPasswordAndAPreexistingHelmConfigKeptAsItWas() throws Exception {
        // The user's own config, with another registry's login: kept byte for byte.
        Files.createDirectories(helmConfig.getParent());
        Files.writeString(helmConfig, "{\"auths\":{\"example.invalid\":{\"auth\":\"dXNlcjpzZWNyZXQ=\"}}}");
        helmConfigBefore = TestCharts.snapshot(helmConfig);
        try (RegistryServer server = RegistryServer.start(Files.createDirectories(tmp.resolve("reg")), "ci", "s3cret", false)) {
            RegistryReference registry = server.reference("private");
            List<PackagedChart> charts = platform("out");
            List<ChartPusher.Result> results = new ChartPusher(new HelmClient(), log)
                    .push(request(registry, charts, new RegistryCredentials("ci", "s3cret".toCharArray()), null, false));
            assertEquals(ChartPusher.Status.pushed, results.get(0).status());
            assertFalse(log.text().contains("s3cret"), log.text());
        } finally {
            Files.delete(helmConfig);
            helmConfigBefore = TestCharts.snapshot(helmConfig);
        }
    }

    @Test
    void basicAuthWithAWrongPasswordFailsAtOnceNamingTheServerId() throws Exception {
        try (RegistryServer server = RegistryServer.start(Files.createDirectories(tmp.resolve("reg")), "ci", "s3cret", false)) {
            RegistryReference registry = server.reference("private");
            List<PackagedChart> charts = platform("out");
            long start = System.nanoTime();
            RegistryAuthException e = assertThrows(RegistryAuthException.class, () -> new ChartPusher(new HelmClient(), log)
                    .push(request(registry, charts, new RegistryCredentials("ci", "wrong".toCharArray()), null, false)));
            assertTrue(e.getMessage().contains("401"), e.getMessage());
            assertTrue(e.getMessage().contains("<server> with id '" + server.host() + "'"), e.getMessage());
            assertFalse(e.getMessage().contains("wrong"), e.getMessage());
            assertFalse(log.text().contains("retrying"), "401 must not be retried: " + log.text());
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 5);

            RegistryAuthException anonymous = assertThrows(RegistryAuthException.class, () -> new ChartPusher(new HelmClient(), log)
                    .push(request(registry, charts, null, null, false)));
            assertTrue(anonymous.getMessage().contains("no credentials"), anonymous.getMessage());
        }
    }

    @Test
    void tlsWithASelfSignedCa() throws Exception {
        try (RegistryServer server = RegistryServer.start(Files.createDirectories(tmp.resolve("reg")), "ci", "s3cret", true)) {
            RegistryReference registry = server.reference("secure");
            List<PackagedChart> charts = platform("out");
            RegistryCredentials credentials = new RegistryCredentials("ci", "s3cret".toCharArray());

            RegistryUnavailableException untrusted = assertThrows(RegistryUnavailableException.class,
                    () -> new ChartPusher(new HelmClient(), log).push(request(registry, charts, credentials, null, false)));
            assertTrue(untrusted.getMessage().contains("neotool.registry.caFile"), untrusted.getMessage());

            List<ChartPusher.Result> results = new ChartPusher(new HelmClient(), log)
                    .push(request(registry, charts, credentials, server.caFile(), false));
            assertEquals(ChartPusher.Status.pushed, results.get(1).status());
            RegistryClient client = RegistryClient.connect(registry, credentials, server.caFile(), false, FAST, "", log);
            assertFalse(client.plainHttp());
            assertEquals(charts.get(1).digest(), client.manifest(registry.repository("neotool-service"), "0.1.0").orElseThrow().chartLayerDigest());
        }
    }

    @Test
    void registryDownIsRetriedThenFailsClearly() throws Exception {
        RegistryReference registry = RegistryReference.parse("oci://127.0.0.1:" + RegistryServer.freePort() + "/x");
        List<PackagedChart> charts = platform("out");
        RegistryUnavailableException e = assertThrows(RegistryUnavailableException.class,
                () -> new ChartPusher(new HelmClient(), log).push(request(registry, charts, null, null, false)));
        assertTrue(e.getMessage().contains("failed 3 attempts"), e.getMessage());
        assertTrue(e.getMessage().contains("could not be reached"), e.getMessage());
        assertEquals(2, log.lines.stream().filter(l -> l.contains("retrying")).count(), log.text());
    }

    @Test
    void registryAnswering503IsRetriedThenFailsClearly() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        AtomicInteger requests = new AtomicInteger();
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
        try {
            RegistryReference registry = RegistryReference.parse("oci://127.0.0.1:" + server.getAddress().getPort() + "/x");
            List<PackagedChart> charts = platform("out");
            RegistryUnavailableException e = assertThrows(RegistryUnavailableException.class,
                    () -> new ChartPusher(new HelmClient(), log).push(request(registry, charts, null, null, false)));
            assertTrue(e.getMessage().contains("kept answering HTTP 503"), e.getMessage());
            assertEquals(3, requests.get());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void helmJavaWritesLoginsToTheGuardedFile() throws Exception {
        try (RegistryServer server = RegistryServer.start(Files.createDirectories(tmp.resolve("reg")), "ci", "s3cret", false)) {
            HelmClient helm = new HelmClient();
            HelmClient.RegistryTransport http = new HelmClient.RegistryTransport(true, null);
            try (HelmRegistryConfig guard = HelmRegistryConfig.open(helmConfig)) {
                guard.pinToFile(server.host());
                helm.login(server.host(), "ci", "s3cret".toCharArray(), http);
                String stored = Files.readString(helmConfig);
                assertTrue(stored.contains(server.host()) && stored.contains("\"auth\""), stored);
            }
        }
    }
}
