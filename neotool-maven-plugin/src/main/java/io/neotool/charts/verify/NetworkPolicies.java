package io.neotool.charts.verify;

import io.neotool.charts.model.Cidr;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Kubernetes NetworkPolicy semantics over rendered policies: a pod selected by a policy with a policy type is
 * isolated in that direction and only the union of the policies' rules lets traffic through; a connection needs
 * the source's egress and the destination's ingress. Supports what charts render (matchLabels, matchExpressions
 * In/NotIn/Exists/DoesNotExist, pod and namespace selectors, numeric ports with protocol and endPort, and named ports,
 * which name a container port of the destination pod); ipBlock peers match no pod. Namespaces are matched by their
 * {@code kubernetes.io/metadata.name} label and the labels the rendered Namespace gives them.
 */
public final class NetworkPolicies {
    /** A pod: its namespace, labels, the ports it listens on ("8200/TCP") and their names (name to "8200/TCP"). */
    public record Pod(String name, String namespace, Map<String, String> labels, List<String> ports, Map<String, String> portNames) {
        /** A pod whose ports have no names. */
        public Pod(String name, String namespace, Map<String, String> labels, List<String> ports) {
            this(name, namespace, labels, ports, Map.of());
        }

        @Override
        public String toString() {
            return namespace + "/" + name;
        }
    }

    private record Policy(int order, String namespace, Map<String, Object> body) {}

    private final List<Policy> policies = new ArrayList<>();
    /** The labels of each rendered Namespace. */
    private final Map<String, Map<String, String>> namespaceLabels = new java.util.HashMap<>();
    /**
     * The policies by namespace and by one label their podSelector requires ({@code key + '\0' + value}, under "" when
     * it requires none with a value), so that the policies selecting a pod are found without trying every policy.
     */
    private final Map<String, Map<String, List<Policy>>> byRequiredLabel = new java.util.HashMap<>();

    /** The NetworkPolicies among rendered documents; a policy without metadata.namespace is in {@code releaseNamespace}. */
    public NetworkPolicies(List<Map<String, Object>> docs, String releaseNamespace) {
        for (Map<String, Object> doc : docs) {
            if ("Namespace".equals(doc.get("kind"))) {
                namespaceLabels.put(Yaml.str(Yaml.at(doc, "metadata", "name")), stringLabels(Yaml.mapAt(doc, "metadata", "labels")));
            }
            if ("NetworkPolicy".equals(doc.get("kind"))) {
                String ns = Yaml.str(Yaml.at(doc, "metadata", "namespace"));
                Policy policy = new Policy(policies.size(), ns.isEmpty() ? releaseNamespace : ns, doc);
                policies.add(policy);
                byRequiredLabel.computeIfAbsent(policy.namespace(), k -> new java.util.HashMap<>())
                        .computeIfAbsent(label(requiredLabel(Yaml.mapAt(doc, "spec", "podSelector"))), k -> new ArrayList<>()).add(policy);
            }
        }
    }

    /** The NetworkPolicies among rendered documents that all carry metadata.namespace. */
    public NetworkPolicies(List<Map<String, Object>> docs) {
        this(docs, "default");
    }

    public int size() {
        return policies.size();
    }

    /** Whether {@code from} can open {@code port} ("9092/TCP") on {@code to}. */
    public boolean allows(Pod from, Pod to, String port) {
        return allowed(from, to, port, "Egress") && allowed(to, from, port, "Ingress");
    }

    /** Whether {@code from}'s own policies let it open {@code port} on {@code to} (egress only). */
    public boolean egressAllows(Pod from, Pod to, String port) {
        return allowed(from, to, port, "Egress");
    }

    /** Whether {@code to}'s own policies admit {@code from} on {@code port} (ingress only). */
    public boolean ingressAllows(Pod from, Pod to, String port) {
        return allowed(to, from, port, "Ingress");
    }

    /**
     * Whether {@code from} can open {@code port} on an address outside the cluster ({@code ip}, IPv4 or IPv6): only the
     * source's egress decides (no policy guards the far end), through ipBlock peers (cidr minus except).
     */
    public boolean allowsEgressTo(Pod from, String ip, String port) {
        return addressAllowed(from, ip, port, "Egress");
    }

    /**
     * Whether {@code to}'s own policies admit every address of {@code cidr} (IPv4 or IPv6, e.g. a cloud load balancer's
     * subnet) on {@code port}: its first and its last address, through ipBlock peers (cidr minus except).
     */
    public boolean ingressAllowsRange(String cidr, Pod to, String port) {
        Cidr range = Cidr.parse(cidr).orElseThrow(() -> new IllegalArgumentException("not a CIDR: " + cidr));
        return addressAllowed(to, range.first(), port, "Ingress") && addressAllowed(to, range.last(), port, "Ingress");
    }

    /** Whether {@code subject}'s own policies of {@code type} let {@code ip} through on {@code port} (ipBlock peers). */
    private boolean addressAllowed(Pod subject, String ip, String port, String type) {
        String rules = type.equals("Ingress") ? "ingress" : "egress";
        String peers = type.equals("Ingress") ? "from" : "to";
        boolean isolated = false;
        for (Policy policy : selecting(subject, type)) {
            isolated = true;
            for (Object rule : Yaml.listAt(policy.body(), "spec", rules)) {
                boolean peerOk = !Yaml.map(rule).containsKey(peers) || Yaml.listAt(rule, peers).stream().anyMatch(p -> {
                    Map<String, Object> block = Yaml.mapAt(p, "ipBlock");
                    return !block.isEmpty() && inCidr(ip, Yaml.str(block.get("cidr")))
                            && Yaml.list(block.get("except")).stream().noneMatch(e -> inCidr(ip, Yaml.str(e)));
                });
                // a named port names a port of the pod the policy selects: the subject of ingress; none for egress
                if (peerOk && portOk(rule, port, type.equals("Ingress") ? subject.portNames() : Map.of())) {
                    return true;
                }
            }
        }
        return !isolated;
    }

    /** Whether the range {@code cidr} holds {@code ip}: never one of the other family, or a range that is none. */
    public static boolean inCidr(String ip, String cidr) {
        return Cidr.parse(cidr).map(range -> range.contains(ip)).orElse(false);
    }

    /** The policies that select pods with the subject's namespace and labels for {@code type}, found once per such pod. */
    private List<Policy> selecting(Pod subject, String type) {
        return selecting.computeIfAbsent(new Subject(subject.namespace(), subject.labels(), type),
                key -> candidates(subject).stream().filter(policy -> selectsFor(policy, subject, type)).toList());
    }

    /** The policies of the subject's namespace that may select it, in the rendered order. */
    private List<Policy> candidates(Pod subject) {
        Map<String, List<Policy>> byLabel = byRequiredLabel.getOrDefault(subject.namespace(), Map.of());
        List<Policy> found = new ArrayList<>(byLabel.getOrDefault("", List.of()));
        subject.labels().forEach((k, v) -> found.addAll(byLabel.getOrDefault(label(k, v), List.of())));
        found.sort(java.util.Comparator.comparingInt(Policy::order));
        return found;
    }

    private static String label(String key, String value) {
        return key + '\0' + value;
    }

    /** {@code key + '\0' + value} of a required label, "" for none. */
    private static String label(Map.Entry<String, String> required) {
        return required == null ? "" : label(required.getKey(), required.getValue());
    }

    private record Subject(String namespace, Map<String, String> labels, String type) {}

    private final Map<Subject, List<Policy>> selecting = new java.util.HashMap<>();

    private boolean selectsFor(Policy policy, Pod subject, String type) {
        return policy.namespace().equals(subject.namespace())
                && LabelSelector.matches(Yaml.mapAt(policy.body(), "spec", "podSelector"), subject.labels())
                && policyTypes(policy.body()).contains(type);
    }

    /** Policies of {@code subject}'s namespace that select it for {@code type}, and whether one lets {@code peer} through. */
    private boolean allowed(Pod subject, Pod peer, String port, String type) {
        boolean isolated = false;
        String rules = type.equals("Ingress") ? "ingress" : "egress";
        String peers = type.equals("Ingress") ? "from" : "to";
        for (Policy policy : selecting(subject, type)) {
            isolated = true;
            for (Object rule : Yaml.listAt(policy.body(), "spec", rules)) {
                boolean peerOk = !Yaml.map(rule).containsKey(peers) || anyPeerMatches(rule, peers, subject.namespace(), peer);
                // a named port names a container port of the destination: the subject of ingress, the peer of egress
                if (peerOk && portOk(rule, port, (type.equals("Ingress") ? subject : peer).portNames())) {
                    return true;
                }
            }
        }
        return !isolated;
    }

    /**
     * Whether one of the rule's peers ({@code from} or {@code to}) matches {@code pod}. The rules of a shared server list
     * a peer per client, so their peers are indexed by one label the peer's podSelector requires (as the policies are)
     * and only those that may match the pod are tried.
     */
    private boolean anyPeerMatches(Object rule, String peers, String policyNamespace, Pod pod) {
        Peers index = peersOfRule.computeIfAbsent(Yaml.listAt(rule, peers), Peers::new);
        for (Map<String, Object> peer : index.unlabelled()) {
            if (peerMatches(peer, policyNamespace, pod)) {
                return true;
            }
        }
        for (var byValue : index.byLabel().entrySet()) {
            String value = pod.labels().get(byValue.getKey());
            for (Map<String, Object> peer : value == null ? List.<Map<String, Object>>of() : byValue.getValue().getOrDefault(value, List.of())) {
                if (peerMatches(peer, policyNamespace, pod)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A rule's peers: those whose podSelector requires no label value, and the others by one label key and value it requires. */
    private record Peers(List<Map<String, Object>> unlabelled, Map<String, Map<String, List<Map<String, Object>>>> byLabel) {
        Peers(List<Object> peers) {
            this(new ArrayList<>(), new java.util.HashMap<>());
            for (Object p : peers) {
                Map.Entry<String, String> required = requiredLabel(Yaml.mapAt(p, "podSelector"));
                if (required == null) {
                    unlabelled.add(Yaml.map(p));
                } else {
                    byLabel.computeIfAbsent(required.getKey(), k -> new java.util.HashMap<>())
                            .computeIfAbsent(required.getValue(), v -> new ArrayList<>()).add(Yaml.map(p));
                }
            }
        }
    }

    /** The peers of the rules tried so far, by their list (its identity). */
    private final Map<List<Object>, Peers> peersOfRule = new java.util.IdentityHashMap<>();

    /**
     * One label a selector requires, or null when it requires none: labels with an empty value are not looked up (few
     * pods have one), so they do not narrow a search.
     */
    private static Map.Entry<String, String> requiredLabel(Map<String, Object> selector) {
        return Yaml.mapAt(selector, "matchLabels").entrySet().stream().filter(e -> !Yaml.str(e.getValue()).isEmpty())
                .findFirst().map(e -> Map.entry(e.getKey(), Yaml.str(e.getValue()))).orElse(null);
    }

    private static boolean portOk(Object rule, String port, Map<String, String> portNames) {
        return !Yaml.map(rule).containsKey("ports")
                || Yaml.listAt(rule, "ports").stream().anyMatch(p -> portMatches(Yaml.map(p), port, portNames));
    }

    private static List<String> policyTypes(Map<String, Object> policy) {
        List<Object> types = Yaml.listAt(policy, "spec", "policyTypes");
        if (!types.isEmpty()) {
            return types.stream().map(Yaml::str).toList();
        }
        List<String> implied = new ArrayList<>(List.of("Ingress"));
        if (Yaml.mapAt(policy, "spec").containsKey("egress")) {
            implied.add("Egress");
        }
        return implied;
    }

    private boolean peerMatches(Map<String, Object> peer, String policyNamespace, Pod pod) {
        if (peer.containsKey("ipBlock")) {
            return false;
        }
        boolean namespaceOk = peer.containsKey("namespaceSelector")
                ? LabelSelector.matches(Yaml.map(peer.get("namespaceSelector")), namespaceLabels(pod.namespace()))
                : pod.namespace().equals(policyNamespace);
        boolean podOk = !peer.containsKey("podSelector") || LabelSelector.matches(Yaml.map(peer.get("podSelector")), pod.labels());
        return namespaceOk && podOk;
    }

    /** A namespace's labels: those of its rendered Namespace, and the name label Kubernetes gives every namespace. */
    private Map<String, String> namespaceLabels(String namespace) {
        Map<String, String> labels = new TreeMap<>(namespaceLabels.getOrDefault(namespace, Map.of()));
        labels.put("kubernetes.io/metadata.name", namespace);
        return labels;
    }

    private static boolean portMatches(Map<String, Object> rulePort, String port, Map<String, String> portNames) {
        String[] p = port.split("/");
        String protocol = Yaml.str(rulePort.getOrDefault("protocol", "TCP"));
        if (!protocol.equals(p[1])) {
            return false;
        }
        Object number = rulePort.get("port");
        if (number == null) {
            return true;
        }
        if (number instanceof String name && !name.matches("\\d+")) {
            return port.equals(portNames.get(name));
        }
        int value = Integer.parseInt(p[0]);
        int end = rulePort.get("endPort") instanceof Integer e ? e : (number instanceof Integer n ? n : -1);
        return number instanceof Integer n && value >= n && value <= end;
    }

    /** The pods of the rendered workloads (Deployment, StatefulSet, Job, DaemonSet) with their container ports. */
    public static List<Pod> renderedPods(List<Map<String, Object>> docs) {
        List<Pod> pods = new ArrayList<>();
        for (Map<String, Object> doc : docs) {
            if (!List.of("Deployment", "StatefulSet", "Job", "DaemonSet", "CronJob").contains(doc.get("kind"))) {
                continue;
            }
            Map<String, Object> template = "CronJob".equals(doc.get("kind"))
                    ? Yaml.mapAt(doc, "spec", "jobTemplate", "spec", "template") : Yaml.mapAt(doc, "spec", "template");
            pods.add(new Pod(Yaml.str(Yaml.at(doc, "metadata", "name")), Yaml.str(Yaml.at(doc, "metadata", "namespace")),
                    stringLabels(Yaml.mapAt(template, "metadata", "labels")), containerPorts(Yaml.mapAt(template, "spec")),
                    containerPortNames(Yaml.mapAt(template, "spec"))));
        }
        return pods;
    }

    /** "8080/TCP" for each port of the pod spec's containers. */
    static List<String> containerPorts(Map<String, Object> podSpec) {
        List<String> ports = new ArrayList<>();
        for (Object c : Yaml.list(podSpec.get("containers"))) {
            for (Object p : Yaml.listAt(c, "ports")) {
                ports.add(port(p));
            }
        }
        return ports;
    }

    /** A container port as "8080/TCP". */
    private static String port(Object containerPort) {
        return Yaml.str(Yaml.map(containerPort).get("containerPort")) + "/" + Yaml.str(Yaml.map(containerPort).getOrDefault("protocol", "TCP"));
    }

    /** Each named port of the pod spec's containers, to its "8080/TCP". */
    static Map<String, String> containerPortNames(Map<String, Object> podSpec) {
        Map<String, String> names = new TreeMap<>();
        for (Object c : Yaml.list(podSpec.get("containers"))) {
            for (Object p : Yaml.listAt(c, "ports")) {
                String name = Yaml.str(Yaml.map(p).get("name"));
                if (!name.isEmpty()) {
                    names.put(name, port(p));
                }
            }
        }
        return names;
    }

    static Map<String, String> stringLabels(Map<String, Object> labels) {
        Map<String, String> out = new TreeMap<>();
        labels.forEach((k, v) -> out.put(k, Yaml.str(v)));
        return out;
    }
}
