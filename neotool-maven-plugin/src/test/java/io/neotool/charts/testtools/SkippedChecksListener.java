package io.neotool.charts.testtools;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Registered through META-INF/services, so every JUnit Platform run (Surefire, Failsafe, an IDE) uses it:
 * records the checks {@link ExternalTools} skipped or failed for missing tools and, when the run ends, prints
 * the summary of the whole build so far. A module whose tests are not the build's last (system property
 * {@code neotool.checks.summary=later}) prints one line instead, so the build ends with one summary of every
 * module, printed by the integration tests; a check that failed for a missing tool (CI=true) ends the build
 * at once, so then the summary is printed straight away.
 */
public final class SkippedChecksListener implements TestExecutionListener {
    private boolean used;

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getThrowable().orElse(null) instanceof MissingTools missing) {
            SkippedChecks.Kind kind = result.getStatus() == TestExecutionResult.Status.ABORTED
                    ? SkippedChecks.Kind.SKIPPED : SkippedChecks.Kind.FAILED;
            String tools = missing.tools().stream().map(ExternalTool::command).collect(Collectors.joining(", "));
            SkippedChecks.record(new SkippedChecks.Entry(kind, name(test), tools));
        }
    }

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        used = true;
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        List<SkippedChecks.Entry> entries = SkippedChecks.ofThisBuild();
        if (!used || entries.isEmpty()) {
            return;
        }
        boolean failed = entries.stream().anyMatch(e -> e.kind() == SkippedChecks.Kind.FAILED);
        if (failed || !"later".equals(System.getProperty(SkippedChecks.SUMMARY))) {
            SkippedChecks.print(entries, System.out);
        } else {
            long skipped = entries.stream().filter(e -> e.kind() == SkippedChecks.Kind.SKIPPED).count();
            System.out.println("[external tools] " + skipped + " check(s) skipped so far for missing tools;"
                    + " the summary ends the build (" + System.getProperty(SkippedChecks.FILE) + ")");
        }
    }

    private static String name(TestIdentifier test) {
        TestSource source = test.getSource().orElse(null);
        if (source instanceof MethodSource m) {
            return simple(m.getClassName()) + "." + m.getMethodName();
        }
        if (source instanceof ClassSource c) {
            return simple(c.getClassName()) + " (all its tests)";
        }
        return test.getDisplayName();
    }

    private static String simple(String className) {
        return className.substring(className.lastIndexOf('.') + 1).replace('$', '.');
    }
}
