package io.neotool.charts.verify;

import io.neotool.charts.verify.InstallOrder.Phase;
import io.neotool.charts.verify.InstallOrder.Step;
import io.neotool.charts.verify.NetworkPolicies.Pod;
import io.neotool.charts.verify.PlatformVerifier.Context;
import io.neotool.charts.verify.PlatformVerifier.Edge;
import io.neotool.charts.verify.PlatformVerifier.Graph;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every connection of the rendered platform, found where the client is told about it, and proven four ways:
 * <ul>
 *   <li><b>address</b>: an in-cluster host a workload is given (env value, a key of a Secret or ConfigMap it reads
 *       or mounts: {@code name.namespace.svc.cluster.local:port}, {@code name.namespace:port}, {@code pod.headless},
 *       a short name, a HOST/PORT pair, libpq {@code host=... port=...}) names a rendered Service and a port it exposes;
 *       Ingress backends (from the ingress controller) and Prometheus pod scraping ({@code prometheus.io/scrape},
 *       {@code prometheus.io/port}) are flows too;</li>
 *   <li><b>network</b>: the NetworkPolicies let the client's pods out and the server's pods in, on the target port
 *       ({@link NetworkPolicies});</li>
 *   <li><b>credentials</b>: a client of PostgreSQL or PgBouncer has a password, a client of Vault a token, from a
 *       Secret of its own namespace (rendered or operator-made);</li>
 *   <li><b>timing</b>: a hook or Job reaches its server in the state the server is in then: not created yet
 *       before the release resources; not Ready while a Vault server is sealed, unless its Service publishes
 *       not-ready addresses.</li>
 * </ul>
 */
final class PlatformFlows {
    /** The cluster's ingress controller (K3S: Traefik in kube-system), the client of every Ingress backend. */
    static final Pod INGRESS_CONTROLLER = new Pod("ingress-controller", "kube-system",
            Map.of("app.kubernetes.io/name", "traefik"), List.of());

    /** A host-like token (DNS labels and dots); scheme, user info and port are read around it. */
    private static final Pattern HOST = Pattern.compile("[a-z0-9][-a-z0-9.]*+");
    private static final Pattern SCHEME_BEFORE = Pattern.compile("([a-z][a-z0-9+.-]*)://(?:[^@\\s/'\"]+@)?$");
    private static final Pattern PORT_AFTER = Pattern.compile("^:(\\d{1,5})(?!\\d)");
    /** Comment lines of config files (#, //), which name addresses in prose. */
    private static final Pattern COMMENT = Pattern.compile("(?m)^\\s*(#|//).*$");
    private static final Pattern LIBPQ_PORT = Pattern.compile("^\\s+port=(\\d{1,5})");
    private static final Pattern HOST_ENV = Pattern.compile("(?i).*(HOST|ADDR|ADDRESS|URL|URI|ENDPOINT|SERVER|SERVERS)$");
    private static final Pattern DB_SECRET_ENV = Pattern.compile("(?i).*(PASSWORD|PASS|PWD|DSN|DATA_SOURCE_NAME|URL|URI)$");
    private static final Pattern TOKEN_ENV = Pattern.compile("(?i).*TOKEN.*");

    static final String ADDRESS_CHECK = "address";
    static final String NETWORK_CHECK = "network";
    static final String CREDENTIALS_CHECK = "credentials";
    static final String TIMING_CHECK = "timing";

    /** Where a client learnt an address: its text and a description ("env POSTGRES_HOST of container app"). */
    private record Given(String text, String via, boolean hostLike, Map<String, String> siblings) {}

    /** A found connection; {@code server} is a Service (or, for scraping, null with {@code target} the scraped workload). */
    private static final class Flow {
        final Workload client;
        final Pod clientPod;
        final Manifest anchor;
        final String serverNamespace;
        final String serverName;
        final String podName;
        final Workload target;
        final String port;
        final Set<String> via = new TreeSet<>();
        final Map<String, String> checks = new LinkedHashMap<>();
        final List<String> problems = new ArrayList<>();
        final List<String[]> pending = new ArrayList<>();

        Flow(Workload client, Pod clientPod, Manifest anchor, String serverNamespace, String serverName, String podName,
             Workload target, String port) {
            this.client = client;
            this.clientPod = clientPod;
            this.anchor = anchor;
            this.serverNamespace = serverNamespace;
            this.serverName = serverName;
            this.podName = podName;
            this.target = target;
            this.port = port;
        }

        String from() {
            return client == null ? "ingress-controller" : node(client.manifest(), client.namespace());
        }

        String to() {
            return target != null ? node(target.manifest(), target.namespace())
                    : serverNamespace + "/Service/" + serverName + (podName.isEmpty() ? "" : " (pod " + podName + ")");
        }

        String label() {
            String host = target != null ? target.namespace() + "/" + target.manifest().name()
                    : (podName.isEmpty() ? "" : podName + ".") + serverName + "." + serverNamespace;
            return (client == null ? "ingress controller" : client.manifest().name()) + " -> " + host + ":" + port
                    + " (" + String.join("; ", via) + ")";
        }
    }

    private final Context ctx;
    private final Map<Manifest, Step> created;
    private final List<Finding> findings;
    private final NetworkPolicies policies;
    private final Set<String> namespaces;
    private final Map<String, Flow> flows = new TreeMap<>();

    PlatformFlows(Context ctx, Map<Manifest, Step> created, List<Finding> findings) {
        this.ctx = ctx;
        this.created = created;
        this.findings = findings;
        this.policies = new NetworkPolicies(ctx.manifests().stream().map(Manifest::body).toList(), ctx.releaseNamespace());
        this.namespaces = ctx.namespaces();
    }

    Graph run() {
        for (Workload w : ctx.workloads()) {
            for (Given given : givens(w)) {
                addresses(w, given);
            }
        }
        ingresses();
        scraping();
        for (Flow flow : flows.values()) {
            check(flow);
            for (String[] p : flow.pending) {
                report(flow, p[0], p[1], p[2]);
            }
        }
        Set<String> nodes = new TreeSet<>();
        ctx.workloads().forEach(w -> nodes.add(node(w.manifest(), w.namespace())));
        ctx.manifests().stream().filter(m -> m.kind().equals("Service")).forEach(m -> nodes.add(node(m, ctx.namespaceOf(m))));
        List<Edge> edges = new ArrayList<>();
        for (Flow f : flows.values()) {
            nodes.add(f.from());
            nodes.add(f.to());
            edges.add(new Edge(f.from(), f.to(), f.port, String.join("; ", f.via), Map.copyOf(f.checks), List.copyOf(f.problems)));
        }
        return new Graph(ctx.request.environment(), List.copyOf(nodes), edges);
    }

    private static String node(Manifest m, String namespace) {
        return namespace + "/" + m.kind() + "/" + m.name();
    }

    // ---------------------------------------------------------------- what each client is given

    private final Map<Workload, List<Given>> givens = new java.util.IdentityHashMap<>();

    /** What a workload is given (computed once per workload). */
    private List<Given> givens(Workload w) {
        return givens.computeIfAbsent(w, this::readGivens);
    }

    private List<Given> readGivens(Workload w) {
        List<Given> out = new ArrayList<>();
        for (Map<String, Object> c : w.allContainers()) {
            String cn = "container " + Yaml.str(c.get("name"));
            Map<String, String> literals = new TreeMap<>();
            for (Object e : Yaml.list(c.get("env"))) {
                if (Yaml.map(e).containsKey("value")) {
                    literals.put(Yaml.str(Yaml.at(e, "name")), Yaml.str(Yaml.at(e, "value")));
                }
            }
            for (Object e : Yaml.list(c.get("env"))) {
                String name = Yaml.str(Yaml.at(e, "name"));
                boolean hostLike = HOST_ENV.matcher(name).matches();
                if (Yaml.map(e).containsKey("value")) {
                    out.add(new Given(Yaml.str(Yaml.at(e, "value")), "env " + name + " of " + cn, hostLike, siblings(name, literals)));
                }
                for (String[] k : new String[][] {{"secretKeyRef", "Secret"}, {"configMapKeyRef", "ConfigMap"}}) {
                    Object ref = Yaml.at(e, "valueFrom", k[0]);
                    if (ref != null) {
                        String value = dataOf(k[1], w.namespace(), Yaml.str(Yaml.at(ref, "name"))).get(Yaml.str(Yaml.at(ref, "key")));
                        if (value != null) {
                            out.add(new Given(value, "env " + name + " of " + cn + " from " + k[1] + " " + Yaml.at(ref, "name"),
                                    hostLike, Map.of()));
                        }
                    }
                }
            }
        }
        for (Object v : Yaml.list(w.podSpec().get("volumes"))) {
            List<String[]> sources = new ArrayList<>();
            if (Yaml.at(v, "configMap") != null) {
                sources.add(new String[] {"ConfigMap", Yaml.str(Yaml.at(v, "configMap", "name"))});
            }
            if (Yaml.at(v, "secret") != null) {
                sources.add(new String[] {"Secret", Yaml.str(Yaml.at(v, "secret", "secretName"))});
            }
            for (Object s : Yaml.listAt(v, "projected", "sources")) {
                if (Yaml.at(s, "configMap") != null) {
                    sources.add(new String[] {"ConfigMap", Yaml.str(Yaml.at(s, "configMap", "name"))});
                }
                if (Yaml.at(s, "secret") != null) {
                    sources.add(new String[] {"Secret", Yaml.str(Yaml.at(s, "secret", "name"))});
                }
            }
            for (String[] s : sources) {
                dataOf(s[0], w.namespace(), s[1]).forEach((key, value) ->
                        out.add(new Given(COMMENT.matcher(value).replaceAll(""), s[0] + " " + s[1] + " (" + key + ")", false, Map.of())));
            }
        }
        return out;
    }

    /** For {@code X_HOST}: the literal {@code X_PORT} beside it. */
    private static Map<String, String> siblings(String name, Map<String, String> literals) {
        if (!name.toUpperCase(java.util.Locale.ROOT).endsWith("HOST")) {
            return Map.of();
        }
        String port = literals.get(name.substring(0, name.length() - 4) + "PORT");
        return port == null ? Map.of() : Map.of("port", port, "portVia", name.substring(0, name.length() - 4) + "PORT");
    }

    /** The string data of a rendered Secret (data decoded, stringData) or ConfigMap in a namespace. */
    private Map<String, String> dataOf(String kind, String namespace, String name) {
        Manifest m = ctx.find(kind, namespace, name);
        Map<String, String> out = new TreeMap<>();
        if (m == null) {
            return out;
        }
        Yaml.mapAt(m.body(), "stringData").forEach((k, v) -> out.put(k, Yaml.str(v)));
        Yaml.mapAt(m.body(), "data").forEach((k, v) -> {
            if (kind.equals("Secret")) {
                try {
                    out.putIfAbsent(k, new String(Base64.getMimeDecoder().decode(Yaml.str(v)), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    // not base64: the schema check reports it
                }
            } else {
                out.put(k, Yaml.str(v));
            }
        });
        return out;
    }

    // ---------------------------------------------------------------- addresses

    private void addresses(Workload w, Given given) {
        String text = given.text();
        Matcher m = HOST.matcher(text);
        while (m.find()) {
            String host = m.group();
            while (host.endsWith(".") || host.endsWith("-")) {
                host = host.substring(0, host.length() - 1);
            }
            char before = m.start() > 0 ? text.charAt(m.start() - 1) : ' ';
            if (Character.isLetterOrDigit(before) || before == '_' || host.isEmpty()
                    || (host.indexOf('.') < 0 && !given.hostLike() && !text.startsWith("://", m.start() - 3))) {
                continue; // inside a word, or a plain word where no host is expected
            }
            int end = m.start() + host.length();
            String scheme = null;
            if (before == '/' || before == '@') {
                Matcher schemeBefore = SCHEME_BEFORE.matcher(text.substring(Math.max(0, m.start() - 40), m.start()));
                scheme = schemeBefore.find() ? schemeBefore.group(1) : null;
            }
            if (scheme == null && (before == '/' || before == '.' || before == '$')) {
                continue; // a path or a variable, not a host
            }
            String port = null;
            if (end + 1 < text.length() && text.charAt(end) == ':' && Character.isDigit(text.charAt(end + 1))) {
                Matcher portAfter = PORT_AFTER.matcher(text.substring(end, Math.min(text.length(), end + 7)));
                port = portAfter.find() ? portAfter.group(1) : null;
            }
            boolean explicit = host.endsWith(".svc.cluster.local") || host.endsWith(".svc");
            String rest = host.endsWith(".svc.cluster.local") ? host.substring(0, host.length() - ".svc.cluster.local".length())
                    : host.endsWith(".svc") ? host.substring(0, host.length() - 4) : host;
            String[] labels = rest.split("\\.");
            String svc;
            String ns;
            String pod = "";
            if (labels.length == 3 && (explicit || namespaces.contains(labels[2]))) {
                pod = labels[0];
                svc = labels[1];
                ns = labels[2];
            } else if (labels.length == 2 && (explicit || namespaces.contains(labels[1]))) {
                svc = labels[0];
                ns = labels[1];
            } else if (labels.length == 2 && ctx.find("Service", w.namespace(), labels[1]) != null) {
                pod = labels[0];
                svc = labels[1];
                ns = w.namespace();
            } else if (labels.length == 1 && (given.hostLike() || scheme != null) && !given.via().contains(" from ")) {
                svc = labels[0];
                ns = w.namespace();
                if (ctx.find("Service", ns, svc) == null) {
                    List<String> elsewhere = ctx.manifests().stream().filter(s -> s.kind().equals("Service") && s.name().equals(svc))
                            .map(ctx::namespaceOf).sorted().toList();
                    if (elsewhere.isEmpty()) {
                        continue; // not a Service of this release: localhost, an outside host
                    }
                    Flow f = flow(w, given.via(), elsewhere.get(0), svc, "", null, port == null ? "?" : port);
                    f.checks.put(ADDRESS_CHECK, "failed");
                    problem(f, Rules.FLOW_ADDRESS, "the short name " + svc + " resolves only in the client's namespace " + ns
                            + ", and Service " + svc + " is in " + String.join(", ", elsewhere),
                            "Give the full name " + svc + "." + elsewhere.get(0) + ".svc.cluster.local.");
                    continue;
                }
            } else {
                continue;
            }
            if (!explicit && !namespaces.contains(ns)) {
                continue;
            }
            String resolvedPort = port;
            String portVia = "";
            if (resolvedPort == null && given.siblings().containsKey("port")) {
                resolvedPort = given.siblings().get("port");
                portVia = given.siblings().get("portVia");
            }
            if (resolvedPort == null) {
                Matcher libpq = LIBPQ_PORT.matcher(text.substring(end, Math.min(text.length(), end + 20)));
                if (libpq.find()) {
                    resolvedPort = libpq.group(1);
                }
            }
            if (resolvedPort == null && scheme != null) {
                resolvedPort = switch (scheme) {
                    case "http", "ws" -> "80";
                    case "https", "wss" -> "443";
                    default -> null;
                };
            }
            String via = given.via() + (portVia.isEmpty() ? "" : ", " + portVia);
            Flow f = flow(w, via, ns, svc, pod, null, resolvedPort == null ? "?" : resolvedPort);
            address(f);
        }
    }

    private Flow flow(Workload client, String via, String ns, String svc, String pod, Workload target, String port) {
        String from = client == null ? "ingress-controller" : node(client.manifest(), client.namespace());
        String key = from + "|" + ns + "/" + svc + "/" + pod + "/" + (target == null ? "" : target.manifest().id()) + "|" + port;
        Flow f = flows.computeIfAbsent(key, k -> new Flow(client, client == null ? INGRESS_CONTROLLER : pod(client),
                client == null ? null : client.manifest(), ns, svc, pod, target, port));
        f.via.add(via);
        return f;
    }

    /** The address check of a Service (or StatefulSet pod) flow. */
    private void address(Flow f) {
        if (f.checks.containsKey(ADDRESS_CHECK)) {
            return;
        }
        Manifest svc = ctx.find("Service", f.serverNamespace, f.serverName);
        if (svc == null) {
            f.checks.put(ADDRESS_CHECK, "failed");
            problem(f, Rules.FLOW_ADDRESS, "names Service " + f.serverName + " in namespace " + f.serverNamespace + ", which is not rendered",
                    "Point the client at a rendered Service (name.namespace.svc.cluster.local:port), or render the Service.");
            return;
        }
        if (f.port.equals("?")) {
            f.checks.put(ADDRESS_CHECK, "failed");
            problem(f, Rules.FLOW_ADDRESS, "gives no port for Service " + f.serverName,
                    "Give host:port (or a PORT variable beside the HOST one).");
            return;
        }
        if (!f.podName.isEmpty()) {
            Workload set = podOwner(f);
            if (set == null) {
                f.checks.put(ADDRESS_CHECK, "failed");
                problem(f, Rules.FLOW_ADDRESS, "names pod " + f.podName + " of headless Service " + f.serverName
                        + ", but no StatefulSet with serviceName " + f.serverName + " has that pod",
                        "Name a pod <statefulset>-<ordinal> below the StatefulSet's replicas.");
                return;
            }
            if (!NetworkPolicies.containerPorts(set.podSpec()).contains(f.port + "/TCP")) {
                f.checks.put(ADDRESS_CHECK, "failed");
                problem(f, Rules.FLOW_ADDRESS, "port " + f.port + " is not a containerPort of " + set.manifest().id(),
                        "Use a port the pods declare.");
                return;
            }
            f.checks.put(ADDRESS_CHECK, "ok");
            return;
        }
        boolean exposed = Yaml.listAt(svc.body(), "spec", "ports").stream().anyMatch(p -> Yaml.str(Yaml.at(p, "port")).equals(f.port));
        if (!exposed) {
            List<String> ports = Yaml.listAt(svc.body(), "spec", "ports").stream().map(p -> Yaml.str(Yaml.at(p, "port"))).toList();
            f.checks.put(ADDRESS_CHECK, "failed");
            problem(f, Rules.FLOW_ADDRESS, "Service " + f.serverName + " does not expose port " + f.port + " (it exposes " + ports + ")",
                    "Use one of the Service's ports, or add the port to the Service.");
            return;
        }
        f.checks.put(ADDRESS_CHECK, "ok");
    }

    private Workload podOwner(Flow f) {
        for (Workload w : ctx.workloads()) {
            if (w.manifest().kind().equals("StatefulSet") && w.namespace().equals(f.serverNamespace)
                    && Yaml.str(w.manifest().at("spec", "serviceName")).equals(f.serverName)
                    && f.podName.startsWith(w.manifest().name() + "-")) {
                String ordinal = f.podName.substring(w.manifest().name().length() + 1);
                if (ordinal.matches("\\d+") && Integer.parseInt(ordinal) < w.replicas()) {
                    return w;
                }
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- ingress and scraping flows

    private void ingresses() {
        for (Manifest ing : ctx.manifests()) {
            if (!ing.kind().equals("Ingress")) {
                continue;
            }
            String ns = ctx.namespaceOf(ing);
            for (Object b : ing.ingressBackends()) {
                if (Yaml.at(b, "service") == null) {
                    continue;
                }
                String name = Yaml.str(Yaml.at(b, "service", "name"));
                String port = Yaml.str(Yaml.at(b, "service", "port", "number"));
                if (port.isEmpty()) {
                    Manifest svc = ctx.find("Service", ns, name);
                    String portName = Yaml.str(Yaml.at(b, "service", "port", "name"));
                    port = svc == null ? "?" : Yaml.listAt(svc.body(), "spec", "ports").stream()
                            .filter(p -> Yaml.str(Yaml.at(p, "name")).equals(portName)).map(p -> Yaml.str(Yaml.at(p, "port")))
                            .findFirst().orElse("?");
                }
                Flow f = flow(null, ing.id(), ns, name, "", null, port);
                address(f);
            }
        }
    }

    /** Prometheus (a workload whose config discovers pods by prometheus.io/scrape) to every annotated pod. */
    private void scraping() {
        List<Workload> scrapers = new ArrayList<>();
        for (Workload w : ctx.workloads()) {
            if (givens(w).stream().anyMatch(g -> g.text().contains("kubernetes_sd_configs") && g.text().contains("prometheus_io_scrape"))) {
                scrapers.add(w);
            }
        }
        for (Workload scraper : scrapers) {
            for (Workload target : ctx.workloads()) {
                Map<String, Object> annotations = Yaml.mapAt(target.manifest().body(), "spec", "template", "metadata", "annotations");
                if (!target.longRunning() || !"true".equals(Yaml.str(annotations.get("prometheus.io/scrape")))) {
                    continue;
                }
                String port = Yaml.str(annotations.get("prometheus.io/port"));
                Flow f = flow(scraper, "prometheus.io/scrape annotation of " + target.manifest().id(), target.namespace(),
                        "", "", target, port.isEmpty() ? "?" : port);
                if (NetworkPolicies.containerPorts(target.podSpec()).contains(port + "/TCP")) {
                    f.checks.put(ADDRESS_CHECK, "ok");
                } else {
                    f.checks.put(ADDRESS_CHECK, "failed");
                    problem(f, Rules.FLOW_ADDRESS, "prometheus.io/port " + (port.isEmpty() ? "is not set" : port + " is not a containerPort of the pods"),
                            "Set prometheus.io/port to the pods' metrics containerPort.");
                }
            }
        }
    }

    // ---------------------------------------------------------------- network, credentials, timing

    private void check(Flow f) {
        if (!"ok".equals(f.checks.get(ADDRESS_CHECK))) {
            f.checks.putIfAbsent(NETWORK_CHECK, "n/a");
            f.checks.putIfAbsent(CREDENTIALS_CHECK, "n/a");
            f.checks.putIfAbsent(TIMING_CHECK, "n/a");
            return;
        }
        List<Workload> servers = servers(f);
        network(f, servers);
        credentials(f, servers);
        timing(f, servers);
    }

    /** The workloads behind the flow's target, each with the container port the connection lands on. */
    private List<Workload> servers(Flow f) {
        if (f.target != null) {
            return List.of(f.target);
        }
        if (!f.podName.isEmpty()) {
            return List.of(podOwner(f));
        }
        Manifest svc = ctx.find("Service", f.serverNamespace, f.serverName);
        Map<String, Object> selector = Yaml.mapAt(svc.body(), "spec", "selector");
        if (selector.isEmpty()) {
            return List.of();
        }
        return ctx.workloads().stream().filter(w -> w.longRunning() && w.namespace().equals(f.serverNamespace)
                && LabelSelector.matchLabels(selector, w.podLabels())).toList();
    }

    /** The container port ("8080/TCP") a connection to the flow's port lands on in {@code server}'s pods. */
    private String targetPort(Flow f, Workload server) {
        if (f.target != null || !f.podName.isEmpty()) {
            return f.port + "/TCP";
        }
        Manifest svc = ctx.find("Service", f.serverNamespace, f.serverName);
        for (Object p : Yaml.listAt(svc.body(), "spec", "ports")) {
            if (!Yaml.str(Yaml.at(p, "port")).equals(f.port)) {
                continue;
            }
            String protocol = Yaml.str(Yaml.map(p).getOrDefault("protocol", "TCP"));
            Object target = Yaml.map(p).getOrDefault("targetPort", Yaml.at(p, "port"));
            if (target instanceof Number n) {
                return n.intValue() + "/" + protocol;
            }
            String name = Yaml.str(target);
            if (name.matches("\\d+")) {
                return name + "/" + protocol;
            }
            for (Map<String, Object> c : server.containers()) {
                for (Object cp : Yaml.list(c.get("ports"))) {
                    if (Yaml.str(Yaml.at(cp, "name")).equals(name)) {
                        return Yaml.str(Yaml.at(cp, "containerPort")) + "/" + protocol;
                    }
                }
            }
            return null;
        }
        return null;
    }

    private void network(Flow f, List<Workload> servers) {
        if (servers.isEmpty()) {
            f.checks.put(NETWORK_CHECK, "n/a");
            return;
        }
        List<String> blocked = new ArrayList<>();
        for (Workload server : servers) {
            String port = targetPort(f, server);
            if (port == null) {
                continue; // the target-port rule reports it
            }
            Pod to = pod(server);
            if (!policies.egressAllows(f.clientPod, to, port)) {
                blocked.add("the NetworkPolicies of " + f.clientPod.namespace() + " do not let " + f.clientPod.name() + " out to "
                        + to + " on " + port);
            }
            if (!policies.ingressAllows(f.clientPod, to, port)) {
                blocked.add("the NetworkPolicies of " + to.namespace() + " do not admit " + f.clientPod + " to " + to.name() + " on " + port);
            }
        }
        if (blocked.isEmpty()) {
            f.checks.put(NETWORK_CHECK, "ok");
        } else {
            f.checks.put(NETWORK_CHECK, "failed");
            problem(f, Rules.FLOW_NETWORK, String.join("; ", blocked),
                    "Allow the flow in both namespaces: an egress rule for the client's pods and an ingress rule for the server's pods, on that port.");
        }
    }

    /** What the server speaks, from its images: "postgres" (PostgreSQL, PgBouncer), "vault", or "" (no credentials needed). */
    private static String protocol(List<Workload> servers) {
        for (Workload s : servers) {
            for (Map<String, Object> c : s.containers()) {
                String image = Yaml.str(c.get("image"));
                String repo = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
                String last = repo.substring(repo.lastIndexOf('/') + 1);
                last = last.contains(":") ? last.substring(0, last.indexOf(':')) : last;
                if (last.equals("postgres") || last.equals("postgresql") || last.equals("pgbouncer")) {
                    return "postgres";
                }
                if (last.equals("vault")) {
                    return "vault";
                }
            }
        }
        return "";
    }

    private void credentials(Flow f, List<Workload> servers) {
        String protocol = protocol(servers);
        if (protocol.isEmpty() || f.client == null || servers.stream().anyMatch(s -> s == f.client)) {
            // no credentials needed, or peers of one workload (Raft, a quorum) that authenticate among themselves
            f.checks.put(CREDENTIALS_CHECK, "n/a");
            return;
        }
        Pattern wanted = protocol.equals("postgres") ? DB_SECRET_ENV : TOKEN_ENV;
        String need = protocol.equals("postgres") ? "no database password (an env *PASSWORD, *PASS, *DSN or *URL from a Secret, "
                + "or an envFrom or volume of a Secret)" : "no Vault token (an env *TOKEN* from a Secret, or an envFrom or volume of a Secret)";
        List<String> missing = new ArrayList<>();
        boolean found = false;
        for (String secret : credentialSecrets(f.client, wanted)) {
            if (ctx.find("Secret", f.client.namespace(), secret) != null || ctx.operatorMade("Secret", f.client.namespace(), secret) != null) {
                found = true;
            } else {
                missing.add(secret);
            }
        }
        if (found) {
            f.checks.put(CREDENTIALS_CHECK, "ok");
            return;
        }
        f.checks.put(CREDENTIALS_CHECK, "failed");
        List<String> serverSecrets = ctx.manifests().stream().filter(m -> m.kind().equals("Secret")
                && ctx.namespaceOf(m).equals(f.serverNamespace)).map(Manifest::name).sorted().toList();
        problem(f, Rules.FLOW_CREDENTIALS, "the client has " + need + " in its namespace " + f.client.namespace()
                        + (missing.isEmpty() ? "" : " (Secret " + String.join(", ", missing) + " is not there)")
                        + (serverSecrets.isEmpty() ? "" : "; the credentials exist only in Secret " + String.join(", ", serverSecrets)
                        + " of " + f.serverNamespace + ", which its pods cannot read"),
                "Render (or declare operator-made) a Secret with the client's credentials in " + f.client.namespace()
                        + " and pass it to the pod (secretKeyRef, envFrom or a secret volume).");
    }

    /** Secrets a pod takes credentials from: env matching {@code wanted} from a secretKeyRef, envFrom and volumes of Secrets. */
    private static Set<String> credentialSecrets(Workload w, Pattern wanted) {
        Set<String> secrets = new TreeSet<>();
        for (Map<String, Object> c : w.allContainers()) {
            for (Object e : Yaml.list(c.get("env"))) {
                Object ref = Yaml.at(e, "valueFrom", "secretKeyRef");
                if (ref != null && wanted.matcher(Yaml.str(Yaml.at(e, "name"))).matches()) {
                    secrets.add(Yaml.str(Yaml.at(ref, "name")));
                }
            }
            for (Object e : Yaml.list(c.get("envFrom"))) {
                if (Yaml.at(e, "secretRef") != null) {
                    secrets.add(Yaml.str(Yaml.at(e, "secretRef", "name")));
                }
            }
        }
        for (Object v : Yaml.list(w.podSpec().get("volumes"))) {
            if (Yaml.at(v, "secret") != null) {
                secrets.add(Yaml.str(Yaml.at(v, "secret", "secretName")));
            }
            for (Object s : Yaml.listAt(v, "projected", "sources")) {
                if (Yaml.at(s, "secret") != null) {
                    secrets.add(Yaml.str(Yaml.at(s, "secret", "name")));
                }
            }
        }
        return secrets;
    }

    private void timing(Flow f, List<Workload> servers) {
        Step client = f.client == null ? null : created.get(f.client.manifest());
        boolean job = f.client != null && (f.client.manifest().kind().equals("Job") || (client != null && client.hook()));
        if (!job || client == null || servers.isEmpty()) {
            f.checks.put(TIMING_CHECK, "n/a");
            return;
        }
        if (client.phase() == Phase.PRE_HOOK) {
            List<String> later = new ArrayList<>();
            for (Workload s : servers) {
                Step step = created.get(s.manifest());
                if (step == null || step.phase() != Phase.PRE_HOOK || InstallOrder.weight(s.manifest()) >= InstallOrder.weight(f.client.manifest())) {
                    later.add(s.manifest().id() + (step == null ? "" : " (" + step.stage() + ")"));
                }
            }
            if (!later.isEmpty()) {
                f.checks.put(TIMING_CHECK, "failed");
                problem(f, Rules.FLOW_TIMING, "helm install: the " + client.stage() + " calls " + String.join(", ", later)
                                + ", which do not run yet when it runs: the hook waits for a server that comes after it",
                        "Run the call as a post-install hook, or create the server first.");
                return;
            }
        }
        Manifest svc = f.target == null ? ctx.find("Service", f.serverNamespace, f.serverName) : null;
        boolean publishesNotReady = svc != null && Yaml.isTrue(svc.at("spec", "publishNotReadyAddresses"));
        List<String> notReady = new ArrayList<>();
        for (Workload s : servers) {
            String why = notReadyOnItsOwn(s);
            if (why != null) {
                notReady.add(s.manifest().id() + " " + why);
            }
        }
        if (!notReady.isEmpty() && !publishesNotReady && f.podName.isEmpty()) {
            f.checks.put(TIMING_CHECK, "failed");
            problem(f, Rules.FLOW_TIMING, "helm install: the " + client.stage() + " calls Service " + f.serverName + " while "
                            + String.join(", ", notReady) + "; the Service publishes no not-ready addresses, so it has no endpoint "
                            + "and the call fails (a failed hook fails the release)",
                    "Set publishNotReadyAddresses: true on the Service the " + client.stage() + " calls (and have it wait for the server), "
                            + "or run the call after the operator's step instead of as a hook.");
            return;
        }
        f.checks.put(TIMING_CHECK, "ok");
    }

    /**
     * Why a server's pods are not Ready after a fresh install until the operator acts, or null: a Vault server
     * (not in dev mode, no auto-unseal stanza in its config) starts sealed and uninitialised, and a readiness probe on
     * /v1/sys/health without sealedcode/uninitcode 2xx fails until it is unsealed.
     */
    private String notReadyOnItsOwn(Workload server) {
        for (Map<String, Object> c : server.containers()) {
            String command = String.join(" ", Yaml.list(c.get("command")).stream().map(Yaml::str).toList()) + " "
                    + String.join(" ", Yaml.list(c.get("args")).stream().map(Yaml::str).toList());
            String path = Yaml.str(Yaml.at(c.get("readinessProbe"), "httpGet", "path"));
            boolean vaultServer = command.contains("vault") && command.contains("server");
            if (!vaultServer || command.contains("-dev") || !path.startsWith("/v1/sys/health")
                    || path.matches(".*sealedcode=2\\d\\d.*")) {
                continue;
            }
            boolean autoUnseal = givens(server).stream().anyMatch(g -> g.text().matches("(?s).*\\bseal\\s+\"[a-z]+\".*"));
            if (!autoUnseal) {
                return "is sealed (Vault starts sealed and uninitialised; readiness " + path + " fails until the operator unseals it)";
            }
        }
        return null;
    }

    private static Pod pod(Workload w) {
        return new Pod(w.manifest().name(), w.namespace(), NetworkPolicies.stringLabels(w.podLabels()),
                NetworkPolicies.containerPorts(w.podSpec()));
    }

    private static void problem(Flow f, String ruleId, String message, String fix) {
        f.problems.add(ruleId + ": " + message);
        f.pending.add(new String[] {ruleId, message, fix});
    }

    private void report(Flow f, String ruleId, String message, String fix) {
        String text = "flow " + f.label() + ": " + message;
        if (f.anchor != null) {
            ctx.report(findings, ruleId, f.anchor, text, fix);
        } else {
            Manifest ing = ctx.manifests().stream().filter(m -> f.via.contains(m.id())).findFirst().orElse(null);
            if (ing != null) {
                ctx.report(findings, ruleId, ing, text, fix);
            }
        }
    }
}
