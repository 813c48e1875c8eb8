package io.neotool.charts.ship;

import io.neotool.charts.BuildLog;
import io.neotool.charts.helm.HelmClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs package or push in a child JVM (see ChildJvm), printing every log line, debug included, so the
 * test can kill it at any of them. {@code package <charts> <output>} or
 * {@code push <registry> <packages> <user>} with the password on stdin.
 */
public final class ShipChild {
    private ShipChild() {}

    public static void main(String[] args) throws Exception {
        BuildLog log = new BuildLog() {
            @Override
            public void info(String message) {
                System.out.println("INFO " + message);
                System.out.flush();
            }

            @Override
            public void warn(String message) {
                System.out.println("WARN " + message);
                System.out.flush();
            }

            @Override
            public void debug(String message) {
                System.out.println("DEBUG " + message);
                System.out.flush();
            }
        };
        switch (args[0]) {
            case "package" -> new ChartPackager(new HelmClient(), log).packageAll(Path.of(args[1]), Path.of(args[2]), TestCharts.TIMESTAMP);
            case "push" -> {
                char[] password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine().toCharArray();
                new ChartPusher(log).push(new ChartPusher.Request(args[1], Path.of(args[2]), null,
                        ChartPusher.Credentials.of(new RegistryCredentials(args[3], password)), null, false, true,
                        new RetryPolicy(2, Duration.ofMillis(20))));
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.println("DONE");
    }
}
