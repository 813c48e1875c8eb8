package io.neotool.charts.testtools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way a test asks for programs from the machine. When one is missing the test is skipped and the
 * build's summary ({@link SkippedChecksListener}) lists it with the command that installs it; with the
 * environment variable {@code CI=true} it fails instead, naming the tools. The first use of a tool in a test
 * JVM logs its version, so every run says what it was checked against.
 */
public final class ExternalTools {
    private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();
    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+(\\.\\d+)?\\S*");

    private ExternalTools() {}

    public static Map<ExternalTool, Path> require(ExternalTool... tools) {
        Map<ExternalTool, Path> found = new EnumMap<>(ExternalTool.class);
        List<ExternalTool> missing = new ArrayList<>();
        for (ExternalTool tool : tools) {
            tool.find().ifPresentOrElse(path -> found.put(tool, path), () -> missing.add(tool));
        }
        if (!missing.isEmpty()) {
            if (ci()) {
                throw new MissingTools.Failed(missing);
            }
            throw new MissingTools.Skipped(missing);
        }
        found.forEach(ExternalTools::logVersion);
        return found;
    }

    /** Whether this build runs as CI does (.ci/run sets CI=true): then nothing may be skipped. */
    public static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Logs, once per test JVM, what a real-server test ran against, and keeps it for the build's summary. */
    public static void ranAgainst(String what, String version) {
        if (LOGGED.add(what)) {
            System.out.println("[tested against] " + what + ": " + version);
            SkippedChecks.record(new SkippedChecks.Entry(SkippedChecks.Kind.VERSION, what, version));
        }
    }

    /** The version a tool on PATH reports (required as {@link #require} does). */
    public static String version(ExternalTool tool) {
        return version(require(tool).get(tool), tool.versionArgument());
    }

    private static void logVersion(ExternalTool tool, Path path) {
        if (tool.versionArgument() == null || LOGGED.contains(tool.command())) {
            return;
        }
        ranAgainst(tool.command(), version(path, tool.versionArgument()) + " (" + path + ")");
    }

    private static String version(Path path, String argument) {
        try {
            Process process = new ProcessBuilder(path.toString(), argument).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(30, TimeUnit.SECONDS);
            for (String line : out.split("\n")) {
                Matcher m = VERSION.matcher(line);
                if (m.find()) {
                    return m.group();
                }
            }
            return "unknown version: " + out.strip();
        } catch (IOException e) {
            return "unknown version: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown version";
        }
    }
}
