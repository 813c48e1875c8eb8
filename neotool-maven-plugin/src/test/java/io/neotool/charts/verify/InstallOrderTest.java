package io.neotool.charts.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Helm 3's order of an install and an upgrade: pre-hooks (weight, kind, name), release resources (InstallOrder), post-hooks. */
class InstallOrderTest {
    private static String object(String kind, String name, String hook, String weight) {
        return "---\napiVersion: v1\nkind: " + kind + "\nmetadata:\n  name: " + name + "\n"
                + (hook.isEmpty() ? "" : "  annotations:\n    helm.sh/hook: " + hook + "\n"
                + (weight.isEmpty() ? "" : "    helm.sh/hook-weight: \"" + weight + "\"\n"));
    }

    private static final List<Manifest> RELEASE = Fixture.parse(String.join("",
            object("Deployment", "api", "", ""),
            object("Job", "migrate", "pre-install,pre-upgrade", "5"),
            object("Secret", "token", "pre-install", ""),
            object("ConfigMap", "seed", "pre-install", ""),
            object("Job", "smoke", "post-install", ""),
            object("Service", "api", "", ""),
            object("Namespace", "shop", "", ""),
            object("Secret", "early", "pre-install", "-1"),
            object("Widget", "custom", "", ""),
            object("ServiceAccount", "api", "", ""),
            object("Job", "after-upgrade", "post-upgrade", "")));

    private static List<String> order(String action) {
        return InstallOrder.of(action, RELEASE).stream().map(s -> s.stage() + " " + s.manifest().id()).toList();
    }

    @Test
    void installRunsPreInstallHooksByWeightAndNameThenTheReleaseInInstallOrderThenPostInstallHooks() {
        // Helm sorts an event's hooks by weight, then by name (pkg/action/hooks.go, hookByWeight): not by kind
        assertEquals(List.of(
                "pre-install hook Secret/early",
                "pre-install hook ConfigMap/seed",
                "pre-install hook Secret/token",
                "pre-install hook Job/migrate",
                "release resource Namespace/shop",
                "release resource ServiceAccount/api",
                "release resource Service/api",
                "release resource Deployment/api",
                "release resource Widget/custom",
                "post-install hook Job/smoke"), order("install"));
    }

    @Test
    void upgradeRunsItsOwnHooks() {
        assertEquals(List.of(
                "pre-upgrade hook Job/migrate",
                "release resource Namespace/shop",
                "release resource ServiceAccount/api",
                "release resource Service/api",
                "release resource Deployment/api",
                "release resource Widget/custom",
                "post-upgrade hook Job/after-upgrade"), order("upgrade"));
    }
}
