package io.neotool.charts.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Where the platform's components are, from what the spec enables and the namespaces it puts them in. Every address,
 * NetworkPolicy peer and namespace list the spec leaves at its default follows the components: the default PgBouncer
 * host becomes {@code pgbouncer.<postgres.namespace>.svc.cluster.local}, a disabled component's address and peers are
 * dropped (no POSTGRES_HOST, no KAFKA_BOOTSTRAP_SERVERS, no VAULT_* env, no NetworkPolicy towards it). A value the spec
 * sets to anything but the default is kept as written (and checked by the validator).
 */
final class PlatformAddresses {
    private PlatformAddresses() {}

    static final String VAULT_PORT = "8200";
    static final int KAFKA_PORT = 9092;
    static final int POSTGRES_PORT = 5432;
    static final int MINIO_PORT = 9000;

    /** The spec with its default addresses derived from its components. */
    static PlatformSpec resolve(PlatformSpec spec) {
        Map<String, ServiceSpec> services = new LinkedHashMap<>(); // the spec's order, as bound
        Set<String> routed = spec.router().resolved(spec).subgraphs().keySet();
        spec.services().forEach((name, service) -> services.put(name, service(spec, service, routed.contains(name))));
        PlatformSpec out = Records.with(spec, "services", Collections.unmodifiableMap(services));
        out = Records.with(out, "vault", vault(out));
        out = Records.with(out, "observability", observability(spec));
        out = Records.with(out, "postgres", postgres(spec));
        out = Records.with(out, "web", Records.with(out.web(), "networkPolicy", Records.with(out.web().networkPolicy(),
                "ingressController", ingressController(spec, out.web().networkPolicy().ingressController()))));
        return Records.with(out, "router", router(spec));
    }

    /**
     * The spec with MinIO's lists where it leaves them at their defaults ({@code written} holds the key paths it
     * writes), from the consumers of object storage: the object-storage Secret goes to their namespaces (the services
     * with object-storage egress or env from that Secret, Loki on s3 with it, the PostgreSQL backups on MinIO), and
     * where MinIO is the object storage it creates the buckets they name (the services' env values whose names end
     * with _BUCKET, Loki's, the backups').
     */
    static PlatformSpec withObjectStorage(PlatformSpec spec, Set<String> written) {
        PostgresSpec pg = spec.postgres();
        MinioSpec minio = spec.minio();
        ObservabilitySpec o = spec.observability();
        boolean backups = pg.enabled() && pg.backup().enabled() && spec.onMinio();
        if (spec.onMinio() && !written.contains("minio.buckets")) {
            Set<String> buckets = new LinkedHashSet<>();
            new TreeMap<>(spec.services()).values().forEach(s -> new TreeMap<>(s.env()).forEach((key, bucket) -> {
                if (key.endsWith("_BUCKET") && !bucket.isBlank()) {
                    buckets.add(bucket);
                }
            }));
            if (o.lokiOnS3()) {
                buckets.add(o.loki().s3().bucket());
            }
            if (backups) {
                buckets.add(pg.backup().bucket());
            }
            minio = Records.with(minio, "buckets", List.copyOf(buckets));
        }
        if (!written.contains("minio.clientSecret.namespaces")) {
            String secret = minio.clientSecret().name();
            Set<String> consumers = new TreeSet<>();
            spec.services().values().stream().filter(s -> s.networkPolicy().objectStorage().enabled()
                    || s.secretEnv().values().stream().anyMatch(k -> k.secretName().equals(secret)))
                    .forEach(s -> consumers.add(s.namespace()));
            if (o.lokiOnS3() && o.loki().s3().secretName().equals(secret)) {
                consumers.add(o.namespace());
            }
            if (backups) {
                consumers.add(pg.namespace());
            }
            minio = Records.with(minio, "clientSecret", Records.with(minio.clientSecret(), "namespaces", List.copyOf(consumers)));
        }
        return Records.with(spec, "minio", minio);
    }

    /**
     * The Prometheus that scrapes the platform's pods, on {@code port} (0: a service's http port): the spec's
     * networkPolicy.metricsScraper (a cluster's own), else the observability chart's where it runs; null for none.
     */
    private static NetworkPolicySpec.Peer scraper(PlatformSpec spec, int port) {
        NetworkPolicySpec.Peer own = spec.networkPolicy().metricsScraper();
        if (!own.app().isEmpty()) {
            return new NetworkPolicySpec.Peer(own.namespace(), own.app(), port);
        }
        ObservabilitySpec o = spec.observability();
        return o.enabled() && o.prometheus().enabled() ? new NetworkPolicySpec.Peer(o.namespace(), "prometheus", port) : null;
    }

    /**
     * Where the services reach the postgres chart's databases: PgBouncer, or the primary itself when PgBouncer is off
     * (the postgres chart's Secrets name the same); null when postgres is off.
     */
    private static NetworkPolicySpec.Peer databasePeer(PlatformSpec spec) {
        PostgresSpec pg = spec.postgres();
        if (!pg.enabled()) {
            return null;
        }
        return pg.pgbouncer().enabled() ? new NetworkPolicySpec.Peer(pg.namespace(), "pgbouncer", pg.pgbouncer().port())
                : new NetworkPolicySpec.Peer(pg.namespace(), "postgres", POSTGRES_PORT);
    }

    /** The in-cluster host of {@link #databasePeer}; empty when postgres is off. */
    static String databaseHost(PlatformSpec spec) {
        NetworkPolicySpec.Peer database = databasePeer(spec);
        return database == null ? "" : host(database.app(), database.namespace());
    }

    private static String host(String name, String namespace) {
        return name + "." + namespace + ".svc.cluster.local";
    }

    /** {@code value}, or when it is {@code defaults} the derived value (null: none). */
    private static <T> T derive(T value, T defaults, Supplier<T> derived) {
        return value.equals(defaults) ? derived.get() : value;
    }

    /**
     * The default peers with the spec's own on top (a spec that writes one peer adds it; the platform's stay), each
     * entry that is still its default replaced by the derived peer, or dropped when that is null.
     */
    private static Map<String, NetworkPolicySpec.Peer> peers(Map<String, NetworkPolicySpec.Peer> written,
            Map<String, NetworkPolicySpec.Peer> defaults, Map<String, Supplier<NetworkPolicySpec.Peer>> derived) {
        Map<String, NetworkPolicySpec.Peer> given = new TreeMap<>(defaults);
        given.putAll(written);
        Map<String, NetworkPolicySpec.Peer> out = new TreeMap<>();
        given.forEach((name, peer) -> {
            NetworkPolicySpec.Peer resolved = derived.containsKey(name) && peer.equals(defaults.get(name))
                    ? derived.get(name).get() : peer;
            if (resolved != null) {
                out.put(name, resolved);
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /** A service's addresses and peers; {@code routed}: it is one of the router's subgraphs, which the router calls. */
    static ServiceSpec service(PlatformSpec spec, ServiceSpec s, boolean routed) {
        KafkaSpec kafka = spec.kafka();
        VaultSpec vault = spec.vault();
        ServiceSpec.Platform p = s.platform();
        // Key by key: a spec that writes one key (a port) still gets the others derived. A written host or address is
        // a server of the spec's own (an external database, a Vault it means to use): its record is kept as written.
        ServiceSpec.Postgres pgDefaults = ServiceSpec.Postgres.DEFAULTS;
        if (p.postgres().host().equals(pgDefaults.host())) {
            NetworkPolicySpec.Peer database = databasePeer(spec);
            p = Records.with(p, "postgres", new ServiceSpec.Postgres(databaseHost(spec),
                    derive(p.postgres().port(), pgDefaults.port(), () -> database == null ? pgDefaults.port() : database.port()),
                    p.postgres().health()));
        }
        p = Records.with(p, "kafka", new ServiceSpec.Kafka(derive(p.kafka().bootstrapServers(),
                ServiceSpec.Kafka.DEFAULTS.bootstrapServers(), () -> kafka.enabled() ? host("kafka", kafka.namespace()) + ":" + KAFKA_PORT : ""),
                p.kafka().health()));
        ServiceSpec.Vault vaultDefaults = ServiceSpec.Vault.DEFAULTS;
        if (p.vault().address().equals(vaultDefaults.address())) {
            boolean used = derive(p.vault().enabled(), vaultDefaults.enabled(), vault::enabled);
            p = Records.with(p, "vault", new ServiceSpec.Vault(used,
                    used && vault.enabled() ? "http://" + host("vault", vault.namespace()) + ":" + VAULT_PORT : ""));
        }
        // only a service that names env for it gets the URL (every other alias's values stay as they were)
        List<String> origins = spec.web().origins();
        if (!p.web().urlEnv().isEmpty()) {
            p = Records.with(p, "web", Records.with(p.web(), "url",
                    derive(p.web().url(), ServiceSpec.Web.DEFAULTS.url(), () -> origins.isEmpty() ? "" : origins.get(0))));
        }

        boolean usesNoKafka = p.kafka().bootstrapServers().isEmpty();
        ServiceSpec.NetworkPolicy np = s.networkPolicy();
        ServiceSpec.NetworkPolicy defaults = ServiceSpec.NetworkPolicy.DEFAULTS;
        np = Records.with(np, "ingress", peers(np.ingress(), defaults.ingress(), Map.of(
                "router", () -> spec.router().enabled() && routed
                        ? new NetworkPolicySpec.Peer(spec.router().namespace(), "router", 0) : null,
                "prometheus", () -> scraper(spec, 0))));
        np = Records.with(np, "egress", peers(np.egress(), defaults.egress(), Map.of(
                "pgbouncer", () -> databasePeer(spec),
                "kafka", () -> kafka.enabled() && !usesNoKafka
                        ? new NetworkPolicySpec.Peer(kafka.namespace(), "kafka", KAFKA_PORT) : null,
                "vault", () -> vault.enabled()
                        ? new NetworkPolicySpec.Peer(vault.namespace(), "vault", Integer.parseInt(VAULT_PORT)) : null)));
        np = Records.with(np, "objectStorage", Records.with(np.objectStorage(), "minio",
                minioPeer(spec, np.objectStorage().minio(), ServiceSpec.ObjectStorage.DEFAULTS.minio())));
        np = Records.with(np, "ingressController", ingressController(spec, np.ingressController()));
        return Records.with(Records.with(s, "platform", p), "networkPolicy", np);
    }

    private static NetworkPolicySpec.Peer minioPeer(PlatformSpec spec, NetworkPolicySpec.Peer peer,
            NetworkPolicySpec.Peer defaults) {
        return derive(peer, defaults, () -> new NetworkPolicySpec.Peer(spec.minio().namespace(), "minio", MINIO_PORT));
    }

    /**
     * A chart's ingress controller peer (router, web, Grafana, a service): the platform's networkPolicy.ingressController
     * unless set.
     */
    private static NetworkPolicySpec.IngressController ingressController(PlatformSpec spec,
            NetworkPolicySpec.IngressController peer) {
        return derive(peer, NetworkPolicySpec.DEFAULTS.ingressController(), () -> spec.networkPolicy().ingressController());
    }

    /** The token copies and Vault's client namespaces: the namespaces of the services that use Vault. */
    private static VaultSpec vault(PlatformSpec spec) {
        VaultSpec v = spec.vault();
        TreeSet<String> clients = new TreeSet<>();
        spec.services().values().forEach(s -> {
            if (s.vaultInit().enabled() && s.platform().vault().enabled() && !s.namespace().isEmpty()) {
                clients.add(s.namespace());
            }
        });
        List<String> namespaces = List.copyOf(clients);
        return Records.with(v, "token", Records.with(v.token(), "namespaces",
                derive(v.token().namespaces(), VaultSpec.Token.DEFAULTS.namespaces(), () -> namespaces)));
    }

    private static ObservabilitySpec observability(PlatformSpec spec) {
        ObservabilitySpec o = spec.observability();
        ObservabilitySpec d = ObservabilitySpec.DEFAULTS;
        ObservabilitySpec.NetworkPolicy np = o.networkPolicy();
        np = Records.with(np, "postgresNamespace", derive(np.postgresNamespace(), d.networkPolicy().postgresNamespace(),
                () -> spec.postgres().namespace()));
        np = Records.with(np, "kafkaNamespace", derive(np.kafkaNamespace(), d.networkPolicy().kafkaNamespace(),
                () -> spec.kafka().namespace()));
        np = Records.with(np, "scrapeNamespaces", derive(np.scrapeNamespaces(), d.networkPolicy().scrapeNamespaces(),
                () -> List.copyOf(new TreeSet<>(spec.namespaces().keySet()))));
        np = Records.with(np, "ingressController", ingressController(spec, np.ingressController()));
        o = Records.with(o, "networkPolicy", np);
        o = Records.with(o, "postgresExporter", Records.with(o.postgresExporter(), "host", derive(o.postgresExporter().host(),
                d.postgresExporter().host(), () -> host("postgres", spec.postgres().namespace()) + ":" + POSTGRES_PORT)));
        o = Records.with(o, "kafkaExporter", Records.with(o.kafkaExporter(), "server", derive(o.kafkaExporter().server(),
                d.kafkaExporter().server(), () -> host("kafka", spec.kafka().namespace()) + ":" + KAFKA_PORT)));
        // Promtail: a node directory of the platform's own (two platforms' Promtails on one node would overwrite each
        // other's positions file; its namespace is the platform's own in a cluster), and the services' and the
        // component charts' placements' tolerations (it ships the logs of the nodes they run on, tainted ones included)
        ObservabilitySpec.Promtail promtail = o.promtail();
        String promtailNamespace = promtail.namespace().isEmpty() ? o.namespace() : promtail.namespace();
        promtail = Records.with(promtail, "positionsHostPath", derive(promtail.positionsHostPath(),
                d.promtail().positionsHostPath(), () -> "/var/lib/promtail-" + promtailNamespace));
        // (without tolerationSeconds: a DaemonSet's pod evicted by a NoExecute taint it tolerates for a while would be
        // made again on the same node at once, and again)
        promtail = Records.with(promtail, "tolerations", derive(promtail.tolerations(), d.promtail().tolerations(),
                () -> List.copyOf(new LinkedHashSet<>(java.util.stream.Stream.concat(
                                spec.services().values().stream().flatMap(s -> s.tolerations().stream()),
                                // a component this environment does not deploy puts no pod on its pool
                                spec.global().placement().entrySet().stream()
                                        .filter(e -> Components.subchart(e.getKey()).map(c -> c.enabledIn(spec)).orElse(false))
                                        .flatMap(e -> e.getValue().tolerations().stream()))
                        .map(t -> {
                            Map<String, String> kept = new TreeMap<>(t);
                            kept.remove("tolerationSeconds");
                            return Collections.unmodifiableMap(kept);
                        }).toList()))));
        o = Records.with(o, "promtail", promtail);
        return Records.with(o, "loki", Records.with(o.loki(), "s3", Records.with(o.loki().s3(), "minio",
                minioPeer(spec, o.loki().s3().minio(), d.loki().s3().minio()))));
    }

    private static PostgresSpec postgres(PlatformSpec spec) {
        PostgresSpec pg = spec.postgres();
        PostgresSpec d = PostgresSpec.DEFAULTS;
        pg = Records.with(pg, "monitoring", Records.with(pg.monitoring(), "namespace",
                derive(pg.monitoring().namespace(), d.monitoring().namespace(), () -> spec.observability().namespace())));
        return Records.with(pg, "backup", Records.with(pg.backup(), "objectStorage", Records.with(pg.backup().objectStorage(),
                "minio", minioPeer(spec, pg.backup().objectStorage().minio(), d.backup().objectStorage().minio()))));
    }

    /**
     * The platform's Prometheus ({@link #scraper}) scrapes the router's metrics, none when there is none; the platform's
     * ingress controller reaches it.
     */
    private static RouterSpec router(PlatformSpec spec) {
        RouterSpec r = spec.router();
        NetworkPolicySpec.Peer scraper = derive(r.networkPolicy().metricsScraper(),
                RouterSpec.NetworkPolicy.DEFAULTS.metricsScraper(), () -> Objects.requireNonNullElse(
                        scraper(spec, RouterSpec.METRICS_PORT), new NetworkPolicySpec.Peer("", "", RouterSpec.METRICS_PORT)));
        RouterSpec.NetworkPolicy np = Records.with(r.networkPolicy(), "metricsScraper", scraper);
        np = Records.with(np, "ingressController", ingressController(spec, np.ingressController()));
        return Records.with(r, "networkPolicy", np);
    }
}
