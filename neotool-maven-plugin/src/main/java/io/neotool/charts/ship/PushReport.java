package io.neotool.charts.ship;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.neotool.charts.FileTrees;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code push-report.json}: what a push did, chart by chart. Replaced atomically (a temporary file beside
 * it, then a rename) at the start of a push ({@code "outcome": "running"}), after every chart and at the
 * end ({@code "succeeded"} or {@code "failed"} with the error). A reader never sees half a report, and
 * after a crash or a failure the report says so instead of showing the previous run's.
 */
final class PushReport {
    static final String FILE = "push-report.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private List<ChartPusher.Result> charts = List.of();

    private PushReport(Path file) {
        this.file = file;
    }

    /**
     * Starts the report of a push: the previous one is replaced by a "running" one at once. Without a
     * package directory there is no previous report and nothing to push: the report is not written.
     */
    static PushReport begin(Path file) throws IOException {
        if (!Files.isDirectory(file.toAbsolutePath().getParent())) {
            return new PushReport(null);
        }
        PushReport report = new PushReport(file);
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(file.toAbsolutePath().getParent(), "." + FILE + "*.tmp")) {
            for (Path tmp : stale) {
                Files.deleteIfExists(tmp); // left by a killed run
            }
        }
        report.write("running", null);
        return report;
    }

    /** The charts' state so far. */
    void progress(List<ChartPusher.Result> results) throws IOException {
        charts = List.copyOf(results);
        write("running", null);
    }

    void succeeded(List<ChartPusher.Result> results) throws IOException {
        charts = List.copyOf(results);
        write("succeeded", null);
    }

    /** Marks the run failed, keeping what it pushed before the failure. */
    void failed(String error) throws IOException {
        write("failed", error == null ? "unknown error" : error);
    }

    private void write(String outcome, String error) throws IOException {
        if (file == null) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("outcome", outcome);
        if (error != null) {
            body.put("error", error);
        }
        body.put("charts", charts);
        FileTrees.replace(file, JSON.writeValueAsString(body));
    }
}
