package io.neotool.charts.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/lint.md's rule table is generated from {@link Rules}: every rule with its id, group, severity (with the Pod
 * Security level and control), rationale and fix. When the rules change, the test writes the table to
 * target/lint-rules-table.md to paste into the docs.
 */
class RulesDocTest {
    static String table() {
        return "| Id | Group | Severity | Rationale | Fix |\n|---|---|---|---|---|\n" + Rules.all().stream()
                .map(r -> "| `" + r.id() + "` | " + r.group() + " | " + r.severityLabel() + " | " + r.rationale() + " | "
                        + r.fix() + " |\n")
                .collect(Collectors.joining());
    }

    @Test
    void theRuleTableIsGeneratedFromTheRules() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "lint.md"));
        int start = doc.indexOf("| Id | Group | Severity |");
        int end = doc.indexOf("\n\n", start) + 1;
        String expected = table();
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "lint-rules-table.md"), expected);
        assertEquals(expected, doc.substring(start, end),
                "docs/lint.md's rule table is out of date: paste target/lint-rules-table.md over it");
    }
}
