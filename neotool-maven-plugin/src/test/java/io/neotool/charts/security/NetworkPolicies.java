package io.neotool.charts.security;

import static io.neotool.charts.security.Rendered.list;
import static io.neotool.charts.security.Rendered.map;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A small evaluator of Kubernetes NetworkPolicy semantics over rendered policies, for tests: a pod selected
 * by a policy with a policy type is isolated in that direction and only the union of the policies' rules
 * lets traffic through; a connection needs the source's egress and the destination's ingress. Supports what
 * the charts render (matchLabels, matchExpressions In/NotIn/Exists/DoesNotExist, pod and namespace
 * selectors, numeric ports with protocol); ipBlock peers match no pod.
 */
final class NetworkPolicies {
    /** A pod: its namespace, labels and the ports it listens on ("8200/TCP"). */
    record Pod(String name, String namespace, Map<String, String> labels, List<String> ports) {
        Map<String, String> namespaceLabels() {
            return Map.of("kubernetes.io/metadata.name", namespace);
        }

        @Override
        public String toString() {
            return namespace + "/" + name;
        }
    }

    private final List<Map<String, Object>> policies;

    NetworkPolicies(List<Map<String, Object>> docs) {
        this.policies = Rendered.ofKind(docs, "NetworkPolicy");
    }

    int size() {
        return policies.size();
    }

    /** Whether {@code from} can open {@code port} ("9092/TCP") on {@code to}. */
    boolean allows(Pod from, Pod to, String port) {
        return allowed(from, to, port, "Egress") && allowed(to, from, port, "Ingress");
    }

    /**
     * Whether {@code from} can open {@code port} on an address outside the cluster ({@code ip}, IPv4): only the
     * source's egress decides (no policy guards the far end), through ipBlock peers (cidr minus except).
     */
    boolean allowsEgressTo(Pod from, String ip, String port) {
        boolean isolated = false;
        for (Map<String, Object> policy : policies) {
            if (!Objects.equals(map(policy, "metadata").get("namespace"), from.namespace())
                    || !selects(map(policy, "spec", "podSelector"), from.labels())
                    || !policyTypes(policy).contains("Egress")) {
                continue;
            }
            isolated = true;
            for (Object rule : list(policy, "spec", "egress")) {
                boolean peerOk = !map(rule).containsKey("to") || list(rule, "to").stream().anyMatch(p -> {
                    Map<String, Object> block = map(p, "ipBlock");
                    return !block.isEmpty() && inCidr(ip, String.valueOf(block.get("cidr")))
                            && list(block, "except").stream().noneMatch(e -> inCidr(ip, String.valueOf(e)));
                });
                boolean portOk = !map(rule).containsKey("ports")
                        || list(rule, "ports").stream().anyMatch(p -> portMatches(map(p), port));
                if (peerOk && portOk) {
                    return true;
                }
            }
        }
        return !isolated;
    }

    static boolean inCidr(String ip, String cidr) {
        String[] parts = cidr.split("/");
        int bits = Integer.parseInt(parts[1]);
        long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
        return (ipv4(ip) & mask) == (ipv4(parts[0]) & mask);
    }

    private static long ipv4(String ip) {
        long value = 0;
        for (String octet : ip.split("\\.")) {
            value = (value << 8) | Integer.parseInt(octet);
        }
        return value;
    }

    /** Policies of {@code subject}'s namespace that select it for {@code type}, and whether one lets {@code peer} through. */
    private boolean allowed(Pod subject, Pod peer, String port, String type) {
        boolean isolated = false;
        for (Map<String, Object> policy : policies) {
            if (!Objects.equals(map(policy, "metadata").get("namespace"), subject.namespace())
                    || !selects(map(policy, "spec", "podSelector"), subject.labels())
                    || !policyTypes(policy).contains(type)) {
                continue;
            }
            isolated = true;
            String rules = type.equals("Ingress") ? "ingress" : "egress";
            String peers = type.equals("Ingress") ? "from" : "to";
            for (Object rule : list(policy, "spec", rules)) {
                boolean peerOk = !map(rule).containsKey(peers)
                        || list(rule, peers).stream().anyMatch(p -> peerMatches(map(p), subject.namespace(), peer));
                boolean portOk = !map(rule).containsKey("ports")
                        || list(rule, "ports").stream().anyMatch(p -> portMatches(map(p), port));
                if (peerOk && portOk) {
                    return true;
                }
            }
        }
        return !isolated;
    }

    private static List<String> policyTypes(Map<String, Object> policy) {
        List<Object> types = list(policy, "spec", "policyTypes");
        if (!types.isEmpty()) {
            return types.stream().map(String::valueOf).toList();
        }
        List<String> implied = new ArrayList<>(List.of("Ingress"));
        if (map(policy, "spec").containsKey("egress")) {
            implied.add("Egress");
        }
        return implied;
    }

    private static boolean peerMatches(Map<String, Object> peer, String policyNamespace, Pod pod) {
        if (peer.containsKey("ipBlock")) {
            return false;
        }
        boolean namespaceOk = peer.containsKey("namespaceSelector")
                ? selects(map(peer, "namespaceSelector"), pod.namespaceLabels())
                : pod.namespace().equals(policyNamespace);
        boolean podOk = !peer.containsKey("podSelector") || selects(map(peer, "podSelector"), pod.labels());
        return namespaceOk && podOk;
    }

    private static boolean portMatches(Map<String, Object> rulePort, String port) {
        String[] p = port.split("/");
        String protocol = String.valueOf(rulePort.getOrDefault("protocol", "TCP"));
        if (!protocol.equals(p[1])) {
            return false;
        }
        Object number = rulePort.get("port");
        if (number == null) {
            return true;
        }
        int value = Integer.parseInt(p[0]);
        int end = rulePort.get("endPort") instanceof Integer e ? e : (number instanceof Integer n ? n : -1);
        return number instanceof Integer n && value >= n && value <= end;
    }

    /** A LabelSelector against labels; an empty selector selects everything. */
    static boolean selects(Map<String, Object> selector, Map<String, String> labels) {
        for (Map.Entry<String, Object> e : map(selector, "matchLabels").entrySet()) {
            if (!String.valueOf(e.getValue()).equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (Object o : list(selector, "matchExpressions")) {
            Map<String, Object> expression = map(o);
            String key = (String) expression.get("key");
            List<String> values = list(expression, "values").stream().map(String::valueOf).toList();
            boolean ok = switch (String.valueOf(expression.get("operator"))) {
                case "In" -> labels.containsKey(key) && values.contains(labels.get(key));
                case "NotIn" -> !labels.containsKey(key) || !values.contains(labels.get(key));
                case "Exists" -> labels.containsKey(key);
                case "DoesNotExist" -> !labels.containsKey(key);
                default -> throw new IllegalArgumentException("operator " + expression.get("operator"));
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The pods of the rendered workloads (Deployment, StatefulSet, Job, DaemonSet) with their container ports. */
    @SuppressWarnings("unchecked")
    static List<Pod> renderedPods(List<Map<String, Object>> docs) {
        List<Pod> pods = new ArrayList<>();
        for (Map<String, Object> doc : docs) {
            if (!List.of("Deployment", "StatefulSet", "Job", "DaemonSet").contains(doc.get("kind"))) {
                continue;
            }
            Map<String, Object> template = map(doc, "spec", "template");
            List<String> ports = new ArrayList<>();
            for (Object c : list(template, "spec", "containers")) {
                for (Object p : list(c, "ports")) {
                    ports.add(map(p).get("containerPort") + "/" + map(p).getOrDefault("protocol", "TCP"));
                }
            }
            Map<String, String> labels = new java.util.TreeMap<>();
            ((Map<String, Object>) map(template, "metadata", "labels")).forEach((k, v) -> labels.put(k, String.valueOf(v)));
            pods.add(new Pod(String.valueOf(map(doc, "metadata").get("name")),
                    String.valueOf(map(doc, "metadata").get("namespace")), labels, ports));
        }
        return pods;
    }
}
