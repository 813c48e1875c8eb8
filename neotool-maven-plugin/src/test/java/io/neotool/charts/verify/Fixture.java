package io.neotool.charts.verify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hand-written rendered manifests for rule tests: a release that passes every rule, and ways to break it (edit a
 * body with {@link io.neotool.charts.testtools.YamlTree#set}).
 */
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
}
