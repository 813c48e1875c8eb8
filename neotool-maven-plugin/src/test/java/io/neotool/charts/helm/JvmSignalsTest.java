package io.neotool.charts.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * After Helm's install path (a render, a dry-run install) the JVM still stops on SIGTERM and SIGINT as a JVM does,
 * its shutdown hooks run: helm-java's Go code takes those signals at each call, and {@link JvmSignals} gives them
 * back. Without it a build could not be stopped with Ctrl-C, nor cancelled by a CI, once the lint had rendered.
 */
@DisabledOnOs(OS.WINDOWS)
class JvmSignalsTest {
    @TempDir
    Path dir;

    @Test
    void aJvmThatRenderedStillStopsOnSigtermAndSigint() throws IOException, InterruptedException {
        Path chart = Files.createDirectories(dir.resolve("demo/templates"));
        Files.writeString(chart.resolve("../Chart.yaml"), "apiVersion: v2\nname: demo\nversion: 1.0.0\n");
        Files.writeString(chart.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: demo}\n");
        for (String signal : List.of("TERM", "INT")) {
            ChildJvm child = ChildJvm.start(SignalledRender.class, dir.resolve("child-" + signal), null,
                    dir.resolve("demo").toString(), signal);
            int exit = child.waitFor();
            String out = child.output();
            assertTrue(out.contains("rendered, asking for SIG" + signal), out);
            assertTrue(out.contains("shutdown hook ran"), out);
            assertFalse(out.contains("still running"), out);
            assertEquals(128 + (signal.equals("TERM") ? 15 : 2), exit, out);
        }
    }

    /** Main of the child JVM: renders the chart in {@code args[0]}, then sends itself SIG{@code args[1]}. */
    public static final class SignalledRender {
        public static void main(String[] args) throws Exception {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("shutdown hook ran")));
            new HelmClient().template(HelmClient.RenderRequest.of(Path.of(args[0]), "demo", List.of()));
            System.out.println("rendered, asking for SIG" + args[1]);
            new ProcessBuilder("kill", "-" + args[1], Long.toString(ProcessHandle.current().pid())).inheritIO().start().waitFor();
            Thread.sleep(20_000);
            System.out.println("still running");
        }
    }
}
