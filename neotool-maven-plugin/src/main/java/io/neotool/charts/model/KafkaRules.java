package io.neotool.charts.model;

/** Kafka's rules: a node count that keeps a controller quorum through a loss. */
final class KafkaRules {
    private KafkaRules() {}

    static void check(SpecCheck c) {
        KafkaSpec kafka = c.spec.kafka();
        if (!kafka.enabled()) {
            return;
        }
        if (kafka.replicas() % 2 == 0) {
            c.add("kafka.replicas", "an even number of Kafka nodes (" + kafka.replicas() + ") cannot keep a controller "
                    + "majority through the loss of half of them; use an odd number (1, 3 or 5)");
        } else if (kafka.replicas() > 1 && kafka.maxUnavailable() > (kafka.replicas() - 1) / 2) {
            c.add("kafka.maxUnavailable", "with " + kafka.replicas() + " nodes at most " + (kafka.replicas() - 1) / 2
                    + " may be down at once, or the controller quorum is lost");
        }
    }
}
