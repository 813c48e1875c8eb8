package io.neotool.charts.verify;

import io.neotool.charts.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The capacity report of one rendered environment: CPU and memory requests and limits per namespace and in total,
 * at minimum replicas and at the HPAs' maximum, and whether the pods fit the environment's nodes (umbrella values
 * key {@code cluster}). Pods are placed first-fit-decreasing, with one node lost when there is more than one (N+1);
 * a DaemonSet's pod takes its share on every node first; a workload whose pods require a node each (a required pod
 * anti-affinity on {@code kubernetes.io/hostname} against its own pods: Kafka's and Vault's quorums) gets at most one
 * pod per node, placed before the others, and its pods beyond the nodes left wait for the lost one, as a quorum is
 * meant to. Jobs, CronJobs and bare Pods (hooks, tests) are transient and not counted. Not fitting at minimum replicas is an error; not fitting at the HPAs' maximum is a warning, and so is not fitting at minimum
 * replicas with every Deployment's rolling update surge (an upgrade that changes what their pods share, a chart's
 * version or a global value, rolls them at once, and a new pod that finds no room stalls its rollout).
 * Beside it, per namespace, what a ResourceQuota there must allow ({@link Quota}).
 */
public final class Capacity {
    /** The lint rules this class applies, each defined where it is applied; {@link Rules} lists them all. */
    static final RuleSet RULES = new RuleSet();

    /** The nodes an environment runs on: count and what each offers to pods. */
    public record Cluster(int nodes, BigDecimal cpu, BigDecimal memory) {}

    /** CPU (cores) and memory (bytes), requested and limited. Limits count only where set. */
    public record Resources(BigDecimal cpuRequests, BigDecimal memoryRequests, BigDecimal cpuLimits, BigDecimal memoryLimits) {
        static final Resources ZERO = new Resources(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);

        Resources plus(Resources o) {
            return new Resources(cpuRequests.add(o.cpuRequests), memoryRequests.add(o.memoryRequests),
                    cpuLimits.add(o.cpuLimits), memoryLimits.add(o.memoryLimits));
        }

        /** The larger of the two, per figure. */
        Resources max(Resources o) {
            return new Resources(cpuRequests.max(o.cpuRequests), memoryRequests.max(o.memoryRequests), cpuLimits.max(o.cpuLimits),
                    memoryLimits.max(o.memoryLimits));
        }

        Resources times(int n) {
            BigDecimal f = BigDecimal.valueOf(n);
            return new Resources(cpuRequests.multiply(f), memoryRequests.multiply(f), cpuLimits.multiply(f), memoryLimits.multiply(f));
        }

        /** "cpu 2.5 req / 4 lim, memory 3.0Gi req / 6.0Gi lim". */
        public String describe() {
            return "cpu " + cores(cpuRequests) + " req / " + cores(cpuLimits) + " lim, memory " + gib(memoryRequests)
                    + " req / " + gib(memoryLimits) + " lim";
        }
    }

    /**
     * One scale of the platform (minimum replicas, or the HPAs' maximum): totals and whether its pods fit. {@code
     * waiting}: pods of a workload that requires a node each, beyond the nodes left with one lost, which run again when
     * it is back (not counted as unplaced); {@code moreThanNodes}: such workloads with more pods than the environment
     * has nodes (owner to pods), whose pods beyond the nodes never run (counted as unplaced).
     */
    public record Scale(int pods, Map<String, Resources> perNamespace, Resources total, int unplaced, int usableNodes,
            int waiting, Map<String, Integer> moreThanNodes) {
        public boolean fits() {
            return unplaced == 0;
        }
    }

    /**
     * What a namespace's ResourceQuota must allow for the platform to install, upgrade, scale and run its Jobs and tests
     * without a pod refused: every workload at its HPA's maximum, one more pod per rolling update's surge (a
     * Deployment's maxSurge; a quota that leaves no room stalls the rollout with maxUnavailable 0), every Job, CronJob
     * run, hook and test Pod at once, a DaemonSet's pod on each of the spec's nodes; and the volume claims: each
     * StatefulSet replica's and each PersistentVolumeClaim, with the storage they request.
     */
    public record Quota(int pods, Resources resources, int claims, BigDecimal storage) {
        Quota plus(Quota o) {
            return new Quota(pods + o.pods, resources.plus(o.resources), claims + o.claims, storage.add(o.storage));
        }

        /** "57 pods, cpu 15.5 req / 62 lim, memory 31.0Gi req / 62.0Gi lim, 3 volume claims of 300.0Gi". */
        public String describe() {
            return pods + (pods == 1 ? " pod, " : " pods, ") + resources.describe() + ", " + (claims == 0 ? "no volume claims"
                    : claims + (claims == 1 ? " volume claim of " : " volume claims of ") + gib(storage));
        }
    }

    /**
     * An environment's report: the scales at minimum replicas, at the HPAs' maximum, and at minimum replicas while every
     * Deployment rolls ({@code rollout}: each with its surge pods).
     */
    public record Report(String environment, Cluster cluster, Scale minimum, Scale maximum, Scale rollout, Map<String, Quota> quota) {}

    /** A pod of {@code owner}; {@code onePerNode} when its workload's pods require a node each. */
    private record Pod(String namespace, String owner, Resources resources, boolean onePerNode) {
        /** The workload, namespace included. */
        String workload() {
            return namespace + "/" + owner;
        }
    }

    private Capacity() {}

    /** The {@code cluster} of an environment's merged values ({@link PlatformSpecFiles#values}); null if absent. */
    static Cluster clusterOf(Map<String, Object> merged) {
        Object cluster = merged.get("cluster");
        if (!(cluster instanceof Map<?, ?>)) {
            return null;
        }
        Object nodes = Yaml.at(cluster, "nodes");
        BigDecimal cpu = Quantity.parse(Yaml.str(Yaml.at(cluster, "node", "cpu")));
        BigDecimal memory = Quantity.parse(Yaml.str(Yaml.at(cluster, "node", "memory")));
        if (!(nodes instanceof Number n) || n.intValue() < 1 || cpu == null || memory == null) {
            return null; // the values schema refuses these; nothing to report
        }
        return new Cluster(n.intValue(), cpu, memory);
    }

    /** The report of one rendered environment on {@code cluster}. */
    static Report report(String environment, Cluster cluster, List<Manifest> manifests, String releaseNamespace) {
        Map<String, int[]> hpa = new TreeMap<>();
        for (Manifest m : manifests) {
            if ("HorizontalPodAutoscaler".equals(m.kind())) {
                Object min = m.at("spec", "minReplicas");
                Object max = m.at("spec", "maxReplicas");
                hpa.put(m.namespace(releaseNamespace) + "/" + Yaml.str(m.at("spec", "scaleTargetRef", "kind")) + "/"
                        + Yaml.str(m.at("spec", "scaleTargetRef", "name")), new int[] {
                        min instanceof Number n ? n.intValue() : 1, max instanceof Number n ? n.intValue() : 1});
            }
        }
        List<Pod> minPods = new ArrayList<>();
        List<Pod> maxPods = new ArrayList<>();
        List<Pod> rolloutPods = new ArrayList<>();
        List<Pod> perNode = new ArrayList<>();
        Map<String, Quota> quota = new TreeMap<>();
        for (Manifest m : manifests) {
            if ("PersistentVolumeClaim".equals(m.kind())) {
                quota.merge(m.namespace(releaseNamespace), new Quota(0, Resources.ZERO, 1, storage(m.at("spec"))), Quota::plus);
            }
            Workload w = Workload.of(m, releaseNamespace);
            if (w == null) {
                continue;
            }
            Resources resources = podResources(w);
            int[] range = hpa.getOrDefault(w.namespace() + "/" + m.kind() + "/" + m.name(), new int[] {w.replicas(), w.replicas()});
            addQuota(quota, cluster, w, resources, range[1]);
            if (!w.longRunning() || "Pod".equals(m.kind())) {
                continue;
            }
            Pod pod = new Pod(w.namespace(), m.kind() + "/" + m.name(), resources, onePerNode(w));
            if ("DaemonSet".equals(m.kind())) {
                perNode.add(pod);
                continue;
            }
            for (int i = 0; i < range[1]; i++) {
                if (i < range[0]) {
                    minPods.add(pod);
                }
                maxPods.add(pod);
            }
            for (int i = 0; i < range[0] + surge(m, range[0]); i++) {
                rolloutPods.add(pod);
            }
        }
        return new Report(environment, cluster, scale(cluster, minPods, perNode), scale(cluster, maxPods, perNode),
                scale(cluster, rolloutPods, perNode), quota);
    }

    /**
     * Adds to {@code quota} what workload {@code w} (whose pod requests {@code resources}) makes its namespace's quota
     * allow: a scalable workload's {@code maxReplicas} (its HPA's maximum, else its replicas) and its rollout's surge, a
     * DaemonSet's pod on every node, a Job, a CronJob's run, a hook or test Pod once; a StatefulSet's volume claims.
     */
    private static void addQuota(Map<String, Quota> quota, Cluster cluster, Workload w, Resources resources, int maxReplicas) {
        Manifest m = w.manifest();
        int pods = 1;
        if ("DaemonSet".equals(m.kind())) {
            pods = cluster.nodes();
        } else if (w.scalable()) {
            pods = maxReplicas + surge(m, maxReplicas);
        }
        quota.merge(w.namespace(), new Quota(pods, resources.times(pods), 0, BigDecimal.ZERO), Quota::plus);
        if ("StatefulSet".equals(m.kind())) {
            for (Object template : Yaml.list(m.at("spec", "volumeClaimTemplates"))) {
                quota.merge(w.namespace(), new Quota(0, Resources.ZERO, maxReplicas, storage(Yaml.at(template, "spec"))
                        .multiply(BigDecimal.valueOf(maxReplicas))), Quota::plus);
            }
        }
    }

    /**
     * The pods a rolling update adds above {@code replicas}: a Deployment's maxSurge (a number, or a percentage rounded
     * up; 25 % when unset, Kubernetes' default), none for Recreate and for the other kinds (a StatefulSet replaces a pod
     * after it is gone).
     */
    static int surge(Manifest m, int replicas) {
        if (!"Deployment".equals(m.kind()) || "Recreate".equals(Yaml.str(m.at("spec", "strategy", "type")))) {
            return 0;
        }
        Object surge = m.at("spec", "strategy", "rollingUpdate", "maxSurge");
        if (surge instanceof Number n) {
            return n.intValue();
        }
        String percent = surge == null ? "25%" : Yaml.str(surge);
        if (percent.matches("\\d+%")) {
            int p = Integer.parseInt(percent.substring(0, percent.length() - 1));
            return (replicas * p + 99) / 100;
        }
        return percent.matches("\\d+") ? Integer.parseInt(percent) : 0;
    }

    /** The storage a claim's spec requests, 0 when it names none. */
    private static BigDecimal storage(Object claimSpec) {
        BigDecimal q = Quantity.parse(Yaml.str(Yaml.at(claimSpec, "resources", "requests", "storage")));
        return q == null ? BigDecimal.ZERO : q;
    }

    /**
     * Whether the workload's pods require a node each: a required pod anti-affinity term on {@code
     * kubernetes.io/hostname} whose label selector selects the workload's own pods.
     */
    static boolean onePerNode(Workload w) {
        return Yaml.list(Yaml.at(w.podSpec(), "affinity", "podAntiAffinity", "requiredDuringSchedulingIgnoredDuringExecution"))
                .stream().anyMatch(term -> "kubernetes.io/hostname".equals(Yaml.str(Yaml.at(term, "topologyKey")))
                        && PolicyChecker.selects(Yaml.mapAt(term, "labelSelector"), w.podLabels()));
    }

    private static Scale scale(Cluster cluster, List<Pod> pods, List<Pod> perNode) {
        Map<String, Resources> perNamespace = new TreeMap<>();
        Resources total = Resources.ZERO;
        for (Pod p : pods) {
            perNamespace.merge(p.namespace(), p.resources(), Resources::plus);
            total = total.plus(p.resources());
        }
        Resources daemons = Resources.ZERO;
        for (Pod p : perNode) {
            perNamespace.merge(p.namespace(), p.resources().times(cluster.nodes()), Resources::plus);
            total = total.plus(p.resources().times(cluster.nodes()));
            daemons = daemons.plus(p.resources());
        }
        int usable = cluster.nodes() > 1 ? cluster.nodes() - 1 : 1;
        BigDecimal[][] free = new BigDecimal[usable][];
        for (int i = 0; i < usable; i++) {
            free[i] = new BigDecimal[] {cluster.cpu().subtract(daemons.cpuRequests()), cluster.memory().subtract(daemons.memoryRequests())};
        }
        List<Pod> sorted = new ArrayList<>(pods);
        // the pods that need a node each first, as their constraint is the hard one; then the biggest first
        sorted.sort(Comparator.comparing((Pod p) -> !p.onePerNode())
                .thenComparing(Comparator.comparing((Pod p) -> share(p.resources(), cluster)).reversed()).thenComparing(Pod::owner));
        Map<String, Integer> moreThanNodes = new TreeMap<>();
        pods.stream().filter(Pod::onePerNode).forEach(p -> moreThanNodes.merge(p.workload(), 1, Integer::sum));
        moreThanNodes.values().removeIf(n -> n <= cluster.nodes());
        int unplaced = free[0][0].signum() < 0 || free[0][1].signum() < 0 ? pods.size() + perNode.size() : 0;
        int waiting = 0;
        if (unplaced == 0) {
            List<Set<String>> spreadOn = new ArrayList<>();
            for (int i = 0; i < usable; i++) {
                spreadOn.add(new HashSet<>());
            }
            Map<String, Integer> placedOf = new TreeMap<>();
            Map<String, Integer> waitingOf = new TreeMap<>();
            for (Pod p : sorted) {
                boolean placed = false;
                for (int i = 0; i < usable && !placed; i++) {
                    BigDecimal[] node = free[i];
                    if (node[0].compareTo(p.resources().cpuRequests()) >= 0 && node[1].compareTo(p.resources().memoryRequests()) >= 0
                            && !(p.onePerNode() && spreadOn.get(i).contains(p.workload()))) {
                        node[0] = node[0].subtract(p.resources().cpuRequests());
                        node[1] = node[1].subtract(p.resources().memoryRequests());
                        if (p.onePerNode()) {
                            spreadOn.get(i).add(p.workload());
                            placedOf.merge(p.workload(), 1, Integer::sum);
                        }
                        placed = true;
                    }
                }
                // a quorum's pod that finds every node left holding one of its own runs again when the lost node is back
                boolean waits = !placed && p.onePerNode() && placedOf.getOrDefault(p.workload(), 0) == usable
                        && waitingOf.getOrDefault(p.workload(), 0) < cluster.nodes() - usable;
                if (waits) {
                    waitingOf.merge(p.workload(), 1, Integer::sum);
                    waiting++;
                }
                unplaced += placed || waits ? 0 : 1;
            }
        }
        return new Scale(pods.size() + perNode.size() * cluster.nodes(), perNamespace, total, unplaced, usable, waiting, moreThanNodes);
    }

    /** The larger of the pod's CPU and memory shares of a node: first-fit-decreasing places the biggest first. */
    private static BigDecimal share(Resources r, Cluster c) {
        BigDecimal cpu = r.cpuRequests().divide(c.cpu(), 6, RoundingMode.HALF_UP);
        BigDecimal memory = r.memoryRequests().divide(c.memory(), 6, RoundingMode.HALF_UP);
        return cpu.max(memory);
    }

    /**
     * What the scheduler reserves for a pod, per resource, as Kubernetes counts it: the sum of its containers and
     * sidecars (init containers that keep running), or, when that is more, an init container's own with the sidecars
     * declared before it (already running while it runs).
     */
    private static Resources podResources(Workload w) {
        Resources sidecars = Resources.ZERO;
        Resources init = Resources.ZERO;
        for (Object o : Yaml.list(w.podSpec().get("initContainers"))) {
            Map<String, Object> c = Yaml.map(o);
            if ("Always".equals(Yaml.str(c.get("restartPolicy")))) {
                sidecars = sidecars.plus(containerResources(c));
                init = init.max(sidecars);
            } else {
                init = init.max(sidecars.plus(containerResources(c)));
            }
        }
        Resources running = sidecars;
        for (Object c : Yaml.list(w.podSpec().get("containers"))) {
            running = running.plus(containerResources(Yaml.map(c)));
        }
        return running.max(init);
    }

    private static Resources containerResources(Map<String, Object> c) {
        return new Resources(quantity(c, "requests", "cpu"), quantity(c, "requests", "memory"), quantity(c, "limits", "cpu"),
                quantity(c, "limits", "memory"));
    }

    private static BigDecimal quantity(Map<String, Object> c, String kind, String resource) {
        BigDecimal q = Quantity.parse(Yaml.str(Yaml.at(c, "resources", kind, resource)));
        if (q == null && kind.equals("requests")) {
            // Kubernetes defaults a missing request to the limit
            q = Quantity.parse(Yaml.str(Yaml.at(c, "resources", "limits", resource)));
        }
        return q == null ? BigDecimal.ZERO : q;
    }

    /** The findings of a report: an error when the minimum does not fit, a warning when the HPAs' maximum does not. */
    static List<Finding> findings(Report r, String chart) {
        List<Finding> findings = new ArrayList<>();
        Scale minimum = r.minimum();
        Scale maximum = r.maximum();
        minimum.moreThanNodes().forEach((workload, pods) -> findings.add(finding(Severity.ERROR, chart,
                moreThanNodes(workload, pods, "at minimum replicas", r.cluster()))));
        maximum.moreThanNodes().forEach((workload, pods) -> {
            if (!minimum.moreThanNodes().containsKey(workload)) {
                findings.add(finding(Severity.WARNING, chart, moreThanNodes(workload, pods, "at the HPAs' maximum", r.cluster())));
            }
        });
        String lost = r.cluster().nodes() > 1 ? " with one of " + r.cluster().nodes() + " nodes lost (N+1)" : " on its single node";
        int minimumShort = minimum.unplaced() - beyondNodes(minimum, r.cluster());
        int maximumShort = maximum.unplaced() - beyondNodes(maximum, r.cluster());
        if (minimumShort > 0) {
            findings.add(finding(Severity.ERROR, chart, minimumShort + " of " + minimum.pods() + " pods at minimum replicas "
                    + "do not fit" + lost + " (" + nodes(r.cluster()) + "); requests " + minimum.total().describe()));
        } else if (maximumShort > 0) {
            findings.add(finding(Severity.WARNING, chart, maximumShort + " of " + maximum.pods() + " pods at the HPAs' "
                    + "maximum do not fit" + lost + " (" + nodes(r.cluster()) + "); requests " + maximum.total().describe()));
        }
        Scale rollout = r.rollout();
        int rolloutShort = rollout.unplaced() - beyondNodes(rollout, r.cluster());
        if (minimumShort <= 0 && rolloutShort > 0) {
            findings.add(finding(Severity.WARNING, chart, rolloutShort + " of " + rollout.pods() + " pods at minimum "
                    + "replicas with every Deployment's rolling update surge do not fit" + lost + " (" + nodes(r.cluster())
                    + "); requests " + rollout.total().describe() + ". An upgrade that changes what the pods share (a "
                    + "chart's version, a global value) rolls the Deployments at once, and a new pod that finds no room "
                    + "waits Pending: with maxUnavailable 0 its rollout stalls, and helm upgrade --wait times out"));
        }
        return findings;
    }

    private static String moreThanNodes(String workload, int pods, String scale, Cluster cluster) {
        return workload + ": " + pods + " pods " + scale + " require a node each (a required pod anti-affinity on "
                + "kubernetes.io/hostname) and the environment has " + nodes(cluster) + ": " + (pods - cluster.nodes())
                + " of them never run. Declare at least " + pods + " nodes (cluster.nodes), or lower its replicas.";
    }

    /** The pods of a scale that never run whatever their requests: those beyond the nodes of a workload needing a node each. */
    private static int beyondNodes(Scale scale, Cluster cluster) {
        return scale.moreThanNodes().values().stream().mapToInt(pods -> pods - cluster.nodes()).sum();
    }

    public static final String CAPACITY = RULES.define("capacity", "reliability", Severity.ERROR, "",
            "The pods' requests must fit the environment's nodes (values key cluster) with one node lost; at the HPAs' "
                    + "maximum not fitting is a warning, at minimum replicas an error, and at minimum replicas with every "
                    + "Deployment's rolling update surge (an upgrade rolls them at once) a warning.",
            "Add or enlarge nodes (cluster.nodes, cluster.node), or lower requests, replicas or HPA maximums.");

    private static Finding finding(Severity severity, String chart, String message) {
        return new Finding(CAPACITY, severity, chart, "", "", "", message, Rules.get(CAPACITY).fix(), Set.of());
    }

    /** "3 nodes of 8 CPU / 32.0Gi". */
    public static String nodes(Cluster c) {
        return c.nodes() + (c.nodes() == 1 ? " node" : " nodes") + " of " + cores(c.cpu()) + " CPU / " + gib(c.memory());
    }

    static String cores(BigDecimal cpu) {
        return cpu.setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    static String gib(BigDecimal bytes) {
        return bytes.divide(BigDecimal.valueOf(1L << 30), 1, RoundingMode.HALF_UP).toPlainString() + "Gi";
    }
}
