package io.neotool.charts.data;

import static io.neotool.charts.testtools.Manifests.container;
import static io.neotool.charts.testtools.Manifests.literalEnv;
import static io.neotool.charts.testtools.YamlTree.map;
import static io.neotool.charts.testtools.YamlTree.maps;
import static io.neotool.charts.testtools.YamlTree.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.neotool.charts.testtools.ExternalTools;
import io.neotool.charts.testtools.Manifests;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The rendered Kafka StatefulSet run by Kafka's own code (org.apache.kafka:kafka_2.13, the release the
 * apache/kafka image ships), each pod as child JVMs on this machine, as the image's {@code launch} script runs it:
 * {@code kafka.docker.KafkaDockerWrapper setup} turns the pod's env into {@code server.properties} and formats the
 * log dirs with {@code CLUSTER_ID}, then {@code kafka.Kafka} starts on that file.
 *
 * <p>A pod's environment is computed as the cluster makes it: the container's literal env, {@code POD_NAME=kafka-N}
 * (its downward API entry),
 * and what the chart's own shell wrapper exports (run for real under /bin/sh). A pod's filesystem is a directory
 * per node holding the image's layout (the wrapper's default configs in /etc/kafka/docker, the empty
 * /mnt/shared/config, the /opt/kafka/config emptyDir, the volumes at their mount paths, a ConfigMap volume holding
 * its rendered ConfigMap's files);
 * env values naming a mount path point there. A pod has a network of its own: node N binds 127.0.0.(N+1) where
 * the rendered listeners bind every interface, with the rendered ports, and the rendered pod DNS names resolve
 * to those addresses through a hosts file given to the brokers' and the clients' JVMs only
 * ({@code -Djdk.net.hosts.file}).
 *
 * <p>Every process is killed by {@link #close()}, and by a shutdown hook if the test JVM ends first.
 */
final class RealKafka implements AutoCloseable {
    /** The image's launcher script: where setup reads defaults and mounted files and writes the final ones. */
    static final String DEFAULT_CONFIGS = "/etc/kafka/docker";
    static final String MOUNTED_CONFIGS = "/mnt/shared/config";
    static final String FINAL_CONFIGS = "/opt/kafka/config";
    /** The image's app log directory (kafka-run-class.sh's LOG_DIR), an emptyDir in the chart. */
    static final String APP_LOGS = "/opt/kafka/logs";
    /** Small heaps for the test's JVMs instead of the rendered KAFKA_HEAP_OPTS (sized for a cluster node). */
    static final List<String> BROKER_JVM = List.of("-Xms128m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    static final List<String> TOOL_JVM = List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    /** A marker in the default server.properties: the wrapper copies it only when the env yields no property. */
    static final String DEFAULT_MARKER = "# the image's default server.properties";

    final Path dir;
    final Path hostsFile;
    private final List<Node> nodes = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private final Thread hook = new Thread(this::stopAll, "stop-test-kafka");

    /** One pod: its ordinal, root directory, environment and loopback address. */
    record Node(int ordinal, Path root, Map<String, String> env, String address) {
        Path path(String podPath) {
            return root.resolve(podPath.substring(1));
        }

        Path serverProperties() {
            return path(FINAL_CONFIGS).resolve("server.properties");
        }

        Path log() {
            return path(APP_LOGS).resolve("server.log");
        }
    }

    RealKafka() throws IOException {
        dir = Files.createTempDirectory("neotool-kafka-");
        hostsFile = dir.resolve("hosts");
        Runtime.getRuntime().addShutdownHook(hook);
        ExternalTools.ranAgainst("Kafka", org.apache.kafka.common.utils.AppInfoParser.getVersion()
                + " (org.apache.kafka:kafka_2.13, the image's release)");
    }

    /**
     * The pods of the rendered StatefulSet with their environments and filesystems, and a hosts file mapping each
     * pod's DNS name (the host of its advertised listener) to its loopback address.
     */
    List<Node> pods(Map<String, Object> statefulSet, Manifests rendered) throws Exception {
        Map<String, Object> c = container(statefulSet);
        List<String> command = strings(c, "command");
        int replicas = (Integer) map(statefulSet, "spec").get("replicas");
        String name = (String) map(statefulSet, "metadata").get("name");
        List<String> mounts = maps(c, "volumeMounts").stream().map(m -> (String) m.get("mountPath")).toList();
        StringBuilder hosts = new StringBuilder("127.0.0.1 localhost\n");
        for (int ordinal = 0; ordinal < replicas; ordinal++) {
            Path root = Files.createDirectories(dir.resolve(name + "-" + ordinal));
            String address = "127.0.0." + (ordinal + 1);
            Map<String, String> env = new LinkedHashMap<>();
            podEnv(command, literalEnv(c), name + "-" + ordinal).forEach((key, value) ->
                    env.put(key, onThisMachine(key, value, root, mounts, address)));
            Node node = new Node(ordinal, root, env, address);
            for (String path : List.of(DEFAULT_CONFIGS, MOUNTED_CONFIGS, FINAL_CONFIGS, APP_LOGS)) {
                Files.createDirectories(node.path(path));
            }
            for (String mount : mounts) {
                Files.createDirectories(node.path(mount));
            }
            writeConfigMapVolumes(statefulSet, c, rendered, node);
            writeDefaultConfigs(node.path(DEFAULT_CONFIGS));
            hosts.append(address).append(' ').append(advertisedHost(node)).append('\n');
            nodes.add(node);
        }
        Files.writeString(hostsFile, hosts);
        return List.copyOf(nodes);
    }

    /** The host of a node's advertised listener: its pod's DNS name. */
    private static String advertisedHost(Node node) {
        return node.env().get("KAFKA_ADVERTISED_LISTENERS").replaceAll("^[A-Z_]+://([^:]+):\\d+$", "$1");
    }

    /**
     * Maps a node's DNS name to a loopback address nothing listens on, for the processes started after: the node
     * stays in the cluster's metadata but does not answer at its advertised address (as behind a wrong DNS record or
     * a NetworkPolicy), while its own address still does.
     */
    void advertiseUnreachable(Node node) throws IOException {
        String mapped = node.address() + " " + advertisedHost(node) + "\n";
        String hosts = Files.readString(hostsFile);
        if (!hosts.contains(mapped)) {
            throw new IllegalStateException("no line '" + mapped.strip() + "' in " + hostsFile + ":\n" + hosts);
        }
        Files.writeString(hostsFile, hosts.replace(mapped, "127.0.0.254 " + advertisedHost(node) + "\n"));
    }

    /**
     * A rendered env value as it must be on this machine, where the pods share one network and one filesystem:
     * listeners binding every interface bind the node's loopback address instead, and paths under the pod's
     * mounts are under the node's directory. Nothing else changes.
     */
    static String onThisMachine(String key, String value, Path root, List<String> mounts, String address) {
        if (key.equals("KAFKA_LISTENERS")) {
            assertTrue(value.matches("([A-Z_]+://(0\\.0\\.0\\.0)?:\\d+,?)+"), "listeners bind every interface in a pod: " + value);
            return value.replaceAll("://(0\\.0\\.0\\.0)?:", "://" + address + ":");
        }
        List<String> local = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            boolean inMount = mounts.stream().anyMatch(m -> part.equals(m) || part.startsWith(m + "/"));
            local.add(inMount ? root + part : part);
        }
        return String.join(",", local);
    }

    /** Each ConfigMap volume of the container: the rendered ConfigMap's files at the volume's mount path. */
    private static void writeConfigMapVolumes(Map<String, Object> statefulSet, Map<String, Object> container,
            Manifests rendered, Node node) throws IOException {
        String namespace = (String) map(statefulSet, "metadata").get("namespace");
        for (Map<String, Object> volume : maps(Manifests.podSpec(statefulSet), "volumes")) {
            if (!volume.containsKey("configMap")) {
                continue;
            }
            Map<String, Object> data = map(rendered.one("ConfigMap", namespace, (String) map(volume, "configMap").get("name")), "data");
            for (Map<String, Object> mount : maps(container, "volumeMounts")) {
                if (mount.get("name").equals(volume.get("name"))) {
                    for (Map.Entry<String, Object> file : data.entrySet()) {
                        Files.writeString(node.path((String) mount.get("mountPath")).resolve(file.getKey()), (String) file.getValue());
                    }
                }
            }
        }
    }

    /**
     * The defaults the image copies to /etc/kafka/docker from the distribution's config/: log4j and tools log4j
     * (here: to the node's app log directory), and a server.properties the wrapper uses only without env.
     */
    private static void writeDefaultConfigs(Path defaults) throws IOException {
        Files.writeString(defaults.resolve("server.properties"), DEFAULT_MARKER
                + ", used only when no KAFKA_* env is set\nprocess.roles=broker,controller\n");
        Files.writeString(defaults.resolve("log4j.properties"), String.join("\n",
                "log4j.rootLogger=INFO, file",
                "log4j.appender.file=org.apache.log4j.FileAppender",
                "log4j.appender.file.File=${kafka.logs.dir}/server.log",
                "log4j.appender.file.layout=org.apache.log4j.PatternLayout",
                "log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n",
                "log4j.logger.kafka.request.logger=WARN",
                "log4j.logger.org.apache.kafka.clients=WARN", ""));
        Files.writeString(defaults.resolve("tools-log4j.properties"), String.join("\n",
                "log4j.rootLogger=WARN, stderr",
                "log4j.appender.stderr=org.apache.log4j.ConsoleAppender",
                "log4j.appender.stderr.layout=org.apache.log4j.PatternLayout",
                "log4j.appender.stderr.layout.ConversionPattern=[%d] %p %m (%c)%n",
                "log4j.appender.stderr.Target=System.err", ""));
    }

    /**
     * The image's {@code launch}: {@code KafkaDockerWrapper setup} with the pod's env, which writes
     * /opt/kafka/config/server.properties and formats the log dirs. As in the image, a log dir formatted before
     * (a restarted pod) is accepted. Returns the wrapper's output.
     */
    String setup(Node node) throws IOException, InterruptedException {
        List<String> command = java(TOOL_JVM, "-Dlog4j.configuration=file:" + node.path(DEFAULT_CONFIGS).resolve("tools-log4j.properties"),
                "kafka.docker.KafkaDockerWrapper", "setup",
                "--default-configs-dir", node.path(DEFAULT_CONFIGS).toString(),
                "--mounted-configs-dir", node.path(MOUNTED_CONFIGS).toString(),
                "--final-configs-dir", node.path(FINAL_CONFIGS).toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(node.env());
        Process process = track(builder.start());
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("KafkaDockerWrapper setup timed out for " + node.root());
        }
        assertTrue(process.exitValue() == 0 || out.toLowerCase(java.util.Locale.ROOT).contains("already formatted"),
                "KafkaDockerWrapper setup failed for kafka-" + node.ordinal() + " (exit " + process.exitValue() + "):\n" + out);
        return out;
    }

    /** The server.properties Kafka's wrapper wrote for a node. */
    static Properties serverProperties(Node node) throws IOException {
        Properties props = new Properties();
        props.load(new StringReader(Files.readString(node.serverProperties())));
        return props;
    }

    /**
     * Starts {@code kafka.Kafka} on the node's server.properties, as kafka-server-start.sh does (log4j from the
     * final config directory, kafka.logs.dir the app log directory), with the pod's env and a small heap.
     */
    Process start(Node node) throws IOException {
        for (String listener : serverProperties(node).getProperty("listeners").split(",")) {
            int port = Integer.parseInt(listener.substring(listener.lastIndexOf(':') + 1));
            assertFree(node.address(), port);
        }
        List<String> command = java(BROKER_JVM,
                "-Dlog4j.configuration=file:" + node.path(FINAL_CONFIGS).resolve("log4j.properties"),
                "-Dkafka.logs.dir=" + node.path(APP_LOGS), "kafka.Kafka", node.serverProperties().toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(node.path(APP_LOGS).resolve("kafka.out").toFile());
        builder.environment().clear();
        builder.environment().putAll(node.env());
        return track(builder.start());
    }

    /** Remembers a started process so that {@link #close()} and the shutdown hook stop it. */
    private Process track(Process process) {
        synchronized (processes) {
            processes.add(process);
        }
        return process;
    }

    /** Stops a node as Kubernetes stops a pod (SIGTERM: Kafka's controlled shutdown), waiting for its exit. */
    static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Runs {@link KafkaClient} in a child JVM that resolves the pods' names through the hosts file. */
    String client(String... steps) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("-Dlog4j.configuration=file:"
                + nodes.get(0).path(DEFAULT_CONFIGS).resolve("tools-log4j.properties"), KafkaClient.class.getName()));
        args.addAll(List.of(steps));
        List<String> command = java(TOOL_JVM, args.toArray(String[]::new));
        Process process = track(new ProcessBuilder(command).redirectErrorStream(true).start());
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("Kafka client " + List.of(steps) + " failed (exit " + process.exitValue() + "):\n" + out
                    + "\n" + logs());
        }
        return out;
    }

    /**
     * Runs a rendered script that calls the image's {@code /opt/kafka/bin/<tool>.sh}: each such tool is a shim here
     * that starts the tool's class from Kafka's own jars (what the image's script runs) in a child JVM that resolves
     * the pods' names. Returns the exit code and the output.
     */
    ProcessRun runScript(String script, Map<String, String> tools, Map<String, String> env) throws IOException, InterruptedException {
        Path bin = Files.createDirectories(dir.resolve("opt-kafka-bin"));
        for (Map.Entry<String, String> tool : tools.entrySet()) {
            List<String> command = java(TOOL_JVM, "-Dlog4j.configuration=file:"
                    + nodes.get(0).path(DEFAULT_CONFIGS).resolve("tools-log4j.properties"), tool.getValue());
            StringBuilder shim = new StringBuilder("#!/bin/sh\nexec");
            for (String part : command) {
                shim.append(" '").append(part.replace("'", "'\\''")).append('\'');
            }
            Path file = bin.resolve(tool.getKey());
            Files.writeString(file, shim.append(" \"$@\"\n").toString());
            file.toFile().setExecutable(true);
        }
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", script.replace("/opt/kafka/bin/", bin + "/"))
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = track(builder.start());
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        return new ProcessRun(process.exitValue(), out);
    }

    /** A finished process: its exit code and output. */
    record ProcessRun(int exit, String out) {}

    /** The tail of every node's server log, for failure messages. */
    String logs() {
        StringBuilder all = new StringBuilder();
        for (Node node : nodes) {
            for (Path log : List.of(node.path(APP_LOGS).resolve("kafka.out"), node.log())) {
                try {
                    List<String> lines = Files.readAllLines(log);
                    all.append("---- kafka-").append(node.ordinal()).append(' ').append(log.getFileName()).append('\n')
                            .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()))).append('\n');
                } catch (IOException e) {
                    all.append("---- kafka-").append(node.ordinal()).append(": no ").append(log.getFileName()).append('\n');
                }
            }
        }
        return all.toString();
    }

    /** A child JVM on this JVM's classpath (Kafka's jars are test dependencies), with the pods' hosts file. */
    private List<String> java(List<String> jvm, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvm);
        command.add("-Djdk.net.hosts.file=" + hostsFile);
        command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * Skips the calling test, with the reason, when this machine's JDK cannot bind the extra loopback addresses
     * the nodes need (Linux routes all of 127.0.0.0/8 to lo; other systems may not).
     */
    static void assumeLoopbackAddresses(int count) {
        for (int i = 1; i <= count; i++) {
            String address = "127.0.0." + i;
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
            } catch (IOException e) {
                assumeTrue(false, "this JDK cannot bind " + address + " (" + e.getMessage() + "): each Kafka node needs "
                        + "its own loopback address, skipped");
            }
        }
    }

    private static void assertFree(String address, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
        } catch (IOException e) {
            throw new AssertionError(address + ":" + port + " is in use (" + e.getMessage() + "): the test's Kafka node "
                    + "binds the rendered port on its own loopback address; stop what listens there", e);
        }
    }

    /**
     * The environment the image's start script sees in pod {@code hostname}: the rendered command's wrapper runs
     * for real under /bin/sh with the rendered env and POD_NAME (the pod's name, from the downward API), and prints
     * its environment instead of starting Kafka.
     */
    static Map<String, String> podEnv(List<String> command, Map<String, String> env, String hostname) throws Exception {
        assertEquals(List.of("/bin/sh", "-c"), command.subList(0, 2));
        assertEquals("/etc/kafka/docker/run", command.get(command.size() - 1), "the wrapper ends by running the image's script");
        List<String> run = new ArrayList<>(command.subList(0, command.size() - 1));
        run.add("env");
        ProcessBuilder builder = new ProcessBuilder(run).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/bin:/bin");
        builder.environment().putAll(env);
        builder.environment().put("POD_NAME", hostname);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), out);
        Map<String, String> result = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                result.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return result;
    }

    /**
     * Kills every process this instance started and waits for them to end: their data is thrown away, and a
     * graceful shutdown of the last nodes of a quorum waits for a controller that is already gone.
     */
    private void stopAll() {
        List<Process> running;
        synchronized (processes) {
            running = new ArrayList<>(processes);
        }
        running.forEach(Process::destroyForcibly);
        for (Process p : running) {
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not remove " + dir + ": " + e.getMessage());
        }
    }
}
