package io.neotool.charts.generate;

import io.neotool.charts.BuildLog;
import io.neotool.charts.TestPaths;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generate with 5, 50 and 200 services: time and allocated memory per run, and the cost of a generate
 * that changes nothing. Run by benchmarks/generate.sh ({@code -Dneotool.benchmark=true}); prints a table.
 */
@EnabledIfSystemProperty(named = "neotool.benchmark", matches = "true")
class GenerateBenchmark {
    @TempDir
    Path tmp;

    @Test
    void generate() throws Exception {
        int runs = Integer.getInteger("neotool.benchmark.runs", 20);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        ChartGenerator generator = new ChartGenerator();
        StringBuilder table = new StringBuilder("Generate benchmark (" + runs + " runs each, medians)\n")
                .append(String.format("%-9s %-8s %14s %14s %16s%n", "services", "files", "first write", "no change",
                        "allocated/run"));
        for (int services : new int[] {5, 50, 200}) {
            Path spec = tmp.resolve("spec-" + services + ".yaml");
            Files.writeString(spec, spec(services));
            ChartGenerator.Request request = new ChartGenerator.Request(spec, TestPaths.templates(),
                    tmp.resolve("out-" + services), "1.0.0");
            // warm-up: class loading and JIT
            for (int i = 0; i < 5; i++) {
                generator.render(request);
            }
            List<Long> writes = new ArrayList<>();
            List<Long> noChange = new ArrayList<>();
            List<Long> allocated = new ArrayList<>();
            int files = generator.render(request).size();
            for (int i = 0; i < runs; i++) {
                ChartGenerator.Request fresh = new ChartGenerator.Request(spec, TestPaths.templates(),
                        tmp.resolve("out-" + services + "-" + i), "1.0.0");
                long bytes = threads.getCurrentThreadAllocatedBytes();
                long t0 = System.nanoTime();
                generator.generate(fresh, false, BuildLog.SILENT);
                writes.add(System.nanoTime() - t0);
                allocated.add(threads.getCurrentThreadAllocatedBytes() - bytes);
                long t1 = System.nanoTime();
                generator.generate(fresh, false, BuildLog.SILENT);
                noChange.add(System.nanoTime() - t1);
            }
            table.append(String.format("%-9d %-8d %11.1f ms %11.1f ms %13.1f MB%n", services, files,
                    median(writes) / 1e6, median(noChange) / 1e6, median(allocated) / 1e6));
        }
        System.out.println(table);
    }

    /** The platform spec with its five services and {@code services - 5} more, each with prod overrides. */
    static String spec(int services) throws java.io.IOException {
        String platform = Files.readString(TestPaths.spec());
        StringBuilder extra = new StringBuilder();
        for (int i = 5; i < services; i++) {
            extra.append("  svc-").append(i).append(":\n    image: {repository: svc-").append(i)
                    .append(", tag: \"1.0.").append(i).append("\"}\n    env: {FEATURE_X: \"on\", REGION: eu}\n");
        }
        int at = platform.indexOf("\nservices:\n") + "\nservices:\n".length();
        return platform.substring(0, at) + extra + platform.substring(at);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
