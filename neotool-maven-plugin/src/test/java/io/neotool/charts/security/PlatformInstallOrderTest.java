package io.neotool.charts.security;

import static io.neotool.charts.testtools.Manifests.name;
import static io.neotool.charts.testtools.ProductNamespaces.OBSERVABILITY;
import static io.neotool.charts.testtools.ProductNamespaces.VAULT;
import static io.neotool.charts.testtools.YamlTree.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.InputException;
import io.neotool.charts.TestPaths;
import io.neotool.charts.helm.HelmClient;
import io.neotool.charts.helm.HelmClient.RenderRequest;
import io.neotool.charts.model.PlatformSpec;
import io.neotool.charts.testtools.Manifests;
import io.neotool.charts.testtools.ProductNamespaces;
import io.neotool.charts.testtools.YamlTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Helm's install order on the rendered platform (dev and prod; facts in docs/secrets.md): pre-install and
 * pre-upgrade hooks run before any release resource exists, so none may live in a namespace the release
 * creates, and what the release creates must not need the operator to make its namespaces first.
 */
class PlatformInstallOrderTest {
    private static final String HOOK = "helm.sh/hook";

    static Map<String, Manifests> renders() {
        Rendered charts = Rendered.platform();
        return Map.of("dev", charts.devManifests(), "prod", charts.prodManifests());
    }

    @Test
    void noHookThatRunsBeforeTheReleaseLivesInANamespaceTheReleaseCreates() {
        renders().forEach((env, docs) -> {
            Set<String> created = new TreeSet<>();
            docs.ofKind("Namespace").forEach(ns -> created.add((String) map(ns, "metadata").get("name")));
            assertFalse(created.isEmpty(), env + ": the release creates the platform's namespaces");
            List<String> early = new ArrayList<>();
            for (Map<String, Object> doc : docs) {
                String hook = String.valueOf(map(doc, "metadata", "annotations").getOrDefault(HOOK, ""));
                String namespace = String.valueOf(map(doc, "metadata").getOrDefault("namespace", "default"));
                if ((hook.contains("pre-install") || hook.contains("pre-upgrade")) && created.contains(namespace)) {
                    early.add(doc.get("kind") + " " + name(doc) + " (" + hook + ")");
                }
            }
            assertEquals(List.of(), early, env + ": these run before their namespace exists");
        });
    }

    @Test
    void theGeneratedSecretsAreReleaseResourcesInTheReleasesNamespaces() {
        Manifests dev = renders().get("dev");
        Set<String> namespaces = new TreeSet<>();
        dev.ofKind("Namespace").forEach(ns -> namespaces.add((String) map(ns, "metadata").get("name")));
        List<String> secrets = new ArrayList<>(List.of(VAULT + "/vault-token", OBSERVABILITY + "/grafana-admin"));
        ProductNamespaces.VAULT_TOKEN_COPIES.forEach(namespace -> secrets.add(namespace + "/vault-token"));
        for (String secret : secrets) {
            Map<String, Object> doc = dev.one("Secret", secret.split("/")[0], secret.split("/")[1]);
            Map<String, Object> annotations = map(doc, "metadata", "annotations");
            assertFalse(annotations.containsKey(HOOK), secret + " is created in Helm's install order, after its namespace");
            assertFalse(annotations.containsKey("helm.sh/resource-policy"),
                    secret + " goes with the release: nothing it protects outlives an uninstall");
            assertTrue(namespaces.contains(secret.substring(0, secret.indexOf('/'))), secret);
        }
    }

    /**
     * What Helm keeps past the release (the namespaces, the Secrets of the data that outlives it) Argo CD would prune
     * as soon as it is no longer rendered: it reads Helm's keep only when its Application is deleted.
     */
    @Test
    void everyObjectHelmKeepsArgoCdDoesNotPrune() {
        renders().forEach((environment, docs) -> {
            List<Map<String, Object>> kept = docs.stream()
                    .filter(d -> "keep".equals(map(d, "metadata", "annotations").get("helm.sh/resource-policy"))).toList();
            assertTrue(kept.stream().anyMatch(d -> "Namespace".equals(d.get("kind"))), environment + " keeps its namespaces");
            kept.forEach(d -> assertEquals("Prune=false", map(d, "metadata", "annotations").get("argocd.argoproj.io/sync-options"),
                    environment + ": " + d.get("kind") + " " + name(d)));
        });
    }

    /**
     * Under global.gitops (a controller that renders with helm template and looks nothing up) a generated credential
     * would be new at every sync: each one the charts would generate fails the render, naming the key that replaces
     * it; given all, the platform renders.
     */
    @Test
    void underGitopsNoCredentialIsGenerated() {
        Rendered charts = Rendered.platform();
        Map<String, String> given = new java.util.HashMap<>(Map.of("global.gitops", "true"));
        Set<String> generated = new TreeSet<>(Set.of("vault.token.value", "postgres.auth.existingSecret",
                "minio.existingSecret", "observability.grafana.admin.existingSecret"));
        Set<String> named = new TreeSet<>();
        // Helm stops at the first template that fails: one key named per render, in its order
        while (named.size() < generated.size()) {
            String message = assertThrows(InputException.class, () -> charts.render(List.of(), given), named::toString).getMessage();
            assertTrue(message.contains("global.gitops is on"), message);
            String key = generated.stream().filter(k -> message.contains("give " + k + " ")).findFirst().orElseThrow(
                    () -> new AssertionError("names none of " + generated + ": " + message));
            assertTrue(named.add(key), key + " named twice");
            given.put(key, key.equals("vault.token.value") ? "root" : "ops-made");
        }
        assertFalse(new Manifests(charts.render(List.of(), given)).isEmpty());
    }

    @Test
    void theNotesListEveryObjectTheOperatorMakesInEachEnvironment() {
        Rendered charts = Rendered.platform();
        HelmClient helm = new HelmClient();
        String prod = helm.dryRunInstall(new RenderRequest(charts.umbrella, "neotool", "default", HelmClient.DEFAULT_KUBE_VERSION,
                List.of(charts.umbrella.resolve("values-prod.yaml")), Map.of()));
        String notes = prod.substring(prod.indexOf("NOTES:"));
        List<Object> operatorMade = YamlTree.list(YamlTree.document(read(charts.umbrella.resolve("values-prod.yaml"))), "global", "operatorMade");
        assertFalse(operatorMade.isEmpty(), "prod declares what the operator makes");
        for (Object o : operatorMade) {
            Map<String, Object> object = map(o);
            String line = "  - " + object.get("kind") + " " + object.get("namespace") + "/" + object.get("name") + ": " + object.get("create");
            assertTrue(notes.contains(line + "\n"), line + " in\n" + notes);
        }
        assertTrue(notes.contains("Create each as soon as its namespace exists, the Vault tokens once Vault\nis initialised"), notes);
        assertTrue(notes.contains("Vault (ha):\n  the servers start sealed."), notes);
        assertTrue(notes.contains("created by this release, with their Pod Security labels"), notes);
        // R2's buckets are the operator's too: Loki's, the backups' and the services' own, from the values
        Map<String, Object> prodValues = YamlTree.document(read(charts.umbrella.resolve("values-prod.yaml")));
        assertEquals("r2", map(prodValues, "global", "objectStorage").get("provider"));
        assertTrue(notes.contains("Object storage is Cloudflare R2 (global.objectStorage.provider r2): create these buckets"),
                notes);
        PlatformSpec prodSpec = TestPaths.loadSpec().environments().get("prod");
        assertTrue(notes.contains("  - " + prodSpec.observability().loki().s3().bucket() + " (Loki)\n"), notes);
        prodSpec.services().forEach((name, s) -> s.env().forEach((key, bucket) -> {
            if (key.endsWith("_BUCKET")) {
                assertTrue(notes.contains("  - " + bucket + " (" + name + ", " + key + ")\n"), key + " in\n" + notes);
            }
        }));
        assertEquals(prodSpec.postgres().backup().enabled(), notes.contains(" (the PostgreSQL backups)\n"), notes);
        String onS3 = helm.dryRunInstall(new RenderRequest(charts.umbrella, "neotool", "default", HelmClient.DEFAULT_KUBE_VERSION,
                List.of(charts.umbrella.resolve("values-prod.yaml")), Map.of("global.objectStorage.provider", "s3")));
        assertTrue(onS3.contains("Object storage is an S3 service (global.objectStorage.provider s3): create these buckets")
                && onS3.contains("  - " + prodSpec.observability().loki().s3().bucket() + " (Loki)\n"), onS3);
        String noLoki = helm.dryRunInstall(new RenderRequest(charts.umbrella, "neotool", "default", HelmClient.DEFAULT_KUBE_VERSION,
                List.of(charts.umbrella.resolve("values-prod.yaml")), Map.of("observability.loki.enabled", "false",
                        "observability.promtail.enabled", "false")));
        assertFalse(noLoki.substring(noLoki.indexOf("NOTES:")).contains(" (Loki)\n"), "no bucket for a Loki that is off");

        String dev = helm.dryRunInstall(new RenderRequest(charts.umbrella, "neotool", "default", HelmClient.DEFAULT_KUBE_VERSION,
                List.of(), Map.of("namespaces.create", "false")));
        String devNotes = dev.substring(dev.indexOf("NOTES:"));
        List<Object> devMade = YamlTree.list(YamlTree.document(read(charts.umbrella.resolve("values.yaml"))), "global", "operatorMade");
        assertEquals(!devMade.isEmpty(), devNotes.contains("Made by the operator"), "dev lists what its spec declares\n" + devNotes);
        for (Object o : devMade) {
            Map<String, Object> object = map(o);
            assertTrue(devNotes.contains("  - " + object.get("kind") + " " + object.get("namespace") + "/" + object.get("name")
                    + ": " + object.get("create") + "\n"), devNotes);
        }
        assertTrue(devNotes.contains("a restart of the vault pod loses every secret, the JWT keys included"), devNotes);
        Map<String, Object> items = map(YamlTree.document(read(charts.umbrella.resolve("values.yaml"))), "namespaces", "items");
        assertFalse(items.isEmpty());
        items.forEach((ns, item) -> assertTrue(devNotes.contains("    " + ns + ": " + map(item).get("podSecurity") + "\n"), devNotes));
    }

    private static String read(java.nio.file.Path file) {
        try {
            return java.nio.file.Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void namespacesMadeByTheOperatorAreNotRenderedAndNothingElseChanges() {
        Rendered charts = Rendered.platform();
        Manifests withNamespaces = charts.prodManifests();
        Manifests without = new Manifests(charts.render(List.of("values-prod.yaml"), Map.of("namespaces.create", "false")));
        assertEquals(List.of(), without.ofKind("Namespace"));
        assertEquals(withNamespaces.stream().filter(d -> !"Namespace".equals(d.get("kind"))).map(Manifests::name).sorted().toList(),
                without.stream().map(Manifests::name).sorted().toList());
    }

    /**
     * An installer who is admin of the platform's namespaces alone (a shared cluster's platform team makes the
     * namespaces) can install: with the namespaces made by the operator and the kubelets' and kube-state-metrics'
     * scrapes off, the release renders no cluster-scoped object, which such a user may not create.
     */
    @Test
    void aNamespaceAdminInstallsWithNothingClusterScoped() {
        Rendered charts = Rendered.platform();
        Manifests admin = new Manifests(charts.render(List.of("values-prod.yaml"), Map.of("namespaces.create", "false",
                "observability.kubelet.enabled", "false", "observability.kubeStateMetrics.enabled", "false")));
        List<String> clusterScoped = admin.stream().filter(d -> !(d.get("metadata") instanceof Map<?, ?> m
                && m.get("namespace") instanceof String ns && !ns.isEmpty())).map(d -> d.get("kind") + "/" + Manifests.name(d)).toList();
        assertEquals(List.of(), clusterScoped);
        assertTrue(charts.prodManifests().stream().anyMatch(d -> "ClusterRole".equals(d.get("kind"))), "prod has some by default");
    }
}
