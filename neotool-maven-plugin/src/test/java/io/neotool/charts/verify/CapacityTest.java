package io.neotool.charts.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The capacity report on fixture manifests: totals, HPA ranges, DaemonSets per node, init containers, N+1 placement. */
class CapacityTest {
    @TempDir
    Path dir;

    private static final Capacity.Cluster THREE_NODES = new Capacity.Cluster(3, new BigDecimal("4"), new BigDecimal(8L << 30));

    private static String deployment(String name, String ns, int replicas, String cpu, String memory) {
        return "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: " + name + ", namespace: " + ns + "}\n"
                + "spec:\n  replicas: " + replicas + "\n  selector: {matchLabels: {app: " + name + "}}\n"
                + "  template:\n    metadata: {labels: {app: " + name + "}}\n    spec:\n      containers:\n"
                + "        - {name: c, image: x:1, resources: {requests: {cpu: \"" + cpu + "\", memory: " + memory
                + "}, limits: {cpu: \"" + cpu + "\", memory: " + memory + "}}}\n---\n";
    }

    /** A StatefulSet whose pods require a node each, as Kafka's and Vault's quorums do. */
    private static String quorum(String name, String ns, int replicas, String cpu) {
        return "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: " + name + ", namespace: " + ns + "}\n"
                + "spec:\n  replicas: " + replicas + "\n  serviceName: " + name + "\n  selector: {matchLabels: {app: " + name + "}}\n"
                + "  template:\n    metadata: {labels: {app: " + name + ", tier: data}}\n    spec:\n"
                + "      affinity: {podAntiAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{topologyKey: "
                + "kubernetes.io/hostname, labelSelector: {matchLabels: {app: " + name + "}}}]}}\n      containers:\n"
                + "        - {name: c, image: x:1, resources: {requests: {cpu: \"" + cpu + "\", memory: 1Gi}, limits: {cpu: \""
                + cpu + "\", memory: 1Gi}}}\n---\n";
    }

    private static String hpa(String target, String ns, int min, int max) {
        return "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: " + target + ", namespace: " + ns + "}\n"
                + "spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: " + target + "}, minReplicas: " + min
                + ", maxReplicas: " + max + "}\n---\n";
    }

    private static Capacity.Report report(Capacity.Cluster cluster, String yaml) {
        return Capacity.report("values-test.yaml", cluster, Fixture.parse(yaml), "default");
    }

    @Test
    void totalsPerNamespaceAtMinimumAndAtTheHpaMaximum() {
        Capacity.Report r = report(THREE_NODES, deployment("api", "a", 1, "500m", "1Gi") + hpa("api", "a", 2, 4)
                + deployment("db", "b", 1, "1", "2Gi"));
        assertEquals(3, r.minimum().pods());
        assertEquals(0, new BigDecimal("2").compareTo(r.minimum().total().cpuRequests()));
        assertEquals(0, new BigDecimal("1").compareTo(r.minimum().perNamespace().get("a").cpuRequests()));
        assertEquals(5, r.maximum().pods());
        assertEquals(0, new BigDecimal(6L << 30).compareTo(r.maximum().total().memoryRequests()));
        assertTrue(r.minimum().fits() && r.maximum().fits());
        assertEquals(2, r.minimum().usableNodes(), "one node of three is kept spare (N+1)");
        assertEquals(List.of(), Capacity.findings(r, "umbrella"));
    }

    @Test
    void firstFitDecreasingWithOneNodeLost() {
        // 3 pods of 3 CPU: two nodes of 4 CPU hold two of them; the third needs the lost node
        Capacity.Report r = report(THREE_NODES, deployment("big", "a", 3, "3", "1Gi"));
        assertEquals(1, r.minimum().unplaced());
        List<Finding> findings = Capacity.findings(r, "umbrella");
        assertEquals(1, findings.size());
        assertEquals(Severity.ERROR, findings.get(0).severity());
        assertTrue(findings.get(0).message().contains("1 of 3 pods at minimum replicas do not fit with one of 3 nodes lost"),
                findings.get(0).message());
        // pods that fit only when sorted largest first: 2.5, 1.5, 1.5, 2.5 CPU on two 4-CPU nodes
        Capacity.Report sorted = report(THREE_NODES, deployment("x", "a", 2, "2500m", "1Gi") + deployment("y", "a", 2, "1500m", "1Gi"));
        assertTrue(sorted.minimum().fits());
    }

    /**
     * At minimum replicas with every Deployment's surge pod (an upgrade rolls them at once): a node with no room for
     * the surge is a warning, as the rollout waits; a StatefulSet and a Recreate Deployment add no pod.
     */
    @Test
    void noRoomForTheRolloutsSurgeIsAWarning() {
        String surgeOne = deployment("api", "a", 2, "1", "1Gi").replace("  replicas: 2\n",
                "  replicas: 2\n  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}\n");
        Capacity.Cluster one = new Capacity.Cluster(1, new BigDecimal("2.5"), new BigDecimal(8L << 30));
        Capacity.Report tight = report(one, surgeOne);
        assertTrue(tight.minimum().fits());
        assertEquals(3, tight.rollout().pods());
        assertEquals(1, tight.rollout().unplaced());
        List<Finding> findings = Capacity.findings(tight, "umbrella");
        assertEquals(1, findings.size(), findings::toString);
        assertEquals(Severity.WARNING, findings.get(0).severity());
        assertTrue(findings.get(0).message().startsWith("1 of 3 pods at minimum replicas with every Deployment's rolling "
                + "update surge do not fit on its single node"), findings.get(0).message());
        Capacity.Report roomy = report(new Capacity.Cluster(1, new BigDecimal("3"), new BigDecimal(8L << 30)), surgeOne);
        assertEquals(List.of(), Capacity.findings(roomy, "umbrella"));
        Capacity.Report recreate = report(one, surgeOne.replace("type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}",
                "type: Recreate"));
        assertEquals(2, recreate.rollout().pods(), "Recreate stops the old pods first");
        assertEquals(List.of(), Capacity.findings(recreate, "umbrella"));
    }

    @Test
    void theHpaMaximumNotFittingIsAWarning() {
        Capacity.Report r = report(THREE_NODES, deployment("api", "a", 1, "1", "1Gi") + hpa("api", "a", 2, 20));
        List<Finding> findings = Capacity.findings(r, "umbrella");
        assertEquals(1, findings.size());
        assertEquals(Severity.WARNING, findings.get(0).severity());
        assertEquals(12, r.maximum().unplaced());
    }

    @Test
    void daemonSetsTakeTheirShareOnEveryNodeAndInitContainersCountAsTheSchedulerCountsThem() {
        String daemonSet = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent, namespace: logs}\nspec:\n"
                + "  selector: {matchLabels: {app: agent}}\n  template:\n    metadata: {labels: {app: agent}}\n    spec:\n"
                + "      initContainers:\n        - {name: init, image: x:1, resources: {requests: {cpu: \"2\", memory: 1Gi}}}\n"
                + "      containers:\n        - {name: c, image: x:1, resources: {requests: {cpu: 500m, memory: 1Gi}}}\n---\n";
        Capacity.Report r = report(THREE_NODES, daemonSet + deployment("api", "a", 2, "2", "1Gi"));
        assertEquals(0, new BigDecimal("6").compareTo(r.minimum().perNamespace().get("logs").cpuRequests()),
                "the init container's 2 CPU is the pod's request, once per node");
        assertEquals(5, r.minimum().pods());
        assertEquals(0, r.minimum().unplaced(), "2 CPU left on each of two nodes holds one api pod each");
        Capacity.Report job = report(THREE_NODES, "apiVersion: batch/v1\nkind: Job\nmetadata: {name: once}\nspec:\n  template:\n"
                + "    spec:\n      restartPolicy: Never\n      containers:\n        - {name: c, image: x:1, resources: {requests: {cpu: \"100\"}}}\n");
        assertEquals(0, job.minimum().pods(), "Jobs are transient and not counted");
    }

    /**
     * What a namespace's quota must allow: a Deployment at its HPA's maximum and its rollout's surge (maxSurge 1, a
     * percentage rounded up, Kubernetes' 25 % when unset, none for Recreate), a Job and a test Pod at once, a
     * DaemonSet's pod per node, and each StatefulSet replica's volume claim with the PersistentVolumeClaims.
     */
    @Test
    void aNamespacesQuotaHoldsTheMaximumTheSurgeTheJobsAndTheVolumeClaims() {
        String surgeOne = deployment("api", "a", 1, "500m", "1Gi").replace("  replicas: 1\n",
                "  replicas: 1\n  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}\n");
        String job = "apiVersion: batch/v1\nkind: Job\nmetadata: {name: once, namespace: a}\nspec:\n  template:\n    spec:\n"
                + "      restartPolicy: Never\n      containers:\n        - {name: c, image: x:1, resources: {requests: {cpu: 100m, "
                + "memory: 64Mi}, limits: {cpu: 100m, memory: 64Mi}}}\n---\n";
        String test = job.replace("kind: Job", "kind: Pod").replace("name: once", "name: smoke")
                .replace("spec:\n  template:\n    spec:\n      restartPolicy", "spec:\n      restartPolicy");
        String statefulSet = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db, namespace: b}\nspec:\n  replicas: 3\n"
                + "  serviceName: db\n  selector: {matchLabels: {app: db}}\n  template:\n    metadata: {labels: {app: db}}\n"
                + "    spec:\n      containers:\n        - {name: c, image: x:1, resources: {requests: {cpu: \"1\", memory: 2Gi}}}\n"
                + "  volumeClaimTemplates:\n    - metadata: {name: data}\n      spec: {accessModes: [ReadWriteOnce], resources: "
                + "{requests: {storage: 10Gi}}}\n---\n";
        String claim = "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: extra, namespace: b}\nspec: "
                + "{accessModes: [ReadWriteOnce], resources: {requests: {storage: 5Gi}}}\n---\n";
        String daemonSet = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent, namespace: logs}\nspec:\n"
                + "  selector: {matchLabels: {app: agent}}\n  template:\n    metadata: {labels: {app: agent}}\n    spec:\n"
                + "      containers:\n        - {name: c, image: x:1, resources: {requests: {cpu: 100m, memory: 128Mi}}}\n---\n";
        Capacity.Report r = report(THREE_NODES, surgeOne + hpa("api", "a", 2, 4) + job + test + statefulSet + claim + daemonSet);

        Capacity.Quota a = r.quota().get("a");
        assertEquals(4 + 1 + 1 + 1, a.pods(), "4 at the maximum, 1 surging, the Job, the test Pod");
        assertEquals(0, new BigDecimal("2.7").compareTo(a.resources().cpuRequests()), a.describe());
        assertEquals(0, a.claims());
        Capacity.Quota b = r.quota().get("b");
        assertEquals(3, b.pods(), "a StatefulSet replaces a pod once it is gone: no surge");
        assertEquals(4, b.claims());
        assertEquals(0, new BigDecimal(35L << 30).compareTo(b.storage()), b.describe());
        assertEquals(3, r.quota().get("logs").pods(), "a DaemonSet's pod on each of the three nodes");

        for (String strategy : List.of("", "  strategy: {rollingUpdate: {maxSurge: 50%}}\n", "  strategy: {type: Recreate}\n")) {
            String ten = deployment("web", "w", 10, "100m", "128Mi").replace("  replicas: 10\n", "  replicas: 10\n" + strategy);
            int expected = strategy.isEmpty() ? 13 : strategy.contains("50%") ? 15 : 10;
            assertEquals(expected, report(THREE_NODES, ten).quota().get("w").pods(), strategy.isEmpty() ? "25 % of 10, up" : strategy);
        }
    }

    /** A native sidecar (an init container that keeps running) adds to the pod; a container with limits alone requests them. */
    @Test
    void sidecarsAddToThePodAndALimitAloneIsTheRequest() {
        String pod = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: a}\nspec:\n  replicas: 1\n"
                + "  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n"
                + "      initContainers:\n        - {name: proxy, image: x:1, restartPolicy: Always, resources: {requests: {cpu: \"2\", memory: 1Gi}}}\n"
                + "      containers:\n        - {name: c, image: x:1, resources: {limits: {cpu: \"1\", memory: 2Gi}}}\n---\n";
        Capacity.Report r = report(THREE_NODES, pod);
        assertEquals(0, new BigDecimal("3").compareTo(r.minimum().total().cpuRequests()), "2 of the sidecar and 1 of the limit");
        assertEquals(0, new BigDecimal(3L << 30).compareTo(r.minimum().total().memoryRequests()));
    }

    /** An init container runs beside the sidecars declared before it: the pod reserves their sum when that is the most. */
    @Test
    void anInitContainerAfterASidecarCountsWithIt() {
        String pod = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: a}\nspec:\n  replicas: 1\n"
                + "  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n"
                + "      initContainers:\n        - {name: proxy, image: x:1, restartPolicy: Always, resources: {requests: {cpu: \"2\", memory: 1Gi}}}\n"
                + "        - {name: migrate, image: x:1, resources: {requests: {cpu: \"1\", memory: 1Gi}}}\n"
                + "      containers:\n        - {name: c, image: x:1, resources: {requests: {cpu: 500m, memory: 1Gi}}}\n---\n";
        Capacity.Report r = report(THREE_NODES, pod);
        assertEquals(0, new BigDecimal("3").compareTo(r.minimum().total().cpuRequests()), "the sidecar's 2 and the init's 1");
        assertEquals(0, new BigDecimal(2L << 30).compareTo(r.minimum().total().memoryRequests()), "1Gi + 1Gi either way");
    }

    @Test
    void aSingleNodeHasNoSpare() {
        Capacity.Report r = report(new Capacity.Cluster(1, new BigDecimal("4"), new BigDecimal(8L << 30)),
                deployment("api", "a", 2, "2", "1Gi"));
        assertTrue(r.minimum().fits());
        assertEquals(1, r.minimum().usableNodes());
        assertTrue(Capacity.findings(report(new Capacity.Cluster(1, new BigDecimal("4"), new BigDecimal(8L << 30)),
                deployment("api", "a", 3, "2", "1Gi")), "umbrella").get(0).message().contains("on its single node"));
    }

    @Test
    void theClusterComesFromValuesOverriddenByTheEnvironment() throws IOException {
        Files.writeString(dir.resolve("values.yaml"), "cluster:\n  nodes: 1\n  node: {cpu: \"8\", memory: 32Gi}\n");
        Path prod = dir.resolve("values-prod.yaml");
        Files.writeString(prod, "cluster:\n  nodes: 3\n");
        assertEquals(new Capacity.Cluster(3, new BigDecimal("8"), new BigDecimal(32L << 30)), Capacity.clusterOf(PlatformSpecFiles.values(dir, List.of(prod))));
        assertEquals(1, Capacity.clusterOf(PlatformSpecFiles.values(dir, List.of())).nodes());
        Files.writeString(dir.resolve("values.yaml"), "replicas: 1\n");
        assertNull(Capacity.clusterOf(PlatformSpecFiles.values(dir, List.of())), "a chart without a cluster gets no report");
    }

    @Test
    void aQuorumGetsANodeForEachPodAndItsPodBeyondTheNodesLeftWaitsForTheLostOne() {
        // 3 small pods would fit on one node; each needs a node of its own: two run on the two nodes left, one waits
        Capacity.Report r = report(THREE_NODES, quorum("kafka", "m", 3, "100m"));
        assertEquals(0, r.minimum().unplaced());
        assertEquals(1, r.minimum().waiting());
        assertEquals(List.of(), Capacity.findings(r, "umbrella"));
        // the quorum is placed first, one pod on each node left: a pod that needs nearly a whole node then finds none
        Capacity.Report full = report(THREE_NODES, quorum("kafka", "m", 3, "100m") + deployment("big", "a", 1, "3950m", "1Gi"));
        assertEquals(1, full.minimum().unplaced());
        assertEquals(1, full.minimum().waiting());
        assertTrue(Capacity.findings(full, "umbrella").get(0).message().startsWith("1 of 4 pods at minimum replicas do not fit"));
    }

    @Test
    void aQuorumWithMorePodsThanNodesIsAnErrorNamingTheWorkload() {
        Capacity.Cluster oneNode = new Capacity.Cluster(1, new BigDecimal("8"), new BigDecimal(32L << 30));
        Capacity.Report r = report(oneNode, quorum("kafka", "m", 3, "100m"));
        assertEquals(2, r.minimum().unplaced(), "only one of the three pods ever runs on one node");
        List<Finding> findings = Capacity.findings(r, "umbrella");
        assertEquals(1, findings.size(), findings.toString());
        assertEquals(Severity.ERROR, findings.get(0).severity());
        assertTrue(findings.get(0).message().startsWith("m/StatefulSet/kafka: 3 pods at minimum replicas require a node each")
                && findings.get(0).message().contains("2 of them never run"), findings.get(0).message());
    }

    @Test
    void aPreferredOrForeignAntiAffinityDoesNotSpreadTheWorkload() {
        String preferred = quorum("kafka", "m", 3, "100m").replace("requiredDuringSchedulingIgnoredDuringExecution: [{topologyKey: "
                + "kubernetes.io/hostname, labelSelector: {matchLabels: {app: kafka}}}]",
                "preferredDuringSchedulingIgnoredDuringExecution: [{weight: 1, podAffinityTerm: {topologyKey: "
                        + "kubernetes.io/hostname, labelSelector: {matchLabels: {app: kafka}}}}]");
        String zone = quorum("kafka", "m", 3, "100m").replace("kubernetes.io/hostname", "topology.kubernetes.io/zone");
        String other = quorum("kafka", "m", 3, "100m").replace("matchLabels: {app: kafka}}}]", "matchLabels: {app: vault}}}]");
        for (String yaml : List.of(preferred, zone, other)) {
            Capacity.Report r = report(THREE_NODES, yaml);
            assertEquals(0, r.minimum().waiting() + r.minimum().unplaced(), yaml);
        }
    }
}
