package io.neotool.charts.verify;

import io.neotool.charts.verify.NetworkPolicies.Pod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** A found connection; {@code server} is a Service (or, for scraping, null with {@code target} the scraped workload). */
final class Flow {
    final Workload client;
    /**
     * The client outside the release a flow comes from (an Ingress's: its chart's ingress controller; a ServiceMonitor's:
     * the cluster's Prometheus); null for a workload's flow.
     */
    final PlatformVerifier.Outsider outsider;
    /** What the outsider is: {@link #INGRESS_CONTROLLER} or {@link #METRICS_SCRAPER}; null for a workload's flow. */
    final String role;
    final Pod clientPod;
    final Manifest anchor;
    final String serverNamespace;
    final String serverName;
    final String podName;
    final Workload target;
    final String port;
    final Set<String> via = new TreeSet<>();
    final Map<String, String> checks = new LinkedHashMap<>();
    final List<String> problems = new ArrayList<>();
    final List<String[]> pending = new ArrayList<>();

    static final String INGRESS_CONTROLLER = "ingress-controller";
    static final String METRICS_SCRAPER = "metrics-scraper";

    Flow(Workload client, PlatformVerifier.Outsider outsider, String role, Manifest anchor, String serverNamespace,
         String serverName, String podName, Workload target, String port) {
        this.client = client;
        this.outsider = outsider;
        this.role = client == null ? role : null;
        this.clientPod = client == null ? outsider.pod(role) : pod(client);
        this.anchor = anchor;
        this.serverNamespace = serverNamespace;
        this.serverName = serverName;
        this.podName = podName;
        this.target = target;
        this.port = port;
    }

    String from() {
        return client == null ? role : node(client.manifest(), client.namespace());
    }

    String to() {
        return target != null ? node(target.manifest(), target.namespace())
                : serverNamespace + "/Service/" + serverName + (podName.isEmpty() ? "" : " (pod " + podName + ")");
    }

    String label() {
        String host = target != null ? target.namespace() + "/" + target.manifest().name()
                : (podName.isEmpty() ? "" : podName + ".") + serverName + "." + serverNamespace;
        return (client == null ? role.replace('-', ' ') : client.manifest().name()) + " -> " + host + ":" + port
                + " (" + String.join("; ", via) + ")";
    }

    /** Records a failed check: kept for the graph, reported as a finding once every flow is known. */
    void problem(String ruleId, String message, String fix) {
        problems.add(ruleId + ": " + message);
        pending.add(new String[] {ruleId, message, fix});
    }

    static String node(Manifest m, String namespace) {
        return namespace + "/" + m.kind() + "/" + m.name();
    }

    /** The pod of a workload, for the NetworkPolicy evaluator. */
    static Pod pod(Workload w) {
        return new Pod(w.manifest().name(), w.namespace(), NetworkPolicies.stringLabels(w.podLabels()),
                NetworkPolicies.containerPorts(w.podSpec()), NetworkPolicies.containerPortNames(w.podSpec()));
    }
}
