package io.neotool.charts.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * helm template renders from a staged copy of the chart (hook templates rewritten, every other file linked): hooks come
 * out as the helm CLI prints them, files reached through a symbolic link are read, and the chart itself is untouched.
 */
class HelmClientTemplateTest {
    @TempDir
    Path tmp;

    @Test
    void rendersHooksAndLinkedFilesAndLeavesTheChartAsItWas() throws IOException {
        Path chart = Files.createDirectories(tmp.resolve("demo"));
        Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: demo\nversion: 0.1.0\n");
        Path shared = Files.writeString(tmp.resolve("shared-values.yaml"), "greeting: hello\n");
        Files.createSymbolicLink(chart.resolve("values.yaml"), shared);
        Path templates = Files.createDirectories(chart.resolve("templates"));
        String hook = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: init
                  annotations:
                    helm.sh/hook: pre-install
                data:
                  greeting: {{ .Values.greeting }}
                """;
        Files.writeString(templates.resolve("hook.yaml"), hook);
        Files.writeString(templates.resolve("plain.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n"
                + "data:\n  greeting: {{ .Values.greeting }}\n");
        // a linked directory (relative, as in a repository) is read as Helm reads it, and a linked file in it too
        Path sharedTemplates = Files.createDirectories(tmp.resolve("shared-templates"));
        Files.writeString(sharedTemplates.resolve("extra.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n");
        Files.createSymbolicLink(sharedTemplates.resolve("linked.yaml"), Path.of("extra.yaml.txt"));
        Files.writeString(sharedTemplates.resolve("extra.yaml.txt"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: linked\n");
        Files.createSymbolicLink(templates.resolve("shared"), Path.of("../../shared-templates"));

        String rendered = new HelmClient().template(new HelmClient.RenderRequest(chart, "r", "default",
                HelmClient.DEFAULT_KUBE_VERSION, List.of(), Map.of()));

        assertTrue(rendered.contains("name: init") && rendered.contains("helm.sh/hook: pre-install"), rendered);
        assertTrue(rendered.contains("name: plain") && rendered.contains("name: extra") && rendered.contains("name: linked"), rendered);
        assertEquals(2, rendered.split("greeting: hello", -1).length - 1, rendered);
        assertEquals(hook, Files.readString(templates.resolve("hook.yaml")));
        assertEquals("greeting: hello\n", Files.readString(shared));
        assertTrue(Files.isSymbolicLink(chart.resolve("values.yaml")));
        try (var files = Files.list(tmp)) {
            assertEquals(List.of("demo", "shared-templates", "shared-values.yaml"), files.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void scratchFilesStayUnderTheGivenDirectoryAndWhatAGoneProcessLeftIsRemoved() throws IOException {
        Path chart = Files.createDirectories(tmp.resolve("demo/templates"));
        Files.writeString(chart.resolveSibling("Chart.yaml"), "apiVersion: v2\nname: demo\nversion: 0.1.0\n");
        Files.writeString(chart.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n");
        Path root = tmp.resolve("scratch");
        // a build killed in the middle of a render (no process has this pid: Linux pids stay below 2^22)
        Path left = Files.createDirectories(root.resolve("999999999/template-123/demo"));
        Files.writeString(left.resolve("Chart.yaml"), "left behind");
        Files.createFile(root.resolve("999999999").resolve(HelmClient.SCRATCH_MARK));
        Files.createDirectories(root.resolve("not-a-process"));
        // a directory of the user's (the reports directory is theirs to choose) that happens to have a number for a name
        Files.writeString(Files.createDirectories(root.resolve("999999998")).resolve("data.txt"), "precious");

        HelmClient helm = new HelmClient(root);
        String own = Long.toString(ProcessHandle.current().pid());
        try (var dirs = Files.list(root)) {
            assertEquals(List.of(own, "999999998", "not-a-process").stream().sorted().toList(),
                    dirs.map(d -> d.getFileName().toString()).sorted().toList(), "only the marked scratch of a gone process goes");
        }
        assertTrue(Files.isRegularFile(root.resolve(own).resolve(HelmClient.SCRATCH_MARK)), "this build's scratch is marked");
        String rendered = helm.template(new HelmClient.RenderRequest(chart.getParent(), "r", "default",
                HelmClient.DEFAULT_KUBE_VERSION, List.of(), Map.of()));
        assertTrue(rendered.contains("name: cm"), rendered);
        helm.lint(chart.getParent(), "helm lint demo: ", io.neotool.charts.BuildLog.SILENT);
        try (var files = Files.list(root.resolve(own))) {
            assertEquals(List.of(), files.filter(f -> !f.getFileName().toString().equals(HelmClient.SCRATCH_MARK)).toList(),
                    "the staged chart and the captured log are removed after each call");
        }
    }

    @Test
    void aChartBelowADirectoryNamedTemplatesKeepsItsOtherFilesAsTheyAre() throws IOException {
        // only the chart's own templates/ counts, not a directory of that name above the chart
        Path chart = Files.createDirectories(tmp.resolve("templates/demo"));
        Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: demo\nversion: 0.1.0\n");
        Files.write(chart.resolve("logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', (byte) 0xff, (byte) 0xfe});
        Files.writeString(Files.createDirectories(chart.resolve("templates")).resolve("cm.yaml"),
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  annotations:\n    helm.sh/hook: pre-install\n");

        String rendered = new HelmClient().template(new HelmClient.RenderRequest(chart, "r", "default",
                HelmClient.DEFAULT_KUBE_VERSION, List.of(), Map.of()));

        assertTrue(rendered.contains("name: cm") && rendered.contains("helm.sh/hook: pre-install"), rendered);
    }

    @Test
    void textOtherThanAsciiComesBackWholeWhereThePlatformsEncodingIsNotUtf8() throws Exception {
        // LC_ALL=C: Java's native encoding is ASCII there, as windows-1252 is on many Windows machines; Helm speaks UTF-8
        Path chart = Files.createDirectories(tmp.resolve("demo/templates"));
        Files.writeString(chart.resolveSibling("Chart.yaml"), "apiVersion: v2\nname: demo\nversion: 0.1.0\n");
        Files.writeString(chart.resolveSibling("values.yaml"), "greeting: Grüße, Zoë\n");
        Files.writeString(chart.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n"
                + "data:\n  greeting: {{ .Values.greeting | quote }}\n  set: {{ .Values.set | quote }}\n");
        Path out = tmp.resolve("rendered.yaml");
        ProcessBuilder child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"), RenderInChild.class.getName(),
                chart.getParent().toString(), out.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile());
        child.environment().put("LC_ALL", "C");
        child.environment().put("LANG", "C");
        Process process = child.start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the child did not finish");
        assertEquals(0, process.exitValue(), Files.readString(tmp.resolve("child.log")));

        String rendered = Files.readString(out, StandardCharsets.UTF_8);
        assertTrue(rendered.contains("greeting: \"Grüße, Zoë\"") && rendered.contains("set: \"Ça va\""), rendered);
    }

    /** Renders the chart {@code args[0]} with {@code set=Ça va} and writes the output as UTF-8 to {@code args[1]}. */
    static final class RenderInChild {
        public static void main(String[] args) throws IOException {
            String rendered = new HelmClient().template(new HelmClient.RenderRequest(Path.of(args[0]), "r", "default",
                    HelmClient.DEFAULT_KUBE_VERSION, List.of(), Map.of("set", "\u00c7a va")));
            Files.writeString(Path.of(args[1]), rendered, StandardCharsets.UTF_8);
        }
    }
}
