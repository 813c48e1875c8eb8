package io.neotool.charts.model;

import java.lang.reflect.RecordComponent;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One Kotlin/Micronaut service, deployed with the generic neotool-service chart. The defaults are the
 * platform plan's (section 2.3): resources, probes, rolling update and the platform connection env.
 */
public record ServiceSpec(
        @DeclaredNamespace(emptyAllowed = true)
        @Doc("Namespace of every resource of the service; empty means the release namespace (where observability "
                + "neither scrapes nor ships logs: it reads the namespaces it names).") String namespace,
        @Doc("Container image of the service.") Image image,
        @Doc(value = "Pod replicas when autoscaling is off.", min = 0) int replicas,
        @Doc(value = "HTTP port the service listens on (containerPort `http`, Service port); the chart tells Micronaut "
                + "to listen there.", min = 1, max = 65535, env = "MICRONAUT_SERVER_PORT") int port,
        @Doc("Extra environment variables with literal values (never secrets: use secretEnv).") Map<String, String> env,
        @Doc("Environment variables read from Secrets: NAME -> {secretName, key}.") Map<String, SecretKey> secretEnv,
        @Doc("Files from Secrets or ConfigMaps of the service's namespace, each mounted read-only at a directory of its "
                + "own with one file per key (a cloud credentials file, a trust store).") List<FileMount> files,
        @Doc(value = "The service's PostgreSQL database, its credentials read from a Secret in its namespace.",
                env = {"DATASOURCES_DEFAULT_URL", "DATASOURCES_DEFAULT_USERNAME", "DATASOURCES_DEFAULT_PASSWORD"})
                Database database,
        @Doc("Where the platform's shared services are; becomes the plan's connection env.") Platform platform,
        @Doc("CPU and memory requests and limits of the service container.") Resources resources,
        @Doc(value = "JVM options, which every JVM in the container reads at start. Java's own default heap is a quarter "
                + "of the memory limit; the default here gives it half, caps direct memory so that heap and direct memory "
                + "stay under the limit, and exits on an OutOfMemoryError of the heap, metaspace or threads so that the pod "
                + "restarts instead of serving errors (its liveness answers without looking at the heap). Direct memory "
                + "at its cap is not such an error: the allocation fails in the code that asked (Netty's buffers, the "
                + "Kafka client's reads), which answers errors while the pod stays live and ready "
                + "(<Platform>ServiceErrors). Empty: the JVM's defaults.",
                env = "JAVA_TOOL_OPTIONS") String javaToolOptions,
        @Doc("HTTP startup, liveness and readiness probes on the `http` port.") Probes probes,
        @Doc(value = "Seconds a pod being stopped keeps serving before it gets SIGTERM (a preStop sleep, Kubernetes 1.30 "
                + "and later): the removal of its endpoint takes a moment to reach the router and kube-proxy, and a pod "
                + "that stopped at once would refuse their last requests. The grace period is 30 s more. 0: none.",
                min = 0, max = 60) int preStopSleepSeconds,
        @Doc("HorizontalPodAutoscaler (autoscaling/v2) on CPU utilisation.") Autoscaling autoscaling,
        @Doc("PodDisruptionBudget, rendered when more than one pod can run.") DisruptionBudget podDisruptionBudget,
        @Doc("Rolling update of the Deployment.") RollingUpdate rollingUpdate,
        @Doc("Init container that waits for Vault and checks the JWT keys exist (read-only).") VaultInit vaultInit,
        @Doc("Prometheus scraping through pod annotations.") Metrics metrics,
        @Doc("Prometheus Operator ServiceMonitor (needs the CRD in the cluster). The service's NetworkPolicy admits "
                + "only its networkPolicy.ingress peers: add the Operator's Prometheus (its namespace and app label) "
                + "there, or its scrapes are dropped.") ServiceMonitor serviceMonitor,
        @Doc("Other services of the platform this one calls (their names under services:, or router for the GraphQL "
                + "router's port). Each call gets a "
                + "NetworkPolicy egress from this service and ingress into the callee on its port, rendered by the umbrella "
                + "chart; no call is allowed unless declared. The chart alone ignores it: use networkPolicy.egress.")
                List<String> calls,
        @Doc("An Ingress of the service's own, for an HTTP API served to the outside directly rather than through the "
                + "router (a REST API, a webhook receiver): its path (/ unless written) on each host to the http port; "
                + "the service's NetworkPolicy then admits the ingress controller (networkPolicy.ingressController).")
                IngressSpec ingress,
        @Doc("NetworkPolicy of the service's pods: who may connect to it and what it connects to.")
                NetworkPolicy networkPolicy,
        @Doc("The service's own ServiceAccount.") ServiceAccount serviceAccount,
        @Doc("Numeric user and groups the pods run as (Pod Security restricted).") SecurityContext securityContext,
        @Doc("Extra pod annotations.") Map<String, String> podAnnotations,
        @Doc("Extra pod labels.") Map<String, String> podLabels,
        @Doc("Node labels the pods must be scheduled on.") Map<String, String> nodeSelector,
        @Doc("Pod tolerations: key, operator, value, effect and tolerationSeconds, each written as a string (\"30\"; the "
                + "chart renders the seconds as the number the API server reads).") List<Map<String, String>> tolerations,
        @Doc("helm test Pods (docs/smoke-tests.md): the readiness path through the Service and, with vaultInit, the "
                + "JWT keys read as vault-init reads them; both run the vaultInit image.") SmokeTests smokeTests) {

    public static final ServiceSpec DEFAULTS = new ServiceSpec(
            Components.SERVICE.namespace(),
            Image.DEFAULTS,
            1,
            8080,
            Map.of(),
            Map.of(),
            List.of(),
            Database.DEFAULTS,
            Platform.DEFAULTS,
            Resources.DEFAULTS,
            "-XX:MaxRAMPercentage=50 -XX:MaxDirectMemorySize=128m -XX:+ExitOnOutOfMemoryError",
            Probes.DEFAULTS,
            5,
            Autoscaling.DEFAULTS,
            DisruptionBudget.DEFAULTS,
            RollingUpdate.DEFAULTS,
            VaultInit.DEFAULTS,
            Metrics.DEFAULTS,
            ServiceMonitor.DEFAULTS,
            List.of(),
            IngressSpec.DEFAULTS,
            NetworkPolicy.DEFAULTS,
            ServiceAccount.DEFAULTS,
            SecurityContext.DEFAULTS,
            Map.of(),
            Map.of(),
            Map.of(),
            List.of(),
            SmokeTests.DEFAULTS);

    /** Env names the chart sets from the service's database Secret: the {@link Doc#env()} of {@code database}. */
    public static final Set<String> DATABASE_ENV = env(ServiceSpec.class, "database");

    /** The env of the database's pool size, set as a literal beside the Secret's. */
    public static final Set<String> POOL_ENV = env(Database.class, "maxPoolSize");

    /**
     * The most pods the service runs at once: the autoscaler's maximum, or its replicas, and the rolling update's
     * surge on top (a new pod starts, and opens its pool, before an old one stops).
     */
    public int maxPods() {
        return (autoscaling.enabled() ? autoscaling.maxReplicas() : replicas) + rollingUpdate.maxSurge();
    }

    /**
     * Env names the chart sets from {@code vaultInit} when {@code platform.vault.enabled}: the application reads the JWT
     * keys itself, at the same path and with the same token as the init container.
     */
    public static final Set<String> VAULT_ENV = env(ServiceSpec.class, "vaultInit");

    /** The env of the JVM options. */
    public static final Set<String> JVM_ENV = env(ServiceSpec.class, "javaToolOptions");

    /** Env names the chart always sets from the service's own keys: the port Micronaut listens on. */
    public static final Set<String> PORT_ENV = env(ServiceSpec.class, "port");

    /** Env names the chart sets from {@code metrics}. */
    public static final Set<String> METRICS_ENV = env(ServiceSpec.class, "metrics");

    /** The {@link Doc#env()} of {@code type}'s component {@code only} (every one if empty), and of the records below. */
    static Set<String> env(Class<?> type, String only) {
        Set<String> names = new TreeSet<>();
        for (RecordComponent c : type.getRecordComponents()) {
            if (!only.isEmpty() && !c.getName().equals(only)) {
                continue;
            }
            Doc doc = c.getAnnotation(Doc.class);
            if (doc != null) {
                names.addAll(List.of(doc.env()));
            }
            if (c.getType().isRecord()) {
                names.addAll(env(c.getType(), ""));
            }
        }
        return Collections.unmodifiableSet(names);
    }

    /**
     * The longest service name (and fullnameOverride): the service chart names its Service after it, which makes it a
     * DNS-1035 label, and labels its readiness smoke test Pod {@code smoke-readiness-<name>}
     * (templates/tests/smoke-pods.yaml), a label value of at most 63 characters.
     */
    public static final int MAX_NAME = 63 - "smoke-readiness-".length();

    /** Suffix of a service's database credentials Secret when {@code database.secretName} is empty. */
    public static final String DATABASE_SECRET_SUFFIX = "-database";

    /** Whether the service has a database of its own (and so gets credentials). */
    public boolean hasDatabase() {
        return !database.name().isEmpty();
    }

    /**
     * This service as the umbrella deploys it under {@code serviceName}: the database Secret's name filled in
     * ({@code <service>-database} unless the spec names one), so the service and the postgres chart agree on it.
     */
    public ServiceSpec resolved(String serviceName) {
        if (!hasDatabase() || !database.secretName().isEmpty()) {
            return this;
        }
        return withDatabase(new Database(database.name(), serviceName + DATABASE_SECRET_SUFFIX, database.maxPoolSize()));
    }

    /**
     * The defaults of the neotool-service chart installed on its own: no namespace, so its resources land in the
     * release namespace (helm install -n ...) unless the values name one.
     */
    public static ServiceSpec standalone() {
        return Records.with(DEFAULTS, "namespace", "");
    }

    /**
     * The defaults of the platform's service chart installed on its own: {@link #standalone()} with the platform's
     * addresses and peers (its PgBouncer, Kafka and Vault where the spec puts them, none of a disabled one), so the
     * chart's own values name no other platform's namespaces. Not one of the router's subgraphs: the umbrella adds the
     * router's ingress to the services it routes to, rather than remove it from the others with a null, which Helm 4.2
     * drops when it copies an alias's values into the subchart (helm/helm#32132).
     */
    public static ServiceSpec standalone(PlatformSpec platform) {
        return PlatformAddresses.service(platform, standalone(), false);
    }

    private ServiceSpec withDatabase(Database db) {
        return Records.with(this, "database", db);
    }

    /**
     * The service's database in postgres.databases; the postgres chart writes the Secret {@code secretName} into the
     * service's namespace (user, password, database and the Micronaut DATASOURCES_DEFAULT_* keys), with the password
     * PostgreSQL and PgBouncer hold.
     */
    public record Database(
            @Doc(value = "Name of the database (a key of postgres.databases); empty: the service has no database and gets "
                    + "no credentials.", pattern = PostgresSpec.SQL_NAME) String name,
            @Doc(value = "Secret in the service's namespace with the keys username, password, database, "
                    + "DATASOURCES_DEFAULT_URL, DATASOURCES_DEFAULT_USERNAME and DATASOURCES_DEFAULT_PASSWORD; the umbrella "
                    + "names it <service>-database and the postgres chart writes it. Required when the chart is installed "
                    + "alone (then the operator creates it).", pattern = Names.DNS_1123_SUBDOMAIN) String secretName,
            @Doc(value = "Connections of the service's pool per pod (Hikari's maximum-pool-size; it keeps as many open, "
                    + "idle or not): each is a client connection of PgBouncer's.", min = 1,
                    env = "DATASOURCES_DEFAULT_MAXIMUM_POOL_SIZE") int maxPoolSize) {
        public static final Database DEFAULTS = new Database("", "", 10);
    }

    /**
     * The image of a workload Neotool builds itself (a service, the router, web), not a {@link ContainerImage}:
     * its templates prefix {@code registry}, or else {@code global.imageRegistry}, so one value moves every
     * Neotool image to a private registry, and web's empty tag (outside prod) falls back to the chart's appVersion. The public
     * component images (Vault, PostgreSQL, Prometheus...) are pulled as repository:tag, never prefixed.
     */
    public record Image(
            @Doc(value = "Registry host and path; empty means global.imageRegistry.", pattern = ImageReference.REGISTRY)
            String registry,
            @Doc(value = "Image repository, below the registry.", pattern = ImageReference.REPOSITORY) String repository,
            @Doc(value = "Image tag, a pinned version: never `latest`, in any environment; empty only for web outside prod, "
                    + "where it means the chart's appVersion.", pattern = ImageReference.TAG)
            String tag,
            @Doc(value = "Image digest (sha256:<64 hex digits>), pulled as repository:tag@digest: the content stays the "
                    + "one pinned even if the tag is pushed again; empty: the tag alone.",
                    pattern = ImageReference.DIGEST_VALUE) String digest,
            @Doc(value = "Kubernetes imagePullPolicy.", oneOf = {"IfNotPresent", "Always", "Never"}) String pullPolicy) {
        public static final Image DEFAULTS = new Image("", "", "", "", "IfNotPresent");
    }

    public record FileMount(
            @Doc(value = "Directory the keys appear in as files (absolute; not / nor /tmp, the pod's scratch space).",
                    pattern = "^/.+", required = true) String mountPath,
            @Doc(value = "What holds the files: a Secret or a ConfigMap of the service's namespace.",
                    oneOf = {"Secret", "ConfigMap"}) String kind,
            @Doc(value = "Name of the Secret or ConfigMap; each of its keys becomes a file.",
                    pattern = Names.DNS_1123_SUBDOMAIN, required = true) String name) {
        public static final FileMount DEFAULTS = new FileMount("", "Secret", "");
    }

    public record SecretKey(
            @Doc(value = "Name of the Secret.", pattern = Names.DNS_1123_SUBDOMAIN) String secretName,
            @Doc(value = "Key inside the Secret.", pattern = Names.DATA_KEY) String key,
            @Doc("Whether the pod starts without it (secretKeyRef optional): for a setting the application runs without.")
                    boolean optional) {
        public static final SecretKey DEFAULTS = new SecretKey("", "", false);
    }

    public record Platform(
            @Doc(value = "Micronaut environments of the service.", env = "MICRONAUT_ENVIRONMENTS") String micronautEnvironments,
            @Doc("PostgreSQL, reached through PgBouncer; its env is set only for a service with a database.")
                    Postgres postgres,
            @Doc("The Kafka cluster the service connects to.") Kafka kafka,
            @Doc("The Vault the service reads its secrets from.") Vault vault,
            @Doc("The frontend's public URL, for the links the service builds (e.g. in emails).") Web web) {
        public static final Platform DEFAULTS =
                new Platform("kubernetes", Postgres.DEFAULTS, Kafka.DEFAULTS, Vault.DEFAULTS, Web.DEFAULTS);

        /** Env names the chart sets from {@code platform}: every {@link Doc#env()} below it. */
        public static final Set<String> ENV = ServiceSpec.env(Platform.class, "");
    }

    public record Web(
            @Doc(value = "Public URL of the frontend; empty: the web Ingress's first host (https when it has TLS).",
                    pattern = Names.HTTP_URL) String url,
            @Doc("Env names the chart sets to url (e.g. FRONTEND_URL); none by default.") List<String> urlEnv) {
        public static final Web DEFAULTS = new Web("", List.of());
    }

    public record Postgres(
            @Doc(value = "Host name of PgBouncer (of PostgreSQL itself when PgBouncer is off).", env = "POSTGRES_HOST") String host,
            @Doc(value = "Port of PgBouncer (of PostgreSQL itself when PgBouncer is off).", min = 1, max = 65535,
                    env = "POSTGRES_PORT") int port,
            @Doc(value = "Whether the database counts in the readiness of a service with one (Micronaut's JDBC health "
                    + "indicator, on unless told otherwise). Off (the default, set with the database): a database that "
                    + "restarts, or a pool PgBouncer keeps waiting a few seconds, leaves the pods in their Service and "
                    + "fails the requests that need it; on, it takes every pod of every service with a database out of "
                    + "its Service at once. The spec refuses the variable in env; set at install time, env wins over it.",
                    env = "ENDPOINTS_HEALTH_JDBC_ENABLED") boolean health) {
        public static final Postgres DEFAULTS = new Postgres("pgbouncer.neotool-data.svc.cluster.local", 6432, false);
    }

    public record Kafka(
            @Doc(value = "Kafka bootstrap servers, host:port[,host:port]; empty: the service uses no Kafka (no env, no "
                    + "egress to the kafka chart).", env = "KAFKA_BOOTSTRAP_SERVERS")
                    String bootstrapServers,
            @Doc(value = "Whether Kafka counts in the service's readiness (micronaut-kafka's health indicator, on in "
                    + "Micronaut unless told otherwise). Off (the default, set with the bootstrap servers): a Kafka outage "
                    + "leaves the pods in their Service, and the Kafka clients reconnect on their own; on, it takes every "
                    + "pod of the service out of its Service at once. The spec refuses the variable in env; set at "
                    + "install time, env wins over it.", env = "KAFKA_HEALTH_ENABLED")
                    boolean health) {
        public static final Kafka DEFAULTS = new Kafka("kafka.neotool-messaging.svc.cluster.local:9092", false);
    }

    public record Vault(
            @Doc(value = "Whether the platform has Vault; a service with vaultInit.enabled then reads the JWT keys from it.",
                    env = "VAULT_ENABLED") boolean enabled,
            @Doc(value = "Vault's HTTP address (given to a service with vaultInit.enabled).", env = "VAULT_ADDRESS")
                    String address) {
        public static final Vault DEFAULTS = new Vault(true, "http://vault.neotool-security.svc.cluster.local:8200");
    }

    public record Resources(
            @Doc("Requested CPU and memory (Kubernetes quantities).") Amounts requests,
            @Doc("CPU and memory limits (Kubernetes quantities).") Amounts limits) {
        public static final Resources DEFAULTS =
                new Resources(new Amounts("250m", "512Mi"), new Amounts("1000m", "1Gi"));
    }

    public record Amounts(
            @Doc(value = "CPU, e.g. 250m or 1.", pattern = Quantity.PATTERN) String cpu,
            @Doc(value = "Memory, e.g. 512Mi or 1Gi.", pattern = Quantity.PATTERN) String memory) {
        public static final Amounts DEFAULTS = new Amounts("250m", "512Mi");
    }

    public record Probes(
            @Doc("Startup probe, on the liveness probe's path: liveness and readiness wait until it passes, so a "
                    + "container that starts slowly (a busy node, a long migration) is not restarted by its liveness "
                    + "probe; one that has not started after periodSeconds × failureThreshold is.") StartupProbe startup,
            @Doc("Liveness probe: the pod restarts when it fails, so it checks the process itself, not what the process "
                    + "depends on (an outage of those would restart every pod).") Probe liveness,
            @Doc("Readiness probe: the pod gets traffic only when it passes.") Probe readiness) {
        public static final Probes DEFAULTS = new Probes(new StartupProbe(10, 5, 30),
                new Probe("/health/liveness", 0, 10, 5, 3), new Probe("/health/readiness", 0, 5, 5, 3));
    }

    public record StartupProbe(
            @Doc(value = "Seconds between probes.", min = 1) int periodSeconds,
            @Doc(value = "Seconds before a probe times out.", min = 1) int timeoutSeconds,
            @Doc(value = "Failures in a row before the container is restarted.", min = 1) int failureThreshold) {
        public static final StartupProbe DEFAULTS = new StartupProbe(10, 5, 30);
    }

    public record Probe(
            @Doc(value = "HTTP path probed.", pattern = "^/.*", required = true) String path,
            @Doc(value = "Seconds after the container's start before the first probe. The kubelet counts them from the "
                    + "start, not from the startup probe's success, so any delay here keeps a pod that started sooner "
                    + "out of its Service (readiness) that long; the startup probe already waits for a slow start.",
                    min = 0) int initialDelaySeconds,
            @Doc(value = "Seconds between probes.", min = 1) int periodSeconds,
            @Doc(value = "Seconds before a probe times out.", min = 1) int timeoutSeconds,
            @Doc(value = "Failures in a row that count as failed.", min = 1) int failureThreshold) {
        public static final Probe DEFAULTS = new Probe("/health", 0, 10, 5, 3);
    }

    public record Autoscaling(
            @Doc("Whether a HorizontalPodAutoscaler controls the replicas.") boolean enabled,
            @Doc(value = "Fewest replicas.", min = 1) int minReplicas,
            @Doc(value = "Most replicas.", min = 1) int maxReplicas,
            @Doc(value = "Average CPU utilisation to aim for, in percent of the request.", min = 1, max = 100)
                    int targetCPUUtilizationPercentage) {
        public static final Autoscaling DEFAULTS = new Autoscaling(false, 1, 10, 80);
    }

    public record DisruptionBudget(
            @Doc("Whether to render the PodDisruptionBudget.") boolean enabled,
            @Doc(value = "Pods that may be down at once during a voluntary disruption.", min = 1) int maxUnavailable) {
        public static final DisruptionBudget DEFAULTS = new DisruptionBudget(true, 1);
    }

    public record RollingUpdate(
            @Doc(value = "Extra pods during an update.", min = 0) int maxSurge,
            @Doc(value = "Pods that may be unavailable during an update.", min = 0) int maxUnavailable) {
        public static final RollingUpdate DEFAULTS = new RollingUpdate(1, 0);
    }

    public record SmokeTests(@Doc("Whether to render the service's helm test Pods and their NetworkPolicies.") boolean enabled) {
        public static final SmokeTests DEFAULTS = new SmokeTests(true);
    }

    public record VaultInit(
            @Doc("Whether the service reads the JWT keys from Vault (the issuer; needs platform.vault.enabled): the vault-init "
                    + "init container, and the application's Vault env and token. Off: neither; a service that only "
                    + "validates tokens gets the issuer's public keys another way (e.g. env JWT_JWKS_URL and a call).")
                    boolean enabled,
            @Doc("Image of the init container.") ContainerImage image,
            @Doc(value = "Secret holding the Vault token of the init container and of the application.",
                    env = "VAULT_TOKEN") SecretName tokenSecret,
            @Doc(value = "KV v2 path of the JWT keys, mount first; the application reads them there too (the path's "
                    + "parent, then its last segment as the key id).",
                    env = {"VAULT_SECRET_PATH", "JWT_KEY_ID"}) String keyPath,
            @Doc(value = "Seconds to wait for Vault and the keys before failing.", min = 1) int timeoutSeconds) {
        public static final VaultInit DEFAULTS = new VaultInit(
                true, ContainerImage.of("hashicorp/vault", "1.21.1"), new SecretName("vault-token", "token"),
                "secret/jwt/keys/default", 300);
    }

    public record SecretName(
            @Doc(value = "Name of the Secret.", pattern = Names.DNS_1123_SUBDOMAIN) String name,
            @Doc(value = "Key inside the Secret.", pattern = Names.DATA_KEY) String key) {
        public static final SecretName DEFAULTS = new SecretName("", "");
    }

    public record Metrics(
            @Doc(value = "Whether to annotate pods for Prometheus scraping, and to let Micronaut's prometheus endpoint "
                    + "answer without credentials (it is sensitive by default: Prometheus would get 401); "
                    + "serviceMonitor.enabled does the latter too.",
                    env = "ENDPOINTS_PROMETHEUS_SENSITIVE") boolean enabled,
            @Doc(value = "HTTP path of the Micrometer metrics.", pattern = "^/.*", required = true) String path,
            @Doc(value = "Whether Micronaut publishes http.server.requests as a histogram (with enabled or "
                    + "serviceMonitor.enabled): the _bucket "
                    + "series the dashboards' latency quantiles need, about 70 per URI, method and status.",
                    env = "MICRONAUT_METRICS_BINDERS_WEB_SERVER_HISTOGRAM") boolean latencyHistogram) {
        public static final Metrics DEFAULTS = new Metrics(true, "/prometheus", true);
    }

    public record ServiceMonitor(
            @Doc("Whether to render a ServiceMonitor.") boolean enabled,
            @Doc(value = "Scrape interval, e.g. 30s.", pattern = "^[0-9]+(ms|s|m|h)$", required = true) String interval,
            @Doc("Extra labels of the ServiceMonitor: the Prometheus Operator's Prometheus picks ServiceMonitors by label "
                    + "(kube-prometheus-stack's by default: release: <its release name>).") Map<String, String> labels) {
        public static final ServiceMonitor DEFAULTS = new ServiceMonitor(false, "30s", Map.of());
    }

    public record NetworkPolicy(
            @Doc("Whether to render the service's NetworkPolicy (ingress and egress; everything else is denied), with "
                    + "global.networkPolicy.enabled.")
                    boolean enabled,
            @Doc("Pods allowed to connect to the http port: name -> {namespace, app, port (0: the http port)}; a spec's "
                    + "peers are added to the platform's.")
                    Map<String, NetworkPolicySpec.Peer> ingress,
            @Doc("Pods the service connects to: name -> {namespace, app, port}; DNS is always allowed, and a spec's "
                    + "peers are added to the platform's. The pgbouncer peer (PostgreSQL itself when "
                    + "postgres.pgbouncer.enabled is false) is used only with database.name, the vault peer only with "
                    + "vaultInit, the kafka peer only with platform.kafka.bootstrapServers.")
                    Map<String, NetworkPolicySpec.Peer> egress,
            @Doc(value = "Namespace of the cluster DNS pods (global.networkPolicy.dns names them).", pattern = Names.DNS_1123_LABEL)
                    String dnsNamespace,
            @Doc("Egress to the platform's object storage, wherever global.objectStorage.provider puts it.")
                    ObjectStorage objectStorage,
            @Doc("Egress to APIs on the internet (e.g. an LLM's): these TCP ports to any address but exceptCidrs; none "
                    + "by default.") Internet internet,
            @Doc("Egress to addresses outside the cluster's pods that the internet egress leaves closed (a managed "
                    + "database in the VPC, an API on the company network): each CIDR, private ranges allowed, on its TCP "
                    + "ports; none by default.") List<Address> addresses,
            @Doc("The ingress controller's pods (and cidrs), admitted on the http port by the policy "
                    + "<service>-from-ingress-controller when the service's ingress is on; the platform's "
                    + "networkPolicy.ingressController unless set.")
                    NetworkPolicySpec.IngressController ingressController) {
        public static final NetworkPolicy DEFAULTS = new NetworkPolicy(true,
                Map.of("router", new NetworkPolicySpec.Peer("neotool-web", "router", 0),
                        "prometheus", new NetworkPolicySpec.Peer("neotool-observability", "prometheus", 0)),
                Map.of("pgbouncer", new NetworkPolicySpec.Peer("neotool-data", "pgbouncer", 6432),
                        "kafka", new NetworkPolicySpec.Peer("neotool-messaging", "kafka", 9092),
                        "vault", new NetworkPolicySpec.Peer("neotool-security", "vault", 8200)),
                "kube-system",
                ObjectStorage.DEFAULTS,
                Internet.DEFAULTS,
                List.of(),
                NetworkPolicySpec.DEFAULTS.ingressController());
    }

    public record Address(
            @Doc(value = "CIDR of the addresses, IPv4 or IPv6, e.g. 10.0.0.0/16 for a VPC's subnet.", required = true,
                    pattern = Names.CIDR) String cidr,
            @Doc(value = "TCP ports the service reaches there (e.g. 5432); at least one.", min = 1, max = 65535) List<Integer> ports) {
        public static final Address DEFAULTS = new Address("", List.of());
    }

    public record Internet(
            @Doc(value = "TCP ports the service reaches on the internet (e.g. 443); empty: none.", min = 1, max = 65535)
                    List<Integer> ports,
            @Doc(value = "Address ranges excluded: the private ranges (RFC 1918, which hold the cluster's pods and Services) and "
                    + "link-local (cloud metadata). Add the cluster's CIDRs if they lie outside them.", pattern = Names.CIDR) List<String> exceptCidrs) {
        public static final Internet DEFAULTS = new Internet(List.of(), NetworkPolicySpec.PRIVATE_RANGES);
    }

    /**
     * Egress to object storage, by global.objectStorage.provider: {@code minio}, the in-cluster MinIO's pods (the
     * umbrella adds MinIO's side); {@code r2} and {@code s3}, Cloudflare R2 or another S3 service over HTTPS: TCP 443 to
     * any address but the excluded ranges (neither publishes fixed addresses, so the policy cannot be narrower than "the
     * internet").
     */
    public record ObjectStorage(
            @Doc("Whether the service uses object storage (e.g. assets).") boolean enabled,
            @Doc(MINIO) NetworkPolicySpec.Peer minio,
            @Doc(value = EXCEPT_CIDRS, pattern = Names.CIDR) List<String> exceptCidrs) {
        static final String MINIO = "The in-cluster MinIO's pods, reached with provider minio.";
        static final String EXCEPT_CIDRS = "Address ranges excluded from the HTTPS egress of providers r2 and s3: the "
                + "private ranges (RFC 1918, which hold K3S' pod and service CIDRs 10.42/16 and 10.43/16) and link-local "
                + "(cloud metadata). Add the cluster's CIDRs if they lie outside them.";

        public static final ObjectStorage DEFAULTS = new ObjectStorage(false,
                new NetworkPolicySpec.Peer("neotool-storage", "minio", 9000),
                NetworkPolicySpec.PRIVATE_RANGES);
    }

    public record ServiceAccount(
            @Doc("Whether to create the ServiceAccount.") boolean create,
            @Doc(value = "Its name; empty means the service's full name.", pattern = Names.DNS_1123_SUBDOMAIN) String name,
            @Doc("Whether to mount the API token (the services do not call the Kubernetes API).")
                    boolean automountToken,
            @Doc("Annotations of the ServiceAccount: a cloud identity for the pods (AWS IRSA: eks.amazonaws.com/role-arn; "
                    + "GKE Workload Identity: iam.gke.io/gcp-service-account; Azure Workload Identity: "
                    + "azure.workload.identity/client-id, with the pod label azure.workload.identity/use: \"true\").")
                    Map<String, String> annotations) {
        public static final ServiceAccount DEFAULTS = new ServiceAccount(true, "", false, Map.of());
    }

    public record SecurityContext(
            @Doc(value = "Numeric user id (never 0).", min = 1) long runAsUser,
            @Doc(value = "Numeric group id.", min = 0) long runAsGroup,
            @Doc(value = "Group owning mounted volumes.", min = 0) long fsGroup) {
        public static final SecurityContext DEFAULTS = new SecurityContext(1000, 1000, 1000);
    }
}
