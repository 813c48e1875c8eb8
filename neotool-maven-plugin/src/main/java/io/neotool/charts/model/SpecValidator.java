package io.neotool.charts.model;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Semantic checks of a bound spec, all collected: the {@link Doc} constraints of every key, names,
 * ports, quantities, requests within limits, replica ranges, image tags, env names and secrets.
 */
final class SpecValidator {
    /** Env names the chart sets from {@code platform}; a service may not set them again (duplicate env). */
    static final Set<String> PLATFORM_ENV = Set.of("MICRONAUT_ENVIRONMENTS", "POSTGRES_HOST", "POSTGRES_PORT",
            "VAULT_ENABLED", "VAULT_ADDRESS", "KAFKA_BOOTSTRAP_SERVERS");

    /** Env names the chart sets from a service's database Secret. */
    static final Set<String> DATABASE_ENV = Set.of("DATASOURCES_DEFAULT_URL", "DATASOURCES_DEFAULT_USERNAME",
            "DATASOURCES_DEFAULT_PASSWORD");

    /** Umbrella values keys a service name would collide with. */
    static final Set<String> RESERVED_NAMES = Set.of("global", "namespaces", "networkPolicy", "vault", "router", "web",
            "observability", "postgres", "kafka", "minio");

    private static final Pattern SECRET_LIKE = Pattern.compile("(?i).*(secret|password|passwd|token|credential|private_?key|api_?key|_key$).*");
    private static final Pattern SEMVER = Pattern.compile(
            "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?(\\+[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?$");

    private static final java.math.BigInteger UINT64_MAX = java.math.BigInteger.TWO.pow(64).subtract(java.math.BigInteger.ONE);

    private final String file;
    private final Map<String, int[]> positions;
    private final List<SpecProblem> problems = new ArrayList<>();

    SpecValidator(String file, Map<String, int[]> positions) {
        this.file = file;
        this.positions = positions;
    }

    List<SpecProblem> validate(PlatformSpec spec, String environment) {
        checkConstraints(spec, "");
        if (!Names.isDnsLabel(spec.chart().name(), 53)) {
            add("chart.name", "'" + spec.chart().name() + "' is not a DNS-1123 label of at most 53 characters");
        }
        if (!SEMVER.matcher(spec.chart().version()).matches()) {
            add("chart.version", "'" + spec.chart().version() + "' is not a SemVer 2 version (e.g. 1.2.3 or 1.2.3-rc.1)");
        } else if (Arrays.stream(spec.chart().version().split("[-+]")[0].split("\\."))
                .anyMatch(n -> new java.math.BigInteger(n).compareTo(UINT64_MAX) > 0)) {
            add("chart.version", "'" + spec.chart().version() + "': Helm reads major, minor and patch as 64-bit numbers "
                    + "(at most " + UINT64_MAX + "); use a smaller version");
        }
        spec.namespaces().forEach((name, ns) -> {
            String path = "namespaces." + name;
            if (!Names.isDnsLabel(name, 63)) {
                add(path, "namespace '" + name + "' is not a DNS-1123 label (lower case, digits, '-', at most 63)");
            }
            if (!ns.podSecurity().equals("restricted") && ns.reason().isBlank()) {
                add(path + ".reason", "namespace '" + name + "' is '" + ns.podSecurity()
                        + "', not restricted: give the reason (the exemption is documented)");
            }
        });
        boolean prod = spec.global().environment().equals("prod");
        spec.services().forEach((name, service) -> checkService(spec, name, service, prod));
        spec.services().forEach((name, service) -> checkCalls(spec, name, service));
        checkVault(spec, prod);
        checkDataComponents(spec, prod);
        checkRouter(spec, prod);
        checkWeb(spec, prod);
        checkObservability(spec, prod);
        checkMonitoringCredentials(spec);
        checkDatabaseCredentials(spec);
        checkObjectStorageEgress(spec);
        checkBackup(spec);
        checkOperatorMade(spec);
        ComponentReferences.check(spec).forEach(p -> add(p.path(), p.message()));
        return problems;
    }

    /**
     * Operator-made objects: a Secret names its namespace, a Namespace names none, each says how it is made. Whether the
     * chart also renders one (Helm would refuse it) is neotool:lint's operator-made rule, on the render.
     */
    private void checkOperatorMade(PlatformSpec spec) {
        List<PlatformSpec.OperatorObject> objects = spec.global().operatorMade();
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < objects.size(); i++) {
            PlatformSpec.OperatorObject o = objects.get(i);
            String path = "global.operatorMade[" + i + "]";
            if (o.name().isBlank()) {
                add(path + ".name", "an operator-made object needs a name");
            }
            if (o.kind().equals("Secret") && o.namespace().isBlank()) {
                add(path + ".namespace", "Secret " + o.name() + " needs the namespace the operator creates it in");
            }
            if (o.kind().equals("Namespace") && !o.namespace().isBlank()) {
                add(path + ".namespace", "a Namespace has no namespace: leave it empty");
            }
            if (o.create().isBlank()) {
                add(path + ".create", "say how the operator creates " + o.kind() + " " + o.name() + " (a command or a document)");
            }
            if (!seen.add(o.kind() + "/" + o.namespace() + "/" + o.name())) {
                add(path, o.kind() + " " + o.name() + " is declared twice");
            }
        }
    }

    private void checkService(PlatformSpec spec, String name, ServiceSpec s, boolean prod) {
        String path = "services." + name;
        if (!Names.isDnsLabel(name, 63)) {
            add(path, "service name '" + name + "' is not a DNS-1123 label (lower case, digits, '-', at most 63)");
        }
        if (RESERVED_NAMES.contains(name)) {
            add(path, "'" + name + "' is a reserved values key; rename the service");
        }
        if (!s.namespace().isEmpty()) {
            checkNamespace(spec, path + ".namespace", s.namespace());
        }
        checkImage(path + ".image", s.image().repository(), s.image().tag(), ContainerImage.of("neotool-" + name, "1.0.0"),
                false);
        if (s.vaultInit().enabled() && s.platform().vault().enabled()) {
            checkImage(path + ".vaultInit.image", s.vaultInit().image(), ServiceSpec.VaultInit.DEFAULTS.image());
        }
        checkResources(path + ".resources", s.resources());
        checkReplicas(path, s.autoscaling(), prod);
        checkProbes(path, s.probes());
        Set<String> names = new HashSet<>();
        s.env().forEach((key, value) -> {
            String envPath = path + ".env." + key;
            checkEnvName(envPath, key, names);
            checkDatabaseEnv(envPath, key, s);
            if (SECRET_LIKE.matcher(key).matches()) {
                add(envPath, "'" + key + "' looks like a secret but has a literal value; move it to secretEnv "
                        + "({secretName, key}) so it comes from a Secret");
            }
        });
        s.secretEnv().forEach((key, ref) -> {
            String envPath = path + ".secretEnv." + key;
            checkEnvName(envPath, key, names);
            checkDatabaseEnv(envPath, key, s);
            if (ref.secretName().isBlank()) {
                add(envPath + ".secretName", "name the Secret that holds " + key);
            }
            if (ref.key().isBlank()) {
                add(envPath + ".key", "name the key inside Secret '" + ref.secretName() + "'");
            }
        });
    }

    /**
     * A service's calls name other declared services, once each: the umbrella renders a NetworkPolicy pair per call
     * from them. A service calling itself is refused: it is an in-process call, and allowing it would open every pod
     * of the service to every other.
     */
    private void checkCalls(PlatformSpec spec, String name, ServiceSpec s) {
        Set<String> seen = new HashSet<>();
        Set<String> others = new java.util.TreeSet<>(spec.services().keySet());
        others.remove(name);
        for (int i = 0; i < s.calls().size(); i++) {
            String callee = s.calls().get(i);
            String path = "services." + name + ".calls[" + i + "]";
            if (callee.equals(name)) {
                add(path, "'" + name + "' calls itself: a service's own pods reach each other only through a NetworkPolicy "
                        + "that would open every pod to every other; call it in-process, or remove the entry");
            } else if (!spec.services().containsKey(callee)) {
                String hint = Suggestions.nearest(callee, others).map(n -> " (did you mean '" + n + "'?)").orElse("");
                add(path, "'" + callee + "' is not a declared service" + hint + "; a service calls other services: "
                        + (others.isEmpty() ? "there are none" : String.join(", ", others)));
            } else if (!seen.add(callee)) {
                add(path, "'" + callee + "' is listed twice; list each called service once");
            }
        }
    }

    /** Vault's mode and token against the environment, and the services' Vault settings against Vault's. */
    private void checkVault(PlatformSpec spec, boolean prod) {
        VaultSpec v = spec.vault();
        if (!v.enabled()) {
            return;
        }
        checkNamespace(spec, "vault.namespace", v.namespace());
        if (prod && v.mode().equals("dev")) {
            add("vault.mode", "Vault dev mode keeps every secret in memory and runs with a root token: not allowed in "
                    + "prod; set vault.mode to ha (integrated Raft, see docs/vault.md)");
        }
        if (prod && !v.token().value().isEmpty()) {
            add("vault.token.value", "a literal Vault token is not allowed in prod; leave value empty and create the "
                    + "Secret '" + v.token().secretName() + "' yourself (docs/vault.md)");
        }
        if (v.token().create() && !v.mode().equals("dev")) {
            add("vault.token.create", "the chart creates the token Secret only in dev mode (it is the dev server's root "
                    + "token); in " + v.mode() + " mode the token comes from `vault operator init`: set create: false and "
                    + "create the Secret as docs/vault.md shows");
        }
        if (!v.token().create() && !v.token().value().isEmpty()) {
            add("vault.token.value", "value is only used when create is true; remove it");
        }
        if (v.mode().equals("ha") && v.ha().replicas() % 2 == 0) {
            add("vault.ha.replicas", v.ha().replicas() + " Raft servers: use an odd number (3 or 5) so a quorum survives a loss");
        }
        checkImage("vault.image", v.image(), VaultSpec.DEFAULTS.image());
        String vaultHost = "vault." + v.namespace() + ".svc";
        new java.util.TreeMap<>(spec.services()).forEach((name, s) -> {
            if (!s.vaultInit().enabled() || !s.platform().vault().enabled()) {
                return;
            }
            String path = "services." + name;
            String namespace = s.namespace().isEmpty() ? "(the release namespace)" : s.namespace();
            if (!s.platform().vault().address().contains(vaultHost)) {
                add(path + ".platform.vault.address", "'" + s.platform().vault().address() + "' is not the chart's Vault ("
                        + vaultHost + ".cluster.local:8200)");
            }
            if (v.jwtInit().enabled() && !trimSlashes(s.vaultInit().keyPath()).equals(trimSlashes(v.jwtInit().keyPath()))) {
                add(path + ".vaultInit.keyPath", "'" + s.vaultInit().keyPath() + "' is not where the JWT Job writes the keys ("
                        + v.jwtInit().keyPath() + "); the init container would wait for keys that never come");
            }
            if (v.token().create()) {
                if (!v.token().namespaces().contains(s.namespace())) {
                    add(path + ".namespace", "namespace " + namespace + " gets no copy of the Secret '"
                            + v.token().secretName() + "' the vault-init container reads; add it to vault.token.namespaces");
                }
                if (!s.vaultInit().tokenSecret().name().equals(v.token().secretName())
                        || !s.vaultInit().tokenSecret().key().equals(v.token().key())) {
                    add(path + ".vaultInit.tokenSecret", "reads Secret '" + s.vaultInit().tokenSecret().name() + "' key '"
                            + s.vaultInit().tokenSecret().key() + "', but the vault chart creates '" + v.token().secretName()
                            + "' key '" + v.token().key() + "'");
                }
            }
        });
    }

    /** The router: its supergraph source, its subgraphs against the services, its image and replicas. */
    private void checkRouter(PlatformSpec spec, boolean prod) {
        RouterSpec r = spec.router();
        if (!r.enabled()) {
            return;
        }
        checkNamespace(spec, "router.namespace", r.namespace());
        checkImage("router.image", r.image().repository(), r.image().tag(),
                ContainerImage.of("apollographql/router", "v2.7.0"), false);
        boolean schema = !r.supergraph().schema().isBlank();
        boolean urls = !r.supergraph().urls().isEmpty();
        if (schema == urls) {
            add("router.supergraph", schema
                    ? "both schema and urls are set; keep exactly one (the SDL in a ConfigMap, or APOLLO_ROUTER_SUPERGRAPH_URLS)"
                    : "set exactly one of schema (the composed supergraph SDL, `rover supergraph compose` output) and "
                            + "urls (where the router fetches it, APOLLO_ROUTER_SUPERGRAPH_URLS)");
        }
        for (int i = 0; i < r.supergraph().urls().size(); i++) {
            checkHttpUrl("router.supergraph.urls[" + i + "]", r.supergraph().urls().get(i));
        }
        new java.util.TreeMap<>(r.subgraphs()).forEach((name, url) -> {
            String path = "router.subgraphs." + name;
            if (!spec.services().containsKey(name)) {
                String hint = Suggestions.nearest(name, spec.services().keySet()).map(n -> " (did you mean '" + n + "'?)").orElse("");
                add(path, "'" + name + "' is not a declared service" + hint + "; subgraphs are the services: "
                        + String.join(", ", new java.util.TreeSet<>(spec.services().keySet())));
            }
            checkHttpUrl(path, url);
        });
        for (int i = 0; i < r.corsOrigins().size(); i++) {
            String origin = r.corsOrigins().get(i);
            if (!origin.matches("^https?://[^/]+$")) {
                add("router.corsOrigins[" + i + "]", "'" + origin + "' is not an origin (scheme://host[:port], no path)");
            } else if (prod && origin.startsWith("http://")) {
                add("router.corsOrigins[" + i + "]", "'" + origin + "' is plain http in prod; browsers reach the platform over TLS");
            }
        }
        checkReplicas("router", r.autoscaling(), prod);
        checkResources("router.resources", r.resources());
        checkProbes("router", r.probes());
    }

    /** The frontend and its Ingress: TLS in prod, hosts, the router it routes to. */
    private void checkWeb(PlatformSpec spec, boolean prod) {
        WebSpec w = spec.web();
        if (!w.enabled()) {
            return;
        }
        checkNamespace(spec, "web.namespace", w.namespace());
        checkImage("web.image", w.image().repository(), w.image().tag(), ContainerImage.of("neotool-web", "1.0.0"), !prod);
        WebSpec.Ingress in = w.ingress();
        if (in.enabled()) {
            if (in.hosts().isEmpty()) {
                add("web.ingress.hosts", "the Ingress needs at least one host (dev: neotool.local)");
            }
            for (int i = 0; i < in.hosts().size(); i++) {
                if (in.hosts().get(i).host().isBlank()) {
                    add("web.ingress.hosts[" + i + "].host", "empty host name");
                }
            }
            if (prod && !in.tls().enabled()) {
                add("web.ingress.tls.enabled", "an Ingress without TLS is not allowed in prod (policy rule 29); set "
                        + "tls: {enabled: true, secretName: <kubernetes.io/tls Secret>}");
            }
            if (in.tls().enabled() && in.tls().secretName().isBlank()) {
                add("web.ingress.tls.secretName", "TLS is enabled: name the kubernetes.io/tls Secret with the certificate");
            }
            if (!in.graphqlPath().isEmpty()) {
                RouterSpec r = spec.router();
                if (!r.enabled()) {
                    add("web.ingress.graphqlPath", "routes to the router, which is disabled; enable router or set graphqlPath: \"\"");
                } else {
                    if (!r.namespace().equals(w.namespace())) {
                        add("router.namespace", "the Ingress (namespace " + w.namespace() + ") can only route to a Service in "
                                + "its own namespace; put router and web in the same namespace");
                    }
                    if (!in.routerService().equals("router")) {
                        add("web.ingress.routerService", "'" + in.routerService() + "' is not the router chart's Service (router)");
                    }
                    if (!in.graphqlPath().equals(r.path())) {
                        add("web.ingress.graphqlPath", "'" + in.graphqlPath() + "' is not the router's GraphQL path ('" + r.path()
                                + "'); the Ingress passes the path through unchanged, so the router would answer 404");
                    }
                }
            }
        }
        Set<String> names = new HashSet<>(Set.of("PORT", "HOSTNAME", "NEXT_TELEMETRY_DISABLED",
                w.graphql().internalUrlEnv(), w.graphql().publicUrlEnv()));
        new java.util.TreeMap<>(w.env()).forEach((key, value) -> {
            String path = "web.env." + key;
            if (!key.matches(Names.ENV_NAME)) {
                add(path, "'" + key + "' is not a valid environment variable name");
            } else if (names.contains(key)) {
                add(path, key + " is set by the chart (port, graphql.*); change those keys instead");
            }
            if (SECRET_LIKE.matcher(key).matches()) {
                add(path, "'" + key + "' looks like a secret but has a literal value; the web chart takes no secrets in env");
            }
        });
        if (w.graphql().internalUrlEnv().equals(w.graphql().publicUrlEnv())) {
            add("web.graphql.publicUrlEnv", "the same variable as internalUrlEnv; the two URLs need two names");
        }
        checkReplicas("web", w.autoscaling(), prod);
        checkResources("web.resources", w.resources());
        checkProbes("web", w.probes());
        NetworkPolicySpec.Peer entry = spec.networkPolicy().entrypoints().get("web");
        if (spec.networkPolicy().enabled() && entry != null
                && (!entry.namespace().equals(w.namespace()) || (entry.port() != 0 && entry.port() != w.port()))) {
            add("networkPolicy.entrypoints.web", "lets the ingress controller reach " + entry.namespace() + " port " + entry.port()
                    + ", but web runs in " + w.namespace() + " on port " + w.port());
        }
    }

    private void checkNamespace(PlatformSpec spec, String path, String namespace) {
        if (!spec.namespaces().containsKey(namespace)) {
            add(path, "namespace '" + namespace + "' is not declared under namespaces: "
                    + String.join(", ", new java.util.TreeSet<>(spec.namespaces().keySet())));
        }
    }

    /** A component image: always an explicit tag (the component charts have no appVersion fallback). */
    private void checkImage(String path, ContainerImage image, ContainerImage example) {
        checkImage(path, image.repository(), image.tag(), example, false);
    }

    /**
     * An image at {@code path}: a repository, and an explicit tag that is never latest. {@code emptyTagMeansAppVersion}:
     * an empty tag is allowed, the chart's appVersion (web outside prod).
     */
    private void checkImage(String path, String repository, String tag, ContainerImage example,
                            boolean emptyTagMeansAppVersion) {
        if (repository.isBlank()) {
            add(path + ".repository", "set the image repository (e.g. " + example.repository() + ")");
        }
        if (tag.equals("latest")) {
            add(path + ".tag", "'latest' is not a pinned version; set a fixed image tag (e.g. " + example.tag() + ")");
        } else if (tag.isBlank() && !emptyTagMeansAppVersion) {
            add(path + ".tag", "an empty tag is not a pinned version; set a fixed image tag (e.g. " + example.tag() + ")");
        }
    }

    /** min within max even while autoscaling is off (it is wrong once switched on); in prod, at least 2 when on. */
    private void checkReplicas(String path, ServiceSpec.Autoscaling a, boolean prod) {
        if (a.minReplicas() > a.maxReplicas()) {
            add(path + ".autoscaling.minReplicas", "minReplicas (" + a.minReplicas() + ") is greater than maxReplicas ("
                    + a.maxReplicas() + ")");
        }
        if (prod && a.enabled() && a.minReplicas() < 2) {
            add(path + ".autoscaling.minReplicas", "prod needs at least 2 replicas under autoscaling, found " + a.minReplicas());
        }
    }

    private void checkProbes(String path, ServiceSpec.Probes probes) {
        if (probes.liveness().equals(probes.readiness())) {
            add(path + ".probes", "liveness and readiness probes are identical; a failing readiness would restart the pod");
        }
    }

    private void checkHttpUrl(String path, String url) {
        if (!url.matches("^https?://[^/\\s]+(/\\S*)?$")) {
            add(path, "'" + url + "' is not an http(s) URL");
        }
    }

    /** The observability stack against the environment: Loki's storage, Grafana's admin secret, pinned images. */
    private void checkObservability(PlatformSpec spec, boolean prod) {
        ObservabilitySpec o = spec.observability();
        if (!o.enabled()) {
            return;
        }
        checkNamespace(spec, "observability.namespace", o.namespace());
        String promtailNamespace = o.promtailNamespace();
        if (o.promtail().enabled() && !o.promtail().namespace().isEmpty()) {
            checkNamespace(spec, "observability.promtail.namespace", promtailNamespace);
        }
        if (o.promtail().enabled() && spec.namespaces().containsKey(promtailNamespace)
                && !spec.namespaces().get(promtailNamespace).podSecurity().equals("privileged")) {
            add("namespaces." + promtailNamespace + ".podSecurity", "Promtail reads hostPath /var/log/pods as root, which "
                    + "restricted and baseline forbid: its namespace '" + promtailNamespace + "' must be privileged (with a "
                    + "reason; keep it for Promtail alone, docs/observability.md), or set observability.promtail.enabled: false");
        }
        if (o.prometheus().enabled()) {
            checkImage("observability.prometheus.image", o.prometheus().image(), ObservabilitySpec.Prometheus.DEFAULTS.image());
        }
        if (o.grafana().enabled()) {
            checkImage("observability.grafana.image", o.grafana().image(), ObservabilitySpec.Grafana.DEFAULTS.image());
        }
        if (o.loki().enabled()) {
            checkImage("observability.loki.image", o.loki().image(), ObservabilitySpec.Loki.DEFAULTS.image());
        }
        if (o.promtail().enabled()) {
            checkImage("observability.promtail.image", o.promtail().image(), ObservabilitySpec.Promtail.DEFAULTS.image());
        }
        if (o.postgresExporter().enabled()) {
            checkImage("observability.postgresExporter.image", o.postgresExporter().image(),
                    ObservabilitySpec.PostgresExporter.DEFAULTS.image());
        }
        checkResources("observability.prometheus.resources", o.prometheus().resources());
        checkResources("observability.grafana.resources", o.grafana().resources());
        checkResources("observability.loki.resources", o.loki().resources());
        checkResources("observability.promtail.resources", o.promtail().resources());
        checkResources("observability.postgresExporter.resources", o.postgresExporter().resources());
        if (o.kafkaExporter().enabled()) {
            checkImage("observability.kafkaExporter.image", o.kafkaExporter().image(), ObservabilitySpec.KafkaExporter.DEFAULTS.image());
            KafkaSpec kafka = spec.kafka();
            if (!kafka.enabled()) {
                add("observability.kafkaExporter.enabled", "the Kafka exporter reads the kafka chart's brokers, and kafka.enabled "
                        + "is false; set observability.kafkaExporter.enabled: false");
            } else {
                if (!o.kafkaExporter().server().startsWith("kafka." + kafka.namespace() + ".")) {
                    add("observability.kafkaExporter.server", "'" + o.kafkaExporter().server() + "' is not the kafka chart's "
                            + "Service (kafka." + kafka.namespace() + ".svc.cluster.local:<port>, kafka.namespace)");
                }
                if (!o.networkPolicy().kafkaNamespace().equals(kafka.namespace())) {
                    add("observability.networkPolicy.kafkaNamespace", "'" + o.networkPolicy().kafkaNamespace() + "' is not "
                            + "Kafka's namespace (kafka.namespace: " + kafka.namespace() + ")");
                }
            }
        }
        checkResources("observability.kafkaExporter.resources", o.kafkaExporter().resources());
        if (o.kubeStateMetrics().enabled()) {
            checkImage("observability.kubeStateMetrics.image", o.kubeStateMetrics().image(),
                    ObservabilitySpec.KubeStateMetrics.DEFAULTS.image());
            List<String> collectors = o.kubeStateMetrics().collectors();
            for (int i = 0; i < collectors.size(); i++) {
                if (!ObservabilitySpec.KSM_COLLECTORS.containsKey(collectors.get(i))) {
                    add("observability.kubeStateMetrics.collectors[" + i + "]", "'" + collectors.get(i) + "' is not one of "
                            + new java.util.TreeSet<>(ObservabilitySpec.KSM_COLLECTORS.keySet()));
                }
            }
        }
        checkResources("observability.kubeStateMetrics.resources", o.kubeStateMetrics().resources());
        ObservabilitySpec.Loki loki = o.loki();
        if (loki.enabled()) {
            if (prod && loki.storageType().equals("filesystem")) {
                add("observability.loki.storageType", "Loki on the filesystem keeps every log on one node's volume: not "
                        + "allowed in prod; set observability.loki.storageType: s3 with s3.secretName (Cloudflare R2, "
                        + "docs/observability.md)");
            }
            if (loki.storageType().equals("s3") && loki.s3().secretName().isBlank()) {
                add("observability.loki.s3.secretName", "Loki on s3 needs the Secret with endpoint, access-key-id and "
                        + "secret-access-key (created by the operator in " + o.namespace() + "); name it here");
            }
        }
        if (prod && o.grafana().enabled() && o.grafana().admin().existingSecret().isBlank()) {
            add("observability.grafana.admin.existingSecret", "prod takes Grafana's admin password from an existing Secret "
                    + "(key admin-password) made by the operator; name it here");
        }
        ObservabilitySpec.PostgresExporter exporter = o.postgresExporter();
        if (exporter.enabled() && (exporter.passwordSecret().name().isBlank() || exporter.passwordSecret().key().isBlank())) {
            add("observability.postgresExporter.passwordSecret", "name the Secret and key holding the password of user '"
                    + exporter.user() + "'");
        }
    }

    /**
     * The postgres chart's monitoring role and Secret against what the PostgreSQL exporter reads: the chart writes
     * the Secret, so the namespace, name, key and user must be the exporter's, or it starts without credentials.
     */
    private void checkMonitoringCredentials(PlatformSpec spec) {
        PostgresSpec pg = spec.postgres();
        PostgresSpec.Monitoring mon = pg.monitoring();
        if (!pg.enabled() || !mon.enabled() || !spec.observability().enabled()) {
            return; // without observability: ComponentReferences says to turn monitoring off
        }
        if (mon.user().equals(pg.auth().superuser())) {
            add("postgres.monitoring.user", "'" + mon.user() + "' is the superuser; the exporter gets a role of its own "
                    + "(member of pg_monitor only)");
        }
        pg.databases().forEach((db, database) -> {
            if (mon.user().equals(database.owner())) {
                add("postgres.monitoring.user", "'" + mon.user() + "' owns database '" + db + "' (postgres.databases."
                        + db + ".owner); the monitoring role must not own data");
            }
        });
        if (mon.key().isBlank()) {
            add("postgres.monitoring.key", "name the key of the password in Secret '" + mon.secretName() + "'");
        }
        checkNamespace(spec, "postgres.monitoring.namespace", mon.namespace());
        ObservabilitySpec o = spec.observability();
        ObservabilitySpec.PostgresExporter exporter = o.postgresExporter();
        if (!o.enabled() || !exporter.enabled()) {
            return;
        }
        if (!mon.namespace().equals(o.namespace())) {
            add("postgres.monitoring.namespace", "'" + mon.namespace() + "' is not the exporter's namespace (observability.namespace: "
                    + o.namespace() + "); the exporter would not find the Secret");
        }
        if (!mon.secretName().equals(exporter.passwordSecret().name())) {
            add("postgres.monitoring.secretName", "'" + mon.secretName() + "' is not the Secret the exporter reads "
                    + "(observability.postgresExporter.passwordSecret.name: " + exporter.passwordSecret().name() + ")");
        }
        if (!mon.key().equals(exporter.passwordSecret().key())) {
            add("postgres.monitoring.key", "'" + mon.key() + "' is not the key the exporter reads "
                    + "(observability.postgresExporter.passwordSecret.key: " + exporter.passwordSecret().key() + ")");
        }
        if (!mon.user().equals(exporter.user())) {
            add("postgres.monitoring.user", "'" + mon.user() + "' is not the exporter's user (observability.postgresExporter.user: "
                    + exporter.user() + "); it would log in as a role the init script does not create");
        }
    }

    private void checkDatabaseEnv(String path, String name, ServiceSpec s) {
        if (s.hasDatabase() && DATABASE_ENV.contains(name)) {
            add(path, name + " comes from the database Secret (database.name is set); remove it here");
        }
    }

    /**
     * Every service with a database names one the postgres chart creates, and the credentials Secrets the chart writes
     * into the services' namespaces are for declared databases and do not collide.
     */
    private void checkDatabaseCredentials(PlatformSpec spec) {
        PostgresSpec pg = spec.postgres();
        new java.util.TreeMap<>(spec.services()).forEach((name, s) -> {
            if (!s.hasDatabase()) {
                return;
            }
            String path = "services." + name + ".database.name";
            if (!pg.enabled()) {
                add(path, "service " + name + " has database '" + s.database().name() + "' but postgres.enabled is false; "
                        + "enable postgres or remove the database");
            } else {
                checkDatabaseName(path, s.database().name(), pg);
            }
        });
        if (!pg.enabled()) {
            return;
        }
        Map<String, PostgresSpec.ServiceSecret> serviceSecrets = pg.resolved(spec).serviceSecrets();
        new java.util.TreeMap<>(spec.services()).forEach((name, s) -> {
            if (!s.hasDatabase()) {
                return;
            }
            ServiceSpec.Database db = s.resolved(name).database();
            PostgresSpec.ServiceSecret written = serviceSecrets.get(name);
            if (written == null || !written.secretName().equals(db.secretName()) || !written.namespace().equals(s.namespace())
                    || !written.database().equals(db.name())) {
                add("services." + name + ".database", "service " + name + " reads database " + db.name() + " from Secret "
                        + s.namespace() + "/" + db.secretName() + ", but postgres.serviceSecrets." + name + " "
                        + (written == null ? "does not exist" : "writes " + written.database() + " into " + written.namespace()
                                + "/" + written.secretName()) + "; leave postgres.serviceSecrets empty (derived) or make them agree");
            }
        });
        java.util.Map<String, String> written = new java.util.TreeMap<>();
        new java.util.TreeMap<>(serviceSecrets).forEach((service, secret) -> {
            String path = "postgres.serviceSecrets." + service;
            checkDatabaseName(path + ".database", secret.database(), pg);
            if (!secret.namespace().isEmpty()) {
                checkNamespace(spec, path + ".namespace", secret.namespace());
            }
            if (secret.secretName().isBlank()) {
                add(path + ".secretName", "name the Secret the service reads its database credentials from");
            }
            String where = (secret.namespace().isEmpty() ? "(the release namespace)" : secret.namespace()) + "/"
                    + secret.secretName();
            String other = written.putIfAbsent(where, service);
            if (other != null) {
                add(path + ".secretName", "Secret " + where + " is already the database credentials of " + other
                        + "; give each service its own (services.<name>.database.secretName)");
            }
        });
    }

    private void checkDatabaseName(String path, String database, PostgresSpec pg) {
        if (!pg.databases().containsKey(database)) {
            String hint = Suggestions.nearest(database, pg.databases().keySet()).map(n -> " (did you mean '" + n + "'?)").orElse("");
            add(path, "'" + database + "' is not a database of postgres.databases" + hint + ": "
                    + String.join(", ", new java.util.TreeSet<>(pg.databases().keySet())));
        }
    }

    /**
     * PostgreSQL's max_connections against what the platform opens: PgBouncer's pools on every pod, the exporter,
     * admin sessions and the superuser's reserved slots. Too few and connections fail with "too many clients".
     */
    private void checkConnectionBudget(PostgresSpec pg) {
        PostgresSpec.Connections c = pg.connections();
        PostgresSpec.PgBouncer b = pg.pgbouncer();
        int budget = pg.connectionBudget();
        if (c.max() < budget) {
            String pools = b.enabled()
                    ? pg.databases().size() + " databases x " + b.serverConnectionsPerDatabase() + " (defaultPoolSize "
                            + b.defaultPoolSize() + " + reservePoolSize " + b.reservePoolSize()
                            + (b.maxDbConnections() > 0 && b.maxDbConnections() < b.defaultPoolSize() + b.reservePoolSize()
                                    ? ", capped by maxDbConnections " + b.maxDbConnections() : "")
                            + ") x " + b.replicas() + " PgBouncer replicas = " + pg.pgbouncerConnections()
                    : "no PgBouncer: 0";
            add("postgres.connections.max", "max_connections " + c.max() + " does not cover the connection budget of "
                    + budget + ": " + pools + ", + monitoring " + (pg.monitoring().enabled() ? c.monitoring() : 0)
                    + " + admin " + c.admin() + " + superuserReserved " + c.superuserReserved()
                    + "; raise postgres.connections.max to at least " + budget + " or make the pools smaller");
        }
    }

    /**
     * A service's object storage egress needs a provider the NetworkPolicy can express: the in-cluster MinIO (so the
     * minio chart must run, in the namespace the policy names) or R2 on the internet; CIDRs excluded from the
     * services' and Loki's internet egress must be IPv4 CIDRs.
     */
    private void checkObjectStorageEgress(PlatformSpec spec) {
        new java.util.TreeMap<>(spec.services()).forEach((name, s) -> {
            if (s.networkPolicy().enabled()) {
                checkObjectStorageEgress(spec, "services." + name + ".networkPolicy.objectStorage", s.networkPolicy().objectStorage());
            }
        });
        PostgresSpec pg = spec.postgres();
        if (pg.enabled() && pg.backup().enabled()) {
            checkObjectStorageEgress(spec, "postgres.backup.objectStorage", pg.backup().objectStorage());
        }
        ObservabilitySpec o = spec.observability();
        MinioSpec minio = spec.minio();
        ObservabilitySpec.Loki loki = o.loki();
        if (o.enabled() && loki.enabled() && loki.storageType().equals("s3")) {
            if (spec.global().objectStorage().provider().equals("minio")) {
                checkMinioPeer("observability.loki.s3", loki.s3().minio(), minio);
                if (minio.enabled() && (!minio.clientSecret().name().equals(loki.s3().secretName())
                        || !minio.clientSecret().namespaces().contains(o.namespace()))) {
                    add("observability.loki.s3.secretName", "'" + loki.s3().secretName() + "' in " + o.namespace()
                            + " is not written by the minio chart (minio.clientSecret: " + minio.clientSecret().name() + " in "
                            + minio.clientSecret().namespaces() + "); name its Secret and add " + o.namespace()
                            + " to minio.clientSecret.namespaces");
                }
                if (minio.enabled() && !minio.buckets().contains(loki.s3().bucket())) {
                    add("observability.loki.s3.bucket", "'" + loki.s3().bucket() + "' is not among the buckets the minio "
                            + "chart creates (minio.buckets: " + minio.buckets() + "); add it there");
                }
            }
            checkCidrs("observability.loki.s3.exceptCidrs", loki.s3().exceptCidrs());
        }
    }

    private void checkObjectStorageEgress(PlatformSpec spec, String path, ServiceSpec.ObjectStorage os) {
        if (!os.enabled()) {
            return;
        }
        String provider = spec.global().objectStorage().provider();
        MinioSpec minio = spec.minio();
        if (provider.equals("minio")) {
            checkMinioPeer(path, os.minio(), minio);
        }
        checkCidrs(path + ".exceptCidrs", os.exceptCidrs());
    }

    /** A consumer's egress to the in-cluster MinIO (provider minio) must name the minio chart's pods. */
    private void checkMinioPeer(String path, NetworkPolicySpec.Peer peer, MinioSpec minio) {
        if (!minio.enabled()) {
            add(path, "global.objectStorage.provider is minio but minio.enabled is false: the NetworkPolicy can only "
                    + "allow the in-cluster MinIO; enable minio, use provider r2, or add an egress peer for your MinIO");
        } else if (!peer.namespace().equals(minio.namespace()) || !peer.app().equals("minio") || peer.port() != 9000) {
            add(path + ".minio", "'" + peer.namespace() + "/" + peer.app() + ":" + peer.port()
                    + "' is not the minio chart's pods (" + minio.namespace() + "/minio:9000, minio.namespace)");
        }
    }

    private void checkCidrs(String path, List<String> cidrs) {
        for (int i = 0; i < cidrs.size(); i++) {
            if (!cidrs.get(i).matches("^([0-9]{1,3}\\.){3}[0-9]{1,3}/[0-9]{1,2}$")) {
                add(path + "[" + i + "]", "'" + cidrs.get(i) + "' is not an IPv4 CIDR (e.g. 10.0.0.0/8)");
            }
        }
    }

    /** The replication role is a role of its own: not the superuser, a database owner or the monitoring role. */
    private void checkReplication(PostgresSpec pg) {
        PostgresSpec.Replication r = pg.replication();
        if (!r.enabled()) {
            return;
        }
        if (r.user().equals(pg.auth().superuser())) {
            add("postgres.replication.user", "'" + r.user() + "' is the superuser; the replicas connect as a role of their own");
        }
        pg.databases().forEach((db, database) -> {
            if (database.owner().equals(r.user())) {
                add("postgres.replication.user", "'" + r.user() + "' owns database '" + db + "' (postgres.databases." + db
                        + ".owner); the replication role must not own data");
            }
        });
        if (pg.monitoring().enabled() && pg.monitoring().user().equals(r.user())) {
            add("postgres.replication.user", "'" + r.user() + "' is also postgres.monitoring.user; give each its own role");
        }
    }

    /**
     * The backup CronJob needs object storage it can reach and write: its bucket among MinIO's buckets and the
     * object-storage Secret written into the postgres namespace (dev), or a Secret name for R2 (prod, the operator's).
     */
    private void checkBackup(PlatformSpec spec) {
        PostgresSpec pg = spec.postgres();
        PostgresSpec.Backup backup = pg.backup();
        if (!pg.enabled() || !backup.enabled()) {
            return;
        }
        checkImage("postgres.backup.clientImage", backup.clientImage(), PostgresSpec.Backup.DEFAULTS.clientImage());
        checkResources("postgres.backup.resources", backup.resources());
        checkBucket("postgres.backup.bucket", backup.bucket());
        if (!backup.schedule().trim().matches("^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|(\\S+\\s+){4}\\S+)$")) {
            add("postgres.backup.schedule", "'" + backup.schedule() + "' is not a cron schedule (five fields, e.g. '0 3 * * *')");
        }
        if (pg.databases().isEmpty()) {
            add("postgres.backup.enabled", "postgres.databases is empty: there is nothing to back up");
        }
        MinioSpec minio = spec.minio();
        PlatformSpec.ObjectStorage storage = spec.global().objectStorage();
        if (storage.provider().equals("minio") && minio.enabled()) {
            if (!minio.buckets().contains(backup.bucket())) {
                add("postgres.backup.bucket", "'" + backup.bucket() + "' is not one of minio.buckets " + minio.buckets()
                        + ": add it there so MinIO creates it");
            }
            if (!minio.clientSecret().namespaces().contains(pg.namespace())) {
                add("minio.clientSecret.namespaces", "does not hold '" + pg.namespace() + "', where the PostgreSQL backup "
                        + "reads Secret '" + storage.secretName() + "'; add it");
            }
            if (!minio.clientSecret().name().equals(storage.secretName())) {
                add("postgres.backup.enabled", "the backup reads Secret '" + storage.secretName()
                        + "' (global.objectStorage.secretName) but MinIO writes '" + minio.clientSecret().name()
                        + "' (minio.clientSecret.name)");
            }
        }
    }

    private static String trimSlashes(String path) {
        return path.replaceAll("^/+|/+$", "");
    }

    /** PostgreSQL/PgBouncer, Kafka, MinIO and object storage: settings the charts cannot deploy. */
    private void checkDataComponents(PlatformSpec spec, boolean prod) {
        PostgresSpec pg = spec.postgres();
        if (pg.enabled()) {
            checkNamespace(spec, "postgres.namespace", pg.namespace());
            checkImage("postgres.image", pg.image(), PostgresSpec.DEFAULTS.image());
            checkResources("postgres.resources", pg.resources());
            pg.databases().forEach((db, database) -> {
                String path = "postgres.databases." + db;
                if (!db.matches(PostgresSpec.SQL_NAME)) {
                    add(path, "database name '" + db + "' must be lower case letters, digits and '_' (at most 63, "
                            + "not starting with a digit)");
                }
                if (database.owner().isBlank()) {
                    add(path + ".owner", "name the login role that owns database '" + db + "'");
                } else if (database.owner().equals(pg.auth().superuser())) {
                    add(path + ".owner", "'" + database.owner() + "' is the superuser; give the database its own role");
                }
            });
            if (pg.pgbouncer().enabled()) {
                checkImage("postgres.pgbouncer.image", pg.pgbouncer().image(), PostgresSpec.DEFAULTS.pgbouncer().image());
                checkResources("postgres.pgbouncer.resources", pg.pgbouncer().resources());
            }
            checkConnectionBudget(pg);
            checkReplication(pg);
        }
        KafkaSpec kafka = spec.kafka();
        if (kafka.enabled()) {
            checkNamespace(spec, "kafka.namespace", kafka.namespace());
            checkImage("kafka.image", kafka.image(), KafkaSpec.DEFAULTS.image());
            checkResources("kafka.resources", kafka.resources());
            if (kafka.replicas() % 2 == 0) {
                add("kafka.replicas", "an even number of Kafka nodes (" + kafka.replicas() + ") cannot keep a controller "
                        + "majority through the loss of half of them; use an odd number (1, 3 or 5)");
            } else if (kafka.replicas() > 1 && kafka.maxUnavailable() > (kafka.replicas() - 1) / 2) {
                add("kafka.maxUnavailable", "with " + kafka.replicas() + " nodes at most " + (kafka.replicas() - 1) / 2
                        + " may be down at once, or the controller quorum is lost");
            }
        }
        MinioSpec minio = spec.minio();
        if (minio.enabled()) {
            checkNamespace(spec, "minio.namespace", minio.namespace());
            checkImage("minio.image", minio.image(), MinioSpec.DEFAULTS.image());
            checkImage("minio.clientImage", minio.clientImage(), MinioSpec.DEFAULTS.clientImage());
            checkResources("minio.resources", minio.resources());
            if (prod) {
                add("minio.enabled", "MinIO is for dev only; prod uses Cloudflare R2: set minio.enabled: false and "
                        + "global.objectStorage.provider: r2");
            }
            for (int i = 0; i < minio.buckets().size(); i++) {
                checkBucket("minio.buckets[" + i + "]", minio.buckets().get(i));
            }
            for (int i = 0; i < minio.clientSecret().namespaces().size(); i++) {
                checkNamespace(spec, "minio.clientSecret.namespaces[" + i + "]", minio.clientSecret().namespaces().get(i));
            }
        }
        PlatformSpec.ObjectStorage storage = spec.global().objectStorage();
        if (storage.provider().equals("r2") && storage.secretName().isBlank()) {
            add("global.objectStorage.secretName", "Cloudflare R2 needs the name of the Secret holding its endpoint, "
                    + "access-key-id and secret-access-key (created by the operator in each consumer namespace)");
        }
        storage.buckets().forEach((purpose, bucket) -> checkBucket("global.objectStorage.buckets." + purpose, bucket));
    }

    private void checkBucket(String path, String bucket) {
        if (!bucket.matches("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")) {
            add(path, "'" + bucket + "' is not a valid bucket name (3 to 63 lower case letters, digits, '.', '-')");
        }
    }

    private void checkEnvName(String path, String name, Set<String> seen) {
        if (!name.matches(Names.ENV_NAME)) {
            add(path, "'" + name + "' is not a valid environment variable name");
        }
        if (PLATFORM_ENV.contains(name)) {
            add(path, name + " is set from platform.*; change platform instead of setting it again");
        }
        if (!seen.add(name)) {
            add(path, name + " is set in both env and secretEnv");
        }
    }

    private void checkResources(String path, ServiceSpec.Resources r) {
        compare(path, "cpu", r.requests().cpu(), r.limits().cpu());
        compare(path, "memory", r.requests().memory(), r.limits().memory());
    }

    private void compare(String path, String what, String request, String limit) {
        BigDecimal req = Quantity.parse(request);
        BigDecimal lim = Quantity.parse(limit);
        if (req != null && lim != null && req.compareTo(lim) > 0) {
            add(path + ".requests." + what, what + " request " + request + " is more than its limit " + limit);
        }
    }

    /**
     * Entries an environment adds to a map of records (a service, a namespace...) that the base spec does not
     * declare: an environment overrides what the base declares, so a new name there is a typo or belongs in the base.
     */
    List<SpecProblem> entriesMissingFromBase(Object base, Object environment, String path) {
        if (base instanceof Record b && environment instanceof Record e && b.getClass() == e.getClass()) {
            for (RecordComponent c : b.getClass().getRecordComponents()) {
                entriesMissingFromBase(RecordBinder.accessor(c, b), RecordBinder.accessor(c, e), RecordBinder.join(path, c.getName()));
            }
        } else if (base instanceof Map<?, ?> b && environment instanceof Map<?, ?> e) {
            e.forEach((key, value) -> {
                String childPath = RecordBinder.join(path, String.valueOf(key));
                if (b.containsKey(key)) {
                    entriesMissingFromBase(b.get(key), value, childPath);
                } else if (value instanceof Record) {
                    List<String> names = b.keySet().stream().map(String::valueOf).toList();
                    String hint = Suggestions.nearest(String.valueOf(key), names).map(n -> "did you mean '" + n + "'? ").orElse("");
                    add(childPath, "'" + key + "' is not in the base spec; " + hint + "an environment overrides only what the base "
                            + "declares" + (names.isEmpty() ? "" : " (" + String.join(", ", names) + ")")
                            + ": fix the name, or declare it in the base spec");
                }
            });
        }
        return problems;
    }

    /** The {@link Doc} constraints (oneOf, min, max, pattern) of every key, recursively. */
    private void checkConstraints(Object value, String path) {
        if (value instanceof Record record) {
            for (RecordComponent c : record.getClass().getRecordComponents()) {
                Object child = RecordBinder.accessor(c, record);
                String childPath = RecordBinder.join(path, c.getName());
                Doc doc = c.getAnnotation(Doc.class);
                if (doc != null) {
                    checkDoc(doc, child, childPath);
                }
                checkConstraints(child, childPath);
            }
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> checkConstraints(v, RecordBinder.join(path, String.valueOf(k))));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                checkConstraints(list.get(i), path + "[" + i + "]");
            }
        }
    }

    private void checkDoc(Doc doc, Object value, String path) {
        if (value instanceof String s) {
            if (doc.oneOf().length > 0 && !Arrays.asList(doc.oneOf()).contains(s)) {
                String hint = Suggestions.nearest(s, Arrays.asList(doc.oneOf())).map(n -> " (did you mean '" + n + "'?)").orElse("");
                add(path, "'" + s + "' is not one of " + String.join(", ", doc.oneOf()) + hint);
            }
            if (doc.pattern().equals(Quantity.PATTERN)) {
                String problem = Quantity.problem(s);
                if (problem != null && !s.isEmpty()) {
                    add(path, "'" + s + "' " + problem);
                }
            } else if (!doc.pattern().isEmpty() && !s.isEmpty() && !Pattern.compile(doc.pattern()).matcher(s).matches()) {
                add(path, "'" + s + "' " + describePattern(doc.pattern()));
            }
        } else if (value instanceof Number n) {
            long v = n.longValue();
            if (v < doc.min()) {
                add(path, v + " is below the minimum " + doc.min());
            }
            if (v > doc.max()) {
                add(path, v + " is above the maximum " + doc.max());
            }
        }
    }

    private static String describePattern(String pattern) {
        String image = ImageReference.describe(pattern);
        if (image != null) {
            return image;
        }
        if (pattern.equals(Names.DNS_1123_LABEL) || pattern.equals(Names.DNS_1123_SUBDOMAIN)) {
            return "is not a DNS-1123 name (lower case letters, digits, '-')";
        }
        return "does not match " + pattern;
    }

    private void add(String path, String message) {
        int[] at = position(path);
        problems.add(new SpecProblem(file, at[0], at[1], path, message));
    }

    /** Where {@code path} is in the file, or its nearest written ancestor (defaults have no line). */
    private int[] position(String path) {
        String p = path;
        while (!p.isEmpty()) {
            int[] at = positions.get(p);
            if (at != null) {
                return at;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
        return positions.getOrDefault("", new int[] {0, 0});
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
