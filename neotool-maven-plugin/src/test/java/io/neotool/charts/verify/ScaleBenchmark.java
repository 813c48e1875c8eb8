package io.neotool.charts.verify;

import io.neotool.charts.BuildLog;
import io.neotool.charts.generate.ChartGenerator;
import io.neotool.charts.helm.HelmClient;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Not a test: benchmarks/scale.sh runs this main on the specs it writes (one platform per service count) to see how
 * generate + lint and the generated files grow with the number of services. Each spec is generated into a fresh
 * directory and linted, {@code runs} times in one JVM after a warm-up round; medians are printed with the load average
 * of the machine, then the cost of one more service between the smallest and the largest platform.
 *
 * <p>Arguments: templates directory, work directory, runs, then {@code <services>=<spec file>} pairs, smallest first.
 */
public final class ScaleBenchmark {
    private record Figures(int services, int files, long bytes, long generate, long lint, long cpu,
                           Map<String, Long> lintParts) {}

    public static void main(String[] args) throws IOException {
        Path templates = Path.of(args[0]);
        Path work = Path.of(args[1]);
        int runs = Integer.parseInt(args[2]);
        Linter linter = new Linter(new HelmClient(), BuildLog.SILENT);
        ChartGenerator generator = new ChartGenerator();
        List<Figures> all = new ArrayList<>();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.printf("%-9s %6s %10s %12s %10s %10s %10s  %s%n", "services", "files", "KiB", "generate ms", "lint ms",
                "total ms", "cpu ms", "lint parts (ms, median run) | load average");
        int round = 0;
        for (int i = 3; i < args.length; i++) {
            int services = Integer.parseInt(args[i].substring(0, args[i].indexOf('=')));
            Path spec = Path.of(args[i].substring(args[i].indexOf('=') + 1));
            List<Figures> samples = new ArrayList<>();
            for (int r = 0; r <= runs; r++) { // r == 0 warms up the JVM, Helm's native library and the caches
                Path out = work.resolve("out-" + services + "-" + round++);
                long cpu0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                generator.generate(new ChartGenerator.Request(spec, templates, out, "1.0.0"), false, BuildLog.SILENT);
                long generated = System.nanoTime() - t0;
                long t1 = System.nanoTime();
                LintResult result = linter.lint(new Linter.Request(out, "1.32.0", "neotool", "default"));
                long linted = System.nanoTime() - t1;
                long cpu = os.getProcessCpuTime() - cpu0;
                List<Finding> errors = result.findings().stream().filter(f -> f.severity() == Severity.ERROR).toList();
                if (!errors.isEmpty()) {
                    throw new IllegalStateException(services + " services: lint found errors, the figures would not mean "
                            + "anything: " + errors.get(0));
                }
                long[] size = size(out);
                if (r > 0) {
                    samples.add(new Figures(services, (int) size[0], size[1], generated / 1_000_000, linted / 1_000_000,
                            cpu / 1_000_000, result.timings()));
                }
            }
            samples.sort((a, b) -> Long.compare(a.generate() + a.lint(), b.generate() + b.lint()));
            Figures median = samples.get(samples.size() / 2);
            List<Long> generates = new ArrayList<>(samples.stream().map(Figures::generate).toList());
            List<Long> lints = new ArrayList<>(samples.stream().map(Figures::lint).toList());
            List<Long> cpus = new ArrayList<>(samples.stream().map(Figures::cpu).toList());
            Figures f = new Figures(services, median.files(), median.bytes(), median(generates), median(lints),
                    median(cpus), median.lintParts());
            all.add(f);
            System.out.printf("%-9d %6d %10.1f %12d %10d %10d %10d  %s | %s%n", services, f.files(), f.bytes() / 1024.0,
                    f.generate(), f.lint(), f.generate() + f.lint(), f.cpu(), f.lintParts(), loadAverage());
        }
        if (all.size() > 1) {
            Figures first = all.get(0);
            Figures last = all.get(all.size() - 1);
            int extra = last.services() - first.services();
            System.out.printf("per extra service (%d -> %d): generate + lint %.1f ms wall, %.1f ms cpu; files %.2f KiB%n",
                    first.services(), last.services(),
                    ((last.generate() + last.lint()) - (first.generate() + first.lint())) / (double) extra,
                    (last.cpu() - first.cpu()) / (double) extra, (last.bytes() - first.bytes()) / 1024.0 / extra);
            StringBuilder parts = new StringBuilder();
            last.lintParts().forEach((part, ms) -> parts.append(parts.length() == 0 ? "" : ", ").append(part).append('=')
                    .append(String.format("%.2f", (ms - first.lintParts().getOrDefault(part, 0L)) / (double) extra)));
            System.out.printf("per extra service, lint parts (ms, wall, summed over environments): %s%n", parts);
        }
    }

    /** Number of files and their total size under a generated directory. */
    private static long[] size(Path dir) throws IOException {
        long[] size = new long[2];
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isRegularFile).forEach(p -> {
                size[0]++;
                try {
                    size[1] += Files.size(p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        return size;
    }

    private static long median(List<Long> values) {
        Collections.sort(values);
        return values.get(values.size() / 2);
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private ScaleBenchmark() {}
}
