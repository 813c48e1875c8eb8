package io.neotool.charts.model;

/**
 * The cluster an environment runs on, for neotool:lint's capacity report (no template reads it): how many nodes
 * and what each node offers to pods (its allocatable CPU and memory).
 */
public record ClusterSpec(
        @Doc(value = "Number of nodes; with more than one, the report also places every pod with one node lost (N+1).",
                min = 1, max = 10000) int nodes,
        @Doc("What each node offers to pods.") Node node) {
    public static final ClusterSpec DEFAULTS = new ClusterSpec(3, Node.DEFAULTS);

    public record Node(
            @Doc(value = "Allocatable CPU of a node, e.g. 8 or 7500m.", pattern = Quantity.PATTERN, required = true) String cpu,
            @Doc(value = "Allocatable memory of a node, e.g. 32Gi.", pattern = Quantity.PATTERN, required = true) String memory) {
        /** The plan's nodes: 8 CPU / 32 GB. */
        public static final Node DEFAULTS = new Node("8", "32Gi");
    }
}
