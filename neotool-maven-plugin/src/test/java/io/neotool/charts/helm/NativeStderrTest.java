package io.neotool.charts.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import com.sun.jna.Platform;
import io.neotool.charts.BuildLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Helm's own log lines (Go's log package, descriptor 2) go to the build log at debug, not to the console. */
class NativeStderrTest {
    @TempDir
    Path dir;

    @Test
    void helmLintsMissingRequiredValueLinesGoToDebug() throws IOException {
        Assumptions.assumeFalse(Platform.isWindows(), "Go does not write through descriptor 2 on Windows");
        Helm.create().withName("demo").withDir(dir).call();
        Path chart = dir.resolve("demo");
        Files.writeString(chart.resolve("templates/configmap.yaml"),
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: {{ required \"demo: set greeting\" .Values.greeting | quote }}\n");
        List<String> debug = new ArrayList<>();
        List<String> other = new ArrayList<>();
        BuildLog log = new BuildLog() {
            public void info(String m) { other.add(m); }
            public void warn(String m) { other.add(m); }
            public void debug(String m) { debug.add(m); }
        };
        for (int run = 1; run <= 2; run++) { // twice: the descriptor was restored and can be taken again
            debug.clear();
            NativeStderr.capture(dir, () -> new HelmClient().lint(chart), "helm lint demo: ", log);
            assertEquals(1, debug.stream().filter(l -> l.startsWith("helm lint demo: ")
                    && l.contains("[INFO] Missing required value: demo: set greeting")).count(), "run " + run + ": " + debug);
        }
        assertTrue(other.isEmpty(), other.toString());
    }
}
