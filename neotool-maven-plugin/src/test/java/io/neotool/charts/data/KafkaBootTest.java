package io.neotool.charts.data;

import static io.neotool.charts.testtools.Manifests.container;
import static io.neotool.charts.testtools.Manifests.literalEnv;
import static io.neotool.charts.testtools.ProductNamespaces.KAFKA;
import static io.neotool.charts.testtools.YamlTree.list;
import static io.neotool.charts.testtools.YamlTree.map;
import static io.neotool.charts.testtools.YamlTree.maps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.InputException;
import io.neotool.charts.TestPaths;
import io.neotool.charts.data.RealKafka.Node;
import io.neotool.charts.security.Rendered;
import io.neotool.charts.testtools.Manifests;
import io.neotool.charts.testtools.YamlTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rendered Kafka StatefulSets booted for real by Kafka's own code (see {@link RealKafka}): the image's
 * {@code KafkaDockerWrapper} writes each pod's server.properties from its env and formats its log dir with the
 * rendered CLUSTER_ID, then the brokers form the KRaft quorum on loopback. The one change to the rendered env is
 * the pod's own network and filesystem: each node binds its own loopback address (where the rendered listeners
 * bind every interface) and its volumes are directories of its own.
 */
class KafkaBootTest {
    static Manifests dev;
    static Manifests prod;

    @BeforeAll
    static void render() {
        dev = Rendered.platform().devManifests();
        prod = Rendered.platform().prodManifests();
    }

    @Test
    void theProdQuorumBootsFromTheRenderedEnvAndKeepsAcceptingWritesWithOneNodeDown() throws Exception {
        Map<String, Object> sts = prod.one("StatefulSet", KAFKA, "kafka");
        try (RealKafka kafka = new RealKafka()) {
            List<Node> nodes = kafka.pods(sts, prod);
            assertTrue(nodes.size() >= 3, "prod runs a quorum that outlives a node: " + nodes.size() + " nodes");
            setUpInParallel(kafka, nodes);
            for (Node node : nodes) {
                assertTheWrapperWroteAKraftNode(node, nodes.size(), sts);
            }

            RealKafka.assumeLoopbackAddresses(nodes.size());
            List<Process> brokers = new ArrayList<>();
            for (Node node : nodes) {
                brokers.add(kafka.start(node));
            }
            String first = bootstrap(nodes.get(0));
            String last = bootstrap(nodes.get(nodes.size() - 1));
            String up = kafka.client("await," + first + "," + nodes.size(), "create," + first + ",orders",
                    "produce," + first + ",orders,placed", "consume," + last + ",orders,1");
            assertTrue(up.contains("await: " + nodes.size() + " brokers"), up);
            assertTrue(up.contains("create: replicas=3 isr=3 min.insync.replicas=2 (STATIC_BROKER_CONFIG)"),
                    "replication factor 3 and min ISR 2 are the rendered broker defaults: " + up);
            assertTrue(up.contains("partitions=" + TestPaths.loadSpec().environments().get("prod").kafka().partitions()),
                    "a topic created on first use gets the spec's partitions: " + up);
            assertTrue(up.contains("produce: offset 0"), up);
            assertTrue(up.contains("consume: placed"), "produced through the first node, consumed through the last: " + up);

            RealKafka.stop(brokers.get(1));
            String degraded = kafka.client("await," + first + "," + (nodes.size() - 1), "describe," + last + ",orders",
                    "produce," + last + ",orders,paid", "consume," + first + ",orders,2");
            assertTrue(degraded.contains("describe: replicas=3 isr=2 min.insync.replicas=2"), degraded);
            assertTrue(degraded.contains("produce: offset 1"), "acks=all with 2 in-sync replicas of 3: " + degraded);
            assertTrue(degraded.contains("consume: placed|paid"), degraded);
        }
    }

    /**
     * Dev's single node; its setup runs twice, as in a restarted pod: the image's launch script accepts the second
     * run's "already formatted", and the log dir keeps its cluster id.
     */
    @Test
    void theDevNodeBootsFromTheRenderedEnvAndServesProduceAndConsume() throws Exception {
        Map<String, Object> sts = dev.one("StatefulSet", KAFKA, "kafka");
        try (RealKafka kafka = new RealKafka()) {
            List<Node> nodes = kafka.pods(sts, dev);
            assertEquals(1, nodes.size());
            Node node = nodes.get(0);
            kafka.setup(node);
            String restarted = kafka.setup(node);
            assertTrue(restarted.toLowerCase(java.util.Locale.ROOT).contains("already formatted"), restarted);
            assertTheWrapperWroteAKraftNode(node, 1, sts);
            kafka.start(node);
            String b = bootstrap(node);
            String out = kafka.client("await," + b + ",1", "create," + b + ",events", "produce," + b + ",events,hello",
                    "consume," + b + ",events,1");
            assertTrue(out.contains("create: replicas=1 isr=1 min.insync.replicas=1 (STATIC_BROKER_CONFIG) partitions="
                    + TestPaths.loadSpec().base().kafka().partitions()), out);
            assertTrue(out.contains("consume: hello"), out);
            assertEverythingIsLoggedToStdoutAlone(node);
            runTheSmokeTest(kafka, node);
        }
    }

    /**
     * kafka.config's broker properties reach server.properties through the image's own wrapper, a name with '_' and
     * '-' read back as written, and Kafka's storage tool, which loads the whole KafkaConfig, formats the node with
     * them. Every property the chart sets (each KAFKA_* variable it renders, read back by the wrapper's rules, and
     * those the pod's start exports) is refused in kafka.config, naming the key, as are names the wrapper would not
     * carry to server.properties (a second "KAFKA_" in the variable, which it removes too, as shown; the scripts'
     * own variables).
     */
    @Test
    void brokerPropertiesOfTheSpecReachServerPropertiesAndTheChartsOwnAreRefused() throws Exception {
        Map<String, String> config = Map.of("log.retention.hours", "72", "log.retention.bytes", "5368709120",
                "neotool.test_name-x", "kept");
        Manifests configured;
        Path values = Files.createTempFile("kafka-config", ".yaml");
        try {
            // strings, as the values schema wants them (--set-string at install)
            Files.writeString(values, YamlTree.dump(Map.of("kafka", Map.of("config", config))));
            configured = new Manifests(Rendered.platform().render(List.of(values.toString()), Map.of()));
        } finally {
            Files.delete(values);
        }
        Map<String, Object> sts = configured.one("StatefulSet", KAFKA, "kafka");
        try (RealKafka kafka = new RealKafka()) {
            Node node = kafka.pods(sts, configured).get(0);
            // what the chart refuses (below): a second "KAFKA_" in a variable's name, which the wrapper removes too
            node.env().put("KAFKA_KAFKA_METRICS_POLLING_INTERVAL_SECS", "20");
            kafka.setup(node);
            Properties props = RealKafka.serverProperties(node);
            config.forEach((property, value) -> assertEquals(value, props.getProperty(property), property + ": " + props));
            assertEquals("20", props.getProperty("metrics.polling.interval.secs"), props.toString());
            assertNull(props.getProperty("kafka.metrics.polling.interval.secs"), props.toString());
            assertTheWrapperWroteAKraftNode(node, (Integer) map(sts, "spec").get("replicas"), sts);
        }

        List<String> owned = new ArrayList<>(List.of("node.id", "advertised.listeners"));
        literalEnv(container(dev.one("StatefulSet", KAFKA, "kafka"))).keySet().stream()
                .filter(name -> name.startsWith("KAFKA_") && !List.of("KAFKA_HEAP_OPTS", "KAFKA_JVM_PERFORMANCE_OPTS",
                        "KAFKA_GC_LOG_OPTS").contains(name))
                .map(name -> name.substring("KAFKA_".length()).toLowerCase(java.util.Locale.ROOT)
                        .replace("_", ".").replace("...", "-").replace("..", "_"))
                .forEach(owned::add);
        assertTrue(owned.containsAll(List.of("listeners", "log.dirs", "num.partitions", "min.insync.replicas")), owned.toString());
        for (String property : owned) {
            InputException refused = assertThrows(InputException.class,
                    () -> Rendered.platform().render(List.of(), Map.of("kafka.config." + property.replace(".", "\\."), "x")));
            assertTrue(refused.getMessage().contains("kafka: config." + property + " is set by the chart"), refused.getMessage());
        }
        Map<String, String> unreadable = Map.of("kafka.metrics.polling.interval.secs", "removes every 'KAFKA_'",
                "heap.opts", "read by the Kafka image's scripts", "opts", "read by the Kafka image's scripts");
        unreadable.forEach((property, why) -> {
            InputException refused = assertThrows(InputException.class,
                    () -> Rendered.platform().render(List.of(), Map.of("kafka.config." + property.replace(".", "\\."), "x")));
            assertTrue(refused.getMessage().contains("kafka: config." + property + " cannot reach server.properties")
                    && refused.getMessage().contains(why), refused.getMessage());
        });
    }

    /**
     * The chart's log4j.properties, copied by the wrapper over the image's default, sends every logger to stdout
     * (the container log Promtail reads), the KRaft controller's too, and nothing to files in the app log emptyDir.
     */
    private static void assertEverythingIsLoggedToStdoutAlone(Node node) throws Exception {
        String log4j = Files.readString(node.path(RealKafka.FINAL_CONFIGS).resolve("log4j.properties"));
        assertFalse(log4j.contains("FileAppender"), log4j);
        String stdout = Files.readString(node.path(RealKafka.APP_LOGS).resolve("kafka.out"));
        assertTrue(stdout.contains("(org.apache.kafka.controller."), "the controller's log reaches stdout:\n" + stdout);
        try (var files = Files.list(node.path(RealKafka.APP_LOGS))) {
            List<String> logs = files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".log")).toList();
            assertEquals(List.of(), logs, "log files in the app log emptyDir");
        }
    }

    /**
     * The helm test Pod smoke-kafka's rendered script, with kafka-broker-api-versions.sh run from Kafka's own code
     * and the bootstrap Service mapped to the node: it sees the one broker; told to expect more, it fails; with the
     * broker in the metadata but not answering at its advertised address, it fails naming it.
     */
    private static void runTheSmokeTest(RealKafka kafka, Node node) throws Exception {
        String bootstrap = bootstrap(node);
        Map<String, Object> pod = dev.one("Pod", KAFKA, "smoke-kafka");
        Map<String, Object> c = maps(pod, "spec", "containers").get(0);
        Map<String, String> env = new java.util.HashMap<>(literalEnv(c));
        assertEquals("kafka." + KAFKA + ".svc.cluster.local:9092", env.get("BOOTSTRAP_SERVER"), "the Service the services use");
        env.put("BOOTSTRAP_SERVER", bootstrap);
        env.put("LOG_DIR", Files.createDirectories(kafka.dir.resolve("smoke-logs")).toString());
        String script = String.valueOf(list(c, "args").get(0));
        Map<String, String> tools = Map.of("kafka-broker-api-versions.sh", "kafka.admin.BrokerApiVersionsCommand");
        RealKafka.ProcessRun ok = kafka.runScript(script, tools, env);
        assertEquals(0, ok.exit(), ok.out());
        assertTrue(ok.out().contains("smoke: 1 broker(s) answer at " + bootstrap), ok.out());

        env.put("EXPECTED_BROKERS", "3");
        RealKafka.ProcessRun short3 = kafka.runScript(script, tools, env);
        assertEquals(1, short3.exit(), short3.out());
        assertTrue(short3.out().contains("smoke: 1 broker(s) answered at " + bootstrap + ", expected 3"), short3.out());

        env.put("EXPECTED_BROKERS", "1");
        env.put("BOOTSTRAP_SERVER", node.address() + ":9092");
        kafka.advertiseUnreachable(node);
        RealKafka.ProcessRun unreachable = kafka.runScript(script, tools, env);
        assertEquals(1, unreachable.exit(), unreachable.out());
        assertTrue(unreachable.out().contains("smoke: in the metadata from " + node.address() + ":9092 but not answering:\n"
                + bootstrap + " (id: 0 rack: null) -> ERROR: "), unreachable.out());
    }

    private static void setUpInParallel(RealKafka kafka, List<Node> nodes) {
        nodes.parallelStream().forEach(node -> {
            try {
                kafka.setup(node);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    /** The pod's DNS name and port its clients bootstrap from: its advertised listener. */
    private static String bootstrap(Node node) {
        return node.env().get("KAFKA_ADVERTISED_LISTENERS").replaceFirst("^PLAINTEXT://", "");
    }

    /** What Kafka's own wrapper wrote for a pod: a combined KRaft node of the rendered quorum, formatted. */
    private static void assertTheWrapperWroteAKraftNode(Node node, int replicas, Map<String, Object> sts) throws IOException {
        Map<String, Object> c = container(sts);
        Properties props = RealKafka.serverProperties(node);
        String written = Files.readString(node.serverProperties());
        assertFalse(written.contains(RealKafka.DEFAULT_MARKER), "the env's properties, not the image's defaults: " + written);
        int n = node.ordinal();
        String pod = map(sts, "metadata").get("name") + "-";
        String domain = "." + map(sts, "spec").get("serviceName") + "." + map(sts, "metadata").get("namespace") + ".svc.cluster.local";
        String voters = java.util.stream.IntStream.range(0, replicas)
                .mapToObj(i -> i + "@" + pod + i + domain + ":9093").collect(Collectors.joining(","));
        assertEquals("broker,controller", props.getProperty("process.roles"));
        assertEquals(String.valueOf(n), props.getProperty("node.id"));
        assertEquals(voters, props.getProperty("controller.quorum.voters"));
        assertEquals("PLAINTEXT://" + node.address() + ":9092,CONTROLLER://" + node.address() + ":9093",
                props.getProperty("listeners"), "the rendered ports on the node's own address");
        assertEquals("PLAINTEXT://" + pod + n + domain + ":9092",
                props.getProperty("advertised.listeners"), "CONTROLLER is never advertised");
        assertEquals("CONTROLLER", props.getProperty("controller.listener.names"));
        assertEquals("PLAINTEXT", props.getProperty("inter.broker.listener.name"));
        assertTrue(props.getProperty("listener.security.protocol.map").contains("CONTROLLER:PLAINTEXT"));
        String volume = (String) maps(c, "volumeMounts").stream().filter(m -> m.get("name").equals("kafka-storage"))
                .findFirst().orElseThrow().get("mountPath");
        String logDirs = props.getProperty("log.dirs");
        assertTrue(logDirs.startsWith(node.path(volume) + "/") && logDirs.length() > node.path(volume).toString().length() + 1,
                "log dirs in a subdirectory of the volume: " + logDirs);
        String rf = String.valueOf(Math.min(3, replicas));
        assertEquals(rf, props.getProperty("offsets.topic.replication.factor"));
        assertEquals(rf, props.getProperty("default.replication.factor"));
        assertEquals(String.valueOf(Math.min(2, replicas)), props.getProperty("transaction.state.log.min.isr"));
        assertEquals(String.valueOf(Math.min(2, replicas)), props.getProperty("min.insync.replicas"));
        assertEquals(literalEnv(c).get("KAFKA_HEAP_OPTS"), props.getProperty("heap.opts"),
                "the image's known quirk: its wrapper excludes KAFKA_HEAP_OPT, not KAFKA_HEAP_OPTS");
        assertTrue(literalEnv(c).get("KAFKA_JVM_PERFORMANCE_OPTS").contains("-XX:+UseG1GC"), literalEnv(c).toString());
        assertNull(props.getProperty("jvm.performance.opts"), "the wrapper leaves the JVM's options to the start script");
        // GC pauses on stdout: set, the variable keeps kafka-run-class.sh's -loggc from writing files to its log dir
        assertEquals("-Xlog:gc:stdout:time,level,tags", literalEnv(c).get("KAFKA_GC_LOG_OPTS"));
        assertNull(props.getProperty("gc.log.opts"), "the wrapper leaves the GC log options to the start script");
        Map<String, Object> logs = maps(map(sts, "spec", "template", "spec"), "volumes").stream()
                .filter(v -> "app-logs".equals(v.get("name"))).findFirst().orElseThrow();
        assertEquals("64Mi", map(logs, "emptyDir").get("sizeLimit"), "nothing but the start script's own files there");
        assertFalse(props.containsKey("port") || props.containsKey("service.host"), "no service links: " + props);
        assertEquals(formattedClusterId(sts), metaProperties(node).getProperty("cluster.id"),
                "the log dir is formatted with Some(<clusterId>), as every image is given it");
        assertEquals(String.valueOf(n), metaProperties(node).getProperty("node.id"));
    }

    /**
     * The cluster id on the volumes, the same for every image: {@code Some(<kafka.clusterId>)}. Kafka 3.7.0's wrapper
     * wraps the rendered CLUSTER_ID in Scala's Some(...) itself (fixed in 3.7.1), so the chart gives it the bare id
     * and later images the wrapped one, which their format step checks against a formatted volume first (and writes
     * as it is on a new one). This test boots 3.7.0's code; later images are the render's check below.
     */
    private static String formattedClusterId(Map<String, Object> sts) {
        return "Some(" + TestPaths.loadSpec().base().kafka().clusterId() + ")";
    }

    /** An image past 3.7.0 is given the id the volumes hold, Some(<clusterId>): its format step refuses any other. */
    @Test
    void anImagePast370IsGivenTheIdTheVolumesHold() {
        String id = TestPaths.loadSpec().base().kafka().clusterId();
        for (String tag : List.of("3.7.1", "3.9.0", "4.0.0", "3.7.10")) {
            Manifests newer = new Manifests(Rendered.platform().render(List.of(), Map.of("kafka.image.tag", tag)));
            assertEquals("Some(" + id + ")", literalEnv(container(newer.one("StatefulSet", KAFKA, "kafka"))).get("CLUSTER_ID"), tag);
        }
        // a 3.7.0 build under another tag wraps it itself too; volumes formatted with the bare id are named as they are
        Manifests candidate = new Manifests(Rendered.platform().render(List.of(), Map.of("kafka.image.tag", "3.7.0-rc2")));
        assertEquals(id, literalEnv(container(candidate.one("StatefulSet", KAFKA, "kafka"))).get("CLUSTER_ID"));
        Manifests bare = new Manifests(Rendered.platform().render(List.of(), Map.of("kafka.image.tag", "3.9.0",
                "kafka.volumeClusterId", id)));
        assertEquals(id, literalEnv(container(bare.one("StatefulSet", KAFKA, "kafka"))).get("CLUSTER_ID"));
        String own = TestPaths.loadSpec().base().kafka().image().tag();
        assertEquals(own.equals("3.7.0") ? id : "Some(" + id + ")", literalEnv(container(dev.one("StatefulSet", KAFKA, "kafka")))
                .get("CLUSTER_ID"), "3.7.0 wraps it itself");
    }

    private static Properties metaProperties(Node node) throws IOException {
        Properties meta = new Properties();
        String logDir = RealKafka.serverProperties(node).getProperty("log.dirs").split(",")[0];
        try (var in = Files.newBufferedReader(Path.of(logDir, "meta.properties"))) {
            meta.load(in);
        }
        return meta;
    }
}
