package io.neotool.charts.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cross-component checks of a spec, in one place: a part of the spec that points at a component the spec turns
 * off (the PostgreSQL monitoring Secret without observability, a service's Vault address without Vault, ...), or a
 * NetworkPolicy peer in a namespace the spec does not declare. Every problem says what to set. Addresses the spec
 * leaves at their defaults never trip these ({@link PlatformAddresses} derives them from what is on); only what the
 * spec writes itself does.
 */
final class ComponentReferences {
    /** A problem at a key path of the spec. */
    record Problem(String path, String message) {}

    private static final Pattern KEYWORD = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]*$");

    private final PlatformSpec spec;
    private final Set<String> said;
    private final List<Problem> problems = new ArrayList<>();

    /** The namespaces where something of the platform runs: the services' and those of the components that are on. */
    private final Set<String> inUse = new TreeSet<>();

    /** A component that is off, in a namespace where nothing else of the platform runs, and a host there. */
    private record Off(String chart, String namespace, Pattern host) {}

    private final List<Off> offNamespaces = new ArrayList<>();

    private ComponentReferences(PlatformSpec spec, Set<String> said) {
        this.spec = spec;
        this.said = said;
        spec.services().values().forEach(s -> inUse.add(s.namespace()));
        Map<Component, String> off = new LinkedHashMap<>();
        for (Component c : Components.SUBCHARTS) { // a section is resolved once: the router's reads its supergraph
            String ns = c.namespaceIn(spec);
            if (c.enabledIn(spec)) {
                inUse.add(ns);
            } else if (ns != null) {
                off.put(c, ns);
            }
        }
        off.forEach((c, ns) -> {
            if (!inUse.contains(ns)) {
                offNamespaces.add(new Off(c.chart(), ns, host(null, ns)));
            }
        });
    }

    /** @param said namespaces already said to be undeclared, where a component or service lives: not said again */
    static List<Problem> check(PlatformSpec spec, Set<String> said) {
        ComponentReferences checks = new ComponentReferences(spec, said);
        checks.chartMetadata();
        NetworkPolicySpec.Peer scraper = spec.networkPolicy().metricsScraper();
        if (!scraper.app().isEmpty()) {
            // the cluster's Prometheus, like its ingress controller: a namespace of the cluster's, declared or not
            checks.peer("networkPolicy.metricsScraper", scraper, false);
        }
        checks.monitoring();
        checks.objectStorage();
        new TreeMap<>(spec.services()).forEach(checks::service);
        checks.vaultNamespaces();
        return checks.problems;
    }

    private void add(String path, String message) {
        problems.add(new Problem(path, message));
    }

    /** Keywords and maintainers go into every Chart.yaml as they are written. */
    private void chartMetadata() {
        List<String> keywords = spec.chart().keywords();
        for (int i = 0; i < keywords.size(); i++) {
            if (!KEYWORD.matcher(keywords.get(i)).matches()) {
                add("chart.keywords[" + i + "]", "'" + keywords.get(i) + "' is not a keyword: letters, digits, '.', '_', '-'");
            }
        }
        List<PlatformSpec.Maintainer> maintainers = spec.chart().maintainers();
        for (int i = 0; i < maintainers.size(); i++) {
            if (maintainers.get(i).name().isBlank()) {
                add("chart.maintainers[" + i + "].name", "a maintainer needs a name (Helm requires it)");
            }
        }
    }

    /** The PostgreSQL monitoring role and its Secret exist for the observability chart's exporter. */
    private void monitoring() {
        PostgresSpec pg = spec.postgres();
        ObservabilitySpec o = spec.observability();
        if (pg.enabled() && pg.monitoring().enabled() && !(o.enabled() && o.postgresExporter().enabled())) {
            add("postgres.monitoring.enabled", "the monitoring role's password Secret is for the PostgreSQL exporter, and "
                    + (o.enabled() ? "observability.postgresExporter.enabled" : "observability.enabled") + " is false; "
                    + "set postgres.monitoring.enabled: false");
        }
        if (o.enabled() && o.postgresExporter().enabled() && !pg.enabled()) {
            add("observability.postgresExporter.enabled", "the PostgreSQL exporter reads the postgres chart's server, and "
                    + "postgres.enabled is false; set observability.postgresExporter.enabled: false");
        } else if (o.enabled() && o.postgresExporter().enabled() && !pg.monitoring().enabled()) {
            // the role, the copy of its password and the exporter's way into PostgreSQL's namespace come with monitoring
            add("observability.postgresExporter.enabled", "the PostgreSQL exporter logs in as the postgres chart's "
                    + "monitoring role, and postgres.monitoring.enabled is false; set postgres.monitoring.enabled: true "
                    + "(with postgres.auth.existingSecret the password Secrets are yours), or "
                    + "observability.postgresExporter.enabled: false");
        }
    }

    /** Object storage on the in-cluster MinIO needs the minio chart in the same environment. */
    private void objectStorage() {
        if (!spec.global().objectStorage().provider().equals("minio") || spec.minio().enabled()) {
            return;
        }
        List<String> consumers = new ArrayList<>();
        new TreeMap<>(spec.services()).forEach((name, s) -> {
            if (s.networkPolicy().objectStorage().enabled()) {
                consumers.add("services." + name + ".networkPolicy.objectStorage");
            }
        });
        if (spec.postgres().enabled() && spec.postgres().backup().enabled()) {
            consumers.add("postgres.backup");
        }
        ObservabilitySpec o = spec.observability();
        if (o.lokiOnS3()) {
            consumers.add("observability.loki");
        }
        if (!consumers.isEmpty()) {
            add("global.objectStorage.provider", "provider minio is the minio chart, and minio.enabled is false, but "
                    + String.join(", ", consumers) + (consumers.size() == 1 ? " uses" : " use") + " object storage; set "
                    + "minio.enabled: true, or global.objectStorage.provider: r2 or s3 (Cloudflare R2, or another S3 "
                    + "service such as Amazon S3 or a MinIO of your own over HTTPS) with global.objectStorage.secretName");
        }
    }

    /** A service's addresses and NetworkPolicy peers name only components that are on, in declared namespaces. */
    private void service(String name, ServiceSpec s) {
        String path = "services." + name;
        ServiceSpec.Platform p = s.platform();
        // with a database, ServiceRules says what its host must be
        if (!p.postgres().host().isEmpty() && !pgbouncerOn() && !(spec.postgres().enabled() && s.hasDatabase())
                && host("pgbouncer", spec.postgres().namespace()).matcher(p.postgres().host()).find()) {
            add(path + ".platform.postgres.host", "'" + p.postgres().host() + "' is the postgres chart's PgBouncer, and "
                    + (spec.postgres().enabled() ? "postgres.pgbouncer.enabled is false; remove the host"
                            : "postgres is off; set services." + name + ".platform.postgres.host: \"\" (or enable postgres)"));
        }
        if (!p.kafka().bootstrapServers().isEmpty() && !spec.kafka().enabled()
                && host("kafka", spec.kafka().namespace()).matcher(p.kafka().bootstrapServers()).find()) {
            add(path + ".platform.kafka.bootstrapServers", "'" + p.kafka().bootstrapServers() + "' is the kafka chart's "
                    + "Service, and kafka.enabled is false; set services." + name + ".platform.kafka.bootstrapServers: \"\"");
        }
        if (s.vaultInit().enabled() && p.vault().enabled() && !spec.vault().enabled()) { // without vaultInit, no Vault is used
            add(path + ".platform.vault.enabled", "Vault is off (vault.enabled: false); set services." + name
                    + ".platform.vault.enabled: false");
        }
        offComponentAddresses(path, s);
        serviceAddressPorts(path, s);
        ServiceSpec.NetworkPolicy np = s.networkPolicy();
        if (!np.enabled()) {
            return;
        }
        kafkaEgress(path, s);
        Map<String, NetworkPolicySpec.Peer> ingress = new TreeMap<>(np.ingress());
        NetworkPolicySpec.Peer scraper = spec.networkPolicy().metricsScraper();
        // the platform's Prometheus, copied here: checked once, at its own key
        ingress.remove("prometheus", new NetworkPolicySpec.Peer(scraper.namespace(), scraper.app(), 0));
        peers(path + ".networkPolicy.ingress", ingress);
        peers(path + ".networkPolicy.egress", np.egress());
        if (np.objectStorage().enabled() && spec.onMinio()) {
            peer(path + ".networkPolicy.objectStorage.minio", np.objectStorage().minio(), true);
        }
    }

    /**
     * A service given Kafka brokers other than the kafka chart's (bootstrap servers kept as written) reaches them only
     * where its NetworkPolicy lets it: the kafka egress peer is the kafka chart's pods, so without more the policy lets
     * the service reach DNS alone, and the build would pass with a service that never connects. Brokers in another
     * namespace of the cluster (an operator's Kafka: {@code name.namespace} of a declared namespace, or a host under
     * {@code .svc} or {@code .cluster.local}) need an egress peer in that namespace; brokers outside the cluster their port
     * among the {@code networkPolicy.internet} ports or those of an address range ({@code networkPolicy.addresses}); brokers
     * given by IPv4 or IPv6 address an address range that holds them with the port, or the internet's ports with no
     * excluded range holding them. A host of one label is the service's own namespace.
     */
    private void kafkaEgress(String path, ServiceSpec s) {
        String servers = s.platform().kafka().bootstrapServers();
        if (servers.isBlank() || !spec.global().networkPolicy().enabled()) { // the service's own policy is on here
            return;
        }
        String chartsNamespace = spec.kafka().namespace(); // with the chart off, ComponentReferences says so
        Set<String> declared = declared();
        Set<Integer> closed = new TreeSet<>();
        Set<String> unreached = new TreeSet<>();
        Set<String> unreachable = new TreeSet<>();
        for (String server : servers.split(",")) {
            String address = server.trim().toLowerCase(Locale.ROOT).replaceFirst("^[a-z_]+://", "");
            int colon = address.lastIndexOf(':');
            if (address.isEmpty() || colon < address.lastIndexOf(']')) {
                colon = -1; // a bracketed IPv6 address without a port
            }
            String host = (colon < 0 ? address : address.substring(0, colon)).replaceAll("\\.$", "");
            String port = colon < 0 ? "9092" : address.substring(colon + 1);
            if (host.isEmpty() || !port.matches("\\d{1,5}")) {
                continue;
            }
            boolean ipv6 = host.startsWith("[") || host.contains(":"); // an address outside, as an IPv4 one is
            String local = ipv6 ? host : host.replaceFirst("\\.svc(\\.cluster\\.local)?$|\\.cluster\\.local$", "");
            String[] labels = ipv6 ? new String[] {host} : local.split("\\.");
            String namespace = labels[labels.length - 1];
            boolean inCluster = !ipv6 && (!local.equals(host) || labels.length == 1
                    || (labels.length == 2 && (declared.contains(namespace) || namespace.equals(chartsNamespace))));
            int tcp = Integer.parseInt(port);
            String literal = host.replaceAll("^\\[|\\]$", "");
            if (Cidr.address(literal).isPresent()) {
                if (!reaches(s.networkPolicy(), literal, tcp)) {
                    unreachable.add(server.trim());
                }
            } else if (!inCluster && !s.networkPolicy().internet().ports().contains(tcp)
                    && s.networkPolicy().addresses().stream().noneMatch(a -> a.ports().contains(tcp))) {
                closed.add(tcp);
            } else if (inCluster && labels.length > 1 && !namespace.equals(chartsNamespace)
                    && s.networkPolicy().egress().values().stream().noneMatch(peer -> peer.namespace().equals(namespace))) {
                unreached.add(namespace);
            }
        }
        String at = path + ".platform.kafka.bootstrapServers";
        if (!unreachable.isEmpty()) {
            add(at, "'" + servers + "' names brokers by address (" + String.join(", ", unreachable) + ") that the service's "
                    + "NetworkPolicy does not let it reach (no range of " + path + ".networkPolicy.addresses holds them with their "
                    + "port, and its internet egress does not open them: its ports lack theirs, or its exceptCidrs hold "
                    + "them or name ranges of the other family alone): name their range with the port in "
                    + "networkPolicy.addresses ({cidr: <their range>, ports: [<the port>]}), or, for brokers on the "
                    + "internet, open their port in networkPolicy.internet with exceptCidrs that leave them out");
        }
        if (!closed.isEmpty()) {
            add(at, "'" + servers + "' names brokers outside the cluster, and the service's NetworkPolicy lets it reach "
                    + "no address outside on port " + closed.stream().map(String::valueOf).collect(Collectors.joining(", "))
                    + ": name the brokers' network in " + path + ".networkPolicy.addresses ({cidr: <their range>, ports: "
                    + "[<the port>]}, private ranges too), or add the port to " + path + ".networkPolicy.internet.ports "
                    + "(brokers on the internet: its exceptCidrs leave out the private ranges)");
        }
        for (String namespace : unreached) {
            add(at, "'" + servers + "' names brokers in namespace " + namespace + ", where the service's NetworkPolicy "
                    + "has no egress peer: point " + path + ".networkPolicy.egress.kafka at them ({namespace: " + namespace
                    + ", app: <their app.kubernetes.io/name>, port: <the port>}); " + OUTSIDE_NAMESPACE_HINT);
        }
    }

    /**
     * Whether a service's NetworkPolicy lets it reach the address {@code ip} on {@code port}: an address range holding
     * it with that port, or the internet's ports with none of its excluded ranges holding it, for an address of a family
     * those ranges name, or none name (a list of one family's ranges keeps the other closed, as lib.anyAddress renders).
     */
    private static boolean reaches(ServiceSpec.NetworkPolicy policy, String ip, int port) {
        if (policy.addresses().stream().anyMatch(a -> a.ports().contains(port)
                && Cidr.parse(a.cidr()).map(range -> range.contains(ip)).orElse(false))) {
            return true;
        }
        List<String> except = policy.internet().exceptCidrs();
        boolean ipv6 = ip.contains(":");
        boolean familyOpen = except.isEmpty() || except.stream().anyMatch(c -> c.contains(":") == ipv6);
        return policy.internet().ports().contains(port) && familyOpen
                && except.stream().noneMatch(c -> Cidr.parse(c).map(range -> range.contains(ip)).orElse(false));
    }

    /**
     * A service's env naming a host in the namespace of a component that is off ({@code kafka.shop-messaging:9092},
     * which resolves in a pod through the DNS search path) where nothing else of the platform runs: nothing answers.
     */
    private void offComponentAddresses(String path, ServiceSpec s) {
        offNamespaces.forEach(off -> new TreeMap<>(s.env()).forEach((key, value) -> {
            if (off.host().matcher(value).find()) {
                add(path + ".env." + key, "'" + value + "' is an address in namespace " + off.namespace() + ", the "
                        + off.chart() + " chart's, and " + off.chart() + ".enabled is false: nothing answers there; remove it "
                        + "or set " + off.chart() + ".enabled: true");
            }
        }));
    }

    /** {@code <name>.<namespace>[.svc[.cluster.local]][.]:<port>} anywhere in a value, in any letter case. */
    private static final Pattern SERVICE_ADDRESS = Pattern.compile("(?<![-a-z0-9_.])([a-z0-9]([-a-z0-9]*[a-z0-9])?)\\."
            + "([a-z0-9]([-a-z0-9]*[a-z0-9])?)(\\.svc(\\.cluster\\.local)?)?\\.?:(\\d{1,5})(?!\\d)", Pattern.CASE_INSENSITIVE);

    /**
     * A service's env naming another service of the spec at a port it does not serve: generate follows a changed port
     * in the addresses it derives, not in those the spec writes ({@code http://orders.shop.svc.cluster.local:8080}).
     */
    private void serviceAddressPorts(String path, ServiceSpec s) {
        new TreeMap<>(s.env()).forEach((key, value) -> {
            Matcher m = SERVICE_ADDRESS.matcher(value);
            while (m.find()) {
                String name = m.group(1).toLowerCase(Locale.ROOT);
                ServiceSpec server = spec.services().get(name);
                int port = Integer.parseInt(m.group(7));
                if (server != null && server.namespace().equalsIgnoreCase(m.group(3)) && server.port() != port) {
                    add(path + ".env." + key, "'" + value + "' names service " + name + " on port " + port + ", and "
                            + name + " serves port " + server.port() + " (services." + name + ".port): change the port in the "
                            + "address (generate follows a port only in the addresses it writes itself)");
                }
            }
        });
    }

    /**
     * A host in {@code namespace} anywhere in a value, in any letter case: {@code <name>.<namespace>} (with {@code name}
     * null, any labels: a Service, or a pod through its headless Service), then {@code .svc[.cluster.local]} and a final
     * dot, between characters that cannot be part of a host name (a port, a path, a query, quotes, the end).
     */
    static Pattern host(String name, String namespace) {
        String labels = name == null ? "([a-z0-9]([-a-z0-9]*[a-z0-9])?\\.)+" : Pattern.quote(name) + "\\.";
        return Pattern.compile("(?<![-a-z0-9_.])" + labels + Pattern.quote(namespace) + "(\\.svc(\\.cluster\\.local)?)?\\.?"
                + "(?![-a-z0-9_.])", Pattern.CASE_INSENSITIVE);
    }

    private boolean pgbouncerOn() {
        return spec.postgres().enabled() && spec.postgres().pgbouncer().enabled();
    }

    private void peers(String path, Map<String, NetworkPolicySpec.Peer> peers) {
        new TreeMap<>(peers).forEach((key, peer) -> peer(path + "." + key, peer, true));
    }

    /**
     * A peer that is a component's pods: the component is on (PostgreSQL's replicas: some run), and, with
     * {@code declaredNamespace}, the namespace is declared.
     */
    private void peer(String path, NetworkPolicySpec.Peer peer, boolean declaredNamespace) {
        String off = switch (peer.app()) {
            case "pgbouncer" -> pgbouncerOn() ? null : "postgres";
            case "prometheus" -> !spec.observability().enabled() ? "observability"
                    : spec.observability().prometheus().enabled() ? null : "observability.prometheus";
            // a component's own pods are named after its chart (app.kubernetes.io/name: kafka, vault, ...)
            default -> Components.subchart(peer.app()).filter(c -> !c.enabledIn(spec)).map(Component::chart).orElse(null);
        };
        // pods of that name outside the platform's namespaces (an operator's Kafka in its own) are not the component's
        if (off != null && !peer.namespace().isEmpty() && !spec.namespaces().containsKey(peer.namespace())) {
            if (Components.subchart(off.replaceFirst("\\..*", "")).map(c -> c.namespaceIn(spec))
                    .filter(peer.namespace()::equals).isEmpty()) {
                off = null;
            }
        }
        if (peer.app().equals("postgres-replica") && !(spec.postgres().enabled() && spec.postgres().replication().replicas() > 0)) {
            add(path, "names the pods of postgres-replica, and this environment runs no PostgreSQL replica "
                    + "(postgres.replication.replicas is 0); write the peer in the environment that runs them "
                    + "(environments.<name>.services...), or give this one replicas");
            return;
        }
        if (off != null) {
            add(path, "names the pods of " + peer.app() + ", and " + off + " is off; remove " + path
                    + " (or enable " + off + ")");
        } else if (declaredNamespace && !peer.namespace().isEmpty() && undeclared(peer.namespace())) {
            add(path + ".namespace", SpecCheck.notDeclared(peer.namespace(), declared())
                    + (peer.namespace().startsWith(PlatformSpec.ChartInfo.PLAN_PREFIX + "-") ? SpecCheck.prefixHint(spec)
                    : "; " + OUTSIDE_NAMESPACE_HINT + ": {kind: Namespace, name: " + peer.namespace()
                    + ", create: <how it is made>}"));
        }
    }

    /** The namespaces Vault's token Secret is copied to are declared ones. */
    private void vaultNamespaces() {
        VaultSpec v = spec.vault();
        if (v.enabled() && v.token().create()) {
            namespaces("vault.token.namespaces", v.token().namespaces());
        }
    }

    private void namespaces(String path, List<String> namespaces) {
        for (int i = 0; i < namespaces.size(); i++) {
            if (undeclared(namespaces.get(i))) {
                add(path + "[" + i + "]", SpecCheck.notDeclared(namespaces.get(i), declared()));
            }
        }
    }

    /** The spec's namespaces and those the operator makes (global.operatorMade). */
    private boolean undeclared(String namespace) {
        return !declared().contains(namespace) && !said.contains(namespace);
    }

    /** The namespaces the spec declares: the platform's, and those the operator makes. */
    private Set<String> declared() {
        Set<String> names = new TreeSet<>(spec.namespaces().keySet());
        spec.global().operatorMade().stream().filter(o -> o.kind().equals("Namespace")).forEach(o -> names.add(o.name()));
        return names;
    }

    /** Where a namespace outside the platform is declared, for a message. */
    private static final String OUTSIDE_NAMESPACE_HINT = "a namespace outside the platform (an operator's Kafka, say) goes in "
            + "global.operatorMade, in each environment's list too (an environment's list replaces the base's)";
}
