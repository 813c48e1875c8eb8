package io.neotool.charts.model;

import java.util.List;

/**
 * The observability stack (plan sections 2.7 and 6), in namespace neotool-observability: Prometheus (pod
 * discovery by annotation, the PostgreSQL exporter, the Apollo Router's metrics), Grafana (datasources and
 * dashboards provisioned from files), Loki (single binary; filesystem in dev, Cloudflare R2 in prod), Promtail
 * (a DaemonSet reading the nodes' pod logs: the one workload with a documented Pod Security exemption) and
 * the PostgreSQL exporter. See docs/observability.md.
 */
public record ObservabilitySpec(
        @Doc("Whether to deploy the observability stack.") boolean enabled,
        @Doc(value = "Namespace of every observability resource (Pod Security privileged for Promtail).",
                pattern = Names.DNS_1123_LABEL) String namespace,
        @Doc("Prometheus: metrics, scraped from annotated pods, the PostgreSQL exporter and the router.") Prometheus prometheus,
        @Doc("Grafana: dashboards over Prometheus and Loki.") Grafana grafana,
        @Doc("Loki: log storage and queries (single binary StatefulSet).") Loki loki,
        @Doc("Promtail: a DaemonSet shipping every pod's logs from the nodes to Loki.") Promtail promtail,
        @Doc("The PostgreSQL exporter (postgres_exporter) Prometheus scrapes for database metrics.")
                PostgresExporter postgresExporter,
        @Doc("NetworkPolicies of the observability pods.") NetworkPolicy networkPolicy) {

    public static final ObservabilitySpec DEFAULTS = new ObservabilitySpec(
            true,
            "neotool-observability",
            Prometheus.DEFAULTS,
            Grafana.DEFAULTS,
            Loki.DEFAULTS,
            Promtail.DEFAULTS,
            PostgresExporter.DEFAULTS,
            NetworkPolicy.DEFAULTS);

    public record Storage(
            @Doc(value = "Size of the PersistentVolumeClaim. " + Persistence.FIXED_SIZE, pattern = Quantity.PATTERN)
                    String size,
            @Doc("StorageClass of the PVC; empty means global.storageClass, else the one of global.cloudProvider.") String storageClass) {}

    public record Prometheus(
            @Doc("Whether to deploy Prometheus.") boolean enabled,
            @Doc("Prometheus image (prom/prometheus).") ContainerImage image,
            @Doc(value = "How often targets are scraped, e.g. 30s.", pattern = "^[0-9]+(ms|s|m|h)$") String scrapeInterval,
            @Doc(value = "How long samples are kept (--storage.tsdb.retention.time), e.g. 15d.",
                    pattern = "^[0-9]+(h|d|w|y)$") String retention,
            @Doc("The TSDB's PVC, mounted at /prometheus.") Storage storage,
            @Doc("Scrape job of the Apollo Router's metrics (pods of the router, discovered through the API).")
                    RouterTarget router,
            @Doc("CPU and memory requests and limits.") ServiceSpec.Resources resources,
            @Doc("Numeric user and groups (the image's nobody, 65534).") ServiceSpec.SecurityContext securityContext) {
        public static final Prometheus DEFAULTS = new Prometheus(true,
                ContainerImage.of("prom/prometheus", "v2.55.1"), "30s", "15d",
                new Storage("10Gi", ""), RouterTarget.DEFAULTS,
                new ServiceSpec.Resources(new ServiceSpec.Amounts("200m", "512Mi"), new ServiceSpec.Amounts("1000m", "2Gi")),
                new ServiceSpec.SecurityContext(65534, 65534, 65534));
    }

    public record RouterTarget(
            @Doc("Whether to scrape the router.") boolean enabled,
            @Doc(value = "Namespace of the router's pods.", pattern = Names.DNS_1123_LABEL) String namespace,
            @Doc("Value of the router pods' app.kubernetes.io/name label.") String app,
            @Doc(value = "Port of the router's Prometheus exporter.", min = 1, max = 65535) int port,
            @Doc(value = "HTTP path of the metrics.", pattern = "^/.*") String path) {
        public static final RouterTarget DEFAULTS = new RouterTarget(true, "neotool-web", "router", 9090, "/metrics");
    }

    public record Grafana(
            @Doc("Whether to deploy Grafana.") boolean enabled,
            @Doc("Grafana image (grafana/grafana).") ContainerImage image,
            @Doc("The admin account.") Admin admin,
            @Doc("CPU and memory requests and limits.") ServiceSpec.Resources resources,
            @Doc("Numeric user and groups (the image's grafana user, 472).") ServiceSpec.SecurityContext securityContext) {
        public static final Grafana DEFAULTS = new Grafana(true,
                ContainerImage.of("grafana/grafana", "11.1.4"), Admin.DEFAULTS,
                new ServiceSpec.Resources(new ServiceSpec.Amounts("100m", "256Mi"), new ServiceSpec.Amounts("500m", "512Mi")),
                new ServiceSpec.SecurityContext(472, 472, 472));
    }

    public record Admin(
            @Doc("Admin user name (GF_SECURITY_ADMIN_USER).") String user,
            @Doc(value = "An existing Secret with the key admin-password; empty: the chart generates "
                    + "grafana-admin once (pre-install hook, kept across upgrades). Required in prod.",
                    pattern = Names.DNS_1123_SUBDOMAIN) String existingSecret) {
        public static final Admin DEFAULTS = new Admin("admin", "");
    }

    public record Loki(
            @Doc("Whether to deploy Loki.") boolean enabled,
            @Doc("Loki image (grafana/loki).") ContainerImage image,
            @Doc(value = "Where chunks and the TSDB index go: filesystem (the PVC; dev) or s3 (Cloudflare R2; prod).",
                    oneOf = {"filesystem", "s3"}) String storageType,
            @Doc("S3-compatible object storage (Cloudflare R2) of storageType s3.") S3 s3,
            @Doc("The PVC at /var/loki: chunks and index with filesystem; WAL, index cache and compactor with s3.")
                    Storage storage,
            @Doc(value = "How long logs are kept (limits_config.retention_period, applied by the compactor), e.g. 168h.",
                    pattern = "^[0-9]+(h|d|w|y)$") String retention,
            @Doc("CPU and memory requests and limits.") ServiceSpec.Resources resources,
            @Doc("Numeric user and groups (the image's loki user, 10001).") ServiceSpec.SecurityContext securityContext) {
        public static final Loki DEFAULTS = new Loki(true,
                ContainerImage.of("grafana/loki", "2.9.0"), "filesystem", S3.DEFAULTS,
                new Storage("10Gi", ""), "168h",
                new ServiceSpec.Resources(new ServiceSpec.Amounts("200m", "512Mi"), new ServiceSpec.Amounts("1000m", "1Gi")),
                new ServiceSpec.SecurityContext(10001, 10001, 10001));
    }

    public record S3(
            @Doc(value = "Existing Secret in the observability namespace with the keys endpoint "
                    + "(https://<account>.r2.cloudflarestorage.com), access-key-id and secret-access-key. Required with s3.",
                    pattern = Names.DNS_1123_SUBDOMAIN) String secretName,
            @Doc(value = "Bucket of Loki's chunks and index.", pattern = "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$") String bucket,
            @Doc("S3 region (R2: auto).") String region,
            @Doc("Path-style addressing (R2: true).") boolean forcePathStyle,
            @Doc("CIDR Loki may reach on 443 for the object storage (NetworkPolicy egress).") String cidr) {
        public static final S3 DEFAULTS = new S3("", "neotool-loki", "auto", true, "0.0.0.0/0");
    }

    public record Promtail(
            @Doc("Whether to deploy Promtail.") boolean enabled,
            @Doc("Promtail image (grafana/promtail).") ContainerImage image,
            @Doc(value = "Node directory (hostPath) Promtail keeps its positions file in.", pattern = "^/.+")
                    String positionsHostPath,
            @Doc("CPU and memory requests and limits.") ServiceSpec.Resources resources) {
        public static final Promtail DEFAULTS = new Promtail(true,
                ContainerImage.of("grafana/promtail", "2.9.0"), "/var/lib/promtail",
                new ServiceSpec.Resources(new ServiceSpec.Amounts("50m", "128Mi"), new ServiceSpec.Amounts("500m", "256Mi")));
    }

    public record PostgresExporter(
            @Doc("Whether to deploy the PostgreSQL exporter.") boolean enabled,
            @Doc("Exporter image (prometheuscommunity/postgres-exporter), pinned.") ContainerImage image,
            @Doc(value = "PostgreSQL host:port (DATA_SOURCE_URI), the postgres chart's Service.",
                    pattern = "^[a-z0-9.-]+:[0-9]+$") String host,
            @Doc("Database the exporter connects to.") String database,
            @Doc(value = "libpq sslmode.", oneOf = {"disable", "allow", "prefer", "require", "verify-ca", "verify-full"})
                    String sslMode,
            @Doc("PostgreSQL user (DATA_SOURCE_USER), the postgres chart's monitoring role (postgres.monitoring.user).")
                    String user,
            @Doc("Secret in the observability namespace with the user's password (DATA_SOURCE_PASS).")
                    SecretKey passwordSecret,
            @Doc("CPU and memory requests and limits.") ServiceSpec.Resources resources,
            @Doc("Numeric user and groups (the image's nobody, 65534).") ServiceSpec.SecurityContext securityContext) {
        public static final PostgresExporter DEFAULTS = new PostgresExporter(true,
                ContainerImage.of("prometheuscommunity/postgres-exporter", "v0.17.1"),
                "postgres.neotool-data.svc.cluster.local:5432", "postgres", "disable", "neotool_monitor",
                new SecretKey("postgres-credentials", "password"),
                new ServiceSpec.Resources(new ServiceSpec.Amounts("50m", "64Mi"), new ServiceSpec.Amounts("200m", "128Mi")),
                new ServiceSpec.SecurityContext(65534, 65534, 65534));
    }

    public record SecretKey(
            @Doc(value = "Name of the Secret.", pattern = Names.DNS_1123_SUBDOMAIN) String name,
            @Doc("Key inside the Secret.") String key) {}

    public record NetworkPolicy(
            @Doc("Whether to render the NetworkPolicies of the observability pods.") boolean enabled,
            @Doc(value = "Namespace of the cluster DNS (K3S: kube-system).", pattern = Names.DNS_1123_LABEL) String dnsNamespace,
            @Doc("The ingress controller's pods that reach Grafana on 3000 (K3S: Traefik in kube-system).")
                    NetworkPolicySpec.Peer ingressController,
            @Doc("Namespaces whose pods Prometheus may scrape (any port; each target's own policy admits Prometheus).")
                    List<String> scrapeNamespaces,
            @Doc("Where the Kubernetes API server is, for Prometheus' and Promtail's discovery.") ApiServer apiServer,
            @Doc(value = "Namespace of PostgreSQL, which the exporter reaches on its port.", pattern = Names.DNS_1123_LABEL)
                    String postgresNamespace) {
        public static final NetworkPolicy DEFAULTS = new NetworkPolicy(true, "kube-system",
                new NetworkPolicySpec.Peer("kube-system", "traefik", 0),
                List.of("neotool-app", "neotool-data", "neotool-messaging", "neotool-observability", "neotool-security",
                        "neotool-storage", "neotool-web"),
                ApiServer.DEFAULTS, "neotool-data");
    }

    public record ApiServer(
            @Doc("CIDR of the API server's addresses (node IPs; K3S serves it on 6443).") String cidr,
            @Doc("TCP ports of the API server (443 behind the kubernetes Service, 6443 on K3S nodes).") List<Integer> ports) {
        public static final ApiServer DEFAULTS = new ApiServer("0.0.0.0/0", List.of(443, 6443));
    }
}
