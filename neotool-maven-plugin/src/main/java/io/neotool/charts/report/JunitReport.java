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
        // a chart without findings has one passing case
        long quiet = result.charts().stream().map(c -> Path.of(c).getFileName().toString())
                .filter(chart -> result.findings().stream().noneMatch(f -> f.chart().equals(chart))).distinct().count();
        long tests = result.findings().size() + result.environments().size() + quiet;
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
        // every chart linted has its suite, one that found nothing a passing case
        for (String chart : result.charts()) {
            byChart.putIfAbsent(Path.of(chart).getFileName().toString(), List.of());
        }
        for (var e : byChart.entrySet()) {
            List<Finding> fs = e.getValue();
            long f = fs.stream().filter(v -> fails(v, failOnWarning)).count();
            x.append("  <testsuite name=\"neotool-lint.").append(esc(e.getKey())).append("\" tests=\"").append(Math.max(1, fs.size()))
                    .append("\" failures=\"").append(f).append("\" skipped=\"").append(fs.size() - f).append("\">\n");
            if (fs.isEmpty()) {
                x.append("    <testcase classname=\"neotool-lint.").append(esc(e.getKey())).append("\" name=\"no findings\"/>\n");
            }
            Map<String, Integer> seen = new java.util.HashMap<>();
            for (Finding v : fs) {
                String classname = className(v);
                String name = (v.resource().isEmpty() ? "" : v.resource() + ": ") + v.ruleId();
                // a test is known to CI servers by its class name and name: a second finding of both is numbered
                int n = seen.merge(classname + "\u0000" + name, 1, Integer::sum);
                x.append("    <testcase classname=\"").append(esc(classname)).append("\" name=\"")
                        .append(esc(n == 1 ? name : name + " (" + n + ")")).append("\">\n");
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

    /**
     * A finding's test class, dotted as CI servers read one (the last part is the class, the rest its package):
     * neotool-lint, its chart, its file's directories, then the file's name with its dots made '_'
     * ({@code neotool-lint.postgres.templates.statefulset_yaml}). A file outside the chart (a project's values file,
     * an absolute path) goes by its name alone, so that the test is the same in every workspace.
     */
    static String className(Finding f) {
        StringBuilder c = new StringBuilder("neotool-lint");
        if (!f.chart().isEmpty()) {
            c.append('.').append(f.chart().replace('.', '_'));
        }
        if (!f.file().isEmpty()) {
            Path file = Path.of(f.file());
            if (file.isAbsolute()) {
                file = file.getFileName();
            }
            for (int i = 0; i < file.getNameCount(); i++) {
                c.append('.').append(file.getName(i).toString().replace('.', '_'));
            }
        }
        return c.toString();
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
