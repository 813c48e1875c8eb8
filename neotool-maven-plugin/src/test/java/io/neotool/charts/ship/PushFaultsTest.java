package io.neotool.charts.ship;

import static io.neotool.charts.ship.ChartPusherTest.request;
import static io.neotool.charts.ship.FaultProxy.matching;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neotool.charts.BuildLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registry faults and concurrent pushes: a real docker-registry behind a loopback fault proxy. */
class PushFaultsTest {
    @TempDir
    Path tmp;

    TestCharts.CapturingLog log = new TestCharts.CapturingLog();

    private Path platform(String name) throws Exception {
        TestCharts.pack(TestCharts.platform(tmp.resolve("src-" + name)), tmp.resolve(name), BuildLog.SILENT);
        return tmp.resolve(name);
    }

    /** The platform with the subchart's values changed: the same versions, other content. */
    private Path changedPlatform(String name) throws Exception {
        Path src = TestCharts.platform(tmp.resolve("src-" + name));
        Files.writeString(src.resolve("neotool/charts/neotool-service/values.yaml"), "\nchanged: true\n", StandardOpenOption.APPEND);
        TestCharts.pack(src, tmp.resolve(name), BuildLog.SILENT);
        return tmp.resolve(name);
    }

    @Test
    void resetsAnd5xxAreRetriedAndEveryBlobGoesUpBeforeAnyManifest() throws Exception {
        try (RegistryServer server = RegistryServer.start(Files.createDirectories(tmp.resolve("reg")), null, null, false);
             FaultProxy proxy = FaultProxy.start(server.host())) {
            proxy.on(matching("POST /v2/.*/blobs/uploads/"), 1, FaultProxy.reset())
                    .on(matching("PUT /v2/.*/blobs/uploads/.*"), 1, FaultProxy.status(500))
                    .on(matching("PUT /v2/.*/manifests/.*"), 1, FaultProxy.reset())
                    .on(matching("HEAD /v2/.*/manifests/.*"), 1, FaultProxy.status(503))
                    .on(matching("HEAD /v2/.*/blobs/.*"), 1, FaultProxy.status(429));
            Path packages = platform("out");

            // Three faults can hit the same upload: enough attempts for all of them.
            List<ChartPusher.Result> results = new ChartPusher(log).push(new ChartPusher.Request("oci://" + proxy.host() + "/charts",
                    packages, null, ChartPusher.Credentials.NONE, null, false, false, new RetryPolicy(6, java.time.Duration.ofMillis(20))));

            assertEquals(List.of(ChartPusher.Status.pushed, ChartPusher.Status.pushed), results.stream().map(ChartPusher.Result::status).toList());
            assertEquals(5, log.lines.stream().filter(l -> l.contains("retrying")).count(), log.text());
            List<String> requests = List.copyOf(proxy.requests);
            int firstManifestPut = requests.indexOf(requests.stream().filter(r -> r.matches("PUT /v2/.*/manifests/.*")).findFirst().orElseThrow());
            int lastBlobPut = requests.lastIndexOf(requests.stream().filter(r -> r.matches("PUT /v2/.*/blobs/uploads/.*"))
                    .reduce((a, b) -> b).orElseThrow());
            assertTrue(lastBlobPut < firstManifestPut, "every blob before any manifest: " + requests);
            // What Helm reads: the read-back digests are the ones reported.
            RegistryClient client = RegistryClient.connect(server.reference("charts"), null, null, false, ChartPusherTest.FAST, "", log);
            assertEquals(results.get(1).digest(), client.manifest("charts/neotool-service", "0.1.0").orElseThrow().digest());
        }
    }

    /**
     * A manifest PUT whose answer is lost after the registry stored it, then refused when retried (a registry with
     * immutable tags answers 412 to a second PUT of the tag): the tag holds this build's manifest, so it is pushed.
     */
    @Test
    void aRetriedManifestPutRefusedBecauseTheFirstOneLandedIsPushed() throws Exception {
        try (RegistryServer server = RegistryServer.start(Files.createDirectories(tmp.resolve("reg")), null, null, false);
             FaultProxy proxy = FaultProxy.start(server.host())) {
            proxy.on(matching("PUT /v2/charts/neotool/manifests/.*"), 1, FaultProxy.lostReply())
                    .on(matching("PUT /v2/charts/neotool/manifests/.*"), 1, FaultProxy.status(412));
            Path packages = platform("out");

            List<ChartPusher.Result> results = new ChartPusher(log).push(new ChartPusher.Request("oci://" + proxy.host() + "/charts",
                    packages, null, ChartPusher.Credentials.NONE, null, false, false, new RetryPolicy(3, java.time.Duration.ofMillis(20))));

            assertEquals(List.of(ChartPusher.Status.pushed, ChartPusher.Status.pushed), results.stream().map(ChartPusher.Result::status).toList());
            assertEquals(2, proxy.requests.stream().filter(r -> r.startsWith("PUT /v2/charts/neotool/manifests")).count(), proxy.requests.toString());
            assertTrue(log.text().contains("already held this build's manifest"), log.text());
        }
    }

    /** A registry whose error echoes the request's Authorization header: the login reaches no message, log or report. */
    @Test
    void aRegistryErrorEchoingTheLoginShowsItMasked() throws Exception {
        String user = "ci";
        String password = "pw-" + java.util.UUID.randomUUID();
        String basic = java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        try (RegistryServer server = RegistryServer.start(Files.createDirectories(tmp.resolve("reg")), user, password, false);
             FaultProxy proxy = FaultProxy.start(server.host())) {
            proxy.on(matching("PUT /v2/.*/manifests/.*"), 1, (exchange, p) -> {
                exchange.getRequestBody().readAllBytes();
                byte[] body = ("{\"errors\":[{\"code\":\"DENIED\",\"message\":\"refused; headers: Authorization: "
                        + exchange.getRequestHeaders().getFirst("Authorization") + ", password " + password + "; basic schema check\"}]}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(400, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
                return true;
            });
            Path packages = platform("out");
            RuntimeException e = assertThrows(RuntimeException.class, () -> new ChartPusher(log).push(request("oci://"
                    + proxy.host() + "/org", packages, new RegistryCredentials(user, password.toCharArray()), null, false)));
            assertTrue(e.getMessage().contains("DENIED: refused; headers: Authorization: Basic ****, password ****; basic schema check"),
                    e.getMessage());
            String report = Files.readString(packages.resolve(PushReport.FILE));
            for (String text : List.of(e.getMessage(), report, log.text())) {
                assertFalse(text.contains(basic) || text.contains(password), text);
            }
        }
    }

    /**
     * A registry that refuses a request made with the token its token service issued (Quay's quota answer, 403 DENIED; a
     * token without the permission, 401) refused that request, for the reason it gives: not said as a wrong login.
     */
    @Test
    void aRequestRefusedWithAnIssuedTokenIsNamedWithTheRegistrysReasonNotAsAWrongLogin() throws Exception {
        String password = "pw-" + java.util.UUID.randomUUID();
        RegistryCredentials login = new RegistryCredentials("ci", password.toCharArray());
        try (TokenService tokens = TokenService.start(tmp.resolve("tokens"), "ci", password);
             RegistryServer server = RegistryServer.startWithTokenAuth(Files.createDirectories(tmp.resolve("reg")), tokens);
             FaultProxy proxy = FaultProxy.start(server.host())) {
            Path packages = platform("out");
            proxy.on(matching("PUT /v2/.*/manifests/.*"), 1, FaultProxy.answer(403, java.util.Map.of("Content-Type",
                    "application/json"), "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"Quota has been exceeded on namespace org\"}]}"));
            RegistryAuthException quota = assertThrows(RegistryAuthException.class, () -> new ChartPusher(log)
                    .push(request("oci://" + proxy.host() + "/org", packages, login, null, false)));
            assertTrue(quota.getMessage().startsWith("Registry " + proxy.host() + " refused PUT /v2/org/neotool/manifests/0.1.0 "
                    + "(HTTP 403, DENIED: Quota has been exceeded on namespace org): its token service accepted the login as user 'ci'"
                    + " and issued a token, but the registry does not allow this request. Check what its answer says (a quota, say)"
                    + " and that user 'ci' may pull and push org/neotool (and create it, for a first push)."), quota.getMessage());

            String challenge = "Bearer realm=\"" + tokens.realm() + "\",service=\"" + TokenService.SERVICE
                    + "\",scope=\"repository:other/neotool:pull,push\",error=\"insufficient_scope\"";
            proxy.on(matching("POST /v2/.*/blobs/uploads/"), 2, FaultProxy.answer(401, java.util.Map.of("WWW-Authenticate", challenge),
                    "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}"));
            RegistryAuthException scope = assertThrows(RegistryAuthException.class, () -> new ChartPusher(log)
                    .push(request("oci://" + proxy.host() + "/other", packages, login, null, false)));
            assertTrue(scope.getMessage().contains("refused POST /v2/other/neotool/blobs/uploads/ (HTTP 401, UNAUTHORIZED: "
                    + "authentication required): its token service accepted the login"), scope.getMessage());
            for (RegistryAuthException e : List.of(quota, scope)) {
                assertFalse(e.getMessage().contains("rejected the login") || e.getMessage().contains(password), e.getMessage());
            }
        }
    }

    @Test
    void aTagAnotherPushTakesRightAfterOursFailsNamingBothDigests() throws Exception {
        try (RegistryServer server = RegistryServer.start(Files.createDirectories(tmp.resolve("reg")), null, null, false);
             FaultProxy proxy = FaultProxy.start(server.host())) {
            // Another build's neotool-service, already in the repository under another version.
            TestCharts.create(tmp.resolve("other-src"), "neotool-service", "0.0.9");
            TestCharts.pack(tmp.resolve("other-src"), tmp.resolve("other"), BuildLog.SILENT);
            new ChartPusher(BuildLog.SILENT).push(request("oci://" + server.host() + "/charts", tmp.resolve("other"), null, null, false));
            RegistryClient client = RegistryClient.connect(server.reference("charts"), null, null, false, ChartPusherTest.FAST, "", log);
            RegistryClient.Manifest theirs = client.manifest("charts/neotool-service", "0.0.9").orElseThrow();
            proxy.on(matching("PUT /v2/charts/neotool-service/manifests/0.1.0"), 1, FaultProxy.thenTag(theirs.body()));
            Path packages = platform("out");
            String ours = HelmOciArtifact.of(PackageSet.read(packages).get(1)).manifestDigest();

            RegistryConflictException e = assertThrows(RegistryConflictException.class, () -> new ChartPusher(log)
                    .push(request("oci://" + proxy.host() + "/charts", packages, null, null, false)));

            assertTrue(e.getMessage().contains(theirs.digest()) && e.getMessage().contains(ours), e.getMessage());
            JsonNode report = new ObjectMapper().readTree(packages.resolve(PushReport.FILE).toFile());
            assertEquals("failed", report.get("outcome").asText());
            assertTrue(report.get("error").asText().contains(theirs.digest()), report.toString());
            assertEquals("pushed", report.get("charts").get(0).get("status").asText(), "the chart pushed before is listed: " + report);
            assertEquals("failed", report.get("charts").get(1).get("status").asText(), report.toString());
            assertEquals(theirs.digest(), report.get("charts").get(1).get("digest").asText());
        }
    }

    @Test
    void twoBuildsPushingDifferentContentAsTheSameReleaseDoNotBothSucceed() throws Exception {
        try (RegistryServer server = RegistryServer.start(Files.createDirectories(tmp.resolve("reg")), null, null, false);
             FaultProxy proxy = FaultProxy.start(server.host())) {
            Path a = platform("a");
            Path b = changedPlatform("b");
            CountDownLatch uploading = new CountDownLatch(1);
            CountDownLatch go = new CountDownLatch(1);
            // B has checked the tags and is about to upload when A pushes the same versions.
            proxy.on(matching("HEAD /v2/.*/blobs/.*"), 1, FaultProxy.hold(uploading, go));
            CompletableFuture<List<ChartPusher.Result>> buildB = CompletableFuture.supplyAsync(() -> {
                try {
                    return new ChartPusher(log).push(request("oci://" + proxy.host() + "/charts", b, null, null, false));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertTrue(uploading.await(60, TimeUnit.SECONDS), "build B reached its uploads: " + log.text());
            List<ChartPusher.Result> buildA = new ChartPusher(BuildLog.SILENT).push(request("oci://" + server.host() + "/charts", a, null, null, false));
            go.countDown();

            ExecutionException failed = assertThrows(ExecutionException.class, () -> buildB.get(60, TimeUnit.SECONDS));
            assertTrue(failed.getCause() instanceof RegistryConflictException, String.valueOf(failed.getCause()));
            String message = failed.getCause().getMessage();
            String bDigest = HelmOciArtifact.of(PackageSet.read(b).get(0)).manifestDigest();
            assertTrue(message.contains(buildA.get(0).digest()) && message.contains(bDigest), message);
            RegistryClient client = RegistryClient.connect(server.reference("charts"), null, null, false, ChartPusherTest.FAST, "", log);
            assertEquals(buildA.get(0).digest(), client.manifest("charts/neotool", "0.1.0").orElseThrow().digest());
            assertEquals(buildA.get(1).digest(), client.manifest("charts/neotool-service", "0.1.0").orElseThrow().digest());
        }
    }

    @Test
    void statusesAreClassifiedNotRetried() throws Exception {
        try (RegistryServer server = RegistryServer.start(Files.createDirectories(tmp.resolve("reg")), null, null, false);
             FaultProxy proxy = FaultProxy.start(server.host())) {
            Path packages = platform("out");

            proxy.on(matching("POST /v2/.*/blobs/uploads/"), 1, FaultProxy.status(404));
            RegistryResponseException notFound = assertThrows(RegistryResponseException.class, () -> new ChartPusher(log)
                    .push(request("oci://" + proxy.host() + "/charts", packages, null, null, false)));
            assertEquals(404, notFound.status());
            assertTrue(notFound.getMessage().contains("404") && notFound.getMessage().contains("-Dneotool.registry"), notFound.getMessage());
            assertEquals(1, proxy.requests.stream().filter(r -> r.startsWith("POST")).count(), "404 is not retried: " + proxy.requests);

            proxy.on(matching("PUT /v2/.*/manifests/.*"), 1, FaultProxy.status(409));
            RegistryConflictException conflict = assertThrows(RegistryConflictException.class, () -> new ChartPusher(log)
                    .push(request("oci://" + proxy.host() + "/charts", packages, null, null, false)));
            assertTrue(conflict.getMessage().contains("HTTP 409"), conflict.getMessage());
            assertEquals(1, proxy.requests.stream().filter(r -> r.startsWith("PUT /v2/charts/neotool/manifests")).count());
            // 412 (a precondition the registry holds, such as an immutable tag) is a conflict too
            proxy.on(matching("PUT /v2/.*/manifests/.*"), 1, FaultProxy.status(412));
            RegistryConflictException precondition = assertThrows(RegistryConflictException.class, () -> new ChartPusher(log)
                    .push(request("oci://" + proxy.host() + "/charts", packages, null, null, false)));
            assertTrue(precondition.getMessage().contains("HTTP 412"), precondition.getMessage());
            assertEquals(2, proxy.requests.stream().filter(r -> r.startsWith("PUT /v2/charts/neotool/manifests")).count());
            assertTrue(log.lines.stream().noneMatch(l -> l.contains("retrying")), log.text());

            // an answer shorter than its Content-Length, every time: said as cut short, not as a registry that is down
            // (the tag's HEAD answered without a digest, so its GET is read)
            proxy.on(matching("HEAD /v2/.*/manifests/.*"), 100, FaultProxy.answer(200, java.util.Map.of(), ""));
            proxy.on(matching("GET /v2/.*/manifests/.*"), 100, (exchange, p) -> {
                exchange.sendResponseHeaders(200, 151);
                exchange.getResponseBody().write("{\"schemaVersion\":2".getBytes(StandardCharsets.UTF_8));
                exchange.close();
                return true;
            });
            RegistryUnavailableException cut = assertThrows(RegistryUnavailableException.class, () -> new ChartPusher(log)
                    .push(request("oci://" + proxy.host() + "/charts", packages, null, null, false)));
            assertTrue(cut.getMessage().contains("its answers were cut short"), cut.getMessage());
        }
    }

    /**
     * What else a registry sends back that may echo the login (a challenge's parameters, a body that is not JSON) reaches
     * no message, log or report, in any base64 form; a challenge's parameter names are read whatever their case.
     */
    @Test
    void aRegistrysChallengesAndBodiesNeverCarryTheLoginIntoAMessage() throws Exception {
        String user = "ci";
        String password = "pw-" + java.util.UUID.randomUUID();
        String basic = java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        String unpadded = basic.replace("=", "");
        try (RegistryServer server = RegistryServer.start(Files.createDirectories(tmp.resolve("reg")), user, password, false);
             FaultProxy proxy = FaultProxy.start(server.host())) {
            Path packages = platform("out");
            RegistryCredentials login = new RegistryCredentials(user, password.toCharArray());
            proxy.on(matching("HEAD /v2/.*/manifests/.*"), 1, FaultProxy.answer(401,
                    java.util.Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\",echo=\"Basic " + basic + "\""), "{}"));
            RuntimeException noRealm = assertThrows(RuntimeException.class, () -> new ChartPusher(log)
                    .push(request("oci://" + proxy.host() + "/org", packages, login, null, false)));
            assertTrue(noRealm.getMessage().contains("without naming its token service (no realm"), noRealm.getMessage());

            proxy.on(matching("HEAD /v2/.*/manifests/.*"), 1, FaultProxy.answer(200, java.util.Map.of(), ""));
            proxy.on(matching("GET /v2/.*/manifests/.*"), 1, FaultProxy.answer(200, java.util.Map.of(), unpadded));
            RuntimeException notJson = assertThrows(RuntimeException.class, () -> new ChartPusher(log)
                    .push(request("oci://" + proxy.host() + "/org", packages, login, null, false)));
            assertTrue(notJson.getMessage().contains("bytes that are not JSON"), notJson.getMessage());
            assertEquals(null, notJson.getCause());

            // REALM in capitals is the realm: the login goes to that token service (here, one that is not listening)
            proxy.on(matching("(HEAD|GET) /v2/.*/manifests/.*"), 100, FaultProxy.answer(401,
                    java.util.Map.of("WWW-Authenticate", "BEARER REALM=\"https://127.0.0.1:1/token\""), "{}"));
            RuntimeException capitals = assertThrows(RuntimeException.class, () -> new ChartPusher(log)
                    .push(request("oci://" + proxy.host() + "/org", packages, login, null, false)));
            assertTrue(capitals.getMessage().contains("token service https://127.0.0.1:1/token"), capitals.getMessage());

            String report = Files.readString(packages.resolve(PushReport.FILE));
            for (Throwable e : List.of(noRealm, notJson, capitals)) {
                for (String text : List.of(String.valueOf(e.getMessage()), String.valueOf(e.getCause()))) {
                    assertFalse(text.contains(unpadded) || text.contains(password), text);
                }
            }
            assertFalse(report.contains(unpadded) || report.contains(password), report);
            assertFalse(log.text().contains(unpadded) || log.text().contains(password), log.text());
        }
    }

    /**
     * A manifest is named by its bytes: a Docker-Content-Digest header that says otherwise is no concurrent push. The
     * header of a tag's HEAD that is not this build's manifest digest has the manifest read, and its bytes decide.
     */
    @Test
    void aManifestIsNamedByItsBytesNotByAHeader() throws Exception {
        try (RegistryServer server = RegistryServer.start(Files.createDirectories(tmp.resolve("reg")), null, null, false);
             FaultProxy proxy = FaultProxy.start(server.host())) {
            Path packages = platform("out");
            proxy.on(matching("(HEAD|GET) /v2/.*/manifests/.*"), 100,
                    FaultProxy.withHeader("Docker-Content-Digest", "sha256:" + "0".repeat(64)));
            List<ChartPusher.Result> results = new ChartPusher(log).push(request("oci://" + proxy.host() + "/charts", packages, null, null, false));
            assertEquals(List.of(ChartPusher.Status.pushed, ChartPusher.Status.pushed), results.stream().map(ChartPusher.Result::status).toList());
            for (ChartPusher.Result r : results) {
                assertFalse(r.digest().contains("000000"), r.toString());
            }
            assertEquals(2, proxy.requests.stream().filter(r -> r.startsWith("GET /v2/charts/") && r.contains("/manifests/")).count(),
                    "each read-back's HEAD named another digest, so its GET was read: " + proxy.requests);
        }
    }

    /**
     * A tag is checked with HEAD, which Docker Hub does not count against its pull rate limit as it counts a GET: a push
     * of new versions and a run that finds them all there read no manifest. A registry whose HEAD sends no
     * Docker-Content-Digest has its manifests read instead, and the run skips the charts as well.
     */
    @Test
    void tagsAreCheckedWithHeadAndReadOnlyWhenTheAnswerDoesNotSayTheyAreOurs() throws Exception {
        try (RegistryServer server = RegistryServer.start(Files.createDirectories(tmp.resolve("reg")), null, null, false);
             FaultProxy proxy = FaultProxy.start(server.host())) {
            Path packages = platform("out");
            String registry = "oci://" + proxy.host() + "/charts";
            List<ChartPusher.Result> pushed = new ChartPusher(log).push(request(registry, packages, null, null, false));
            assertEquals(List.of(ChartPusher.Status.pushed, ChartPusher.Status.pushed), pushed.stream().map(ChartPusher.Result::status).toList());
            // per chart: the check before the uploads, the one before the manifest PUT, the read-back after it
            assertEquals(List.of("HEAD", "HEAD", "HEAD", "HEAD", "HEAD", "HEAD"), manifestReads(proxy), proxy.requests.toString());

            proxy.requests.clear();
            List<ChartPusher.Result> again = new ChartPusher(log).push(request(registry, packages, null, null, false));
            assertEquals(List.of(ChartPusher.Status.skipped, ChartPusher.Status.skipped), again.stream().map(ChartPusher.Result::status).toList());
            assertEquals(List.of("HEAD", "HEAD"), manifestReads(proxy), proxy.requests.toString());

            proxy.requests.clear();
            proxy.on(matching("HEAD /v2/.*/manifests/.*"), 100, FaultProxy.withoutHeader("Docker-Content-Digest"));
            List<ChartPusher.Result> withoutDigest = new ChartPusher(log).push(request(registry, packages, null, null, false));
            assertEquals(again, withoutDigest);
            assertEquals(List.of("HEAD", "GET", "HEAD", "GET"), manifestReads(proxy), proxy.requests.toString());
        }
    }

    /** The methods of the requests for a manifest that went through {@code proxy}, in order. */
    private static List<String> manifestReads(FaultProxy proxy) {
        return proxy.requests.stream().filter(r -> r.matches("(HEAD|GET) /v2/.*/manifests/.*"))
                .map(r -> r.substring(0, r.indexOf(' '))).toList();
    }

    /** A blob whose bytes are not those its digest names (changed on the way or in storage) is refused, not returned. */
    @Test
    void aBlobWhoseBytesDoNotMatchItsDigestIsRefused() throws Exception {
        try (RegistryServer server = RegistryServer.start(Files.createDirectories(tmp.resolve("reg")), null, null, false);
             FaultProxy proxy = FaultProxy.start(server.host())) {
            Path packages = platform("out");
            new ChartPusher(log).push(request("oci://" + server.host() + "/charts", packages, null, null, false));
            PackagedChart chart = PackageSet.read(packages).get(0);
            RegistryClient client = RegistryClient.connect(RegistryReference.parse("oci://" + proxy.host() + "/charts"), null, null,
                    false, ChartPusherTest.FAST, "", log);
            assertArrayEquals(Files.readAllBytes(chart.archive()), client.blob("charts/" + chart.name(), chart.digest()));

            byte[] other = "not the chart".getBytes(StandardCharsets.UTF_8);
            proxy.on(matching("GET /v2/.*/blobs/.*"), 1, FaultProxy.answer(200, java.util.Map.of(), "not the chart"));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> client.blob("charts/" + chart.name(), chart.digest()));
            assertTrue(e.getMessage().contains("Blob " + chart.digest() + " from " + proxy.host() + " has digest "
                    + RegistryClient.digest(other)), e.getMessage());
        }
    }

    /** The registry's own host, with or without the port its scheme implies, is the same host. */
    @Test
    void theDefaultPortNamesTheSameHost() {
        assertEquals("ghcr.io", RegistryClient.withoutDefaultPort("https", "ghcr.io:443"));
        assertEquals("ghcr.io", RegistryClient.withoutDefaultPort("https", "ghcr.io"));
        assertEquals("ghcr.io:80", RegistryClient.withoutDefaultPort("https", "ghcr.io:80"));
        assertEquals("127.0.0.1", RegistryClient.withoutDefaultPort("http", "127.0.0.1:80"));
        assertEquals("127.0.0.1:5000", RegistryClient.withoutDefaultPort("http", "127.0.0.1:5000"));
    }

    /**
     * A registry on object storage answers HEAD of a blob it has with a redirect to the storage: the blob is there, and
     * a push whose blobs are partly there already (an overwritten SNAPSHOT, a push killed before its manifests) goes
     * through, uploading only what is missing.
     */
    @Test
    void aBlobTheRegistryRedirectsToItsStorageIsThere() throws Exception {
        try (RegistryServer server = RegistryServer.startRedirectingBlobs(Files.createDirectories(tmp.resolve("reg")),
                "http://127.0.0.1:9/storage")) {
            Path packages = platform("out");
            new ChartPusher(log).push(request("oci://" + server.host() + "/charts", packages, null, null, false));
            java.net.http.HttpResponse<Void> head = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                    .newBuilder(java.net.URI.create("http://" + server.host() + "/v2/charts/neotool/blobs/"
                            + RegistryClient.digest(Files.readAllBytes(packages.resolve("neotool-0.1.0.tgz")))))
                    .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            assertEquals(307, head.statusCode(), "the registry redirects a blob it has");

            Path changed = changedPlatform("changed");
            List<ChartPusher.Result> results = new ChartPusher(log).push(request("oci://" + server.host() + "/charts", changed,
                    null, null, true));
            assertEquals(List.of(ChartPusher.Status.pushed, ChartPusher.Status.pushed),
                    results.stream().map(ChartPusher.Result::status).toList(), log.text());
            RegistryClient client = RegistryClient.connect(server.reference("charts"), null, null, false, ChartPusherTest.FAST, "", log);
            assertEquals(results.get(1).digest(), client.manifest("charts/neotool-service", "0.1.0").orElseThrow().digest());
        }
    }

    /**
     * The token service failing for a moment (5xx, 429) is retried as the registry's own answers are, after the pause
     * its Retry-After asks for; the registry's error text is in the retry's warning.
     */
    @Test
    void aTokenServiceFailingForAMomentIsRetried() throws Exception {
        try (TokenService tokens = TokenService.start(tmp.resolve("tokens"), "ci", "secret");
             FaultProxy tokenProxy = FaultProxy.start(java.net.URI.create(tokens.realm()).getRawAuthority())) {
            tokenProxy.on(matching("GET /token.*"), 1, FaultProxy.answer(503, java.util.Map.of("Retry-After", "1"),
                    "{\"errors\":[{\"code\":\"UNAVAILABLE\",\"message\":\"try later\"}]}"));
            tokens.realmOverride = "http://" + tokenProxy.host() + "/token";
            try (RegistryServer server = RegistryServer.startWithTokenAuth(Files.createDirectories(tmp.resolve("reg")), tokens)) {
            Path packages = platform("out");
            List<ChartPusher.Result> results = new ChartPusher(log).push(request("oci://" + server.host() + "/charts", packages,
                    new RegistryCredentials("ci", "secret".toCharArray()), null, false));
            assertEquals(List.of(ChartPusher.Status.pushed, ChartPusher.Status.pushed),
                    results.stream().map(ChartPusher.Result::status).toList(), log.text());
            assertTrue(log.lines.stream().anyMatch(l -> l.contains("failed (HTTP 503 from its token service http://")
                    && l.contains("UNAVAILABLE: try later") && l.contains("retrying in 1000 ms")), log.text());
            }
        }
    }

    /**
     * A registry reached over TLS that hands out plain-HTTP upload locations (behind a TLS proxy that does not say so):
     * nothing goes out unencrypted; the push fails naming the location's scheme and what to set.
     */
    @Test
    void aPlainHttpUploadLocationFromATlsRegistryIsRefused() throws Exception {
        try (RegistryServer server = RegistryServer.startOverTlsWithHttpLocations(Files.createDirectories(tmp.resolve("reg")))) {
            Path packages = platform("out");
            RegistryResponseException e = assertThrows(RegistryResponseException.class, () -> new ChartPusher(log)
                    .push(request("oci://" + server.host() + "/charts", packages, null, server.caFile(), false)));
            assertTrue(e.getMessage().contains("speaks https but handed out an upload location over http (http://" + server.host()
                    + "/v2/charts/") && e.getMessage().contains("nothing was sent there")
                    && e.getMessage().contains("-Dneotool.registry.plainHttp=true"), e.getMessage());
            assertFalse(e.getMessage().contains("_state"), "the location's query (upload state) is not shown: " + e.getMessage());
        }
    }

    /** An upload sent on to another host: the login is not sent there, and a refusal there is said as that. */
    @Test
    void anUploadLocationOnAnotherHostThatAsksForALoginIsNamed() throws Exception {
        String user = "ci";
        String password = "pw-" + java.util.UUID.randomUUID();
        try (RegistryServer server = RegistryServer.start(Files.createDirectories(tmp.resolve("reg")), user, password, false);
             FaultProxy proxy = FaultProxy.start(server.host());
             FaultProxy elsewhere = FaultProxy.start(server.host())) {
            Path packages = platform("out");
            elsewhere.on(matching(".*"), 100, FaultProxy.status(401));
            String other = "localhost:" + elsewhere.host().substring(elsewhere.host().indexOf(':') + 1);
            proxy.on(matching("POST /v2/.*/blobs/uploads/"), 100, FaultProxy.answer(202,
                    java.util.Map.of("Location", "http://" + other + "/upload/abc?_state=x"), ""));
            RegistryAuthException e = assertThrows(RegistryAuthException.class, () -> new ChartPusher(log)
                    .push(request("oci://" + proxy.host() + "/org", packages, new RegistryCredentials(user, password.toCharArray()), null, false)));
            assertTrue(e.getMessage().contains("sent the request on to http://" + other + "/upload/abc (its Location), which answered "
                    + "HTTP 401: the login goes only to the registry's own host"), e.getMessage());
            assertFalse(e.getMessage().contains("rejected the login"), e.getMessage());
        }
    }

    /** A tag that holds a Docker image (not OCI) is read as what it is, and refused as no chart, not as a bad request. */
    @Test
    void aTagHoldingADockerImageIsRefusedAsNoChart() throws Exception {
        try (RegistryServer server = RegistryServer.start(Files.createDirectories(tmp.resolve("reg")), null, null, false)) {
            Path packages = platform("out");
            PackagedChart umbrella = PackageSet.read(packages).get(0);
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            String repo = "http://" + server.host() + "/v2/charts/" + umbrella.name();
            byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
            String configDigest = RegistryClient.digest(config);
            String upload = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(repo + "/blobs/uploads/"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).headers().firstValue("Location").orElseThrow();
            java.net.URI put = java.net.URI.create("http://" + server.host() + "/").resolve(upload);
            put = java.net.URI.create(put + (put.getQuery() == null ? "?" : "&") + "digest=" + configDigest);
            assertEquals(201, http.send(java.net.http.HttpRequest.newBuilder(put).PUT(java.net.http.HttpRequest.BodyPublishers
                    .ofByteArray(config)).build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode());
            String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                    + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":" + config.length
                    + ",\"digest\":\"" + configDigest + "\"},\"layers\":[]}";
            assertEquals(201, http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(repo + "/manifests/" + umbrella.tag()))
                    .header("Content-Type", "application/vnd.docker.distribution.manifest.v2+json")
                    .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(manifest)).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode());

            RuntimeException e = assertThrows(RuntimeException.class, () -> new ChartPusher(log)
                    .push(request("oci://" + server.host() + "/charts", packages, null, null, false)));
            assertTrue(e.getMessage().contains("holds an artifact with no Helm chart layer"), e.getMessage());
        }
    }

    /** Another build pushing the very same charts while this one uploads: its manifests are this build's, skipped. */
    @Test
    void theSameChartsPushedMeanwhileByAnotherBuildAreSkipped() throws Exception {
        try (RegistryServer server = RegistryServer.start(Files.createDirectories(tmp.resolve("reg")), null, null, false);
             FaultProxy proxy = FaultProxy.start(server.host())) {
            Path packages = platform("out");
            Path same = tmp.resolve("same");
            io.neotool.charts.testtools.FileSnapshots.copyTree(packages, same);
            proxy.on(matching("PUT /v2/.*/blobs/uploads/.*"), 1, (exchange, p) -> {
                new ChartPusher(BuildLog.SILENT).push(request("oci://" + server.host() + "/charts", same, null, null, false));
                return false; // then ours goes on
            });
            List<ChartPusher.Result> results = new ChartPusher(log).push(request("oci://" + proxy.host() + "/charts", packages, null, null, false));
            assertEquals(List.of(ChartPusher.Status.skipped, ChartPusher.Status.skipped),
                    results.stream().map(ChartPusher.Result::status).toList(), log.text());
            assertTrue(log.text().contains("another push put the same chart there meanwhile"), log.text());
            assertEquals(0, proxy.requests.stream().filter(r -> r.startsWith("PUT /v2/charts/neotool/manifests")).count(),
                    "nothing written over it: " + proxy.requests);
        }
    }
}
