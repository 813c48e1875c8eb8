package io.neotool.charts.report;

import io.neotool.charts.FileTrees;
import io.neotool.charts.verify.Finding;
import io.neotool.charts.verify.LintResult;
import io.neotool.charts.verify.Linter;
import io.neotool.charts.verify.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JUnit-style XML so CI servers show findings as test results: one test suite per chart, one test case per
 * finding (errors, and warnings when they fail the build, are failures; other warnings and infos are skipped
 * with their message) and one case per environment, failing where it did not render.
 */
public final class JunitReport {
    private JunitReport() {}

    public static String toXml(LintResult result, boolean failOnWarning) {
        Map<String, List<Finding>> byChart = new TreeMap<>();
        for (Finding f : result.findings()) {
            byChart.computeIfAbsent(f.chart().isEmpty() ? "(no chart)" : f.chart(), k -> new java.util.ArrayList<>()).add(f);
        }
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        // an environment that did not render fails its case too (its render finding is in its chart's suite)
        List<String> unrendered = result.environments().stream().filter(env -> result.findings().stream()
                .anyMatch(f -> f.ruleId().equals(Linter.RENDER) && f.severity() == Severity.ERROR
                        && f.environments().contains(env))).toList();
        int tests = result.findings().size() + result.environments().size();
        long failures = result.count(Severity.ERROR) + (failOnWarning ? result.count(Severity.WARNING) : 0) + unrendered.size();
        x.append("<testsuites name=\"neotool-lint\" tests=\"").append(tests).append("\" failures=\"").append(failures).append("\">\n");
        x.append("  <testsuite name=\"neotool-lint.render\" tests=\"").append(result.environments().size())
                .append("\" failures=\"").append(unrendered.size()).append("\" skipped=\"0\">\n");
        for (String env : result.environments()) {
            x.append("    <testcase classname=\"neotool-lint.render\" name=\"").append(esc("renders " + env)).append("\"");
            if (unrendered.contains(env)) {
                x.append(">\n      <failure type=\"error\" message=\"").append(esc("does not render: see the render "
                        + "finding of its chart")).append("\"/>\n    </testcase>\n");
            } else {
                x.append("/>\n");
            }
        }
        x.append("  </testsuite>\n");
        for (var e : byChart.entrySet()) {
            List<Finding> fs = e.getValue();
            long f = fs.stream().filter(v -> fails(v, failOnWarning)).count();
            x.append("  <testsuite name=\"neotool-lint.").append(esc(e.getKey())).append("\" tests=\"").append(fs.size())
                    .append("\" failures=\"").append(f).append("\" skipped=\"").append(fs.size() - f).append("\">\n");
            for (Finding v : fs) {
                x.append("    <testcase classname=\"").append(esc(v.location())).append("\" name=\"")
                        .append(esc((v.resource().isEmpty() ? "" : v.resource() + ": ") + v.ruleId())).append("\">\n");
                String message = v.message() + " [" + String.join(", ", v.sortedEnvironments()) + "]";
                if (fails(v, failOnWarning)) {
                    x.append("      <failure type=\"").append(v.severity().label()).append("\" message=\"").append(esc(message))
                            .append("\">").append(esc(v.line() + "\nfix: " + v.hint())).append("</failure>\n");
                } else {
                    x.append("      <skipped message=\"").append(esc("[" + v.severity().label() + "] " + message)).append("\"/>\n");
                }
                x.append("    </testcase>\n");
            }
            x.append("  </testsuite>\n");
        }
        return x.append("</testsuites>\n").toString();
    }

    private static boolean fails(Finding f, boolean failOnWarning) {
        return f.severity() == Severity.ERROR || (failOnWarning && f.severity() == Severity.WARNING);
    }

    public static void write(LintResult result, boolean failOnWarning, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        FileTrees.replace(file, toXml(result, failOnWarning));
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\n' -> b.append("&#10;");
                default -> {
                    if (c >= 0x20 || c == '\t') {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
