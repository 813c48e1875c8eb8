package io.neotool.charts.ship;

import io.neotool.charts.helm.ChartDirectories;
import io.neotool.charts.BuildLog;
import io.neotool.charts.helm.HelmClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Package + push of the whole platform: run by benchmarks/ship.sh
 * ({@code -Dneotool.benchmark=true -Dneotool.benchmark.charts=<dir with helm/neotool>}). Prints a table.
 */
@EnabledIfSystemProperty(named = "neotool.benchmark", matches = "true")
class ShipBenchmark {
    @TempDir
    Path tmp;

    @Test
    void packageAndPush() throws Exception {
        String given = System.getProperty("neotool.benchmark.charts", "");
        Path charts = given.isEmpty() ? Path.of("none") : Path.of(given);
        String source = charts.toString();
        if (ChartDirectories.find(charts).isEmpty()) {
            charts = TestCharts.platform(tmp.resolve("created"));
            source = "helm create umbrella + 1 subchart (no charts at " + given + ")";
        }
        int runs = Integer.getInteger("neotool.benchmark.runs", 10);
        HelmClient helm = new HelmClient();
        ChartPackager packager = new ChartPackager(helm, BuildLog.SILENT);

        long t0 = System.nanoTime();
        List<PackagedChart> packaged = packager.packageAll(charts, tmp.resolve("out"), TestCharts.TIMESTAMP);
        Duration cold = Duration.ofNanos(System.nanoTime() - t0);
        List<Duration> pack = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            packaged = packager.packageAll(charts, tmp.resolve("out"), TestCharts.TIMESTAMP);
            pack.add(Duration.ofNanos(System.nanoTime() - t));
        }
        long bytes = 0;
        for (PackagedChart c : packaged) {
            bytes += Files.size(c.archive());
        }

        List<Duration> push = new ArrayList<>();
        List<Duration> skip = new ArrayList<>();
        try (RegistryServer server = RegistryServer.start(Files.createDirectories(tmp.resolve("reg")), "bench", "bench", false)) {
            RegistryCredentials credentials = new RegistryCredentials("bench", "bench".toCharArray());
            ChartPusher pusher = new ChartPusher(BuildLog.SILENT);
            for (int i = 0; i < runs; i++) {
                ChartPusher.Request request = new ChartPusher.Request("oci://" + server.host() + "/run" + i, tmp.resolve("out"),
                        null, ChartPusher.Credentials.of(credentials), null, false, false, RetryPolicy.DEFAULT);
                long t = System.nanoTime();
                pusher.push(request);
                push.add(Duration.ofNanos(System.nanoTime() - t));
                t = System.nanoTime();
                pusher.push(request);
                skip.add(Duration.ofNanos(System.nanoTime() - t));
            }
        }
        System.out.printf("%nShip benchmark: %s%n%d charts, %d archive bytes, %d runs, %s, %s%n", source, packaged.size(), bytes, runs,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"), Runtime.getRuntime().availableProcessors() + " CPUs");
        System.out.printf("| step | median ms | min ms | max ms |%n|---|---|---|---|%n");
        System.out.printf("| package, first in JVM (loads Helm) | %d | | |%n", cold.toMillis());
        row("package all (lint not included)", pack);
        row("push all, new versions (blobs, manifest, read back)", push);
        row("push all, already there (skipped)", skip);
    }

    private static void row(String name, List<Duration> samples) {
        List<Long> ms = new ArrayList<>(samples.stream().map(Duration::toMillis).toList());
        Collections.sort(ms);
        System.out.printf("| %s | %d | %d | %d |%n", name, ms.get(ms.size() / 2), ms.get(0), ms.get(ms.size() - 1));
    }
}
