package io.neotool.charts.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a real program (shellcheck, sh, openssl) and returns its exit code and output. */
public record ProcessRun(int exit, String out) {
    public static ProcessRun of(List<String> command, Path dir, Map<String, String> env, String stdin) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) {
            builder.directory(dir.toFile());
        }
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            if (stdin != null) {
                process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " timed out");
            }
            return new ProcessRun(process.exitValue(), out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0) + " (is it installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A helm test Pod's script (the {@code sh -c} argument of its one container) run here with the real curl on the
     * PATH, its literal env and {@code env} on top (a stand-in's URL for the in-cluster one, say).
     */
    public static ProcessRun testPodScript(Map<String, Object> pod, Map<String, String> env) {
        Map<String, Object> container = io.neotool.charts.testtools.Manifests.container(pod);
        Map<String, String> all = new java.util.HashMap<>(io.neotool.charts.testtools.Manifests.literalEnv(container));
        all.putAll(env);
        all.put("PATH", io.neotool.charts.testtools.ExternalTool.CURL.require().getParent() + ":/usr/bin:/bin");
        String script = String.valueOf(io.neotool.charts.testtools.YamlTree.list(container, "args").get(0));
        return of(List.of("/bin/sh", "-c", script), null, all, null);
    }

    public static ProcessRun of(String... command) {
        return of(List.of(command), null, Map.of(), null);
    }
}
