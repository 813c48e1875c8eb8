package io.neotool.charts.verify;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.verify.NetworkPolicies.Pod;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A shared server's policy lists a peer per client; the peers a pod may match are looked up by label, and every kind
 * of peer still admits whom it should: by pod label, by namespace, by a label required empty (absent), by expression.
 */
class NetworkPolicyPeersTest {
    private static final String POLICY = """
            ---
            # Source: demo/templates/server.yaml
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: server-from-clients
              namespace: srv
            spec:
              podSelector: {matchLabels: {app: server}}
              policyTypes: [Ingress]
              ingress:
                - from:
            %s
                  ports: [{port: 8080, protocol: TCP}]
            """;

    private static NetworkPolicies policies() {
        StringBuilder peers = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            peers.append("        - {namespaceSelector: {}, podSelector: {matchLabels: {app: client-").append(i).append("}}}\n");
        }
        peers.append("        - {namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ops}}}\n");
        peers.append("        - {podSelector: {matchLabels: {team: \"\", role: local}}}\n");
        peers.append("        - {namespaceSelector: {}, podSelector: {matchExpressions: [{key: tier, operator: In, values: [edge]}]}}\n");
        peers.append("        - {ipBlock: {cidr: 10.0.0.0/8}}\n");
        List<Manifest> manifests = new ManifestParser().parse(POLICY.formatted(peers.toString().stripTrailing())).manifests();
        return new NetworkPolicies(manifests.stream().map(Manifest::body).toList());
    }

    private static Pod pod(String namespace, Map<String, String> labels) {
        return new Pod("p", namespace, labels, List.of("8080/TCP"));
    }

    private static final Pod SERVER = pod("srv", Map.of("app", "server"));

    @Test
    void aListedClientIsAdmittedAndAnUnlistedOneIsNot() {
        NetworkPolicies policies = policies();
        assertTrue(policies.ingressAllows(pod("app", Map.of("app", "client-37", "tier", "backend")), SERVER, "8080/TCP"));
        assertTrue(policies.ingressAllows(pod("app", Map.of("app", "client-0")), SERVER, "8080/TCP"));
        assertFalse(policies.ingressAllows(pod("app", Map.of("app", "client-50")), SERVER, "8080/TCP"));
        assertFalse(policies.ingressAllows(pod("app", Map.of("app", "client-37")), SERVER, "9090/TCP"));
    }

    /** As in Kubernetes, a required empty value is a label with that empty value, not a label left out. */
    @Test
    void aRequiredEmptyLabelValueNeedsTheLabel() {
        NetworkPolicies policies = policies();
        assertTrue(policies.ingressAllows(pod("ops", Map.of("app", "anything")), SERVER, "8080/TCP"), "by namespace");
        assertTrue(policies.ingressAllows(pod("srv", Map.of("role", "local", "team", "")), SERVER, "8080/TCP"), "team empty");
        assertFalse(policies.ingressAllows(pod("srv", Map.of("role", "local")), SERVER, "8080/TCP"), "team required empty: absent");
        assertFalse(policies.ingressAllows(pod("srv", Map.of("role", "local", "team", "a")), SERVER, "8080/TCP"), "team set");
        assertTrue(policies.ingressAllows(pod("web", Map.of("tier", "edge")), SERVER, "8080/TCP"), "by expression");
        assertFalse(policies.ingressAllows(pod("web", Map.of("tier", "core")), SERVER, "8080/TCP"));
    }

    /** A peer with a podSelector and no namespaceSelector means pods of the policy's own namespace only. */
    @Test
    void aPodSelectorAlonePeersWithinThePolicysNamespace() {
        NetworkPolicies policies = policies();
        assertTrue(policies.ingressAllows(pod("srv", Map.of("role", "local", "team", "")), SERVER, "8080/TCP"));
        assertFalse(policies.ingressAllows(pod("app", Map.of("role", "local", "team", "")), SERVER, "8080/TCP"), "another namespace");
    }

    /** Each operator of matchExpressions, against labels that lack the key too. */
    @Test
    void everyExpressionOperatorHoldsForALabelThatIsAbsent() {
        Map<String, Object> notIn = Map.of("matchExpressions", List.of(Map.of("key", "tier", "operator", "NotIn", "values", List.of("edge"))));
        assertTrue(LabelSelector.matches(notIn, Map.of()), "NotIn selects a pod without the label");
        assertTrue(LabelSelector.matches(notIn, Map.of("tier", "core")));
        assertFalse(LabelSelector.matches(notIn, Map.of("tier", "edge")));
        Map<String, Object> exists = Map.of("matchExpressions", List.of(Map.of("key", "tier", "operator", "Exists")));
        assertTrue(LabelSelector.matches(exists, Map.of("tier", "")));
        assertFalse(LabelSelector.matches(exists, Map.of()));
        Map<String, Object> absent = Map.of("matchExpressions", List.of(Map.of("key", "tier", "operator", "DoesNotExist")));
        assertTrue(LabelSelector.matches(absent, Map.of("app", "x")));
        assertFalse(LabelSelector.matches(absent, Map.of("tier", "edge")));
        Map<String, Object> in = Map.of("matchExpressions", List.of(Map.of("key", "tier", "operator", "In", "values", List.of("edge"))));
        assertFalse(LabelSelector.matches(in, Map.of()), "In needs the label");
    }

    /** A port range (endPort) admits every port in it and none past it. */
    @Test
    void aPortRangeAdmitsItsPortsOnly() {
        NetworkPolicies policies = new NetworkPolicies(new ManifestParser().parse(POLICY.formatted(
                "        - {namespaceSelector: {}}").replace("ports: [{port: 8080, protocol: TCP}]",
                "ports: [{port: 9000, endPort: 9010, protocol: TCP}]")).manifests().stream().map(Manifest::body).toList());
        Pod client = pod("app", Map.of("app", "x"));
        Pod server = new Pod("s", "srv", Map.of("app", "server"), List.of("9000/TCP", "9005/TCP", "9010/TCP", "9011/TCP"));
        assertTrue(policies.ingressAllows(client, server, "9000/TCP"));
        assertTrue(policies.ingressAllows(client, server, "9005/TCP"));
        assertTrue(policies.ingressAllows(client, server, "9010/TCP"));
        assertFalse(policies.ingressAllows(client, server, "9011/TCP"));
        assertFalse(policies.ingressAllows(client, server, "9005/UDP"));
    }

    /**
     * A named port names a container port of the destination pod (the policy's own pod for ingress, the peer for egress),
     * and a namespaceSelector matches the labels the rendered Namespace gives its namespace, as Kubernetes reads them.
     */
    @Test
    void aNamedPortAndANamespacesOwnLabelsAreReadAsKubernetesReadsThem() {
        String yaml = """
                ---
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: logs
                  labels: {pod-security.kubernetes.io/enforce: privileged}
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: server-from-shippers, namespace: srv}
                spec:
                  podSelector: {matchLabels: {app: server}}
                  policyTypes: [Ingress]
                  ingress:
                    - from: [{namespaceSelector: {matchLabels: {pod-security.kubernetes.io/enforce: privileged}}}]
                      ports: [{port: http, protocol: TCP}]
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: shipper-to-server, namespace: logs}
                spec:
                  podSelector: {matchLabels: {app: shipper}}
                  policyTypes: [Egress]
                  egress:
                    - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: srv}}}]
                      ports: [{port: http}]
                """;
        NetworkPolicies policies = new NetworkPolicies(new ManifestParser().parse(yaml).manifests().stream().map(Manifest::body).toList());
        Pod server = new Pod("s", "srv", Map.of("app", "server"), List.of("3100/TCP", "9095/TCP"), Map.of("http", "3100/TCP"));
        Pod shipper = new Pod("p", "logs", Map.of("app", "shipper"), List.of(), Map.of());
        assertTrue(policies.allows(shipper, server, "3100/TCP"), "the port named http, from a namespace labelled privileged");
        assertFalse(policies.allows(shipper, server, "9095/TCP"), "another port of the server");
        assertFalse(policies.ingressAllows(new Pod("x", "apps", Map.of("app", "shipper"), List.of()), server, "3100/TCP"),
                "a namespace without the label");
        // from a range too: the named port is the server's own
        NetworkPolicies fromRange = new NetworkPolicies(new ManifestParser().parse(yaml.replace(
                "[{namespaceSelector: {matchLabels: {pod-security.kubernetes.io/enforce: privileged}}}]",
                "[{ipBlock: {cidr: 10.0.0.0/19}}]")).manifests().stream().map(Manifest::body).toList());
        assertTrue(fromRange.ingressAllowsRange("10.0.0.0/19", server, "3100/TCP"));
        assertFalse(fromRange.ingressAllowsRange("10.0.0.0/19", server, "9095/TCP"));
    }
}
