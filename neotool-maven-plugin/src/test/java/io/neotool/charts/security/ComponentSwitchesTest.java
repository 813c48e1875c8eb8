package io.neotool.charts.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.neotool.charts.InputException;
import io.neotool.charts.TestPaths;
import io.neotool.charts.model.PlatformSpec;
import io.neotool.charts.model.ServiceSpec;
import io.neotool.charts.testtools.Manifests;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A component turned off at install time ({@code --set kafka.enabled=false}) while something that is on
 * still connects to it, or a service moved to another namespace than the one its copies are written to: the
 * umbrella's render fails and names every value concerned, instead of installing pods that cannot connect. On the repository's platform; what is expected derives from its spec, and a case whose
 * components the spec leaves out is skipped.
 */
class ComponentSwitchesTest {
    static final PlatformSpec SPEC = TestPaths.loadSpec().base();

    static Rendered charts;

    @BeforeAll
    static void render() {
        charts = Rendered.platform();
    }

    static String failure(Map<String, String> set) {
        return assertThrows(InputException.class, () -> charts.render(List.of(), set)).getMessage();
    }

    /** The services the predicate holds for, at least one. */
    static List<String> services(Predicate<ServiceSpec> which) {
        List<String> names = SPEC.services().entrySet().stream().filter(e -> which.test(e.getValue())).map(Map.Entry::getKey).toList();
        assumeTrue(!names.isEmpty(), "no service of the spec to check");
        return names;
    }

    static void assertNames(String message, String off, String host, List<String> keys) {
        assertTrue(message.contains(off + ".enabled is false, yet its Service " + host + " is still the address in "), message);
        keys.forEach(key -> assertTrue(message.contains(key), key + " in " + message));
        assertTrue(message.contains("--set <key>=<address>") && message.contains("neotool:generate"), message);
    }

    @Test
    void kafkaOffNamesEveryValueThatStillPointsAtIt() {
        assumeTrue(SPEC.kafka().enabled());
        List<String> keys = new ArrayList<>(services(s -> !s.platform().kafka().bootstrapServers().isEmpty()).stream()
                .map(s -> s + ".platform.kafka.bootstrapServers").toList());
        if (SPEC.observability().enabled() && SPEC.observability().kafkaExporter().enabled()) {
            keys.add("observability.kafkaExporter.server");
        }
        assertNames(failure(Map.of("kafka.enabled", "false")), "kafka", "kafka." + SPEC.kafka().namespace() + ".svc", keys);

        // pointed at a Kafka of one's own, it renders
        Map<String, String> set = new LinkedHashMap<>(Map.of("kafka.enabled", "false"));
        keys.forEach(key -> set.put(key, "broker.example.com:9092"));
        assertFalse(new Manifests(charts.render(List.of(), set)).has("StatefulSet", "kafka"), "Kafka is off");

        // a list that still names the cluster's Kafka after a space is named too
        String listed = keys.stream().filter(k -> k.endsWith("bootstrapServers")).findFirst().orElseThrow();
        set.put(listed, "broker.example.com:9092, kafka." + SPEC.kafka().namespace() + ".svc.cluster.local:9092");
        assertTrue(failure(set).contains("still the address in " + listed), listed);
    }

    @Test
    void vaultOffNamesTheServicesThatUseIt() {
        assumeTrue(SPEC.vault().enabled());
        assertNames(failure(Map.of("vault.enabled", "false")), "vault", "vault." + SPEC.vault().namespace() + ".svc",
                services(s -> s.vaultInit().enabled() && s.platform().vault().enabled()).stream()
                        .map(s -> s + ".platform.vault.address").toList());
    }

    @Test
    void pgbouncerOffNamesTheServicesWithADatabase() {
        assumeTrue(SPEC.postgres().enabled() && SPEC.postgres().pgbouncer().enabled());
        assertNames(failure(Map.of("postgres.pgbouncer.enabled", "false")), "postgres.pgbouncer",
                "pgbouncer." + SPEC.postgres().namespace() + ".svc",
                services(s -> !s.database().name().isEmpty()).stream().map(s -> s + ".platform.postgres.host").toList());
    }

    /**
     * PgBouncer off and the services pointed at PostgreSQL's own Service, as the error above suggests for a server of
     * one's own: their egress still leads to PgBouncer only, and PostgreSQL admits no service, so the render refuses
     * it, naming the egress peer to add; with the peers, PostgreSQL admits the services (the other side follows the
     * peers). An address outside the cluster is the operator's to open.
     */
    @Test
    void anInClusterAddressNoEgressPeerLeadsToIsRefused() {
        assumeTrue(SPEC.postgres().enabled() && SPEC.postgres().pgbouncer().enabled());
        List<String> withDatabase = services(s -> !s.database().name().isEmpty());
        String postgres = "postgres." + SPEC.postgres().namespace() + ".svc.cluster.local";
        Map<String, String> set = new LinkedHashMap<>(Map.of("postgres.pgbouncer.enabled", "false"));
        withDatabase.forEach(s -> {
            set.put(s + ".platform.postgres.host", postgres);
            set.put(s + ".platform.postgres.port", "5432");
        });
        String message = failure(set);
        withDatabase.forEach(s -> assertTrue(message.contains(s + ".platform.postgres.host is " + postgres + ":5432, but no peer "
                + "of " + s + ".networkPolicy.egress lets " + s + " out to namespace " + SPEC.postgres().namespace()
                + " on port 5432"), message));
        assertTrue(message.contains("--set " + withDatabase.get(0) + ".networkPolicy.egress.<peer>.namespace=" + SPEC.postgres().namespace())
                && message.contains("change the address in the spec (services." + withDatabase.get(0)) && message.contains("neotool:generate"),
                message);

        Map<String, String> peers = new LinkedHashMap<>(set);
        withDatabase.forEach(s -> {
            peers.put(s + ".networkPolicy.egress.postgres.namespace", SPEC.postgres().namespace());
            peers.put(s + ".networkPolicy.egress.postgres.app", "postgres");
            peers.put(s + ".networkPolicy.egress.postgres.port", "5432");
        });
        Manifests admitted = new Manifests(charts.render(List.of(), peers));
        String home = SPEC.services().get(withDatabase.get(0)).namespace();
        assertTrue(admitted.ofKind("NetworkPolicy").stream()
                        .filter(p -> admitted.inNamespace(SPEC.postgres().namespace()).contains(p))
                        .map(p -> String.valueOf(p.get("spec")))
                        .anyMatch(spec -> spec.contains("app.kubernetes.io/name=postgres") && spec.contains(home) && spec.contains("5432")),
                "PostgreSQL admits the services of " + home + ": " + admitted.names());

        withDatabase.forEach(s -> set.put(s + ".platform.postgres.host", "db.example.com"));
        charts.render(List.of(), set);
    }

    /**
     * A component moved to another namespace with --set alone: a namespace nobody creates, or the addresses of its
     * Services left in the old one. The render refuses both and sends the change to the spec.
     */
    @Test
    void aComponentMovedToAnotherNamespaceIsRefused() {
        assumeTrue(SPEC.kafka().enabled());
        List<String> keys = services(s -> !s.platform().kafka().bootstrapServers().isEmpty()).stream()
                .map(s -> s + ".platform.kafka.bootstrapServers").toList();
        String home = SPEC.kafka().namespace();
        String unknown = failure(Map.of("kafka.namespace", "not-in-the-spec"));
        assertTrue(unknown.contains("kafka.namespace is not-in-the-spec, which neither the chart creates (namespaces.items) nor "
                + "the operator (global.operatorMade)"), unknown);
        String other = SPEC.namespaces().keySet().stream().filter(ns -> !ns.equals(home)).sorted().findFirst().orElseThrow();
        String moved = failure(Map.of("kafka.namespace", other));
        keys.forEach(key -> assertTrue(moved.contains(key + " is kafka." + home + ".svc"), key + " in " + moved));
        assertTrue(moved.contains("in namespace " + home + ", but kafka.namespace is " + other + ": a component's namespace is "
                + "the spec's (kafka.namespace), change it there and run neotool:generate"), moved);
    }

    /**
     * Web, observability or MinIO moved with --set alone to another of the platform's namespaces: the values of the
     * other charts that name its namespace (the router beside web, PostgreSQL's monitoring Secret, MinIO's clients'
     * egress) keep the old one, so the render is refused and names both keys.
     */
    @Test
    void aComponentOthersNameMovedAloneIsRefused() {
        List<String[]> moves = new java.util.ArrayList<>();
        if (SPEC.web().enabled() && SPEC.router().enabled()) {
            moves.add(new String[] {"web.namespace", "router.namespace is " + SPEC.router().namespace()});
        }
        if (SPEC.observability().enabled() && SPEC.postgres().enabled() && SPEC.postgres().monitoring().enabled()) {
            moves.add(new String[] {"observability.namespace", "postgres.monitoring.namespace is " + SPEC.postgres().monitoring().namespace()});
        }
        if (SPEC.minio().enabled() && SPEC.postgres().enabled() && SPEC.postgres().backup().enabled()) {
            moves.add(new String[] {"minio.namespace", "postgres.backup.objectStorage.minio.namespace is "
                    + SPEC.postgres().backup().objectStorage().minio().namespace()});
        }
        assumeTrue(!moves.isEmpty(), "no such component in the spec");
        for (String[] move : moves) {
            String home = move[1].substring(move[1].lastIndexOf(' ') + 1);
            String elsewhere = SPEC.namespaces().keySet().stream().filter(ns -> !ns.equals(home)).sorted().findFirst().orElseThrow();
            String message = failure(Map.of(move[0], elsewhere));
            assertTrue(message.contains(move[0] + " is " + elsewhere + ", but " + move[1] + ": a component's namespace is the "
                    + "spec's, change it there and run neotool:generate"), message);
        }
    }

    /**
     * A service's port or name changed at install time: the router's subgraph URL and the other services' env values
     * that name its Service are refused until they follow (generate would have written them all).
     */
    @Test
    void aServicePortOrNameChangedAtInstallTimeNamesTheAddressesLeftBehind() {
        assumeTrue(SPEC.router().enabled());
        Map<String, String> graphs = SPEC.router().resolved(SPEC).subgraphs();
        String service = graphs.keySet().stream().filter(SPEC.services()::containsKey).sorted().findFirst().orElse(null);
        assumeTrue(service != null, "the router routes to no service of the spec");
        int port = SPEC.services().get(service).port();
        String moved = failure(Map.of(service + ".port", String.valueOf(port + 1)));
        assertTrue(moved.contains("router.subgraphs." + service + " is " + graphs.get(service) + ", but service " + service
                + " serves port " + (port + 1) + " (" + service + ".port)"), moved);
        String renamed = failure(Map.of(service + ".fullnameOverride", service + "-v2"));
        assertTrue(renamed.contains("router.subgraphs." + service + " is " + graphs.get(service) + ", but service " + service
                + "'s Service is now " + service + "-v2"), renamed);
        // with the address set too, it renders
        charts.render(List.of(), Map.of(service + ".port", String.valueOf(port + 1), "router.subgraphs." + service,
                graphs.get(service).replace(":" + port + "/", ":" + (port + 1) + "/")));
    }

    /** An env address in the short form {@code <name>.<namespace>:<port>} is followed like the full one. */
    @Test
    void aShortAddressOfAServiceIsCheckedToo() {
        List<String> names = SPEC.services().keySet().stream().sorted().toList();
        assumeTrue(names.size() > 1, "one service: no other to name it");
        String client = names.get(0);
        String server = names.get(1);
        ServiceSpec s = SPEC.services().get(server);
        String address = "http://" + server + "." + s.namespace() + ":" + s.port() + "/api";
        charts.render(List.of(), Map.of(client + ".env.SHORT_URL", address));
        String moved = failure(Map.of(client + ".env.SHORT_URL", address, server + ".port", String.valueOf(s.port() + 1)));
        assertTrue(moved.contains(client + ".env.SHORT_URL is " + address + ", but service " + server + " serves port "
                + (s.port() + 1)), moved);
    }

    /** PgBouncer's port changed at install time alone: each service's database address is named, as generate would move it. */
    @Test
    void aPgBouncerPortChangedAtInstallTimeNamesTheAddressesLeftBehind() {
        assumeTrue(SPEC.postgres().enabled() && SPEC.postgres().pgbouncer().enabled());
        List<String> keys = services(s -> !s.database().name().isEmpty()).stream().map(s -> s + ".platform.postgres.host").toList();
        assumeTrue(!keys.isEmpty(), "no service of the spec has a database");
        int port = SPEC.postgres().pgbouncer().port() + 1;
        String moved = failure(Map.of("postgres.pgbouncer.port", String.valueOf(port)));
        keys.forEach(key -> assertTrue(moved.contains(key + " is "), key + " in " + moved));
        String service = keys.get(0).substring(0, keys.get(0).indexOf('.'));
        assertTrue(moved.contains("but PgBouncer listens on port " + port + " (postgres.pgbouncer.port): set " + service
                + ".platform.postgres.port too, and the port of " + service + ".networkPolicy.egress.pgbouncer, "
                + "or change the port in the spec and run neotool:generate"), moved);
    }

    @Test
    void postgresOffNamesItsExporter() {
        assumeTrue(SPEC.postgres().enabled() && SPEC.observability().enabled() && SPEC.observability().postgresExporter().enabled());
        assertNames(failure(Map.of("postgres.enabled", "false")), "postgres", "postgres." + SPEC.postgres().namespace() + ".svc",
                List.of("observability.postgresExporter.host"));
    }

    @Test
    void aServiceMovedToAnotherNamespaceIsRefusedWhereItsCopiesStay() {
        assumeTrue(SPEC.postgres().enabled());
        String service = services(s -> !s.database().name().isEmpty()).get(0);
        String home = SPEC.services().get(service).namespace();
        String other = SPEC.namespaces().keySet().stream().filter(ns -> !ns.equals(home)).sorted().findFirst().orElseThrow();
        String moved = failure(Map.of(service + ".namespace", other));
        assertTrue(moved.contains(service + ".namespace is " + other + ", but the postgres chart writes its database Secret "),
                moved);
        assertTrue(moved.contains("postgres.serviceSecrets." + service + ".namespace") && moved.contains("neotool:generate"), moved);

        String unknown = failure(Map.of(service + ".namespace", "not-in-the-spec"));
        assertTrue(unknown.contains("neither the chart creates it (namespaces.items) nor the operator (global.operatorMade)"), unknown);
        // namespaces made outside the chart: they exist already, the services stay where the spec put them
        charts.render(List.of(), Map.of("namespaces.create", "false"));

        // in an environment whose Vault token the operator makes, a service moved where it made none is refused too
        PlatformSpec prod = TestPaths.loadSpec().environments().get("prod");
        if (prod != null && prod.vault().enabled() && !prod.vault().token().create()) {
            String vaultUser = prod.services().entrySet().stream().filter(e -> e.getValue().vaultInit().enabled()
                    && e.getValue().platform().vault().enabled()).map(Map.Entry::getKey).findFirst().orElse(null);
            assumeTrue(vaultUser != null, "no service of prod reads Vault");
            String from = prod.services().get(vaultUser).namespace();
            String to = prod.namespaces().keySet().stream().filter(ns -> !ns.equals(from)).sorted().findFirst().orElseThrow();
            String refused = assertThrows(InputException.class, () -> charts.render(List.of("values-prod.yaml"),
                    Map.of(vaultUser + ".namespace", to))).getMessage();
            assertTrue(refused.contains(vaultUser + ".namespace is " + to + ", but ") && refused.contains("the operator makes the "
                    + "Vault token Secrets in " + String.join(", ", prod.vault().token().namespaces()) + " only"), refused);
        }
    }

    @Test
    void routerOffIsNamedWhereWebStillSendsItsQueries() {
        assumeTrue(SPEC.router().enabled() && SPEC.web().enabled());
        // a service that calls the router is refused on its own (ServiceCallsTest): those are off here
        Map<String, String> set = new java.util.TreeMap<>(Map.of("router.enabled", "false"));
        SPEC.services().forEach((name, s) -> {
            if (s.calls().contains("router")) {
                set.put(name + ".enabled", "false");
            }
        });
        assertNames(failure(set), "router", "router." + SPEC.router().namespace() + ".svc", List.of("web.graphql.internalUrl"));
    }

    /**
     * The URLs derived from the web Ingress's hosts at generate time: changing the hosts at install time leaves them
     * behind, and the install notes name each one.
     */
    @Test
    void anInstallTimeHostLeavesTheDerivedUrlsNamedInAWarning() {
        assumeTrue(SPEC.web().enabled() && SPEC.web().ingress().enabled());
        List<String> keys = new ArrayList<>();
        if (SPEC.router().enabled()) {
            keys.add("router.corsOrigins[0]");
        }
        SPEC.services().forEach((name, s) -> {
            if (!s.platform().web().urlEnv().isEmpty()) {
                keys.add(name + ".platform.web.url");
            }
        });
        assumeTrue(!keys.isEmpty(), "no URL of the spec is derived from the hosts");
        assertFalse(charts.install(Map.of()).contains("WARNING: these URLs name no host"), "the spec's hosts: no warning");
        String notes = charts.install(Map.of("web.ingress.hosts[0].host", "shop.example.org"));
        assertTrue(notes.contains("WARNING: these URLs name no host of web.ingress.hosts (shop.example.org): "), notes);
        keys.forEach(key -> assertTrue(notes.contains(key + " ("), key + " in " + notes));
        assertFalse(notes.contains("web.graphql.publicUrl"), "web derives it from the hosts it renders: " + notes);

        // TLS turned on at install time over a spec without it: the derived http URLs are named too
        if (!SPEC.web().ingress().tls().enabled()) {
            String tls = charts.install(Map.of("web.ingress.tls.enabled", "true", "web.ingress.tls.secretName", "shop-tls"))
                    .replaceAll("\\s+", " ");
            assertTrue(tls.contains("or name it with http while the Ingress serves https (web.ingress.tls)"), tls);
            keys.forEach(key -> assertTrue(tls.contains(key + " (http://"), key + " in " + tls));
        }
    }

    @Test
    void aServiceOffWhileTheRouterStillRoutesToItInstallsWithAWarning() {
        assumeTrue(SPEC.router().enabled());
        Map<String, String> graphs = SPEC.router().resolved(SPEC).subgraphs();
        String service = graphs.keySet().stream().filter(SPEC.services()::containsKey).sorted().findFirst().orElse(null);
        assumeTrue(service != null, "the router routes to no service of the spec");
        String warning = "WARNING: turned off, yet the router still sends queries to their Services: " + service
                + " (router.subgraphs." + service + ")";
        String notes = charts.install(Map.of(service + ".enabled", "false"));
        assertTrue(notes.contains(warning), notes);
        assertFalse(charts.install(Map.of()).contains("WARNING: turned off"), "every service on: no warning");

        // routed to a server of one's own: no warning
        String namespace = SPEC.services().get(service).namespace();
        assertFalse(charts.install(Map.of(service + ".enabled", "false", "router.subgraphs." + service,
                "http://" + service + "-v2." + namespace + ".svc.cluster.local:8080/graphql")).contains("WARNING: turned off"));
    }

    @Test
    void minioOffWhileItIsTheObjectStorageNamesWhatUsesIt() {
        assumeTrue(SPEC.minio().enabled() && SPEC.global().objectStorage().provider().equals("minio"));
        List<String> users = new ArrayList<>(SPEC.services().entrySet().stream()
                .filter(e -> e.getValue().networkPolicy().objectStorage().enabled()).map(Map.Entry::getKey).toList());
        if (SPEC.postgres().enabled() && SPEC.postgres().backup().enabled()) {
            users.add("postgres.backup");
        }
        assumeTrue(!users.isEmpty(), "nothing uses object storage");
        String message = failure(Map.of("minio.enabled", "false"));
        assertTrue(message.contains("minio.enabled is false, but global.objectStorage.provider is minio and object storage is "
                + "used by "), message);
        users.forEach(user -> assertTrue(message.contains(user), user + " in " + message));
        assertTrue(message.contains("install with the values of an environment on object storage outside the cluster"),
                message);
    }
}
