package io.neotool.charts.ship;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * a JWT signed with a test key out, granting the scopes asked for. docker-registry verifies the
 * tokens against the key's certificate. Counts the requests it saw and the tokens it issued.
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
                    access.add(Map.of("type", parts[0], "name", parts[1], "actions", List.of(parts[2].split(","))));
                }
            }
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
            String token = header + "." + payload + "." + base64Url(signature.sign());
            byte[] body = json.writeValueAsBytes(Map.of("token", token, "expires_in", 300));
            issued.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        } catch (java.security.GeneralSecurityException e) {
            exchange.sendResponseHeaders(500, -1);
        } finally {
            exchange.close();
        }
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
