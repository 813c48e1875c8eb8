package io.neotool.charts.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neotool.charts.verify.Finding;
import io.neotool.charts.verify.LintResult;
import io.neotool.charts.verify.Rule;
import io.neotool.charts.verify.Rules;
import io.neotool.charts.verify.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
        ObjectNode timings = root.putObject("timings");
        result.timings().forEach(timings::put);
        return text(root);
    }

    public static void write(LintResult result, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, toJson(result), StandardCharsets.UTF_8);
    }
}
