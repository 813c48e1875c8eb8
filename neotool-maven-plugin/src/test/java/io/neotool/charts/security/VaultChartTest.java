package io.neotool.charts.security;

import static io.neotool.charts.testtools.Manifests.name;
import static io.neotool.charts.testtools.ProductNamespaces.VAULT;
import static io.neotool.charts.testtools.YamlTree.list;
import static io.neotool.charts.testtools.YamlTree.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.InputException;
import io.neotool.charts.TestPaths;
import io.neotool.charts.model.ServiceSpec;
import io.neotool.charts.testtools.FileSnapshots;
import io.neotool.charts.testtools.Manifests;
import io.neotool.charts.testtools.ProductNamespaces;
import io.neotool.charts.testtools.YamlTree;
import io.neotool.charts.model.VaultSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vault chart, rendered by real Helm for dev and prod, and its render-time refusals. */
class VaultChartTest {

    static Rendered charts;
    static Manifests dev;
    static Manifests prod;

    @BeforeAll
    static void render() {
        charts = Rendered.platform();
        dev = charts.devManifests();
        prod = charts.prodManifests();
    }

    @Test
    void devRunsTheDevServerWithTheRootTokenFromTheSecret() {
        Map<String, Object> deployment = dev.one("Deployment", VAULT, "vault");
        Map<String, Object> container = map(list(deployment, "spec", "template", "spec", "containers").get(0));
        assertEquals(List.of("vault", "server", "-dev"), container.get("command"));
        assertEquals("hashicorp/vault:1.21.1", container.get("image"));
        Map<String, Object> rootToken = list(container, "env").stream().map(YamlTree::map)
                .filter(e -> e.get("name").equals("VAULT_DEV_ROOT_TOKEN_ID")).findFirst().orElseThrow();
        assertEquals(Map.of("name", "vault-token", "key", "token"), map(rootToken, "valueFrom", "secretKeyRef"));
        // IPv4 and IPv6: Vault binds 0.0.0.0 to IPv4 alone
        assertTrue(list(container, "env").contains(Map.of("name", "VAULT_DEV_LISTEN_ADDRESS", "value", "[::]:8200")),
                container.toString());
        Map<String, Object> service = dev.one("Service", VAULT, "vault");
        assertEquals(8200, map(list(service, "spec", "ports").get(0)).get("port"));
        assertTrue(dev.ofKind("StatefulSet").stream().noneMatch(d -> name(d).startsWith(VAULT + "/")));
        // the generated token lands where Vault and the services read it, the same in both
        Map<String, Object> vaultSecret = dev.one("Secret", VAULT, "vault-token");
        assertFalse(ProductNamespaces.VAULT_TOKEN_COPIES.isEmpty(), "the spec's services read Vault's token");
        for (String namespace : ProductNamespaces.VAULT_TOKEN_COPIES) {
            assertEquals(map(vaultSecret, "data"), map(dev.one("Secret", namespace, "vault-token"), "data"), namespace);
        }
        assertEquals(32, new String(java.util.Base64.getDecoder().decode((String) map(vaultSecret, "data").get("token"))).length());
    }

    @Test
    void prodRunsAThreeServerRaftClusterWithAPdbAndNoChartMadeToken() {
        Map<String, Object> sts = prod.one("StatefulSet", VAULT, "vault");
        assertEquals(3, map(sts, "spec").get("replicas"));
        assertEquals("vault-internal", map(sts, "spec").get("serviceName"));
        // the Raft servers on different nodes, required: two on one node would lose the quorum with it
        Map<String, Object> apart = map(list(map(sts, "spec", "template", "spec", "affinity", "podAntiAffinity"),
                "requiredDuringSchedulingIgnoredDuringExecution").get(0));
        assertEquals("kubernetes.io/hostname", apart.get("topologyKey"));
        assertEquals(map(sts, "spec", "selector", "matchLabels"), map(apart, "labelSelector", "matchLabels"));
        Map<String, Object> headless = prod.one("Service", VAULT, "vault-internal");
        assertEquals("None", map(headless, "spec").get("clusterIP"));
        assertEquals(true, map(headless, "spec").get("publishNotReadyAddresses"));
        String hcl = (String) map(prod.one("ConfigMap", VAULT, "vault-config"), "data").get("vault.hcl");
        assertTrue(hcl.contains("storage \"raft\""), hcl);
        for (int i = 0; i < 3; i++) {
            assertTrue(hcl.contains("leader_api_addr = \"http://vault-" + i + ".vault-internal:8200\""), hcl);
        }
        assertEquals(1, map(prod.one("PodDisruptionBudget", VAULT, "vault"), "spec").get("maxUnavailable"));
        assertTrue(prod.ofKind("Secret").stream().noneMatch(d -> name(d).startsWith(VAULT + "/")
                        || name(d).endsWith("/vault-token")),
                "prod renders no token Secret: the operator creates it");
        assertTrue(prod.ofKind("Deployment").stream().noneMatch(d -> name(d).equals(VAULT + "/vault")));
        Map<String, Object> container = map(list(sts, "spec", "template", "spec", "containers").get(0));
        List<String> env = list(container, "env").stream().map(e -> (String) map(e).get("name")).toList();
        assertTrue(env.containsAll(List.of("VAULT_CLUSTER_ADDR", "VAULT_RAFT_NODE_ID", "VAULT_API_ADDR")), env.toString());
        // a standby redirects to the active server's API address: its DNS name, which reads alike for IPv4 and IPv6
        // (an IPv6 pod IP in a URL needs brackets) and resolves from the clients' namespaces
        assertTrue(list(container, "env").contains(Map.of("name", "VAULT_API_ADDR",
                "value", "http://$(HOSTNAME).vault-internal." + VAULT + ".svc.cluster.local:8200")), container.toString());
    }

    /**
     * Liveness restarts only a server that stopped answering: a sealed, uninitialised or cut-off Raft standby (Vault
     * 1.19+ answers 474 when it cannot reach the leader) stays alive, since a restart would seal it and wait for the
     * operator; readiness still takes each of those out of the Service.
     */
    @Test
    void aRaftServerStaysAliveWhileSealedUninitialisedOrCutOffFromTheLeader() {
        Map<String, Object> sts = prod.one("StatefulSet", VAULT, "vault");
        Map<String, Object> container = map(list(sts, "spec", "template", "spec", "containers").get(0));
        String liveness = (String) map(container, "livenessProbe", "httpGet").get("path");
        String readiness = (String) map(container, "readinessProbe", "httpGet").get("path");
        for (String code : List.of("sealedcode", "uninitcode", "haunhealthycode")) {
            assertTrue(liveness.matches(".*[?&]" + code + "=2\\d\\d(&.*)?"), code + " in " + liveness);
            assertFalse(readiness.contains(code), code + " in " + readiness);
        }
        assertTrue(liveness.contains("standbyok=true") && readiness.contains("standbyok=true"), liveness + " / " + readiness);
    }

    /**
     * A Vault server being stopped keeps serving for the spec's preStop sleep while its endpoint leaves the vault
     * Service, with Vault's own 10 s of grace after it; the sleep action exists from Kubernetes 1.30 on, so a render for
     * 1.29 (of charts whose range a spec lowered) has none and keeps the 10 s.
     */
    @Test
    void aStoppingVaultServerKeepsServingWhileItsEndpointIsRemoved(@TempDir Path tmp) throws IOException {
        VaultSpec vault = TestPaths.loadSpec().environments().get("prod").vault();
        assertTrue(vault.preStopSleepSeconds() > 0);
        Map<String, Object> sts = prod.one("StatefulSet", vault.namespace(), "vault");
        Map<String, Object> container = map(list(sts, "spec", "template", "spec", "containers").get(0));
        assertEquals(vault.preStopSleepSeconds(), map(container, "lifecycle", "preStop", "sleep").get("seconds"));
        assertEquals(10 + vault.preStopSleepSeconds(), map(sts, "spec", "template", "spec").get("terminationGracePeriodSeconds"));

        Path older = FileSnapshots.withKubeVersionFloor(charts.umbrella, tmp.resolve("neotool"), "1.28.0");
        Manifests old = new Manifests(new io.neotool.charts.helm.HelmClient().template(new io.neotool.charts.helm.HelmClient.RenderRequest(
                older, "neotool", "default", "1.29.0", List.of(older.resolve("values-prod.yaml")), Map.of())));
        Map<String, Object> sts129 = old.one("StatefulSet", vault.namespace(), "vault");
        assertFalse(map(list(sts129, "spec", "template", "spec", "containers").get(0)).containsKey("lifecycle"));
        assertEquals(10 + vault.preStopSleepSeconds(), map(sts129, "spec", "template", "spec").get("terminationGracePeriodSeconds"),
                "the grace period does not depend on the Kubernetes version");
    }

    /**
     * A service with vaultInit (the issuer) reads the JWT keys where the Job writes them, with its init container's
     * token; one without gets neither Vault's env nor its token, and does not wait for Vault.
     */
    @Test
    void everyServiceReadsTheJwtKeysWhereTheJobWritesThemWithItsInitContainersToken() {
        var spec = TestPaths.loadSpec();
        for (var environment : List.of(spec.base(), spec.environments().get("prod"))) {
            Manifests rendered = environment == spec.base() ? dev : prod;
            String keyPath = environment.vault().jwtInit().keyPath().replaceAll("^/+|/+$", "");
            assertTrue(environment.services().values().stream().anyMatch(s -> s.vaultInit().enabled()),
                    "some service reads the keys the JWT Job writes");
            environment.services().forEach((name, service) -> {
                Map<String, Object> deployment = rendered.one("Deployment", service.namespace(), name);
                Map<String, Object> app = Manifests.container(deployment);
                Map<String, String> env = Manifests.literalEnv(app);
                if (!service.vaultInit().enabled()) {
                    assertTrue(YamlTree.maps(app, "env").stream().noneMatch(e -> ServiceSpec.VAULT_ENV.contains(e.get("name"))), name);
                    assertEquals(null, env.get("VAULT_ENABLED"), name);
                    assertTrue(list(deployment, "spec", "template", "spec", "initContainers").isEmpty(), name);
                    return;
                }
                assertEquals("true", env.get("VAULT_ENABLED"), name);
                // the application reads {VAULT_SECRET_PATH}/{JWT_KEY_ID}, fields private and public
                assertEquals(keyPath, env.get("VAULT_SECRET_PATH") + "/" + env.get("JWT_KEY_ID"), name);
                Map<String, Object> init = map(list(deployment, "spec", "template", "spec", "initContainers").get(0));
                assertEquals("vault-init", init.get("name"));
                assertEquals(map(Manifests.env(init, "VAULT_TOKEN"), "valueFrom", "secretKeyRef"),
                        map(Manifests.env(app, "VAULT_TOKEN"), "valueFrom", "secretKeyRef"), name);
            });
        }
    }

    /**
     * Prod's tokens are periodic: each token namespace renews its own, daily, with the token itself. The rendered
     * script runs against a stand-in of the vault CLI: it reports the new time to live, fails with Vault's reason,
     * and never prints the token.
     */
    @Test
    void outsideDevEachTokenNamespaceRenewsItsTokenWithoutPrintingIt(@TempDir Path dir) throws IOException {
        VaultSpec vault = TestPaths.loadSpec().environments().get("prod").vault();
        assertTrue(dev.ofKind("CronJob").stream().noneMatch(c -> name(c).endsWith("/vault-token-renew")),
                "the dev root token does not expire");
        Set<String> namespaces = new TreeSet<>(vault.token().namespaces());
        namespaces.add(vault.namespace());
        String script = null;
        for (String namespace : namespaces) {
            Map<String, Object> cron = prod.one("CronJob", namespace, "vault-token-renew");
            assertEquals(vault.token().renewal().schedule(), map(cron, "spec").get("schedule"));
            Map<String, Object> c = map(list(cron, "spec", "jobTemplate", "spec", "template", "spec", "containers").get(0));
            assertEquals(Map.of("name", vault.token().secretName(), "key", vault.token().key(), "optional", true),
                    map(Manifests.env(c, "VAULT_TOKEN"), "valueFrom", "secretKeyRef"), namespace);
            assertEquals("http://vault." + vault.namespace() + ".svc.cluster.local:8200", Manifests.literalEnv(c).get("VAULT_ADDR"));
            prod.one("NetworkPolicy", namespace, "vault-token-renew");
            script = (String) list(c, "args").get(0);
        }
        // without the JWT Job nothing reads the token of Vault's own namespace: no renewal there to fail every day
        assertFalse(vault.token().namespaces().contains(vault.namespace()));
        Manifests noJwtJob = new Manifests(charts.render(List.of("values-prod.yaml"), Map.of("vault.jwtInit.enabled", "false")));
        for (String kind : List.of("CronJob", "NetworkPolicy", "ServiceAccount")) {
            assertTrue(noJwtJob.ofKind(kind).stream().noneMatch(o -> name(o).equals(vault.namespace() + "/vault-token-renew")), kind);
            for (String namespace : vault.token().namespaces()) {
                noJwtJob.one(kind, namespace, "vault-token-renew");
            }
        }
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path cli = bin.resolve("vault");
        Files.writeString(cli, """
                #!/bin/sh
                case "$1 $2" in
                  "token renew")
                    if [ "$VAULT_TOKEN" = hvs.current ]; then echo "token $VAULT_TOKEN renewed"; exit 0; fi
                    echo "Error renewing token: Error making API request. Code: 403. Errors: * permission denied" >&2
                    exit 2 ;;
                  "token lookup") echo 767h59m59s ;;
                  *) echo "unexpected: $*" >&2; exit 3 ;;
                esac
                """);
        Files.setPosixFilePermissions(cli, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        String source = vault.token().namespaces().get(0) + "/" + vault.token().secretName();
        Map<String, String> env = new java.util.HashMap<>(Map.of("PATH", bin + ":" + System.getenv("PATH"), "SOURCE", source));
        env.put("VAULT_TOKEN", "hvs.current");
        ProcessRun renewed = ProcessRun.of(List.of("/bin/sh", "-c", script), dir, env, null);
        assertEquals(0, renewed.exit(), renewed.out());
        assertTrue(renewed.out().contains("renewed the token of Secret " + source + "; time to live now 767h59m59s"), renewed.out());
        env.put("VAULT_TOKEN", "hvs.expired");
        ProcessRun refused = ProcessRun.of(List.of("/bin/sh", "-c", script), dir, env, null);
        assertEquals(1, refused.exit(), refused.out());
        assertTrue(refused.out().contains("renewing the token of Secret " + source + " failed: Error renewing token"), refused.out());
        env.put("VAULT_TOKEN", "");
        ProcessRun none = ProcessRun.of(List.of("/bin/sh", "-c", script), dir, env, null);
        assertEquals(1, none.exit(), none.out());
        assertTrue(none.out().contains("no token in Secret " + source), none.out());
        for (ProcessRun run : List.of(renewed, refused)) {
            assertFalse(run.out().contains("hvs."), "the token is never printed: " + run.out());
        }
    }

    /** An operator's shell in a Vault server (init, unseal, a token exported) keeps no history on the node's disk. */
    @Test
    void aShellInAVaultServerKeepsNoHistory() {
        for (Manifests docs : List.of(dev, prod)) {
            List<Map<String, Object>> servers = docs.stream().filter(w -> List.of("Deployment", "StatefulSet").contains(w.get("kind"))
                    && VAULT.equals(map(w, "metadata").get("namespace")) && "vault".equals(map(w, "metadata").get("name"))).toList();
            assertEquals(1, servers.size(), "one Vault server workload");
            assertEquals("/dev/null", io.neotool.charts.testtools.Manifests.literalEnv(
                    io.neotool.charts.testtools.Manifests.container(servers.get(0))).get("HISTFILE"));
        }
    }

    @Test
    void everyVaultPodIsRestrictedNonRootWithItsOwnServiceAccountAndNoApiToken() {
        for (Manifests docs : List.of(dev, prod)) {
            for (Map<String, Object> workload : docs) {
                String kind = (String) workload.get("kind");
                if (!List.of("Deployment", "StatefulSet", "Job").contains(kind)
                        || !VAULT.equals(map(workload, "metadata").get("namespace"))) {
                    continue; // the observability chart's Prometheus and Promtail call the API: ObservabilityChartTest
                }
                Map<String, Object> pod = map(workload, "spec", "template", "spec");
                String what = kind + " " + name(workload);
                assertEquals(false, pod.get("automountServiceAccountToken"), what);
                String account = (String) pod.get("serviceAccountName");
                String namespace = (String) map(workload, "metadata").get("namespace");
                assertTrue(docs.ofKind("ServiceAccount").stream().anyMatch(sa -> name(sa).equals(namespace + "/" + account)),
                        what + " uses ServiceAccount " + account + ", which is rendered");
                assertEquals("RuntimeDefault", map(pod, "securityContext", "seccompProfile").get("type"), what);
                for (String field : List.of("initContainers", "containers")) {
                    for (Object c : list(pod, field)) {
                        Map<String, Object> sc = map(c, "securityContext");
                        String cwhat = what + " container " + map(c).get("name");
                        assertEquals(false, sc.get("allowPrivilegeEscalation"), cwhat);
                        assertEquals(true, sc.get("runAsNonRoot"), cwhat);
                        assertEquals(true, sc.get("readOnlyRootFilesystem"), cwhat);
                        assertEquals(List.of("ALL"), map(sc, "capabilities").get("drop"), cwhat);
                        Object user = sc.getOrDefault("runAsUser", map(pod, "securityContext").get("runAsUser"));
                        assertTrue(user instanceof Integer u && u > 0, cwhat + " runs as a numeric non-root user");
                        assertFalse(String.valueOf(map(c).get("image")).endsWith(":latest"), cwhat);
                    }
                }
            }
            for (Map<String, Object> sa : docs.ofKind("ServiceAccount")) {
                if (name(sa).startsWith(VAULT + "/")) {
                    assertEquals(false, sa.get("automountServiceAccountToken"), name(sa));
                }
            }
            // the only RoleBindings are Prometheus' and Promtail's (they read the pods of the namespaces they discover
            // them in): none is Vault's
            for (String kind : List.of("Role", "RoleBinding")) {
                assertTrue(docs.ofKind(kind).stream().map(r -> String.valueOf(map(r, "metadata").get("name")))
                        .allMatch(n -> n.endsWith("-prometheus") || n.endsWith("-promtail")),
                        "no Vault workload calls the Kubernetes API, so none gets a " + kind);
            }
            assertTrue(docs.ofKind("RoleBinding").stream().flatMap(b -> list(b, "subjects").stream())
                    .noneMatch(s -> VAULT.equals(map(s).get("namespace"))), "no binding names a Vault ServiceAccount");
            for (String kind : List.of("ClusterRoleBinding")) {
                for (Map<String, Object> binding : docs.ofKind(kind)) {
                    assertTrue(list(binding, "subjects").stream().noneMatch(s -> VAULT.equals(map(s).get("namespace"))),
                            "no RBAC for Vault's accounts: " + name(binding));
                }
            }
        }
    }

    @Test
    void theJwtJobIsAReleaseJobOfItsRevisionWithTtlAndAMemoryBackedKeyDirectory() throws IOException {
        Map<String, Object> job = dev.one("Job", VAULT, "vault-jwt-init-1");
        assertEquals(600, map(job, "spec").get("ttlSecondsAfterFinished"));
        Map<String, Object> pod = map(job, "spec", "template", "spec");
        Map<String, Object> keys = list(pod, "volumes").stream().map(YamlTree::map)
                .filter(v -> v.get("name").equals("keys")).findFirst().orElseThrow();
        assertEquals("Memory", map(keys, "emptyDir").get("medium"));
        // Not a hook: with --wait, Helm runs post-install and post-upgrade hooks only once every Deployment is ready,
        // and security's pods wait for the keys this Job creates. Named by the revision (1 when rendered for an
        // install), so that every upgrade runs a new one.
        // no Helm hook; a GitOps controller that renders with helm template (revision 1 every time) runs it as a sync hook
        assertEquals(Map.of("argocd.argoproj.io/hook", "Sync", "argocd.argoproj.io/hook-delete-policy", "BeforeHookCreation",
                "helm.toolkit.fluxcd.io/driftDetection", "disabled"),
                map(job, "metadata").get("annotations"));
        String template = Files.readString(TestPaths.committedCharts().resolve("neotool/charts/vault/templates/jwt-init-job.yaml"));
        assertFalse(template.contains("helm.sh/hook"), template);
        assertTrue(template.contains("printf \"%s-jwt-init-%d\" $fullname (int .Release.Revision)"), template);
        assertTrue(prod.ofKind("Job").stream().anyMatch(j -> name(j).equals(VAULT + "/vault-jwt-init-1")));
        // no server answering yet fails the release only where the Job could have done its work without the operator
        assertEquals("false", Manifests.literalEnv(Manifests.container(job)).get("FIRST_INSTALL"), "dev's Vault starts unsealed");
        assertEquals("true", Manifests.literalEnv(Manifests.container(prod.one("Job", VAULT, "vault-jwt-init-1")))
                .get("FIRST_INSTALL"), "prod's Vault waits for the operator on a first install");
        assertTrue(template.contains("and .Release.IsInstall (ne .Values.mode \"dev\")"), "an upgrade is never a first install");
        // under a GitOps controller every render is an install: none is taken for the first
        Manifests gitops = new Manifests(charts.render(List.of("values-prod.yaml"), Map.of("global.gitops", "true",
                "postgres.auth.existingSecret", "postgres-credentials-ops")));
        assertEquals("false", Manifests.literalEnv(Manifests.container(gitops.one("Job", VAULT, "vault-jwt-init-1"))).get("FIRST_INSTALL"));
        assertEquals("false", Manifests.literalEnv(Manifests.container(gitops.ofKind("Job").stream()
                .filter(j -> name(j).endsWith("/postgres-databases-1")).findFirst().orElseThrow())).get("FIRST_INSTALL"));
    }

    @TempDir
    java.nio.file.Path dir;

    @Test
    void devVaultIsRecreatedNotRolledAndItsPodLabelsDoNotChangeWithTheChartVersion() {
        Map<String, Object> deployment = dev.one("Deployment", VAULT, "vault");
        assertEquals(Map.of("type", "Recreate"), map(deployment, "spec", "strategy"));
        assertEquals("rolling-update", map(deployment, "metadata", "annotations").get("neotool.io/lint-exempt"));
        Map<String, Object> sts = prod.one("StatefulSet", VAULT, "vault");
        for (Map<String, Object> workload : List.of(deployment, sts)) {
            Map<String, Object> labels = map(workload, "spec", "template", "metadata", "labels");
            assertFalse(labels.containsKey("helm.sh/chart"), labels.toString());
            assertFalse(labels.containsKey("app.kubernetes.io/version"), labels.toString());
            assertTrue(labels.entrySet().containsAll(map(workload, "spec", "selector", "matchLabels").entrySet()), labels.toString());
            assertTrue(map(workload, "metadata", "labels").containsKey("helm.sh/chart"), "the workload object keeps every label");
        }
        // a new chart version renders the same pod template: helm upgrade leaves the in-memory server running
        Rendered next = Rendered.generate(dir, "0.2.0");
        Map<String, Object> upgraded = next.devManifests().one("Deployment", VAULT, "vault");
        assertFalse(map(upgraded, "metadata", "labels").equals(map(deployment, "metadata", "labels")), "the chart version did change");
        assertEquals(map(deployment, "spec", "template"), map(upgraded, "spec", "template"));
    }

    @Test
    void theJwtJobReachesSealedServersThroughTheHeadlessServiceAndEndsWithinHelmsTimeout() {
        for (Manifests docs : List.of(dev, prod)) {
            Map<String, Object> job = docs.one("Job", VAULT, "vault-jwt-init-1");
            Map<String, String> env = new java.util.HashMap<>();
            list(Manifests.container(job), "env").forEach(e -> {
                Map<String, Object> var = map(e);
                if (var.containsKey("value")) {
                    env.put((String) var.get("name"), (String) var.get("value"));
                }
            });
            Map<String, Object> internal = docs.one("Service", VAULT, "vault-internal");
            assertEquals(true, map(internal, "spec").get("publishNotReadyAddresses"), "lists sealed servers too");
            assertEquals("None", map(internal, "spec").get("clusterIP"));
            assertEquals(map(docs.one("Service", VAULT, "vault"), "spec", "selector"), map(internal, "spec", "selector"));
            assertTrue(list(internal, "spec", "ports").stream().anyMatch(p -> map(p).get("port").equals(8200)));
            // every server by its name through that Service: the StatefulSet's pods, or the dev pod by the Service
            List<String> expected = new java.util.ArrayList<>();
            Map<String, Object> sts = docs.ofKind("StatefulSet").stream().filter(d -> name(d).equals(VAULT + "/vault"))
                    .findFirst().orElse(null);
            if (sts == null) {
                expected.add("http://vault-internal." + VAULT + ".svc.cluster.local:8200");
            } else {
                assertEquals("vault-internal", map(sts, "spec").get("serviceName"));
                for (int i = 0; i < (Integer) map(sts, "spec").get("replicas"); i++) {
                    expected.add("http://vault-" + i + ".vault-internal." + VAULT + ".svc.cluster.local:8200");
                }
            }
            assertEquals(String.join(" ", expected), env.get("VAULT_SERVERS"));
            assertFalse(env.containsKey("VAULT_ADDR"), "the script sets it to the server it picked");

            int deadline = (Integer) map(job, "spec").get("activeDeadlineSeconds");
            int wait = Integer.parseInt(env.get("TIMEOUT_SECONDS"));
            assertTrue(deadline <= 270, "every attempt ends within Helm's default 300s timeout (--wait-for-jobs): " + deadline);
            assertEquals(wait + 90, deadline, "the wait, then start-up, key generation and a retry");
            assertEquals("5", env.get("RETRY_SECONDS"));
            assertEquals("10s", env.get("VAULT_CLIENT_TIMEOUT"), "no single call outlasts the wait");
        }
        String message = renderFails(Map.of("vault.jwtInit.timeoutSeconds", "181"));
        // refused by the vault chart's own schema, which Helm names
        assertTrue(message.contains("vault:\n- at '/jwtInit/timeoutSeconds': maximum: got 181, want 180"), message);
    }

    @Test
    void standaloneRunsOneServerWithFileOrRaftStorageAndNoPdb() {
        for (String storage : List.of("file", "raft")) {
            Manifests docs = new Manifests(charts.render(List.of(), Map.of("vault.mode", "standalone",
                    "vault.token.create", "false", "vault.storage.type", storage)));
            assertEquals(1, map(docs.one("StatefulSet", VAULT, "vault"), "spec").get("replicas"));
            String hcl = (String) map(docs.one("ConfigMap", VAULT, "vault-config"), "data").get("vault.hcl");
            assertTrue(hcl.contains("storage \"" + storage + "\""), hcl);
            assertFalse(hcl.contains("retry_join"), hcl);
            assertTrue(docs.ofKind("PodDisruptionBudget").stream().noneMatch(d -> name(d).startsWith(VAULT + "/")));
        }
    }

    private String renderFails(Map<String, String> set) {
        InputException e = assertThrows(InputException.class, () -> charts.render(List.of(), set));
        return e.getMessage();
    }

    @Test
    void devModeInProdFailsAtRenderTimeWithAClearMessage() {
        // dev values with prod's Ingress TLS, so Vault's refusal is the one left
        String message = renderFails(Map.of("global.environment", "prod", "web.ingress.tls.enabled", "true",
                "web.ingress.tls.secretName", "neotool-tls"));
        assertTrue(message.contains("vault: mode \"dev\" (in-memory storage, root token) is not allowed when "
                + "global.environment is prod"), message);
    }

    @Test
    void overriddenValuesAreCheckedLikeTheSpec() {
        String literal = renderFailsProd(Map.of("vault.token.value", "s.root"));
        assertTrue(literal.contains("literal token"), literal);
        String even = renderFailsProd(Map.of("vault.ha.replicas", "4"));
        assertTrue(even.contains("must be odd and at least 3"), even);
        String budget = renderFailsProd(Map.of("vault.ha.maxUnavailable", "2"));
        assertTrue(budget.contains("may be evicted at once (ha.maxUnavailable 2)"), budget);
        String create = renderFailsProd(Map.of("vault.token.create", "true"));
        assertTrue(create.contains("token.create only works in dev mode"), create);
    }

    private String renderFailsProd(Map<String, String> set) {
        InputException e = assertThrows(InputException.class, () -> charts.render(List.of("values-prod.yaml"), set));
        return e.getMessage();
    }
}
