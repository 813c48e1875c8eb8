package io.neotool.charts.model;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Kafka's rules: a node count that keeps a controller quorum through a loss, broker properties by name. */
final class KafkaRules {
    private KafkaRules() {}

    /**
     * A server.properties name the image's env mapping carries both ways: words joined by one '.', '_' or '-' each
     * ('_' and '-' are written as "__" and "___" in the variable's name, so a separator next to another would read
     * back as a different name).
     */
    static final String PROPERTY = "^[a-z0-9]+([._-][a-z0-9]+)*$";

    /**
     * A name whose variable has a second "KAFKA_" in it: the image's wrapper (3.7.0) removes every "KAFKA_" from a
     * variable's name, not the prefix alone, so {@code kafka.metrics.reporters} would read back as
     * {@code metrics.reporters}.
     */
    static final String STRIPPED = "kafka[._-]";

    /**
     * Names whose variable the image's scripts read as JVM or log4j settings (kafka-run-class.sh, and the wrapper's
     * exclusions): the wrapper writes none of them to server.properties, and {@code heap.opts} is the chart's own.
     */
    static final List<String> SCRIPT_VARIABLES = List.of("version", "heap.opt", "heap.opts", "opts", "debug", "log4j.opts",
            "jmx.opts", "jmx.hostname", "jvm.performance.opts", "gc.log.opts", "log4j.root.loglevel", "log4j.loggers",
            "tools.log4j.loglevel");

    /** The image's variable for a broker property, as the chart's {@code kafka.envName} writes it. */
    static String envName(String property) {
        return "KAFKA_" + property.replace("_", "__").replace("-", "___").replace(".", "_").toUpperCase(Locale.ROOT);
    }

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
            } else if (Pattern.compile(STRIPPED).matcher(property).find()) {
                c.add("kafka.config." + property, "cannot reach server.properties: the Kafka image's wrapper removes every "
                        + "'KAFKA_' from the name of its variable (" + envName(property) + "), so it would read back as "
                        + "another property");
            } else if (SCRIPT_VARIABLES.contains(property)) {
                c.add("kafka.config." + property, "cannot reach server.properties: its variable (" + envName(property)
                        + ") is read by the Kafka image's scripts as a JVM or log4j setting, not as a broker property");
            }
        }
    }
}
