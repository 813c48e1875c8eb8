package io.neotool.charts.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neotool.charts.BackgroundTask;
import io.neotool.charts.BuildLog;
import io.neotool.charts.FileTrees;
import io.neotool.charts.InputsDigest;
import io.neotool.charts.ship.ChartPackager;
import io.neotool.charts.verify.LintResult;
import io.neotool.charts.verify.Linter;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The last lint that passed, kept beside its reports ({@value #FILE}): the digest of its inputs
 * ({@link io.neotool.charts.verify.Linter.Request#inputs}), the report it said on the console (summary and findings,
 * {@link LintReports}), and the SHA-256 of every report file it wrote. A lint whose inputs have that digest, with those reports still in place, says the same again
 * instead of running: the same plugin build on the same bytes finds the same findings. The record is removed before a
 * lint runs and written only once it passed, so a failing lint is never skipped.
 */
public final class LintRecord {
    public static final String FILE = "lint-inputs.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private LintRecord() {}

    /** A log that says everything to another one and keeps what it said at info, warning and error, in order. */
    public static final class Recorder implements BuildLog {
        private final BuildLog log;
        private final List<String[]> said = new ArrayList<>();

        public Recorder(BuildLog log) {
            this.log = log;
        }

        @Override
        public synchronized void info(String message) {
            said.add(new String[] {"info", message});
            log.info(message);
        }

        @Override
        public synchronized void warn(String message) {
            said.add(new String[] {"warn", message});
            log.warn(message);
        }

        @Override
        public synchronized void error(String message) {
            said.add(new String[] {"error", message});
            log.error(message);
        }

        @Override
        public void debug(String message) {
            log.debug(message);
        }
    }

    /**
     * Lints with {@code linter} and publishes the reports in {@code reports} ({@link LintReports}, which fail the build
     * when the findings say so), recording a lint that passed; or, when the last lint that passed there had the same
     * inputs ({@link Linter.Request#inputs} for this plugin build, {@code failOnWarning} and {@code quiet}), says its
     * report again instead.
     */
    public static void lintOrReplay(Linter linter, Linter.Request request, Path reports, boolean failOnWarning, boolean quiet,
                                    BuildLog log) throws IOException {
        Supplier<Optional<String>> digest = () -> InputsDigest.pluginBuild().map(build -> request.inputs(build)
                .text("failOnWarning", String.valueOf(failOnWarning)).text("quiet", String.valueOf(quiet)).hex());
        Optional<String> inputs = Optional.empty();
        BackgroundTask<Optional<String>> beside = null;
        if (Files.isRegularFile(reports.resolve(FILE))) {
            inputs = digest.get();
            if (inputs.isPresent() && replay(reports, inputs.get(), log)) {
                return;
            }
        } else {
            // nothing to replay (a clean build): the digest, needed only to record a lint that passed, is taken
            // beside the lint, of the same files (locked against other goals), instead of ahead of it
            beside = BackgroundTask.start("neotool-lint-inputs", digest::get);
        }
        forget(reports);
        LintResult result = linter.lint(request);
        Recorder said = new Recorder(log);
        LintReports.publish(result, reports, failOnWarning, quiet, said);
        if (beside != null) {
            inputs = beside.await();
        }
        if (inputs.isPresent()) {
            write(reports, inputs.get(), said);
        }
    }

    /**
     * Forgets the last lint of {@code reports} and removes the reports it wrote (those {@link LintReports} writes, by
     * name): called before a lint runs, so that a lint that stops before its reports (a Helm failure, a bad setting)
     * leaves none of an earlier lint's to be read as its own, and an environment no longer there leaves none behind.
     */
    public static void forget(Path reports) throws IOException {
        if (!Files.isDirectory(reports)) {
            return;
        }
        Files.deleteIfExists(reports.resolve(FILE));
        try (DirectoryStream<Path> files = Files.newDirectoryStream(reports)) {
            for (Path f : files) {
                if (Files.isRegularFile(f) && LintReports.isReport(f.getFileName().toString())) {
                    Files.delete(f);
                }
            }
        }
    }

    /**
     * Says again what the lint recorded in {@code reports} said, when it had the digest {@code inputs} and its reports
     * are unchanged; false (saying nothing) otherwise.
     */
    public static boolean replay(Path reports, String inputs, BuildLog log) throws IOException {
        Path file = reports.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return false;
        }
        JsonNode record;
        try {
            record = JSON.readTree(file.toFile());
        } catch (IOException e) {
            return false;
        }
        if (!inputs.equals(record.path("inputs").asText()) || !record.path("reports").isObject()) {
            return false;
        }
        Map<String, String> now = reportDigests(reports);
        for (Iterator<Map.Entry<String, JsonNode>> it = record.path("reports").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> report = it.next();
            if (!report.getValue().asText().equals(now.get(report.getKey()))) {
                return false;
            }
        }
        log.info("neotool:lint: the charts, values and settings are those of the last lint that passed (inputs sha256 "
                + InputsDigest.abbreviate(inputs) + ", " + file + "); its findings again:");
        for (JsonNode line : record.path("said")) {
            String message = line.path("message").asText();
            switch (line.path("level").asText()) {
                case "warn" -> log.warn(message);
                case "error" -> log.error(message);
                default -> log.info(message);
            }
        }
        return true;
    }

    /** Records a lint that passed: its inputs, what {@code said} kept and the reports now in {@code reports}. */
    public static void write(Path reports, String inputs, Recorder said) throws IOException {
        ObjectNode record = JSON.createObjectNode();
        record.put("inputs", inputs);
        ObjectNode files = record.putObject("reports");
        reportDigests(reports).forEach(files::put);
        synchronized (said) {
            for (String[] line : said.said) {
                record.withArray("said").addObject().put("level", line[0]).put("message", line[1]);
            }
        }
        FileTrees.replace(reports.resolve(FILE), JSON.writeValueAsString(record));
    }

    private static Map<String, String> reportDigests(Path reports) throws IOException {
        Map<String, String> digests = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(reports)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (Files.isRegularFile(f) && !name.startsWith(FILE) && !name.startsWith(".")) { // not a temporary file a kill left
                    digests.put(name, ChartPackager.sha256(f));
                }
            }
        }
        return digests;
    }
}
