package io.neotool.charts.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.BuildLog;
import io.neotool.charts.InputException;
import io.neotool.charts.TestSpecs;
import io.neotool.charts.helm.HelmClient;
import io.neotool.charts.model.Component;
import io.neotool.charts.model.Components;
import io.neotool.charts.model.ObservabilitySpec;
import io.neotool.charts.model.PlatformSpec;
import io.neotool.charts.model.ServiceSpec;
import io.neotool.charts.model.Spec;
import io.neotool.charts.testtools.YamlTree;
import io.neotool.charts.verify.LintResult;
import io.neotool.charts.verify.Linter;
import io.neotool.charts.verify.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A platform with its own namespace prefix (chart.namespacePrefix: shop) that lists its namespaces but gives no
 * component or service one: each takes the plan's namespace with that prefix, every object lands in one of them, and
 * everything that points at a namespace follows. A spec that lists none gets the plan's namespaces in use, with the
 * prefix; a spec without a prefix keeps the plan's names, whatever its chart name.
 */
class PlatformNamespacesChartTest {
    static final String SPEC = """
            chart: {name: shop, description: The shop platform, namespacePrefix: shop}
            services:
              api:
                image: {repository: api, tag: "1.0.0"}
                database: {name: api}
              billing:
                namespace: payments
                image: {repository: billing, tag: "1.0.0"}
              legacy:
                namespace: neotool-app
                image: {repository: legacy, tag: "1.0.0"}
              catalog:
                namespace: catalog
                image: {repository: catalog, tag: "1.0.0"}
                vaultInit: {enabled: false}
            namespaces:
              shop-app: {}
              shop-data: {}
              shop-messaging: {}
              shop-observability: {}
              shop-logging: {podSecurity: privileged, reason: Promtail reads the node's logs}
              shop-security: {}
              shop-storage: {}
              shop-web: {}
              payments: {}
              catalog: {}
              neotool-app: {}
            postgres:
              databases:
                api: {owner: api}
            """;

    /** A platform of one service under the prefix shop, for the tests that add a few settings to it. */
    static final String SHOP_API = """
            chart: {name: shop, namespacePrefix: shop}
            services:
              api: {image: {repository: api, tag: "1.0.0"}}
            """;

    @TempDir
    static Path dir;

    static PlatformSpec spec;
    static Path umbrella;

    @BeforeAll
    static void generate() throws IOException {
        Path specFile = dir.resolve("shop.yaml");
        Files.writeString(specFile, SPEC);
        spec = TestSpecs.load(Files.createDirectories(dir.resolve("load")), SPEC).base();
        umbrella = OptionalComponentsChartTest.generate(dir.resolve("out"), specFile, "shop");
    }

    @Test
    void withoutAPrefixTheNamespacesStayThePlansWhateverTheChartName() throws IOException {
        PlatformSpec named = TestSpecs.load(Files.createDirectories(dir.resolve("named")), """
                chart: {name: shop}
                services:
                  api: {image: {repository: api, tag: "1.0.0"}}
                """).base();
        assertTrue(PlatformSpec.PLAN_NAMESPACES.keySet().containsAll(named.namespaces().keySet()), named.namespaces().toString());
        assertTrue(named.namespaces().containsKey("neotool-app"), named.namespaces().toString());
        assertEquals("neotool-data", named.postgres().namespace());
        assertEquals("neotool-app", named.services().get("api").namespace());
    }

    @Test
    void aPrefixedDefaultMissingFromAWrittenListSaysWhereItComesFrom() throws IOException {
        String message = TestSpecs.at(TestSpecs.problems(Files.createDirectories(dir.resolve("missing")), """
                chart: {name: shop, namespacePrefix: shop}
                namespaces: {shop-app: {}}
                vault: {enabled: false}
                kafka: {enabled: false}
                minio: {enabled: false}
                router: {enabled: false}
                web: {enabled: false}
                observability: {enabled: false}
                postgres: {monitoring: {enabled: false}}
                services:
                  api: {image: {repository: api, tag: "1.0.0"}}
                """), "postgres.namespace").message();
        assertEquals("namespace 'shop-data' is not declared under namespaces: shop-app; it is the default with "
                + "chart.namespacePrefix shop: declare it under namespaces, or set postgres.namespace (a namespaces: list "
                + "the spec writes is the platform's whole list, in place of the plan's)", message);
    }

    /** A spec that takes a prefix after it was written: its operator-made Secret still names the plan's namespace. */
    @Test
    void anOperatorMadeSecretInAPlanNamespaceThePrefixMovedIsToldWhereItNowIs() throws IOException {
        String message = TestSpecs.at(TestSpecs.problems(Files.createDirectories(dir.resolve("moved")), SHOP_API + """
                global:
                  operatorMade:
                    - {kind: Secret, namespace: neotool-app, name: api-keys, create: kubectl create secret ...}
                """), "global.operatorMade[0].namespace").message();
        assertTrue(message.endsWith(": chart.namespacePrefix shop names that namespace shop-app; write shop-app"), message);
        // a neotool-* namespace that is not the plan's is no name the prefix makes
        String other = TestSpecs.at(TestSpecs.problems(Files.createDirectories(dir.resolve("other")), SHOP_API + """
                namespaces: {shop-app: {}, shop-data: {}, shop-messaging: {}, shop-observability: {}, shop-security: {},
                  shop-logging: {podSecurity: privileged, reason: Promtail reads the node's logs}, shop-extra: {}}
                global:
                  operatorMade:
                    - {kind: Secret, namespace: neotool-extra, name: api-keys, create: kubectl create secret ...}
                """), "global.operatorMade[0].namespace").message();
        assertTrue(other.endsWith("or declare the namespace"), other);
    }

    @Test
    void aPrefixTooLongForItsNamespacesIsRefusedByName() throws IOException {
        String prefix = "p".repeat(50);
        List<io.neotool.charts.model.SpecProblem> problems = TestSpecs.problems(Files.createDirectories(dir.resolve("long")),
                "chart: {namespacePrefix: " + prefix + "}\n" + SPEC.substring(SPEC.indexOf("services:")));
        String message = TestSpecs.at(problems, "chart.namespacePrefix").message();
        assertTrue(message.contains("'" + prefix + "' is not a DNS-1123 label of at most 48 characters (the namespaces "
                + "and buckets it names"), message);
        assertEquals(1, problems.size(), "only the prefix, not every namespace the spec declares for it: " + problems);
    }

    @Test
    void thePlansNamespacesTakeThePrefixAndAWrittenOneIsKept() {
        // the fixture's own list, as written
        Set<String> expected = new TreeSet<>(List.of("shop-app", "shop-data", "shop-messaging", "shop-observability",
                "shop-logging", "shop-security", "shop-storage", "shop-web", "payments", "catalog", "neotool-app"));
        assertEquals(expected, new TreeSet<>(spec.namespaces().keySet()));
        assertEquals("privileged", spec.namespaces().get("shop-logging").podSecurity(), "its level goes with it");
        assertEquals("shop-app", spec.services().get("api").namespace());
        assertEquals("payments", spec.services().get("billing").namespace());
        assertEquals("neotool-app", spec.services().get("legacy").namespace(), "written, so kept: the plan's name too");
        assertEquals("shop-data", spec.postgres().namespace());
        assertEquals("shop-logging", spec.observability().promtail().namespace());
        assertEquals("pgbouncer.shop-data.svc.cluster.local", spec.services().get("api").platform().postgres().host());
        assertEquals(List.of("neotool-app", "payments", "shop-app"), spec.vault().token().namespaces());
    }

    @Test
    void aSpecThatListsNoNamespacesGetsThePlansInUseUnderItsName() throws IOException {
        Spec loaded = TestSpecs.load(Files.createDirectories(dir.resolve("bare")), SHOP_API + """
                kafka: {enabled: false}
                observability: {kafkaExporter: {enabled: false}}
                router: {enabled: false}
                web: {enabled: false}
                """ + TestSpecs.PROD.replace("    minio: {enabled: false}\n", "    minio: {enabled: false}\n    kafka: {enabled: true}\n")
                        .replace("    observability:\n", "    observability:\n      kafkaExporter: {enabled: true}\n"));
        PlatformSpec bare = loaded.base();
        // the plan's namespaces under its prefix, where something runs: none for Kafka, router and web, which are off
        Set<String> inUse = new TreeSet<>();
        for (Component c : Components.ALL) {
            if (c.enabledIn(bare)) {
                inUse.add("shop" + c.namespace().substring("neotool".length()));
            }
        }
        if (bare.observability().enabled() && bare.observability().promtail().enabled()) {
            inUse.add("shop" + ObservabilitySpec.Promtail.DEFAULTS.namespace().substring("neotool".length()));
        }
        assertFalse(inUse.contains("shop-messaging") || inUse.contains("shop-web"), inUse.toString());
        assertEquals(inUse, new TreeSet<>(bare.namespaces().keySet()));
        Set<String> prod = loaded.environments().get("prod").namespaces().keySet();
        assertTrue(prod.contains("shop-messaging") && !prod.contains("shop-storage"), "prod turns Kafka on, MinIO off: " + prod);
        assertEquals("shop-app", bare.services().get("api").namespace());
        assertEquals("kafka.shop-messaging.svc.cluster.local:9092",
                loaded.environments().get("prod").services().get("api").platform().kafka().bootstrapServers());
    }

    @Test
    void anAddressKeyTheSpecWritesLeavesItsSiblingsDerived() throws IOException {
        PlatformSpec partly = TestSpecs.load(Files.createDirectories(dir.resolve("partly")), """
                chart: {name: shop, namespacePrefix: shop}
                services:
                  api:
                    image: {repository: api, tag: "1.0.0"}
                    platform: {postgres: {port: 6433}}
                  jobs:
                    image: {repository: jobs, tag: "1.0.0"}
                    vaultInit: {enabled: false}
                    platform: {vault: {enabled: false}}
                """).base();
        ServiceSpec.Platform api = partly.services().get("api").platform();
        assertEquals(new ServiceSpec.Postgres("pgbouncer.shop-data.svc.cluster.local", 6433, false), api.postgres());
        assertEquals(new ServiceSpec.Vault(false, ""), partly.services().get("jobs").platform().vault(),
                "no address of a Vault the service does not use");
        assertEquals("http://vault.shop-security.svc.cluster.local:8200", api.vault().address());

        // a written host is a server of the spec's own: PgBouncer's port does not follow it
        PlatformSpec external = TestSpecs.load(Files.createDirectories(dir.resolve("external")), """
                services:
                  api:
                    image: {repository: api, tag: "1.0.0"}
                    platform: {postgres: {host: db.example.com}}
                postgres: {pgbouncer: {port: 6543}}
                """).base();
        assertEquals(new ServiceSpec.Postgres("db.example.com", ServiceSpec.Postgres.DEFAULTS.port(), false),
                external.services().get("api").platform().postgres());
    }

    /**
     * MinIO's object-storage Secret goes where its consumers run: a service moved to a namespace of its own takes it
     * along, a service that reads nothing of it gets none, and Loki has it only on s3.
     */
    @Test
    void theObjectStorageSecretsDefaultConsumersAreThoseThatReadIt() throws IOException {
        PlatformSpec noObservability = TestSpecs.load(Files.createDirectories(dir.resolve("minio")), SHOP_API + """
                  reports:
                    image: {repository: reports, tag: "1.0.0"}
                    namespace: shop-reports
                    networkPolicy: {objectStorage: {enabled: true}}
                namespaces: {shop-app: {}, shop-reports: {}, shop-data: {}, shop-messaging: {}, shop-security: {}, shop-storage: {}}
                minio: {enabled: true}
                observability: {enabled: false}
                postgres: {monitoring: {enabled: false}}
                """).base();
        assertEquals(List.of("shop-reports"), noObservability.minio().clientSecret().namespaces());
        assertFalse(noObservability.namespaces().containsKey("shop-observability"));
        // and MinIO creates only the buckets the platform names: none here, the reports' below
        assertEquals(List.of(), noObservability.minio().buckets());
        PlatformSpec lokiOnS3 = TestSpecs.load(Files.createDirectories(dir.resolve("loki")), """
                chart: {name: shop, namespacePrefix: shop}
                services:
                  api:
                    image: {repository: api, tag: "1.0.0"}
                    secretEnv: {STORAGE_SECRET: {secretName: object-storage, key: secret-access-key}}
                    env: {REPORTS_BUCKET: shop-reports}
                    networkPolicy: {objectStorage: {enabled: true}}
                minio: {enabled: true}
                observability: {loki: {storageType: s3, s3: {secretName: object-storage, bucket: shop-loki}}}
                """).base();
        assertEquals(List.of("shop-app", "shop-observability"), lokiOnS3.minio().clientSecret().namespaces());
        assertEquals(List.of("shop-reports", "shop-loki"), lokiOnS3.minio().buckets());
    }

    /**
     * Values given at install that add a user of MinIO's object storage the generated lists do not name (the backups
     * turned on, Loki moved to s3): the render fails naming what to add, instead of a pod waiting for a Secret or a
     * bucket that never comes.
     */
    @Test
    void anObjectStorageUserAddedAtInstallIsNamedWithWhatToAdd() throws IOException {
        Path specFile = Files.writeString(dir.resolve("minio.yaml"), SPEC + "minio: {enabled: true}\n");
        Path minioOn = OptionalComponentsChartTest.generate(dir.resolve("minio-on"), specFile, "shop");
        HelmClient helm = new HelmClient();
        helm.template(new HelmClient.RenderRequest(minioOn, "shop", "default", HelmClient.DEFAULT_KUBE_VERSION, List.of(), Map.of()));
        InputException backups = assertThrows(InputException.class, () -> helm.template(new HelmClient.RenderRequest(minioOn,
                "shop", "default", HelmClient.DEFAULT_KUBE_VERSION, List.of(), Map.of("postgres.backup.enabled", "true"))));
        assertTrue(backups.getMessage().contains("object storage: the PostgreSQL backup (postgres.backup) in shop-data reads "
                + "Secret object-storage, which the minio chart writes only into []; add shop-data to minio.clientSecret.namespaces"),
                backups.getMessage());
        InputException bucket = assertThrows(InputException.class, () -> helm.template(new HelmClient.RenderRequest(minioOn,
                "shop", "default", HelmClient.DEFAULT_KUBE_VERSION, List.of(), Map.of("postgres.backup.enabled", "true",
                        "minio.clientSecret.namespaces[0]", "shop-data"))));
        assertTrue(bucket.getMessage().contains("object storage: the PostgreSQL backup (postgres.backup) uses bucket "),
                bucket.getMessage());
        assertTrue(bucket.getMessage().contains("which MinIO does not create (minio.buckets []); add it to minio.buckets"),
                bucket.getMessage());
    }

    @Test
    void everyObjectLandsInTheRenamedNamespaces() {
        String dev = new HelmClient().template(new HelmClient.RenderRequest(umbrella, "shop", "default",
                HelmClient.DEFAULT_KUBE_VERSION, List.of(), Map.of()));
        Set<String> namespaces = YamlTree.documents(dev).stream()
                .map(d -> (String) YamlTree.map(d, "metadata").get("namespace"))
                .filter(ns -> ns != null).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(namespaces.contains("shop-data") && namespaces.contains("shop-app"), namespaces.toString());
        namespaces.forEach(ns -> assertTrue(ns.startsWith("shop-") || Set.of("payments", "catalog", "neotool-app").contains(ns), ns));
        // catalog reads no JWT keys: Vault's token Secret is not copied there, and none of its objects needs it
        assertEquals(List.of("neotool-app", "payments", "shop-app"), spec.vault().token().namespaces());
        for (String plan : PlatformSpec.PLAN_NAMESPACES.keySet()) {
            if (plan.equals("neotool-app")) {
                continue; // the legacy service's, written in the spec
            }
            assertFalse(dev.contains("." + plan + ".svc"), plan + " still addressed");
            assertFalse(dev.contains("namespace: " + plan + "\n"), plan + " still named");
        }
    }

    @Test
    void eachComponentChartInstalledAloneLandsInThePlatformsNamespaces() throws IOException {
        Set<String> rendered = new TreeSet<>();
        for (Component component : Components.SUBCHARTS) {
            Path chart = umbrella.resolve("charts/" + component.chart());
            if (!Files.isDirectory(chart)) {
                continue; // a component the spec does not deploy has no chart
            }
            Path ci = chart.resolve("ci/default-values.yaml"); // what a chart needs to render alone (the router's supergraph)
            String alone = new HelmClient().template(new HelmClient.RenderRequest(chart, "shop-" + component.chart(),
                    "default", HelmClient.DEFAULT_KUBE_VERSION, Files.exists(ci) ? List.of(ci) : List.of(), Map.of()));
            Set<String> namespaces = YamlTree.documents(alone).stream()
                    .map(d -> (String) YamlTree.map(d, "metadata").get("namespace"))
                    .filter(ns -> ns != null).collect(Collectors.toCollection(TreeSet::new));
            assertTrue(namespaces.contains("shop" + component.namespace().substring("neotool".length())),
                    component.chart() + ": " + namespaces);
            String values = Files.readString(chart.resolve("values.yaml"));
            for (String plan : PlatformSpec.PLAN_NAMESPACES.keySet()) {
                if (!plan.equals("neotool-app")) { // the legacy service's, written in the spec
                    assertFalse(alone.contains("namespace: " + plan + "\n") || alone.contains("." + plan + ".svc"),
                            component.chart() + " alone still names " + plan);
                    assertFalse(values.contains("\"" + plan + "\""), component.chart() + "'s values.yaml still names " + plan);
                }
            }
            rendered.add(component.chart());
        }
        assertTrue(rendered.containsAll(List.of("postgres", "vault", "kafka", "observability")), rendered.toString());
    }

    /**
     * PostgreSQL's monitoring role the spec does not write carries the platform's prefix, on both sides and in each
     * chart's own values; a written one is kept.
     */
    @Test
    void theMonitoringRoleTheSpecDoesNotWriteTakesThePrefix() throws IOException {
        assertEquals("shop_monitor", spec.postgres().monitoring().user());
        assertEquals("shop_monitor", spec.observability().postgresExporter().user());
        String dev = new HelmClient().template(new HelmClient.RenderRequest(umbrella, "shop", "default",
                HelmClient.DEFAULT_KUBE_VERSION, List.of(), Map.of()));
        assertTrue(dev.contains("shop_monitor") && !dev.contains("neotool_monitor"), "the role the chart makes and the exporter's user");
        for (String chart : List.of("postgres", "observability")) { // installed alone, each chart names the same role
            String own = Files.readString(umbrella.resolve("charts/" + chart + "/values.yaml"));
            assertTrue(own.contains("\"shop_monitor\"") && !own.contains("neotool_monitor"), chart + "'s own values.yaml");
        }

        PlatformSpec dashed = TestSpecs.load(Files.createDirectories(dir.resolve("dashed")),
                SHOP_API.replace("namespacePrefix: shop", "namespacePrefix: my-shop")).base();
        assertEquals("my_shop_monitor", dashed.postgres().monitoring().user(), "a SQL name");
        PlatformSpec written = TestSpecs.load(Files.createDirectories(dir.resolve("role")), SHOP_API
                + "postgres: {monitoring: {user: metrics}}\nobservability: {postgresExporter: {user: metrics}}\n").base();
        assertEquals("metrics", written.postgres().monitoring().user());
        assertEquals("metrics", written.observability().postgresExporter().user());
    }

    /** In one R2 account bucket names are shared: a platform's default buckets carry its prefix, a written one is kept. */
    @Test
    void theBucketsTheSpecDoesNotWriteTakeThePrefix() throws IOException {
        PlatformSpec plan = PlatformSpec.DEFAULTS;
        java.util.function.UnaryOperator<String> shop = bucket -> "shop" + bucket.substring("neotool".length());
        assertEquals(plan.minio().buckets().stream().map(shop).toList(), spec.minio().buckets());
        assertEquals(shop.apply(plan.postgres().backup().bucket()), spec.postgres().backup().bucket());
        assertEquals(shop.apply(plan.observability().loki().s3().bucket()), spec.observability().loki().s3().bucket());
        String dev = new HelmClient().template(new HelmClient.RenderRequest(umbrella, "shop", "default",
                HelmClient.DEFAULT_KUBE_VERSION, List.of(), Map.of()));
        assertFalse(dev.contains("neotool-loki") || dev.contains("neotool-assets"), "no bucket of the product's name");
        String lokiAlone = Files.readString(umbrella.resolve("charts/observability/values.yaml"));
        assertTrue(lokiAlone.contains("\"" + spec.observability().loki().s3().bucket() + "\""), "a chart alone has the platform's buckets");
        assertFalse(lokiAlone.contains("\"" + plan.observability().loki().s3().bucket() + "\""), "and not the product's");

        PlatformSpec written = TestSpecs.load(Files.createDirectories(dir.resolve("buckets")), SHOP_API + """
                minio: {buckets: [neotool-media, neotool-logs]}
                observability: {loki: {s3: {bucket: neotool-logs}}}
                postgres: {backup: {bucket: neotool-dumps}}
                """).base();
        // written with the plan's prefix, so a rename would show
        assertEquals(List.of("neotool-media", "neotool-logs"), written.minio().buckets());
        assertEquals("neotool-logs", written.observability().loki().s3().bucket());
        assertEquals("neotool-dumps", written.postgres().backup().bucket());
    }

    @Test
    void aComponentChartAloneDoesNotReachForAComponentThePlatformDoesNotRun() throws IOException {
        Path specFile = Files.writeString(dir.resolve("no-kafka.yaml"), SHOP_API + """
                kafka: {enabled: false}
                observability: {kafkaExporter: {enabled: false}}
                """);
        Path observability = OptionalComponentsChartTest.generate(dir.resolve("no-kafka"), specFile, "shop")
                .resolve("charts/observability");
        String alone = new HelmClient().template(new HelmClient.RenderRequest(observability, "shop-observability", "default",
                HelmClient.DEFAULT_KUBE_VERSION, List.of(), Map.of()));
        assertFalse(alone.contains("kafka-exporter"), "no Kafka exporter without Kafka");
        assertFalse(alone.contains("kafka.shop-messaging"), "no address of a Kafka the platform does not run");
        assertTrue(alone.contains("postgres-exporter"), "the PostgreSQL exporter, as the platform has it");
    }

    @Test
    void theAlertsAndDashboardsBearThePlatformsName() throws IOException {
        String dev = new HelmClient().template(new HelmClient.RenderRequest(umbrella, "shop", "default",
                HelmClient.DEFAULT_KUBE_VERSION, List.of(), Map.of()));
        assertTrue(dev.contains("alert: ShopTargetDown") && dev.contains("name: shop-platform"), "the alerts and their groups");
        assertFalse(dev.contains("alert: Neotool") || dev.contains("name: neotool-platform"), "no alert of the product's name");
        assertTrue(dev.contains("folder: \"shop\""), "Grafana's folder");
        assertFalse(dev.contains("Neotool overview"), "the overview's title");
        try (java.util.stream.Stream<Path> boards = Files.list(umbrella.resolve("charts/observability/dashboards"))) {
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            for (Path board : boards.toList()) {
                com.fasterxml.jackson.databind.JsonNode tree = json.readTree(board.toFile());
                String names = board.getFileName() + " " + tree.path("uid") + " " + tree.path("tags") + " " + tree.path("title");
                assertFalse(names.toLowerCase(java.util.Locale.ROOT).contains("neotool"),
                        names + ": a dashboard's file, uid, tags and title are the platform's or name only what it shows");
            }
        }
        // the overview's error logs: every namespace of this platform, the written ones too
        String overview = Files.readString(umbrella.resolve("charts/observability/dashboards/overview.json"));
        java.util.regex.Matcher logs = java.util.regex.Pattern.compile("namespace=~\\\\\"([^\\\\]+)\\\\\"").matcher(overview);
        assertTrue(logs.find(), overview);
        assertEquals(new TreeSet<>(spec.namespaces().keySet()), new TreeSet<>(List.of(logs.group(1).split("\\|"))));
        assertEquals("MyShop", new PlatformSpec.ChartInfo("my-shop", "", "", "", "", "", "", "", List.of(), List.of(), "shop")
                .alertPrefix());
        assertEquals("_1shop", new PlatformSpec.ChartInfo("1shop", "", "", "", "", "", "", "", List.of(), List.of(), "shop")
                .alertPrefix(), "a Prometheus name starts with a letter or '_'");
    }

    /** A title in prose may hold quotes: the dashboards stay JSON, Grafana's provider YAML. */
    @Test
    void aTitleWithQuotesLeavesTheDashboardsValid() throws IOException {
        Path specFile = Files.writeString(dir.resolve("quoted.yaml"), """
                chart: {name: shop, title: 'My "Shop" & Co', namespacePrefix: shop}
                services:
                  api: {image: {repository: api, tag: "1.0.0"}}
                """);
        Path observability = OptionalComponentsChartTest.generate(dir.resolve("quoted"), specFile, "shop")
                .resolve("charts/observability");
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertEquals("My \"Shop\" & Co overview",
                json.readTree(observability.resolve("dashboards/overview.json").toFile()).path("title").asText());
        assertEquals("My \"Shop\" & Co services",
                json.readTree(observability.resolve("dashboards/services.json").toFile()).path("title").asText());
        String alone = new HelmClient().template(new HelmClient.RenderRequest(observability, "shop-observability", "default",
                HelmClient.DEFAULT_KUBE_VERSION, List.of(), Map.of()));
        String provider = YamlTree.documents(alone).stream().filter(d -> "grafana-dashboard-provider".equals(
                YamlTree.map(d, "metadata").get("name"))).map(d -> (String) YamlTree.map(d, "data").get("dashboards.yaml"))
                .findFirst().orElseThrow();
        assertTrue(YamlTree.documents(provider).get(0).toString().contains("folder=My \"Shop\" & Co"), provider);
    }

    @Test
    void theRenamedPlatformPassesLintWithThePlatformVerification() {
        LintResult result = new Linter(new HelmClient(), BuildLog.SILENT)
                .lint(new Linter.Request(umbrella.getParent(), "1.32.0", "", "default"));
        // nor a warning: failOnWarning passes on a new team's platform, its subcharts' standalone renders included
        List<String> problems = result.findings().stream().filter(f -> f.severity() != Severity.INFO).map(Object::toString).toList();
        assertEquals(List.of(), problems);
        assertFalse(result.platforms().isEmpty(), "the platform verification ran");
        // no release name given: each chart renders as the release of its own name, as helm install shop ./helm/shop
        String platform = result.manifests().get("default");
        assertTrue(platform.contains("app.kubernetes.io/instance: shop\n"), "the umbrella renders as release shop");
        assertFalse(platform.contains("app.kubernetes.io/instance: neotool\n"), "not as the product's release");
    }
}
