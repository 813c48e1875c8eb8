package io.neotool.charts.testtools;

import static io.neotool.charts.testtools.YamlTree.map;
import static io.neotool.charts.testtools.YamlTree.maps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The objects of a rendered release, as parsed YAML documents (this list, read-only), and the lookups the chart tests
 * share: by kind, namespace and name, and the parts of a workload. Navigation inside an object is {@link YamlTree}'s.
 */
public final class Manifests extends AbstractList<Map<String, Object>> {
    private final List<Map<String, Object>> documents;

    /** The documents of {@code rendered}, Helm's multi-document output. */
    public Manifests(String rendered) {
        documents = List.copyOf(YamlTree.documents(rendered));
    }

    @Override
    public Map<String, Object> get(int index) {
        return documents.get(index);
    }

    @Override
    public int size() {
        return documents.size();
    }

    /** The one object of this kind, namespace and name; fails the test unless there is exactly one. */
    public Map<String, Object> one(String kind, String namespace, String name) {
        List<Map<String, Object>> found = ofKind(kind).stream().filter(d -> name(d).equals(namespace + "/" + name)).toList();
        assertEquals(1, found.size(), kind + " " + namespace + "/" + name + " in " + names());
        return found.get(0);
    }

    /** Whether an object of this kind and name is rendered, in any namespace. */
    public boolean has(String kind, String name) {
        return ofKind(kind).stream().anyMatch(d -> name.equals(map(d, "metadata").get("name")));
    }

    public List<Map<String, Object>> ofKind(String kind) {
        return documents.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    public List<Map<String, Object>> inNamespace(String namespace) {
        return documents.stream().filter(d -> namespace.equals(map(d, "metadata").get("namespace"))).toList();
    }

    /** {@code Kind namespace/name} of every object, for failure messages. */
    public List<String> names() {
        return documents.stream().map(d -> d.get("kind") + " " + name(d)).toList();
    }

    /** {@code namespace/name} of an object. */
    public static String name(Map<String, Object> object) {
        return map(object, "metadata").get("namespace") + "/" + map(object, "metadata").get("name");
    }

    /** The pod spec of a Deployment, StatefulSet, DaemonSet or Job, or a Pod's own. */
    public static Map<String, Object> podSpec(Map<String, Object> workload) {
        return "Pod".equals(workload.get("kind")) ? map(workload, "spec") : map(workload, "spec", "template", "spec");
    }

    /** The only container of a workload; fails the test when it has more or none. */
    public static Map<String, Object> container(Map<String, Object> workload) {
        List<Map<String, Object>> containers = maps(podSpec(workload), "containers");
        assertEquals(1, containers.size(), "containers of " + name(workload));
        return containers.get(0);
    }

    /** A container's env entry named {@code name} ({@code value} or {@code valueFrom}); fails the test when there is none. */
    public static Map<String, Object> env(Map<String, Object> container, String name) {
        return maps(container, "env").stream().filter(e -> name.equals(e.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name + " in container " + container.get("name")));
    }

    /** A container's literal env values by name (valueFrom entries are left out). */
    public static Map<String, String> literalEnv(Map<String, Object> container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Map<String, Object> e : maps(container, "env")) {
            if (e.containsKey("value")) {
                env.put((String) e.get("name"), String.valueOf(e.get("value")));
            }
        }
        return env;
    }

    /** The decoded value of {@code key} in a rendered Secret's data. */
    public static String secretValue(Map<String, Object> secret, String key) {
        String encoded = (String) map(secret, "data").get(key);
        assertTrue(encoded != null, "Secret " + map(secret, "metadata").get("name") + " has the key " + key);
        return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    }
}
