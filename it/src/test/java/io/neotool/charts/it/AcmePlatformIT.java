package io.neotool.charts.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.helm.HelmClient;
import io.neotool.charts.ship.RegistryServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A second real platform (src/it/acme): three services, PostgreSQL and Kafka only, in namespaces acme-app, acme-data and
 * acme-messaging, which no service or component names: they take the spec's chart.namespacePrefix. Its registry wants
 * credentials: every pod pulls with the operator's Secret, prod's Kafka keeps a retention of its own, shipping has an
 * Ingress of its own for webhooks, and a staging environment follows prod's behaviour. generate, lint (platform verification included), package and push to a real
 * registry all pass; no rendered object lands in a namespace the spec does not declare, and neither a rendered manifest
 * nor a pushed repository names neotool.
 */
class AcmePlatformIT {
    private static final Set<String> NAMESPACES = Set.of("acme-app", "acme-data", "acme-messaging");

    @TempDir
    Path tmp;

    @Test
    void anotherTeamsPlatformShipsWithOnlyItsComponentsInItsNamespaces() throws Exception {
        MavenProject project = MavenProject.copyOf("acme", "acme");
        project.env("HELM_CONFIG_HOME", tmp.resolve("helm-config").toString());

        MavenProject.Result generate = project.run("neotool:generate");
        assertFalse(generate.failed(), generate.log());
        MavenProject.Result lint = project.run("neotool:lint");
        assertFalse(lint.failed(), lint.log());
        assertTrue(lint.log().contains(": 0 error(s)"), lint.log());
        try (Stream<Path> graphs = Files.list(project.dir().resolve("target/neotool"))) {
            assertEquals(Set.of("platform-default.json", "platform-prod.json", "platform-staging.json"), graphs
                    .map(p -> p.getFileName().toString()).filter(n -> n.startsWith("platform-") && n.endsWith(".json"))
                    .collect(java.util.stream.Collectors.toSet()), "the platform verification ran for every environment");
        }
        assertTrue(Files.readString(project.dir().resolve("helm/acme/values-staging.yaml")).contains("  environment: \"prod\""),
                "staging follows prod's behaviour, as the spec says");
        String prodManifests = Files.readString(project.dir().resolve("target/neotool/platform-prod.yaml"));
        assertTrue(prodManifests.contains("kind: Deployment") && prodManifests.contains("namespace: acme-"),
                "what prod renders, readable without a helm");
        assertTrue(prodManifests.contains("app.kubernetes.io/instance: acme\n") && !prodManifests.contains("instance: neotool"),
                "linted as the release helm install acme ./helm/acme makes");
        assertTrue(prodManifests.contains("- name: KAFKA_LOG_RETENTION_HOURS\n              value: \"72\""),
                "prod's Kafka keeps three days, from kafka.config");
        assertTrue(prodManifests.contains("kind: Ingress\nmetadata:\n  name: shipping\n  namespace: acme-app")
                && prodManifests.contains("- host: \"hooks.acme.example.com\"") && prodManifests.contains("path: /carriers"),
                "shipping's own Ingress serves the carriers' webhooks");

        MavenProject.Result packaged = project.run("neotool:package", "-Dneotool.lint.skip=true");
        assertFalse(packaged.failed(), packaged.log());
        try (Stream<Path> archives = Files.list(project.dir().resolve("target/helm"))) {
            assertEquals(Set.of("acme-2.0.0.tgz", "acme-service-2.0.0.tgz", "kafka-2.0.0.tgz", "postgres-2.0.0.tgz"),
                    archives.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tgz"))
                            .collect(java.util.stream.Collectors.toSet()), "disabled components are not packaged");
        }

        Path umbrella = project.dir().resolve("helm/acme");
        HelmClient helm = new HelmClient();
        for (List<Path> values : List.of(List.<Path>of(), List.of(umbrella.resolve("values-prod.yaml")),
                List.of(umbrella.resolve("values-staging.yaml")))) {
            String render = helm.template(new HelmClient.RenderRequest(umbrella, "acme", "default", "1.32.0", values, Map.of()));
            assertFalse(render.toLowerCase(Locale.ROOT).contains("neotool"), "a rendered manifest names neotool:\n" + render);
            int pods = 0;
            for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(render)) {
                if (doc instanceof Map<?, ?> object) {
                    assertInDeclaredNamespaces(object);
                    Map<?, ?> pod = podSpec(object);
                    if (pod != null) {
                        assertEquals(List.of(Map.of("name", "acme-pull")), pod.get("imagePullSecrets"),
                                object.get("kind") + " pulls from Acme's registry with its Secret");
                        pods++;
                    }
                }
            }
            assertTrue(pods > 0, render);
        }

        try (RegistryServer registry = RegistryServer.start(Files.createDirectories(tmp.resolve("registry")),
                "acme", "acme-push-pass", false)) {
            Path settings = tmp.resolve("settings.xml");
            Files.writeString(settings, "<settings><servers><server><id>" + registry.host() + "</id><username>acme</username>"
                    + "<password>acme-push-pass</password></server></servers></settings>\n");
            MavenProject.Result push = project.run("-s", settings.toString(), "neotool:push",
                    "-Dneotool.registry=oci://" + registry.host() + "/platform");
            assertFalse(push.failed(), push.log());
            List<String> repositories = catalog(registry.host(), "acme", "acme-push-pass");
            assertEquals(List.of("platform/acme", "platform/acme-service", "platform/kafka", "platform/postgres"), repositories);
            repositories.forEach(r -> assertFalse(r.toLowerCase(Locale.ROOT).contains("neotool"), r));
        }
    }

    /** The pod spec of a workload, a CronJob's or a Pod's own; null for any other object. */
    private static Map<?, ?> podSpec(Map<?, ?> object) {
        Object spec = object.get("spec");
        return switch (String.valueOf(object.get("kind"))) {
            case "Pod" -> (Map<?, ?>) spec;
            case "Deployment", "StatefulSet", "DaemonSet", "Job" -> (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) spec).get("template")).get("spec");
            case "CronJob" -> podSpec(Map.of("kind", "Job", "spec", ((Map<?, ?>) ((Map<?, ?>) spec).get("jobTemplate")).get("spec")));
            default -> null;
        };
    }

    /** The object's namespace, and every namespace its NetworkPolicy peers select, are the spec's (or the cluster DNS's). */
    private static void assertInDeclaredNamespaces(Map<?, ?> object) {
        Map<?, ?> metadata = (Map<?, ?>) object.get("metadata");
        String what = object.get("kind") + " " + metadata.get("name");
        if ("Namespace".equals(object.get("kind"))) {
            assertTrue(NAMESPACES.contains(metadata.get("name")), what);
        } else if (!Set.of("ClusterRole", "ClusterRoleBinding").contains(object.get("kind"))) {
            assertTrue(NAMESPACES.contains(metadata.get("namespace")), what + " lands in " + metadata.get("namespace"));
        }
        List<String> peers = new ArrayList<>();
        collectNamespaceSelectors(object, peers);
        peers.forEach(ns -> assertTrue(NAMESPACES.contains(ns) || ns.equals("kube-system"), what + " points at " + ns));
    }

    private static void collectNamespaceSelectors(Object node, List<String> out) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if ("kubernetes.io/metadata.name".equals(k) && v instanceof String s) {
                    out.add(s);
                } else {
                    collectNamespaceSelectors(v, out);
                }
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collectNamespaceSelectors(item, out));
        }
    }

    /** The registry's repositories (GET /v2/_catalog), sorted. */
    private static List<String> catalog(String host, String user, String password) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + "/v2/_catalog"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("\"([^\"]+)\"").matcher(response.body().replaceFirst("^\\{\"repositories\":", ""));
        while (m.find()) {
            names.add(m.group(1));
        }
        return List.copyOf(names);
    }
}
