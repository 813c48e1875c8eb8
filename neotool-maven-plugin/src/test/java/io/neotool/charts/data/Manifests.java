package io.neotool.charts.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.neotool.charts.security.Rendered;
import java.util.List;
import java.util.Map;

/**
 * The documents of a rendered release and the lookups the data tests need. Stricter than {@link Rendered}'s:
 * {@link #get} wants exactly one match, and {@link #map} gives null for a missing key (RestrictedRules tells
 * absent from empty).
 */
final class Manifests {
    final List<Map<String, Object>> documents;

    private static Manifests platformDev;
    private static Manifests platformProd;

    Manifests(String rendered) {
        documents = Rendered.documents(rendered);
    }

    /** The product platform's dev render ({@link Rendered#platform()}), parsed once for every data test. */
    static synchronized Manifests dev() {
        if (platformDev == null) {
            platformDev = new Manifests(Rendered.platform().dev());
        }
        return platformDev;
    }

    /** The product platform's prod render, parsed once for every data test. */
    static synchronized Manifests prod() {
        if (platformProd == null) {
            platformProd = new Manifests(Rendered.platform().prod());
        }
        return platformProd;
    }

    /** The one object of this kind, name and namespace. */
    Map<String, Object> get(String kind, String namespace, String name) {
        List<Map<String, Object>> found = documents.stream()
                .filter(d -> kind.equals(d.get("kind")))
                .filter(d -> name.equals(map(d, "metadata").get("name")))
                .filter(d -> namespace.equals(map(d, "metadata").get("namespace")))
                .toList();
        assertEquals(1, found.size(), kind + " " + namespace + "/" + name + " in " + names());
        return found.get(0);
    }

    boolean has(String kind, String name) {
        return documents.stream().anyMatch(d -> kind.equals(d.get("kind")) && name.equals(map(d, "metadata").get("name")));
    }

    List<Map<String, Object>> inNamespace(String namespace) {
        return documents.stream().filter(d -> namespace.equals(map(d, "metadata").get("namespace"))).toList();
    }

    List<String> names() {
        return documents.stream().map(d -> d.get("kind") + " " + map(d, "metadata").get("namespace") + "/"
                + map(d, "metadata").get("name")).toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object parent, String... path) {
        Object value = parent;
        for (String key : path) {
            value = ((Map<String, Object>) value).get(key);
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object parent, String... path) {
        Object value = parent;
        for (String key : path) {
            value = ((Map<String, Object>) value).get(key);
        }
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }

    /** The pod spec of a Deployment, StatefulSet or Job. */
    static Map<String, Object> podSpec(Map<String, Object> workload) {
        return map(workload, "spec", "template", "spec");
    }

    /** The only container of a workload. */
    static Map<String, Object> container(Map<String, Object> workload) {
        List<Map<String, Object>> containers = list(podSpec(workload), "containers");
        assertEquals(1, containers.size());
        return containers.get(0);
    }

    /** A container's literal env values by name (valueFrom entries are left out). */
    static Map<String, String> literalEnv(Map<String, Object> container) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        for (Map<String, Object> e : list(container, "env")) {
            if (e.containsKey("value")) {
                env.put((String) e.get("name"), String.valueOf(e.get("value")));
            }
        }
        return env;
    }
}
