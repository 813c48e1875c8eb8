package io.neotool.charts.ship;

import io.neotool.charts.InputException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;

/** {@code oci://host[:port]/path}: where charts are pushed; chart {@code c} lands at {@code host/path/c:<version>}. */
public record RegistryReference(String host, String path) {

    public static RegistryReference parse(String value) {
        if (value == null || value.isBlank()) {
            throw new InputException("No registry given: set -Dneotool.registry=oci://host[:port]/path (for example oci://ghcr.io/salomax)");
        }
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (URISyntaxException e) {
            throw new InputException("Registry '" + value + "' is not a URI: use oci://host[:port]/path");
        }
        if (!"oci".equals(uri.getScheme()) || uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null
                || uri.getUserInfo() != null) {
            throw new InputException("Registry '" + value + "' must look like oci://host[:port]/path"
                    + " (no user, tag, query or fragment; credentials come from settings.xml)");
        }
        String host = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+|/+$", "");
        if (path.contains(":") || path.contains("@")) {
            throw new InputException("Registry '" + value + "' must not name a tag or digest: charts are tagged with their version");
        }
        return new RegistryReference(host, path);
    }

    /** The URI Helm pushes to. */
    public URI helmRemote() {
        return URI.create("oci://" + host + (path.isEmpty() ? "" : "/" + path));
    }

    /** The repository of a chart in this registry: {@code path/chart}. */
    public String repository(String chart) {
        return path.isEmpty() ? chart : path + "/" + chart;
    }

    /** The full reference of a chart version, as {@code helm pull} takes it. */
    public String reference(PackagedChart chart) {
        return "oci://" + host + "/" + repository(chart.name()) + ":" + chart.tag();
    }

    /** The host name without the port. */
    public String hostName() {
        String h = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1) : host;
        int colon = h.startsWith("[") ? -1 : h.lastIndexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }

    /** Whether the registry is on this machine's loopback interface (plain HTTP is allowed there). */
    public boolean loopback() {
        String name = hostName().replace("[", "").replace("]", "");
        if (name.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!name.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false; // never resolve a name: DNS could say anything
        }
        try {
            return InetAddress.getByName(name).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return helmRemote().toString();
    }
}
