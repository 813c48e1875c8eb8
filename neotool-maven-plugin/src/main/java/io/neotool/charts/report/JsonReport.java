package io.neotool.charts.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neotool.charts.FileTrees;
import io.neotool.charts.verify.Capacity;
import io.neotool.charts.verify.Finding;
import io.neotool.charts.verify.LintResult;
import io.neotool.charts.verify.Rule;
import io.neotool.charts.verify.Rules;
import io.neotool.charts.verify.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** target/neotool/lint-report.json: summary, findings (sorted) with rule rationale and fix, and timings per phase. */
public final class JsonReport {
    private JsonReport() {}

    /** A new JSON object. */
    static ObjectNode object() {
        return new ObjectMapper().createObjectNode();
    }

    /** Indented JSON, LF line ends, a final newline: the same bytes for the same content. */
    static String text(ObjectNode root) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root).replace("\r\n", "\n") + "\n";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static String toJson(LintResult result) {
        ObjectNode root = object();
        root.put("kubeVersion", result.kubeVersion());
        ArrayNode charts = root.putArray("charts");
        result.charts().forEach(charts::add);
        ArrayNode envs = root.putArray("environments");
        result.environments().forEach(envs::add);
        ObjectNode summary = root.putObject("summary");
        for (Severity s : Severity.values()) {
            summary.put(s.label(), result.count(s));
        }
        ObjectNode perChart = root.putObject("perChart");
        result.countsPerChart().forEach((chart, counts) -> {
            ObjectNode c = perChart.putObject(chart);
            for (Severity s : Severity.values()) {
                c.put(s.label(), counts.getOrDefault(s, 0L));
            }
        });
        ArrayNode findings = root.putArray("findings");
        for (Finding f : result.findings()) {
            ObjectNode n = findings.addObject();
            n.put("severity", f.severity().label());
            n.put("rule", f.ruleId());
            n.put("chart", f.chart());
            n.put("file", f.file());
            n.put("kind", f.kind());
            n.put("name", f.name());
            n.put("message", f.message());
            Rule rule = Rules.exists(f.ruleId()) ? Rules.get(f.ruleId()) : null;
            n.put("rationale", rule == null ? "" : rule.rationale());
            n.put("fix", f.hint());
            ArrayNode e = n.putArray("environments");
            f.sortedEnvironments().forEach(e::add);
        }
        ArrayNode capacity = root.putArray("capacity");
        for (Capacity.Report r : result.capacity()) {
            ObjectNode c = capacity.addObject();
            c.put("environment", r.environment());
            ObjectNode cluster = c.putObject("cluster");
            cluster.put("nodes", r.cluster().nodes());
            cluster.put("nodeCpu", r.cluster().cpu());
            cluster.put("nodeMemoryBytes", r.cluster().memory());
            scale(c.putObject("minimumReplicas"), r.minimum());
            scale(c.putObject("hpaMaximum"), r.maximum());
            scale(c.putObject("minimumReplicasRolling"), r.rollout());
            ObjectNode quota = c.putObject("quota");
            r.quota().forEach((ns, q) -> {
                ObjectNode n = quota.putObject(ns);
                n.put("pods", q.pods());
                resources(n, q.resources());
                n.put("volumeClaims", q.claims());
                n.put("storageBytes", q.storage().toBigInteger());
            });
        }
        ObjectNode timings = root.putObject("timings");
        result.timings().forEach(timings::put);
        return text(root);
    }

    private static void scale(ObjectNode node, Capacity.Scale s) {
        node.put("pods", s.pods());
        node.put("fits", s.fits());
        node.put("unplacedPods", s.unplaced());
        node.put("usableNodes", s.usableNodes());
        node.put("waitingPods", s.waiting());
        ObjectNode moreThanNodes = node.putObject("moreThanNodes");
        s.moreThanNodes().forEach(moreThanNodes::put);
        resources(node.putObject("total"), s.total());
        ObjectNode perNamespace = node.putObject("perNamespace");
        s.perNamespace().forEach((ns, r) -> resources(perNamespace.putObject(ns), r));
    }

    private static void resources(ObjectNode node, Capacity.Resources r) {
        node.put("cpuRequests", r.cpuRequests().stripTrailingZeros().toPlainString());
        node.put("cpuLimits", r.cpuLimits().stripTrailingZeros().toPlainString());
        node.put("memoryRequestsBytes", r.memoryRequests().toBigInteger());
        node.put("memoryLimitsBytes", r.memoryLimits().toBigInteger());
    }

    public static void write(LintResult result, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        FileTrees.replace(file, toJson(result));
    }
}
