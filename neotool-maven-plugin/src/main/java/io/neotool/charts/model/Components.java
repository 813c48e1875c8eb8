package io.neotool.charts.model;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The platform's charts, each declared once: a component subchart is a {@link PlatformSpec} component plus one entry
 * here (docs/contributing.md). The umbrella's dependencies, every Chart.yaml, the values sections, the names a service
 * may not take and the docs tables are derived from these entries.
 *
 * <p>A registry rather than an annotation on {@link PlatformSpec}: an entry holds functions (the section the chart is
 * made from, which also answers whether the component is enabled, and its appVersion), type-checked by the compiler,
 * where an annotation could only hold strings to look up by reflection.
 */
public final class Components {
    private Components() {}

    /** The generic chart every service is deployed with, once per service by alias. */
    public static final Component SERVICE = new Component("neotool-service",
            "Generic chart for a Kotlin/Micronaut service: Deployment with the read-only Vault init container, "
                    + "Service, ServiceAccount, HPA, PDB, ServiceMonitor and NetworkPolicy",
            List.of("micronaut"), "neotool-app", List.of(), ServiceSpec.class, PlatformSpec::services,
            spec -> spec.chart().appVersion(), List.of("spec.md"));

    public static final Component VAULT = new Component("vault",
            "HashiCorp Vault (dev, standalone or Raft HA) and the Job that creates the JWT key pair",
            List.of("vault", "jwt"), "neotool-security", List.of("vault", "vault-internal"), VaultSpec.class,
            PlatformSpec::vault,
            spec -> spec.vault().image().tag(), List.of("vault.md", "jwt-keys.md", "secrets.md"));

    /** The services' database credentials Secrets default to every service with a database. */
    public static final Component POSTGRES = new Component("postgres",
            "PostgreSQL 18 (StatefulSet with a kept credentials Secret and init SQL per service) and PgBouncer "
                    + "with scram-sha-256",
            List.of("postgresql", "pgbouncer"), "neotool-data", List.of("postgres", "postgres-headless", "postgres-replica",
                    "postgres-replicas", "postgres-replica-headless", "pgbouncer"),
            PostgresSpec.class, spec -> spec.postgres().resolved(spec),
            spec -> spec.postgres().image().tag(), List.of("data.md"));

    public static final Component KAFKA = new Component("kafka",
            "Apache Kafka 3.7 in KRaft combined mode: broker and controller on every node",
            List.of("kafka", "kraft"), "neotool-messaging", List.of("kafka", "kafka-headless"), KafkaSpec.class,
            PlatformSpec::kafka,
            spec -> spec.kafka().image().tag(), List.of("data.md"));

    public static final Component MINIO = new Component("minio",
            "MinIO S3-compatible object storage for dev (prod uses Cloudflare R2), with its buckets created at install",
            List.of("minio", "s3"), "neotool-storage", List.of("minio", "minio-headless"), MinioSpec.class,
            PlatformSpec::minio,
            spec -> spec.minio().image().tag(), List.of("data.md", "r2.md"));

    /** The router's subgraphs default to the spec's services, its CORS origins to the web's hosts. */
    public static final Component ROUTER = new Component("router",
            "Apollo Router, the GraphQL federation gateway in front of the services",
            List.of("graphql", "apollo-router"), "neotool-web", List.of("router"), RouterSpec.class,
            spec -> spec.router().resolved(spec),
            spec -> spec.router().image().tag(), List.of("edge.md"));

    public static final Component WEB = new Component("web",
            "The Next.js frontend and the platform's Ingress: / to web, /graphql to the router",
            List.of("nextjs", "ingress"), "neotool-web", List.of("web"), WebSpec.class, spec -> spec.web().resolved(spec),
            spec -> spec.chart().appVersion(), List.of("edge.md"));

    public static final Component OBSERVABILITY = new Component("observability",
            "Prometheus, Grafana, Loki, Promtail, the PostgreSQL and Kafka exporters and kube-state-metrics",
            List.of("prometheus", "grafana", "loki", "promtail"), "neotool-observability",
            List.of("prometheus", "prometheus-headless", "grafana", "loki", "loki-headless", "kafka-exporter",
                    "postgres-exporter", "kube-state-metrics"), ObservabilitySpec.class,
            PlatformSpec::observability, spec -> spec.observability().prometheus().image().tag(),
            List.of("observability.md"));

    /** The component subcharts, in the order their sections appear in the umbrella's values. */
    public static final List<Component> SUBCHARTS = subcharts(VAULT, POSTGRES, KAFKA, MINIO, ROUTER, WEB, OBSERVABILITY);

    /** Every chart below the umbrella: the service chart, then the component subcharts. */
    public static final List<Component> ALL = all(SUBCHARTS);

    /** Keys of the spec that are not keys of the umbrella's values: Chart.yaml, and one key per service. */
    static final Set<String> NOT_VALUES_KEYS = Set.of("chart", "services");

    /**
     * Umbrella values keys a service name would collide with (a service is a values key of its own): the spec's
     * top-level keys but {@link #NOT_VALUES_KEYS}, and every component subchart's name.
     */
    public static final Set<String> RESERVED_NAMES = reservedNames(SUBCHARTS);

    /** The names of {@code subcharts} and the spec's other top-level values keys, sorted. */
    public static Set<String> reservedNames(List<Component> subcharts) {
        Set<String> names = new TreeSet<>();
        Arrays.stream(PlatformSpec.class.getRecordComponents()).map(RecordComponent::getName)
                .filter(name -> !NOT_VALUES_KEYS.contains(name)).forEach(names::add);
        subcharts.forEach(c -> names.add(c.chart()));
        return names;
    }

    /**
     * The component subcharts of {@code subcharts} that {@code spec} deploys: enabled in its base or in any of its
     * environments. The others are neither generated, nor umbrella dependencies, nor packaged or pushed.
     */
    public static List<Component> deployed(Spec spec, List<Component> subcharts) {
        return subcharts.stream().filter(c -> c.enabledIn(spec.base())
                || spec.environments().values().stream().anyMatch(c::enabledIn)).toList();
    }

    /** The service chart followed by {@code subcharts}. */
    public static List<Component> all(List<Component> subcharts) {
        List<Component> all = new ArrayList<>();
        all.add(SERVICE);
        all.addAll(subcharts);
        return List.copyOf(all);
    }

    /** The component of spec key {@code key}, if a subchart is made from it. */
    public static Optional<Component> subchart(String key) {
        return SUBCHARTS.stream().filter(c -> c.chart().equals(key)).findFirst();
    }

    /**
     * Checks {@code subcharts} as component subcharts: each a record with {@code boolean enabled} (the umbrella's
     * dependency condition) and a {@code namespace} marked {@link DeclaredNamespace} (so the spec checks it is
     * declared), a {@link PlatformSpec} component of its own name, names unique.
     */
    public static List<Component> subcharts(Component... subcharts) {
        Set<String> seen = new TreeSet<>();
        for (Component c : subcharts) {
            if (!Records.hasComponent(c.record(), "enabled")) {
                throw new IllegalArgumentException("subchart " + c.chart() + ": " + c.record().getSimpleName()
                        + " needs a boolean 'enabled' component");
            }
            if (Arrays.stream(c.record().getRecordComponents()).noneMatch(r -> r.getName().equals("namespace")
                    && r.isAnnotationPresent(DeclaredNamespace.class))) {
                throw new IllegalArgumentException("subchart " + c.chart() + ": " + c.record().getSimpleName()
                        + " needs a 'namespace' component marked @DeclaredNamespace");
            }
            RecordComponent key = Arrays.stream(PlatformSpec.class.getRecordComponents())
                    .filter(r -> r.getName().equals(c.chart())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("subchart " + c.chart()
                            + ": PlatformSpec has no component '" + c.chart() + "' (the subchart's spec key)"));
            if (key.getType() != c.record()) {
                throw new IllegalArgumentException("subchart " + c.chart() + ": PlatformSpec." + c.chart() + " is a "
                        + key.getType().getSimpleName() + ", not the declared " + c.record().getSimpleName());
            }
            if (!seen.add(c.chart())) {
                throw new IllegalArgumentException("subchart " + c.chart() + " is declared twice");
            }
        }
        return List.of(subcharts);
    }
}
