package io.neotool.charts.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.TestSpecs;
import io.neotool.charts.security.Rendered;
import io.neotool.charts.testtools.Manifests;
import io.neotool.charts.testtools.YamlTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code helm upgrade} does to a running platform, through real Helm, in dev and prod.
 *
 * <p>To the next chart version with the same values: the charts generated at two versions and rendered alike hold the
 * same objects, which differ only in their own {@code helm.sh/chart} label. No pod template changes, so no pod is
 * replaced, and no immutable field (a Job's pod template, a StatefulSet's selector and claims) changes, so the API
 * server refuses nothing.
 *
 * <p>With a service added, with its database (a fixture platform): no StatefulSet (PostgreSQL, Kafka, MinIO, Vault,
 * Loki, Prometheus), no DaemonSet and no other service replaces its pods.
 *
 * <p>Generated credentials differ between any two renders without a cluster (on one, an upgrade reads them back with
 * {@code lookup}); a second render of the same version finds them, and they are left out of the comparison. They may
 * only be Secrets' data and the checksums of pod templates that hash those Secrets.
 */
class PlatformUpgradeTest {
    private static final String CHART_LABEL = "helm.sh/chart";

    @TempDir
    static Path dir;

    @Test
    void theNextChartVersionChangesNothingButTheObjectsChartLabels() {
        Rendered now = Rendered.platform();
        Rendered next = Rendered.generate(dir, "99.0.0");
        assertDiffersOnlyInChartLabels("dev", now.devManifests(), new Manifests(now.render(List.of(), Map.of())),
                next.devManifests());
        assertDiffersOnlyInChartLabels("prod", now.prodManifests(),
                new Manifests(now.render(List.of("values-prod.yaml"), Map.of())), next.prodManifests());
    }

    @Test
    void aServiceAddedWithItsDatabaseReplacesNoStatefulSetsDaemonSetsOrOtherServicesPods() throws IOException {
        Rendered before = shop(dir.resolve("before"), List.of("orders"));
        Rendered after = shop(dir.resolve("after"), List.of("orders", "billing"));
        for (List<String> values : List.of(List.<String>of(), List.of("values-prod.yaml"))) {
            Map<String, Map<String, Object>> now = podTemplates(new Manifests(before.render(values, Map.of())));
            Map<String, Map<String, Object>> again = podTemplates(new Manifests(before.render(values, Map.of())));
            Map<String, Map<String, Object>> next = podTemplates(new Manifests(after.render(values, Map.of())));
            assertTrue(next.containsKey("Deployment neotool-app/billing"), values + ": the new service: " + next.keySet());
            List<String> replaced = new ArrayList<>();
            for (String workload : now.keySet()) {
                assertTrue(next.containsKey(workload), values + ": " + workload + " is still rendered");
                List<String> generated = new ArrayList<>();
                differences(workload, now.get(workload), again.get(workload), generated);
                List<String> changed = new ArrayList<>();
                differences(workload, now.get(workload), next.get(workload), changed);
                if (!generated.containsAll(changed)) {
                    replaced.add(workload);
                }
            }
            // PgBouncer alone rolls: its userlist and databases gained the new one (the fixture's router composes no
            // subgraph of the new service)
            assertEquals(List.of("Deployment neotool-data/pgbouncer"), replaced, values + ": the workloads whose pods the new "
                    + "service replaces");
            assertEquals(List.of(), replaced.stream().filter(w -> w.startsWith("StatefulSet ") || w.startsWith("DaemonSet ")
                    || w.equals("Deployment neotool-app/orders")).toList(), values + ": workloads whose pods the new service replaces "
                    + "(all replaced: " + replaced + ")");
        }
    }

    /** A fixture platform of these services, each with a database of its name. */
    private static Rendered shop(Path into, List<String> services) throws IOException {
        StringBuilder spec = new StringBuilder("chart: {name: shop, appVersion: \"1.0.0\"}\nservices:\n");
        services.forEach(s -> spec.append("  ").append(s).append(":\n    image: {repository: ").append(s)
                .append(", tag: \"1.0.0\"}\n    database: {name: ").append(s).append("}\n"));
        spec.append("postgres:\n  databases:\n");
        services.forEach(s -> spec.append("    ").append(s).append(": {owner: ").append(s).append("}\n"));
        spec.append(TestSpecs.PROD);
        Files.createDirectories(into);
        Path file = into.resolve("neotool.yaml");
        Files.writeString(file, spec);
        return Rendered.generate(into, file, "shop");
    }

    /** The pod template of every workload that keeps pods running, by kind, namespace and name. */
    private static Map<String, Map<String, Object>> podTemplates(Manifests manifests) {
        Map<String, Map<String, Object>> templates = new TreeMap<>();
        for (Map<String, Object> m : manifests) {
            if (List.of("Deployment", "StatefulSet", "DaemonSet").contains(m.get("kind"))) {
                templates.put(m.get("kind") + " " + Manifests.name(m), YamlTree.map(m, "spec", "template"));
            }
        }
        return templates;
    }

    private static void assertDiffersOnlyInChartLabels(String env, Manifests now, Manifests again, Manifests next) {
        Map<String, Map<String, Object>> before = byName(now);
        Map<String, Map<String, Object>> rerendered = byName(again);
        Map<String, Map<String, Object>> after = byName(next);
        assertEquals(before.keySet(), rerendered.keySet(), env + ": a second render holds the same objects");
        assertEquals(before.keySet(), after.keySet(), env + ": the same objects, by kind, namespace and name");
        Set<String> generated = new TreeSet<>();
        List<String> changed = new ArrayList<>();
        int relabelled = 0;
        for (String object : before.keySet()) {
            Map<String, Object> a = before.get(object);
            List<String> random = new ArrayList<>();
            differences(object, a, rerendered.get(object), random);
            random.forEach(d -> generated.add(d.substring(0, d.indexOf(": "))));
            Map<String, Object> b = after.get(object);
            if (!Objects.equals(chartLabel(a), chartLabel(b))) {
                relabelled++;
            }
            List<String> found = new ArrayList<>();
            differences(object, withoutChartLabel(a), withoutChartLabel(b), found);
            found.stream().filter(d -> !generated.contains(d.substring(0, d.indexOf(": ")))).forEach(changed::add);
        }
        assertEquals(List.of(), changed, env + ": fields that change with the chart version alone");
        assertNotEquals(0, relabelled, env + ": the chart version did change");
        assertEquals(List.of(), generated.stream().filter(path -> !GENERATED.matcher(path).matches()).toList(),
                env + ": fields that differ from one render to the next other than generated credentials");
    }

    /** Where generated credentials show: a Secret's data, and a pod template's checksum of such a Secret. */
    private static final Pattern GENERATED = Pattern.compile(
            "Secret \\S+\\.(data|stringData)\\..+|(Deployment|StatefulSet) \\S+\\.spec\\.template\\.metadata\\.annotations\\.checksum/.+");

    private static Map<String, Map<String, Object>> byName(Manifests manifests) {
        Map<String, Map<String, Object>> byName = new TreeMap<>();
        for (Map<String, Object> m : manifests) {
            byName.put(m.get("kind") + " " + Manifests.name(m), m);
        }
        return byName;
    }

    private static Object chartLabel(Map<String, Object> object) {
        return YamlTree.map(object, "metadata", "labels").get(CHART_LABEL);
    }

    private static Map<String, Object> withoutChartLabel(Map<String, Object> object) {
        Map<String, Object> copy = new LinkedHashMap<>(object);
        Map<String, Object> metadata = new LinkedHashMap<>(YamlTree.map(object, "metadata"));
        Map<String, Object> labels = new LinkedHashMap<>(YamlTree.map(object, "metadata", "labels"));
        labels.remove(CHART_LABEL);
        metadata.put("labels", labels);
        copy.put("metadata", metadata);
        return copy;
    }

    /** The paths under which {@code a} and {@code b} differ, each with both values. */
    @SuppressWarnings("unchecked")
    private static void differences(String path, Object a, Object b, List<String> into) {
        if (a instanceof Map && b instanceof Map) {
            Map<String, Object> ma = (Map<String, Object>) a;
            Map<String, Object> mb = (Map<String, Object>) b;
            TreeSet<String> keys = new TreeSet<>(ma.keySet());
            keys.addAll(mb.keySet());
            keys.forEach(k -> differences(path + "." + k, ma.get(k), mb.get(k), into));
        } else if (a instanceof List && b instanceof List && ((List<?>) a).size() == ((List<?>) b).size()) {
            for (int i = 0; i < ((List<?>) a).size(); i++) {
                differences(path + "[" + i + "]", ((List<?>) a).get(i), ((List<?>) b).get(i), into);
            }
        } else if (!Objects.equals(a, b)) {
            into.add(path + ": " + a + " -> " + b);
        }
    }
}
