package io.neotool.charts.testtools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The missing-tool mechanism end to end: a child JVM runs {@link Sample}'s tests through the JUnit Platform
 * launcher (with the listener registered through META-INF/services, as Surefire does) with a PATH that holds
 * none of the tools. Locally the checks are skipped, the run passes and ends with the summary and the install
 * command; with CI=true the run fails, naming the tools.
 */
class ExternalToolsTest {
    @TempDir
    Path dir;

    @Test
    void locallyAMissingToolSkipsTheCheckAndTheSummaryListsItWithTheInstallCommand() throws Exception {
        Path records = dir.resolve("target/skipped-checks.tsv");
        Files.createDirectories(records.getParent());
        Files.writeString(records, "an-earlier-build\tSKIPPED\tEarlier.check\tshellcheck\n");

        Child run = runSample(false, records);

        assertEquals(0, run.exit, "skipped checks do not fail a local build:\n" + run.out);
        assertTrue(run.out.contains("SKIPPED CHECKS: 2 check(s) did NOT run"), run.out);
        assertTrue(run.out.contains("  - ExternalToolsTest.Sample.needsShellcheck  (needs shellcheck)"), run.out);
        assertTrue(run.out.contains("  - ExternalToolsTest.Sample.needsPgbouncerAndPsql  (needs pgbouncer, psql)"), run.out);
        assertTrue(run.out.contains("  apt-get install pgbouncer postgresql-client shellcheck"), run.out);
        assertFalse(run.out.contains("Earlier.check"), "records of another build are not this build's: " + run.out);
        assertTrue(run.out.contains("probe: 1 succeeded, 0 failed, 2 aborted"), run.out);
        List<String> lines = Files.readAllLines(records);
        assertEquals(2, lines.size(), "this build's two records, the earlier build's dropped: " + lines);
        assertEquals("this-build\tSKIPPED\tExternalToolsTest.Sample.needsShellcheck\tshellcheck", lines.get(0));
    }

    @Test
    void underCiAMissingToolFailsTheCheckNamingTheTools() throws Exception {
        Child run = runSample(true, dir.resolve("target/skipped-checks.tsv"));

        assertEquals(1, run.exit, "CI can never pass with checks skipped:\n" + run.out);
        assertTrue(run.out.contains("probe: 1 succeeded, 2 failed, 0 aborted"), run.out);
        assertTrue(run.out.contains("CI=true and tools this test needs are not on PATH: shellcheck (Debian package shellcheck)"), run.out);
        assertTrue(run.out.contains("not on PATH: pgbouncer (Debian package pgbouncer), psql (Debian package postgresql-client)"), run.out);
        assertTrue(run.out.contains("FAILED CHECKS (CI=true): 2 check(s)"), run.out);
        assertFalse(run.out.contains("SKIPPED CHECKS"), run.out);
    }

    record Child(int exit, String out) {}

    /** {@link Probe} in a child JVM whose PATH is an empty directory: no tool can be found. */
    private Child runSample(boolean ci, Path records) throws IOException, InterruptedException {
        Path emptyPath = Files.createDirectories(dir.resolve("no-tools"));
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", classpath,
                "-D" + SkippedChecks.FILE + "=" + records, "-D" + SkippedChecks.BUILD + "=this-build",
                Probe.class.getName()).redirectErrorStream(true);
        builder.environment().remove("CI");
        builder.environment().put("PATH", emptyPath.toString());
        if (ci) {
            builder.environment().put("CI", "true");
        }
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the child JVM did not finish");
        return new Child(process.exitValue(), out);
    }

    /** Tests as a real-tool test writes them; run only by {@link Probe} (Surefire does not pick nested classes). */
    static class Sample {
        @Test
        void needsShellcheck() {
            ExternalTool.SHELLCHECK.require();
        }

        @Test
        void needsPgbouncerAndPsql() {
            ExternalTools.require(ExternalTool.PGBOUNCER, ExternalTool.PSQL);
        }

        @Test
        void needsNothing() {}
    }

    /** Runs {@link Sample} as a build's test JVM would and exits 1 when a test failed. */
    public static final class Probe {
        public static void main(String[] args) {
            SummaryGeneratingListener listener = new SummaryGeneratingListener();
            LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(Sample.class))
                    .build(), listener);
            TestExecutionSummary summary = listener.getSummary();
            PrintWriter out = new PrintWriter(System.out, true);
            summary.printFailuresTo(out, 3);
            out.println("probe: " + summary.getTestsSucceededCount() + " succeeded, " + summary.getTestsFailedCount()
                    + " failed, " + summary.getTestsAbortedCount() + " aborted");
            System.exit(summary.getTestsFailedCount() > 0 ? 1 : 0);
        }
    }
}
