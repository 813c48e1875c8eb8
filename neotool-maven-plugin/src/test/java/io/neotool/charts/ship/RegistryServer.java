package io.neotool.charts.ship;

import io.neotool.charts.testtools.ExternalTool;
import io.neotool.charts.testtools.ExternalTools;
import io.neotool.charts.testtools.Loopback;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * A real OCI registry for tests: Debian's docker-registry (CNCF Distribution) on a free loopback port,
 * storage in a temp directory, optionally htpasswd basic auth and TLS with a self-signed certificate. The tools
 * come from PATH through {@link ExternalTools}: missing ones skip the test locally and fail it under CI=true.
 */
public final class RegistryServer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path caFile;
    private final Path dir;

    private RegistryServer(Process process, int port, Path caFile, Path dir) {
        this.process = process;
        this.port = port;
        this.caFile = caFile;
        this.dir = dir;
    }

    public static RegistryServer start(Path dir, String user, String password, boolean tls) throws Exception {
        return start(dir, user, password, tls, null);
    }

    /** A registry that wants Bearer tokens from {@code tokens} (the distribution token auth, as GHCR uses). */
    static RegistryServer startWithTokenAuth(Path dir, TokenService tokens) throws Exception {
        return start(dir, null, null, false, tokens);
    }

    /** The same over TLS with a self-signed CA ({@link #caFile()}), the token service staying where it is. */
    static RegistryServer startWithTokenAuthOverTls(Path dir, TokenService tokens) throws Exception {
        return start(dir, null, null, true, tokens);
    }

    /**
     * A registry on object storage as distribution serves one (its redirect storage middleware): a GET or HEAD of a
     * blob it has answers 307 to {@code storage} followed by the blob's path.
     */
    static RegistryServer startRedirectingBlobs(Path dir, String storage) throws Exception {
        return start(dir, null, null, false, null, storage, false);
    }

    /**
     * A TLS registry that believes it is reached over plain HTTP (its http.host, as behind a TLS proxy that sends no
     * X-Forwarded-Proto): its upload locations are http:// URLs on its own host and port.
     */
    static RegistryServer startOverTlsWithHttpLocations(Path dir) throws Exception {
        return start(dir, null, null, true, null, null, true);
    }

    private static RegistryServer start(Path dir, String user, String password, boolean tls, TokenService tokens) throws Exception {
        return start(dir, user, password, tls, tokens, null, false);
    }

    private static RegistryServer start(Path dir, String user, String password, boolean tls, TokenService tokens,
                                        String redirectTo, boolean httpLocations) throws Exception {
        List<ExternalTool> needed = new java.util.ArrayList<>(List.of(ExternalTool.DOCKER_REGISTRY));
        if (user != null) {
            needed.add(ExternalTool.HTPASSWD);
        }
        if (tls) {
            needed.add(ExternalTool.OPENSSL);
        }
        Path binary = ExternalTools.require(needed.toArray(ExternalTool[]::new)).get(ExternalTool.DOCKER_REGISTRY);
        int port = Loopback.freePort();
        StringBuilder config = new StringBuilder()
                .append("version: 0.1\n")
                .append("log:\n  level: warn\n  accesslog:\n    disabled: true\n")
                .append("storage:\n  filesystem:\n    rootdirectory: ").append(dir.resolve("data")).append('\n')
                .append("  delete:\n    enabled: true\n")
                .append(redirectTo == null ? "" : "middleware:\n  storage:\n    - name: redirect\n      options:\n        baseurl: "
                        + redirectTo + "\n")
                .append("http:\n  addr: 127.0.0.1:").append(port).append('\n')
                .append(httpLocations ? "  host: http://127.0.0.1:" + port + "\n" : "");
        Path cert = null;
        if (tls) {
            cert = dir.resolve("cert.pem");
            run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-keyout", dir.resolve("key.pem").toString(), "-out", cert.toString(),
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost,IP:0.0.0.0"), dir);
            config.append("  tls:\n    certificate: ").append(cert).append("\n    key: ").append(dir.resolve("key.pem")).append('\n');
        }
        if (user != null) {
            Path htpasswd = dir.resolve("htpasswd");
            String line = run(List.of("htpasswd", "-Bbn", user, password), dir).strip();
            Files.writeString(htpasswd, line + "\n");
            config.append("auth:\n  htpasswd:\n    realm: neotool-test\n    path: ").append(htpasswd).append('\n');
        }
        if (tokens != null) {
            config.append("auth:\n  token:\n    realm: ").append(tokens.realm()).append("\n    service: ").append(TokenService.SERVICE)
                    .append("\n    issuer: ").append(TokenService.ISSUER).append("\n    rootcertbundle: ").append(tokens.certificate()).append('\n');
        }
        Path configFile = dir.resolve("config.yml");
        Files.writeString(configFile, config.toString());
        Process process = new ProcessBuilder(binary.toString(), "serve", configFile.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("registry.log").toFile())
                .start();
        RegistryServer server = new RegistryServer(process, port, cert, dir);
        server.awaitReady(tls);
        return server;
    }

    public String host() {
        return "127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    /**
     * The registry by an address that is not loopback to the push, 0.0.0.0, which the kernel connects to this machine
     * (Linux, macOS): how a test has the push reach it through settings.xml's proxy, which loopback never goes through.
     * Plain HTTP to it needs neotool.registry.plainHttp.
     */
    String offLoopbackHost() {
        return "0.0.0.0:" + port;
    }

    public RegistryReference reference(String path) {
        return RegistryReference.parse("oci://" + host() + "/" + path);
    }

    Path caFile() {
        return caFile;
    }

    private void awaitReady(boolean tls) throws Exception {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1));
        if (tls) {
            SSLContext trustAll = SSLContext.getInstance("TLS");
            trustAll.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
                public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) {}
                public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) {}
                public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                    return new java.security.cert.X509Certificate[0];
                }
            }}, null);
            builder.sslContext(trustAll); // only to see that it answers; the tests verify TLS properly
        }
        HttpClient http = builder.build();
        URI uri = URI.create((tls ? "https" : "http") + "://" + host() + "/v2/");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("docker-registry exited: " + Files.readString(dir.resolve("registry.log")));
            }
            try {
                http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        close();
        throw new IllegalStateException("docker-registry did not answer at " + uri + ": " + Files.readString(dir.resolve("registry.log")));
    }

    static String run(List<String> command, Path dir) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(command + " failed: " + out);
        }
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
