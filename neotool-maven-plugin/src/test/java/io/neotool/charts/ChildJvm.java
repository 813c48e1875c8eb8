package io.neotool.charts;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A JVM started from this test JVM's class path running {@code main} of a test class, to be killed with
 * SIGKILL at a chosen point of its output: after the {@code n}-th line matching a predicate. Its home,
 * temp and Helm/Docker config directories are all under {@code root}, so whatever it leaves is there.
 */
public final class ChildJvm {
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final BufferedReader out;

    private ChildJvm(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts {@code main} with {@code args}; {@code stdin} (may be null) is written to it and closed. */
    public static ChildJvm start(Class<?> main, Path root, String stdin, String... args) throws IOException {
        Path home = Files.createDirectories(root.resolve("home"));
        Path tmp = Files.createDirectories(root.resolve("tmp"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Duser.home=" + home, "-Djava.io.tmpdir=" + tmp,
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("HELM_CONFIG_HOME", root.resolve("helm-config").toString());
        env.put("HELM_CACHE_HOME", root.resolve("helm-cache").toString());
        env.put("HELM_DATA_HOME", root.resolve("helm-data").toString());
        env.put("DOCKER_CONFIG", root.resolve("docker-config").toString());
        env.put("TMPDIR", tmp.toString());
        Process process = builder.start();
        if (stdin != null) {
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        return new ChildJvm(process);
    }

    /**
     * Reads output until the {@code n}-th line matching {@code point}, then kills the JVM with SIGKILL.
     * Returns false when the child ended before that line (it ran to its end).
     */
    public boolean killAfter(Predicate<String> point, int n) throws IOException, InterruptedException {
        int seen = 0;
        String line;
        while ((line = out.readLine()) != null) {
            lines.add(line);
            if (point.test(line) && ++seen == n) {
                process.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
                process.waitFor(30, TimeUnit.SECONDS);
                return true;
            }
        }
        process.waitFor(60, TimeUnit.SECONDS);
        return false;
    }

    /** Waits for the end; returns the exit code. */
    public int waitFor() throws IOException, InterruptedException {
        String line;
        while ((line = out.readLine()) != null) {
            lines.add(line);
        }
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("child JVM did not end: " + output());
        }
        return process.exitValue();
    }

    /** Everything it printed so far. */
    public String output() {
        return String.join("\n", lines);
    }
}
