package io.neotool.charts.scratch;

import io.neotool.charts.BuildLog;
import io.neotool.charts.helm.HelmClient;
import io.neotool.charts.report.LintReports;
import io.neotool.charts.security.Rendered;
import io.neotool.charts.verify.Linter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DumpTest {
    @Test
    void dump() throws Exception {
        Rendered r = Rendered.platform();
        var result = new Linter(new HelmClient(), BuildLog.SILENT).lint(new Linter.Request(r.umbrella.getParent(), "1.32.0", "neotool", "default"));
        BuildLog out = new BuildLog() {
            public void info(String m) { System.out.println("INFO " + m); }
            public void warn(String m) { System.out.println("WARN " + m); }
            public void debug(String m) { }
        };
        try { LintReports.publish(result, Path.of("/tmp/pv-reports"), false, out); } catch (RuntimeException e) { System.out.println("FAIL " + e.getMessage()); }
    }
}
