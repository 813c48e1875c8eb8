package io.neotool.charts.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/lint.md's rule table is {@link Rules#markdownTable()}, generated from the rules each checker defines. On drift
 * the test fails; run it with {@code -Dneotool.docs.update=true} (the command in docs/lint.md) to write the table into
 * docs/lint.md instead.
 */
class RulesDocTest {
    static final String UPDATE = "neotool.docs.update";
    static final String COMMAND = "./mvnw -B -q -pl neotool-maven-plugin test -Dtest=RulesDocTest -D" + UPDATE + "=true";

    @Test
    void theRuleTableIsGeneratedFromTheRules() throws IOException {
        Path lint = Path.of("..", "docs", "lint.md");
        String doc = Files.readString(lint);
        int start = doc.indexOf("| Id | Group | Severity |");
        assertTrue(start >= 0, "docs/lint.md has no rule table (a line starting '| Id | Group | Severity |')");
        int end = doc.indexOf("\n\n", start) + 1;
        String expected = Rules.markdownTable();
        if (Boolean.getBoolean(UPDATE)) {
            Files.writeString(lint, doc.substring(0, start) + expected + doc.substring(end));
            return;
        }
        assertEquals(expected, doc.substring(start, end), "docs/lint.md's rule table is out of date: run " + COMMAND);
    }

    @Test
    void docsLintNamesTheCommandThatRegeneratesTheTable() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "lint.md"));
        assertTrue(doc.contains(COMMAND), "docs/lint.md should say how to regenerate the rule table: " + COMMAND);
    }
}
