package io.neotool.charts.model;

import static io.neotool.charts.TestSpecs.at;
import static io.neotool.charts.TestSpecs.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The checks by type reach every key the model gives that type: the keys are found from the record classes (an entry
 * of a map of records is named {@code a}), so a component added to the model is covered without touching this test.
 * Each case writes a spec with one bad value at one such key (and its components enabled) and expects the problem at
 * that key's path and line.
 */
class TypeChecksTest {
    @TempDir
    Path dir;

    @Test
    void everyImageIsPinned() {
        List<List<String>> images = keysOf(ContainerImage.class);
        images.addAll(keysOf(ServiceSpec.Image.class));
        assertTrue(images.contains(List.of("router", "smokeTest", "image")), images.toString());
        assertTrue(images.contains(List.of("services", "a", "vaultInit", "image")), images.toString());
        expectEverywhere(images, key -> Map.of("repository", "acme/x", "tag", "latest"), ".tag", "tag:",
                "'latest' is not a pinned version");
    }

    @Test
    void everyRequestIsWithinItsLimit() {
        List<List<String>> resources = keysOf(ServiceSpec.Resources.class);
        assertTrue(resources.size() >= 10, resources.toString());
        expectEverywhere(resources, key -> Map.of("requests", Map.of("cpu", "2", "memory", "1Gi"),
                "limits", Map.of("cpu", "1", "memory", "1Gi")), ".requests.cpu", "cpu:", "cpu request 2 is more than its limit 1");
    }

    @Test
    void everyAutoscalingKeepsMinWithinMax() {
        List<List<String>> autoscaling = keysOf(ServiceSpec.Autoscaling.class);
        assertTrue(autoscaling.size() >= 3, autoscaling.toString());
        expectEverywhere(autoscaling, key -> Map.of("minReplicas", 5, "maxReplicas", 2), ".minReplicas", "minReplicas:",
                "minReplicas (5) is greater than maxReplicas (2)");
    }

    @Test
    void everyLivenessProbeDiffersFromReadiness() {
        List<List<String>> probes = keysOf(ServiceSpec.Probes.class);
        assertTrue(probes.size() >= 3, probes.toString());
        Map<String, Object> probe = Map.of("path", "/same", "initialDelaySeconds", 1, "periodSeconds", 1, "timeoutSeconds", 1,
                "failureThreshold", 1);
        // a mapping is reported at its key's line
        expectEverywhere(probes, key -> {
            Map<String, Object> both = new LinkedHashMap<>();
            both.put("liveness", probe);
            both.put("readiness", new LinkedHashMap<>(probe));
            return both;
        }, "", "probes:",
                "liveness and readiness probes are identical");
    }

    @Test
    void everyObjectStorageEgressExcludesCidrRanges() {
        List<List<String>> egress = keysOf(ServiceSpec.ObjectStorage.class);
        assertTrue(egress.contains(List.of("services", "a", "networkPolicy", "objectStorage")), egress.toString());
        expectEverywhere(egress, key -> Map.of("enabled", true, "exceptCidrs", List.of("not-a-cidr")), ".exceptCidrs[0]",
                "not-a-cidr", "'not-a-cidr' is not an IPv4 or IPv6 CIDR");
        List<List<String>> backup = keysOf(PostgresSpec.BackupStorage.class);
        assertEquals(List.of(List.of("postgres", "backup", "objectStorage")), backup);
        expectEverywhere(backup, key -> Map.of("exceptCidrs", List.of("not-a-cidr")), ".exceptCidrs[0]",
                "not-a-cidr", "'not-a-cidr' is not an IPv4 or IPv6 CIDR");
    }

    @Test
    void everyInternetEgressPortIsATcpPort() {
        List<List<String>> internet = keysOf(ServiceSpec.Internet.class);
        assertTrue(internet.contains(List.of("services", "a", "networkPolicy", "internet")), internet.toString());
        Function<List<String>, Object> ports = key -> Map.of("ports", List.of(1, 65535, 0, 65536));
        expectEverywhere(internet, ports, ".ports[3]", "65536", "65536 is not a TCP port (1 to 65535)");
        expectEverywhere(internet, ports, ".ports[2]", "- 0", "0 is not a TCP port (1 to 65535)");
        for (List<String> key : internet) {
            String path = String.join(".", key) + ".ports";
            assertEquals(List.of(path + "[2]", path + "[3]"), problems(dir, yamlWith(key, ports.apply(key))).stream()
                    .map(SpecProblem::path).filter(p -> p.startsWith(path)).toList(), "1 and 65535 are ports");
        }
    }

    @Test
    void everyNamespaceTheComponentsDeployIntoIsDeclared() {
        List<List<String>> namespaces = keysWhere((component, type) -> component.isAnnotationPresent(DeclaredNamespace.class),
                "namespace key");
        assertTrue(namespaces.contains(List.of("services", "a", "namespace")), namespaces.toString());
        assertTrue(namespaces.contains(List.of("minio", "clientSecret", "namespaces")), namespaces.toString());
        for (List<String> key : namespaces) {
            boolean list = component(key).getType() == List.class;
            expectEverywhere(List.of(key), k -> list ? List.of("nowhere") : "nowhere", list ? "[0]" : "", "nowhere",
                    "namespace 'nowhere' is not declared under namespaces");
        }
    }

    @Test
    void aDisabledComponentIsNotCheckedByType() {
        List<SpecProblem> problems = problems(dir, """
                chart: {name: Bad_Name}
                vault:
                  enabled: false
                  image: {repository: hashicorp/vault, tag: latest}
                  resources:
                    requests: {cpu: "2"}
                    limits: {cpu: "1"}
                """);
        assertFalse(problems.stream().anyMatch(p -> p.path().startsWith("vault.")), problems.toString());
    }

    /** For each key: a spec with {@code value} there; the problem is at key + {@code suffix}, on a line with {@code lineText}. */
    private void expectEverywhere(List<List<String>> keys, Function<List<String>, Object> value, String suffix, String lineText,
                                  String message) {
        for (List<String> key : keys) {
            String yaml = yamlWith(key, value.apply(key));
            String path = String.join(".", key) + suffix;
            SpecProblem problem = at(problems(dir, yaml), path);
            assertTrue(problem.message().contains(message), path + ": " + problem.message());
            String line = yaml.lines().toList().get(problem.line() - 1);
            assertTrue(line.contains(lineText), path + " is reported at line " + problem.line() + " (" + line + ") of\n" + yaml);
        }
    }

    /** A spec holding {@code value} at {@code key}, with every record on the way that can be switched on switched on. */
    private static String yamlWith(List<String> key, Object value) {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> at = root;
        Class<?> type = PlatformSpec.class;
        Class<?> mapValue = null;
        for (int i = 0; i < key.size() - 1; i++) {
            if (mapValue != null) {
                type = mapValue;
                mapValue = null;
            } else {
                RecordComponent c = component(type, key.get(i));
                type = c.getType();
                if (type == Map.class) {
                    mapValue = raw(((ParameterizedType) c.getGenericType()).getActualTypeArguments()[1]);
                }
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> child = (Map<String, Object>) at.computeIfAbsent(key.get(i), k -> new LinkedHashMap<>());
            if (type.isRecord() && hasEnabled(type)) {
                child.put("enabled", true);
            }
            at = child;
        }
        at.put(key.get(key.size() - 1), value);
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dump(root);
    }

    /** The record component a key path ends at. */
    private static RecordComponent component(List<String> key) {
        Class<?> type = PlatformSpec.class;
        RecordComponent c = null;
        for (String k : key) {
            if (type == Map.class) {
                type = raw(((ParameterizedType) c.getGenericType()).getActualTypeArguments()[1]);
                continue;
            }
            c = component(type, k);
            type = c.getType();
        }
        return c;
    }

    private static RecordComponent component(Class<?> type, String name) {
        for (RecordComponent c : type.getRecordComponents()) {
            if (c.getName().equals(name)) {
                return c;
            }
        }
        throw new AssertionError(type.getSimpleName() + " has no key " + name);
    }

    /** Every key path where the model holds a {@code wanted}, from {@link PlatformSpec}'s record classes. */
    private static List<List<String>> keysOf(Class<?> wanted) {
        return keysWhere((component, type) -> type == wanted, wanted.getSimpleName());
    }

    private static List<List<String>> keysWhere(BiPredicate<RecordComponent, Class<?>> wanted, String what) {
        List<List<String>> found = new ArrayList<>();
        collect(PlatformSpec.class, new ArrayList<>(), wanted, found);
        assertFalse(found.isEmpty(), "the model holds no " + what);
        return found;
    }

    private static void collect(Class<?> type, List<String> key, BiPredicate<RecordComponent, Class<?>> wanted,
                                List<List<String>> found) {
        for (RecordComponent c : type.getRecordComponents()) {
            List<String> childKey = new ArrayList<>(key);
            childKey.add(c.getName());
            Class<?> child = c.getType();
            if (child == Map.class) {
                Class<?> value = raw(((ParameterizedType) c.getGenericType()).getActualTypeArguments()[1]);
                if (value.isRecord()) {
                    childKey.add("a");
                    child = value;
                }
            }
            if (wanted.test(c, child)) {
                found.add(childKey);
            } else if (child.isRecord()) {
                collect(child, childKey, wanted, found);
            }
        }
    }

    private static boolean hasEnabled(Class<?> type) {
        for (RecordComponent c : type.getRecordComponents()) {
            if (c.getName().equals("enabled") && c.getType() == boolean.class) {
                return true;
            }
        }
        return false;
    }

    private static Class<?> raw(Type type) {
        return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    }
}
