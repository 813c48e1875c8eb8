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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * The plugin's OCI client (distribution spec), over {@code java.net.http}: ping, manifest by tag ({@code HEAD} for
 * whether it is the one expected; {@code GET} for its digest and the chart layer's digest), blob download, blob upload
 * ({@code HEAD}, then {@code POST} + one {@code PUT}) and manifest {@code PUT}. Speaks Basic and Bearer-token auth (GHCR) with the
 * credentials in memory only: nothing is ever written to disk. Failures are classified by HTTP status:
 * no connection, 5xx and 429 are retried with backoff in one loop; 401/403 fail at once
 * ({@link RegistryAuthException}); 409/412 are conflicts ({@link RegistryConflictException}); any other
 * status, 404 included, is a {@link RegistryResponseException}.
 */
public final class RegistryClient {
    /** Helm's media type for the chart archive layer. */
    public static final String CHART_LAYER = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";
    /** Helm's media type for the config blob (the chart's metadata as JSON). */
    public static final String HELM_CONFIG = "application/vnd.cncf.helm.config.v1+json";
    /** The manifest Helm pushes. */
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    /**
     * What a tag is read as: Helm's manifest, and what else a tag may hold (an image index, a Docker image), so that the
     * registry answers with what is there instead of refusing a type it cannot convert to.
     */
    private static final String ACCEPTED_MANIFESTS = String.join(", ", OCI_MANIFEST, "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json", "application/vnd.docker.distribution.manifest.list.v2+json");
    /** How long one request (to the registry or its token service) may take. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    /** A request path of the distribution API about one repository: {@code /v2/<repository>/manifests|blobs/...}. */
    private static final Pattern API_PATH = Pattern.compile("/v2/(.+?)/(?:manifests|blobs)/.*");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A manifest in the registry: its digest and the digest of the chart layer it points to. */
    public record Manifest(String digest, String chartLayerDigest, byte[] body) {}

    private final RegistryReference registry;
    private final HttpClient http;
    private final RegistryCredentials credentials;
    private final RetryPolicy retry;
    private final String authHint;
    private final Path caFile;
    private final BuildLog log;
    private String scheme;
    private RegistryProxy proxy;
    private String authorization;
    /** Whether plain HTTP was allowed for this registry (-Dneotool.registry.plainHttp): then an http Location too. */
    private boolean plainHttpAllowed;
    /** The repositories this client pushes to ({@link #pushesTo}): their tokens are asked with pull and push. */
    private Set<String> pushedRepositories = Set.of();

    private RegistryClient(RegistryReference registry, HttpClient http, RegistryCredentials credentials,
                           RetryPolicy retry, String authHint, Path caFile, BuildLog log) {
        this.registry = registry;
        this.http = http;
        this.credentials = credentials;
        this.retry = retry;
        this.authHint = authHint;
        this.caFile = caFile;
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
        return connect(registry, credentials, caFile, allowPlainHttp, retry, authHint, null, log);
    }

    /** As above, through {@code proxy} (settings.xml's active one) unless null. */
    public static RegistryClient connect(RegistryReference registry, RegistryCredentials credentials, Path caFile,
                                         boolean allowPlainHttp, RetryPolicy retry, String authHint, RegistryProxy proxy,
                                         BuildLog log) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER);
        if (caFile != null) {
            builder.sslContext(trusting(caFile));
        }
        if (proxy != null) {
            builder.proxy(proxy);
        }
        RegistryClient client = new RegistryClient(registry, builder.build(), credentials, retry, authHint, caFile, log);
        client.proxy = proxy;
        // Plain HTTP: asked for, or a loopback registry without a CA file (switching to TLS if it answers
        // "Client sent an HTTP request to an HTTPS server"). Anything else is TLS, verified.
        boolean tryHttp = allowPlainHttp || (registry.loopback() && caFile == null);
        client.scheme = tryHttp ? "http" : "https";
        client.plainHttpAllowed = allowPlainHttp;
        try {
            HttpResponse<byte[]> answer = client.ping();
            if (tryHttp && answer.statusCode() == 400 && new String(answer.body(), StandardCharsets.UTF_8).contains("HTTPS server")) {
                client.scheme = "https";
                answer = client.ping();
            }
            if (answer.statusCode() == 404) {
                // the OCI distribution API's base endpoint answers 200, or 401 asking for credentials
                throw new RegistryResponseException(404, "Registry " + registry.host() + " answered HTTP 404 for GET /v2/, "
                        + "the OCI distribution API's base endpoint: it is not an OCI registry (a web server, or the wrong "
                        + "host or port). Check neotool.registry.");
            }
        } catch (PlainHttpServer e) {
            throw new InputException("Registry " + registry.host() + " speaks plain HTTP, not TLS. " + (caFile != null
                    ? "A CA file (-Dneotool.registry.caFile) means TLS: leave it out for a plain HTTP registry on loopback, or "
                    : "Plain HTTP is only used for a loopback registry; ")
                    + "set -Dneotool.registry.plainHttp=true to allow it for this host.");
        }
        log.debug("Registry " + registry.host() + " over " + client.scheme);
        return client;
    }

    /**
     * The repositories this client will push to. A token for one of them is asked with {@code pull,push}, whatever
     * scope the registry's challenge names: the reads before an upload (the tag, the blobs' {@code HEAD}) are challenged
     * for {@code pull} alone, and Quay and Artifactory grant no pull on a repository that does not exist yet, not even
     * to a user who may create it, so the first push to a new repository would be refused. docker push and Helm ask for
     * both up front too.
     */
    public void pushesTo(Collection<String> repositories) {
        pushedRepositories = Set.copyOf(repositories);
    }

    /** Whether this client talks plain HTTP (a loopback registry, or neotool.registry.plainHttp). */
    public boolean plainHttp() {
        return "http".equals(scheme);
    }

    /** {@code GET /v2/}: reachable (any answer but 5xx, including 401). */
    HttpResponse<byte[]> ping() {
        return retrying("GET /v2/", () -> send("GET", uri("/v2/"), Map.of(), null, false));
    }

    /** The manifest tagged {@code tag} in {@code repository}, or empty when there is none. */
    public Optional<Manifest> manifest(String repository, String tag) {
        String what = "manifest " + repository + ":" + tag;
        HttpResponse<byte[]> response = retrying("GET " + what,
                () -> send("GET", uri("/v2/" + repository + "/manifests/" + tag), Map.of("Accept", ACCEPTED_MANIFESTS), null, true));
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw unexpected(response, "GET " + what);
        }
        byte[] body = response.body();
        // the digest of what was read, not the Docker-Content-Digest header: a manifest is named by its bytes
        String digest = digest(body);
        String layer = null;
        try {
            JsonNode json = JSON.readTree(body);
            JsonNode layers = json.path("layers");
            if (json.path("manifests").isArray() && layers.isMissingNode()) {
                return Optional.of(new Manifest(digest, null, body)); // an image index: no chart layer of its own
            }
            if (!layers.isArray() || !StreamSupport.stream(layers.spliterator(), false).allMatch(l -> l.path("digest").isTextual())) {
                throw new RegistryResponseException(200, "Registry " + registry.host() + " answered GET " + what
                        + " with JSON that is not an OCI image manifest (its layers are not a list of blobs with a "
                        + "digest): check that neotool.registry names an OCI registry");
            }
            for (JsonNode node : layers) {
                if (CHART_LAYER.equals(node.path("mediaType").asText())) {
                    layer = node.path("digest").asText();
                }
            }
        } catch (IOException e) { // not chained: the parser's message quotes the body, which may echo the login
            throw new RegistryResponseException(200, "Registry " + registry.host() + " answered GET " + what + " with "
                    + body.length + " bytes that are not JSON: check that neotool.registry names an OCI registry");
        }
        return Optional.of(new Manifest(digest, layer, body));
    }

    /**
     * The manifest tagged {@code tag} in {@code repository}, or empty when there is none, asked with a {@code HEAD}:
     * Docker Hub counts every manifest {@code GET} as a pull against its rate limit, and a {@code HEAD} not (Helm and
     * oras check tags so). When the answer's {@code Docker-Content-Digest} is the digest of {@code expected}, the tag
     * holds {@code expected} and nothing more is read. Only another digest, or an answer without one, makes the
     * manifest read ({@link #manifest(String, String)}), its digest then taken from its bytes: the header is compared,
     * never shown nor reported. So is any answer but 200 and 404 (a registry that does not serve HEAD), whose GET
     * answer has a body with the registry's error text.
     */
    public Optional<Manifest> manifest(String repository, String tag, Manifest expected) {
        HttpResponse<byte[]> head = retrying("HEAD manifest " + repository + ":" + tag, () -> send("HEAD",
                uri("/v2/" + repository + "/manifests/" + tag), Map.of("Accept", ACCEPTED_MANIFESTS), null, true));
        if (head.statusCode() == 404) {
            return Optional.empty();
        }
        boolean expectedOne = head.headers().firstValue("Docker-Content-Digest").map(expected.digest()::equals)
                .orElse(false);
        if (head.statusCode() == 200 && expectedOne) {
            return Optional.of(expected);
        }
        return manifest(repository, tag); // another manifest, or an answer without a body to say what went wrong
    }

    /** The bytes of blob {@code digest} in {@code repository}, checked against the digest. */
    public byte[] blob(String repository, String digest) {
        String what = "blob " + repository + "@" + digest;
        HttpResponse<byte[]> response = retrying("GET " + what, () -> {
            HttpResponse<byte[]> answer = send("GET", uri("/v2/" + repository + "/blobs/" + digest), Map.of(), null, true);
            if (answer.statusCode() / 100 == 3) { // storage redirect: a signed URL on another host never gets our credentials
                answer = send("GET", location(answer), Map.of(), null, false);
            }
            return answer;
        });
        if (response.statusCode() != 200) {
            throw unexpected(response, "GET " + what);
        }
        String actual = digest(response.body());
        if (!actual.equals(digest)) {
            throw new IllegalStateException("Blob " + digest + " from " + registry.host() + " has digest " + actual);
        }
        return response.body();
    }

    /**
     * Uploads {@code bytes} as a blob of {@code repository} unless the registry has it already ({@code HEAD}):
     * {@code POST} opens an upload, one {@code PUT} with the digest completes it (monolithic upload).
     * Retried as a whole. Returns whether anything was uploaded.
     */
    public boolean uploadBlob(String repository, byte[] bytes) {
        String digest = digest(bytes);
        String what = "upload of blob " + repository + "@" + digest;
        return retrying(what, () -> {
            HttpResponse<byte[]> head = send("HEAD", uri("/v2/" + repository + "/blobs/" + digest), Map.of(), null, true);
            // a registry on object storage answers a blob it has with a temporary redirect to the storage
            // (distribution's redirect middleware, S3, GCS, Azure): not followed, it says the blob is there as 200
            // does; a permanent one (301, 308: a proxy moving http to https) says nothing of the blob
            if (head.statusCode() == 200 || List.of(302, 303, 307).contains(head.statusCode())) {
                return false;
            }
            if (head.statusCode() != 404) {
                throw unexpected(head, "HEAD blob " + repository + "@" + digest);
            }
            HttpResponse<byte[]> start = send("POST", uri("/v2/" + repository + "/blobs/uploads/"), Map.of(), new byte[0], true);
            if (start.statusCode() != 202) {
                throw unexpected(start, "POST " + repository + "/blobs/uploads/");
            }
            URI upload = uploadLocation(start);
            URI complete = URI.create(upload + (upload.getRawQuery() == null ? "?" : "&") + "digest="
                    + URLEncoder.encode(digest, StandardCharsets.UTF_8));
            HttpResponse<byte[]> put = send("PUT", complete, Map.of("Content-Type", "application/octet-stream"), bytes, true);
            if (put.statusCode() != 201) {
                throw unexpected(put, "PUT " + what);
            }
            return true;
        });
    }

    /** {@code PUT} of a manifest under {@code tag}; returns the digest of the manifest bytes. */
    public String putManifest(String repository, String tag, byte[] manifest) {
        String what = "PUT manifest " + repository + ":" + tag;
        HttpResponse<byte[]> response = retrying(what, () -> send("PUT", uri("/v2/" + repository + "/manifests/" + tag),
                Map.of("Content-Type", OCI_MANIFEST), manifest, true));
        if (response.statusCode() != 201) {
            throw unexpected(response, what);
        }
        return digest(manifest);
    }

    /**
     * The one retry loop: {@code action} is tried again, with backoff, while it fails transiently (no
     * connection, reset, timeout, HTTP 5xx or 429); anything else ends it at once.
     */
    private <T> T retrying(String what, Supplier<T> action) {
        Transient last = null;
        for (int attempt = 1; attempt <= retry.attempts(); attempt++) {
            if (attempt > 1) {
                pause(attempt - 1, last);
            }
            try {
                return action.get();
            } catch (Transient e) {
                last = e;
            }
        }
        String cause = last.status > 0 ? "it kept answering " + last.reason
                : last.reason.contains("bytes received") || last.reason.contains("EOF")
                        ? "its answers were cut short (" + last.reason + "): the registry, or a proxy in between, ends them early"
                        : "it could not be reached (" + last.reason + ")";
        throw new RegistryUnavailableException("Registry " + registry.host() + " failed " + retry.attempts() + " attempts at "
                + what + ": " + cause + ". Check that the registry is up and -Dneotool.registry is right.", last.getCause());
    }

    /** What an answer outside the protocol means, by its status: 404, 409/412 (a conflict) or anything else. */
    private RuntimeException unexpected(HttpResponse<byte[]> response, String what) {
        int status = response.statusCode();
        String detail = errorDetail(response);
        if (status == 409 || status == 412) {
            return new RegistryConflictException("Registry " + registry.host() + " refused " + what + " (HTTP " + status + detail
                    + "): it does not allow this change, e.g. because its tags are immutable. Push a new version.");
        }
        if (status == 404) {
            return new RegistryResponseException(status, "Registry " + registry.host() + " answered 404 (not found) for " + what
                    + detail + ". Check the path in -Dneotool.registry and that the repository may be created there.");
        }
        return new RegistryResponseException(status, "Registry " + registry.host() + " answered HTTP " + status + " for " + what + detail);
    }

    /** The registry's own error code and message ({"errors":[{"code","message"}]}), short and {@link #scrubbed}. */
    private String errorDetail(HttpResponse<byte[]> response) {
        try {
            JsonNode first = JSON.readTree(response.body()).path("errors").path(0);
            if (first.isMissingNode()) {
                return "";
            }
            String text = ", " + scrubbed(first.path("code").asText() + ": " + first.path("message").asText());
            return text.length() > 200 ? text.substring(0, 200) + "..." : text;
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** An Authorization value: the scheme, then a credential of token length (not "basic schema"). */
    private static final Pattern AUTH_VALUE = Pattern.compile("(?i)\\b(basic|bearer)\\s+[A-Za-z0-9._~+/=-]{12,}");

    /**
     * Text a server wrote, fit for a message: a registry may echo the request's headers in its errors, so the
     * password, the Basic login, the current token and anything shaped like an Authorization value become ****.
     */
    private String scrubbed(String text) {
        List<String> secrets = new ArrayList<>();
        if (credentials != null) {
            String password = new String(credentials.password());
            // base64 without its padding, which a parser's message may drop: the padded form contains it
            Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
            secrets.add(base64.encodeToString((credentials.username() + ":" + password).getBytes(StandardCharsets.UTF_8)));
            secrets.add(base64.encodeToString(password.getBytes(StandardCharsets.UTF_8)));
            secrets.add(password);
        }
        if (authorization != null) {
            secrets.add(authorization.substring(authorization.indexOf(' ') + 1));
        }
        for (String secret : secrets) {
            if (!secret.isEmpty()) {
                text = text.replace(secret, "****");
            }
        }
        return AUTH_VALUE.matcher(text).replaceAll("$1 ****");
    }

    /** A token service as messages name it: scheme, host and path, without user info or query (either may be a secret). */
    private static String shown(String realm) {
        try {
            URI uri = new URI(realm);
            if (uri.getRawAuthority() != null) {
                return uri.getScheme() + "://" + RegistryReference.masked(uri.getRawAuthority())
                        + (uri.getRawPath() == null ? "" : uri.getRawPath());
            }
        } catch (java.net.URISyntaxException e) { // shown masked, up to its query
        }
        String masked = RegistryReference.masked(realm);
        return masked.contains("?") ? masked.substring(0, masked.indexOf('?')) : masked;
    }

    private URI uri(String path) {
        return URI.create(scheme + "://" + registry.host() + path);
    }

    private URI location(HttpResponse<byte[]> response) {
        String location = response.headers().firstValue("Location").orElseThrow(() -> new RegistryResponseException(
                response.statusCode(), "Registry " + registry.host() + " answered " + response.statusCode() + " without a Location"));
        return uri("/").resolve(location);
    }

    /**
     * Where an upload goes on ({@link #location}): refused over plain HTTP from a registry that speaks TLS (the chart's
     * bytes, and a login for the same host, would go out unencrypted), unless plain HTTP was allowed for it.
     */
    private URI uploadLocation(HttpResponse<byte[]> response) {
        URI resolved = location(response);
        String to = String.valueOf(resolved.getScheme());
        if (!to.equals(scheme) && !(to.equals("https") || plainHttpAllowed)) {
            throw new RegistryResponseException(response.statusCode(), "Registry " + registry.host() + " speaks " + scheme
                    + " but handed out an upload location over " + to + " (" + to + "://"
                    + RegistryReference.masked(String.valueOf(resolved.getRawAuthority())) + resolved.getRawPath()
                    + "); nothing was sent there. Behind a TLS proxy the registry needs to know its own scheme (the proxy's "
                    + "X-Forwarded-Proto: https, or http.host https://... in distribution's config); to allow plain HTTP for "
                    + "this registry, set -Dneotool.registry.plainHttp=true.");
        }
        return resolved;
    }

    /**
     * One request, and one more after answering a 401 challenge. Credentials go only to the registry's own
     * host. A failure to connect, 5xx and 429 are {@link Transient}; 401/403 (after the login) fail.
     */
    private HttpResponse<byte[]> send(String method, URI uri, Map<String, String> headers, byte[] body, boolean authenticate) {
        boolean ownHost = uri.getScheme().equals(scheme) && withoutDefaultPort(scheme, registry.host()).equalsIgnoreCase(
                withoutDefaultPort(scheme, String.valueOf(uri.getRawAuthority())));
        try {
            HttpResponse<byte[]> response = exchange(method, uri, headers, body, ownHost);
            if (response.statusCode() == 401 && authenticate && ownHost) {
                authorise(response);
                response = exchange(method, uri, headers, body, true);
            }
            int status = response.statusCode();
            if (status == 407) {
                throw proxyRefused(uri, "HTTP 407 Proxy Authentication Required");
            }
            if ((status == 401 || status == 403) && authenticate && !ownHost) {
                throw new RegistryAuthException("Registry " + registry.host() + " sent the request on to " + uri.getScheme() + "://"
                        + RegistryReference.masked(uri.getRawAuthority()) + uri.getRawPath() + " (its Location), which answered HTTP "
                        + status + errorDetail(response) + ": the login goes only to the registry's own host, so none was sent "
                        + "there. Have the registry hand out upload locations on its own host, or pre-signed ones that need no "
                        + "login (an expired or mismatched signature answers 403 too).");
            }
            if ((status == 401 || status == 403) && authenticate) {
                throw status == 401 && !tokenIssued() ? authFailure(response, uri) : refused(response, method, uri);
            }
            if (status >= 500 || status == 429) {
                throw new Transient(status, "HTTP " + status + errorDetail(response), retryAfter(response), null);
            }
            return response;
        } catch (SSLException e) {
            if (String.valueOf(e.getMessage()).contains("nrecognized SSL message")) {
                throw new PlainHttpServer(e);
            }
            throw new RegistryUnavailableException("TLS with registry " + registry.host() + " failed: " + e.getMessage()
                    + ". " + trustHint(), e);
        } catch (IOException e) { // connection refused or reset, timeout (a tunnel's 407 comes back as a response)
            throw new Transient(0, describe(e) + (proxy != null && proxy.proxies(String.valueOf(uri.getHost()))
                    ? " (through the " + proxy.describe() + ")" : ""), null, e);
        }
    }

    /** The proxy asked for a login it was not given, or refused the one it was. */
    private RegistryAuthException proxyRefused(URI uri, String answer) {
        String proxied = proxy == null ? "A proxy" : "The " + proxy.describe();
        return new RegistryAuthException(proxied + " refused the request to " + uri.getScheme() + "://"
                + RegistryReference.masked(uri.getRawAuthority()) + " (" + answer + "): check the <username> and <password> "
                + "of the active <proxy> in settings.xml. A Java client sends a Basic login through an HTTPS tunnel only when "
                + "the JVM allows it: add -Djdk.http.auth.tunneling.disabledSchemes= to MAVEN_OPTS (or .mvn/jvm.config).");
    }

    /** host[:port] without the port the scheme in use implies (443 for https, 80 for http): the same host either way. */
    static String withoutDefaultPort(String scheme, String authority) {
        String port = "https".equals(scheme) ? ":443" : ":80";
        return authority.endsWith(port) ? authority.substring(0, authority.length() - port.length()) : authority;
    }

    private static String describe(Exception e) {
        return e instanceof ConnectException ? "connection refused" : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /**
     * Waits before the next attempt: the backoff, or longer where the last answer asked for it (Retry-After, as a
     * rate limit's 429 or a 503 sends it), up to {@link #MAX_RETRY_AFTER}.
     */
    private void pause(int attempt, Transient last) {
        Duration delay = retry.delayAfter(attempt);
        if (last.retryAfter != null && last.retryAfter.compareTo(delay) > 0) {
            delay = last.retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : last.retryAfter;
        }
        log.warn("Registry " + registry.host() + " failed (" + last.reason + "); retrying in " + delay.toMillis() + " ms");
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to retry " + registry.host(), e);
        }
    }

    private HttpResponse<byte[]> exchange(String method, URI uri, Map<String, String> headers, byte[] body, boolean withAuthorization)
            throws IOException {
        HttpRequest.Builder request = newRequest(uri)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        if (authorization != null && withAuthorization) {
            request.header("Authorization", authorization);
        }
        log.debug(method + " " + uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath());
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted talking to " + uri.getRawAuthority(), e);
        }
    }

    /**
     * A request with the proxy's login, if it has one. The HTTP client sends a Proxy-Authorization header to the proxy
     * alone: on a request it forwards, and on the CONNECT of a tunnel (when the JVM allows Basic there); never inside
     * a tunnel nor to a host it reaches directly. An Authenticator would answer the registry's own 401s too.
     */
    private HttpRequest.Builder newRequest(URI uri) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT);
        if (proxy != null && proxy.authorization() != null) {
            request.header("Proxy-Authorization", proxy.authorization());
        }
        return request;
    }

    private void authorise(HttpResponse<byte[]> challenge) throws IOException {
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
                params.put(m.group(1).toLowerCase(java.util.Locale.ROOT), m.group(2)); // names are case-insensitive (RFC 7235)
            }
            String realm = params.remove("realm");
            if (realm == null) {
                throw new RegistryResponseException(401, "Registry " + registry.host() + " asked for a Bearer token without "
                        + "naming its token service (no realm in WWW-Authenticate: " + scrubbed(header) + "); no login was "
                        + "sent. Check the registry's auth configuration.");
            }
            refuseUnencryptedRealm(realm);
            params.computeIfPresent("scope", (name, scope) -> withPush(scope));
            StringBuilder url = new StringBuilder(realm).append(realm.contains("?") ? '&' : '?');
            params.forEach((k, v) -> url.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
            HttpResponse<byte[]> token;
            try {
                token = http.send(newRequest(URI.create(url.substring(0, url.length() - 1)))
                        .header("Authorization", basic).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (SSLException e) {
                throw new RegistryUnavailableException("TLS with token service " + shown(realm) + " failed: " + e.getMessage()
                        + ". " + trustHint(), e);
            } catch (IOException e) { // retried like the registry's own requests, naming the token service
                throw new IOException("token service " + shown(realm) + ": " + describe(e), e);
            }
            if (token.statusCode() == 401 || token.statusCode() == 403) {
                throw authFailure(token, URI.create(realm));
            }
            if (token.statusCode() >= 500 || token.statusCode() == 429) {
                throw new Transient(token.statusCode(), "HTTP " + token.statusCode() + " from its token service " + shown(realm)
                        + errorDetail(token), retryAfter(token), null);
            }
            if (token.statusCode() != 200) {
                throw new RegistryUnavailableException("Token service " + shown(realm) + " answered " + token.statusCode()
                        + errorDetail(token), null);
            }
            String value = null;
            try {
                JsonNode json = JSON.readTree(token.body());
                value = json.hasNonNull("token") ? json.get("token").asText() : json.path("access_token").asText(null);
            } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
                // said below, without the body: it may echo what was sent
            }
            if (value == null || value.isBlank()) {
                throw new RegistryUnavailableException("Token service " + shown(realm) + " answered HTTP 200 without a token (a JSON "
                        + "object with token or access_token): check that the realm of the registry's challenge is its token "
                        + "service", null);
            }
            authorization = "Bearer " + value;
        } else {
            authorization = basic;
        }
    }

    /** A challenge's scope (one or more, space-separated), asking pull and push for each repository this client pushes to. */
    private String withPush(String scope) {
        return Arrays.stream(scope.split(" ")).map(this::withPushIfPushed).collect(Collectors.joining(" "));
    }

    /** {@code repository:<name>:<actions>} with pull and push first when {@code <name>} is pushed to; another scope as it is. */
    private String withPushIfPushed(String scope) {
        int first = scope.indexOf(':');
        int last = scope.lastIndexOf(':');
        if (first < 0 || last <= first || !scope.substring(0, first).equals("repository")
                || !pushedRepositories.contains(scope.substring(first + 1, last))) {
            return scope;
        }
        Set<String> actions = new LinkedHashSet<>(List.of("pull", "push"));
        Arrays.stream(scope.substring(last + 1).split(",")).filter(a -> !a.isEmpty()).forEach(actions::add);
        return scope.substring(0, last + 1) + String.join(",", actions);
    }

    /**
     * The login goes to the token service only over HTTPS, or over plain HTTP when this registry is itself spoken to
     * in plain HTTP (loopback, or neotool.registry.plainHttp) and the service is on its host or on loopback: a
     * registry must not lead the credentials somewhere they would travel unencrypted.
     */
    private void refuseUnencryptedRealm(String realm) {
        URI uri;
        try {
            uri = new URI(realm);
        } catch (java.net.URISyntaxException e) {
            throw new RegistryAuthException("Registry " + registry.host() + " named a token service that is not a URL ('" + shown(realm)
                    + "'); no login was sent. Check the registry's auth configuration.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (scheme.equals("https")) {
            return;
        }
        if (scheme.equals("http") && plainHttp() && uri.getRawAuthority() != null) {
            RegistryReference service = new RegistryReference(uri.getRawAuthority(), "");
            if (service.loopback() || service.hostName().equals(registry.hostName())) {
                return;
            }
        }
        throw new RegistryAuthException("Registry " + registry.host() + " sends the login to token service " + shown(realm)
                + ", which is not an absolute HTTPS URL" + (plainHttp() ? " (nor plain HTTP on the registry's own host or loopback)" : "")
                + "; the password would travel unencrypted, so none was sent. Have the registry's token realm use https://.");
    }

    /** The login was refused: by the token service (401/403), or by the registry itself (401 to a Basic login). */
    private RegistryAuthException authFailure(HttpResponse<byte[]> answer, URI uri) {
        int status = answer.statusCode();
        String who = credentials == null ? "anonymously" : "as user '" + credentials.username() + "'";
        String what = status == 401 ? "rejected the login " + who : "denied access " + who;
        return new RegistryAuthException("Registry " + registry.host() + " " + what + " (HTTP " + status + " at " + uri.getPath()
                + errorDetail(answer) + "). " + authHint);
    }

    /**
     * The registry refused a request though no login was refused: a 403, or a 401 to a token its token service issued.
     * The cause is the request's (no permission for it on the repository, a quota, a policy), as the registry's own error
     * text says, so the message names the request and that text, not a wrong login.
     */
    private RegistryAuthException refused(HttpResponse<byte[]> response, String method, URI uri) {
        String refused = "Registry " + registry.host() + " refused " + method + " " + uri.getRawPath() + " (HTTP "
                + response.statusCode() + errorDetail(response) + ")";
        if (authorization == null) { // anonymous, or a 403 where a registry asking for a login sends 401
            return new RegistryAuthException(refused + " to a request without a login" + (credentials == null ? ""
                    : " (it asked for none, so none was sent)") + ". " + authHint);
        }
        String user = "user '" + credentials.username() + "'";
        String repository = repositoryOf(uri);
        String login = tokenIssued() ? "its token service accepted the login as " + user + " and issued a token"
                : "it accepted the login as " + user;
        String check = repository == null ? "" : " and that " + user + " may pull and push " + repository
                + " (and create it, for a first push)";
        return new RegistryAuthException(refused + ": " + login + ", but the registry does not allow this request. Check what"
                + " its answer says (a quota, say)" + check + ". " + authHint);
    }

    /** Whether the request was sent with a token of the registry's token service: the login itself was accepted. */
    private boolean tokenIssued() {
        return authorization != null && authorization.startsWith("Bearer ");
    }

    /** The repository a request of the distribution API is about ({@code /v2/<repository>/manifests|blobs/...}), or null. */
    private static String repositoryOf(URI uri) {
        Matcher m = API_PATH.matcher(String.valueOf(uri.getRawPath()));
        return m.matches() ? m.group(1) : null;
    }

    /** What to do about a certificate TLS did not trust: with a CA file, only that file's certificates are trusted. */
    private String trustHint() {
        return caFile == null ? "If it uses a private CA, pass its certificate with -Dneotool.registry.caFile=<pem>."
                : "Only the certificates in " + caFile + " (-Dneotool.registry.caFile) are trusted, not the JVM's: add the CA "
                        + "that signed this server's certificate to that file.";
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
            throw new InputException("Cannot read CA file " + caFile + " (neotool.registry.caFile): "
                    + (Files.exists(caFile) ? e.getMessage() : "no such file"), e);
        } catch (GeneralSecurityException e) {
            throw new InputException("CA file " + caFile + " is not a PEM certificate bundle: " + e.getMessage(), e);
        }
    }

    /** The OCI digest of {@code bytes}: {@code sha256:<hex>}. */
    static String digest(byte[] bytes) {
        return "sha256:" + sha256(bytes);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The longest pause a Retry-After makes: a registry asking for more is tried again after this anyway. */
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

    /** An answer's Retry-After (delay-seconds or an HTTP date), or null without one or with one that does not parse. */
    static Duration retryAfter(HttpResponse<?> response) {
        String value = response.headers().firstValue("Retry-After").orElse("").strip();
        if (value.isEmpty()) {
            return null;
        }
        try {
            return value.chars().allMatch(Character::isDigit) ? Duration.ofSeconds(Long.parseLong(value))
                    : Duration.between(java.time.Instant.now(), java.time.ZonedDateTime.parse(value,
                            java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * A failure worth another attempt: no connection, reset, timeout ({@code status} 0), HTTP 5xx or 429 from the
     * registry or its token service; {@code reason} says which and what it answered.
     */
    private static final class Transient extends RuntimeException {
        final int status;
        final String reason;
        final Duration retryAfter;

        Transient(int status, String reason, Duration retryAfter, Throwable cause) {
            super(reason, cause, false, false);
            this.status = status;
            this.reason = reason;
            this.retryAfter = retryAfter;
        }
    }

    /** The server answered a TLS hello with plain HTTP. */
    private static final class PlainHttpServer extends RuntimeException {
        PlainHttpServer(Throwable cause) {
            super(cause);
        }
    }
}
