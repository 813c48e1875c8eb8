package io.neotool.charts.security;

import static io.neotool.charts.security.Rendered.documents;
import static io.neotool.charts.security.Rendered.map;
import static io.neotool.charts.security.Rendered.name;
import static io.neotool.charts.security.Rendered.ofKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
class InstallOrderTest {
    private static final String HOOK = "helm.sh/hook";

    static Map<String, List<Map<String, Object>>> renders() {
        Rendered charts = Rendered.platform();
        return Map.of("dev", documents(charts.dev()), "prod", documents(charts.prod()));
    }

    @Test
    void noHookThatRunsBeforeTheReleaseLivesInANamespaceTheReleaseCreates() {
        renders().forEach((env, docs) -> {
            Set<String> created = new TreeSet<>();
            ofKind(docs, "Namespace").forEach(ns -> created.add((String) map(ns, "metadata").get("name")));
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
        List<Map<String, Object>> dev = renders().get("dev");
        Set<String> namespaces = new TreeSet<>();
        ofKind(dev, "Namespace").forEach(ns -> namespaces.add((String) map(ns, "metadata").get("name")));
        for (String secret : List.of("neotool-security/vault-token", "neotool-app/vault-token", "neotool-observability/grafana-admin")) {
            Map<String, Object> doc = Rendered.one(dev, "Secret", secret);
            Map<String, Object> annotations = map(doc, "metadata", "annotations");
            assertFalse(annotations.containsKey(HOOK), secret + " is created in Helm's install order, after its namespace");
            assertFalse(annotations.containsKey("helm.sh/resource-policy"),
                    secret + " goes with the release: nothing it protects outlives an uninstall");
            assertTrue(namespaces.contains(secret.substring(0, secret.indexOf('/'))), secret);
        }
    }

    @Test
    void namespacesMadeByTheOperatorAreNotRenderedAndNothingElseChanges() {
        Rendered charts = Rendered.platform();
        List<Map<String, Object>> withNamespaces = documents(charts.prod());
        List<Map<String, Object>> without = documents(charts.render(List.of("values-prod.yaml"), Map.of("namespaces.create", "false")));
        assertEquals(List.of(), ofKind(without, "Namespace"));
        assertEquals(withNamespaces.stream().filter(d -> !"Namespace".equals(d.get("kind"))).map(Rendered::name).sorted().toList(),
                without.stream().map(Rendered::name).sorted().toList());
    }
}
