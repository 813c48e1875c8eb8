package io.neotool.charts.verify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/lint.md lists every rule with its id, rationale and fix. */
class RulesDocTest {
    @Test
    void everyRuleIsDocumented() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "lint.md"));
        for (Rule rule : Rules.all()) {
            assertTrue(doc.contains("| `" + rule.id() + "` | " + rule.group()), "docs/lint.md lacks rule " + rule.id());
            assertTrue(doc.contains(rule.rationale()) && doc.contains(rule.fix()), "docs/lint.md has an old text for " + rule.id());
        }
    }
}
