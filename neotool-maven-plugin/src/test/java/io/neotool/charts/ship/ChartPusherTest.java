package io.neotool.charts.ship;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import com.sun.net.httpserver.HttpServer;
import io.neotool.charts.BuildLog;
import io.neotool.charts.InputException;
import io.neotool.charts.testtools.Loopback;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pushes to a real registry (docker-registry) through the plugin's own OCI client. */
class ChartPusherTest {
    static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(50));
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    TestCharts.CapturingLog log = new TestCharts.CapturingLog();

    static ChartPusher.Request request(String registry, Path packages, RegistryCredentials credentials, Path caFile, boolean overwrite) {
        return new ChartPusher.Request(registry, packages, null,
                credentials == null ? ChartPusher.Credentials.NONE : ChartPusher.Credentials.of(credentials), caFile, false, overwrite, FAST);
    }

    private ChartPusher.Request request(RegistryReference registry, Path packages, RegistryCredentials credentials, Path caFile,
                                        boolean overwrite) {
        return request(registry.toString(), packages, credentials, caFile, overwrite);
    }

    /** The platform (umbrella + subchart), packaged into {@code tmp/<out>}. */
    private Path platform(String out) throws Exception {
        TestCharts.pack(TestCharts.platform(tmp.resolve("src-" + out)), tmp.resolve(out), BuildLog.SILENT);
        return tmp.resolve(out);
    }

    private JsonNode report(Path packages) throws Exception {
        return JSON.readTree(packages.resolve(PushReport.FILE).toFile());
    }

    @Test
    void anonymousPushThatHelmPullsThenSkip() throws Exception {
        try (RegistryServer server = RegistryServer.start(Files.createDirectories(tmp.resolve("reg")), null, null, false)) {
            RegistryReference registry = server.reference("salomax");
            Path packages = platform("out");
            List<PackagedChart> charts = PackageSet.read(packages);
            ChartPusher pusher = new ChartPusher(log);

            List<ChartPusher.Result> results = pusher.push(request(registry, packages, null, null, false));

            assertEquals(List.of(ChartPusher.Status.pushed, ChartPusher.Status.pushed), results.stream().map(ChartPusher.Result::status).toList());
            RegistryClient client = RegistryClient.connect(registry, null, null, false, FAST, "", log);
            for (PackagedChart chart : charts) {
                RegistryClient.Manifest manifest = client.manifest(registry.repository(chart.name()), chart.tag()).orElseThrow();
                assertEquals(chart.digest(), manifest.chartLayerDigest());
                assertArrayEquals(Files.readAllBytes(chart.archive()), client.blob(registry.repository(chart.name()), manifest.chartLayerDigest()));
                assertTrue(new String(manifest.body(), StandardCharsets.UTF_8).contains("\"org.opencontainers.image.created\":\"2026-01-01T00:00:00Z\""),
                        new String(manifest.body(), StandardCharsets.UTF_8));
                // Helm itself pulls what was pushed.
                String shown = Helm.show(registry.reference(chart).replace(":" + chart.tag(), "")).chart()
                        .withVersion(chart.version()).plainHttp().call();
                assertTrue(shown.contains("name: " + chart.name()) && shown.contains("version: " + chart.version()), shown);
            }
            JsonNode report = report(packages);
            assertEquals("succeeded", report.get("outcome").asText());
            JsonNode first = report.get("charts").get(0);
            assertEquals("neotool", first.get("chart").asText());
            assertEquals("0.1.0", first.get("version").asText());
            assertEquals("oci://" + server.host() + "/salomax/neotool:0.1.0", first.get("reference").asText());
            assertEquals(results.get(0).digest(), first.get("digest").asText());
            assertEquals("pushed", first.get("status").asText());

            // Same digest again: skipped, and said so.
            List<ChartPusher.Result> again = pusher.push(request(registry, packages, null, null, false));
            assertEquals(List.of(ChartPusher.Status.skipped, ChartPusher.Status.skipped), again.stream().map(ChartPusher.Result::status).toList());
            assertEquals(results.get(0).digest(), again.get(0).digest());
            assertTrue(log.text().contains("Skipped oci://" + server.host() + "/salomax/neotool:0.1.0"), log.text());
            assertFalse(log.text().contains("for Helm:"), "a version without build metadata: Helm takes the reference itself");
            assertEquals("skipped", report(packages).get("charts").get(1).get("status").asText());
        }
    }

    /**
     * A version with build metadata is pushed under a tag with _ for + (as Helm pushes it), which Helm then reads as a
     * version constraint and refuses: the push says how Helm takes it, and Helm does.
     */
    @Test
    void aVersionWithBuildMetadataIsNamedAsHelmTakesIt() throws Exception {
        try (RegistryServer server = RegistryServer.start(Files.createDirectories(tmp.resolve("reg")), null, null, false)) {
            RegistryReference registry = server.reference("team");
            TestCharts.create(tmp.resolve("src-build"), "shop", "2.3.0+build.7");
            Path packages = tmp.resolve("out-build");
            TestCharts.pack(tmp.resolve("src-build"), packages, BuildLog.SILENT);

            new ChartPusher(log).push(request(registry, packages, null, null, false));

            String repository = "oci://" + server.host() + "/team/shop";
            assertEquals(repository + ":2.3.0_build.7", report(packages).get("charts").get(0).get("reference").asText());
            assertTrue(log.text().contains("Pushed " + repository + ":2.3.0_build.7 sha256:"), log.text());
            assertTrue(log.text().contains("(for Helm: " + repository + " --version 2.3.0+build.7)"), log.text());
            String shown = Helm.show(repository).chart().withVersion("2.3.0+build.7").plainHttp().call();
            assertTrue(shown.contains("version: 2.3.0+build.7"), shown);
            Exception tag = assertThrows(Exception.class,
                    () -> Helm.show(repository + ":2.3.0_build.7").chart().plainHttp().call());
            assertTrue(tag.getMessage().contains("2.3.0_build.7"), tag.getMessage());
        }
    }

    @Test
    void pushesExactlyTheArtifactHelmPushes() throws Exception {
        Path src = TestCharts.platform(tmp.resolve("src"));
        Path chartYaml = src.resolve("neotool/Chart.yaml");
        Files.writeString(chartYaml, Files.readString(chartYaml).replace("description: A Helm chart for Kubernetes",
                "description: A <chart> & \"more\" é\nhome: https://example.org/neotool\nsources:\n- https://example.org/src\n- https://example.org/b\n"
                        + "keywords: [platform, k3s]\nmaintainers:\n- name: Ann\n  email: ann@example.org\n- name: Bob\n  url: https://bob.example.org\n"
                        + "icon: https://example.org/icon.png\nkubeVersion: '>=1.28.0-0'\n"
                        + "annotations:\n  zeta: z\n  alpha: a\n  org.opencontainers.image.title: not-the-title\n"
                        + "  org.opencontainers.image.version: 9.9.9\n"
                        + "dependencies:\n- name: neotool-service\n  version: 0.1.0\n  alias: app\n  condition: app.enabled\n  tags: [apps]\n"
                        + "  import-values:\n  - child: a\n    parent: b\n  - data\n"));
        List<PackagedChart> charts = TestCharts.pack(src, tmp.resolve("out"), BuildLog.SILENT);
        try (RegistryServer server = RegistryServer.start(Files.createDirectories(tmp.resolve("reg")), null, null, false)) {
            new ChartPusher(log).push(request(server.reference("ours"), tmp.resolve("out"), null, null, false));
            RegistryClient client = RegistryClient.connect(server.reference("x"), null, null, false, FAST, "", log);
            for (PackagedChart chart : charts) {
                Helm.push().withChart(chart.archive()).withRemote(URI.create("oci://" + server.host() + "/helm")).plainHttp().call();
                RegistryClient.Manifest byHelm = client.manifest("helm/" + chart.name(), chart.tag()).orElseThrow();
                RegistryClient.Manifest byUs = client.manifest("ours/" + chart.name(), chart.tag()).orElseThrow();
                assertEquals(new String(byHelm.body(), StandardCharsets.UTF_8), new String(byUs.body(), StandardCharsets.UTF_8), chart.name());
                assertEquals(byHelm.digest(), byUs.digest());
                // the chart's own name and version, not the Chart.yaml annotations that would override them
                JsonNode annotations = JSON.readTree(byUs.body()).get("annotations");
                assertEquals(chart.name(), annotations.get("org.opencontainers.image.title").asText());
                assertEquals(chart.version(), annotations.get("org.opencontainers.image.version").asText());
                String config = JSON.readTree(byUs.body()).get("config").get("digest").asText();
                assertArrayEquals(client.blob("helm/" + chart.name(), config), client.blob("ours/" + chart.name(), config));
                assertEquals(HelmOciArtifact.of(chart).manifestDigest(), byHelm.digest());
            }
        }
    }

    /**
     * Chart.yaml values that YAML reads as something else than text are pushed as the strings Helm pushes, and Helm pulls
     * the chart: a numeric and a boolean keyword (Helm's packaging makes them "2024" and "true"), and a time with an
     * offset in the description and an annotation, which Helm leaves plain in the archive and YAML 1.1 reads as a
     * timestamp: the archive keeps the text, and config and manifest carry it as Helm's own push does.
     */
    @Test
    void chartYamlValuesYamlWouldTypeArePushedAsTheStringsHelmPushes() throws Exception {
        Path src = TestCharts.platform(tmp.resolve("src"));
        Path chartYaml = src.resolve("neotool/Chart.yaml");
        String built = "2024-01-02 10:00:00 +01:00";
        Files.writeString(chartYaml, Files.readString(chartYaml).replace("description: A Helm chart for Kubernetes",
                "description: " + built + "\nkeywords: [demo, 2024, on]\nannotations:\n  example.org/built: " + built
                        + "\n  example.org/count: 7\n"));
        PackagedChart chart = TestCharts.pack(src, tmp.resolve("out"), BuildLog.SILENT).get(0);
        assertTrue(new io.neotool.charts.helm.HelmClient().showChart(chart.archive()).contains("example.org/built: " + built),
                "the archive's Chart.yaml keeps the text");
        try (RegistryServer server = RegistryServer.start(Files.createDirectories(tmp.resolve("reg")), null, null, false)) {
            new ChartPusher(log).push(request(server.reference("ours"), tmp.resolve("out"), null, null, false));
            Helm.push().withChart(chart.archive()).withRemote(URI.create("oci://" + server.host() + "/helm")).plainHttp().call();
            RegistryClient client = RegistryClient.connect(server.reference("x"), null, null, false, FAST, "", log);
            RegistryClient.Manifest byHelm = client.manifest("helm/neotool", chart.tag()).orElseThrow();
            RegistryClient.Manifest byUs = client.manifest("ours/neotool", chart.tag()).orElseThrow();
            assertEquals(new String(byHelm.body(), StandardCharsets.UTF_8), new String(byUs.body(), StandardCharsets.UTF_8));
            String configDigest = JSON.readTree(byUs.body()).get("config").get("digest").asText();
            byte[] config = client.blob("ours/neotool", configDigest);
            assertArrayEquals(client.blob("helm/neotool", configDigest), config);
            JsonNode metadata = JSON.readTree(config);
            assertEquals("[\"demo\",\"2024\",\"true\"]", metadata.get("keywords").toString());
            assertEquals(built, metadata.get("description").asText());
            assertEquals(built, metadata.get("annotations").get("example.org/built").asText());
            assertEquals("\"7\"", metadata.get("annotations").get("example.org/count").toString());
            String pulled = Helm.show("oci://" + server.host() + "/ours/neotool").chart().withVersion(chart.version()).plainHttp()
                    .call();
            assertTrue(pulled.contains("example.org/built: " + built) && pulled.contains("- \"2024\""), pulled);
        }
    }

    /**
     * An archive whose Chart.yaml holds a keyword as a plain number and a plain boolean (package never writes one: Helm
     * quotes them) still gets the config Helm's own push makes of it, every string field of Helm's chart.Metadata a
     * string: a number or a bool there would make Helm's pull refuse the chart.
     */
    @Test
    void plainNumbersAndBooleansInAnArchivesChartYamlAreStringsInTheConfig() throws Exception {
        Path src = TestCharts.create(tmp.resolve("src"), "demo", "1.0.0");
        Files.writeString(src.resolve("Chart.yaml"), Files.readString(src.resolve("Chart.yaml"))
                .replace("description: A Helm chart for Kubernetes", "description: demo\nkeywords: [demo, 2024, on]"));
        PackagedChart packaged = TestCharts.pack(tmp.resolve("src"), tmp.resolve("out"), BuildLog.SILENT).get(0);
        Path archive = withChartYaml(packaged.archive(), tmp.resolve("plain/demo-1.0.0.tgz"),
                yaml -> yaml.replace("- '2024'", "- 2024").replace("- 'true'", "- on"));
        assertEquals(List.of("demo", 2024, true), new ArchiveNormaliser().chartYaml(archive).get("keywords"), "typed by YAML");
        HelmOciArtifact ours = HelmOciArtifact.of(new PackagedChart("demo", "1.0.0", archive,
                RegistryClient.sha256(Files.readAllBytes(archive))));
        try (RegistryServer server = RegistryServer.start(Files.createDirectories(tmp.resolve("reg")), null, null, false)) {
            Helm.push().withChart(archive).withRemote(URI.create("oci://" + server.host() + "/helm")).plainHttp().call();
            RegistryClient client = RegistryClient.connect(server.reference("helm"), null, null, false, FAST, "", log);
            RegistryClient.Manifest byHelm = client.manifest("helm/demo", "1.0.0").orElseThrow();
            String configDigest = JSON.readTree(byHelm.body()).get("config").get("digest").asText();
            assertEquals(new String(client.blob("helm/demo", configDigest), StandardCharsets.UTF_8),
                    new String(ours.config(), StandardCharsets.UTF_8));
            assertEquals(new String(byHelm.body(), StandardCharsets.UTF_8), new String(ours.manifest(), StandardCharsets.UTF_8));
        }
    }

    /** A copy of chart archive {@code archive} at {@code target}, its chart's Chart.yaml text changed by {@code change}. */
    private static Path withChartYaml(Path archive, Path target, java.util.function.UnaryOperator<String> change)
            throws Exception {
        Files.createDirectories(target.getParent());
        try (var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(new java.util.zip.GZIPInputStream(
                Files.newInputStream(archive)));
             var out = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(new java.util.zip.GZIPOutputStream(
                     Files.newOutputStream(target)))) {
            out.setLongFileMode(org.apache.commons.compress.archivers.tar.TarArchiveOutputStream.LONGFILE_POSIX);
            org.apache.commons.compress.archivers.tar.TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                byte[] bytes = in.readAllBytes();
                if (entry.getName().matches("[^/]+/Chart\\.yaml")) {
                    bytes = change.apply(new String(bytes, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
                }
                entry.setSize(bytes.length);
                out.putArchiveEntry(entry);
                out.write(bytes);
                out.closeArchiveEntry();
            }
        }
        return target;
    }

    @Test
    void twoPackagingsOfTheSameSourcePushTheSameManifestDigest() throws Exception {
        try (RegistryServer server = RegistryServer.start(Files.createDirectories(tmp.resolve("reg")), null, null, false)) {
            Path src = TestCharts.platform(tmp.resolve("src"));
            TestCharts.pack(src, tmp.resolve("a"), BuildLog.SILENT);
            Thread.sleep(1100);
            TestCharts.pack(src, tmp.resolve("b"), BuildLog.SILENT);
            ChartPusher pusher = new ChartPusher(log);
            List<ChartPusher.Result> first = pusher.push(request(server.reference("first"), tmp.resolve("a"), null, null, false));
            List<ChartPusher.Result> second = pusher.push(request(server.reference("second"), tmp.resolve("b"), null, null, false));
            assertEquals(first.get(0).digest(), second.get(0).digest());
            assertEquals(first.get(1).digest(), second.get(1).digest());
        }
    }

    @Test
    void changedReleaseIsRefusedSnapshotIsReplacedOverwriteForces() throws Exception {
        try (RegistryServer server = RegistryServer.start(Files.createDirectories(tmp.resolve("reg")), null, null, false)) {
            RegistryReference registry = server.reference("charts");
            ChartPusher pusher = new ChartPusher(log);
            Path src = tmp.resolve("src");
            Path chart = TestCharts.create(src, "demo", "1.0.0");
            TestCharts.create(src, "other", "1.0.0");
            TestCharts.pack(src, tmp.resolve("v1"), BuildLog.SILENT);
            pusher.push(request(registry, tmp.resolve("v1"), null, null, false));

            Files.writeString(chart.resolve("values.yaml"), "\nextra: changed\n", StandardOpenOption.APPEND);
            TestCharts.pack(src, tmp.resolve("v1b"), BuildLog.SILENT);
            InputException refused = assertThrows(InputException.class, () -> pusher.push(request(registry, tmp.resolve("v1b"), null, null, false)));
            assertTrue(refused.getMessage().contains("Release versions are immutable"), refused.getMessage());
            assertTrue(refused.getMessage().contains("chart.version in the platform spec"), refused.getMessage());
            assertTrue(refused.getMessage().contains("project version in the pom"), refused.getMessage());
            assertTrue(refused.getMessage().contains("neotool.push.overwrite"), refused.getMessage());
            assertEquals("failed", report(tmp.resolve("v1b")).get("outcome").asText());
            assertTrue(refused.getMessage().contains("give each platform a registry path of its own"), refused.getMessage());
            // the report says which chart conflicts, with the digest the registry holds, and which it holds already
            RegistryClient client = RegistryClient.connect(registry, null, null, false, FAST, "", log);
            var charts = report(tmp.resolve("v1b")).get("charts");
            assertEquals(2, charts.size(), charts.toString());
            for (var c : charts) {
                String repository = "charts/" + c.get("chart").asText();
                assertEquals(client.manifest(repository, c.get("version").asText()).orElseThrow().digest(), c.get("digest").asText());
                assertEquals(c.get("chart").asText().equals("demo") ? "failed" : "skipped", c.get("status").asText(), charts.toString());
            }

            List<ChartPusher.Result> forced = pusher.push(request(registry, tmp.resolve("v1b"), null, null, true));
            assertEquals(ChartPusher.Status.pushed, forced.get(0).status());

            Path snap = TestCharts.create(tmp.resolve("snap"), "snappy", "1.1.0-SNAPSHOT");
            TestCharts.pack(tmp.resolve("snap"), tmp.resolve("s1"), BuildLog.SILENT);
            pusher.push(request(registry, tmp.resolve("s1"), null, null, false));
            Files.writeString(snap.resolve("values.yaml"), "\nextra: changed\n", StandardOpenOption.APPEND);
            TestCharts.pack(tmp.resolve("snap"), tmp.resolve("s2"), BuildLog.SILENT);
            List<ChartPusher.Result> replaced = pusher.push(request(registry, tmp.resolve("s2"), null, null, false));
            assertEquals(ChartPusher.Status.pushed, replaced.get(0).status());
        }
    }

    @Test
    void basicAuthWithTheRightPasswordLeavesNothingOnDisk() throws Exception {
        Instant start = Instant.now();
        String password = "pw-" + java.util.UUID.randomUUID();
        try (RegistryServer server = RegistryServer.start(Files.createDirectories(tmp.resolve("reg")), "ci", password, false)) {
            Path packages = platform("out");
            List<ChartPusher.Result> results = new ChartPusher(log)
                    .push(request(server.reference("private"), packages, new RegistryCredentials("ci", password.toCharArray()), null, false));
            assertEquals(ChartPusher.Status.pushed, results.get(0).status());
            assertFalse(log.text().contains(password), log.text());
        }
        List<Path> roots = List.of(tmp, Path.of("target"), Path.of(System.getProperty("java.io.tmpdir")),
                Path.of(System.getProperty("user.home"), ".config"), Path.of(System.getProperty("user.home"), ".docker"));
        assertEquals(List.of(), new CredentialScan("ci", password).find(roots, start));
    }

    @Test
    void bearerTokensFromTheRegistrysTokenService() throws Exception {
        String password = "pw-" + java.util.UUID.randomUUID();
        try (TokenService tokens = TokenService.start(tmp.resolve("tokens"), "ci", password);
             RegistryServer server = RegistryServer.startWithTokenAuth(Files.createDirectories(tmp.resolve("reg")), tokens)) {
            RegistryReference registry = server.reference("org");
            Path packages = platform("out");
            RegistryCredentials credentials = new RegistryCredentials("ci", password.toCharArray());

            List<ChartPusher.Result> results = new ChartPusher(log).push(request(registry, packages, credentials, null, false));

            assertEquals(List.of(ChartPusher.Status.pushed, ChartPusher.Status.pushed), results.stream().map(ChartPusher.Result::status).toList());
            // the registry's challenge lists the actions in either order (docker-registry does not sort them)
            assertTrue(tokens.scopes.stream().anyMatch(scope -> scope.startsWith("repository:org/neotool:")
                    && Set.of(scope.substring(scope.lastIndexOf(':') + 1).split(",")).equals(Set.of("pull", "push"))),
                    tokens.scopes.toString());
            RegistryClient reader = RegistryClient.connect(registry, credentials, null, false, FAST, "", log);
            assertEquals(results.get(1).digest(), reader.manifest("org/neotool-service", "0.1.0").orElseThrow().digest());
            assertFalse(log.text().contains(password) || log.text().contains("Bearer"), log.text());

            int issued = tokens.issued.get();
            RegistryAuthException wrong = assertThrows(RegistryAuthException.class, () -> new ChartPusher(log)
                    .push(request(registry, packages, new RegistryCredentials("ci", "wrong".toCharArray()), null, true)));
            assertTrue(wrong.getMessage().contains("rejected the login as user 'ci'"), wrong.getMessage());
            assertEquals(issued, tokens.issued.get(), "no token for a wrong password");

            tokens.answerHtml.set(true);
            log.lines.clear();
            RegistryUnavailableException html = assertThrows(RegistryUnavailableException.class, () -> new ChartPusher(log)
                    .push(request(registry, packages, credentials, null, true)));
            assertTrue(html.getMessage().contains("Token service " + tokens.realm() + " answered HTTP 200 without a token"),
                    html.getMessage());
            assertFalse(log.text().contains("retrying"), "an answer that is not a token is not retried: " + log.text());
        }
    }

    /**
     * A token service that grants as Quay's and Artifactory's do (nothing on a repository that does not exist yet for a
     * scope asking pull alone): the first push to new repositories asks pull and push from its first read, as docker
     * push and Helm do, and goes through.
     */
    @Test
    void aFirstPushToNewRepositoriesAsksForPushFromItsFirstRead() throws Exception {
        String password = "pw-" + java.util.UUID.randomUUID();
        try (TokenService tokens = TokenService.start(tmp.resolve("tokens"), "ci", password);
             RegistryServer server = RegistryServer.startWithTokenAuth(Files.createDirectories(tmp.resolve("reg")), tokens)) {
            tokens.grantAsQuay = server.host();
            RegistryReference registry = server.reference("team");
            RegistryCredentials credentials = new RegistryCredentials("ci", password.toCharArray());

            List<ChartPusher.Result> results = new ChartPusher(log).push(request(registry, platform("out"), credentials, null, false));

            assertEquals(List.of(ChartPusher.Status.pushed, ChartPusher.Status.pushed), results.stream().map(ChartPusher.Result::status).toList());
            List<String> asked = tokens.scopes.stream().filter(scope -> scope.startsWith("repository:team/")).toList();
            assertFalse(asked.isEmpty());
            assertTrue(asked.stream().allMatch(scope -> scope.endsWith(":pull,push")), asked.toString());
            // the service does grant as Quay: a reader (pull alone) of a repository that does not exist yet is refused
            RegistryClient reader = RegistryClient.connect(registry, credentials, null, false, FAST, "", log);
            assertEquals(results.get(0).digest(), reader.manifest("team/neotool", "0.1.0").orElseThrow().digest());
            assertThrows(RegistryAuthException.class, () -> reader.manifest("team/not-yet", "0.1.0"));
        }
    }

    /** A token service whose TLS fails is named, with the CA file hint, and not retried as an unreachable registry. */
    @Test
    void aTokenServiceWhoseTlsFailsIsNamed() throws Exception {
        try (TokenService tokens = TokenService.start(tmp.resolve("tokens"), "ci", "pw");
             java.net.ServerSocket plain = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            Thread answer = new Thread(() -> { // a realm given as https:// that answers in plain HTTP at once
                while (!plain.isClosed()) {
                    try (java.net.Socket s = plain.accept()) {
                        s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes());
                    } catch (java.io.IOException closed) {
                        return;
                    }
                }
            });
            answer.setDaemon(true);
            answer.start();
            tokens.realmOverride = "https://127.0.0.1:" + plain.getLocalPort() + "/token";
            try (RegistryServer server = RegistryServer.startWithTokenAuth(Files.createDirectories(tmp.resolve("reg")), tokens)) {
                RegistryUnavailableException e = assertThrows(RegistryUnavailableException.class, () -> new ChartPusher(log)
                        .push(request(server.reference("org"), platform("out"), new RegistryCredentials("ci", "pw".toCharArray()),
                                null, false)));
                assertTrue(e.getMessage().contains("TLS with token service " + tokens.realm() + " failed"), e.getMessage());
                assertTrue(e.getMessage().contains("-Dneotool.registry.caFile"), e.getMessage());
                assertFalse(log.text().contains("retrying"), log.text());
            }
        }
    }

    /** A token realm with user info or a query (a registry's own secret, a signature) is named without them. */
    @Test
    void aTokenRealmsUserInfoAndQueryAreNeverShown() throws Exception {
        String secret = "Realm-Secret-" + java.util.UUID.randomUUID();
        try (TokenService tokens = TokenService.start(tmp.resolve("tokens"), "ci", "pw")) {
            tokens.realmOverride = "https://svc:" + secret + "@127.0.0.1:" + Loopback.freePort() + "/token?sig=" + secret;
            try (RegistryServer server = RegistryServer.startWithTokenAuth(Files.createDirectories(tmp.resolve("reg")), tokens)) {
                Path packages = platform("out");
                RuntimeException e = assertThrows(RuntimeException.class, () -> new ChartPusher(log).push(request(
                        server.reference("org"), packages, new RegistryCredentials("ci", "pw".toCharArray()), null, false)));
                assertTrue(e.getMessage().contains("token service https://svc:****@127.0.0.1:"), e.getMessage());
                for (String text : List.of(e.getMessage(), log.text(), Files.readString(packages.resolve(PushReport.FILE)))) {
                    assertFalse(text.contains(secret), text);
                }
            }
        }
    }

    /** An HTTPS registry whose token realm is plain HTTP gets no password: it would cross the network unencrypted. */
    @Test
    void aTlsRegistryWithAPlainHttpTokenServiceGetsNoLogin() throws Exception {
        String password = "pw-" + java.util.UUID.randomUUID();
        try (TokenService tokens = TokenService.start(tmp.resolve("tokens"), "ci", password);
             RegistryServer server = RegistryServer.startWithTokenAuthOverTls(Files.createDirectories(tmp.resolve("reg")), tokens)) {
            RegistryReference registry = server.reference("org");
            RegistryCredentials credentials = new RegistryCredentials("ci", password.toCharArray());
            RegistryAuthException e = assertThrows(RegistryAuthException.class, () -> new ChartPusher(log)
                    .push(request(registry, platform("out"), credentials, server.caFile(), false)));
            assertTrue(e.getMessage().contains(tokens.realm() + ", which is not an absolute HTTPS URL"), e.getMessage());
            assertTrue(e.getMessage().contains("none was sent"), e.getMessage());
            assertEquals(0, tokens.issued.get());
            assertEquals(0, tokens.requests.get(), "the token service saw no request");
            assertFalse(log.text().contains(password), log.text());
        }
    }

    @Test
    void basicAuthWithAWrongPasswordFailsAtOnceNamingTheServerId() throws Exception {
        try (RegistryServer server = RegistryServer.start(Files.createDirectories(tmp.resolve("reg")), "ci", "s3cret", false)) {
            RegistryReference registry = server.reference("private");
            Path packages = platform("out");
            RegistryAuthException e = assertThrows(RegistryAuthException.class, () -> new ChartPusher(log)
                    .push(request(registry, packages, new RegistryCredentials("ci", "wrong".toCharArray()), null, false)));
            // the answer to the tag's HEAD: no body, so no error text of the registry's
            assertTrue(e.getMessage().contains("rejected the login as user 'ci' (HTTP 401 at /v2/private/neotool/manifests/0.1.0)"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("<server> with id '" + server.host() + "'"), e.getMessage());
            assertFalse(e.getMessage().contains("wrong"), e.getMessage());
            assertFalse(log.text().contains("retrying"), "401 must not be retried: " + log.text());

            RegistryAuthException anonymous = assertThrows(RegistryAuthException.class, () -> new ChartPusher(log)
                    .push(request(registry, packages, null, null, false)));
            assertTrue(anonymous.getMessage().contains("no credentials"), anonymous.getMessage());
        }
    }

    @Test
    void tlsWithASelfSignedCa() throws Exception {
        try (RegistryServer server = RegistryServer.start(Files.createDirectories(tmp.resolve("reg")), "ci", "s3cret", true)) {
            RegistryReference registry = server.reference("secure");
            Path packages = platform("out");
            RegistryCredentials credentials = new RegistryCredentials("ci", "s3cret".toCharArray());

            RegistryUnavailableException untrusted = assertThrows(RegistryUnavailableException.class,
                    () -> new ChartPusher(log).push(request(registry, packages, credentials, null, false)));
            assertTrue(untrusted.getMessage().contains("neotool.registry.caFile"), untrusted.getMessage());
            // a CA file that did not sign the server's certificate: the message says only that file is trusted
            Path otherCa = tmp.resolve("other-ca.pem");
            RegistryServer.run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-keyout",
                    tmp.resolve("other-key.pem").toString(), "-out", otherCa.toString(), "-subj", "/CN=other"), tmp);
            RegistryUnavailableException wrongCa = assertThrows(RegistryUnavailableException.class,
                    () -> new ChartPusher(log).push(request(registry, packages, credentials, otherCa, false)));
            assertTrue(wrongCa.getMessage().contains("Only the certificates in " + otherCa + " (-Dneotool.registry.caFile) are "
                    + "trusted"), wrongCa.getMessage());

            List<ChartPusher.Result> results = new ChartPusher(log).push(request(registry, packages, credentials, server.caFile(), false));
            assertEquals(ChartPusher.Status.pushed, results.get(1).status());
            RegistryClient client = RegistryClient.connect(registry, credentials, server.caFile(), false, FAST, "", log);
            assertFalse(client.plainHttp());
            // a CA file for a plain HTTP registry on loopback: TLS is asked for, and the message says why
            try (RegistryServer plain = RegistryServer.start(Files.createDirectories(tmp.resolve("plain")), "ci", "s3cret", false)) {
                InputException e = assertThrows(InputException.class, () -> RegistryClient.connect(plain.reference("x"),
                        credentials, server.caFile(), false, FAST, "", log));
                assertTrue(e.getMessage().contains("speaks plain HTTP, not TLS. A CA file (-Dneotool.registry.caFile) means "
                        + "TLS: leave it out for a plain HTTP registry on loopback"), e.getMessage());
            }
            assertEquals(PackageSet.read(packages).get(1).digest(),
                    client.manifest(registry.repository("neotool-service"), "0.1.0").orElseThrow().chartLayerDigest());
        }
    }

    /**
     * settings.xml's active proxy (a real tinyproxy): a TLS registry is reached through a CONNECT tunnel, verified end to
     * end against its CA; a registry among the proxy's nonProxyHosts is reached directly. The registry is named by an
     * address that is not loopback ({@link RegistryServer#offLoopbackHost}): loopback is never proxied.
     */
    @Test
    void pushesThroughTheSettingsProxyUnlessTheRegistryIsANonProxyHost() throws Exception {
        try (RegistryServer server = RegistryServer.start(Files.createDirectories(tmp.resolve("reg")), null, null, true);
                HttpProxyServer proxy = HttpProxyServer.start(tmp.resolve("proxy"), server.port(), null, null)) {
            Path packages = platform("out");
            String registry = "oci://" + server.offLoopbackHost();
            RegistryProxy corp = new RegistryProxy("corp", "127.0.0.1", proxy.port(), null, null, "*.corp.example|localhost");
            List<ChartPusher.Result> results = new ChartPusher(log).push(proxied(request(registry + "/through", packages,
                    null, server.caFile(), false), corp));
            assertTrue(results.stream().allMatch(r -> r.status() == ChartPusher.Status.pushed), results.toString());
            assertTrue(proxy.log().contains("CONNECT " + server.offLoopbackHost()), proxy.log());
            assertTrue(log.text().contains("Through the proxy 'corp' (127.0.0.1:" + proxy.port() + ") (settings.xml)"), log.text());

            String before = proxy.log();
            RegistryProxy bypassed = new RegistryProxy("corp", "127.0.0.1", proxy.port(), null, null, "localhost|0.0.0.*");
            results = new ChartPusher(log).push(proxied(request(registry + "/direct", packages, null, server.caFile(), false),
                    bypassed));
            assertTrue(results.stream().allMatch(r -> r.status() == ChartPusher.Status.pushed), results.toString());
            assertEquals(before, proxy.log(), "nothing went through the proxy");
            assertTrue(log.text().contains("is one of its nonProxyHosts"), log.text());
        }
    }

    /**
     * A proxy that wants a login gets settings.xml's, shown nowhere; without one it refuses (407), and the failure names
     * the proxy and what to check; a proxy that is down is named in the failure.
     */
    @Test
    void aProxyLoginIsSentToTheProxyAloneAndARefusalNamesIt() throws Exception {
        try (RegistryServer server = RegistryServer.start(Files.createDirectories(tmp.resolve("reg")), "ci", "s3cret", false);
                HttpProxyServer proxy = HttpProxyServer.start(tmp.resolve("proxy"), server.port(), "corpuser",
                        "Proxy-Pa55")) {
            Path packages = platform("out");
            RegistryCredentials credentials = new RegistryCredentials("ci", "s3cret".toCharArray());
            RegistryProxy corp = new RegistryProxy("corp", "127.0.0.1", proxy.port(), "corpuser", "Proxy-Pa55".toCharArray(), null);
            String registry = "oci://" + server.offLoopbackHost(); // not loopback, which is never proxied: plain HTTP allowed
            List<ChartPusher.Result> results = new ChartPusher(log).push(proxied(overPlainHttp(request(registry + "/charts",
                    packages, credentials, null, false)), corp));
            assertTrue(results.stream().allMatch(r -> r.status() == ChartPusher.Status.pushed), results.toString());
            assertTrue(proxy.log().contains("GET http://" + server.offLoopbackHost() + "/v2/"), proxy.log());

            // settings.xml's proxy without its login (tinyproxy answers a wrong one with a 401 of its own, not a 407)
            RegistryProxy none = new RegistryProxy("corp", "127.0.0.1", proxy.port(), null, null, null);
            RegistryAuthException refused = assertThrows(RegistryAuthException.class, () -> new ChartPusher(log).push(
                    proxied(overPlainHttp(request(registry + "/again", packages, credentials, null, true)), none)));
            assertTrue(refused.getMessage().startsWith("The proxy 'corp' (127.0.0.1:" + proxy.port() + ") refused the request to "
                    + "http://" + server.offLoopbackHost() + " (HTTP 407 Proxy Authentication Required): check the "
                    + "<username> and <password> of the active <proxy> in settings.xml"), refused.getMessage());
            assertFalse(log.text().contains("Pa55") || corp.toString().contains("Pa55"), log.text());
        }
        RegistryProxy down = new RegistryProxy("corp", "127.0.0.1", io.neotool.charts.testtools.Loopback.freePort(), null, null, null);
        RegistryUnavailableException unreachable = assertThrows(RegistryUnavailableException.class, () -> new ChartPusher(log)
                .push(proxied(request("oci://registry.corp.example/charts", platform("down"), null, null, false), down)));
        assertTrue(unreachable.getMessage().contains("through the proxy 'corp' (127.0.0.1:"), unreachable.getMessage());
    }

    private static ChartPusher.Request proxied(ChartPusher.Request r, RegistryProxy proxy) {
        return new ChartPusher.Request(r.registry(), r.packages(), r.serverId(), r.credentials(), r.caFile(), r.allowPlainHttp(),
                r.overwrite(), r.retry(), proxy);
    }

    /** {@code r} with plain HTTP allowed for any host (-Dneotool.registry.plainHttp=true). */
    private static ChartPusher.Request overPlainHttp(ChartPusher.Request r) {
        return new ChartPusher.Request(r.registry(), r.packages(), r.serverId(), r.credentials(), r.caFile(), true,
                r.overwrite(), r.retry(), r.proxy());
    }

    /**
     * A loopback registry, spoken to in plain HTTP because its traffic stays on this machine, is reached directly even
     * through a proxy whose nonProxyHosts does not list it: its login never goes to the proxy in clear.
     */
    @Test
    void aLoopbackRegistryIsReachedDirectlyWhateverNonProxyHostsSays() throws Exception {
        String password = "pw-" + java.util.UUID.randomUUID();
        try (RegistryServer server = RegistryServer.start(Files.createDirectories(tmp.resolve("reg")), "ci", password, false);
                HttpProxyServer proxy = HttpProxyServer.start(tmp.resolve("proxy"), server.port(), null, null)) {
            Path packages = platform("out");
            RegistryCredentials credentials = new RegistryCredentials("ci", password.toCharArray());
            RegistryProxy corp = new RegistryProxy("corp", "127.0.0.1", proxy.port(), null, null, "*.corp.example");
            String before = proxy.log();
            for (String host : List.of(server.host(), "localhost:" + server.port())) {
                String path = host.startsWith("localhost") ? "/by-name" : "/by-address";
                List<ChartPusher.Result> results = new ChartPusher(log).push(proxied(request("oci://" + host + path, packages,
                        credentials, null, false), corp));
                assertTrue(results.stream().allMatch(r -> r.status() == ChartPusher.Status.pushed), results.toString());
                assertEquals(before, proxy.log(), "nothing went through the proxy to " + host);
                assertTrue(log.text().contains("Not through the proxy 'corp' (127.0.0.1:" + proxy.port() + "): " + host
                        + " is on this machine's loopback, always reached directly"), log.text());
            }
            for (String uri : List.of("http://127.0.0.1:5000/v2/", "http://127.1.2.3/v2/", "http://localhost:5000/v2/",
                    "http://[::1]:5000/v2/", "https://LOCALHOST/token")) {
                assertEquals(List.of(java.net.Proxy.NO_PROXY), corp.select(URI.create(uri)), uri);
            }
            for (String uri : List.of("https://ghcr.io/v2/", "http://0.0.0.0:5000/v2/", "http://localhost.example/v2/")) {
                assertEquals(java.net.Proxy.Type.HTTP, corp.select(URI.create(uri)).get(0).type(), uri);
            }
        }
    }

    @Test
    void registryDownIsRetriedThenFailsClearlyAndThePreviousReportIsNotLeftCurrent() throws Exception {
        Path packages = platform("out");
        Files.writeString(packages.resolve(PushReport.FILE), "[{\"status\":\"pushed\"}]");
        RegistryReference registry = RegistryReference.parse("oci://127.0.0.1:" + Loopback.freePort() + "/x");
        RegistryUnavailableException e = assertThrows(RegistryUnavailableException.class,
                () -> new ChartPusher(log).push(request(registry, packages, null, null, false)));
        assertTrue(e.getMessage().contains("failed 3 attempts"), e.getMessage());
        assertTrue(e.getMessage().contains("could not be reached"), e.getMessage());
        assertEquals(2, log.lines.stream().filter(l -> l.contains("retrying")).count(), log.text());
        JsonNode report = report(packages);
        assertEquals("failed", report.get("outcome").asText());
        assertTrue(report.get("error").asText().contains("could not be reached"), report.toString());
        try (var files = Files.list(packages)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary report left");
        }
    }

    /** The temporary report a push killed while writing it left beside the report is removed by the next push. */
    @Test
    void aTemporaryReportLeftByAKilledPushIsRemovedByTheNext() throws Exception {
        Path packages = platform("out");
        Path leftover = Files.writeString(packages.resolve("." + PushReport.FILE + "." + java.util.UUID.randomUUID() + ".tmp"),
                "{\"outcome\":\"runn");
        assertThrows(InputException.class, () -> new ChartPusher(log).push(request("https://127.0.0.1:5000/x", packages, null, null, false)));
        assertFalse(Files.exists(leftover));
        assertEquals("failed", report(packages).get("outcome").asText());
        try (var files = Files.list(packages)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary report left");
        }
    }

    /** A loopback HTTP server that is no registry, answering every request with {@code handler}: the push's only peer. */
    private <T extends Throwable> T pushTo(com.sun.net.httpserver.HttpHandler handler, Class<T> failure, Path packages)
            throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", handler);
        server.start();
        try {
            RegistryReference registry = RegistryReference.parse("oci://127.0.0.1:" + server.getAddress().getPort() + "/x");
            return assertThrows(failure, () -> new ChartPusher(log).push(request(registry, packages, null, null, false)));
        } finally {
            server.stop(0);
        }
    }

    /** Answers every request with {@code status} and no body, counting them. */
    private static com.sun.net.httpserver.HttpHandler answering(int status, AtomicInteger requests) {
        return exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        };
    }

    @Test
    void registryAnswering503IsRetriedThenFailsClearly() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        RegistryUnavailableException e = pushTo(answering(503, requests), RegistryUnavailableException.class, platform("out"));
        assertTrue(e.getMessage().contains("kept answering HTTP 503"), e.getMessage());
        assertEquals(3, requests.get());
    }

    /** A web server, not a registry: its 404 on the API's base endpoint fails the push there, before any upload. */
    @Test
    void aServerWithoutTheRegistryApiIsRefusedAtOnce() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        RegistryResponseException e = pushTo(answering(404, requests), RegistryResponseException.class, platform("out"));
        assertTrue(e.getMessage().contains("answered HTTP 404 for GET /v2/"), e.getMessage());
        assertTrue(e.getMessage().contains("not an OCI registry"), e.getMessage());
        assertEquals(1, requests.get(), "nothing after the base endpoint");
    }

    /** A manifest that is JSON but not an image manifest is the registry's fault, not a release conflict. */
    @Test
    void aMalformedManifestIsARegistryErrorNotAConflict() throws Exception {
        RegistryResponseException e = pushTo(exchange -> {
            byte[] body = exchange.getRequestURI().getPath().equals("/v2/") ? "{}".getBytes()
                    : "{\"schemaVersion\":2,\"layers\":\"nope\",\"config\":7}".getBytes();
            boolean head = "HEAD".equals(exchange.getRequestMethod()); // answered without a digest: the GET is read
            exchange.sendResponseHeaders(200, head ? -1 : body.length);
            if (!head) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        }, RegistryResponseException.class, platform("out"));
        assertTrue(e.getMessage().contains("is not an OCI image manifest"), e.getMessage());
        assertFalse(e.getMessage().contains("overwrite"), e.getMessage());
    }

    @Test
    void aBadRegistryIsRefusedWithThePasswordMasked() throws Exception {
        Path packages = platform("out");
        InputException e = assertThrows(InputException.class, () -> new ChartPusher(log)
                .push(request("oci://ci:Top-Secret-1@127.0.0.1:5000/x", packages, null, null, false)));
        assertTrue(e.getMessage().contains("oci://****@127.0.0.1:5000/x"), e.getMessage());
        assertFalse(e.getMessage().contains("Top-Secret-1"));
        assertFalse(Files.readString(packages.resolve(PushReport.FILE)).contains("Top-Secret-1"));
        assertFalse(log.text().contains("Top-Secret-1"));
    }
}
