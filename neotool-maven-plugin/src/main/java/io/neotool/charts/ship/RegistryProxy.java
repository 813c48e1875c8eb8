package io.neotool.charts.ship;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The HTTP proxy a push goes through, settings.xml's active {@code <proxy>}: every
 * request of the push (the registry, its token service, its upload locations) but those to a host of
 * {@code nonProxyHosts} ({@code |}-separated, {@code *} a wildcard, as Maven reads it) and to loopback, with the proxy's
 * login when it has one. In memory only, like the registry's credentials; {@link #toString()} never shows the password.
 */
public final class RegistryProxy extends ProxySelector {
    private final String id;
    private final String host;
    private final int port;
    private final String username;
    private final char[] password;
    private final List<Pattern> direct;

    public RegistryProxy(String id, String host, int port, String username, char[] password, String nonProxyHosts) {
        this.id = id;
        this.host = host;
        this.port = port;
        this.username = username;
        this.password = password == null ? null : password.clone();
        this.direct = Arrays.stream(String.valueOf(nonProxyHosts == null ? "" : nonProxyHosts).split("[|,]"))
                .map(String::trim).filter(h -> !h.isEmpty())
                .map(h -> Pattern.compile(Pattern.quote(h.toLowerCase(Locale.ROOT)).replace("*", "\\E.*\\Q")))
                .toList();
    }

    /** "proxy 'corp' (proxy.corp:3128)", as messages name it. */
    public String describe() {
        return "proxy '" + id + "' (" + host + ":" + port + ")";
    }

    /**
     * Whether requests to {@code registryHost} (without a port) go through the proxy. A loopback host (localhost,
     * 127.0.0.0/8, ::1) never does, whatever nonProxyHosts says, as the JDK's own proxy selector has it: the push speaks
     * plain HTTP to a loopback registry because its traffic stays on this machine, and through a proxy its login would
     * travel unencrypted to the proxy (and a proxy on another machine would reach its own loopback, not this one's).
     */
    public boolean proxies(String registryHost) {
        String name = registryHost.toLowerCase(Locale.ROOT);
        return !RegistryReference.loopback(name) && direct.stream().noneMatch(p -> p.matcher(name).matches());
    }

    @Override
    public List<Proxy> select(URI uri) {
        return proxies(uri.getHost() == null ? "" : uri.getHost())
                ? List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(host, port)))
                : List.of(Proxy.NO_PROXY);
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException e) {
        // the request's own failure says it
    }

    /** The proxy's login as a Proxy-Authorization value (Basic), or null without one. */
    String authorization() {
        if (username == null || password == null) {
            return null;
        }
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + new String(password)).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "RegistryProxy[" + describe() + (username == null ? "" : ", username=" + username + ", password=****") + "]";
    }
}
