package io.neotool.charts.data;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kafka's own clients, run by {@link RealKafka} in a child JVM that resolves the pods' DNS names through the test's
 * hosts file. Each argument is a step, {@code verb,bootstrap,args...}; each step prints one line
 * {@code verb: result} and any failure ends the JVM with a non-zero status.
 */
public final class KafkaClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private KafkaClient() {}

    public static void main(String[] args) throws Exception {
        for (String step : args) {
            String[] a = step.split(",");
            String result = switch (a[0]) {
                case "await" -> await(a[1], Integer.parseInt(a[2]));
                case "create" -> create(a[1], a[2]);
                case "describe" -> describe(a[1], a[2]);
                case "produce" -> produce(a[1], a[2], a[3]);
                case "consume" -> consume(a[1], a[2], Integer.parseInt(a[3]));
                default -> throw new IllegalArgumentException("unknown step " + step);
            };
            System.out.println(a[0] + ": " + result);
        }
    }

    /** Waits until the cluster reached through {@code bootstrap} has {@code count} registered brokers. */
    static String await(String bootstrap, int count) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try (Admin admin = admin(bootstrap)) {
            while (true) {
                try {
                    int brokers = admin.describeCluster().nodes().get().size();
                    if (brokers == count) {
                        return brokers + " brokers";
                    }
                } catch (java.util.concurrent.ExecutionException notYet) {
                    // the quorum is still electing its leader
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("fewer than " + count + " brokers after " + TIMEOUT);
                }
                Thread.sleep(200);
            }
        }
    }

    /** Creates a topic with the brokers' defaults (partitions, replication factor) and describes it. */
    static String create(String bootstrap, String topic) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty()))).all().get();
        }
        return describe(bootstrap, topic);
    }

    /** {@code replicas=N isr=N min.insync.replicas=V (SOURCE)} of the topic's first partition, and its partitions. */
    static String describe(String bootstrap, String topic) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            TopicDescription description = null;
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (description == null) {
                try {
                    description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(100); // the new topic has not reached this broker's metadata yet
                }
            }
            var partition = description.partitions().get(0);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            ConfigEntry minIsr = config.get("min.insync.replicas");
            return "replicas=" + partition.replicas().size() + " isr=" + partition.isr().size()
                    + " min.insync.replicas=" + minIsr.value() + " (" + minIsr.source() + ") partitions="
                    + description.partitions().size();
        }
    }

    /** Produces one record to the topic's first partition with acks=all and returns its offset. */
    static String produce(String bootstrap, String topic, String value) throws Exception {
        Properties props = common(bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "45000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            RecordMetadata sent = producer.send(new ProducerRecord<>(topic, 0, null, value)).get();
            return "offset " + sent.offset();
        }
    }

    /** Reads the first {@code count} records of the topic's first partition; their values, joined by {@code |}. */
    static String consume(String bootstrap, String topic, int count) throws Exception {
        Properties props = common(bootstrap);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(Set.of(partition));
            consumer.seekToBeginning(Set.of(partition));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (values.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
        }
        if (values.size() < count) {
            throw new IllegalStateException("read " + values + ", expected " + count + " records");
        }
        return values.stream().collect(Collectors.joining("|"));
    }

    private static Admin admin(String bootstrap) {
        Properties props = common(bootstrap);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        return Admin.create(props);
    }

    private static Properties common(String bootstrap) {
        Properties props = new Properties();
        props.putAll(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, AdminClientConfig.CLIENT_ID_CONFIG, "neotool-test"));
        return props;
    }
}
