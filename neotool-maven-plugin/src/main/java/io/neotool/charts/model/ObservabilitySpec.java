package io.neotool.charts.model;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The observability stack (plan sections 2.7 and 6), in namespace neotool-observability: Prometheus (pod
 * discovery by annotation, which also finds the Apollo Router, and the PostgreSQL exporter), Grafana (datasources and
 * dashboards provisioned from files), Loki (single binary; filesystem in dev, Cloudflare R2 in prod), Promtail
 * (a DaemonSet reading the nodes' pod logs: the one workload with a documented Pod Security exemption, alone in a
 * privileged namespace of its own, neotool-logging), the PostgreSQL and Kafka exporters. See docs/observability.md.
 */
public record ObservabilitySpec(
        @Doc("Whether to deploy the observability stack.") boolean enabled,
        @DeclaredNamespace
        @Doc(value = "Namespace of every observability resource but Promtail's (Pod Security restricted).",
                pattern = Names.DNS_1123_LABEL) String namespace,
        @Doc("Prometheus: metrics, scraped from annotated pods (services, router, Loki, Promtail) and the PostgreSQL "
                + "exporter.") Prometheus prometheus,
        @Doc("Grafana: dashboards over Prometheus and Loki.") Grafana grafana,
        @Doc("Loki: log storage and queries (single binary StatefulSet).") Loki loki,
        @Doc("Promtail: a DaemonSet shipping every pod's logs from the nodes to Loki.") Promtail promtail,
        @Doc("The PostgreSQL exporter (postgres_exporter) Prometheus scrapes for database metrics.")
                PostgresExporter postgresExporter,
        @Doc("The Kafka exporter (kafka_exporter) Prometheus scrapes for topic offsets and consumer lag.")
                KafkaExporter kafkaExporter,
        @Doc("kube-state-metrics: the state of the cluster's objects (nodes, pods, workloads) for the cluster dashboard.")
                KubeStateMetrics kubeStateMetrics,
        @Doc("Prometheus' scrape of every node's kubelet (/metrics/cadvisor: container CPU, memory, network) for the "
                + "cluster dashboard.") Kubelet kubelet,
        @Doc("NetworkPolicies of the observability pods.") NetworkPolicy networkPolicy,
        @Doc("helm test Pods that ask Prometheus for a target that is up and Loki for a log stream (docs/smoke-tests.md).")
                SmokeTest smokeTest) {

    public static final ObservabilitySpec DEFAULTS = new ObservabilitySpec(
            true,
            Components.OBSERVABILITY.namespace(),
            Prometheus.DEFAULTS,
            Grafana.DEFAULTS,
            Loki.DEFAULTS,
            Promtail.DEFAULTS,
            PostgresExporter.DEFAULTS,
            KafkaExporter.DEFAULTS,
            KubeStateMetrics.DEFAULTS,
            Kubelet.DEFAULTS,
            NetworkPolicy.DEFAULTS,
            SmokeTest.DEFAULTS);

    /** Prometheus' --storage.tsdb.retention.size as the spec takes it: whole units of 1024, or empty (derived). */
    static final String RETENTION_SIZE = "^([0-9]+(B|KB|MB|GB|TB|PB|EB))?$";

    /** Whether Loki runs and keeps its chunks and index in object storage (its S3 bucket and Secret in use). */
    public boolean lokiOnS3() {
        return enabled && loki.enabled() && loki.storageType().equals("s3");
    }

    /** Where Promtail runs: its own namespace, or the observability namespace when that is empty. */
    public String promtailNamespace() {
        return promtail.namespace().isEmpty() ? namespace : promtail.namespace();
    }

    public record Storage(
            @Doc(value = "Size of the PersistentVolumeClaim. " + Persistence.FIXED_SIZE, pattern = Quantity.PATTERN)
                    String size,
            @Doc(value = Persistence.CLASS, pattern = Names.DNS_1123_SUBDOMAIN) String storageClass) {}

    public record Prometheus(
            @Doc("Whether to deploy Prometheus.") boolean enabled,
            @Doc("Prometheus image (prom/prometheus).") ContainerImage image,
            @Doc(value = "How often targets are scraped and the rules evaluated, e.g. 30s: from 5s to 2m, as "
                    + Prometheus.SCRAPE_BOUNDS, pattern = "^[0-9]+(ms|s|m|h)$", required = true) String scrapeInterval,
            @Doc(value = "How long samples are kept (--storage.tsdb.retention.time), e.g. 15d.",
                    pattern = "^[0-9]+(h|d|w|y)$", required = true) String retention,
            @Doc(value = "The most the TSDB may take, its WAL included (--storage.tsdb.retention.size; Prometheus' "
                    + "units, powers of 1024: MB, GB, TB), the oldest blocks going first once it is reached, whatever "
                    + "retention says. Empty: 80 % of storage.size, so that the volume never fills (Prometheus stops "
                    + "writing on a full volume); at most 85 %: the rest is room for a compaction's new block, written "
                    + "before the blocks it replaces are deleted, and the filesystem's own.", pattern = RETENTION_SIZE)
                    String retentionSize,
            @Doc("The TSDB's PVC, mounted at /prometheus.") Storage storage,
            @Doc("The platform's alerting rules (rules.yml beside prometheus.yml), shown firing on Prometheus' /alerts page "
                    + "and in Grafana's alert list; no notification leaves the cluster without an Alertmanager, which the "
                    + "platform does not have.") Alerts alerts,
            @Doc("CPU and memory requests and limits.") ServiceSpec.Resources resources,
            @Doc("Numeric user and groups (the image's nobody, 65534).") ServiceSpec.SecurityContext securityContext) {
        /** The bounds of scrapeInterval, in milliseconds, and why (the chart's observability.validate says the same). */
        static final long MIN_SCRAPE_MS = 5_000;
        static final long MAX_SCRAPE_MS = 120_000;
        static final String SCRAPE_BOUNDS = "the alerts and dashboards take rates over 5 minutes, which need two samples "
                + "in them, and a scrape's timeout is at most its interval, too short below 5s for a target to answer.";

        /**
         * The bytes of retentionSize as Prometheus reads it (units of 1024), or null when it is empty or not of the
         * accepted form.
         */
        public BigInteger retentionBytes() {
            Matcher m = SIZE.matcher(retentionSize);
            if (!m.matches()) {
                return null;
            }
            int power = m.group(2).isEmpty() ? 0 : "KMGTPE".indexOf(m.group(2)) + 1;
            return new BigInteger(m.group(1)).shiftLeft(10 * power);
        }

        private static final Pattern SIZE = Pattern.compile("([0-9]+)([KMGTPE]?)B");

        public static final Prometheus DEFAULTS = new Prometheus(true,
                ContainerImage.of("prom/prometheus", "v2.55.1"), "30s", "15d", "",
                new Storage("10Gi", ""), Alerts.DEFAULTS,
                new ServiceSpec.Resources(new ServiceSpec.Amounts("200m", "512Mi"), new ServiceSpec.Amounts("1000m", "2Gi")),
                new ServiceSpec.SecurityContext(65534, 65534, 65534));
    }

    public record Alerts(
            @Doc("Whether Prometheus evaluates the platform's alerting rules.") boolean enabled,
            @Doc(value = "A service's share of 5xx answers, in percent of its requests over 5 minutes, above which "
                    + "the alert <Platform>ServiceErrors fires (after 10 minutes; <Platform>: the chart name in PascalCase).", min = 1, max = 100) int errorPercent,
            @Doc(value = "Hours since the last successful PostgreSQL backup after which <Platform>BackupTooOld fires, and "
                    + "since the backup CronJob was made, without any success, after which <Platform>BackupNeverSucceeded "
                    + "fires: more than the longest time between two runs of postgres.backup.schedule and an hour for "
                    + "the run (daily: 26 allows a late run).", min = 1) int backupMaxAgeHours,
            @Doc(value = "Messages a consumer group may lag behind on a topic before <Platform>KafkaConsumerLag fires (after "
                    + "15 minutes).", min = 1) int kafkaConsumerLag,
            @Doc(value = "Free space of a persistent volume, in percent of its capacity, below which <Platform>VolumeFillingUp "
                    + "fires (after 15 minutes). Needs kubelet: the kubelets report the volumes' usage (K3S local-path "
                    + "volumes report none).", min = 1, max = 99) int volumeFreePercent) {
        public static final Alerts DEFAULTS = new Alerts(true, 5, 26, 10000, 10);
    }

    public record Grafana(
            @Doc("Whether to deploy Grafana.") boolean enabled,
            @Doc("Grafana image (grafana/grafana).") ContainerImage image,
            @Doc("The admin account.") Admin admin,
            @Doc("An Ingress to Grafana, the whole of each host (path /); its first host becomes Grafana's root URL "
                    + "(GF_SERVER_ROOT_URL, for the links Grafana writes). Off: kubectl port-forward.") IngressSpec ingress,
            @Doc("CPU and memory requests and limits.") ServiceSpec.Resources resources,
            @Doc("Numeric user and groups (the image's grafana user, 472).") ServiceSpec.SecurityContext securityContext) {
        public static final Grafana DEFAULTS = new Grafana(true,
                ContainerImage.of("grafana/grafana", "11.1.4"), Admin.DEFAULTS, IngressSpec.DEFAULTS,
                new ServiceSpec.Resources(new ServiceSpec.Amounts("100m", "256Mi"), new ServiceSpec.Amounts("500m", "512Mi")),
                new ServiceSpec.SecurityContext(472, 472, 472));
    }

    public record Admin(
            @Doc("Admin user name (GF_SECURITY_ADMIN_USER).") String user,
            @Doc(value = "An existing Secret with the key admin-password; empty: the chart generates "
                    + "grafana-admin once (a release resource, kept across upgrades with lookup). Required in prod.",
                    pattern = Names.DNS_1123_SUBDOMAIN) String existingSecret) {
        public static final Admin DEFAULTS = new Admin("admin", "");
    }

    public record Loki(
            @Doc("Whether to deploy Loki.") boolean enabled,
            @Doc("Loki image (grafana/loki).") ContainerImage image,
            @Doc(value = "Where chunks and the TSDB index go: filesystem (the PVC) or s3 (the object storage of "
                    + "global.objectStorage.provider: the in-cluster MinIO in dev, Cloudflare R2 or another S3 service in prod).",
                    oneOf = {"filesystem", "s3"}) String storageType,
            @Doc("S3-compatible object storage (MinIO, Cloudflare R2 or another S3 service) of storageType s3.") S3 s3,
            @Doc("The PVC at /var/loki: chunks and index with filesystem; WAL, index cache and compactor with s3.")
                    Storage storage,
            @Doc(value = "How long logs are kept (limits_config.retention_period, applied by the compactor), e.g. 168h.",
                    pattern = "^[0-9]+(h|d|w|y)$", required = true) String retention,
            @Doc("CPU and memory requests and limits.") ServiceSpec.Resources resources,
            @Doc("Numeric user and groups (the image's loki user, 10001).") ServiceSpec.SecurityContext securityContext) {
        public static final Loki DEFAULTS = new Loki(true,
                ContainerImage.of("grafana/loki", "2.9.0"), "filesystem", S3.DEFAULTS,
                new Storage("10Gi", ""), "168h",
                new ServiceSpec.Resources(new ServiceSpec.Amounts("200m", "512Mi"), new ServiceSpec.Amounts("1000m", "1Gi")),
                new ServiceSpec.SecurityContext(10001, 10001, 10001));
    }

    public record S3(
            @Doc(value = "Secret in the observability namespace with the keys endpoint (MinIO's "
                    + "http://minio.<namespace>.svc.cluster.local:9000, or https://<account>.r2.cloudflarestorage.com), "
                    + "access-key-id and secret-access-key: the minio chart writes it in dev (minio.clientSecret), the "
                    + "operator creates it for R2. Required with s3.",
                    pattern = Names.DNS_1123_SUBDOMAIN) String secretName,
            @Doc(value = "Bucket of Loki's chunks and index.", pattern = "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$") String bucket,
            @Doc("S3 region (R2: auto; MinIO: us-east-1; Amazon S3: the bucket's); empty: global.objectStorage.region, "
                    + "as the install sets it.") String region,
            @Doc("Path-style addressing (R2 and MinIO: true; Amazon S3 takes either).") boolean forcePathStyle,
            @Doc("The in-cluster MinIO's pods, Loki's egress with global.objectStorage.provider minio (the umbrella "
                    + "admits Loki on MinIO's side).") NetworkPolicySpec.Peer minio,
            @Doc(value = "Address ranges excluded from Loki's HTTPS egress to the object storage of providers r2 and s3 (TCP 443 "
                    + "to any other address): the private ranges (RFC 1918, which hold K3S' pod and service CIDRs) and link-local (cloud "
                    + "metadata), as for the services' object storage. Add the cluster's CIDRs if they lie outside them.", pattern = Names.CIDR)
                    List<String> exceptCidrs) {
        public static final S3 DEFAULTS = new S3("", "neotool-loki", "", true,
                new NetworkPolicySpec.Peer("neotool-storage", "minio", 9000), NetworkPolicySpec.PRIVATE_RANGES);
    }

    public record Promtail(
            @Doc("Whether to deploy Promtail.") boolean enabled,
            @DeclaredNamespace(emptyAllowed = true)
            @Doc(value = "Namespace of Promtail's objects: a namespace of its own, Pod Security privileged (it reads "
                    + "hostPath as root), so the observability namespace stays restricted. Empty: the observability "
                    + "namespace (which must then be privileged).", pattern = Names.DNS_1123_LABEL) String namespace,
            @Doc("Promtail image (grafana/promtail).") ContainerImage image,
            @Doc(value = "Node directory (hostPath) Promtail keeps its positions file in. Unset: /var/lib/promtail-"
                    + "<Promtail's namespace>, so that two platforms' Promtails on one node keep files of their own.",
                    pattern = "^/.+", required = true)
                    String positionsHostPath,
            @Doc("Pod tolerations, written as the services' are. Unset (or empty): every toleration of the spec's "
                    + "services and of global.placement, without its tolerationSeconds (a DaemonSet's pod evicted after "
                    + "them would be made again at once), so that Promtail runs on each node a service or a component may "
                    + "run on, and not on a control plane nothing tolerates.") List<Map<String, String>> tolerations,
            @Doc("CPU and memory requests and limits.") ServiceSpec.Resources resources) {
        public static final Promtail DEFAULTS = new Promtail(true, "neotool-logging",
                ContainerImage.of("grafana/promtail", "2.9.0"), "", List.of(),
                new ServiceSpec.Resources(new ServiceSpec.Amounts("50m", "128Mi"), new ServiceSpec.Amounts("500m", "256Mi")));
    }

    public record PostgresExporter(
            @Doc("Whether to deploy the PostgreSQL exporter (by default, where PostgreSQL and its monitoring role are).")
                    boolean enabled,
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

    public record KafkaExporter(
            @Doc("Whether to deploy the Kafka exporter (by default, where Kafka is).") boolean enabled,
            @Doc("Exporter image (danielqsj/kafka-exporter), pinned.") ContainerImage image,
            @Doc("Image of the init container that waits for Kafka's port before the exporter starts (which exits when "
                    + "Kafka does not answer): /bin/sh and curl with telnet://.") ContainerImage waitImage,
            @Doc(value = "Kafka bootstrap host:port (--kafka.server), the kafka chart's Service; the exporter then reaches "
                    + "every broker on the same port.", pattern = "^[a-z0-9.-]+:[0-9]+$") String server,
            @Doc("CPU and memory requests and limits.") ServiceSpec.Resources resources,
            @Doc("Numeric user and groups (the image's nobody, 65534).") ServiceSpec.SecurityContext securityContext) {
        public static final KafkaExporter DEFAULTS = new KafkaExporter(true,
                ContainerImage.of("danielqsj/kafka-exporter", "v1.8.0"),
                SmokeTest.DEFAULTS.image(),
                "kafka.neotool-messaging.svc.cluster.local:9092",
                new ServiceSpec.Resources(new ServiceSpec.Amounts("50m", "64Mi"), new ServiceSpec.Amounts("200m", "128Mi")),
                new ServiceSpec.SecurityContext(65534, 65534, 65534));
    }

    public record KubeStateMetrics(
            @Doc("Whether to deploy kube-state-metrics.") boolean enabled,
            @Doc("kube-state-metrics image (registry.k8s.io/kube-state-metrics/kube-state-metrics), pinned.")
                    ContainerImage image,
            @Doc("The kinds it reports (--resources); its ClusterRole grants list and watch on exactly these. Each one of: "
                    + "cronjobs, daemonsets, deployments, horizontalpodautoscalers, jobs, namespaces, nodes, "
                    + "persistentvolumeclaims, pods, replicasets, statefulsets.") List<String> collectors,
            @Doc("CPU and memory requests and limits.") ServiceSpec.Resources resources,
            @Doc("Numeric user and groups (the image's nobody, 65534).") ServiceSpec.SecurityContext securityContext) {
        public static final KubeStateMetrics DEFAULTS = new KubeStateMetrics(true,
                ContainerImage.of("registry.k8s.io/kube-state-metrics/kube-state-metrics", "v2.13.0"),
                List.of("cronjobs", "daemonsets", "deployments", "horizontalpodautoscalers", "namespaces", "nodes",
                        "persistentvolumeclaims", "pods", "statefulsets"),
                new ServiceSpec.Resources(new ServiceSpec.Amounts("50m", "128Mi"), new ServiceSpec.Amounts("250m", "256Mi")),
                new ServiceSpec.SecurityContext(65534, 65534, 65534));
    }

    /** The kinds kube-state-metrics can report here, with the API group its ClusterRole names them in. */
    public static final java.util.Map<String, String> KSM_COLLECTORS = java.util.Map.ofEntries(
            java.util.Map.entry("cronjobs", "batch"), java.util.Map.entry("daemonsets", "apps"),
            java.util.Map.entry("deployments", "apps"), java.util.Map.entry("horizontalpodautoscalers", "autoscaling"),
            java.util.Map.entry("jobs", "batch"), java.util.Map.entry("namespaces", ""), java.util.Map.entry("nodes", ""),
            java.util.Map.entry("persistentvolumeclaims", ""), java.util.Map.entry("pods", ""),
            java.util.Map.entry("replicasets", "apps"), java.util.Map.entry("statefulsets", "apps"));

    public record Kubelet(
            @Doc("Whether Prometheus scrapes the nodes' kubelets: cAdvisor's container metrics (job kubernetes-cadvisor) "
                    + "and the persistent volumes' usage (job kubernetes-kubelet, kubelet_volume_stats_* only); its "
                    + "ClusterRole then gets nodes/metrics.") boolean enabled,
            @Doc("Where the kubelets are: Prometheus reaches each node's address on these ports (direct, not through the "
                    + "API server's proxy, which would need nodes/proxy).") HostPorts networkPolicy) {
        public static final Kubelet DEFAULTS = new Kubelet(true, new HostPorts(List.of(ANY_ADDRESS), List.of(10250)));
    }

    /** The range that stands for every address, IPv6 too, in a list of cidrs of hosts. */
    public static final String ANY_ADDRESS = "0.0.0.0/0";

    public record HostPorts(
            @Doc(value = "IPv4 or IPv6 ranges of the nodes' addresses: the node subnets (one per zone where the nodes "
                    + "span several); 0.0.0.0/0 stands for every address, IPv6 too. Cilium matches a range to a node "
                    + "only with its policy-cidr-match-mode: nodes (docs/observability.md, NetworkPolicies).",
                    pattern = Names.CIDR) List<String> cidrs,
            @Doc(value = "TCP ports (the kubelet: 10250).", min = 1, max = 65535) List<Integer> ports) {}

    public record SecretKey(
            @Doc(value = "Name of the Secret.", pattern = Names.DNS_1123_SUBDOMAIN) String name,
            @Doc(value = "Key inside the Secret.", pattern = Names.DATA_KEY) String key) {}

    public record NetworkPolicy(
            @Doc("Whether to render the NetworkPolicies of the observability pods, with global.networkPolicy.enabled.")
                    boolean enabled,
            @Doc(value = "Namespace of the cluster DNS (K3S: kube-system).", pattern = Names.DNS_1123_LABEL) String dnsNamespace,
            @Doc("The ingress controller's pods that reach Grafana on 3000 (K3S: Traefik in kube-system), with its cidrs.")
                    NetworkPolicySpec.IngressController ingressController,
            @DeclaredNamespace
            @Doc("Namespaces whose pods Prometheus may scrape (any port; each target's own policy admits Prometheus), each "
                    + "with a Role that lets it read their pods; Promtail ships the logs of these namespaces' pods only.")
                    List<String> scrapeNamespaces,
            @Doc("Where the Kubernetes API server is, for Prometheus' and Promtail's discovery.") ApiServer apiServer,
            @Doc(value = "Namespace of PostgreSQL, which the exporter reaches on its port.", pattern = Names.DNS_1123_LABEL)
                    String postgresNamespace,
            @Doc(value = "Namespace of Kafka, which the Kafka exporter reaches on the port of kafkaExporter.server.",
                    pattern = Names.DNS_1123_LABEL) String kafkaNamespace) {
        public static final NetworkPolicy DEFAULTS = new NetworkPolicy(true, "kube-system",
                NetworkPolicySpec.IngressController.DEFAULTS,
                List.of("neotool-app", "neotool-data", "neotool-logging", "neotool-messaging", "neotool-observability",
                        "neotool-security", "neotool-storage", "neotool-web"),
                ApiServer.DEFAULTS, "neotool-data", "neotool-messaging");
    }

    public record ApiServer(
            @Doc(value = "IPv4 or IPv6 ranges of the API server as the pods' traffic meets the network policy: its "
                    + "endpoints' addresses (kubectl get endpointslice -n default -l "
                    + "kubernetes.io/service-name=kubernetes; node IPs where it runs on the nodes, as on K3S; the ranges "
                    + "a managed control plane's endpoints come from, which move at its upgrades: EKS' cluster subnets), "
                    + "and where the policy is enforced before the Service's translation (the AWS VPC CNI's network policy "
                    + "agent) the kubernetes Service's ClusterIP too; 0.0.0.0/0 stands for every address, IPv6 too.",
                    pattern = Names.CIDR) List<String> cidrs,
            @Doc(value = "TCP ports of the API server (443 behind the kubernetes Service, 6443 on K3S nodes).", min = 1,
                    max = 65535) List<Integer> ports) {
        public static final ApiServer DEFAULTS = new ApiServer(List.of(ANY_ADDRESS), List.of(443, 6443));
    }
}
