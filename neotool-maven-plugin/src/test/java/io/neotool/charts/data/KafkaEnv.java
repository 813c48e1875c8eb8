package io.neotool.charts.data;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The apache/kafka image's env-to-property mapping (facts sheet): every {@code KAFKA_*} variable but the
 * launcher's own becomes a server.properties entry: drop {@code KAFKA_}, lower case, {@code ___} to
 * {@code -}, {@code __} to {@code _}, {@code _} to {@code .}. {@code KAFKA_HEAP_OPTS} is not excluded (a typo
 * in the image) and becomes {@code heap.opts}.
 */
final class KafkaEnv {
    private KafkaEnv() {}

    /** Launcher settings the image's script does not turn into properties. */
    static final Set<String> EXCLUDED = Set.of("KAFKA_VERSION", "KAFKA_OPTS", "KAFKA_LOG4J_OPTS", "KAFKA_JMX_OPTS",
            "KAFKA_JVM_PERFORMANCE_OPTS", "KAFKA_GC_LOG_OPTS", "KAFKA_LOG4J_ROOT_LOGLEVEL", "KAFKA_LOG4J_LOGGERS",
            "KAFKA_TOOLS_LOG4J_LOGLEVEL", "KAFKA_JMX_HOSTNAME", "KAFKA_JMX_PORT");

    static Map<String, String> serverProperties(Map<String, String> env) {
        Map<String, String> props = new TreeMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith("KAFKA_") && !EXCLUDED.contains(name)) {
                String key = name.substring("KAFKA_".length()).toLowerCase(java.util.Locale.ROOT)
                        .replace("___", "\u0000").replace("__", "\u0001").replace("_", ".")
                        .replace("\u0000", "-").replace("\u0001", "_");
                props.put(key, value);
            }
        });
        return props;
    }
}
