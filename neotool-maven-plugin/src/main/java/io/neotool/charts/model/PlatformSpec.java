package io.neotool.charts.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Neotool platform as one environment sees it: what the charts and their values are made from. The key of a
 * component subchart (vault, router, ...) carries no {@link Doc}: the component is declared, with its description, in
 * {@link Components}.
 */
public record PlatformSpec(
        @Doc("Umbrella chart metadata.") ChartInfo chart,
        @Doc("Settings every chart shares (Helm passes them to all subcharts).") GlobalSpec global,
        @Doc("Namespaces of the platform and their Pod Security level.") Map<String, NamespaceSpec> namespaces,
        VaultSpec vault,
        RouterSpec router,
        WebSpec web,
        ObservabilitySpec observability,
        @Doc("The umbrella's NetworkPolicies (with global.networkPolicy.enabled): default-deny, DNS and the platform's "
                + "allowed flows.") NetworkPolicySpec networkPolicy,
        @Doc("The Kotlin/Micronaut services, each deployed with the neotool-service chart.")
                Map<String, ServiceSpec> services,
        PostgresSpec postgres,
        KafkaSpec kafka,
        MinioSpec minio,
        @Doc("The cluster the environment runs on, for the capacity report of neotool:lint.") ClusterSpec cluster) {

    /**
     * Promtail reads the nodes' pod logs (hostPath, root): its namespace, which holds nothing else, cannot enforce
     * restricted (or baseline, which forbids hostPath too).
     */
    static final NamespaceSpec LOGGING_NAMESPACE = new NamespaceSpec("privileged",
            "Promtail, alone in this namespace, reads container logs from the node (hostPath /var/log/pods) as root.",
            Map.of());

    /**
     * The plan's namespaces (section 2.2; workflows is out of scope), all restricted: the namespace of every declared
     * chart ({@link Components}), and neotool-logging: Promtail on its own, so the one privileged namespace holds only
     * the one workload that needs it.
     */
    public static final Map<String, NamespaceSpec> PLAN_NAMESPACES = planNamespaces();

    public static final PlatformSpec DEFAULTS =
            new PlatformSpec(ChartInfo.DEFAULTS, GlobalSpec.DEFAULTS, PLAN_NAMESPACES, VaultSpec.DEFAULTS, RouterSpec.DEFAULTS,
                    WebSpec.DEFAULTS, ObservabilitySpec.DEFAULTS, NetworkPolicySpec.DEFAULTS, Map.of(), PostgresSpec.DEFAULTS,
                    KafkaSpec.DEFAULTS, MinioSpec.DEFAULTS, ClusterSpec.DEFAULTS);

    private static Map<String, NamespaceSpec> planNamespaces() {
        Map<String, NamespaceSpec> namespaces = new LinkedHashMap<>();
        for (Component component : Components.ALL) {
            namespaces.put(component.namespace(), NamespaceSpec.DEFAULTS);
        }
        namespaces.put(ObservabilitySpec.Promtail.DEFAULTS.namespace(), LOGGING_NAMESPACE);
        return Map.copyOf(namespaces);
    }

    /** This spec as environment {@code environment} sees it. */
    public PlatformSpec forEnvironment(String environment) {
        return new PlatformSpec(chart, global.withEnvironment(environment), namespaces, vault, router, web, observability,
                networkPolicy, services, postgres, kafka, minio, cluster);
    }

    /** Whether the platform's object storage is the in-cluster MinIO: its provider, and the minio chart on. */
    public boolean onMinio() {
        return global.objectStorage().provider().equals("minio") && minio.enabled();
    }

    /** This spec with the chart version set, when the spec leaves it empty. */
    public PlatformSpec withDefaultVersion(String version) {
        return new PlatformSpec(chart.withDefaultVersion(version), global, namespaces, vault, router, web, observability,
                networkPolicy, services, postgres, kafka, minio, cluster);
    }

    /**
     * This spec with the switches of the parts that exist only for another component following it where the spec does
     * not write them (the key paths in {@code written} are those it does): the Kafka exporter on where Kafka is, the
     * PostgreSQL exporter where PostgreSQL and its monitoring role are, that role where the exporter runs, the Vault
     * token's Secret made by the chart in dev mode (its root token) and not outside it (`vault operator init`'s). A switch
     * written stays as written; one that contradicts its component is the validator's to refuse
     * ({@link ComponentReferences}).
     */
    private PlatformSpec withFollowingSwitches(Set<String> written) {
        ObservabilitySpec o = observability;
        if (!written.contains("observability.kafkaExporter.enabled")) {
            o = Records.with(o, "kafkaExporter", Records.with(o.kafkaExporter(), "enabled", kafka.enabled()));
        }
        if (!written.contains("observability.postgresExporter.enabled")) {
            // it logs in as the monitoring role: off with it too, when the spec turns that off
            boolean role = !written.contains("postgres.monitoring.enabled") || postgres.monitoring().enabled();
            o = Records.with(o, "postgresExporter", Records.with(o.postgresExporter(), "enabled", postgres.enabled() && role));
        }
        PostgresSpec pg = postgres;
        if (!written.contains("postgres.monitoring.enabled")) {
            pg = Records.with(pg, "monitoring", Records.with(pg.monitoring(), "enabled",
                    o.enabled() && o.postgresExporter().enabled()));
        }
        VaultSpec v = vault;
        if (!written.contains("vault.token.create")) {
            // the chart makes the dev server's root token; outside dev mode it comes from `vault operator init`
            v = Records.with(v, "token", Records.with(v.token(), "create", v.mode().equals("dev")));
        }
        return Records.with(Records.with(Records.with(this, "observability", o), "postgres", pg), "vault", v);
    }

    /**
     * This spec with the switches it does not write following their components ({@link #withFollowingSwitches}), the
     * namespaces it does not write (the key paths in {@code written} are those it does) given its
     * {@code chart.namespacePrefix} and, unless it writes its namespaces list, that list kept to the namespaces in use
     * ({@link PlatformNamespaces}), then every address, peer and namespace list it leaves
     * at its default derived from the components it enables and the namespaces it gives them, and MinIO's buckets and
     * Secret consumers completed for the backups ({@link PlatformAddresses}).
     */
    PlatformSpec withDerivedAddresses(Set<String> written) {
        PlatformSpec placed = PlatformNamespaces.inUse(PlatformNamespaces.follow(withFollowingSwitches(written), written),
                written);
        return PlatformAddresses.resolve(PlatformAddresses.withObjectStorage(placed, written));
    }

    /**
     * The plan's defaults placed where this platform puts things: its chart, its namespaces (the list, each
     * component's, Promtail's, the object-storage Secret's consumers, its services' for Vault's clients), with every
     * address and peer derived from them; every other setting is the plan's, and there are no services. What each
     * component chart's own values.yaml holds: installed alone, the chart lands in the platform's namespace and points
     * at the platform's other components, while none of the spec's other choices (the router's supergraph, the
     * backups' storage) become a chart default. The switches that follow other components are the spec's (the
     * exporters, off where their server is; the monitoring role, off without its exporter), so that a chart alone
     * does not reach for a component the platform does not run.
     */
    public PlatformSpec defaultsInPlace() {
        PlatformSpec placed = PlatformNamespaces.placedLike(Records.with(DEFAULTS, "chart", chart), this);
        ObservabilitySpec o = placed.observability();
        placed = Records.with(placed, "observability", Records.with(Records.with(o,
                "kafkaExporter", Records.with(o.kafkaExporter(), "enabled", observability.kafkaExporter().enabled())),
                "postgresExporter", Records.with(o.postgresExporter(), "enabled", observability.postgresExporter().enabled())));
        placed = Records.with(placed, "postgres", Records.with(placed.postgres(), "monitoring",
                Records.with(placed.postgres().monitoring(), "enabled", postgres.monitoring().enabled())));
        return Records.with(PlatformAddresses.resolve(placed), "services", Map.of());
    }

    public record ChartInfo(
            @Doc(value = "Name of the umbrella chart: the platform's name (app.kubernetes.io/part-of, the service chart "
                    + "<name>-service); at most 45 characters, so that <name>-service is a release name Helm takes.",
                    pattern = Names.DNS_1123_LABEL) String name,
            @Doc("Chart version (SemVer 2); empty means the Maven project version.") String version,
            @Doc("Version of the platform the chart deploys; also the default image tag.") String appVersion,
            @Doc("One-line description; empty: \"The <title> platform\".") String description,
            @Doc("Kubernetes versions the chart supports (a SemVer range). By default 1.30 and later: a pod being "
                    + "stopped (the services, the router, web, Vault) keeps serving while its endpoint is removed through "
                    + "the preStop sleep action, which Kubernetes turns on from 1.30; on an older version the charts "
                    + "render none, and those pods stop at once (and below 1.27 the PodDisruptionBudgets render no "
                    + "unhealthyPodEvictionPolicy: a pod that is not ready then holds up a node drain).") String kubeVersion,
            @Doc("Home page of the project (Chart.yaml home of every chart); empty: none.") String home,
            @Doc(value = "URL of the charts' icon, an SVG or PNG (Chart.yaml icon of every chart; chart repositories "
                    + "such as Artifact Hub show it); empty: none, and helm lint says an icon is recommended.",
                    pattern = Names.HTTP_URL) String icon,
            @Doc("The platform's name in prose (READMEs, NOTES.txt, chart descriptions, the dashboards' folder); empty: "
                    + "the chart name. Without '{{', '}}' and '$', which Helm and Grafana would read.")
                    String title,
            @Doc("Chart.yaml keywords of the umbrella, after the chart name (every subchart has the chart name and its own).")
                    List<String> keywords,
            @Doc("Chart.yaml maintainers of every chart.") List<Maintainer> maintainers,
            @Doc(value = "Prefix of the namespaces the spec leaves at their defaults: <prefix>-app, <prefix>-data, "
                    + "<prefix>-messaging, ... (the namespaces list when the spec has none, each component's, each "
                    + "service's), of the object-storage buckets it leaves at theirs (<prefix>-loki, ...) and of PostgreSQL's "
                    + "monitoring role (<prefix>_monitor); a namespace, bucket or role the spec writes is kept as written.", pattern = Names.DNS_1123_LABEL)
                    String namespacePrefix) {
        /** The plan's namespace prefix: neotool-app, neotool-data, ... */
        public static final String PLAN_PREFIX = "neotool";

        public static final ChartInfo DEFAULTS = new ChartInfo(
                "neotool", "", "1.0.0", "", ">=1.30.0-0", "", "", "", List.of(), List.of(), PLAN_PREFIX);

        /** The one-line description: description, else "The <title> platform". */
        public String summary() {
            return description.isEmpty() ? "The " + displayName() + " platform" : description;
        }

        ChartInfo withDefaultVersion(String defaultVersion) {
            return version.isEmpty() ? Records.with(this, "version", defaultVersion) : this;
        }

        /** The platform's name in prose: title, else the chart name. */
        public String displayName() {
            return title.isEmpty() ? name : title;
        }

        /**
         * The platform's name at the head of its alerts' names (Prometheus names: letters, digits, '_'): the chart name
         * in PascalCase, neotool -> Neotool, my-shop -> MyShop; after '_' when it starts with a digit.
         */
        public String alertPrefix() {
            StringBuilder out = new StringBuilder();
            for (String part : name.split("-")) {
                if (!part.isEmpty()) {
                    out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
                }
            }
            return !out.isEmpty() && Character.isDigit(out.charAt(0)) ? "_" + out : out.toString();
        }
    }

    /** A maintainer of the charts, as Chart.yaml lists it. */
    public record Maintainer(
            @Doc("Name of the person or team.") String name,
            @Doc("E-mail address; empty: none.") String email,
            @Doc("Web page; empty: none.") String url) {
        public static final Maintainer DEFAULTS = new Maintainer("", "", "");
    }

    public record GlobalSpec(
            @Doc(value = "The behaviour the values follow: dev, or prod (Vault dev mode, an autoscaler's minimum below 2 "
                    + "and generated passwords refused; latest tags are refused in both). The environments dev and prod are what their "
                    + "names say; an environment of another name (staging, a second region) writes which it follows.",
                    oneOf = {DEV, PROD})
                    String environment,
            @Doc(value = "Registry prefixed to service images that name none, e.g. ghcr.io/acme; empty: the images as "
                    + "their repositories say (Docker Hub for a repository without a registry host).",
                    pattern = ImageReference.REGISTRY) String imageRegistry,
            @Doc(value = "Secrets (type kubernetes.io/dockerconfigjson) with the credentials of a private registry, by name: "
                    + "every pod of the platform pulls its images with them (imagePullSecrets), so each must exist in "
                    + "every namespace with pods: declare them in operatorMade (neotool:lint names each one missing). "
                    + "Empty: images are pulled without credentials (public images, or a registry the nodes log in to).",
                    pattern = Names.DNS_1123_SUBDOMAIN) List<String> imagePullSecrets,
            @Doc(value = "Registry mirrors, by the registry host an image comes from (docker.io, ghcr.io, registry.k8s.io, "
                    + "quay.io) to the mirror's host and path that serves it (e.g. docker.io: harbor.corp/dockerhub-proxy): "
                    + "every image of the platform from that registry is pulled from the mirror, after "
                    + "global.imageRegistry. An image without a registry host is Docker Hub's (docker.io), and an "
                    + "official one is library/<name> there (postgres: <mirror>/library/postgres). Tags and digests "
                    + "stay. Empty: the images' own registries (or mirrors the nodes' container runtime is set up with).",
                    pattern = ImageReference.MIRROR) Map<String, String> imageMirrors,
            @Doc("PriorityClasses of the platform's pods, by component chart (postgres, kafka, vault, ...: "
                    + "the umbrella's dependencies) or service name: each pod, Job and test Pod of it gets it as priorityClassName, so that in a shared cluster the scheduler preempts other pods before the "
                    + "platform's data (the one PostgreSQL primary, the Kafka brokers, Vault), and the kubelet, among the "
                    + "pods over their memory requests, evicts them later (a pod within its request goes after all of "
                    + "those, whatever its priority). The PriorityClasses are the cluster's: created before the install (a pod naming one that "
                    + "does not exist is refused). Empty: the cluster's default priority for every pod.")
                    Map<String, String> priorityClassNames,
            @Doc("Where the pods of a component chart run (postgres, kafka, vault, router, web, minio, observability: "
                    + "the umbrella's dependencies): node labels they must be scheduled on, and the taints they tolerate "
                    + "(a pool of nodes kept for the data stores, say). Each pod, Job and test Pod of the chart gets them; "
                    + "Promtail, a DaemonSet that reads every node's logs, takes no nodeSelector, and the tolerations "
                    + "given here join its own (promtail.tolerations unset). A service's are its own nodeSelector and "
                    + "tolerations. Empty: any node.")
                    Map<String, Placement> placement,
            @Doc(value = "Who gives the pods their user and group ids: chart, each chart its image's own non-root user "
                    + "(runAsUser, runAsGroup, fsGroup); cluster, none, for a cluster that assigns them (OpenShift's "
                    + "restricted-v2 refuses ids outside each namespace's range, and runs the images as a user of group "
                    + "0). runAsNonRoot, seccomp and the dropped capabilities stay either way; Promtail runs as root "
                    + "with hostPath volumes, which no restricted policy admits (docs/runbooks/deployment.md).",
                    oneOf = {"chart", "cluster"}) String userIds,
            @Doc(value = "Where the cluster runs; it chooses the default StorageClass (local: local-path, aws: ebs-gp3, "
                    + "gcp: pd-ssd, azure: managed-premium) and IngressClass (local: traefik, K3S; aws: alb; gcp: gce; "
                    + "azure: azure-application-gateway), resolved in the templates at install time.",
                    oneOf = {"local", "aws", "gcp", "azure"}) String cloudProvider,
            @Doc(value = "StorageClass of every persistent volume that names none; empty: the cloudProvider's. Fixed once "
                    + "installed for the volumes that take it.", pattern = Names.DNS_1123_SUBDOMAIN) String storageClass,
            @Doc("Object storage the platform's consumers use (assets, Loki, the backups): MinIO in dev, Cloudflare R2 "
                    + "or another S3 service in prod.")
                    ObjectStorage objectStorage,
            @Doc("The platform's switch for NetworkPolicies.") NetworkPolicies networkPolicy,
            @Doc("Namespaces and Secrets the operator creates before installing (not rendered by the charts); NOTES.txt "
                    + "lists them and neotool:lint accepts references to them.") List<OperatorObject> operatorMade,
            @Doc("Whether an install reads back, with lookup, the Secrets an earlier release of the same name kept on "
                    + "uninstall (postgres, minio), so that a reinstall over their kept volumes writes the passwords those "
                    + "hold, not new ones. Upgrades always read them back. Only renders that must not reach a cluster set "
                    + "it false (this project's renders do: helm-java's template would ask one); helm template and "
                    + "dry runs find nothing either way.") boolean lookup,
            @Doc("Whether a GitOps controller that renders with helm template deploys the platform (Argo CD): every "
                    + "render is then an install, so the JWT key Job and the databases Job fail while their server does "
                    + "not answer, for the controller to sync again (Argo CD's syncPolicy.retry), instead of ending as on "
                    + "a first install. Flux's "
                    + "helm-controller runs Helm itself: leave it false.") boolean gitops) {
        /**
         * The behaviours the charts know: the base spec is dev; an environment named dev or prod is that one, an
         * environment of another name writes which it follows.
         */
        public static final String DEV = "dev";
        public static final String PROD = "prod";
        public static final List<String> ENVIRONMENTS = List.of(DEV, PROD);

        public static final GlobalSpec DEFAULTS = new GlobalSpec(DEV, "", List.of(), Map.of(), Map.of(), Map.of(), "chart", "local", "", ObjectStorage.DEFAULTS,
                NetworkPolicies.DEFAULTS, List.of(), true, false);

        GlobalSpec withEnvironment(String name) {
            return Records.with(this, "environment", name);
        }
    }

    /** Where a component chart's pods run: global.placement.<chart>. */
    public record Placement(
            @Doc("Node labels the pods must be scheduled on.") Map<String, String> nodeSelector,
            @Doc("Pod tolerations, written as the services' are (key, operator, value, effect, tolerationSeconds, each "
                    + "a string).") List<Map<String, String>> tolerations) {
        public static final Placement DEFAULTS = new Placement(Map.of(), List.of());
    }

    /**
     * Whether the platform has NetworkPolicies at all. A global, so that every chart sees it: with it off, no chart
     * renders a policy (the umbrella's default-deny, DNS and connection policies would be missing, so a chart's own
     * policies alone would cut its clients off). A chart's own {@code networkPolicy.enabled} turns off only its
     * policies.
     */
    public record NetworkPolicies(
            @Doc("Whether the charts render NetworkPolicies: the umbrella's default-deny, DNS and connection policies "
                    + "and every chart's own. Off: none at all (a chart's own networkPolicy.enabled turns off only "
                    + "its policies).") boolean enabled,
            @Doc("The cluster DNS every pod resolves names with, as the DNS egress of every policy reaches it (in each "
                    + "chart's networkPolicy.dnsNamespace).") Dns dns) {
        public static final NetworkPolicies DEFAULTS = new NetworkPolicies(true, Dns.DEFAULTS);
    }

    /** The cluster DNS's pods, ports and caches, as the policies' DNS egress reaches them. */
    public record Dns(
            @Doc(value = "Namespace of the DNS pods for every chart (OpenShift: openshift-dns), over each chart's own "
                    + "networkPolicy.dnsNamespace; empty: each chart's (kube-system by default).",
                    pattern = Names.DNS_1123_LABEL) String namespace,
            @Doc("Labels of the DNS pods, all of them (a map given at install time is not merged with a default): on "
                    + "OpenShift dns.operator.openshift.io/daemonset-dns: default (with dnsNamespace openshift-dns). "
                    + "Empty: CoreDNS's k8s-app: kube-dns (K3S, EKS, GKE, AKS).") Map<String, String> podLabels,
            @Doc(value = "Ports the DNS pods listen on, each opened for UDP and TCP: 53; OpenShift's listen on 5353 (its "
                    + "Service maps 53 to it, and a policy sees the pod's port): [53, 5353].", min = 1, max = 65535)
                    List<Integer> ports,
            @Doc(value = "Addresses of a DNS cache the pods ask instead, on the same ports: NodeLocal DNSCache's link-local "
                    + "address (169.254.20.10/32), with the kube-dns Service's ClusterIP (/32) in kube-proxy's iptables "
                    + "mode, where the cache answers on it untranslated. Empty: the DNS pods alone.", pattern = Names.CIDR) List<String> cidrs) {
        public static final Dns DEFAULTS = new Dns("", Map.of(), List.of(53), List.of());
    }

    /**
     * An object the operator creates before installing: a Namespace, or a Secret, ConfigMap or ServiceAccount in a
     * namespace (a service's files from a ConfigMap of the operator's; a ServiceAccount a cloud's workload identity
     * makes, e.g. eksctl's for IRSA, with serviceAccount.create false).
     */
    public record OperatorObject(
            @Doc(value = "Kind of the object.", oneOf = {"Namespace", "Secret", "ConfigMap", "ServiceAccount"}) String kind,
            @Doc(value = "Namespace of a Secret, ConfigMap or ServiceAccount (empty for a Namespace).",
                    pattern = Names.DNS_1123_LABEL) String namespace,
            @Doc(value = "Name of the object.", pattern = Names.DNS_1123_SUBDOMAIN) String name,
            @Doc("How the operator creates it: the command, or the document that says.") String create) {
        public static final OperatorObject DEFAULTS = new OperatorObject("Secret", "", "", "");
    }

    /**
     * Where object storage is, for every chart that needs it (Helm passes global to all subcharts). The
     * account-specific parts (endpoint and credentials) live in a Secret in each consumer's namespace.
     */
    public record ObjectStorage(
            @Doc(value = "Who provides object storage: the in-cluster MinIO (dev); Cloudflare R2; or s3, any other "
                    + "S3-compatible service reached over HTTPS outside the cluster (Amazon S3, Google Cloud Storage's XML "
                    + "API, a MinIO of its own). r2 and s3 are reached alike: HTTPS to any address but the private ranges.",
                    oneOf = {"minio", "r2", "s3"}) String provider,
            @Doc(value = "Secret in each consumer namespace with the keys endpoint (e.g. "
                    + "https://<account-id>.r2.cloudflarestorage.com, https://s3.eu-west-1.amazonaws.com), hostname (the endpoint's host, for clients that "
                    + "take host and port apart), access-key-id and secret-access-key; the minio chart writes it in "
                    + "dev, the operator creates it for r2 and s3.", pattern = Names.DNS_1123_SUBDOMAIN)
                    String secretName,
            @Doc("S3 region (R2: auto; Amazon S3: the bucket's region).") String region,
            @Doc("Where an r2 or s3 provider is inside the private network (a MinIO or Ceph of the company's own, an S3 "
                    + "endpoint in the VPC, any object storage of an air-gapped cluster): its address ranges, each with "
                    + "the TCP ports it serves on, which every consumer's egress opens in place of HTTPS to any address "
                    + "outside the private ranges. Empty: port 443 to any address but each consumer's exceptCidrs (R2, "
                    + "Amazon S3 over the internet).") List<ServiceSpec.Address> addresses) {
        public static final ObjectStorage DEFAULTS = new ObjectStorage("minio", "object-storage", "us-east-1", List.of());
    }

    public record NamespaceSpec(
            @Doc(value = "Pod Security Standard enforced in the namespace.", oneOf = {"restricted", "baseline", "privileged"})
                    String podSecurity,
            @Doc("Why the namespace needs less than restricted (required then).") String reason,
            @Doc("Extra labels of the Namespace, e.g. a service mesh's injection switch (istio-injection: enabled) or "
                    + "cost allocation; the Pod Security labels are podSecurity's.") Map<String, String> labels) {
        public static final NamespaceSpec DEFAULTS = new NamespaceSpec("restricted", "", Map.of());
    }
}
