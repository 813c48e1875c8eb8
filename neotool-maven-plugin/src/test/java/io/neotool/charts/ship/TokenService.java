package io.neotool.charts.ship;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The token service of the distribution token auth (what GHCR and Docker Hub use): Basic auth in,
 * a JWT signed with a test key out, granting the scopes asked for (or, {@link #grantAsQuay}, as Quay does).
 * docker-registry verifies the tokens against the key's certificate. Counts the requests it saw and the tokens it
 * issued.
 */
final class TokenService implements AutoCloseable {
    static final String SERVICE = "neotool-test-registry";
    static final String ISSUER = "neotool-test-issuer";

    private final HttpServer server;
    private final Path certificate;
    private final PrivateKey key;
    private final String x5c;
    private final String expected;
    final AtomicInteger issued = new AtomicInteger();
    final AtomicInteger requests = new AtomicInteger();
    final List<String> scopes = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** When set, a login is answered HTTP 200 with an HTML page instead of a token (a realm that is not a token service). */
    final java.util.concurrent.atomic.AtomicBoolean answerHtml = new java.util.concurrent.atomic.AtomicBoolean();
    /**
     * When set (the registry's host:port), scopes are granted as Quay and Artifactory grant them: a repository that does
     * not exist yet in that registry (no tag) gets nothing for a scope that asks pull alone, and everything asked for a
     * scope that asks push too (the user may create it).
     */
    volatile String grantAsQuay;

    private TokenService(HttpServer server, Path certificate, PrivateKey key, String x5c, String expected) {
        this.server = server;
        this.certificate = certificate;
        this.key = key;
        this.x5c = x5c;
        this.expected = expected;
    }

    static TokenService start(Path dir, String user, String password) throws Exception {
        io.neotool.charts.testtools.ExternalTools.require(io.neotool.charts.testtools.ExternalTool.OPENSSL);
        Files.createDirectories(dir);
        Path cert = dir.resolve("token-cert.pem");
        Path keyFile = dir.resolve("token-key.pem");
        RegistryServer.run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-keyout", keyFile.toString(), "-out", cert.toString(), "-subj", "/CN=" + ISSUER), dir);
        String pem = Files.readString(keyFile).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        byte[] der;
        try (var in = Files.newInputStream(cert)) {
            der = CertificateFactory.getInstance("X.509").generateCertificate(in).getEncoded();
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        TokenService tokens = new TokenService(server, cert, key, Base64.getEncoder().encodeToString(der),
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        server.createContext("/token", tokens::handle);
        server.start();
        return tokens;
    }

    /** When set before the registry starts, the realm the registry sends clients to instead of this service. */
    String realmOverride;

    String realm() {
        return realmOverride != null ? realmOverride : "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    Path certificate() {
        return certificate;
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try {
            if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            if (answerHtml.get()) {
                byte[] page = "<html><body>Sign in</body></html>".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, page.length);
                exchange.getResponseBody().write(page);
                return;
            }
            List<Map<String, Object>> access = new ArrayList<>();
            String query = exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery();
            for (String pair : query.split("&")) {
                if (pair.startsWith("scope=")) {
                    String scope = URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
                    scopes.add(scope);
                    String[] parts = scope.split(":");
                    List<String> actions = granted(parts[1], List.of(parts[2].split(",")));
                    access.add(Map.of("type", parts[0], "name", parts[1], "actions", actions));
                }
            }
            byte[] body = new ObjectMapper().writeValueAsBytes(Map.of("token", token(access), "expires_in", 300));
            issued.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        } catch (GeneralSecurityException | InterruptedException e) {
            exchange.sendResponseHeaders(500, -1);
        } finally {
            exchange.close();
        }
    }

    /** The actions granted on repository {@code name} of those asked: all, unless {@link #grantAsQuay} says otherwise. */
    private List<String> granted(String name, List<String> asked)
            throws IOException, GeneralSecurityException, InterruptedException {
        String registry = grantAsQuay;
        if (registry == null || asked.contains("push") || exists(registry, name)) {
            return asked;
        }
        return List.of();
    }

    /** Whether {@code repository} has a tag in {@code registry}, asked with a token of this service's own. */
    private boolean exists(String registry, String repository)
            throws IOException, GeneralSecurityException, InterruptedException {
        String token = token(List.of(Map.of("type", "repository", "name", repository, "actions", List.of("pull"))));
        HttpResponse<Void> tags = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://" + registry + "/v2/" + repository + "/tags/list"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.discarding());
        return tags.statusCode() == 200;
    }

    /** A JWT granting {@code access}, signed with the test key, for the registry to verify. */
    private String token(List<Map<String, Object>> access) throws IOException, GeneralSecurityException {
        long now = System.currentTimeMillis() / 1000;
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("sub", "ci");
        claims.put("aud", SERVICE);
        claims.put("exp", now + 300);
        claims.put("nbf", now - 60);
        claims.put("iat", now);
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("access", access);
        ObjectMapper json = new ObjectMapper();
        String header = base64Url(json.writeValueAsBytes(Map.of("typ", "JWT", "alg", "RS256", "x5c", List.of(x5c))));
        String payload = base64Url(json.writeValueAsBytes(claims));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key);
        signature.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
        return header + "." + payload + "." + base64Url(signature.sign());
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
