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
 * After Helm's install path (a render, a dry-run install) the JVM keeps its handlers of SIGINT, SIGQUIT and SIGTERM
 * and still stops on SIGTERM as a JVM does, its shutdown hooks run: helm-java's Go code takes those signals at each
 * call, and {@link JvmSignals} gives them back. Without it a build could not be stopped with Ctrl-C, nor cancelled by a CI, once the lint had rendered.
 */
@DisabledOnOs(OS.WINDOWS)
class JvmSignalsTest {
    @TempDir
    Path dir;

    @Test
    void aJvmThatRenderedKeepsItsHandlersAndStillStopsOnSigterm() throws IOException, InterruptedException {
        Path chart = Files.createDirectories(dir.resolve("demo/templates"));
        Files.writeString(chart.resolve("../Chart.yaml"), "apiVersion: v2\nname: demo\nversion: 1.0.0\n");
        Files.writeString(chart.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: demo}\n");
        ChildJvm child = ChildJvm.start(SignalledRender.class, dir.resolve("child"), null, dir.resolve("demo").toString());
        int exit = child.waitFor();
        String out = child.output();
        // SIGINT, SIGQUIT and SIGTERM, whatever the parent left them (a shell's background job ignores SIGINT)
        assertTrue(out.contains("rendered; the handlers before and after the render are the same: true"), out);
        assertTrue(out.contains("shutdown hook ran"), out);
        assertFalse(out.contains("still running"), out);
        assertEquals(128 + 15, exit, out);
    }

    /** Main of the child JVM: renders the chart in {@code args[0]}, compares its signal handlers, then sends itself SIGTERM. */
    public static final class SignalledRender {
        public static void main(String[] args) throws Exception {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("shutdown hook ran")));
            long[] before = JvmSignals.handlers();
            new HelmClient().template(HelmClient.RenderRequest.of(Path.of(args[0]), "demo", List.of()));
            System.out.println("rendered; the handlers before and after the render are the same: "
                    + java.util.Arrays.equals(before, JvmSignals.handlers()));
            new ProcessBuilder("kill", "-TERM", Long.toString(ProcessHandle.current().pid())).inheritIO().start().waitFor();
            Thread.sleep(20_000);
            System.out.println("still running");
        }
    }
}
