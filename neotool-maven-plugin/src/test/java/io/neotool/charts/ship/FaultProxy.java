package io.neotool.charts.ship;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A loopback HTTP proxy in front of a real registry that injects faults into chosen requests: reset the
 * connection, answer 500, hold a request until a gate opens, or, after a manifest PUT, tag another
 * manifest in its place (a concurrent push). Upload locations are rewritten to go through the proxy too.
 * Every request is recorded as {@code "METHOD path"}.
 */
final class FaultProxy implements AutoCloseable {
    private static final Set<String> RESTRICTED = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "keep-alive");

    /** What to do to a request. */
    interface Fault {
        /** Handles the exchange itself and returns true, or returns false to forward it normally. */
        boolean apply(HttpExchange exchange, FaultProxy proxy) throws IOException;
    }

    private final HttpServer server;
    private final String registry;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    final List<String> requests = Collections.synchronizedList(new ArrayList<>());

    private record Rule(Predicate<String> matches, int[] remaining, Fault fault) {}

    private FaultProxy(HttpServer server, String registry) {
        this.server = server;
        this.registry = registry;
    }

    /** A proxy on a free loopback port for the registry at {@code registryHost} (host:port, plain HTTP). */
    static FaultProxy start(String registryHost) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        FaultProxy proxy = new FaultProxy(server, registryHost);
        server.createContext("/", proxy::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        return proxy;
    }

    String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Applies {@code fault} to the next {@code times} requests whose "METHOD path" matches. */
    FaultProxy on(Predicate<String> request, int times, Fault fault) {
        rules.add(new Rule(request, new int[] {times}, fault));
        return this;
    }

    static Predicate<String> matching(String regex) {
        return s -> s.matches(regex);
    }

    /** Closes the connection without an answer. */
    static Fault reset() {
        return (exchange, proxy) -> {
            exchange.getRequestBody().readAllBytes();
            exchange.close();
            return true;
        };
    }

    /** Answers {@code status} without forwarding. */
    static Fault status(int status) {
        return (exchange, proxy) -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
            return true;
        };
    }

    /** Answers {@code status} with {@code headers} and {@code body} without forwarding. */
    static Fault answer(int status, java.util.Map<String, String> headers, String body) {
        return (exchange, proxy) -> {
            exchange.getRequestBody().readAllBytes();
            headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] out = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                exchange.getResponseBody().write(out);
            }
            exchange.close();
            return true;
        };
    }

    /** Forwards the request and answers with the registry's answer, header {@code name} set to {@code value}. */
    static Fault withHeader(String name, String value) {
        return (exchange, proxy) -> {
            proxy.reply(exchange, proxy.relay(exchange), java.util.Map.of(name, value));
            return true;
        };
    }

    /** Forwards the request and answers with the registry's answer without its header {@code name}. */
    static Fault withoutHeader(String name) {
        return (exchange, proxy) -> {
            proxy.reply(exchange, proxy.relay(exchange), java.util.Map.of(), Set.of(name.toLowerCase()));
            return true;
        };
    }

    /** Forwards the request, then closes the connection without the registry's answer: a reply lost on the way. */
    static Fault lostReply() {
        return (exchange, proxy) -> {
            proxy.relay(exchange);
            exchange.close();
            return true;
        };
    }

    /** Holds the request until {@code gate} opens, then forwards it. */
    static Fault hold(CountDownLatch reached, CountDownLatch gate) {
        return (exchange, proxy) -> {
            reached.countDown();
            try {
                gate.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        };
    }

    /** Forwards the manifest PUT, then puts {@code other} under the same tag, as a concurrent push would. */
    static Fault thenTag(byte[] other) {
        return (exchange, proxy) -> {
            HttpResponse<byte[]> ours = proxy.relay(exchange);
            String path = exchange.getRequestURI().getRawPath();
            try {
                HttpResponse<Void> answer = proxy.http.send(HttpRequest.newBuilder(URI.create("http://" + proxy.registry + path))
                        .header("Content-Type", RegistryClient.OCI_MANIFEST)
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(other)).build(), HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() != 201) {
                    throw new IOException("the competing manifest PUT got " + answer.statusCode());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            proxy.reply(exchange, ours);
            return true;
        };
    }

    private void handle(HttpExchange exchange) throws IOException {
        String request = exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath();
        requests.add(request);
        try {
            for (Rule rule : rules) {
                boolean fire;
                synchronized (rule) {
                    fire = rule.matches().test(request) && rule.remaining()[0] > 0;
                    if (fire) {
                        rule.remaining()[0]--;
                    }
                }
                if (fire && rule.fault().apply(exchange, this)) {
                    return;
                }
            }
            forward(exchange);
        } catch (IOException | RuntimeException e) {
            exchange.close();
        }
    }

    private void forward(HttpExchange exchange) throws IOException {
        reply(exchange, relay(exchange));
    }

    private HttpResponse<byte[]> relay(HttpExchange exchange) throws IOException {
        URI target = URI.create("http://" + registry + exchange.getRequestURI().toString());
        byte[] body = exchange.getRequestBody().readAllBytes();
        HttpRequest.Builder request = HttpRequest.newBuilder(target).method(exchange.getRequestMethod(),
                body.length == 0 && !"PUT".equals(exchange.getRequestMethod()) && !"POST".equals(exchange.getRequestMethod())
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase())) {
                values.forEach(v -> request.header(name, v));
            }
        });
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private void reply(HttpExchange exchange, HttpResponse<byte[]> response) throws IOException {
        reply(exchange, response, java.util.Map.of());
    }

    private void reply(HttpExchange exchange, HttpResponse<byte[]> response, java.util.Map<String, String> replaced) throws IOException {
        reply(exchange, response, replaced, Set.of());
    }

    /**
     * Relays the registry's answer, with the headers of {@code replaced} set to their values instead and those named
     * in {@code dropped} (lower case) left out.
     */
    private void reply(HttpExchange exchange, HttpResponse<byte[]> response, java.util.Map<String, String> replaced,
                       Set<String> dropped) throws IOException {
        response.headers().map().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase()) && !name.startsWith(":") && !dropped.contains(name.toLowerCase())) {
                values.forEach(v -> exchange.getResponseHeaders().add(name, v.replace(registry, host())));
            }
        });
        replaced.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        byte[] out = response.body();
        boolean noBody = "HEAD".equals(exchange.getRequestMethod()) || out.length == 0;
        if ("HEAD".equals(exchange.getRequestMethod())) {
            response.headers().firstValue("Content-Length").ifPresent(len -> exchange.getResponseHeaders().set("Content-Length", len));
        }
        exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : out.length);
        if (!noBody) {
            exchange.getResponseBody().write(out);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
