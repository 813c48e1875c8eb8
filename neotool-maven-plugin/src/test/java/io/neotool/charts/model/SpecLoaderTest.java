package io.neotool.charts.model;

import static io.neotool.charts.TestSpecs.SERVICE;
import static io.neotool.charts.TestSpecs.at;
import static io.neotool.charts.TestSpecs.load;
import static io.neotool.charts.TestSpecs.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.TestPaths;
import io.neotool.charts.TestSpecs;
import io.neotool.charts.testtools.ProductNamespaces;
import io.neotool.charts.testtools.YamlTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecLoaderTest {
    @TempDir
    Path dir;

    /** The keys written under a path of the repository's spec, sorted, read as plain YAML without the model. */
    static List<String> writtenKeys(String... path) throws IOException {
        List<String> keys = YamlTree.map(YamlTree.document(Files.readString(TestPaths.spec())), path).keySet().stream()
                .sorted().toList();
        assertTrue(keys.size() > 1, "the repository's spec writes more than one entry under " + String.join(".", path));
        return keys;
    }

    @Test
    void theRepositorySpecLoadsWithThePlansDefaults() throws IOException {
        Spec spec = new SpecLoader().load(TestPaths.spec(), "0.1.0");
        Map<String, Object> document = YamlTree.document(Files.readString(TestPaths.spec())); // as written, without the model
        assertEquals(writtenKeys("services"), spec.base().services().keySet().stream().sorted().toList());
        int defaulted = 0;
        for (String name : writtenKeys("services")) {
            Map<String, Object> written = YamlTree.map(document, "services", name);
            ServiceSpec service = spec.base().services().get(name);
            if (!written.containsKey("resources")) {
                assertEquals("250m", service.resources().requests().cpu(), name);
                assertEquals("512Mi", service.resources().requests().memory(), name);
                assertEquals("1000m", service.resources().limits().cpu(), name);
                assertEquals("1Gi", service.resources().limits().memory(), name);
                defaulted++;
            }
            if (!written.containsKey("probes")) {
                assertEquals("/health/liveness", service.probes().liveness().path(), name);
                // no initial delay: the startup probe waits for a slow start, and the kubelet counts a delay from the
                // container's start, so a readiness delay would keep every new pod out of its Service that long
                assertEquals(0, service.probes().liveness().initialDelaySeconds(), name);
                assertEquals("/health/readiness", service.probes().readiness().path(), name);
                assertEquals(0, service.probes().readiness().initialDelaySeconds(), name);
            }
            if (!written.containsKey("rollingUpdate")) {
                assertEquals(1, service.rollingUpdate().maxSurge(), name);
                assertEquals(0, service.rollingUpdate().maxUnavailable(), name);
            }
            // a service's own platform section (web URL env) leaves the shared servers' addresses as the plan's
            assertEquals("pgbouncer." + ProductNamespaces.POSTGRES + ".svc.cluster.local", service.platform().postgres().host(), name);
            assertEquals(6432, service.platform().postgres().port(), name);
            assertEquals("kafka." + ProductNamespaces.KAFKA + ".svc.cluster.local:9092",
                    service.platform().kafka().bootstrapServers(), name);
        }
        assertTrue(defaulted > 0, "the repository's spec leaves some service's resources to the plan's defaults");
        assertEquals("dev", spec.base().global().environment());
        assertEquals("0.1.0", spec.base().chart().version());

        PlatformSpec prod = spec.environments().get("prod");
        assertEquals("prod", prod.global().environment());
        int autoscaled = 0;
        for (String name : writtenKeys("environments", "prod", "services")) {
            Map<String, Object> written = YamlTree.map(document, "environments", "prod", "services", name);
            ServiceSpec service = prod.services().get(name);
            if (written.get("autoscaling") instanceof Map<?, ?> autoscaling && autoscaling.containsKey("minReplicas")) {
                assertEquals(autoscaling.get("minReplicas"), service.autoscaling().minReplicas(), name);
                assertEquals(autoscaling.get("maxReplicas"), service.autoscaling().maxReplicas(), name);
                autoscaled++;
            }
            // keys the environment does not write keep the base's values
            if (!written.containsKey("image")) {
                assertEquals(spec.base().services().get(name).image(), service.image(), name);
            }
        }
        assertTrue(autoscaled > 0, "prod sets some service's autoscaling bounds");
    }

    @Test
    void unknownKeyNamesLineColumnPathAndNearestName() {
        List<SpecProblem> problems = problems(dir, SERVICE + "    replicaz: 3\n");
        assertEquals(1, problems.size());
        SpecProblem p = problems.get(0);
        assertEquals(4, p.line());
        assertEquals(5, p.column());
        assertEquals("services.app.replicaz", p.path());
        assertTrue(p.message().contains("did you mean 'replicas'?"), p.message());
        assertTrue(p.toString().startsWith(dir.resolve("neotool.yaml") + ":4:5: services.app.replicaz: "), p.toString());
    }

    @Test
    void aServiceKeyIndentedOneLevelTooFarOutIsSaidToBelongToTheServiceAbove() {
        // database: and replicas: meant for app, written at the level of the services
        List<SpecProblem> problems = problems(dir, SERVICE + "  database:\n    name: app\n  replicas: 2\n");
        SpecProblem database = at(problems, "services.database.name");
        assertTrue(database.message().startsWith("unknown key 'name'") && database.message().endsWith("('database' is read "
                + "as an entry of services, and it is also a key of each entry: if it belongs to the entry above it, indent it "
                + "under that entry)"), database.message());
        SpecProblem replicas = at(problems, "services.replicas");
        assertTrue(replicas.message().contains("if it belongs to the entry above it, indent it under that entry"),
                replicas.message());
        assertEquals(2, problems.size(), problems::toString);

        // a key of a service with its entries lost, empty at the level of the services
        SpecProblem env = at(problems(dir, SERVICE + "  env:\n"), "services.env");
        assertTrue(env.message().contains("has no value (null)") && env.message().contains("indent it under that entry"),
                env.message());

        // a service of another name with the same mistake inside gets no such hint
        SpecProblem own = at(problems(dir, SERVICE + "  gateway:\n    name: app\n"), "services.gateway.name");
        assertFalse(own.message().contains("entry above"), own.message());
    }

    @Test
    void aComponentKeyIndentedOneLevelTooFarOutIsSaidToBelongToTheKeyAbove() {
        // pgbouncer: meant for postgres, written at the root just below it
        SpecProblem p = at(problems(dir, SERVICE + "postgres:\n  replicas: 1\npgbouncer:\n  enabled: false\n"), "pgbouncer");
        assertTrue(p.message().startsWith("unknown key 'pgbouncer'; it is a key of postgres, the key above it: if it belongs "
                + "there, indent it under postgres."), p.message());
        // the same key below a section that has no such key: the nearest name, as for any unknown key
        SpecProblem other = at(problems(dir, SERVICE + "kafka:\n  replicas: 1\npgbouncer:\n  enabled: false\n"), "pgbouncer");
        assertFalse(other.message().contains("the key above it"), other.message());
    }

    @Test
    void aServiceWrittenWithoutServicesIsSaidToBelongUnderServices() {
        // at the root of the spec, and at the root of an environment
        SpecProblem base = at(problems(dir, SERVICE + "billing:\n  image: {repository: billing, tag: \"1.0.0\"}\n  replicas: 2\n"),
                "billing");
        assertTrue(base.message().startsWith("unknown key 'billing'; its keys are those of an entry of services: if it is "
                + "one, write it under services (services.billing)."), base.message());
        SpecProblem env = at(problems(dir, SERVICE + "environments:\n  dev:\n    app:\n      replicas: 3\n"), "environments.dev: app");
        assertTrue(env.message().contains("if it is one, write it under services (services.app)"), env.message());
        // a misspelt component whose keys a service has too is a misspelt component
        SpecProblem kafak = at(problems(dir, SERVICE + "kafak:\n  replicas: 3\n"), "kafak");
        assertTrue(kafak.message().contains("did you mean 'kafka'?") && !kafak.message().contains("write it under services"),
                kafak.message());
        // a service whose name is near a component's (cart: chart) but whose keys chart has not is a service
        SpecProblem cart = at(problems(dir, SERVICE + "cart:\n  image: {repository: cart, tag: \"1.0.0\"}\n  replicas: 2\n"), "cart");
        assertTrue(cart.message().contains("write it under services (services.cart)"), cart.message());
        // a mapping with a key no service has is only an unknown key
        SpecProblem other = at(problems(dir, SERVICE + "billing:\n  image: {repository: billing, tag: \"1.0.0\"}\n  colour: red\n"),
                "billing");
        assertFalse(other.message().contains("write it under services"), other.message());
    }

    @Test
    void aMovedKeyNamesItsNewPlace() {
        List<SpecProblem> problems = problems(dir, SERVICE + "networkPolicy: {enabled: false}\n");
        assertEquals(1, problems.size(), problems::toString);
        assertEquals("networkPolicy.enabled", problems.get(0).path());
        assertTrue(problems.get(0).message().contains("it moved to 'global.networkPolicy.enabled'"), problems.get(0).message());

        List<SpecProblem> removed = problems(dir, SERVICE + "vault: {networkPolicy: {clientNamespaces: [neotool-app]}}\n");
        assertEquals(1, removed.size(), removed::toString);
        assertTrue(removed.get(0).message().contains("it was removed: it never changed anything") && removed.get(0).message()
                .contains("delete it"), removed.get(0).message());

        List<SpecProblem> buckets = problems(dir, SERVICE + "global: {objectStorage: {buckets: {assets-public: media}}}\n");
        assertEquals("global.objectStorage.buckets", buckets.get(0).path(), buckets::toString);
        assertTrue(buckets.get(0).message().contains("it was removed: no chart read it: a service's buckets are in its env"),
                buckets.get(0).message());
    }

    @Test
    void nestedMisspeltKeyGetsTheFullKeyPath() {
        List<SpecProblem> problems = problems(dir, SERVICE + "    resources:\n      limits:\n        memroy: 1Gi\n");
        assertEquals("services.app.resources.limits.memroy", problems.get(0).path());
        assertTrue(problems.get(0).message().contains("did you mean 'memory'?"));
        assertEquals(6, problems.get(0).line());
    }

    @Test
    void wrongTypeIsReported() {
        List<SpecProblem> problems = problems(dir, SERVICE + "    port: http\n");
        assertEquals("services.app.port", problems.get(0).path());
        assertTrue(problems.get(0).message().contains("expected an integer, found string 'http'"), problems.get(0).message());
        assertEquals(4, problems.get(0).line());
    }

    @Test
    void duplicateKeyNamesBothLines() {
        List<SpecProblem> problems = problems(dir, SERVICE + "    port: 8080\n    port: 9090\n");
        assertEquals("services.app.port", problems.get(0).path());
        assertTrue(problems.get(0).message().contains("duplicate key 'port' (first at line 4)"), problems.get(0).message());
        assertEquals(5, problems.get(0).line());
    }

    @Test
    void malformedYamlHasLineAndColumn() {
        List<SpecProblem> problems = problems(dir, "services:\n  app:\n    image: {repository: x\n  b: [\n");
        assertTrue(problems.get(0).message().startsWith("malformed YAML"), problems.get(0).message());
        assertTrue(problems.get(0).line() >= 3, problems.get(0).toString());
        assertTrue(problems.get(0).message().contains("a '{' or '[' not closed"), problems.get(0).message());
    }

    /** A syntax error that is not about the structure gets advice of its own, not the indentation hint. */
    @Test
    void otherSyntaxErrorsGetTheirOwnAdvice() {
        Map<String, String> advice = Map.of(
                SERVICE + "---\nservices: {}\n", "the spec is one YAML document",
                SERVICE + "    env: *undefined\n", "an alias (*name) refers to an anchor (&name)",
                SERVICE + "    env: !!java.util.Date {}\n", "remove the tag",
                SERVICE + "web: {ingress: {hosts: [{host: *.example.com}]}}\n", "quote it ('*.example.com')");
        advice.forEach((yaml, expected) -> {
            String message = problems(dir, yaml).get(0).message();
            assertTrue(message.contains(expected) && !message.contains("indented unlike its siblings"), message);
        });
    }

    @Test
    void emptyFileAndMissingFileAreClear() throws IOException {
        assertTrue(problems(dir, "").get(0).message().contains("the file is empty"));
        assertTrue(problems(dir, "# the platform\n\n# to come\n").get(0).message().contains("the file holds only comments"));
        assertTrue(problems(dir, "- a list\n").get(0).message().contains("must be a mapping with the keys"));
        SpecException e = assertThrows(SpecException.class,
                () -> new SpecLoader().load(dir.resolve("absent.yaml"), "1.0.0"));
        assertTrue(e.getMessage().contains("absent.yaml: no such file"), e.getMessage());
    }

    @Test
    void semanticProblemsAreAllCollected() {
        List<SpecProblem> problems = problems(dir, """
                services:
                  Bad_Name:
                    image: {repository: x, tag: latest}
                    port: 70000
                    resources:
                      requests: {cpu: 2, memory: lots}
                      limits: {cpu: 1, memory: 1Gi}
                    autoscaling: {enabled: true, minReplicas: 5, maxReplicas: 2}
                    env: {DB_PASSWORD: hunter2, POSTGRES_HOST: x}
                    image: {repository: y}
                """);
        List<String> paths = problems.stream().map(SpecProblem::path).toList();
        // the duplicate 'image' is a binding problem: found first, alone
        assertEquals(List.of("services.Bad_Name.image"), paths);

        problems = problems(dir, """
                services:
                  Bad_Name:
                    image: {repository: x, tag: latest}
                    port: 70000
                    resources:
                      requests: {cpu: 2, memory: lots}
                      limits: {cpu: 1, memory: 1Gi}
                    autoscaling: {enabled: true, minReplicas: 5, maxReplicas: 2}
                    env: {DB_PASSWORD: hunter2, POSTGRES_HOST: x}
                """);
        paths = problems.stream().map(SpecProblem::path).toList();
        assertTrue(paths.contains("services.Bad_Name"), paths.toString());
        assertTrue(paths.contains("services.Bad_Name.image.tag"), paths.toString());
        assertTrue(paths.contains("services.Bad_Name.port"), paths.toString());
        assertTrue(paths.contains("services.Bad_Name.resources.requests.memory"), paths.toString());
        assertTrue(paths.contains("services.Bad_Name.resources.requests.cpu"), paths.toString());
        assertTrue(paths.contains("services.Bad_Name.autoscaling.minReplicas"), paths.toString());
        assertTrue(paths.contains("services.Bad_Name.env.DB_PASSWORD"), paths.toString());
        assertTrue(paths.contains("services.Bad_Name.env.POSTGRES_HOST"), paths.toString());
        SpecProblem port = problems.stream().filter(p -> p.path().equals("services.Bad_Name.port")).findFirst().orElseThrow();
        assertEquals(4, port.line());
        assertTrue(port.message().contains("above the maximum 65535"));
        SpecProblem cpu = problems.stream().filter(p -> p.path().endsWith("requests.cpu")).findFirst().orElseThrow();
        assertTrue(cpu.message().contains("cpu request 2 is more than its limit 1"), cpu.message());
    }

    /**
     * $(VAR) in env names a variable Kubernetes has set before it (a Secret's, a plain literal, one of the chart's, or
     * a referring one listed before it by name); anything else it would leave as text. $$(VAR) is the text itself.
     */
    @Test
    void envReferencesNameVariablesSetBeforeThem() {
        List<SpecProblem> problems = problems(dir, """
                services:
                  app:
                    image: {repository: x, tag: "1.0.0"}
                    secretEnv: {PARTNER_PASSWORD: {secretName: partner, key: password}}
                    env:
                      PARTNER_URL: "https://app:$(PARTNER_PASSWORD)@partner.example.com"
                      A_URL: "http://$(HOST):$(MICRONAUT_SERVER_PORT)/$(B_PATH)"
                      B_PATH: "v1/$(PREFIX)"
                      C_PATH: "$(B_PATH)/x"
                      HOST: partner.example.com
                      PREFIX: api
                      LITERAL: "$$(NOT_A_REFERENCE)"
                      TYPO: "$(PARTNER_PASWORD)"
                      API: "https://$(KUBERNETES_SERVICE_HOST):$(KUBERNETES_SERVICE_PORT)"
                      NO_DATABASE: "$(DATASOURCES_DEFAULT_PASSWORD)"
                """);
        // the kubelet's own variables are there; the database's only for a service with one
        assertEquals(List.of("services.app.env.A_URL", "services.app.env.NO_DATABASE", "services.app.env.TYPO"),
                problems.stream().map(SpecProblem::path)
                .filter(p -> p.startsWith("services.app.env")).sorted().toList(), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.path().endsWith("A_URL") && p.message().startsWith("$(B_PATH) names a "
                + "variable whose own value refers to others")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.path().endsWith("TYPO") && p.message().startsWith("$(PARTNER_PASWORD) "
                + "names no variable of the container")), problems::toString);
    }

    /** The title is printed into template text (NOTES.txt) and Grafana's provisioning: no action or variable of theirs. */
    @Test
    void aTitleWithATemplateActionOrAVariableIsRefused() throws IOException {
        for (String title : List.of("Shop {{ .Release.Name }}", "R$D platform")) {
            SpecProblem p = at(problems(dir, "chart: {title: \"" + title + "\"}\n" + SERVICE), "chart.title");
            assertTrue(p.message().endsWith("; write the title without it"), p.message());
        }
        assertEquals("Shop & Co. (EU)", load(dir, "chart: {title: \"Shop & Co. (EU)\"}\n" + SERVICE).base().chart().title());
    }

    /** $$ outside a reference reaches the container as one $ (the kubelet's escape): said, with what to write. */
    @Test
    void aDoubledDollarOutsideAReferenceIsSaidToBecomeOne() {
        List<SpecProblem> problems = problems(dir, """
                services:
                  app:
                    image: {repository: x, tag: "1.0.0"}
                    env:
                      PRICE: "US$$ 10"
                      ESCAPED: "$$(NOT_A_REFERENCE) and $$$(ONE)"
                      ONE: "US$ 10"
                      FOUR: "$$$$"
                      THREE: "a$$$b"
                      FIVE: "$$$$$"
                web:
                  enabled: true
                  env: {CURRENCY: "R$$"}
                """);
        assertEquals(List.of("services.app.env.FIVE", "services.app.env.PRICE", "services.app.env.THREE", "web.env.CURRENCY"),
                problems.stream().map(SpecProblem::path).filter(p -> p.contains(".env.")).sorted().toList(), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.path().endsWith("PRICE") && p.message().equals("'$$' reaches the container "
                + "as '$' (the kubelet reads $$ as one $, to escape $(NAME)); write $ for one $, and for more each $ twice ($$$$ for two)")),
                problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.path().endsWith("THREE") && p.message().startsWith("'$$$' reaches the "
                + "container as '$$' ")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.path().endsWith("FIVE") && p.message().startsWith("'$$$$$' reaches the "
                + "container as '$$$' ")), problems::toString);
    }

    /** A pod label the chart sets (selectors and policies read them) is refused: the chart's value would win. */
    @Test
    void podLabelsTheChartSetsAreRefused() {
        List<SpecProblem> problems = problems(dir, """
                services:
                  app:
                    image: {repository: x, tag: "1.0.0"}
                    podLabels: {app.kubernetes.io/name: other, app.kubernetes.io/created-by: team-a, helm.sh/chart: x, team: payments}
                """);
        assertEquals(List.of("services.app.podLabels.app.kubernetes.io/name"), problems.stream().map(SpecProblem::path)
                .toList(), problems::toString);
    }

    @Test
    void enumValuesSuggestTheNearest() {
        List<SpecProblem> problems = problems(dir, "services:\n  app:\n    image: {repository: a, tag: \"1\", pullPolicy: IfNotPresnt}\n");
        assertEquals("services.app.image.pullPolicy", problems.get(0).path());
        assertTrue(problems.get(0).message().contains("did you mean 'IfNotPresent'"), problems.toString());
    }

    @Test
    void environmentOverridesAreValidatedWithTheirOwnLines() {
        List<SpecProblem> problems = problems(dir, SERVICE + """
                environments:
                  prod:
                    services:
                      app:
                        autoscaling: {enabled: true, minReplicas: 1, maxReplicaz: 3}
                """);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).path().contains("services.app.autoscaling.maxReplicaz"), problems.toString());
        assertEquals(8, problems.get(0).line());

        problems = problems(dir, SERVICE + """
                environments:
                  prod:
                    services:
                      app:
                        autoscaling: {enabled: true, minReplicas: 1}
                """);
        assertTrue(problems.get(0).message().contains("prod needs at least 2 replicas"), problems.toString());
        assertTrue(problems.get(0).path().startsWith("environments.prod"), problems.toString());
    }

    /**
     * An environment of another name than dev or prod (staging, a second region) says which behaviour it follows; it is
     * named at its own line when it does not.
     */
    @Test
    void anEnvironmentOfAnotherNameSaysWhichBehaviourItFollows() throws IOException {
        List<SpecProblem> problems = problems(dir, SERVICE + """
                environments:
                  staging:
                    services:
                      app: {replicas: 2}
                """);
        assertEquals(1, problems.size(), problems.toString());
        assertEquals("environments.staging", problems.get(0).path());
        assertEquals(5, problems.get(0).line(), "the key's own line: " + problems);
        assertTrue(problems.get(0).message().contains("environment 'staging' must say which behaviour it follows: write "
                + "global.environment: dev or prod under it"), problems.toString());

        // prod-like: bound and validated as prod (a staging copy of prod's overrides), next to prod itself
        String prod = TestSpecs.PROD.substring(TestSpecs.PROD.indexOf("  prod:\n"));
        Spec spec = load(dir, SERVICE + TestSpecs.PROD + prod.replace("  prod:\n", "  staging:\n")
                .replace("    global:\n", "    global:\n      environment: prod\n"));
        assertEquals("prod", spec.environments().get("staging").global().environment());
        assertEquals(spec.environments().get("prod"), spec.environments().get("staging"),
                "the same overrides make the same platform");
        // ...and refused as prod: Vault's dev mode left from the base
        problems = problems(dir, SERVICE + "environments:\n  staging:\n    global: {environment: prod}\n  prod: {}\n");
        // said for each environment that has it, at the same line of the base
        for (String env : List.of("staging", "prod")) {
            assertTrue(problems.stream().anyMatch(p -> p.path().startsWith("environments." + env + ": vault.mode")),
                    env + ": " + problems);
        }

        // dev-like, and a behaviour that is neither
        assertEquals("dev", load(dir, SERVICE + "environments:\n  qa:\n    global: {environment: dev}\n")
                .environments().get("qa").global().environment());
        problems = problems(dir, SERVICE + "environments:\n  qa:\n    global: {environment: stage}\n");
        assertTrue(problems.stream().anyMatch(p -> p.path().contains("global.environment") && p.message().contains("stage")),
                problems.toString());

        // dev and prod are what their names say; a name that cannot name a values file is refused
        problems = problems(dir, SERVICE + "environments:\n  prod:\n    global: {environment: dev}\n");
        assertEquals("environments.prod.global.environment", problems.get(0).path(), problems.toString());
        assertEquals(6, problems.get(0).line(), problems.toString());
        problems = problems(dir, SERVICE + "environments:\n  Staging_EU:\n    global: {environment: prod}\n");
        assertTrue(problems.get(0).message().contains("'Staging_EU' cannot name an environment"), problems.toString());
        problems = problems(dir, SERVICE + "environments:\n  default:\n    global: {environment: dev}\n");
        assertTrue(problems.get(0).message().contains("'default' names the render of values.yaml alone"), problems.toString());

        // an environment given twice is named, like any duplicate key
        problems = problems(dir, SERVICE + "environments:\n  dev: {}\n  dev: {}\n");
        assertTrue(problems.stream().anyMatch(p -> p.message().contains("duplicate key 'dev'")), problems.toString());

        // a top-level key given twice is one problem, though the root is read for its environments and bound
        problems = problems(dir, SERVICE + "kafka: {enabled: true}\nkafka: {enabled: false}\n");
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).message().startsWith("duplicate key 'kafka' (first at line 4)"), problems.toString());

        // a misspelt environments key is a top-level key like the others
        problems = problems(dir, SERVICE + "enviroments:\n  prod: {}\n");
        assertEquals("enviroments", problems.get(0).path(), problems.toString());
        assertTrue(problems.get(0).message().contains("did you mean 'environments'?")
                && problems.get(0).message().endsWith(", cluster, environments"), problems.toString());
    }

    @Test
    void aProblemOfADefaultIsPlacedAtTheWrittenKeyItNamesAsItsCause() {
        // the provider's default, minio, with the minio chart off and a service using object storage
        List<SpecProblem> problems = problems(dir, SERVICE + "    networkPolicy: {objectStorage: {enabled: true}}\n"
                + "minio: {enabled: false}\n");
        SpecProblem p = at(problems, "global.objectStorage.provider");
        assertTrue(p.message().contains("minio.enabled is false"), p.message());
        assertEquals(5, p.line(), "the line of minio.enabled, not the file's first: " + p);
    }

    @Test
    void aComponentTurnedOnInOneEnvironmentOnlyGivesItsClientsTheirPeersThere() throws IOException {
        Spec spec = load(dir, SERVICE + "kafka: {enabled: false}\nobservability: {kafkaExporter: {enabled: false}}\n"
                + TestSpecs.PROD.replace("    observability:\n", "    kafka: {enabled: true}\n    observability:\n"
                        + "      kafkaExporter: {enabled: true}\n"));
        assertTrue(!spec.base().services().get("app").networkPolicy().egress().containsKey("kafka"));
        assertEquals("kafka.neotool-messaging.svc.cluster.local:9092",
                spec.environments().get("prod").services().get("app").platform().kafka().bootstrapServers());
        assertTrue(spec.environments().get("prod").services().get("app").networkPolicy().egress().containsKey("kafka"));

        // a peer the environment writes for the component it turns on is one of the defaults, not a new entry
        load(dir, SERVICE + "kafka: {enabled: false}\nobservability: {kafkaExporter: {enabled: false}}\n"
                + TestSpecs.PROD.replace("    observability:\n", "    kafka: {enabled: true}\n"
                        + "    services: {app: {networkPolicy: {egress: {kafka: {namespace: neotool-messaging, app: kafka, "
                        + "port: 9092}}}}}\n    observability:\n      kafkaExporter: {enabled: true}\n"));

        // an entry the environment writes itself must still be one the base declares
        List<SpecProblem> problems = problems(dir, SERVICE + "environments:\n  prod:\n    services:\n      ap: {replicas: 2}\n");
        assertTrue(at(problems, "environments.prod: services.ap").message().startsWith("'ap' is not in the base spec; "
                + "did you mean 'app'?"), problems.toString());
        // a service removed from the base but left in an environment: removing the override is one of the fixes
        assertTrue(at(problems, "environments.prod: services.ap").message().endsWith("fix the name, declare it in the base "
                + "spec, or remove this override"), problems.toString());
        // the environment's other problems are said in the same run; none of the stray entry's own
        List<SpecProblem> more = problems(dir, SERVICE + "environments:\n  prod:\n    services:\n      ap: {replicas: 2}\n"
                + "      app: {autoscaling: {enabled: true, minReplicas: 3, maxReplicas: 2}}\n");
        assertTrue(more.stream().anyMatch(p -> p.path().startsWith("environments.prod: services.app.autoscaling")), more.toString());
        assertTrue(more.stream().noneMatch(p -> p.path().startsWith("environments.prod: services.ap.")), more.toString());
        // a network peer is a connection an environment may add: PostgreSQL's read replicas run in prod only
        Spec replicas = load(dir, SERVICE + TestSpecs.PROD + "    postgres: {replication: {replicas: 2}}\n"
                + "    services:\n      app:\n        networkPolicy:\n"
                + "          egress: {postgres-replicas: {namespace: neotool-data, app: postgres-replica, port: 5432}}\n");
        assertFalse(replicas.base().services().get("app").networkPolicy().egress().containsKey("postgres-replicas"));
        assertEquals("postgres-replica", replicas.environments().get("prod").services().get("app").networkPolicy().egress()
                .get("postgres-replicas").app());
        // and only there: in the base, which runs no replica, the peer would name pods that do not run
        assertTrue(at(problems(dir, SERVICE + "    networkPolicy:\n      egress: {postgres-replicas: {namespace: neotool-data, "
                + "app: postgres-replica, port: 5432}}\n"), "services.app.networkPolicy.egress.postgres-replicas").message()
                .contains("this environment runs no PostgreSQL replica (postgres.replication.replicas is 0)"));
        // but not a misspelt base peer, nor one written in part
        String smtp = SERVICE + "    networkPolicy:\n      egress: {smtp: {namespace: neotool-app, app: smtp, port: 25}}\n"
                + TestSpecs.PROD + "    services:\n      app:\n        networkPolicy:\n          egress: ";
        assertTrue(at(problems(dir, smtp + "{smpt: {port: 587}}\n"), "environments.prod: services.app.networkPolicy.egress.smpt")
                .message().contains("did you mean 'smtp'?"));
        assertTrue(at(problems(dir, smtp + "{relay: {port: 587}}\n"), "environments.prod: services.app.networkPolicy.egress.relay")
                .message().endsWith("(a peer of the environment's own is written whole: namespace, app and port)"));
    }

    /**
     * A problem of the base spec is said once, not again for each environment that inherits it; namespaces that all
     * share another prefix than the plan's point at chart.namespacePrefix.
     */
    @Test
    void anEnvironmentDoesNotRepeatTheBaseSpecsProblems() {
        String base = """
                namespaces:
                  shop-app: {podSecurity: restricted}
                services:
                  orders:
                    namespace: shop-app
                    image: {repository: orders, tag: "1.0.0"}
                """;
        List<SpecProblem> alone = problems(dir, base);
        List<SpecProblem> withEnvironment = problems(dir, base + "environments:\n  dev: {}\n");
        assertTrue(alone.size() > 1, alone.toString());
        assertEquals(alone.stream().map(SpecProblem::path).toList(), withEnvironment.stream().map(SpecProblem::path).toList());
        // the one cause behind them, named where the defaults come from
        assertTrue(alone.stream().filter(p -> p.message().contains("is not declared under namespaces"))
                .allMatch(p -> p.message().contains("set chart.namespacePrefix: shop to derive the defaults")), alone.toString());
        // a service's own namespace with no namespaces: list written: the list said is the plan's, and how to add one
        SpecProblem unlisted = at(problems(dir, SERVICE.replace("    image:", "    namespace: storefront\n    image:")),
                "services.app.namespace");
        assertTrue(unlisted.message().contains("namespace 'storefront' is not declared under namespaces: ")
                && unlisted.message().contains("the spec writes no namespaces: list, so those are the plan's in use")
                && unlisted.message().contains("write the list with every namespace of the platform"), unlisted.message());
        // an environment's own problem, written in its block, is said even when the base has the same one
        List<SpecProblem> secrets = problems(dir, SERVICE.replace("    image:", "    env: {DB_PASSWORD: devpass}\n    image:")
                + "environments:\n  dev:\n    services:\n      app:\n        env: {DB_PASSWORD: other}\n");
        assertEquals(2, secrets.stream().filter(p -> p.path().endsWith("DB_PASSWORD")).count(), secrets.toString());
        // an unknown top-level key of the base: said once, though the environment's root lists other valid keys
        List<SpecProblem> unknown = problems(dir, SERVICE + "redis: {}\nenvironments:\n  prod: {}\n");
        assertEquals(List.of("redis"), unknown.stream().filter(p -> p.path().endsWith("redis")).map(SpecProblem::path).toList(),
                unknown.toString());
        // while an environment's own problem at a key the base also gets wrong is said with the base's, in one round
        List<SpecProblem> both = problems(dir, SERVICE + "    autoscaling: {enabled: true, minReplicas: 1, maxReplicas: 0}\n"
                + io.neotool.charts.TestSpecs.PROD);
        assertTrue(both.stream().anyMatch(p -> p.path().startsWith("environments.prod: services.app.autoscaling")), both.toString());
        assertTrue(both.stream().anyMatch(p -> p.path().startsWith("services.app.autoscaling")), both.toString());
        List<SpecProblem> planPrefixed = problems(dir, base.replace("shop-app", "neotool-app"));
        assertTrue(planPrefixed.stream().noneMatch(p -> p.message().contains("chart.namespacePrefix: ")), planPrefixed.toString());
        // a prefix with a dash in it; a namespace that is not one of the plan's gives no advice
        assertTrue(problems(dir, base.replace("shop-app", "acme-shop-app")).stream().anyMatch(p -> p.message()
                .contains("set chart.namespacePrefix: acme-shop to derive")));
        assertTrue(problems(dir, base.replace("shop-app", "apps")).stream().noneMatch(p -> p.message()
                .contains("chart.namespacePrefix: ")));
    }

    @Test
    void theRepositorySpecHasTheDataComponentsPerEnvironment() throws IOException {
        Spec spec = new SpecLoader().load(TestPaths.spec(), "0.1.0");
        PlatformSpec dev = spec.base();
        assertEquals("postgres", dev.postgres().image().repository());
        assertEquals("18rc1", dev.postgres().image().tag());
        assertEquals("20Gi", dev.postgres().persistence().size());
        assertEquals(6432, dev.postgres().pgbouncer().port());
        assertEquals(writtenKeys("postgres", "databases"), dev.postgres().databases().keySet().stream().sorted().toList());
        assertEquals(1, dev.kafka().replicas());
        assertEquals("3.7.0", dev.kafka().image().tag());
        assertTrue(dev.minio().enabled());
        assertEquals("minio", dev.global().objectStorage().provider());
        PlatformSpec prod = spec.environments().get("prod");
        assertEquals(3, prod.kafka().replicas());
        assertEquals("100Gi", prod.postgres().persistence().size());
        assertEquals(false, prod.minio().enabled());
        assertEquals("r2", prod.global().objectStorage().provider());
        assertEquals("object-storage", prod.global().objectStorage().secretName());
    }

    @Test
    void aChartIconIsAnAbsoluteWebAddress() {
        SpecProblem p = at(problems(dir, "chart: {name: shop, icon: icons/shop.svg}\n" + SERVICE), "chart.icon");
        assertTrue(p.message().contains("is not an absolute http or https URL"), p.message());
        assertEquals(1, p.line());
    }

    @Test
    void aPlatformWithoutServicesIsRefusedAtItsServicesKey() {
        SpecProblem p = at(problems(dir, "chart: {name: shop}\nservices: {}\n"), "services");
        assertEquals(2, p.line());
        assertTrue(p.message().contains("declare at least one"), p.message());
    }

    @Test
    void anEvenKafkaNodeCountIsRejected() {
        List<SpecProblem> problems = problems(dir, SERVICE + "kafka:\n  replicas: 2\n");
        assertEquals("kafka.replicas", problems.get(0).path(), problems.toString());
        assertEquals(5, problems.get(0).line());
        assertTrue(problems.get(0).message().contains("use an odd number"), problems.toString());

        problems = problems(dir, SERVICE + "kafka:\n  replicas: 3\n  maxUnavailable: 2\n");
        assertEquals("kafka.maxUnavailable", problems.get(0).path(), problems.toString());
        assertEquals(6, problems.get(0).line());
    }

    /** A service's files: a Secret unless said otherwise, each at a directory of its own away from / and /tmp. */
    @Test
    void aServicesFilesHaveADirectoryOfTheirOwn() throws IOException {
        assertEquals(List.of(new ServiceSpec.FileMount("/etc/app/gcp", "Secret", "app-gcp")), load(dir, SERVICE
                + "    files: [{mountPath: /etc/app/gcp, name: app-gcp}]\n").base().services().get("app").files());
        List<SpecProblem> problems = problems(dir, SERVICE + """
                    files:
                      - {mountPath: /etc/app/a, name: a}
                      - {mountPath: /tmp/x, name: c}
                      - {mountPath: /etc/app/a/inner, kind: ConfigMap, name: d}
                      - {mountPath: /etc/app/e, kind: configmap}
                """);
        assertTrue(at(problems, "services.app.files[1].mountPath").message().contains("/tmp"), problems::toString);
        assertTrue(at(problems, "services.app.files[2].mountPath").message().contains("inside another file mount"),
                problems::toString);
        assertTrue(at(problems, "services.app.files[3].kind").message().contains("is not one of Secret, ConfigMap"),
                problems::toString);
        assertTrue(at(problems, "services.app.files[3].name").message().contains("is empty"), problems::toString);
    }

    /** Broker properties are bound as written (numbers as their text) and refused by name where not a property's. */
    @Test
    void kafkaBrokerPropertiesAreTakenByTheirServerPropertiesNames() throws IOException {
        assertEquals(Map.of("log.retention.hours", "72", "log.cleaner.enable", "true"), load(dir, SERVICE
                + "kafka:\n  config: {log.retention.hours: 72, log.cleaner.enable: true}\n").base().kafka().config());
        List<SpecProblem> problems = problems(dir, SERVICE + "kafka:\n  config:\n    Log.Retention.Hours: \"72\"\n"
                + "    log..dirs: x\n    kafka.metrics.reporters: x\n    opts: -Dx\n");
        assertTrue(at(problems, "kafka.config.Log.Retention.Hours").message().contains("is not a broker property name"),
                problems::toString);
        assertEquals(6, at(problems, "kafka.config.Log.Retention.Hours").line());
        assertTrue(at(problems, "kafka.config.log..dirs").message().contains("as in server.properties"), problems::toString);
        assertTrue(at(problems, "kafka.config.kafka.metrics.reporters").message().contains(
                "removes every 'KAFKA_' from the name of its variable (KAFKA_KAFKA_METRICS_REPORTERS)"), problems::toString);
        assertTrue(at(problems, "kafka.config.opts").message().contains("(KAFKA_OPTS) is read by the Kafka image's scripts"),
                problems::toString);
        String chart = Files.readString(TestPaths.templates().resolve("umbrella/charts/kafka/templates/_helpers.tpl"));
        assertTrue(chart.contains("regexMatch \"" + KafkaRules.PROPERTY + "\""), "the chart refuses the same names at install time");
        assertTrue(chart.contains("regexFind \"" + KafkaRules.STRIPPED + "\""), "and those the wrapper strips");
        assertTrue(chart.contains("has $property (list " + String.join(" ", KafkaRules.SCRIPT_VARIABLES.stream()
                .map(v -> '"' + v + '"').toList()) + ")"), "and the scripts' own variables");
    }

    @Test
    void prodRefusesMinioAndStorageOutsideTheClusterNeedsASecret() throws IOException {
        List<SpecProblem> problems = problems(dir, """
                minio: {enabled: true}
                environments:
                  prod:
                    kafka: {replicas: 3}
                """);
        SpecProblem minio = problems.stream().filter(p -> p.path().equals("environments.prod: minio.enabled"))
                .findFirst().orElse(null);
        assertTrue(minio != null, problems.toString());
        assertEquals(1, minio.line());
        assertTrue(minio.message().contains("MinIO is for dev only"), problems.toString());

        problems = problems(dir, """
                minio: {enabled: false}
                global:
                  objectStorage: {provider: r2, secretName: ""}
                """);
        assertEquals("global.objectStorage.secretName", problems.get(0).path(), problems.toString());
        assertEquals(3, problems.get(0).line());
        assertTrue(problems.get(0).message().contains("object storage outside the cluster (provider r2) needs the name of "
                + "the Secret"), problems.toString());

        // another S3 service (Amazon S3, say) is chosen as R2 is, with the Secret of its endpoint and keys
        problems = problems(dir, "minio: {enabled: false}\nglobal:\n  objectStorage: {provider: s3, secretName: \"\"}\n");
        assertTrue(at(problems, "global.objectStorage.secretName").message().contains("(provider s3)"), problems.toString());
        PlatformSpec s3 = load(dir, SERVICE + "minio: {enabled: false}\npostgres: {backup: {enabled: true, bucket: backups}, "
                + "databases: {app: {owner: app}}}\n"
                + "global:\n  objectStorage: {provider: s3, secretName: aws-s3, region: eu-west-1}\n").base();
        assertEquals("s3", s3.global().objectStorage().provider());
        assertFalse(s3.onMinio());
        // Loki signs its requests with the platform's region unless it is given one of its own (R2's auto would not do):
        // left empty, the chart takes global.objectStorage.region as the install sets it
        PlatformSpec loki = load(dir, SERVICE + "minio: {enabled: false}\nobservability: {loki: {storageType: s3, s3: "
                + "{secretName: aws-s3}}}\nglobal:\n  objectStorage: {provider: s3, secretName: aws-s3, region: eu-west-1}\n").base();
        assertEquals("", loki.observability().loki().s3().region());
        assertEquals("auto", load(dir, SERVICE + "minio: {enabled: false}\nobservability: {loki: {storageType: s3, s3: "
                + "{secretName: r2, region: auto}}}\nglobal:\n  objectStorage: {provider: r2, secretName: r2, region: eu}\n")
                .base().observability().loki().s3().region(), "a region written stays");
    }

    @Test
    void databasesAndComponentImagesAreChecked() {
        List<SpecProblem> problems = problems(dir, """
                postgres:
                  databases:
                    Bad-Db: {owner: app}
                    billing: {owner: postgres}
                    orders: {}
                  pgbouncer:
                    image: {repository: edoburu/pgbouncer, tag: latest}
                minio:
                  enabled: true
                  buckets: [UPPER]
                """);
        List<String> paths = problems.stream().map(SpecProblem::path).toList();
        assertTrue(paths.contains("postgres.databases.Bad-Db"), paths.toString());
        assertTrue(paths.contains("postgres.databases.billing.owner"), paths.toString());
        assertTrue(paths.contains("postgres.databases.orders.owner"), paths.toString());
        assertTrue(paths.contains("postgres.pgbouncer.image.tag"), paths.toString());
        assertTrue(paths.contains("minio.buckets[0]"), paths.toString());
        assertEquals(7, problems.stream().filter(p -> p.path().equals("postgres.pgbouncer.image.tag")).findFirst().orElseThrow().line());
    }

    @Test
    void whereMinioIsTheObjectStorageEveryBucketThePlatformNamesIsOneItCreates() throws IOException {
        String media = SERVICE + "    env: {STORAGE_PUBLIC_BUCKET: media, STORAGE_BASE_PATH: media}\n";
        // a list the spec leaves out is what the platform names: the *_BUCKET env values, not the others
        assertEquals(List.of("media"), load(dir, media + "minio: {enabled: true}\n").base().minio().buckets());
        // a service that reads the object-storage Secret needs its way to object storage
        assertEquals("STORAGE_SECRET comes from the object-storage Secret object-storage, but the service has no egress to "
                + "object storage; set services.app.networkPolicy.objectStorage: {enabled: true}", at(problems(dir, SERVICE
                + "    secretEnv: {STORAGE_SECRET: {secretName: object-storage, key: secret-access-key}}\n"),
                "services.app.secretEnv.STORAGE_SECRET").message());
        // a name MinIO refuses is said where it is written
        List<SpecProblem> invalid = problems(dir, SERVICE + "    env: {STORAGE_PUBLIC_BUCKET: Media_Files}\nminio: {enabled: true}\n");
        assertEquals("'Media_Files' is not a valid bucket name (3 to 63 lower case letters, digits, '.', '-')",
                at(invalid, "services.app.env.STORAGE_PUBLIC_BUCKET").message());
        assertEquals(1, invalid.size(), invalid::toString);
        // a list the spec writes must hold them: said, since the backups' or Loki's bucket goes with them too
        List<SpecProblem> problems = problems(dir, media + "minio: {enabled: true, buckets: [assets]}\n");
        assertEquals("'media' is not one of the buckets MinIO creates (minio.buckets [assets]): name one of them, or add it "
                + "there (the list the spec writes replaces MinIO's defaults: it holds every bucket the platform uses)",
                at(problems, "services.app.env.STORAGE_PUBLIC_BUCKET").message());
        assertEquals(1, problems.size(), "only values named *_BUCKET: " + problems);
        load(dir, media + "minio: {enabled: true, buckets: [media]}\n");
        // with R2 the buckets are the operator's (docs/r2.md), MinIO on or not
        load(dir, media + "minio: {enabled: true}\nglobal: {objectStorage: {provider: r2}}\n");
    }

    @Test
    void nonRestrictedNamespaceNeedsAReason() {
        List<SpecProblem> problems = problems(dir, "namespaces:\n  neotool-observability: {podSecurity: privileged}\n");
        assertEquals(2, at(problems, "namespaces.neotool-observability.reason").line());
    }

    /**
     * A namespace's own labels (a mesh's injection switch) are rendered on its Namespace beside the Pod Security ones;
     * a label the chart sets itself is refused, as is a key that is not a label key.
     */
    @Test
    void aNamespacesLabelsAreItsOwnButNotTheChartsLabels(@TempDir Path out) throws IOException {
        String spec = SERVICE + "vault: {enabled: false}\nobservability: {enabled: false}\npostgres: {enabled: false}\n"
                + "kafka: {enabled: false}\nnamespaces:\n  neotool-app:\n    labels: {istio-injection: enabled}\n";
        List<SpecProblem> problems = problems(dir, spec.replace("{istio-injection: enabled}",
                "{istio-injection: enabled, pod-security.kubernetes.io/enforce: privileged, 'bad key!': x}"));
        assertTrue(at(problems, "namespaces.neotool-app.labels.pod-security.kubernetes.io/enforce").message()
                .startsWith("'pod-security.kubernetes.io/enforce' is the chart's to set"), problems::toString);
        assertTrue(at(problems, "namespaces.neotool-app.labels.bad key!").message().contains("is not a label or annotation key"),
                problems::toString);
        assertEquals(2, problems.size(), problems::toString);
        io.neotool.charts.security.Rendered charts = io.neotool.charts.security.Rendered.generate(out,
                Files.writeString(out.resolve("neotool.yaml"), spec), "neotool");
        Map<String, Object> ns = new io.neotool.charts.testtools.Manifests(charts.render(List.of(), Map.of()))
                .ofKind("Namespace").stream().filter(n -> YamlTree.map(n, "metadata").get("name").equals("neotool-app"))
                .findFirst().orElseThrow();
        Map<String, Object> labels = YamlTree.map(ns, "metadata", "labels");
        assertEquals("enabled", labels.get("istio-injection"));
        assertEquals("restricted", labels.get("pod-security.kubernetes.io/enforce"));
    }

    /** A component's namespace left empty is said as such: the charts name every namespace, the release's unknown. */
    @Test
    void anEmptyComponentNamespaceSaysANamespaceIsNeeded() {
        List<SpecProblem> problems = problems(dir, SERVICE + "kafka: {namespace: \"\"}\n");
        assertTrue(at(problems, "kafka.namespace").message().startsWith("a namespace is needed here"), problems::toString);
    }

    /** A ServiceAccount's annotations, wherever the record is (a service's, the router's), take annotation keys. */
    @Test
    void aServiceAccountsAnnotationKeysAreChecked() {
        List<SpecProblem> problems = problems(dir, SERVICE + "    serviceAccount: {annotations: {'no key!': x}}\n"
                + "router: {enabled: true, supergraph: {urls: [https://schemas.example.com/s.graphql]}, "
                + "serviceAccount: {annotations: {eks.amazonaws.com/role-arn: arn, 'bad key!': y}}}\n");
        assertTrue(at(problems, "services.app.serviceAccount.annotations.no key!").message().contains("is not a label or "
                + "annotation key"), problems::toString);
        assertTrue(at(problems, "router.serviceAccount.annotations.bad key!").message().contains("is not a label or "
                + "annotation key"), problems::toString);
    }

    /**
     * A namespaces: list written with only a team's own namespace: each namespace it lacks is said once, where the
     * component or service lives, with the fix; the references to it (peers, Vault's token namespaces) say nothing more.
     */
    @Test
    void aWrittenNamespacesListLackingThePlansSaysEachMissingNamespaceOnce() {
        List<SpecProblem> problems = problems(dir, SERVICE + "  notify:\n    image: {repository: notify, tag: \"1.0.0\"}\n"
                + "    namespace: team-notify\nnamespaces:\n  team-notify: {}\n");
        SpecProblem app = at(problems, "services.app.namespace");
        assertTrue(app.message().contains("namespace 'neotool-app' is not declared under namespaces: team-notify")
                && app.message().contains("declare it under namespaces, or set services.app.namespace")
                && app.message().endsWith("(a namespaces: list the spec writes is the platform's whole list, in place of the plan's)"),
                app.message());
        assertTrue(problems.stream().noneMatch(p -> p.path().contains("networkPolicy") || p.path().startsWith("vault.token")),
                "only where something lives: " + problems);
    }

    @Test
    void quantitiesParse() {
        assertEquals(0, Quantity.parse("250m").compareTo(new java.math.BigDecimal("0.25")));
        assertEquals(0, Quantity.parse("1Gi").compareTo(new java.math.BigDecimal(1L << 30)));
        assertEquals(0, Quantity.parse("1e3").compareTo(new java.math.BigDecimal("1000")));
        assertEquals(null, Quantity.parse("1GB"));
        assertEquals(null, Quantity.parse("lots"));
    }
}
