package io.neotool.charts.verify;

import io.neotool.charts.BuildLog;
import io.neotool.charts.helm.HelmClient;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Not a test: benchmarks/lint.sh runs this main to see where neotool:lint's time goes on the full platform
 * (JVM start, helm lint, render, parse, schema validation, rules, platform verification), cold (first run in the JVM) and warm.
 */
public final class LintBenchmark {
    public static void main(String[] args) {
        long jvmStartToMain = ManagementFactory.getRuntimeMXBean().getUptime();
        Path charts = Path.of(args.length > 0 ? args[0] : "helm");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        System.out.println("jvm start to main: " + jvmStartToMain + " ms");
        Linter linter = new Linter(new HelmClient(), BuildLog.SILENT);
        Map<String, Long> warmTotals = new LinkedHashMap<>();
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            LintResult r = linter.lint(new Linter.Request(charts, "1.32.0", "neotool", "default"));
            long total = (System.nanoTime() - t) / 1_000_000;
            System.out.println((i == 0 ? "cold" : "warm") + " run " + (i + 1) + ": total " + total + " ms " + r.timings()
                    + " (" + r.charts().size() + " charts, " + r.environments().size() + " environments, "
                    + r.findings().size() + " findings)");
            if (i > 0) {
                r.timings().forEach((k, v) -> warmTotals.merge(k, v, Long::sum));
                warmTotals.merge("total", total, Long::sum);
            }
        }
        if (runs > 1) {
            StringBuilder s = new StringBuilder("warm mean (ms):");
            warmTotals.forEach((k, v) -> s.append(' ').append(k).append('=').append(v / (runs - 1)));
            System.out.println(s);
        }
    }
}
