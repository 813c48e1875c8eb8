package io.neotool.charts.ship;

import io.neotool.charts.InputException;
import io.neotool.charts.model.Cidr;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** {@code oci://host[:port]/path}: where charts are pushed; chart {@code c} lands at {@code host/path/c:<version>}. */
public record RegistryReference(String host, String path) {

    /** A path component of an OCI repository name (distribution reference grammar). */
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern HOST = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*|\\[[0-9a-f:.]+]");
    private static final String FORM = "oci://host[:port]/path, e.g. oci://ghcr.io/salomax";

    /**
     * Parses {@code -Dneotool.registry}. Every refusal names the rule broken; a user or password in the value
     * is refused and never repeated (it is masked in the message).
     */
    public static RegistryReference parse(String value) {
        if (value == null || value.isBlank()) {
            throw new InputException("No registry given: set -Dneotool.registry=" + FORM);
        }
        String trimmed = value.trim();
        String shown = masked(trimmed);
        if (!shown.equals(trimmed)) {
            throw new InputException("Registry '" + shown + "' holds an '@': neotool.registry must not carry a user or password"
                    + " (they would end up in shell history and build logs; put them in a settings.xml <server> whose id is the"
                    + " registry host, or neotool.registry.serverId), and must not name a tag or digest (charts are tagged with"
                    + " their version). Use " + FORM + ".");
        }
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new InputException("Registry '" + shown + "' is not a URI (" + e.getReason() + "): use " + FORM);
        }
        if (!"oci".equals(uri.getScheme()) || uri.getRawAuthority() == null) {
            throw new InputException("Registry '" + shown + "' must use the oci:// scheme and name a host: use " + FORM);
        }
        if (uri.getQuery() != null || uri.getFragment() != null) {
            throw new InputException("Registry '" + shown + "' must not have a query or fragment: use " + FORM);
        }
        String authority = uri.getRawAuthority();
        int colon = authority.startsWith("[") ? authority.indexOf(':', authority.indexOf(']')) : authority.lastIndexOf(':');
        String hostName = colon < 0 ? authority : authority.substring(0, colon);
        if (colon >= 0) {
            String port = authority.substring(colon + 1);
            if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                throw new InputException("Registry '" + shown + "': port '" + port + "' is out of range; a port is a number from 1 to 65535");
            }
        }
        if (!hostName.equals(hostName.toLowerCase(java.util.Locale.ROOT))) {
            throw new InputException("Registry '" + shown + "': the host must be lower case (" + hostName.toLowerCase(java.util.Locale.ROOT) + ")");
        }
        if (!HOST.matcher(hostName).matches()) {
            throw new InputException("Registry '" + shown + "': '" + hostName + "' is not a host name (letters, digits, '-' and '.')");
        }
        String rawPath = uri.getRawPath() == null ? "" : uri.getRawPath();
        String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        path = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (path.contains(":") || path.contains("@")) {
            throw new InputException("Registry '" + shown + "' must not name a tag or digest: charts are tagged with their version");
        }
        if (!path.isEmpty()) {
            for (String component : path.split("/", -1)) {
                if (component.isEmpty()) {
                    throw new InputException("Registry '" + shown + "': the path has an empty component ('//'); write each"
                            + " component once, separated by a single '/'");
                }
                if (!component.equals(component.toLowerCase(java.util.Locale.ROOT))) {
                    throw new InputException("Registry '" + shown + "': the path must be lower case, as OCI repository names are ('"
                            + component + "')");
                }
                if (!COMPONENT.matcher(component).matches()) {
                    throw new InputException("Registry '" + shown + "': path component '" + component + "' is not a valid OCI"
                            + " repository name component (lower-case letters and digits, separated by '.', '_', '__' or '-')");
                }
            }
        }
        return new RegistryReference(authority, path);
    }

    /**
     * {@code value} with everything from after its scheme ({@code oci://}, {@code oci:}) to its last {@code @} masked as
     * {@code ****@}. A password may hold {@code /}, {@code ?}, {@code #} or {@code :}, so nothing before the last
     * {@code @} can be told apart from it; a digest ({@code path@sha256:...}) is masked the same way, and refused. A
     * query or fragment after it, which may carry a token ({@code ?token=...}), is masked as {@code ?****}.
     */
    static String masked(String value) {
        int at = value.lastIndexOf('@');
        String rest = at < 0 ? value : value.substring(at);
        int query = rest.replace('#', '?').indexOf('?');
        if (query >= 0) {
            rest = rest.substring(0, query + 1) + "****";
        }
        if (at < 0) {
            return rest;
        }
        int colon = value.indexOf(':');
        int start = colon < 0 || colon > at ? 0 : colon + 1;
        while (start < at && value.charAt(start) == '/') {
            start++;
        }
        return value.substring(0, start) + "****" + rest;
    }

    /** The URI Helm pushes to. */
    public URI helmRemote() {
        return URI.create("oci://" + host + (path.isEmpty() ? "" : "/" + path));
    }

    /** The repository of a chart in this registry: {@code path/chart}. */
    public String repository(String chart) {
        return path.isEmpty() ? chart : path + "/" + chart;
    }

    /**
     * The full OCI reference of a chart version, its tag the version with {@code +} as {@code _} (an OCI tag cannot
     * hold {@code +}). {@code helm pull} takes it as it is for a version without build metadata; a version with
     * {@code +} Helm reads only as {@link #helmVersionReference}.
     */
    public String reference(PackagedChart chart) {
        return "oci://" + host + "/" + repository(chart.name()) + ":" + chart.tag();
    }

    /**
     * How Helm takes a chart version: the chart's repository and {@code --version} (Helm reads the tag of a version with
     * build metadata, {@code 1.0.0_build.7}, as a version constraint and refuses it, and refuses {@code +} in a tag).
     */
    public String helmVersionReference(PackagedChart chart) {
        return "oci://" + host + "/" + repository(chart.name()) + " --version " + chart.version();
    }

    /** The host name without the port. */
    public String hostName() {
        String h = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1) : host;
        int colon = h.startsWith("[") ? -1 : h.lastIndexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }

    /** Whether the registry is on this machine's loopback interface (plain HTTP is allowed there). */
    public boolean loopback() {
        return loopback(hostName());
    }

    /**
     * Whether {@code host} (a name or an IP literal, an IPv6 one in brackets or not; no port) is this machine's loopback:
     * {@code localhost}, 127.0.0.0/8 or ::1.
     */
    static boolean loopback(String host) {
        String name = host.replace("[", "").replace("]", "");
        if (name.equalsIgnoreCase("localhost")) {
            return true;
        }
        // never resolve a name: DNS could say anything
        return Cidr.address(name).map(bytes -> {
            try {
                return InetAddress.getByAddress(bytes).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }).orElse(false);
    }

    /** Whether {@code host} is an IPv4 or IPv6 literal ({@link Cidr#address}). */
    static boolean ipLiteral(String host) {
        return Cidr.address(host).isPresent();
    }

    @Override
    public String toString() {
        return helmRemote().toString();
    }
}
