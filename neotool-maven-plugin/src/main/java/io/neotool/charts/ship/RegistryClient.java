package io.neotool.charts.ship;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neotool.charts.BuildLog;
import io.neotool.charts.InputException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * The few OCI distribution API calls the push needs, over {@code java.net.http}: ping, manifest by tag
 * (its digest and the chart layer's digest) and blobs. Speaks Basic and Bearer-token auth (GHCR) with
 * the credentials in memory only. Connection failures and 5xx/429 are retried with backoff; 401/403
 * fail at once.
 */
public final class RegistryClient {
    /** Helm's media type for the chart archive layer. */
    public static final String CHART_LAYER = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A manifest in the registry: its digest and the digest of the chart layer it points to. */
    public record Manifest(String digest, String chartLayerDigest, byte[] body) {}

    private final RegistryReference registry;
    private final HttpClient http;
    private final RegistryCredentials credentials;
    private final RetryPolicy retry;
    private final String authHint;
    private final BuildLog log;
    private String scheme;
    private String authorization;

    private RegistryClient(RegistryReference registry, HttpClient http, RegistryCredentials credentials,
                           RetryPolicy retry, String authHint, BuildLog log) {
        this.registry = registry;
        this.http = http;
        this.credentials = credentials;
        this.retry = retry;
        this.authHint = authHint;
        this.log = log;
    }

    /**
     * Connects to the registry: HTTPS, verified against the JVM's trust store or only the CA file given.
     * Plain HTTP when {@code allowPlainHttp}, or for a loopback registry without a CA file that speaks it.
     *
     * @param authHint said after a 401/403, e.g. which settings.xml server id was used
     */
    public static RegistryClient connect(RegistryReference registry, RegistryCredentials credentials, Path caFile,
                                         boolean allowPlainHttp, RetryPolicy retry, String authHint, BuildLog log) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER);
        if (caFile != null) {
            builder.sslContext(trusting(caFile));
        }
        RegistryClient client = new RegistryClient(registry, builder.build(), credentials, retry, authHint, log);
        // Plain HTTP: asked for, or a loopback registry without a CA file (switching to TLS if it answers
        // "Client sent an HTTP request to an HTTPS server"). Anything else is TLS, verified.
        boolean tryHttp = allowPlainHttp || (registry.loopback() && caFile == null);
        client.scheme = tryHttp ? "http" : "https";
        try {
            HttpResponse<byte[]> answer = client.send("GET", "/v2/", Map.of(), false);
            if (tryHttp && answer.statusCode() == 400 && new String(answer.body(), StandardCharsets.UTF_8).contains("HTTPS server")) {
                client.scheme = "https";
                client.ping();
            }
        } catch (PlainHttpServer e) {
            throw new InputException("Registry " + registry.host() + " speaks plain HTTP, not TLS. Plain HTTP is only used"
                    + " for a loopback registry; set -Dneotool.registry.plainHttp=true to allow it for this host.");
        }
        log.debug("Registry " + registry.host() + " over " + client.scheme);
        return client;
    }

    /** Whether this client talks plain HTTP (Helm must be told the same). */
    public boolean plainHttp() {
        return "http".equals(scheme);
    }

    /** {@code GET /v2/}: reachable (any answer but 5xx, including 401). */
    void ping() {
        send("GET", "/v2/", Map.of(), false);
    }

    /** The manifest tagged {@code tag} in {@code repository}, or empty when there is none. */
    public Optional<Manifest> manifest(String repository, String tag) {
        HttpResponse<byte[]> response = send("GET", "/v2/" + repository + "/manifests/" + tag,
                Map.of("Accept", OCI_MANIFEST), true);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        expectOk(response, "manifest " + repository + ":" + tag);
        byte[] body = response.body();
        String digest = response.headers().firstValue("Docker-Content-Digest").orElseGet(() -> "sha256:" + sha256(body));
        String layer = null;
        try {
            for (JsonNode node : JSON.readTree(body).path("layers")) {
                if (CHART_LAYER.equals(node.path("mediaType").asText())) {
                    layer = node.path("digest").asText();
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Registry " + registry.host() + " sent a manifest for " + repository + ":" + tag
                    + " that is not JSON", e);
        }
        return Optional.of(new Manifest(digest, layer, body));
    }

    /** The bytes of blob {@code digest} in {@code repository}, checked against the digest. */
    public byte[] blob(String repository, String digest) {
        HttpResponse<byte[]> response = send("GET", "/v2/" + repository + "/blobs/" + digest, Map.of(), true);
        if (response.statusCode() / 100 == 3) { // storage redirect: the signed URL must not get our credentials
            URI location = URI.create(scheme + "://" + registry.host()).resolve(response.headers().firstValue("Location").orElseThrow());
            try {
                response = http.send(HttpRequest.newBuilder(location).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                throw new RegistryUnavailableException("Could not fetch blob " + digest + " from " + location.getHost() + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        expectOk(response, "blob " + repository + "@" + digest);
        String actual = "sha256:" + sha256(response.body());
        if (!actual.equals(digest)) {
            throw new IllegalStateException("Blob " + digest + " from " + registry.host() + " has digest " + actual);
        }
        return response.body();
    }

    private void expectOk(HttpResponse<byte[]> response, String what) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Registry " + registry.host() + " answered " + response.statusCode() + " for " + what
                    + ": " + new String(response.body(), StandardCharsets.UTF_8).strip());
        }
    }

    private HttpResponse<byte[]> send(String method, String path, Map<String, String> headers, boolean authenticate) {
        URI uri = URI.create(scheme + "://" + registry.host() + path);
        Exception last = null;
        String lastStatus = null;
        boolean authorised = false;
        for (int attempt = 1; attempt <= retry.attempts(); attempt++) {
            if (attempt > 1) {
                pause(attempt - 1, uri, lastStatus != null ? lastStatus : String.valueOf(last));
            }
            HttpResponse<byte[]> response;
            try {
                response = exchange(method, uri, headers);
                if (response.statusCode() == 401 && authenticate && !authorised) {
                    authorise(response, path);
                    authorised = true;
                    response = exchange(method, uri, headers);
                }
            } catch (SSLException e) {
                if (String.valueOf(e.getMessage()).contains("nrecognized SSL message")) {
                    throw new PlainHttpServer(e);
                }
                throw new RegistryUnavailableException("TLS with registry " + registry.host() + " failed: " + e.getMessage()
                        + ". If it uses a private CA, pass its certificate with -Dneotool.registry.caFile=<pem>.", e);
            } catch (IOException e) { // connection refused or reset, timeout
                last = e;
                lastStatus = null;
                continue;
            }
            int status = response.statusCode();
            if ((status == 401 || status == 403) && authenticate) {
                throw authFailure(status, uri);
            }
            if (status >= 500 || status == 429) {
                lastStatus = "HTTP " + status;
                last = null;
                continue;
            }
            return response;
        }
        String cause = lastStatus != null ? "it kept answering " + lastStatus : "it could not be reached (" + describe(last) + ")";
        throw new RegistryUnavailableException("Registry " + registry.host() + " failed " + retry.attempts() + " attempts at "
                + method + " " + uri + ": " + cause + ". Check that the registry is up and -Dneotool.registry is right.", last);
    }

    private static String describe(Exception e) {
        if (e == null) {
            return "no answer";
        }
        return e instanceof ConnectException ? "connection refused" : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private void pause(int attempt, URI uri, String why) {
        Duration delay = retry.delayAfter(attempt);
        log.warn("Registry " + uri.getAuthority() + " failed (" + why + "); retrying in " + delay.toMillis() + " ms");
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to retry " + uri, e);
        }
    }

    private HttpResponse<byte[]> exchange(String method, URI uri, Map<String, String> headers) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted talking to " + uri, e);
        }
    }

    private void authorise(HttpResponse<byte[]> challenge, String path) throws IOException {
        String header = challenge.headers().firstValue("WWW-Authenticate").orElse("");
        if (credentials == null) {
            throw new RegistryAuthException("Registry " + registry.host() + " requires a login and no credentials were found. " + authHint);
        }
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                (credentials.username() + ":" + new String(credentials.password())).getBytes(StandardCharsets.UTF_8));
        if (header.regionMatches(true, 0, "Bearer", 0, 6)) {
            Map<String, String> params = new LinkedHashMap<>();
            Matcher m = CHALLENGE_PARAM.matcher(header);
            while (m.find()) {
                params.put(m.group(1), m.group(2));
            }
            String realm = params.remove("realm");
            if (realm == null) {
                throw new IllegalStateException("Registry " + registry.host() + " sent a Bearer challenge without realm: " + header);
            }
            StringBuilder url = new StringBuilder(realm).append(realm.contains("?") ? '&' : '?');
            params.forEach((k, v) -> url.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
            HttpResponse<byte[]> token;
            try {
                token = http.send(HttpRequest.newBuilder(URI.create(url.substring(0, url.length() - 1)))
                        .header("Authorization", basic).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (token.statusCode() == 401 || token.statusCode() == 403) {
                throw authFailure(token.statusCode(), URI.create(realm));
            }
            if (token.statusCode() != 200) {
                throw new RegistryUnavailableException("Token service " + realm + " answered " + token.statusCode(), null);
            }
            JsonNode json = JSON.readTree(token.body());
            String value = json.hasNonNull("token") ? json.get("token").asText() : json.path("access_token").asText();
            authorization = "Bearer " + value;
        } else {
            authorization = basic;
        }
    }

    private RegistryAuthException authFailure(int status, URI uri) {
        String who = credentials == null ? "anonymously" : "as user '" + credentials.username() + "'";
        String what = status == 401 ? "rejected the login " + who : "denied access " + who;
        return new RegistryAuthException("Registry " + registry.host() + " " + what + " (HTTP " + status + " at " + uri.getPath()
                + "). " + authHint);
    }

    private static SSLContext trusting(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, cert);
            }
            if (i == 0) {
                throw new InputException("CA file " + caFile + " holds no PEM certificate");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new InputException("Cannot read CA file " + caFile + " (neotool.registry.caFile): " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new InputException("CA file " + caFile + " is not a PEM certificate bundle: " + e.getMessage(), e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The server answered a TLS hello with plain HTTP. */
    private static final class PlainHttpServer extends RuntimeException {
        PlainHttpServer(Throwable cause) {
            super(cause);
        }
    }
}
