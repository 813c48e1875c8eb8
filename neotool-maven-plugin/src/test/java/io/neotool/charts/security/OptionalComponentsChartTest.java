package io.neotool.charts.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.BuildLog;
import io.neotool.charts.TestPaths;
import io.neotool.charts.generate.ChartGenerator;
import io.neotool.charts.helm.HelmClient;
import io.neotool.charts.helm.HelmClient.RenderRequest;
import io.neotool.charts.testtools.Manifests;
import io.neotool.charts.testtools.YamlTree;
import io.neotool.charts.verify.LintResult;
import io.neotool.charts.verify.Linter;
import io.neotool.charts.verify.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another team's platform (src/test/resources/specs/acme.yaml: three services, PostgreSQL and Kafka only, namespaces
 * acme-app, acme-data, acme-messaging) generated and rendered with real Helm: only its components are charts, every
 * object lands in and points at its namespaces, and nothing names Neotool.
 */
class OptionalComponentsChartTest {
    private static final HelmClient HELM = new HelmClient();

    @TempDir
    static Path dir;

    private static Path umbrella;
    private static String dev;
    private static String prod;

    @BeforeAll
    static void generate() throws IOException {
        umbrella = generate(dir.resolve("acme"), TestPaths.testSpec("acme.yaml"), "acme");
        dev = render(umbrella, "acme", List.of());
        prod = render(umbrella, "acme", List.of(umbrella.resolve("values-prod.yaml")));
    }

    static Path generate(Path out, Path spec, String chart) throws IOException {
        new ChartGenerator().generate(new ChartGenerator.Request(spec, TestPaths.templates(), out.resolve("helm"), "2.0.0"),
                false, BuildLog.SILENT);
        return out.resolve("helm/" + chart);
    }

    static String render(Path umbrella, String release, List<Path> values) {
        return HELM.template(new RenderRequest(umbrella, release, "default", HelmClient.DEFAULT_KUBE_VERSION, values, Map.of()));
    }

    @Test
    void onlyTheEnabledComponentsAreChartsAndDependencies() throws IOException {
        try (Stream<Path> charts = Files.list(umbrella.resolve("charts"))) {
            assertEquals(Set.of("acme-service", "kafka", "postgres"),
                    charts.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet()));
        }
        Map<String, Object> chart = YamlTree.document(Files.readString(umbrella.resolve("Chart.yaml")));
        List<Object> names = YamlTree.list(chart, "dependencies").stream().map(d -> YamlTree.map(d).get("name")).distinct().toList();
        assertEquals(List.of("postgres", "kafka", "acme-service"), names);
        assertEquals(Map.of("enabled", false), YamlTree.map(YamlTree.document(Files.readString(umbrella.resolve("values.yaml"))), "vault"),
                "a component no environment deploys is only switched off in the umbrella's values");
    }

    @Test
    void chartMetadataComesFromTheSpec() throws IOException {
        for (Path chartYaml : List.of(umbrella.resolve("Chart.yaml"), umbrella.resolve("charts/postgres/Chart.yaml"),
                umbrella.resolve("charts/acme-service/Chart.yaml"))) {
            Map<String, Object> chart = YamlTree.document(Files.readString(chartYaml));
            assertEquals("https://acme.example.com/platform", chart.get("home"), chartYaml.toString());
            assertEquals("https://acme.example.com/icon.svg", chart.get("icon"), chartYaml.toString());
            assertEquals("acme", YamlTree.list(chart, "keywords").get(0), chartYaml.toString());
            assertEquals(List.of(Map.of("name", "Acme Platform Team", "email", "platform@acme.example.com")),
                    chart.get("maintainers"), chartYaml.toString());
            assertEquals("acme", YamlTree.map(chart, "annotations").get("app.kubernetes.io/part-of"));
        }
        assertTrue(YamlTree.list(YamlTree.document(Files.readString(umbrella.resolve("Chart.yaml"))), "keywords").contains("orders"));
        assertFalse(Files.readString(umbrella.resolve("charts/kafka/Chart.yaml")).toLowerCase(Locale.ROOT).contains("neotool"));
        assertTrue(Files.readString(umbrella.resolve("templates/NOTES.txt")).startsWith("The Acme platform is installed"));
    }

    @Test
    void noObjectLandsInOrPointsAtANamespaceTheSpecDoesNotDeclare() {
        Set<String> declared = Set.of("acme-app", "acme-data", "acme-messaging");
        for (String render : List.of(dev, prod)) {
            for (Map<String, Object> doc : YamlTree.documents(render)) {
                Object namespace = YamlTree.map(doc, "metadata").get("namespace");
                String what = doc.get("kind") + " " + Manifests.name(doc);
                if (doc.get("kind").equals("Namespace")) {
                    assertTrue(declared.contains(YamlTree.map(doc, "metadata").get("name")), what);
                } else if (!isClusterScoped(doc)) {
                    assertTrue(declared.contains(namespace), what + " is in an undeclared namespace");
                }
                for (String peer : namespaceSelectors(doc)) {
                    assertTrue(declared.contains(peer) || peer.equals("kube-system"), what + " points at namespace " + peer);
                }
            }
        }
    }

    private static boolean isClusterScoped(Map<String, Object> doc) {
        return Set.of("ClusterRole", "ClusterRoleBinding", "Namespace").contains(doc.get("kind"));
    }

    /** Every kubernetes.io/metadata.name a NetworkPolicy peer selects. */
    private static List<String> namespaceSelectors(Object node) {
        List<String> found = new ArrayList<>();
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if (k.equals("kubernetes.io/metadata.name") && v instanceof String s) {
                    found.add(s);
                } else {
                    found.addAll(namespaceSelectors(v));
                }
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> found.addAll(namespaceSelectors(item)));
        }
        return found;
    }

    @Test
    void withoutRouterAndWebNothingAdmitsTheIngressController() {
        for (String render : List.of(dev, prod)) {
            for (Map<String, Object> doc : YamlTree.documents(render)) {
                assertFalse(Manifests.name(doc).endsWith("-from-ingress-controller"), doc.get("kind") + " " + Manifests.name(doc));
            }
            assertFalse(render.contains("traefik"), "no policy names the ingress controller's pods");
        }
    }

    @Test
    void noRenderedManifestNamesNeotool() {
        for (String render : List.of(dev, prod)) {
            int at = render.toLowerCase(Locale.ROOT).indexOf("neotool");
            assertEquals(-1, at, () -> "names neotool: ..." + render.substring(Math.max(0, at - 200), at + 50));
        }
        for (Map<String, Object> doc : YamlTree.documents(dev)) {
            assertEquals("acme", YamlTree.map(doc, "metadata", "labels").get("app.kubernetes.io/part-of"),
                    doc.get("kind") + " " + Manifests.name(doc));
        }
    }

    @Test
    void withVaultOffTheServicesHaveNoVaultInitNoVaultEnvAndReachTheirOwnComponents() {
        for (Map<String, Object> deployment : new Manifests(dev).ofKind("Deployment")) {
            if (!Set.of("orders", "billing", "shipping").contains(YamlTree.map(deployment, "metadata").get("name"))) {
                continue;
            }
            assertTrue(YamlTree.list(deployment, "spec", "template", "spec", "initContainers").isEmpty(), "no vault-init");
            Map<String, Object> env = env(Manifests.container(deployment));
            assertTrue(env.keySet().stream().noneMatch(n -> n.startsWith("VAULT_") || n.startsWith("JWT_")), env::toString);
            assertEquals("kafka.acme-messaging.svc.cluster.local:9092", env.get("KAFKA_BOOTSTRAP_SERVERS"));
            boolean database = !YamlTree.map(deployment, "metadata").get("name").equals("shipping");
            assertEquals(database ? "pgbouncer.acme-data.svc.cluster.local" : null, env.get("POSTGRES_HOST"));
        }
    }

    @Test
    void withPostgresAndKafkaOffTheServicesHaveNoDatabaseOrKafkaEnvAndNoDatabaseSecrets() throws IOException {
        Path spec = dir.resolve("bare.yaml");
        Files.writeString(spec, """
                chart: {name: bare}
                namespaces: {bare-app: {}}
                vault: {enabled: false}
                postgres: {enabled: false}
                kafka: {enabled: false}
                observability: {enabled: false}
                router: {enabled: false}
                web: {enabled: false}
                services:
                  api: {namespace: bare-app, image: {repository: api, tag: "1.0.0"}}
                """);
        Path bare = generate(dir.resolve("bare"), spec, "bare");
        try (Stream<Path> charts = Files.list(bare.resolve("charts"))) {
            assertEquals(List.of("bare-service"), charts.map(p -> p.getFileName().toString()).toList());
        }
        Manifests docs = new Manifests(render(bare, "bare", List.of()));
        Map<String, Object> env = env(Manifests.container(docs.one("Deployment", "bare-app", "api")));
        assertEquals(Set.of("MICRONAUT_ENVIRONMENTS", "MICRONAUT_SERVER_PORT", "MICRONAUT_METRICS_BINDERS_WEB_SERVER_HISTOGRAM",
                "ENDPOINTS_PROMETHEUS_SENSITIVE", "JAVA_TOOL_OPTIONS"), env.keySet(),
                "no POSTGRES_*, DATASOURCES_*, KAFKA_*, VAULT_* or JWT_*");
        assertTrue(docs.ofKind("Secret").isEmpty(), "no database Secrets");
        Map<String, Object> policy = docs.one("NetworkPolicy", "bare-app", "api");
        assertEquals(1, YamlTree.list(policy, "spec", "egress").size(), "DNS only: " + policy);
    }

    @Test
    void theAcmePlatformPassesLintWithThePlatformVerification() {
        LintResult result = new Linter(HELM, BuildLog.SILENT).lint(new Linter.Request(umbrella.getParent(), "1.32.0", "acme", "default"));
        List<String> errors = result.findings().stream().filter(f -> f.severity() == Severity.ERROR).map(Object::toString).toList();
        assertEquals(List.of(), errors);
        assertFalse(result.platforms().isEmpty(), "the platform verification ran");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> env(Map<String, Object> container) {
        Map<String, Object> env = new java.util.TreeMap<>();
        for (Object e : YamlTree.list(container, "env")) {
            Map<String, Object> var = (Map<String, Object>) e;
            env.put((String) var.get("name"), var.get("value"));
        }
        return env;
    }
}
