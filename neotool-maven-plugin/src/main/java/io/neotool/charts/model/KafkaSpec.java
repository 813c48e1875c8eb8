package io.neotool.charts.model;

import java.util.Map;

/**
 * Apache Kafka in KRaft combined mode (every node is broker and controller): the kafka subchart. The
 * services reach it at kafka.neotool-messaging.svc.cluster.local:9092.
 */
public record KafkaSpec(
        @Doc("Whether to deploy Kafka.") boolean enabled,
        @DeclaredNamespace
        @Doc(value = "Namespace of every resource of the chart.", pattern = Names.DNS_1123_LABEL) String namespace,
        @Doc("Kafka image (apache/kafka, configured by KAFKA_* environment variables).") ContainerImage image,
        @Doc(value = "Kafka nodes, each broker and controller; an odd number so the controller quorum has a majority.",
                min = 1, max = 9) int replicas,
        @Doc(value = "KRaft cluster id (22 characters of base64url); the same on every node and stable for the "
                + "life of the data.", pattern = "^[A-Za-z0-9_-]{22}$", required = true) String clusterId,
        @Doc("The cluster id as the volumes hold it (meta.properties' cluster.id), given to an image past 3.7.0. "
                + "Empty: Some(<clusterId>), which the 3.7.0 image writes (its wrapper's Scala Option) and later images "
                + "must be given to start on its volumes. Set it to the bare clusterId for a cluster first formatted by "
                + "a later image with charts that gave it the bare id.") String volumeClusterId,
        @Doc("Each node's data volume, mounted at /var/lib/kafka/data (logs in its logs/ subdirectory).")
                Persistence persistence,
        @Doc("JVM heap options (KAFKA_HEAP_OPTS).") String heapOpts,
        @Doc("JVM options (KAFKA_JVM_PERFORMANCE_OPTS): Kafka's own defaults of kafka-run-class.sh, G1 with a 20 ms pause "
                + "target. Set, since the image's launch script adds its class-data archive to this variable, and the "
                + "start script then leaves out its defaults: the broker would run on the JVM's choice of collector, "
                + "the serial one under a CPU limit below 2.") String jvmPerformanceOpts,
        @Doc(value = "Partitions of a topic created without a count (num.partitions, KAFKA_NUM_PARTITIONS): the services' "
                + "topics are created on first use, and a consumer group reads a partition with one consumer at a time, "
                + "so this many of a group's pods at most share a topic's work.", min = 1) int partitions,
        @Doc("More broker properties, by their server.properties names (e.g. log.retention.hours: \"72\", "
                + "log.retention.bytes: \"1073741824\", per partition: docs/data.md sizes it against the volume): each becomes a KAFKA_* variable the image writes back into "
                + "server.properties. Those the chart sets itself (listeners, the quorum, node.id, log.dirs, the "
                + "replication factors from replicas, num.partitions from partitions) are refused.") Map<String, String> config,
        @Doc("CPU and memory requests and limits of each node.") ServiceSpec.Resources resources,
        @Doc("Numeric user and groups Kafka runs as (the image's appuser is 1000).")
                ServiceSpec.SecurityContext securityContext,
        @Doc(value = "Nodes that may be down at once during a voluntary disruption (PodDisruptionBudget).", min = 1)
                int maxUnavailable,
        @Doc(value = "Seconds a restarted node stays ready before a rolling update restarts the next one "
                + "(the StatefulSet's minReadySeconds): Kafka is ready when its port opens, before it has caught up on "
                + "the partitions it follows, and a second node stopped meanwhile leaves those with fewer in-sync replicas "
                + "than min.insync.replicas (producers with acks=all are refused until they catch up).", min = 0, max = 3600)
                int minReadySeconds,
        @Doc("The chart's NetworkPolicy: node to node (9092, and the controller quorum on 9093).")
                NetworkPolicySpec.ChartPolicies networkPolicy) {

    public static final KafkaSpec DEFAULTS = new KafkaSpec(
            true,
            Components.KAFKA.namespace(),
            ContainerImage.of("apache/kafka", "3.7.0"),
            1,
            "UB-GLGrvSwmNeV13SwsbaQ",
            "",
            new Persistence("10Gi", ""),
            "-Xms512m -Xmx512m",
            "-server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent "
                    + "-Djava.awt.headless=true",
            3,
            Map.of(),
            new ServiceSpec.Resources(new ServiceSpec.Amounts("250m", "1Gi"), new ServiceSpec.Amounts("1", "2Gi")),
            new ServiceSpec.SecurityContext(1000, 1000, 1000),
            1,
            30,
            NetworkPolicySpec.ChartPolicies.DEFAULTS);
}
