package io.neotool.charts.model;

/** Kafka's rules: a node count that keeps a controller quorum through a loss, broker properties by name. */
final class KafkaRules {
    private KafkaRules() {}

    /**
     * A server.properties name the image's env mapping carries both ways: words joined by one '.', '_' or '-' each
     * ('_' and '-' are written as "__" and "___" in the variable's name, so a separator next to another would read
     * back as a different name).
     */
    static final String PROPERTY = "^[a-z0-9]+([._-][a-z0-9]+)*$";

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
        for (String property : kafka.config().keySet()) {
            if (!property.matches(PROPERTY)) {
                c.add("kafka.config." + property, "is not a broker property name: lower case words of letters and digits "
                        + "joined by '.', '_' or '-' (e.g. log.retention.hours), as in server.properties");
            }
        }
    }
}
