package io.neotool.charts.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What neotool:lint found: the charts it linted, the environments it rendered, the findings (merged across
 * environments, sorted), where the time went (milliseconds per phase, in the order the phases ran), the flow graph of
 * each platform environment verified (by id: {@code default} for values.yaml alone, {@code prod} for values-prod.yaml)
 * the capacity report of every environment whose chart declares its cluster, and what each platform environment
 * rendered (by the same id: the manifests and hooks, as helm template prints them).
 */
public record LintResult(String kubeVersion, List<String> charts, List<String> environments, List<Finding> findings,
                         Map<String, Long> timings, Map<String, PlatformVerifier.Graph> platforms,
                         List<Capacity.Report> capacity, Map<String, String> manifests) {
    public LintResult(String kubeVersion, List<String> charts, List<String> environments, List<Finding> findings,
                      Map<String, Long> timings) {
        this(kubeVersion, charts, environments, findings, timings, Map.of(), List.of(), Map.of());
    }

    public LintResult {
        platforms = java.util.Collections.unmodifiableMap(new TreeMap<>(platforms));
        manifests = java.util.Collections.unmodifiableMap(new TreeMap<>(manifests));
        capacity = List.copyOf(capacity);
        charts = List.copyOf(charts);
        environments = List.copyOf(environments);
        List<Finding> sorted = new ArrayList<>(findings);
        sorted.sort(Finding.ORDER);
        findings = List.copyOf(sorted);
        timings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(timings));
    }

    public long count(Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).count();
    }

    /** Per chart, counts per severity (charts sorted). */
    public Map<String, Map<Severity, Long>> countsPerChart() {
        Map<String, Map<Severity, Long>> counts = new TreeMap<>();
        // a row per chart linted, findings or not, so that the rows add up to the charts counted
        for (String chart : charts) {
            counts.put(chart.substring(chart.lastIndexOf('/') + 1), new java.util.EnumMap<>(Severity.class));
        }
        for (Finding f : findings) {
            counts.computeIfAbsent(f.chart(), k -> new java.util.EnumMap<>(Severity.class)).merge(f.severity(), 1L, Long::sum);
        }
        return counts;
    }

    /** True when the build must fail: any error, or any warning when warnings fail the build. */
    public boolean fails(boolean failOnWarning) {
        return count(Severity.ERROR) > 0 || (failOnWarning && count(Severity.WARNING) > 0);
    }
}
