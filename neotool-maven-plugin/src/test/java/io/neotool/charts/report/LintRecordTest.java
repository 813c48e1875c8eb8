package io.neotool.charts.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.BuildLog;
import io.neotool.charts.LogCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A lint is said again instead of run only for the same inputs, with its reports untouched. */
class LintRecordTest {
    @TempDir
    Path reports;

    private LintRecord.Recorder lintThatPassed() throws IOException {
        Files.writeString(reports.resolve(LintReports.JSON), "{\"findings\": []}\n");
        LintRecord.Recorder said = new LintRecord.Recorder(BuildLog.SILENT);
        said.info("neotool:lint: 1 chart(s), 0 error(s)");
        said.warn("web/templates/deployment.yaml: a warning");
        said.debug("not kept");
        LintRecord.write(reports, "digest-a", said);
        return said;
    }

    @Test
    void theSameInputsSayTheSameAgain() throws IOException {
        lintThatPassed();
        StringBuilder out = new StringBuilder();
        assertTrue(LintRecord.replay(reports, "digest-a", LogCapture.into(out)));
        List<String> said = out.toString().lines().toList();
        assertEquals(3, said.size(), said.toString());
        assertTrue(said.get(0).contains("last lint that passed"), said.get(0));
        assertTrue(said.get(1).endsWith("neotool:lint: 1 chart(s), 0 error(s)"), said.get(1));
        assertEquals("WARN web/templates/deployment.yaml: a warning", said.get(2));
    }

    @Test
    void otherInputsAChangedReportOrAForgottenRecordRunTheLint() throws IOException {
        lintThatPassed();
        StringBuilder said = new StringBuilder();
        assertFalse(LintRecord.replay(reports, "digest-b", LogCapture.into(said)));
        Files.writeString(reports.resolve(LintReports.JSON), "{\"findings\": [\"edited\"]}\n");
        assertFalse(LintRecord.replay(reports, "digest-a", LogCapture.into(said)));
        lintThatPassed();
        Files.delete(reports.resolve(LintReports.JSON));
        assertFalse(LintRecord.replay(reports, "digest-a", LogCapture.into(said)));
        lintThatPassed();
        LintRecord.forget(reports);
        assertFalse(LintRecord.replay(reports, "digest-a", LogCapture.into(said)));
        assertEquals("", said.toString());
    }

    @Test
    void aLintThatRunsFirstRemovesTheReportsOfTheLastOneButNoOtherFile() throws IOException {
        lintThatPassed();
        for (String name : List.of(LintReports.JUNIT, "platform-prod.json", "platform-prod.mmd", "platform-prod.yaml",
                "platform-staging.json", "notes.txt", "platform-prod.json.tmp")) {
            Files.writeString(reports.resolve(name), "earlier\n");
        }
        Files.createDirectories(reports.resolve("helm-java"));
        LintRecord.forget(reports);
        try (var left = Files.list(reports)) {
            assertEquals(List.of("helm-java", "notes.txt", "platform-prod.json.tmp"),
                    left.map(p -> p.getFileName().toString()).sorted().toList());
        }
        LintRecord.forget(reports.resolve("not-there"));
    }
}
