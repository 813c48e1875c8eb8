package io.neotool.charts.security;

import static io.neotool.charts.testtools.ProductNamespaces.KAFKA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.testtools.ExternalTool;
import io.neotool.charts.testtools.Manifests;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every shell script embedded in the rendered templates (dev and prod), in containers' commands and in ConfigMaps'
 * {@code *.sh} keys, passes Debian's shellcheck as POSIX sh (the Vault image's /bin/sh is busybox). Without
 * shellcheck on PATH these checks are skipped and listed in the build's summary; under CI=true they fail.
 */
class EmbeddedScriptsShellcheckTest {

    static Rendered charts;

    @BeforeAll
    static void generate() {
        charts = Rendered.platform();
    }

    @Test
    void everyEmbeddedScriptPassesShellcheck() {
        ExternalTool.SHELLCHECK.require();
        for (String render : List.of(charts.dev(), charts.prod())) {
            Map<String, String> scripts = EmbeddedScripts.of(new Manifests(render));
            assertTrue(scripts.keySet().stream().anyMatch(k -> k.endsWith("vault-init")), scripts.keySet().toString());
            assertTrue(scripts.keySet().stream().anyMatch(k -> k.endsWith("jwt-init")), scripts.keySet().toString());
            assertTrue(scripts.keySet().stream().anyMatch(k -> k.contains("postgres-databases")), scripts.keySet().toString());
            assertTrue(scripts.keySet().stream().anyMatch(k -> k.startsWith("StatefulSet " + KAFKA + "/kafka ")),
                    "Kafka's start script, inline in its command: " + scripts.keySet());
            if (render.equals(charts.dev())) { // MinIO runs in dev only; its script is inline in the command
                assertTrue(scripts.keySet().stream().anyMatch(k -> k.contains("minio-buckets")), scripts.keySet().toString());
            }
            assertTrue(scripts.keySet().stream().anyMatch(k -> k.startsWith("ConfigMap ") && k.endsWith(" upload.sh")),
                    "the ConfigMaps' scripts (the PostgreSQL backup's): " + scripts.keySet());
            assertTrue(scripts.keySet().stream().anyMatch(k -> k.startsWith("Pod ")), "the helm test Pods: " + scripts.keySet());
            scripts.forEach((where, script) -> {
                ProcessRun check = ProcessRun.of(List.of("shellcheck", "-s", "sh", "-"), null, Map.of(), script);
                assertEquals(0, check.exit(), where + " fails shellcheck:\n" + check.out());
            });
        }
    }

    @Test
    void shellcheckWouldCatchAMistake() {
        ExternalTool.SHELLCHECK.require();
        ProcessRun check = ProcessRun.of(List.of("shellcheck", "-s", "sh", "-"), null, Map.of(), "echo $undefined_quote\n[[ 1 ]]\n");
        assertTrue(check.exit() != 0, "shellcheck flags unquoted expansions and [[ in sh: " + check.out());
    }
}
