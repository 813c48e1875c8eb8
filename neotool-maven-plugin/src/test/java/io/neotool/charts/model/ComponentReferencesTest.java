package io.neotool.charts.model;

import static io.neotool.charts.TestSpecs.at;
import static io.neotool.charts.TestSpecs.load;
import static io.neotool.charts.TestSpecs.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A spec that points at a component it turns off, or at a namespace it does not declare, fails with the fix. */
class ComponentReferencesTest {
    @TempDir
    Path dir;

    /** Only PostgreSQL, in namespace data; the service in shop. */
    private static final String POSTGRES_ONLY = """
            namespaces: {shop: {}, data: {}}
            vault: {enabled: false}
            kafka: {enabled: false}
            postgres: {namespace: data, databases: {api: {owner: api}}}
            services:
              api:
                namespace: shop
                image: {repository: api, tag: "1.0.0"}
                database: {name: api}
            """;

    /** The switches of the exporters and the monitoring role follow their components; written on without them, refused. */
    @Test
    void monitoringWithoutObservabilitySaysToTurnItOff() throws IOException {
        Spec off = load(dir, POSTGRES_ONLY + "observability: {enabled: false}\n");
        assertFalse(off.base().postgres().monitoring().enabled(), "unwritten, the role follows its exporter");
        List<SpecProblem> problems = problems(dir, POSTGRES_ONLY.replace("databases: {api: {owner: api}}}",
                "databases: {api: {owner: api}}, monitoring: {enabled: true}}") + "observability: {enabled: false}\n");
        SpecProblem p = at(problems, "postgres.monitoring.enabled");
        assertTrue(p.message().contains("set postgres.monitoring.enabled: false"), p.message());
        assertTrue(p.message().contains("observability.enabled is false"), p.message());
        assertTrue(p.line() > 0 && p.file().endsWith("neotool.yaml"), "names the file and the nearest line: " + p);
        assertTrue(problems.stream().noneMatch(q -> q.path().equals("postgres.monitoring.namespace")),
                "one problem, not also the exporter's undeclared namespace: " + problems);
    }

    @Test
    void theExporterWithoutPostgresSaysToTurnItOff() throws IOException {
        String spec = """
                namespaces: {shop: {}, metrics: {}, logs: {podSecurity: privileged, reason: promtail}}
                vault: {enabled: false}
                kafka: {enabled: false}
                postgres: {enabled: false}
                observability: {namespace: metrics, promtail: {namespace: logs}}
                services:
                  api: {namespace: shop, image: {repository: api, tag: "1.0.0"}}
                """;
        ObservabilitySpec o = load(dir, spec).base().observability();
        assertFalse(o.postgresExporter().enabled() || o.kafkaExporter().enabled(), "unwritten, each follows its server");
        List<SpecProblem> problems = problems(dir, spec.replace("promtail: {namespace: logs}",
                "promtail: {namespace: logs}, postgresExporter: {enabled: true}"));
        SpecProblem p = at(problems, "observability.postgresExporter.enabled");
        assertTrue(p.message().contains("set observability.postgresExporter.enabled: false"), p.message());
    }

    @Test
    void theExporterWithoutTheMonitoringRoleSaysWhichToTurnOn() throws IOException {
        String spec = POSTGRES_ONLY.replace("{shop: {}, data: {}}",
                "{shop: {}, data: {}, metrics: {}, logs: {podSecurity: privileged, reason: promtail}}").replace(
                "databases: {api: {owner: api}}}", "databases: {api: {owner: api}}, monitoring: {enabled: false}}")
                + "observability: {namespace: metrics, promtail: {namespace: logs}}\n";
        assertFalse(load(dir, spec).base().observability().postgresExporter().enabled(), "unwritten, off without its role");
        List<SpecProblem> problems = problems(dir, spec.replace("promtail: {namespace: logs}",
                "promtail: {namespace: logs}, postgresExporter: {enabled: true}"));
        SpecProblem p = at(problems, "observability.postgresExporter.enabled");
        assertTrue(p.message().contains("postgres.monitoring.enabled is false; set postgres.monitoring.enabled: true"), p.message());
        assertTrue(p.message().contains("or observability.postgresExporter.enabled: false"), p.message());
    }

    /** A short address (name.namespace:port, resolved through the DNS search path) of a component that is off. */
    @Test
    void anEnvAddressInTheNamespaceOfAComponentThatIsOffIsRefused() throws IOException {
        List<SpecProblem> problems = problems(dir, POSTGRES_ONLY.replace("database: {name: api}",
                "database: {name: api}\n    env: {EVENTS_BROKERS: \"kafka.neotool-messaging:9092\", OTHER: \"x.data:5432\", "
                + "POD: \"kafka-0.kafka-headless.neotool-messaging.svc:9092\", "
                + "MEDIA: \"https://media.neotool-messaging.example.com/x\", "
                + "JSON: '{\"b\":\"KAFKA.neotool-messaging:9092\"}', DSN: \"host=kafka.neotool-messaging;port=9092\", "
                + "QUERY: \"kafka://x?b=kafka.neotool-messaging&t=1\", FLOW: \"{host: kafka.neotool-messaging}\"}\n"
                + "    platform: {kafka: {bootstrapServers: \"kafka.neotool-messaging:9092\"}}")
                + "observability: {enabled: false}\n");
        SpecProblem p = at(problems, "services.api.env.EVENTS_BROKERS");
        assertTrue(p.message().contains("'kafka.neotool-messaging:9092' is an address in namespace neotool-messaging, the kafka "
                + "chart's, and kafka.enabled is false"), p.message());
        assertTrue(problems.stream().noneMatch(q -> q.path().equals("services.api.env.OTHER")), "data runs PostgreSQL: " + problems);
        at(problems, "services.api.env.POD"); // a pod's own address, through its headless Service
        at(problems, "services.api.env.JSON");
        at(problems, "services.api.env.DSN");
        at(problems, "services.api.env.QUERY");
        at(problems, "services.api.env.FLOW");
        at(problems, "services.api.platform.kafka.bootstrapServers"); // the short form, too
        assertTrue(problems.stream().noneMatch(q -> q.path().equals("services.api.env.MEDIA")), "a host elsewhere: " + problems);

        // Kafka off in a namespace where PostgreSQL runs: an address there may be anything of it, so it is not said
        load(dir, POSTGRES_ONLY.replace("kafka: {enabled: false}", "kafka: {enabled: false, namespace: data}")
                .replace("database: {name: api}", "database: {name: api}\n    env: {EVENTS_BROKERS: \"kafka.data:9092\"}")
                + "observability: {enabled: false}\n");
    }

    /**
     * An external Kafka's brokers are kept as written, and reached only on the service's internet ports or the addresses
     * it names: without them the build would pass with a service whose NetworkPolicy lets it reach DNS alone.
     */
    @Test
    void brokersOutsideTheClusterNeedTheServicesWayOutOnTheirPorts() throws IOException {
        String external = POSTGRES_ONLY.replace("database: {name: api}", "database: {name: api}\n"
                + "    platform: {kafka: {bootstrapServers: \"b-1.msk.example.com:9092,b-2.msk.example.com:9094\"}}")
                + "observability: {enabled: false}\n";
        SpecProblem p = at(problems(dir, external), "services.api.platform.kafka.bootstrapServers");
        assertTrue(p.message().contains("names brokers outside the cluster, and the service's NetworkPolicy lets it reach no "
                + "address outside on port 9092, 9094: name the brokers' network in services.api.networkPolicy.addresses"),
                p.message());

        load(dir, external.replace("database: {name: api}",
                "database: {name: api}\n    networkPolicy: {internet: {ports: [9092, 9094]}}"));
        // brokers in the VPC (Amazon MSK): their private network by its CIDR
        load(dir, external.replace("database: {name: api}",
                "database: {name: api}\n    networkPolicy: {addresses: [{cidr: 10.20.0.0/16, ports: [9092, 9094]}]}"));
        assertTrue(at(problems(dir, external.replace("database: {name: api}",
                "database: {name: api}\n    networkPolicy: {addresses: [{cidr: 10.20.0.0/16, ports: [9092]}]}")),
                "services.api.platform.kafka.bootstrapServers").message().contains("no address outside on port 9094"));
        load(dir, external.replace("database: {name: api}", "database: {name: api}\n    networkPolicy: {enabled: false}"));
        // a scheme is not part of the host; two labels are <name>.<namespace> only for a declared namespace
        for (String outside : List.of("PLAINTEXT://b-1.msk.example.com:9092", "kafka.corp:9092")) {
            SpecProblem o = at(problems(dir, external.replace("b-1.msk.example.com:9092,b-2.msk.example.com:9094", outside)),
                    "services.api.platform.kafka.bootstrapServers");
            assertTrue(o.message().contains("names brokers outside the cluster"), outside + ": " + o.message());
        }
        // brokers by address, IPv4 or IPv6: a range that holds them with the port, or the internet's ports outside its
        // excluded ranges
        String ipv6 = external.replace("b-1.msk.example.com:9092,b-2.msk.example.com:9094", "[2001:db8::10]:9092");
        assertTrue(at(problems(dir, ipv6), "services.api.platform.kafka.bootstrapServers").message()
                .contains("names brokers by address ([2001:db8::10]:9092) that the service's NetworkPolicy does not let it reach"));
        load(dir, ipv6.replace("database: {name: api}",
                "database: {name: api}\n    networkPolicy: {addresses: [{cidr: \"2001:db8::/32\", ports: [9092]}]}"));
        load(dir, ipv6.replace("database: {name: api}", "database: {name: api}\n    networkPolicy: {internet: {ports: [9092]}}"));
        for (String[] refused : List.of(
                new String[] {"[2001:db8::10]:9092", "{addresses: [{cidr: 10.20.0.0/16, ports: [9092]}]}"},
                new String[] {"[fd00:10::5]:9092", "{internet: {ports: [9092]}}"},
                new String[] {"10.20.0.5:9092", "{internet: {ports: [9092]}}"},
                new String[] {"[2001:db8::10]:9092", "{internet: {ports: [9092], exceptCidrs: [10.0.0.0/8]}}"},
                new String[] {"100.20.0.5:9092", "{internet: {ports: [9092], exceptCidrs: [\"fc00::/7\"]}}"})) {
            String spec = external.replace("b-1.msk.example.com:9092,b-2.msk.example.com:9094", refused[0])
                    .replace("database: {name: api}", "database: {name: api}\n    networkPolicy: " + refused[1]);
            assertTrue(at(problems(dir, spec), "services.api.platform.kafka.bootstrapServers").message()
                    .contains("names brokers by address"), refused[0] + " " + refused[1]);
        }
        load(dir, external.replace("b-1.msk.example.com:9092,b-2.msk.example.com:9094", "10.20.0.5:9092")
                .replace("database: {name: api}", "database: {name: api}\n    networkPolicy: {addresses: [{cidr: 10.20.0.0/16, "
                        + "ports: [9092]}]}"));
        // the cluster's own addresses need no internet port (an egress peer in their namespace instead: below)
        for (String inCluster : List.of("my-kafka.strimzi.svc:9092", "a.b.strimzi.svc.cluster.local:9092")) {
            List<SpecProblem> problems = problems(dir, external.replace("b-1.msk.example.com:9092,b-2.msk.example.com:9094", inCluster));
            assertTrue(problems.stream().noneMatch(q -> q.message().contains("outside the cluster")), inCluster + ": " + problems);
            assertTrue(at(problems, "services.api.platform.kafka.bootstrapServers").message().contains("in namespace strimzi"),
                    inCluster + ": " + problems);
        }
    }

    /** A Kafka an operator runs in a namespace of its own: reached through the kafka peer, its namespace operator-made. */
    @Test
    void aPeerInANamespaceOutsideThePlatformIsTheOperatorsOnceDeclaredOperatorMade() throws java.io.IOException {
        String strimzi = POSTGRES_ONLY.replace("database: {name: api}", """
                database: {name: api}
                    platform: {kafka: {bootstrapServers: "my-cluster-kafka-bootstrap.strimzi.svc.cluster.local:9092"}}
                    networkPolicy:
                      egress:
                        kafka: {namespace: strimzi, app: kafka, port: 9092}""") + "observability: {enabled: false}\n";
        // without its peer there, the spec says where to point it
        SpecProblem noPeer = at(problems(dir, strimzi.replace("kafka: {namespace: strimzi, app: kafka, port: 9092}",
                "cache: {namespace: shop, app: redis, port: 6379}")), "services.api.platform.kafka.bootstrapServers");
        assertTrue(noPeer.message().contains("names brokers in namespace strimzi, where the service's NetworkPolicy has no "
                + "egress peer: point services.api.networkPolicy.egress.kafka at them ({namespace: strimzi, app: <their "
                + "app.kubernetes.io/name>, port: <the port>})"), noPeer.message());
        SpecProblem undeclared = at(problems(dir, strimzi), "services.api.networkPolicy.egress.kafka.namespace");
        assertTrue(undeclared.message().contains("namespace 'strimzi' is not declared under namespaces: data, shop; a namespace "
                + "outside the platform (an operator's Kafka, say) goes in global.operatorMade, in each environment's list too "
                + "(an environment's list replaces the base's): {kind: Namespace, name: strimzi, create: <how it is made>}"),
                undeclared.message());
        load(dir, strimzi.replace("{owner: api}}", "{owner: api}}, monitoring: {enabled: false}")
                + "global:\n  operatorMade: [{kind: Namespace, name: strimzi, create: "
                + "\"the Strimzi operator's install\"}]\n");
    }

    /** An address the spec writes is kept as written: a port changed on its server is said there, not followed. */
    @Test
    void anEnvAddressOfAServiceAtAPortItDoesNotServeIsRefused() throws java.io.IOException {
        String spec = POSTGRES_ONLY + """
                  orders:
                    namespace: shop
                    port: 9090
                    image: {repository: orders, tag: "1.0.0"}
                  billing:
                    namespace: shop
                    image: {repository: billing, tag: "1.0.0"}
                    calls: [orders]
                    env: {ORDERS_URL: "http://orders.shop.svc.cluster.local:8080/api", ORDERS: "orders.SHOP:8080"}
                observability: {enabled: false}
                """;
        List<SpecProblem> problems = problems(dir, spec.replace("{owner: api}}", "{owner: api}}, monitoring: {enabled: false}"));
        SpecProblem url = at(problems, "services.billing.env.ORDERS_URL");
        assertEquals("'http://orders.shop.svc.cluster.local:8080/api' names service orders on port 8080, and orders serves "
                + "port 9090 (services.orders.port): change the port in the address (generate follows a port only in the "
                + "addresses it writes itself)", url.message());
        at(problems, "services.billing.env.ORDERS");
        load(dir, spec.replace("{owner: api}}", "{owner: api}}, monitoring: {enabled: false}")
                .replace(":8080", ":9090"));
    }

    @Test
    void aWrittenPgbouncerHostWithPgbouncerOffSaysToRemoveIt() {
        List<SpecProblem> problems = problems(dir, POSTGRES_ONLY.replace("database: {name: api}",
                "database: {name: api}\n    platform: {postgres: {host: pgbouncer.data.svc.cluster.local}}").replace(
                "databases: {api: {owner: api}}}", "databases: {api: {owner: api}}, pgbouncer: {enabled: false}}")
                + "observability: {enabled: false}\n");
        List<SpecProblem> host = problems.stream().filter(p -> p.path().equals("services.api.platform.postgres.host")).toList();
        assertEquals(1, host.size(), "one problem, one fix: " + host);
        assertTrue(host.get(0).message().contains("is not PostgreSQL's Service (PgBouncer is off)"), host.toString());
        // a service without a database that still names PgBouncer
        List<SpecProblem> noDatabase = problems(dir, POSTGRES_ONLY.replace("database: {name: api}",
                "platform: {postgres: {host: pgbouncer.data.svc.cluster.local}}").replace(
                "databases: {api: {owner: api}}}", "databases: {api: {owner: api}}, pgbouncer: {enabled: false}}")
                + "observability: {enabled: false}\n");
        assertTrue(noDatabase.stream().anyMatch(p -> p.path().equals("services.api.platform.postgres.host") && p.message()
                .contains("is the postgres chart's PgBouncer, and postgres.pgbouncer.enabled is false; remove the host")),
                noDatabase::toString);
    }

    @Test
    void aServiceThatStillUsesADisabledVaultSaysWhatToSet() {
        List<SpecProblem> problems = problems(dir, POSTGRES_ONLY.replace("database: {name: api}",
                "database: {name: api}\n    platform: {vault: {enabled: true, address: \"http://vault.data.svc:8200\"}}")
                + "observability: {enabled: false}\n");
        SpecProblem p = at(problems, "services.api.platform.vault.enabled");
        assertTrue(p.message().contains("set services.api.platform.vault.enabled: false"), p.message());
    }

    @Test
    void aPeerOfADisabledComponentOrAnUndeclaredNamespaceIsRefused() {
        List<SpecProblem> problems = problems(dir, POSTGRES_ONLY.replace("database: {name: api}", """
                database: {name: api}
                    networkPolicy:
                      egress:
                        kafka: {namespace: data, app: kafka, port: 9092}
                        cache: {namespace: neotool-data, app: redis, port: 6379}""")
                + "observability: {enabled: false}\n");
        SpecProblem kafka = at(problems, "services.api.networkPolicy.egress.kafka");
        assertTrue(kafka.message().contains("kafka is off") && kafka.message().contains("remove services.api.networkPolicy.egress.kafka"),
                kafka.message());
        SpecProblem cache = at(problems, "services.api.networkPolicy.egress.cache.namespace");
        assertTrue(cache.message().contains("'neotool-data' is not declared") && cache.message().contains("data, shop"),
                cache.message());

        // Prometheus off within an observability that is on: its pods are not there either
        String prometheus = prometheusPeer("observability: {prometheus: {enabled: false}}");
        assertTrue(prometheus.contains("names the pods of prometheus, and observability.prometheus is off")
                && prometheus.contains("(or enable observability.prometheus)"), prometheus);
        // the whole observability off: that is the key to name
        String off = prometheusPeer("observability: {enabled: false}");
        assertTrue(off.contains("names the pods of prometheus, and observability is off"), off);
    }

    /** Every component's pods (app.kubernetes.io/name: its chart), a component added to the platform's too. */
    @Test
    void aPeerOfAnyDisabledComponentIsRefused() {
        for (Component c : Components.SUBCHARTS) {
            if (c == Components.POSTGRES || c == Components.OBSERVABILITY) {
                continue; // the services' database, and the observability's pods, named otherwise: above
            }
            String path = "services.api.networkPolicy.egress.peer";
            List<SpecProblem> problems = problems(dir, POSTGRES_ONLY.replace("database: {name: api}", """
                    database: {name: api}
                        networkPolicy:
                          egress:
                            peer: {namespace: data, app: %s, port: 1234}""".formatted(c.chart()))
                    + "observability: {enabled: false}\n"
                    + (POSTGRES_ONLY.contains(c.chart() + ": {enabled: false}") ? "" : c.chart() + ": {enabled: false}\n"));
            String message = at(problems, path).message();
            assertTrue(message.contains("names the pods of " + c.chart() + ", and " + c.chart() + " is off"), message);
        }
    }

    /**
     * The cluster's own Prometheus is the cluster's, as its ingress controller is: its namespace need not be declared;
     * naming the platform's Prometheus while the observability chart is off still is a mistake.
     */
    @Test
    void theClustersPrometheusNeedsNoDeclaredNamespace() throws IOException {
        Spec own = load(dir, POSTGRES_ONLY + """
                observability: {enabled: false}
                networkPolicy: {metricsScraper: {namespace: monitoring, app: prometheus}}
                """);
        assertEquals(new NetworkPolicySpec.Peer("monitoring", "prometheus", 0),
                own.base().services().get("api").networkPolicy().ingress().get("prometheus"));
        SpecProblem platforms = at(problems(dir, POSTGRES_ONLY + """
                observability: {enabled: false}
                networkPolicy: {metricsScraper: {namespace: data, app: prometheus}}
                """), "networkPolicy.metricsScraper");
        assertTrue(platforms.message().contains("names the pods of prometheus, and observability is off"), platforms.message());
    }

    /** The problem with a service admitting Prometheus's pods, with {@code observability} in the spec. */
    private String prometheusPeer(String observability) {
        List<SpecProblem> problems = problems(dir, POSTGRES_ONLY.replace("database: {name: api}", """
                database: {name: api}
                    networkPolicy:
                      ingress:
                        prometheus: {namespace: data, app: prometheus, port: 8080}""") + observability + "\n");
        return at(problems, "services.api.networkPolicy.ingress.prometheus").message();
    }

    @Test
    void objectStorageOnADisabledMinioSaysToEnableItOrUseStorageOutsideTheCluster() {
        List<SpecProblem> problems = problems(dir, POSTGRES_ONLY.replace("databases:", "backup: {enabled: true}, databases:")
                + """
                observability: {enabled: false}
                minio: {enabled: false}
                global: {objectStorage: {provider: minio}}
                """);
        SpecProblem p = at(problems, "global.objectStorage.provider");
        assertTrue(p.message().contains("postgres.backup uses object storage; set minio.enabled: true, or "
                + "global.objectStorage.provider: r2 or s3"), p.message());
        assertEquals(1, problems.stream().filter(q -> q.message().contains("minio.enabled is false")).count(),
                "said once, for every consumer: " + problems);
    }

    @Test
    void chartKeywordsAndMaintainersAreChecked() {
        List<SpecProblem> problems = problems(dir, """
                chart: {keywords: ["two words: here"], maintainers: [{email: a@example.com}]}
                """);
        assertTrue(at(problems, "chart.keywords[0]").message().contains("is not a keyword"));
        assertTrue(at(problems, "chart.maintainers[0].name").message().contains("needs a name"));
    }
}
