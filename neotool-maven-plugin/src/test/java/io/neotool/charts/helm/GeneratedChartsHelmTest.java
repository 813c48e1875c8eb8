package io.neotool.charts.helm;

import static io.neotool.charts.testtools.ProductNamespaces.KAFKA;
import static io.neotool.charts.testtools.ProductNamespaces.POSTGRES;
import static io.neotool.charts.testtools.ProductNamespaces.VAULT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.LintResult;
import io.neotool.charts.BuildLog;
import io.neotool.charts.InputException;
import io.neotool.charts.TestPaths;
import io.neotool.charts.generate.ChartGenerator;
import io.neotool.charts.helm.HelmClient.RenderRequest;
import io.neotool.charts.model.PlatformSpec;
import io.neotool.charts.model.ServiceSpec;
import io.neotool.charts.testtools.FileSnapshots;
import io.neotool.charts.testtools.Manifests;
import io.neotool.charts.testtools.YamlTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated charts through real Helm (helm-java): lint, render per environment, schema, dry-run install. */
class GeneratedChartsHelmTest {
    @TempDir
    static Path dir;

    static Path umbrella;
    static Path service;
    final HelmClient helm = new HelmClient();

    @BeforeAll
    static void generate() throws IOException {
        new ChartGenerator().generate(new ChartGenerator.Request(TestPaths.spec(), TestPaths.templates(),
                dir.resolve("helm"), "0.1.0-SNAPSHOT"), false, BuildLog.SILENT);
        umbrella = dir.resolve("helm/neotool");
        service = umbrella.resolve("charts/neotool-service");
    }

    private String render(List<Path> values) {
        return helm.template(RenderRequest.of(umbrella, "neotool", values));
    }

    @Test
    void strictLintPassesForTheUmbrellaAndTheServiceChart() {
        for (Path chart : List.of(umbrella, service)) {
            LintResult result = helm.lint(chart);
            assertFalse(result.isFailed(), chart + ": " + result.getMessages());
        }
    }

    @Test
    void devValuesRenderEveryServiceWithThePlansSettings() {
        String out = render(List.of());
        PlatformSpec base = TestPaths.loadSpec().base();
        base.services().forEach((name, service) -> {
            assertTrue(out.contains("kind: Deployment\nmetadata:\n  name: " + name + "\n"), name);
            assertTrue(out.contains("image: \"" + image(base, service) + "\""), name + ": its image " + image(base, service));
        });
        assertTrue(out.contains("value: \"pgbouncer." + POSTGRES + ".svc.cluster.local\""));
        assertTrue(out.contains("value: \"6432\""));
        assertTrue(out.contains("value: \"kafka." + KAFKA + ".svc.cluster.local:9092\""));
        assertTrue(out.contains("value: \"http://vault." + VAULT + ".svc.cluster.local:8200\""));
        assertTrue(out.contains("name: vault-init"));
        assertTrue(out.contains("maxSurge: 1") && out.contains("maxUnavailable: 0"));
        assertTrue(out.contains("kind: HorizontalPodAutoscaler"), "autoscaled in dev: " + base.services().entrySet().stream()
                .filter(e -> e.getValue().autoscaling().enabled()).map(Map.Entry::getKey).toList());
        assertTrue(out.contains("kind: Namespace"));
        assertTrue(out.contains("pod-security.kubernetes.io/enforce: restricted"));
        assertTrue(out.contains("neotool.io/pod-security-reason:"));
        assertFalse(out.contains(":latest"));
    }

    @Test
    void everyServiceListensWhereItsProbesAndServiceLookAndStartsUnderItsStartupProbe() {
        Manifests rendered = new Manifests(render(List.of()));
        TestPaths.loadSpec().base().services().forEach((name, service) -> {
            Map<String, Object> container = Manifests.container(rendered.one("Deployment", service.namespace(), name));
            Map<String, Object> http = YamlTree.maps(container, "ports").get(0);
            assertEquals("http", http.get("name"));
            assertEquals(String.valueOf(service.port()), Manifests.literalEnv(container).get("MICRONAUT_SERVER_PORT"), name);
            assertEquals(service.port(), http.get("containerPort"), name);
            assertEquals("http", YamlTree.map(container, "livenessProbe", "httpGet").get("port"), name);
            // a slow start is the startup probe's to judge, on the liveness path, before liveness runs at all
            Map<String, Object> startup = YamlTree.map(container, "startupProbe");
            assertEquals(YamlTree.map(container, "livenessProbe", "httpGet"), YamlTree.map(startup, "httpGet"), name);
            var expected = service.probes().startup();
            assertEquals(List.of(0, expected.periodSeconds(), expected.timeoutSeconds(), expected.failureThreshold()),
                    List.of(startup.get("initialDelaySeconds"), startup.get("periodSeconds"), startup.get("timeoutSeconds"),
                            startup.get("failureThreshold")), name);
        });
    }

    /**
     * A service, router or web pod being stopped sleeps in preStop, without a shell or sleep binary in its image,
     * before its SIGTERM, and keeps 30 s of grace for its own shutdown after it. The charts install on 1.30 and later
     * by default, where Kubernetes has the sleep action; a team that lowers chart.kubeVersion (what its charts then
     * differ in: every Chart.yaml's kubeVersion) gets, on 1.29, none, and keeps the grace period.
     */
    @Test
    void aStoppingServiceKeepsServingWhileItsEndpointIsRemoved() throws IOException {
        RuntimeException refused = assertThrows(RuntimeException.class,
                () -> helm.template(new RenderRequest(umbrella, "neotool", "default", "1.29.0", List.of(), Map.of())));
        assertTrue(refused.getMessage().contains("chart requires kubeVersion: " + TestPaths.loadSpec().base().chart().kubeVersion()),
                refused.getMessage());
        Path older = FileSnapshots.withKubeVersionFloor(umbrella, dir.resolve("older/neotool"), "1.28.0");
        var spec = TestPaths.loadSpec().base();
        Map<List<String>, Integer> sleeps = new java.util.LinkedHashMap<>(); // [namespace, Deployment] -> seconds
        spec.services().forEach((name, service) -> sleeps.put(List.of(service.namespace(), name), service.preStopSleepSeconds()));
        if (spec.router().enabled()) {
            sleeps.put(List.of(spec.router().namespace(), "router"), spec.router().preStopSleepSeconds());
        }
        if (spec.web().enabled()) {
            sleeps.put(List.of(spec.web().namespace(), "web"), spec.web().preStopSleepSeconds());
        }
        for (String kubeVersion : List.of(HelmClient.DEFAULT_KUBE_VERSION, "1.29.0")) {
            Manifests rendered = new Manifests(helm.template(new RenderRequest(kubeVersion.equals("1.29.0") ? older : umbrella,
                    "neotool", "default", kubeVersion, List.of(), Map.of())));
            sleeps.forEach((deploymentAt, seconds) -> {
                String name = deploymentAt.get(1);
                Map<String, Object> deployment = rendered.one("Deployment", deploymentAt.get(0), name);
                Map<String, Object> container = Manifests.container(deployment);
                assertEquals(30 + seconds, YamlTree.map(deployment, "spec", "template", "spec").get("terminationGracePeriodSeconds"),
                        name);
                if (kubeVersion.equals("1.29.0") || seconds == 0) {
                    assertFalse(container.containsKey("lifecycle"), name + " on " + kubeVersion);
                } else {
                    assertEquals(Map.of("seconds", seconds), YamlTree.map(container, "lifecycle", "preStop", "sleep"), name);
                }
            });
        }
    }

    /**
     * unhealthyPodEvictionPolicy is a field from Kubernetes 1.27: a team that lowers chart.kubeVersion below it gets
     * PodDisruptionBudgets without it (an older API server would refuse or drop it), and every one of them has it above.
     */
    @Test
    void podDisruptionBudgetsNameTheirEvictionPolicyWhereKubernetesHasIt() throws IOException {
        Path older = FileSnapshots.withKubeVersionFloor(umbrella, dir.resolve("oldest/neotool"), "1.26.0");
        for (String kubeVersion : List.of("1.26.0", "1.27.0")) {
            List<Map<String, Object>> budgets = new Manifests(helm.template(new RenderRequest(older, "neotool", "default",
                    kubeVersion, List.of(), Map.of()))).ofKind("PodDisruptionBudget");
            assertFalse(budgets.isEmpty());
            // Kafka's budget counts an unready node (it may still be a voting controller); the others let it go
            budgets.forEach(pdb -> assertEquals(kubeVersion.equals("1.27.0")
                            ? Manifests.name(pdb).endsWith("/kafka") ? "IfHealthyBudget" : "AlwaysAllow" : null,
                    YamlTree.map(pdb, "spec").get("unhealthyPodEvictionPolicy"), Manifests.name(pdb) + " on " + kubeVersion));
        }
    }

    /**
     * The service chart installed alone (no global values: its policies are on) with a cloud load balancer's class and
     * no ranges to admit it from is refused, naming its own key; with the ranges it renders.
     */
    @Test
    void theServiceChartAloneRefusesABalancerItsPoliciesWouldDrop() {
        Map<String, String> alb = Map.of("serviceName", "orders", "ingress.enabled", "true", "ingress.className", "alb",
                "ingress.hosts[0].host", "orders.example.com");
        InputException refused = assertThrows(InputException.class,
                () -> helm.template(new RenderRequest(service, "orders", "default", HelmClient.DEFAULT_KUBE_VERSION, List.of(), alb)));
        assertTrue(refused.getMessage().contains("class alb is a cloud load balancer")
                && refused.getMessage().contains("set networkPolicy.ingressController.cidrs (the ALB's subnets)"), refused.getMessage());
        Map<String, String> withRanges = new java.util.HashMap<>(alb);
        withRanges.put("networkPolicy.ingressController.cidrs[0]", "10.0.0.0/19");
        withRanges.put("image.repository", "orders");
        withRanges.put("image.tag", "1.0.0");
        assertTrue(helm.template(new RenderRequest(service, "orders", "default", HelmClient.DEFAULT_KUBE_VERSION, List.of(),
                withRanges)).contains("kind: Ingress"));
    }

    @Test
    void rendersIncludeHooksAsTheHelmCliPrintsThem() {
        String out = render(List.of());
        assertTrue(out.contains("helm.sh/hook: test"), "the smoke test Pods are hooks and must be rendered");
        assertFalse(out.contains("neotool.io/rendered-hook"));
    }

    @Test
    void prodValuesOverrideReplicasAndAutoscaling() {
        String out = render(List.of(umbrella.resolve("values-prod.yaml")));
        assertTrue(out.contains("minReplicas: 5"), out);
        assertTrue(out.contains("maxReplicas: 50"));
        assertTrue(out.contains("replicas: 2"));
        assertTrue(out.contains("kind: PodDisruptionBudget"));
    }

    @Test
    void theSchemaRejectsAWrongTypeWithHelmsMessage() throws IOException {
        String service = firstService();
        Path bad = dir.resolve("wrong-type.yaml");
        Files.writeString(bad, service + ":\n  replicas: three\n");
        InputException e = assertThrows(InputException.class, () -> render(List.of(bad)));
        assertTrue(e.getMessage().contains("replicas"), e.getMessage());
        assertTrue(e.getMessage().contains("\n" + service + ":\n"), "the service's chart named: " + e.getMessage());
        assertTrue(e.getMessage().contains("wrong-type.yaml"), e.getMessage());
        assertTrue(e.getMessage().toLowerCase().contains("schema"), e.getMessage());
    }

    /** A quantity written as a plain number (cpu: 2), as the Kubernetes API takes it; a negative one is refused. */
    @Test
    void theSchemaTakesAQuantityAsANumber() throws IOException {
        String service = firstService();
        Path numbers = dir.resolve("numbers.yaml");
        Files.writeString(numbers, service + ":\n  resources:\n    requests: {cpu: 1, memory: 536870912}\n"
                + "    limits: {cpu: 2.5, memory: 2147483648}\n");
        String out = render(List.of(numbers));
        assertTrue(out.contains("cpu: 2.5") && out.contains("memory: 2147483648"), "rendered as given");
        Path negative = dir.resolve("negative.yaml");
        Files.writeString(negative, service + ":\n  resources:\n    limits: {cpu: -1}\n");
        InputException e = assertThrows(InputException.class, () -> render(List.of(negative)));
        assertTrue(e.getMessage().contains("resources/limits/cpu") || e.getMessage().contains("resources.limits.cpu"), e.getMessage());
    }

    @Test
    void theSchemaRejectsAnUnknownKey() throws IOException {
        String service = firstService();
        Path bad = dir.resolve("unknown-key.yaml");
        Files.writeString(bad, service + ":\n  replicaz: 3\n");
        InputException e = assertThrows(InputException.class, () -> render(List.of(bad)));
        assertTrue(e.getMessage().contains("replicaz"), e.getMessage());
        assertTrue(e.getMessage().contains("\n" + service + ":\n"), "the service's chart named: " + e.getMessage());

        // a global key the schema does not name passes Helm (a parent chart's own globals reach the umbrella), and the
        // lint refuses it in the project's values files; a platform global key keeps its type
        Path badGlobal = dir.resolve("unknown-global.yaml");
        Files.writeString(badGlobal, "global:\n  enviroment: prod\n");
        render(List.of(badGlobal));
        List<io.neotool.charts.verify.Finding> found = io.neotool.charts.verify.ValuesFiles.check(umbrella, badGlobal);
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.get(0).message().contains("global.enviroment is read by no chart (did you mean global.environment?)"),
                found.get(0).message());
        Path wrongType = dir.resolve("global-type.yaml");
        Files.writeString(wrongType, "global:\n  environment: [prod]\n");
        e = assertThrows(InputException.class, () -> render(List.of(wrongType)));
        assertTrue(e.getMessage().contains("environment"), e.getMessage());
    }

    /** A range given at install time is held to a CIDR's form by the schema, IPv4 or IPv6: one without a prefix is refused. */
    @Test
    void theSchemaRejectsARangeThatIsNoCidr() throws IOException {
        String service = firstService();
        Path bad = dir.resolve("bad-ranges.yaml");
        Files.writeString(bad, "global:\n  networkPolicy:\n    dns: {cidrs: [169.254.20.10]}\n");
        InputException e = assertThrows(InputException.class, () -> render(List.of(bad)));
        assertTrue(e.getMessage().contains("cidrs"), e.getMessage());
        Files.writeString(bad, service + ":\n  networkPolicy:\n    internet: {ports: [443], exceptCidrs: [10.0.0.0/8, \"fd00::/200\"]}\n");
        e = assertThrows(InputException.class, () -> render(List.of(bad)));
        assertTrue(e.getMessage().contains("exceptCidrs"), e.getMessage());
        Files.writeString(bad, service + ":\n  networkPolicy:\n    internet: {ports: [443], exceptCidrs: [10.0.0.0/8, \"fc00::/7\"]}\n"
                + "global:\n  networkPolicy:\n    dns: {cidrs: [169.254.20.10/32]}\n");
        render(List.of(bad));
    }

    @Test
    void theSchemaRejectsAnImageThatIsNoReference() throws IOException {
        String service = firstService();
        Path bad = dir.resolve("bad-image.yaml");
        Files.writeString(bad, service + ":\n  image:\n    tag: \"1.0 .0\"\n");
        InputException e = assertThrows(InputException.class, () -> render(List.of(bad)));
        assertTrue(e.getMessage().contains("tag"), e.getMessage());
        assertTrue(e.getMessage().contains("bad-image.yaml"), e.getMessage());
    }

    @Test
    void theSchemaRejectsAnInvalidEnum() throws IOException {
        Path bad = dir.resolve("bad-env.yaml");
        Files.writeString(bad, "global:\n  environment: staging\n");
        InputException e = assertThrows(InputException.class, () -> render(List.of(bad)));
        assertTrue(e.getMessage().contains("environment"), e.getMessage());
    }

    @Test
    void aServiceCanBeDisabled() throws IOException {
        var spec = TestPaths.loadSpec().base();
        List<String> services = spec.services().keySet().stream().sorted().toList();
        // a service no other calls: disabling a callee fails the render (the call names a disabled service)
        String off = services.stream().filter(name -> spec.services().values().stream().noneMatch(s -> s.calls().contains(name)))
                .reduce((first, second) -> second).orElseThrow();
        Path values = dir.resolve("without-" + off + ".yaml");
        Files.writeString(values, off + ":\n  enabled: false\n");
        String out = render(List.of(values));
        // no object named after it (the router keeps it as a subgraph: its values come from the spec)
        assertFalse(out.contains("\n  name: " + off + "\n"), off);
        services.stream().filter(name -> !name.equals(off)).forEach(on -> assertTrue(out.contains("\n  name: " + on + "\n"), on));
    }

    @Test
    void theServiceChartInstallsAloneWithTheDocumentedCommand() {
        String out = helm.dryRunInstall(new RenderRequest(service, "neotool-app", "neotool-app",
                HelmClient.DEFAULT_KUBE_VERSION, List.of(), Map.of(
                        "serviceName", "app",
                        "image.repository", "ghcr.io/salomax/neotool-app",
                        "image.tag", "v1.0.0")));
        assertTrue(out.contains("app (ghcr.io/salomax/neotool-app:v1.0.0) is deployed in namespace neotool-app"), out);
        assertTrue(out.contains("STATUS: pending-install"), out);
    }

    /** The ServiceMonitor carries the labels an Operator's Prometheus selects by, beside the chart's own. */
    @Test
    void theServiceMonitorCarriesTheLabelsPrometheusSelectsBy() {
        String out = helm.template(new RenderRequest(service, "neotool-app", "neotool-app", HelmClient.DEFAULT_KUBE_VERSION,
                List.of(), Map.of("serviceName", "app", "image.repository", "ghcr.io/salomax/neotool-app",
                        "image.tag", "v1.0.0", "serviceMonitor.enabled", "true",
                        "serviceMonitor.labels.release", "kube-prometheus-stack")));
        Map<String, Object> monitor = new io.neotool.charts.testtools.Manifests(out).one("ServiceMonitor", "neotool-app", "app");
        Map<String, Object> labels = io.neotool.charts.testtools.YamlTree.map(monitor, "metadata", "labels");
        assertEquals("kube-prometheus-stack", labels.get("release"));
        assertEquals("app", labels.get("app.kubernetes.io/name"));
    }

    /** The ServiceAccount carries a cloud identity's annotation (AWS IRSA's role), and still mounts no API token. */
    @Test
    void theServiceAccountCarriesACloudIdentity() {
        String role = "arn:aws:iam::123456789012:role/orders";
        String out = helm.template(new RenderRequest(service, "neotool-app", "neotool-app", HelmClient.DEFAULT_KUBE_VERSION,
                List.of(), Map.of("serviceName", "app", "image.repository", "ghcr.io/salomax/neotool-app",
                        "image.tag", "v1.0.0", "serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn", role)));
        Map<String, Object> account = new io.neotool.charts.testtools.Manifests(out).one("ServiceAccount", "neotool-app", "app");
        assertEquals(role, io.neotool.charts.testtools.YamlTree.map(account, "metadata", "annotations").get("eks.amazonaws.com/role-arn"));
        assertEquals(false, account.get("automountServiceAccountToken"));
    }

    @Test
    void theServiceChartAloneRefusesANameItsServiceOrSmokeTestLabelCannotCarry() {
        for (String name : List.of("2fa", "a" + "b".repeat(ServiceSpec.MAX_NAME))) {
            for (String key : List.of("serviceName", "fullnameOverride")) {
                Map<String, String> set = new java.util.HashMap<>(Map.of("serviceName", "app",
                        "image.repository", "ghcr.io/salomax/neotool-app", "image.tag", "v1.0.0"));
                set.put(key, name);
                InputException e = assertThrows(InputException.class, () -> helm.template(new RenderRequest(service,
                        "neotool-app", "neotool-app", HelmClient.DEFAULT_KUBE_VERSION, List.of(), set)), key + "=" + name);
                assertTrue(e.getMessage().contains(key), e.getMessage());
            }
        }
    }

    @Test
    void theServiceChartAloneLandsInTheReleaseNamespaceUnlessTheValuesNameOne() {
        Map<String, String> set = Map.of("serviceName", "app", "image.repository", "ghcr.io/salomax/neotool-app",
                "image.tag", "v1.0.0");
        String install = helm.dryRunInstall(new RenderRequest(service, "neotool-app", "team-x",
                HelmClient.DEFAULT_KUBE_VERSION, List.of(), set));
        assertTrue(install.contains("is deployed in namespace team-x"), install);
        assertEquals(List.of("team-x"), namespaces(helm.template(new RenderRequest(service, "neotool-app", "team-x",
                HelmClient.DEFAULT_KUBE_VERSION, List.of(), set))));

        Map<String, String> named = new java.util.HashMap<>(set);
        named.put("namespace", "neotool-app");
        assertEquals(List.of("neotool-app"), namespaces(helm.template(new RenderRequest(service, "neotool-app", "team-x",
                HelmClient.DEFAULT_KUBE_VERSION, List.of(), named))));
        // in the umbrella every service keeps the namespace of the spec, whatever the release namespace
        String umbrella = render(List.of());
        TestPaths.loadSpec().base().services().forEach((name, spec) -> assertTrue(umbrella.contains(
                "kind: Deployment\nmetadata:\n  name: " + name + "\n  namespace: " + spec.namespace() + "\n"), name));
    }

    /** A service's files: each Secret or ConfigMap mounted read-only at a directory of its own, beside /tmp. */
    @Test
    void aServicesFilesAreMountedReadOnlyFromTheirSecretOrConfigMap() {
        Map<String, String> set = new java.util.HashMap<>(Map.of("serviceName", "app",
                "image.repository", "ghcr.io/salomax/neotool-app", "image.tag", "v1.0.0",
                "files[0].mountPath", "/etc/app/gcp", "files[0].kind", "Secret", "files[0].name", "app-gcp",
                "files[1].mountPath", "/etc/app/ca", "files[1].kind", "ConfigMap", "files[1].name", "app-ca"));
        Manifests rendered = new Manifests(helm.template(new RenderRequest(service, "neotool-app",
                "neotool-app", HelmClient.DEFAULT_KUBE_VERSION, List.of(), set)));
        Map<String, Object> deployment = rendered.one("Deployment", "neotool-app", "app");
        Map<String, Object> pod = Manifests.podSpec(deployment);
        List<Object> volumes = YamlTree.list(pod, "volumes");
        assertTrue(volumes.contains(Map.of("name", "files-0", "secret", Map.of("secretName", "app-gcp"))), volumes.toString());
        assertTrue(volumes.contains(Map.of("name", "files-1", "configMap", Map.of("name", "app-ca"))), volumes.toString());
        List<Object> mounts = YamlTree.list(
                Manifests.container(deployment), "volumeMounts");
        assertTrue(mounts.contains(Map.of("name", "files-0", "mountPath", "/etc/app/gcp", "readOnly", true)), mounts.toString());
        assertTrue(mounts.contains(Map.of("name", "files-1", "mountPath", "/etc/app/ca", "readOnly", true)), mounts.toString());
        assertTrue(mounts.stream().anyMatch(m -> "/tmp".equals(((Map<?, ?>) m).get("mountPath"))), mounts.toString());

        set.put("files[1].kind", "configmap");
        InputException kind = assertThrows(InputException.class, () -> helm.template(new RenderRequest(service, "neotool-app",
                "neotool-app", HelmClient.DEFAULT_KUBE_VERSION, List.of(), set)));
        assertTrue(kind.getMessage().contains("/files/1/kind"), kind.getMessage());
    }

    /** The distinct metadata.namespace of every rendered object. */
    private static List<String> namespaces(String rendered) {
        return java.util.regex.Pattern.compile("(?m)^  namespace: (\\S+)$").matcher(rendered).results()
                .map(m -> m.group(1)).distinct().sorted().toList();
    }

    @Test
    void theUmbrellaInstallsAsADryRunWithProdValues() {
        String out = helm.dryRunInstall(new RenderRequest(umbrella, "neotool", "default", HelmClient.DEFAULT_KUBE_VERSION,
                List.of(umbrella.resolve("values-prod.yaml")), Map.of()));
        assertTrue(out.contains("STATUS: pending-install"), out);
        PlatformSpec prod = TestPaths.loadSpec().environments().get("prod");
        assertTrue(prod != null, "the spec has an environment prod, the values-prod.yaml installed");
        prod.services().forEach((name, spec) -> assertTrue(out.contains("  - " + name + ": namespace " + spec.namespace()
                + ", port " + spec.port()), name + "\n" + out));
    }

    /** The first service of the repository's spec, for a test that needs one service's values. */
    private static String firstService() {
        return TestPaths.loadSpec().base().services().keySet().iterator().next();
    }

    /** The image the spec gives {@code service}: its registry or the platform's, its tag or the chart's appVersion. */
    private static String image(PlatformSpec spec, ServiceSpec service) {
        ServiceSpec.Image image = service.image();
        String registry = image.registry().isEmpty() ? spec.global().imageRegistry() : image.registry();
        String tag = image.tag().isEmpty() ? spec.chart().appVersion() : image.tag();
        return (registry.isEmpty() ? "" : registry + "/") + image.repository() + ":" + tag;
    }
}
