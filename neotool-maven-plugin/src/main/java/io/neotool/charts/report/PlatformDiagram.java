package io.neotool.charts.report;

import io.neotool.charts.verify.PlatformVerifier.Edge;
import io.neotool.charts.verify.PlatformVerifier.Graph;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The flow graph of one environment drawn as a Mermaid flowchart ({@code platform-<env>.mmd}, embedded in
 * docs/architecture.md): one subgraph per namespace holding its workloads, one arrow per client and server workload
 * labelled with the ports and what they are for. A flow to a Service is drawn to the workloads behind it; a flow whose
 * address is not proven goes to the Service it names, dotted, as does any flow with a failed check. Helm test pods are
 * left out (they are docs/smoke-tests.md's subject, not the platform's). Deterministic: sorted, no timestamps.
 */
public final class PlatformDiagram {
    private PlatformDiagram() {}

    private static final String INGRESS = "ingress-controller";

    public static String mermaid(Graph graph) {
        Set<String> tests = new TreeSet<>();
        graph.hooks().forEach((node, events) -> {
            if (Arrays.asList(events.split(",")).contains("test")) {
                tests.add(node);
            }
        });
        Map<String, Arrow> arrows = new TreeMap<>();
        Set<String> nodes = new TreeSet<>();
        graph.nodes().stream().filter(n -> !n.equals(INGRESS) && !kind(n).equals("Service") && !tests.contains(n)).forEach(nodes::add);
        for (Edge e : graph.edges()) {
            if (tests.contains(e.from())) {
                continue;
            }
            boolean failed = e.checks().containsValue("failed");
            String label = (e.port() + " " + e.purpose()).strip();
            for (String to : e.servers().isEmpty() ? List.of(e.to()) : e.servers()) {
                nodes.add(e.from());
                nodes.add(to);
                Arrow a = arrows.computeIfAbsent(e.from() + "\n" + to, k -> new Arrow());
                a.labels.add(label);
                a.failed |= failed;
            }
        }

        StringBuilder out = new StringBuilder();
        out.append("%% Flow graph of ").append(graph.environment()).append(", drawn by neotool:lint (platform-<env>.mmd)");
        out.append(tests.isEmpty() ? "" : "; " + tests.size() + " helm test pod(s) left out").append('\n');
        out.append("flowchart LR\n");
        Map<String, List<String>> byNamespace = new TreeMap<>();
        for (String n : nodes) {
            if (n.equals(INGRESS)) {
                out.append("  ").append(id(n)).append("([\"ingress controller\"])\n");
            } else {
                byNamespace.computeIfAbsent(namespace(n), k -> new ArrayList<>()).add(n);
            }
        }
        for (Map.Entry<String, List<String>> ns : byNamespace.entrySet()) {
            out.append("  subgraph ").append(id("ns/" + ns.getKey())).append("[\"").append(ns.getKey()).append("\"]\n");
            for (String n : ns.getValue()) {
                String hook = graph.hooks().get(n);
                out.append("    ").append(id(n)).append("[\"").append(name(n)).append("<br/>").append(kind(n))
                        .append(hook == null ? "" : ", " + hook.replace(",", ", ") + " hook").append("\"]\n");
            }
            out.append("  end\n");
        }
        for (Map.Entry<String, Arrow> a : arrows.entrySet()) {
            String[] ends = a.getKey().split("\n");
            out.append("  ").append(id(ends[0])).append(a.getValue().failed ? " -.->|\"" : " -->|\"")
                    .append(String.join(", ", a.getValue().labels)).append(a.getValue().failed ? " (failed)" : "")
                    .append("\"| ").append(id(ends[1])).append('\n');
        }
        return out.toString();
    }

    private static final class Arrow {
        final Set<String> labels = new TreeSet<>();
        boolean failed;
    }

    /** {@code namespace/Kind/name} (a Service node may end with " (pod name)"). */
    private static String[] parts(String node) {
        String[] p = node.split("/", 3);
        return p.length == 3 ? p : new String[] {"", "", node};
    }

    private static String namespace(String node) {
        return parts(node)[0];
    }

    private static String kind(String node) {
        return parts(node)[1];
    }

    private static String name(String node) {
        return parts(node)[2].replace("\"", "'");
    }

    private static String id(String node) {
        return "n_" + node.replaceAll("[^A-Za-z0-9]", "_");
    }
}
