package io.neotool.charts.testtools;

import java.util.List;
import java.util.stream.Collectors;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** What a test reports when tools it needs are not on PATH: skipped locally, failed under CI=true. */
interface MissingTools {
    List<ExternalTool> tools();

    static String describe(List<ExternalTool> tools) {
        return tools.stream().map(t -> t.command() + " (Debian package " + t.debianPackage() + ")")
                .collect(Collectors.joining(", "));
    }

    static String installCommand(List<ExternalTool> tools) {
        return "apt-get install " + tools.stream().map(ExternalTool::debianPackage).distinct().sorted()
                .collect(Collectors.joining(" "));
    }

    /** Locally: JUnit reports the test as skipped. */
    final class Skipped extends TestAbortedException implements MissingTools {
        private final transient List<ExternalTool> tools;

        Skipped(List<ExternalTool> tools) {
            super("skipped: not on PATH: " + describe(tools) + "; install with: " + installCommand(tools));
            this.tools = List.copyOf(tools);
        }

        @Override
        public List<ExternalTool> tools() {
            return tools;
        }
    }

    /** Under CI=true: the test fails, so CI can never pass with checks skipped. */
    final class Failed extends AssertionFailedError implements MissingTools {
        private final transient List<ExternalTool> tools;

        Failed(List<ExternalTool> tools) {
            super("CI=true and tools this test needs are not on PATH: " + describe(tools) + "; install with: "
                    + installCommand(tools) + " (.ci/run does)");
            this.tools = List.copyOf(tools);
        }

        @Override
        public List<ExternalTool> tools() {
            return tools;
        }
    }
}
