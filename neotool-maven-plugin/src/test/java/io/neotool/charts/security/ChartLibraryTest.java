package io.neotool.charts.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.InputException;
import io.neotool.charts.TestPaths;
import io.neotool.charts.helm.HelmClient;
import io.neotool.charts.testtools.Manifests;
import io.neotool.charts.testtools.ProductNamespaces;
import io.neotool.charts.testtools.YamlTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The charts' shared helper library (charts-src/templates/partials/library.tpl.peb): rendered into every chart, so
 * each chart stands alone, and one image policy for all of them: a pinned tag, never {@code latest}, in every
 * environment.
 */
class ChartLibraryTest {

    static Rendered charts;

    @BeforeAll
    static void generate() {
        charts = Rendered.platform();
    }

    /**
     * A render that fails says which key to set as the one installing sets it: with the chart's name in front under
     * the umbrella (--set-file router.supergraph.schema=...), without it for the chart installed on its own from the
     * registry, whose schema would refuse the prefixed key.
     */
    @Test
    void aFailingRenderNamesTheKeyAsTheChartIsInstalled() {
        HelmClient helm = new HelmClient();
        Path router = charts.umbrella.resolve("charts/router");
        InputException alone = assertThrows(InputException.class, () -> helm.template(new HelmClient.RenderRequest(router,
                "router", "default", HelmClient.DEFAULT_KUBE_VERSION, List.of(), Map.of())));
        assertTrue(alone.getMessage().contains("e.g. --set-file supergraph.schema=supergraph.graphql"), alone.getMessage());
        Path observability = charts.umbrella.resolve("charts/observability");
        InputException prod = assertThrows(InputException.class, () -> helm.template(new HelmClient.RenderRequest(observability,
                "observability", "default", HelmClient.DEFAULT_KUBE_VERSION, List.of(), Map.of("global.environment", "prod"))));
        assertTrue(prod.getMessage().contains("set loki.storageType=s3 and loki.s3.secretName"), prod.getMessage());
        InputException umbrella = assertThrows(InputException.class, () -> charts.render(List.of(),
                Map.of("router.enabled", "true", "router.supergraph.schema", "")));
        assertTrue(umbrella.getMessage().contains("e.g. --set-file router.supergraph.schema=supergraph.graphql"),
                umbrella.getMessage());
    }

    /**
     * A chart installed on its own checks the platform's global keys it is given as the umbrella does: a misspelt
     * global.environment (production) would otherwise skip every prod check of the chart (a dev-mode Vault in prod),
     * and a misspelt userIds give pods the ids OpenShift refuses; a parent chart's own global keys pass.
     */
    @Test
    void aChartInstalledAloneRefusesAMisspeltGlobalValue() {
        HelmClient helm = new HelmClient();
        for (String chart : List.of("vault", "postgres", "neotool-service")) {
            Path dir = charts.umbrella.resolve("charts/" + chart);
            Map<String, String> own = chart.equals("neotool-service") ? Map.of("serviceName", "orders", "image.repository", "orders",
                    "image.tag", "1.0.0") : Map.of();
            for (Map.Entry<String, String> bad : Map.of("global.environment", "production", "global.userIds", "Cluster").entrySet()) {
                Map<String, String> set = new java.util.HashMap<>(own);
                set.put(bad.getKey(), bad.getValue());
                InputException e = assertThrows(InputException.class, () -> helm.template(new HelmClient.RenderRequest(dir,
                        chart, "default", HelmClient.DEFAULT_KUBE_VERSION, List.of(), set)), chart + " " + bad);
                assertTrue(e.getMessage().contains("at '/" + bad.getKey().replace('.', '/') + "': value must be one of"),
                        e.getMessage());
            }
            for (String notAMirror : List.of("https://harbor.corp/dockerhub", "harbor")) {
                Map<String, String> mirror = new java.util.HashMap<>(own);
                mirror.put("global.imageMirrors.docker\\.io", notAMirror);
                InputException url = assertThrows(InputException.class, () -> helm.template(new HelmClient.RenderRequest(dir,
                        chart, "default", HelmClient.DEFAULT_KUBE_VERSION, List.of(), mirror)), chart + " " + notAMirror);
                assertTrue(url.getMessage().contains("at '/global/imageMirrors/docker.io'"), url.getMessage());
            }
            Map<String, String> parents = new java.util.HashMap<>(own);
            parents.put("global.parentsOwn", "x");
            helm.template(new HelmClient.RenderRequest(dir, chart, "default", HelmClient.DEFAULT_KUBE_VERSION, List.of(), parents));
        }
    }

    /**
     * The data charts name their pods and their peers in their NetworkPolicies and the platform's addresses by their
     * own names: under a parent chart's alias those would select none of the alias's pods, so each refuses to render
     * there, naming the alias; under its own name in the same parent it renders.
     */
    @Test
    void aDataChartUnderAnAliasRefusesToRender(@TempDir Path dir) throws IOException {
        HelmClient helm = new HelmClient();
        for (String chart : List.of("postgres", "kafka", "minio")) {
            Path parent = dir.resolve("parent-" + chart);
            io.neotool.charts.testtools.FileSnapshots.copyTree(charts.umbrella.resolve("charts/" + chart),
                    parent.resolve("charts/" + chart));
            String version = YamlTree.document(Files.readString(parent.resolve("charts/" + chart + "/Chart.yaml")))
                    .get("version").toString();
            for (String alias : List.of("store", chart)) {
                Files.writeString(parent.resolve("Chart.yaml"), "apiVersion: v2\nname: team\nversion: 1.0.0\n"
                        + "dependencies:\n  - name: " + chart + "\n    version: \"" + version + "\"\n    alias: " + alias + "\n");
                Map<String, String> set = chart.equals("postgres") ? Map.of(alias + ".monitoring.enabled", "false") : Map.of();
                HelmClient.RenderRequest render = new HelmClient.RenderRequest(parent, "team", "default",
                        HelmClient.DEFAULT_KUBE_VERSION, List.of(), set);
                if (alias.equals(chart)) {
                    assertTrue(helm.template(render).contains("kind: StatefulSet"), chart);
                    continue;
                }
                InputException e = assertThrows(InputException.class, () -> helm.template(render), chart);
                assertTrue(e.getMessage().contains(chart + ": installed as \"store\" (an alias)"), e.getMessage());
            }
        }
    }

    /**
     * Every pod with an fsGroup has the kubelet change its volumes' ownership only when their root does not match
     * (OnRootMismatch): the default walks every file of every volume at every mount, minutes for a large Prometheus,
     * Loki or PostgreSQL volume at each restart.
     */
    @Test
    void everyPodWithAnFsGroupChangesOwnershipOnlyOnRootMismatch() {
        List<String> checked = new ArrayList<>();
        for (Manifests docs : List.of(charts.devManifests(), charts.prodManifests())) {
            for (Map<String, Object> o : docs) {
                Map<String, Object> pod = pod(o);
                Map<String, Object> sc = pod == null ? Map.of() : YamlTree.map(pod, "securityContext");
                if (sc.containsKey("fsGroup")) {
                    assertEquals("OnRootMismatch", sc.get("fsGroupChangePolicy"), o.get("kind") + " " + Manifests.name(o));
                    checked.add(Manifests.name(o));
                }
            }
        }
        assertFalse(checked.isEmpty(), "the platform has pods with an fsGroup");
    }

    /**
     * global.imagePullSecrets reaches every pod of the platform (workloads, hooks, helm test Pods), in the order given;
     * without it no pod names any.
     */
    @Test
    void everyPodPullsWithTheRegistrysSecretsWhenGiven() {
        Manifests given = new Manifests(charts.render(List.of("values-prod.yaml"),
                Map.of("global.imagePullSecrets[0]", "regcred", "global.imagePullSecrets[1]", "mirror")));
        Map<String, Long> kinds = new java.util.TreeMap<>();
        for (Map<String, Object> o : given) {
            Map<String, Object> pod = pod(o);
            if (pod != null) {
                assertEquals(List.of(Map.of("name", "regcred"), Map.of("name", "mirror")), pod.get("imagePullSecrets"),
                        o.get("kind") + " " + Manifests.name(o));
                kinds.merge(String.valueOf(o.get("kind")), 1L, Long::sum);
            }
        }
        assertTrue(kinds.keySet().containsAll(java.util.Set.of("Deployment", "StatefulSet", "Job", "Pod")),
                "the platform's pods, of every kind it renders: " + kinds);
        for (Manifests docs : List.of(charts.devManifests(), charts.prodManifests())) {
            for (Map<String, Object> o : docs) {
                Map<String, Object> pod = pod(o);
                assertTrue(pod == null || !pod.containsKey("imagePullSecrets"), o.get("kind") + " " + Manifests.name(o));
            }
        }
    }

    /**
     * global.priorityClassNames gives every pod of a chart (workloads, the DaemonSet, Jobs, CronJobs, helm test Pods) its
     * chart's PriorityClass, a service's by its name; a chart or service not named keeps the cluster's default, and
     * without the setting no pod names one.
     */
    @Test
    void everyPodOfAChartTakesItsPriorityClass() {
        String service = new TreeSet<>(TestPaths.loadSpec().base().services().keySet()).first();
        Map<String, String> classes = Map.of("postgres", "neotool-data", "kafka", "neotool-data", "observability", "neotool-ops",
                service, "neotool-apps");
        Map<String, String> set = new java.util.TreeMap<>();
        classes.forEach((chart, priorityClass) -> set.put("global.priorityClassNames." + chart, priorityClass));
        Manifests given = new Manifests(charts.render(List.of("values-prod.yaml"), set));
        Map<String, Set<String>> kindsByChart = new java.util.TreeMap<>();
        for (Map<String, Object> o : given) {
            Map<String, Object> pod = pod(o);
            if (pod != null) {
                String chart = String.valueOf(YamlTree.map(o, "metadata", "labels").get("helm.sh/chart"))
                        .replaceFirst("-[0-9]+\\.[0-9]+\\.[0-9]+.*$", "");
                assertEquals(classes.get(chart), pod.get("priorityClassName"), o.get("kind") + " " + Manifests.name(o));
                kindsByChart.computeIfAbsent(chart, c -> new TreeSet<>()).add(String.valueOf(o.get("kind")));
            }
        }
        assertTrue(kindsByChart.get("postgres").containsAll(Set.of("StatefulSet", "Deployment", "Job", "CronJob", "Pod")),
                kindsByChart.toString());
        assertTrue(kindsByChart.get("observability").contains("DaemonSet"), kindsByChart.toString());
        assertTrue(kindsByChart.get("kafka").contains("StatefulSet"), kindsByChart.toString());
        assertTrue(kindsByChart.keySet().containsAll(Set.of("vault", service)), kindsByChart.toString());
        for (Map<String, Object> o : charts.prodManifests()) {
            Map<String, Object> pod = pod(o);
            assertTrue(pod == null || !pod.containsKey("priorityClassName"), o.get("kind") + " " + Manifests.name(o));
        }
    }

    /**
     * An image tag is a label value once cut to 63 characters and stripped of what may not begin or end one: a long
     * tag of a CI build, cut at a '.', or a tag ending in '_', set at install time (no spec check sees it).
     */
    @Test
    void anInstallTimeImageTagMakesAVersionLabelTheApiServerTakes() {
        String service = new TreeSet<>(TestPaths.loadSpec().base().services().keySet()).first();
        String longTag = "1.4.0-feature-add-google-sign-in-to-the-login-and-signup-pages.17.g1a2b3c4";
        assertEquals('.', longTag.charAt(62));
        for (String tag : List.of(longTag, "1.4.0_", "_1.4.0")) {
            Manifests given = new Manifests(charts.render(List.of("values-prod.yaml"), Map.of(service + ".image.tag", tag)));
            Map<String, Object> deployment = given.one("Deployment", TestPaths.loadSpec().base().services().get(service).namespace(), service);
            for (Map<String, Object> labels : List.of(YamlTree.map(deployment, "metadata", "labels"),
                    YamlTree.map(deployment, "spec", "template", "metadata", "labels"))) {
                String version = String.valueOf(labels.get("app.kubernetes.io/version"));
                assertTrue(io.neotool.charts.model.Names.isLabelValue(version) && tag.replace("+", "_").contains(version),
                        tag + ": " + version);
            }
        }
    }

    /**
     * The stateless workloads (the services, router, web) tell the cluster autoscaler that their emptyDirs hold nothing
     * to keep, naming exactly those: by default it never removes a node that runs a pod with an emptyDir.
     */
    @Test
    void theStatelessPodsNameTheirEmptyDirsEvictable() {
        Set<String> annotated = new TreeSet<>();
        for (Map<String, Object> o : charts.prodManifests().ofKind("Deployment")) {
            Object names = YamlTree.map(o, "spec", "template", "metadata", "annotations")
                    .get("cluster-autoscaler.kubernetes.io/safe-to-evict-local-volumes");
            if (names != null) {
                annotated.add(Manifests.name(o).replaceFirst("^.*/", ""));
                Set<String> emptyDirs = new TreeSet<>(YamlTree.maps(Manifests.podSpec(o), "volumes").stream()
                        .filter(v -> v.containsKey("emptyDir")).map(v -> (String) v.get("name")).toList());
                assertEquals(emptyDirs, new TreeSet<>(List.of(((String) names).split(","))), Manifests.name(o));
            }
        }
        Set<String> stateless = new TreeSet<>(TestPaths.loadSpec().environments().get("prod").services().keySet());
        stateless.addAll(List.of("router", "web"));
        assertTrue(annotated.containsAll(stateless), annotated.toString());
    }

    /**
     * Every workload of several pods spreads them over the zones too, by its own pods' labels: a pod that sets
     * constraints of its own loses the cluster's default spread over zones. The PostgreSQL replicas keep away from the
     * primary, so that a zone lost leaves a copy of the data.
     */
    @Test
    void everyReplicatedWorkloadSpreadsOverTheZones() {
        int replicated = 0;
        for (Map<String, Object> o : charts.prodManifests()) {
            Object replicas = YamlTree.map(o, "spec").get("replicas"); // none: an autoscaler sets it (app: 5 to 50)
            if (!Set.of("Deployment", "StatefulSet").contains(String.valueOf(o.get("kind")))
                    || replicas instanceof Integer n && n < 2) {
                continue;
            }
            replicated++;
            Map<String, Object> labels = YamlTree.map(o, "spec", "template", "metadata", "labels");
            assertTrue(YamlTree.maps(Manifests.podSpec(o), "topologySpreadConstraints").stream().anyMatch(t ->
                    "topology.kubernetes.io/zone".equals(t.get("topologyKey")) && "ScheduleAnyway".equals(t.get("whenUnsatisfiable"))
                            && labels.entrySet().containsAll(YamlTree.map(t, "labelSelector", "matchLabels").entrySet())),
                    o.get("kind") + " " + Manifests.name(o));
        }
        assertTrue(replicated > 3, "prod runs several workloads of several pods");
        Map<String, Object> primary = charts.prodManifests().one("StatefulSet", ProductNamespaces.POSTGRES, "postgres");
        Map<String, Object> replica = charts.prodManifests().one("StatefulSet", ProductNamespaces.POSTGRES, "postgres-replica");
        List<Map<String, Object>> away = YamlTree.maps(Manifests.podSpec(replica), "affinity", "podAntiAffinity",
                "preferredDuringSchedulingIgnoredDuringExecution");
        assertEquals(List.of("topology.kubernetes.io/zone", "kubernetes.io/hostname"),
                away.stream().map(t -> YamlTree.map(t, "podAffinityTerm").get("topologyKey")).toList());
        for (Map<String, Object> term : away) {
            assertEquals(YamlTree.map(primary, "spec", "selector", "matchLabels"), YamlTree.map(term, "podAffinityTerm", "labelSelector", "matchLabels"));
        }
    }

    /**
     * global.placement puts every pod, Job and test Pod of a component chart on the nodes it names, tolerating their
     * taints; the other charts' pods, Promtail (a DaemonSet on every node) and the services (their own keys) keep theirs.
     */
    @Test
    void everyPodOfAChartGoesWhereItsPlacementSays() {
        Map<String, String> set = Map.of("global.placement.postgres.nodeSelector.pool", "data",
                "global.placement.postgres.tolerations[0].key", "dedicated",
                "global.placement.postgres.tolerations[0].value", "data",
                "global.placement.postgres.tolerations[0].effect", "NoSchedule",
                "global.placement.kafka.nodeSelector.pool", "data",
                "global.placement.observability.nodeSelector.pool", "ops");
        Manifests given = new Manifests(charts.render(List.of("values-prod.yaml"), set));
        Map<String, String> pools = Map.of("postgres", "data", "kafka", "data", "observability", "ops");
        Map<String, Set<String>> kindsByChart = new java.util.TreeMap<>();
        for (Map<String, Object> o : given) {
            Map<String, Object> pod = pod(o);
            if (pod == null) {
                continue;
            }
            String chart = String.valueOf(YamlTree.map(o, "metadata", "labels").get("helm.sh/chart"))
                    .replaceFirst("-[0-9]+\\.[0-9]+\\.[0-9]+.*$", "");
            String what = o.get("kind") + " " + Manifests.name(o);
            boolean promtail = "DaemonSet".equals(o.get("kind"));
            Map<String, Object> selector = YamlTree.map(pod, "nodeSelector");
            if (pools.containsKey(chart) && !promtail) {
                assertEquals(Map.of("pool", pools.get(chart)), selector, what);
                kindsByChart.computeIfAbsent(chart, c -> new TreeSet<>()).add(String.valueOf(o.get("kind")));
            } else {
                assertFalse("data".equals(selector.get("pool")) || "ops".equals(selector.get("pool")), what);
            }
            boolean tolerates = YamlTree.maps(pod, "tolerations").contains(Map.of("key", "dedicated", "value", "data", "effect", "NoSchedule"));
            assertEquals("postgres".equals(chart), tolerates, what);
        }
        assertTrue(kindsByChart.get("postgres").containsAll(Set.of("StatefulSet", "Deployment", "Job", "CronJob", "Pod")),
                kindsByChart.toString());
        assertTrue(kindsByChart.get("kafka").contains("StatefulSet"), kindsByChart.toString());
        assertTrue(kindsByChart.get("observability").containsAll(Set.of("StatefulSet", "Deployment")), kindsByChart.toString());

        // a service's test Pods go where the service does, by its own keys, not by a placement given it at install
        String service = new TreeSet<>(TestPaths.loadSpec().base().services().keySet()).first();
        String ns = TestPaths.loadSpec().base().services().get(service).namespace();
        Manifests own = new Manifests(charts.render(List.of("values-prod.yaml"), Map.of(service + ".nodeSelector.pool", "apps",
                "global.placement." + service + ".nodeSelector.pool", "data")));
        for (Map<String, Object> o : List.of(own.one("Deployment", ns, service), own.one("Pod", ns, "smoke-readiness-" + service))) {
            assertEquals(Map.of("pool", "apps"), YamlTree.map(pod(o), "nodeSelector"), o.get("kind") + " " + Manifests.name(o));
        }
    }

    /**
     * global.userIds cluster leaves the user, group and fsGroup ids out of every pod and container but Promtail's (root,
     * which no restricted policy admits), for a cluster that assigns them (OpenShift's restricted-v2); runAsNonRoot,
     * seccomp, the dropped capabilities and the fsGroup change policy stay. With the default, every pod has its ids.
     */
    @Test
    void whereTheClusterAssignsIdsNoPodNamesThem() {
        Manifests assigned = new Manifests(charts.render(List.of("values-prod.yaml"), Map.of("global.userIds", "cluster")));
        Map<String, Map<String, Object>> before = new java.util.TreeMap<>();
        for (Map<String, Object> o : charts.prodManifests()) {
            if (pod(o) != null) {
                before.put(o.get("kind") + " " + Manifests.name(o), pod(o));
            }
        }
        int pods = 0;
        for (Map<String, Object> o : assigned) {
            Map<String, Object> pod = pod(o);
            if (pod == null || Manifests.name(o).endsWith("/promtail")) {
                continue;
            }
            pods++;
            String name = o.get("kind") + " " + Manifests.name(o);
            Map<String, Object> sc = YamlTree.map(pod, "securityContext");
            assertEquals(true, sc.get("runAsNonRoot"), name);
            assertEquals(Map.of("type", "RuntimeDefault"), sc.get("seccompProfile"), name);
            for (String id : List.of("runAsUser", "runAsGroup", "fsGroup")) {
                assertFalse(sc.containsKey(id), name + " " + id);
            }
            assertEquals(YamlTree.map(before.get(name), "securityContext").get("fsGroupChangePolicy"), sc.get("fsGroupChangePolicy"),
                    name);
            for (String list : List.of("initContainers", "containers")) {
                for (Map<String, Object> c : YamlTree.maps(pod, list)) {
                    Map<String, Object> csc = YamlTree.map(c, "securityContext");
                    assertFalse(csc.containsKey("runAsUser") || csc.containsKey("runAsGroup"), name + " " + c.get("name"));
                    assertEquals(Map.of("drop", List.of("ALL")), csc.get("capabilities"), name + " " + c.get("name"));
                    assertEquals(false, csc.get("allowPrivilegeEscalation"), name + " " + c.get("name"));
                }
            }
        }
        assertEquals(before.size() - 1, pods, "every pod but Promtail's");
        assertTrue(before.values().stream().allMatch(p -> YamlTree.map(p, "securityContext").containsKey("runAsUser")),
                "by default every pod names its user");
    }

    /**
     * global.networkPolicy.dns names the cluster DNS every policy's DNS egress reaches: OpenShift's pods and their
     * port 5353 beside 53, and NodeLocal DNSCache's link-local address; by default CoreDNS's kube-dns on 53.
     */
    @Test
    void everyDnsEgressReachesTheClustersDns(@TempDir Path dir) throws IOException {
        Path values = Files.writeString(dir.resolve("dns.yaml"), """
                global:
                  networkPolicy:
                    dns:
                      namespace: openshift-dns
                      podLabels: {dns.operator.openshift.io/daemonset-dns: default}
                      ports: [53, 5353]
                      cidrs: [169.254.20.10/32]
                """);
        Manifests given = new Manifests(charts.render(List.of("values-prod.yaml", values.toString()), Map.of()));
        int rules = 0;
        for (Manifests docs : List.of(given, charts.prodManifests())) {
            boolean openshift = docs == given;
            for (Map<String, Object> policy : docs.ofKind("NetworkPolicy")) {
                for (Map<String, Object> rule : YamlTree.maps(policy, "spec", "egress")) {
                    List<Map<String, Object>> to = YamlTree.maps(rule, "to");
                    if (to.isEmpty() || !YamlTree.map(to.get(0), "podSelector").toString().contains("dns")) {
                        continue;
                    }
                    rules++;
                    String name = Manifests.name(policy);
                    assertEquals(openshift ? Map.of("dns.operator.openshift.io/daemonset-dns", "default") : Map.of("k8s-app", "kube-dns"),
                            YamlTree.map(to.get(0), "podSelector", "matchLabels"), name);
                    assertEquals(openshift ? "openshift-dns" : "kube-system",
                            YamlTree.map(to.get(0), "namespaceSelector", "matchLabels").get("kubernetes.io/metadata.name"), name);
                    assertEquals(openshift ? List.of(Map.of("ipBlock", Map.of("cidr", "169.254.20.10/32"))) : List.of(),
                            to.subList(1, to.size()), name);
                    List<Object> ports = YamlTree.maps(rule, "ports").stream().map(p -> p.get("protocol") + "/" + p.get("port"))
                            .collect(java.util.stream.Collectors.toList());
                    assertEquals(openshift ? List.of("UDP/53", "TCP/53", "UDP/5353", "TCP/5353") : List.of("UDP/53", "TCP/53"),
                            ports, name);
                }
            }
        }
        assertTrue(rules > 20, "every namespace's and chart's DNS egress: " + rules);
    }

    /**
     * global.imageMirrors moves every image of the platform (workloads, init containers, Jobs, CronJobs, helm test Pods)
     * to the mirror of its registry, tag and digest kept: a name without a host is Docker Hub's, an official image
     * library/<name> there. The registries are the render's own, so a new component's image is covered as it comes.
     */
    @Test
    void everyImageIsPulledFromItsRegistrysMirror() {
        Map<String, String> direct = images(charts.prodManifests());
        Map<String, String> mirrors = new java.util.TreeMap<>();
        direct.values().forEach(image -> mirrors.put(registryOf(image)[0], "harbor.corp.example/" + registryOf(image)[0]
                .replaceAll("[.:]", "-")));
        assertTrue(mirrors.containsKey("docker.io") && mirrors.size() > 1, mirrors.toString());
        Map<String, String> set = new java.util.TreeMap<>();
        mirrors.forEach((host, mirror) -> set.put("global.imageMirrors." + host.replace(".", "\\."), mirror));
        set.put("postgres.image.digest", "sha256:" + "a".repeat(64));
        Map<String, String> mirrored = images(new Manifests(charts.render(List.of("values-prod.yaml"), set)));

        assertEquals(direct.keySet(), mirrored.keySet());
        // the PostgreSQL image, pinned: its server, Jobs and backups keep the digest through the mirror
        String postgres = TestPaths.loadSpec().environments().get("prod").postgres().image().repository() + ":";
        direct.forEach((container, image) -> {
            String[] parts = registryOf(image);
            String expected = mirrors.get(parts[0]) + "/" + parts[1] + (image.startsWith(postgres) ? "@sha256:" + "a".repeat(64) : "");
            assertEquals(expected, mirrored.get(container), container + " (" + image + ")");
        });
        assertTrue(mirrored.values().stream().anyMatch(i -> i.contains("@sha256:")), mirrored.toString());
    }

    /**
     * The reference grammar's cases, literally: index.docker.io and docker.io are Docker Hub (an official image under
     * library/), a host with a port is its own registry, a registry without a mirror is left alone, and an image's own
     * registry key (the router's ghcr.io) is mirrored like a host in its repository.
     */
    @Test
    void aMirrorReadsImageNamesAsTheDistributionReferenceDoes() {
        Map<String, String> set = new java.util.TreeMap<>(Map.of(
                "global.imageMirrors.docker\\.io", "harbor.corp.example/hub",
                "global.imageMirrors.localhost:5000", "harbor.corp.example/local",
                "global.imageMirrors.ghcr\\.io", "harbor.corp.example/ghcr",
                "postgres.image.repository", "index.docker.io/library/postgres",
                "kafka.image.repository", "localhost:5000/kafka",
                "vault.image.repository", "docker.io/hashicorp/vault",
                "observability.grafana.image.repository", "registry.corp.example:5000/grafana/grafana"));
        Map<String, String> images = images(new Manifests(charts.render(List.of(), set)));
        Map<String, String> expected = Map.of(
                "StatefulSet .*/postgres postgres", "harbor.corp.example/hub/library/postgres:",
                "StatefulSet .*/kafka kafka", "harbor.corp.example/local/kafka:",
                "Deployment .*/vault vault", "harbor.corp.example/hub/hashicorp/vault:",
                "Deployment .*/grafana grafana", "registry.corp.example:5000/grafana/grafana:",
                "Deployment .*/router router", "harbor.corp.example/ghcr/");
        expected.forEach((container, prefix) -> {
            List<String> found = images.entrySet().stream().filter(e -> e.getKey().matches(container)).map(Map.Entry::getValue).toList();
            assertEquals(1, found.size(), container + " in " + images.keySet());
            assertTrue(found.get(0).startsWith(prefix), container + ": " + found.get(0));
        });
    }

    /**
     * The Go servers (Vault, MinIO, Grafana, Loki, Promtail, kube-state-metrics, the exporters) size their runtime to
     * their container's limits: GOMAXPROCS the CPU limit of that very container, GOMEMLIMIT 90 % of its memory limit.
     * Prometheus does it through its own flags (ObservabilityChartTest).
     */
    @Test
    void goServersSizeTheirRuntimeToTheirLimits() {
        Set<String> go = Set.of("vault", "minio", "grafana", "loki", "promtail", "kube-state-metrics", "postgres-exporter",
                "kafka-exporter");
        for (Manifests docs : List.of(charts.devManifests(), charts.prodManifests())) {
            Set<String> checked = new TreeSet<>();
            for (Map<String, Object> o : docs) {
                Map<String, Object> pod = pod(o);
                for (Object c : pod != null && pod.get("containers") instanceof List<?> l ? l : List.of()) {
                    Map<String, Object> container = YamlTree.map(c);
                    String name = (String) container.get("name");
                    if (!go.contains(name)) {
                        continue;
                    }
                    assertEquals(Map.of("containerName", name, "resource", "limits.cpu"),
                            YamlTree.map(Manifests.env(container, "GOMAXPROCS"), "valueFrom", "resourceFieldRef"), name);
                    long mib = io.neotool.charts.model.Quantity.parse((String) YamlTree.map(container, "resources", "limits")
                            .get("memory")).divide(java.math.BigDecimal.valueOf(1L << 20), 0, java.math.RoundingMode.FLOOR).longValue();
                    assertEquals(mib * 9 / 10 + "MiB", Manifests.env(container, "GOMEMLIMIT").get("value"), name);
                    checked.add(name);
                }
            }
            assertTrue(checked.containsAll(Set.of("vault", "grafana", "loki", "promtail")), checked.toString());
        }
    }

    /**
     * Every CronJob reads its schedule in UTC, the zone the spec's checks of the longest time between two runs use:
     * without a timeZone the controller reads it in its own zone, where daylight saving skips a run at 2:30 once a year.
     */
    @Test
    void everyCronJobReadsItsScheduleInUtc() {
        int checked = 0;
        for (Manifests docs : List.of(charts.devManifests(), charts.prodManifests())) {
            for (Map<String, Object> cron : docs.ofKind("CronJob")) {
                assertEquals("Etc/UTC", YamlTree.map(cron, "spec").get("timeZone"), Manifests.name(cron));
                checked++;
            }
        }
        assertTrue(checked > 0, "the platform has CronJobs (the backups, the token renewals)");
    }

    /**
     * A request above its limit, given at install time past the spec's check, fails the render naming both instead of
     * reaching the API server, which refuses the pod once part of the release is made. Quantities compare in every
     * form a Kubernetes quantity takes (binary and decimal suffixes, millicores, an exponent, a plain number).
     */
    /** Memory in fractions of a byte given at install time (512m): the API server takes it, no container starts in it. */
    @Test
    void memoryInFractionsOfAByteFailsTheRender() {
        String service = new TreeSet<>(TestPaths.loadSpec().base().services().keySet()).first();
        InputException limit = assertThrows(InputException.class, () -> charts.render(List.of(),
                Map.of(service + ".resources.limits.memory", "512m")));
        assertTrue(limit.getMessage().contains("resources: limits.memory 512m is in thousandths (m)"), limit.getMessage());
        InputException cache = assertThrows(InputException.class, () -> charts.render(List.of("values-prod.yaml"),
                Map.of("web.cacheSize", "1024m")));
        assertTrue(cache.getMessage().contains("web: cacheSize 1024m is in fractions of a byte"), cache.getMessage());
        charts.render(List.of(), Map.of(service + ".resources.limits.memory", "512Mi", service + ".resources.requests.cpu", "250m"));
    }

    @Test
    void aRequestAboveItsLimitFailsTheRenderNamingBoth() {
        String service = new TreeSet<>(TestPaths.loadSpec().base().services().keySet()).first();
        String memory = service + ".resources.requests.memory";
        String memoryLimit = service + ".resources.limits.memory";
        InputException over = assertThrows(InputException.class, () -> charts.render(List.of(),
                Map.of(memory, "2e9", memoryLimit, "1Gi")));
        assertTrue(over.getMessage().contains("resources: requests.memory (2e9) is more than limits.memory (1Gi)"),
                over.getMessage());
        InputException cpu = assertThrows(InputException.class, () -> charts.render(List.of(),
                Map.of(service + ".resources.requests.cpu", "0.5", service + ".resources.limits.cpu", "400m")));
        assertTrue(cpu.getMessage().contains("requests.cpu (0.5) is more than limits.cpu (400m)"), cpu.getMessage());
        charts.render(List.of(), Map.of(memory, "1e9", memoryLimit, "1Gi")); // 10^9 bytes < 2^30
        charts.render(List.of(), Map.of(memory, "1Gi", memoryLimit, "1024Mi", service + ".resources.requests.cpu", "0.5",
                service + ".resources.limits.cpu", "500m")); // equal
    }

    /** Each container's image by "<kind> <object> <container>". */
    private static Map<String, String> images(Manifests docs) {
        Map<String, String> images = new java.util.TreeMap<>();
        for (Map<String, Object> o : docs) {
            Map<String, Object> pod = pod(o);
            if (pod != null) {
                for (String list : List.of("initContainers", "containers")) {
                    for (Object c : pod.get(list) instanceof List<?> l ? l : List.of()) {
                        Map<String, Object> container = YamlTree.map(c);
                        images.put(o.get("kind") + " " + Manifests.name(o) + " " + container.get("name"), (String) container.get("image"));
                    }
                }
            }
        }
        return images;
    }

    /** An image's registry host (docker.io for a name without one) and the rest, as the distribution reference reads it. */
    private static String[] registryOf(String image) {
        int slash = image.indexOf('/');
        String first = slash < 0 ? "" : image.substring(0, slash);
        if (slash > 0 && (first.contains(".") || first.contains(":") || first.equals("localhost"))) {
            return new String[] {first, image.substring(slash + 1)};
        }
        return new String[] {"docker.io", slash < 0 ? "library/" + image : image};
    }

    /** The pod spec of a workload, a CronJob's or a Pod's own; null for any other object. */
    private static Map<String, Object> pod(Map<String, Object> o) {
        return switch (String.valueOf(o.get("kind"))) {
            case "Deployment", "StatefulSet", "DaemonSet", "Job" -> Manifests.podSpec(o);
            case "CronJob" -> YamlTree.map(o, "spec", "jobTemplate", "spec", "template", "spec");
            case "Pod" -> YamlTree.map(o, "spec");
            default -> null;
        };
    }

    /**
     * The helpers' output starts with its first line, not a newline, so that a key they fill (env:, livenessProbe:,
     * spec: before replicas) is not followed by a line of spaces in what helm template and helm install print.
     */
    @Test
    void noRenderedKeyIsFollowedByABlankLine() {
        List<String> found = new ArrayList<>();
        for (String rendered : List.of(charts.dev(), charts.prod())) {
            String source = "";
            String[] lines = rendered.split("\n", -1);
            for (int i = 1; i < lines.length; i++) {
                if (lines[i].startsWith("# Source: ")) {
                    source = lines[i].substring("# Source: ".length());
                }
                String previous = lines[i - 1].strip();
                if (lines[i].isBlank() && previous.endsWith(":") && !previous.startsWith("#")) {
                    found.add(source + ": after '" + previous + "'");
                }
            }
        }
        assertTrue(found.isEmpty(), "blank lines under keys: " + found);
    }

    /** The charts refuse the credentials the spec and the lint refuse: one pattern, in Java and in the library. */
    /**
     * A service's values as the spec writes them reach the API server in its types: a toleration's seconds (a string
     * in the values, as every toleration key) render as an integer; an empty quantity is left out; a rolling update of
     * 0 and 0, which the API server refuses, fails the render and names what to set.
     */
    @Test
    void aServicesTolerationSecondsAndRollingUpdateAreWhatTheApiServerTakes(@TempDir Path dir) throws IOException {
        var spec = TestPaths.loadSpec().base();
        String service = spec.services().keySet().iterator().next();
        Path values = Files.writeString(dir.resolve("values.yaml"), service + ":\n  tolerations:\n"
                + "    - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: \"30\"}\n");
        Manifests m = new Manifests(charts.render(List.of(values.toString()), Map.of()));
        Map<String, Object> deployment = m.one("Deployment", spec.services().get(service).namespace(), service);
        assertEquals(List.of(Map.of("key", "node.kubernetes.io/unreachable", "operator", "Exists", "effect", "NoExecute",
                "tolerationSeconds", 30)), Manifests.podSpec(deployment).get("tolerations"));

        // an empty quantity is none (no CPU limit), not the "" the API server refuses
        Files.writeString(values, service + ":\n  resources: {limits: {cpu: \"\"}}\n");
        Map<String, Object> unlimited = new Manifests(charts.render(List.of(values.toString()), Map.of()))
                .one("Deployment", spec.services().get(service).namespace(), service);
        Map<String, Object> resources = YamlTree.map(Manifests.container(unlimited), "resources");
        assertEquals(Set.of("memory"), YamlTree.map(resources, "limits").keySet(), resources.toString());
        assertEquals(Set.of("cpu", "memory"), YamlTree.map(resources, "requests").keySet(), resources.toString());

        // the schema holds a port to 1 to 65535 and a ServiceAccount's name to a DNS name, as the API server does
        Files.writeString(values, service + ":\n  networkPolicy: {internet: {ports: [70000]}}\n");
        InputException port = assertThrows(InputException.class, () -> charts.render(List.of(values.toString()), Map.of()));
        assertTrue(port.getMessage().contains("internet/ports/0") && port.getMessage().contains("want 65,535"), port.getMessage());
        Files.writeString(values, service + ":\n  serviceAccount: {name: My_Account}\n");
        InputException account = assertThrows(InputException.class, () -> charts.render(List.of(values.toString()), Map.of()));
        assertTrue(account.getMessage().contains("serviceAccount/name"), account.getMessage());

        // a file mount over the pod's /tmp (the chart's own emptyDir) would be a second mount of one path
        Files.writeString(values, service + ":\n  files: [{kind: ConfigMap, name: cfg, mountPath: /tmp}]\n");
        InputException tmp = assertThrows(InputException.class, () -> charts.render(List.of(values.toString()), Map.of()));
        assertTrue(tmp.getMessage().contains("files[0].mountPath \"/tmp\" is the root or the pod's /tmp"), tmp.getMessage());

        Files.writeString(values, service + ":\n  rollingUpdate: {maxSurge: 0, maxUnavailable: 0}\n");
        InputException e = assertThrows(InputException.class, () -> charts.render(List.of(values.toString()), Map.of()));
        assertTrue(e.getMessage().contains("rollingUpdate: maxSurge and maxUnavailable are both 0, which Kubernetes refuses"),
                e.getMessage());
    }

    @Test
    void theLibrarysLiteralSecretPatternIsTheJavaOne() throws IOException {
        String source = Files.readString(TestPaths.templates().resolve("partials/library.tpl.peb"));
        assertTrue(source.contains("regexMatch `" + io.neotool.charts.model.LiteralSecrets.PATTERN + "`"),
                "lib.literalSecret matches LiteralSecrets.PATTERN");
    }

    /**
     * A pod securityContext without its user or group (values that bypass the schema: a GitOps tool that skips it)
     * fails the render naming the key, instead of rendering user and group 0, root's, which restricted refuses.
     */
    @Test
    void aPodSecurityContextWithoutItsIdsFailsTheRender(@TempDir Path dir) throws IOException {
        Path chart = Files.createDirectories(dir.resolve("ids/templates"));
        Files.writeString(chart.resolveSibling("Chart.yaml"), "apiVersion: v2\nname: ids\nversion: 0.1.0\n");
        Files.copy(charts.umbrella.resolve("charts/postgres/templates/_library.tpl"), chart.resolve("_library.tpl"));
        Files.writeString(chart.resolve("pod.yaml"), "apiVersion: v1\nkind: Pod\nmetadata:\n  name: ids\nspec:\n"
                + "  securityContext:\n    {{- include \"lib.podSecurityContext\" (dict \"ctx\" $ \"securityContext\" .Values.securityContext) | nindent 4 }}\n"
                + "  containers:\n    - name: c\n      image: x:1\n");
        Files.writeString(chart.resolveSibling("values.yaml"), "securityContext:\n  runAsGroup: 999\n");
        InputException e = assertThrows(InputException.class, () -> new HelmClient().template(new HelmClient.RenderRequest(
                chart.getParent(), "ids", "default", HelmClient.DEFAULT_KUBE_VERSION, List.of(), Map.of())));
        assertTrue(e.getMessage().contains("securityContext.runAsUser is not set"), e.getMessage());
        Files.writeString(chart.resolveSibling("values.yaml"), "securityContext:\n  runAsUser: 999\n  runAsGroup: 999\n");
        String rendered = new HelmClient().template(new HelmClient.RenderRequest(chart.getParent(), "ids", "default",
                HelmClient.DEFAULT_KUBE_VERSION, List.of(), Map.of()));
        assertTrue(rendered.contains("runAsUser: 999") && rendered.contains("runAsGroup: 999"), rendered);
    }

    /**
     * Which env names say they hold a secret: one rule (LiteralSecrets.NAME_PATTERN) for the spec, the lint and the
     * charts, the same pattern in the library, and real Helm (RE2) answering as Java does for each name. The last word
     * decides: a word after it says which secret, where it is or how it is used.
     */
    @Test
    void theSpecTheLintAndTheChartsAgreeOnWhichEnvNamesAreSecrets(@TempDir Path dir) throws IOException {
        String source = Files.readString(TestPaths.templates().resolve("partials/library.tpl.peb"));
        assertTrue(source.contains("regexMatch `" + io.neotool.charts.model.LiteralSecrets.NAME_PATTERN + "`"),
                "lib.secretLikeName matches LiteralSecrets.NAME_PATTERN");
        Map<String, Boolean> names = new LinkedHashMap<>();
        for (String secret : List.of("DB_PASSWORD", "API_KEY", "CLIENT_SECRET", "AWS_SECRET_ACCESS_KEY", "SIGNING_KEY",
                "GITHUB_TOKEN", "githubToken", "stripeApiKey", "PASSWORD", "OAUTH_CREDENTIALS", "GPG_PASSPHRASE", "db.password",
                "PGPASSWORD", "DBPASSWORD", "JWTSECRET", "clientsecret", "APITOKEN", "AUTHTOKEN", "ACCESSKEY", "SECRETKEY",
                "DB_PASSWORD_2", "DB_PASSWORD2")) {
            names.put(secret, true);
        }
        for (String plain : List.of("KAFKA_PRODUCERS_DEFAULT_KEY_SERIALIZER", "KEYCLOAK_REALM", "MONKEY", "TURKEY_COUNT",
                "MICRONAUT_SECURITY_TOKEN_COOKIE_ENABLED", "API_TOKEN_TTL_SECONDS", "SIGNING_KEY_ID", "JWT_KEY_ID",
                "STRIPE_SECRET_PATH", "VAULT_SECRET_PATH", "POSTGRES_PASSWORD_FILE", "TOKENIZER_MODEL", "KEYS_URL", "hotkey")) {
            names.put(plain, false);
        }
        names.forEach((name, secret) -> assertEquals(secret, io.neotool.charts.model.LiteralSecrets.secretLikeName(name), name));

        Path chart = Files.createDirectories(dir.resolve("names/templates"));
        Files.writeString(chart.resolveSibling("Chart.yaml"), "apiVersion: v2\nname: names\nversion: 0.1.0\n");
        Files.copy(charts.umbrella.resolve("charts/neotool-service/templates/_library.tpl"), chart.resolve("_library.tpl"));
        StringBuilder data = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: names\ndata:\n");
        names.keySet().forEach(name -> data.append("  ").append(name.replace('.', '-')).append(": {{ include \"lib.secretLikeName\" ")
                .append('"').append(name).append("\" | quote }}\n"));
        Files.writeString(chart.resolve("configmap.yaml"), data.toString());
        Map<String, Object> rendered = YamlTree.map(YamlTree.document(new HelmClient().template(new HelmClient.RenderRequest(
                chart.getParent(), "names", "default", HelmClient.DEFAULT_KUBE_VERSION, List.of(), Map.of()))), "data");
        names.forEach((name, secret) -> assertEquals(secret ? "true" : "", rendered.get(name.replace('.', '-')), name));
    }

    /**
     * Each chart carries its own copy of the library with the definitions it uses (directly or through the
     * library) and no others, each one the library's text unchanged.
     */
    @Test
    void everyChartCarriesTheLibraryPartsItUses() throws IOException {
        List<Path> chartDirs = new ArrayList<>(List.of(charts.umbrella));
        try (Stream<Path> subcharts = Files.list(charts.umbrella.resolve("charts"))) {
            subcharts.filter(dir -> Files.exists(dir.resolve("Chart.yaml"))).sorted().forEach(chartDirs::add);
        }
        assertTrue(chartDirs.size() > 1, "the umbrella has subcharts: " + chartDirs);
        String source = Files.readString(TestPaths.templates().resolve("partials/library.tpl.peb"));
        for (Path chart : chartDirs) {
            Path library = chart.resolve("templates/_library.tpl");
            assertTrue(Files.exists(library), chart + " has no templates/_library.tpl");
            String copy = Files.readString(library);
            assertTrue(copy.contains("define \"lib.labels\""), library.toString());
            // the chart stands alone: whatever lib.* its templates or its copy name, its copy defines
            Set<String> named = new TreeSet<>();
            try (Stream<Path> files = Files.walk(chart.resolve("templates"))) {
                files.filter(Files::isRegularFile).forEach(f -> named.addAll(matches(LIB_REFERENCE, read(f))));
            }
            Set<String> defined = matches(LIB_DEFINE, copy);
            assertEquals(named, defined, library + " defines exactly the lib.* templates its chart uses");
            // every copy of a definition is the library's text (Helm shares named templates across charts)
            for (String definition : copy.split("\n\n")) {
                assertTrue(source.contains(definition.strip()), library + " changed the library's text: " + definition);
            }
        }
        assertTrue(chartDirs.stream().map(c -> read(c.resolve("templates/_library.tpl"))).distinct().count() > 1,
                "the charts' copies differ, each keeping what its chart uses");
    }

    private static final Pattern LIB_REFERENCE = Pattern.compile("\"(lib\\.[A-Za-z0-9_.]+)\"");
    private static final Pattern LIB_DEFINE = Pattern.compile("define \"(lib\\.[A-Za-z0-9_.]+)\"");

    private static Set<String> matches(Pattern pattern, String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void theLibraryIsTheOnePlaceThatWritesThePartOfLabel() throws IOException {
        List<Path> writers;
        try (Stream<Path> files = Files.walk(TestPaths.templates())) {
            writers = files.filter(Files::isRegularFile).filter(f -> read(f).contains("app.kubernetes.io/part-of:"))
                    .map(f -> TestPaths.templates().relativize(f)).toList();
        }
        // the label in the library; the platform's name it reads, as an annotation of every Chart.yaml
        assertEquals(List.of(Path.of("partials/chart-metadata.peb"), Path.of("partials/library.tpl.peb")),
                writers.stream().sorted().toList());
    }

    /**
     * lib.readsBack, which guards the look-back at the Secrets an uninstall kept: on for an install (here a client-only
     * dry run, whose lookup finds nothing and reaches no cluster), off with global.lookup false, and off in every
     * render of this project whatever the values say (HelmClient sets it: helm-java's template would ask the
     * kubeconfig's cluster).
     */
    @Test
    void anInstallReadsBackUnlessLookupIsOffAndNoRenderDoes(@TempDir Path dir) throws IOException {
        Path chart = Files.createDirectories(dir.resolve("kept/templates"));
        Files.writeString(chart.resolveSibling("Chart.yaml"), "apiVersion: v2\nname: kept\nversion: 0.1.0\n");
        Files.copy(charts.umbrella.resolve("charts/postgres/templates/_library.tpl"), chart.resolve("_library.tpl"));
        Files.writeString(chart.resolve("NOTES.txt"), "readsBack={{ include \"lib.readsBack\" . }}\n");
        // the look-back as the charts write it: a client-only install calls lookup, which finds nothing there
        Files.writeString(chart.resolve("configmap.yaml"), """
                {{- $found := dict }}
                {{- if include "lib.readsBack" . }}
                {{- $found = get (lookup "v1" "Secret" .Release.Namespace "kept" | default dict) "data" | default dict }}
                {{- end }}
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: kept
                data:
                  readsBack: {{ include "lib.readsBack" . | quote }}
                  found: {{ len $found | quote }}
                """);
        HelmClient helm = new HelmClient();
        Function<Map<String, String>, HelmClient.RenderRequest> request = set -> new HelmClient.RenderRequest(
                chart.getParent(), "kept", "default", HelmClient.DEFAULT_KUBE_VERSION, List.of(), set);
        assertTrue(helm.dryRunInstall(request.apply(Map.of())).contains("readsBack=true"));
        assertTrue(helm.dryRunInstall(request.apply(Map.of("global.lookup", "false"))).contains("readsBack=\n"));
        assertTrue(helm.template(request.apply(Map.of("global.lookup", "true"))).contains("readsBack: \"\""));
    }

    /**
     * For each top-level block of the umbrella's values (a subchart or a service alias), the first image the dev
     * render pulls, and every image of the service chart's own values under a service alias, set to {@code latest}:
     * the render fails, in dev as in prod.
     */
    @Test
    void noChartPullsLatestInAnyEnvironment() {
        Map<String, Object> values = YamlTree.document(read(charts.umbrella.resolve("values.yaml")));
        String dev = charts.dev();
        Map<String, String> probes = new LinkedHashMap<>();
        values.forEach((key, block) -> {
            List<String> found = new ArrayList<>();
            images(key, block, dev, found);
            if (!found.isEmpty()) {
                probes.put(key, found.get(0));
            }
        });
        // the vault CLI of a service's vault-init container and smoke tests is a default of the service chart, not in the
        // umbrella's values: under the alias of a service that runs vault-init
        String alias = values.entrySet().stream()
                .filter(e -> e.getValue() instanceof Map<?, ?> block && block.containsKey("serviceName")
                        && !(block.get("vaultInit") instanceof Map<?, ?> init && Boolean.FALSE.equals(init.get("enabled"))))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        Map<String, Object> service = YamlTree.document(read(charts.umbrella.resolve("charts/neotool-service/values.yaml")));
        Map<?, ?> vaultCli = (Map<?, ?>) ((Map<?, ?>) service.get("vaultInit")).get("image");
        assertTrue(dev.contains(vaultCli.get("repository") + ":" + vaultCli.get("tag")), "the dev render runs the vault CLI");
        probes.put(alias + ".vaultInit", alias + ".vaultInit.image");
        assertTrue(probes.size() > 3, "the dev render pulls images from several charts: " + probes);
        probes.forEach((key, path) -> {
            InputException e = assertThrows(InputException.class,
                    () -> charts.render(List.of(), Map.of(path + ".tag", "latest")), path);
            assertTrue(e.getMessage().contains(".tag \"latest\" is not allowed"), path + ": " + e.getMessage());
        });
    }

    /**
     * A digest pins an image's content whatever its tag later points at: a component's and a service's render as
     * repository:tag@digest, the policy rules pass them, and one that is not sha256 and 64 hex digits is refused.
     */
    @Test
    void aDigestPinsAnImageAndAMalformedOneIsRefused() {
        var spec = TestPaths.loadSpec().base();
        String digest = "sha256:" + "0123456789abcdef".repeat(4);
        String service = spec.services().keySet().iterator().next();
        Manifests pinned = new Manifests(charts.render(List.of(), Map.of("kafka.image.digest", digest,
                service + ".image.digest", digest)));
        assertEquals(spec.kafka().image().repository() + ":" + spec.kafka().image().tag() + "@" + digest,
                Manifests.container(pinned.one("StatefulSet", spec.kafka().namespace(), "kafka")).get("image"));
        String serviceImage = String.valueOf(Manifests.container(pinned.one("Deployment", spec.services().get(service).namespace(),
                service)).get("image"));
        assertTrue(serviceImage.endsWith(":" + spec.services().get(service).image().tag() + "@" + digest), serviceImage);
        InputException bad = assertThrows(InputException.class,
                () -> charts.render(List.of(), Map.of("kafka.image.digest", "sha256:0123")));
        assertTrue(bad.getMessage().contains("digest"), bad.getMessage());
    }

    @Test
    void anImageWithoutATagIsRefused() {
        InputException e = assertThrows(InputException.class,
                () -> charts.render(List.of(), Map.of("kafka.image.tag", "")));
        assertTrue(e.getMessage().contains("kafka: set image.tag to a fixed version"), e.getMessage());
        assertFalse(e.getMessage().contains("latest"), e.getMessage());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Value paths of the images (maps with repository and tag) under {@code path} that the render pulls. */
    private static void images(String path, Object node, String render, List<String> found) {
        if (!(node instanceof Map<?, ?> map)) {
            return;
        }
        if (map.get("repository") instanceof String repository && map.containsKey("tag")) {
            String tag = String.valueOf(map.get("tag") == null ? "" : map.get("tag"));
            if (render.contains(repository + ":" + tag)) {
                found.add(path);
            }
            return;
        }
        map.forEach((key, child) -> images(path + "." + key, child, render, found));
    }
}
