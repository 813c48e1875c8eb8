package io.neotool.charts.verify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Hand-written rendered manifests for rule tests: a release that passes every rule, and ways to break it. */
@SuppressWarnings("unchecked")
final class Fixture {
    final List<Manifest> manifests;

    private Fixture(List<Manifest> manifests) {
        this.manifests = manifests;
    }

    static Fixture good() {
        return new Fixture(new ArrayList<>(parse(resource("/verify/good.yaml"))));
    }

    static String resource(String name) {
        try (InputStream in = Fixture.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<Manifest> parse(String yaml) {
        ManifestParser.Parsed parsed = new ManifestParser().parse(yaml);
        if (!parsed.problems().isEmpty()) {
            throw new AssertionError(parsed.problems());
        }
        return parsed.manifests();
    }

    Manifest get(String kind, String name) {
        return manifests.stream().filter(m -> m.kind().equals(kind) && m.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + "/" + name));
    }

    Map<String, Object> deployment() {
        return get("Deployment", "demo").body();
    }

    Fixture add(String yaml) {
        manifests.addAll(parse(yaml));
        return this;
    }

    Fixture remove(String kind, String name) {
        manifests.remove(get(kind, name));
        return this;
    }

    /** Schema findings, then policy findings, for release "rel" in namespace demo-ns. */
    List<Finding> findings(boolean prod) {
        List<Finding> all = new ArrayList<>();
        SchemaValidator schema = new SchemaValidator("1.32.0", CrdSchemas.from(manifests));
        manifests.forEach(m -> all.addAll(schema.validate(m)));
        all.addAll(PolicyChecker.check(new PolicyChecker.Release("rel", "demo-ns", prod), manifests));
        return all;
    }

    // ---- path edits: "spec.template.spec.containers[0].image"

    static void set(Map<String, Object> root, String path, Object value) {
        Object parent = navigate(root, path, true);
        String last = lastSegment(path);
        if (last.endsWith("]")) {
            int i = Integer.parseInt(last.substring(last.indexOf('[') + 1, last.length() - 1));
            Object list = ((Map<String, Object>) parent).get(last.substring(0, last.indexOf('[')));
            ((List<Object>) list).set(i, value);
        } else {
            ((Map<String, Object>) parent).put(last, value);
        }
    }

    static void remove(Map<String, Object> root, String path) {
        Object parent = navigate(root, path, false);
        ((Map<String, Object>) parent).remove(lastSegment(path));
    }

    static Object get(Map<String, Object> root, String path) {
        Object parent = navigate(root, path, false);
        return ((Map<String, Object>) parent).get(lastSegment(path));
    }

    private static String lastSegment(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    @SuppressWarnings("unchecked")
    private static Object navigate(Map<String, Object> root, String path, boolean create) {
        String[] parts = path.split("\\.");
        Object o = root;
        for (int p = 0; p < parts.length - 1; p++) {
            String part = parts[p];
            String key = part.contains("[") ? part.substring(0, part.indexOf('[')) : part;
            Map<String, Object> map = (Map<String, Object>) o;
            if (!map.containsKey(key) && create) {
                map.put(key, new java.util.LinkedHashMap<String, Object>());
            }
            o = map.get(key);
            if (part.contains("[")) {
                int i = Integer.parseInt(part.substring(part.indexOf('[') + 1, part.length() - 1));
                o = ((List<Object>) o).get(i);
            }
        }
        return o;
    }
}
