package io.neotool.charts.verify;

import io.neotool.charts.verify.InstallOrder.Phase;
import io.neotool.charts.verify.InstallOrder.Step;
import io.neotool.charts.verify.NetworkPolicies.Pod;
import io.neotool.charts.verify.PlatformVerifier.Context;
import io.neotool.charts.verify.PlatformVerifier.Edge;
import io.neotool.charts.verify.PlatformVerifier.Graph;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Every connection of the rendered platform ({@link FlowFinder}), proven four ways, and the flow graph:
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
    /** The lint rules this class applies, each defined where it is applied; {@link Rules} lists them all. */
    static final RuleSet RULES = new RuleSet();

    private static final Pattern DB_SECRET_ENV = Pattern.compile("(?i).*(PASSWORD|PASS|PWD|DSN|DATA_SOURCE_NAME|URL|URI)$");
    private static final Pattern TOKEN_ENV = Pattern.compile("(?i).*TOKEN.*");

    static final String ADDRESS_CHECK = "address";
    /**
     * The address check's result for a Service in a namespace the operator makes and the release runs nothing in:
     * not checked, and no other check either (the server's pods and their policies are not the chart's).
     */
    static final String OPERATORS = "operator's";
    static final String NETWORK_CHECK = "network";
    static final String CREDENTIALS_CHECK = "credentials";
    static final String TIMING_CHECK = "timing";

    private final Context ctx;
    private final Map<Manifest, Step> created;
    /** The install simulation, which reports the objects pods read and nobody makes (pod-reference). */
    private final InstallSimulation simulation;
    private final List<Finding> findings;
    /** The install's steps in Helm's order: a hook meets the hook policies made before it. */
    private final List<Step> install;
    /** Per hook, the NetworkPolicies its pods meet (see {@link #metBy}). */
    private final Map<Step, NetworkPolicies> metByHook = new java.util.IdentityHashMap<>();
    /** Those left once the hooks are done: without the hook policies Helm deletes once their event succeeded. */
    private final NetworkPolicies lasting;
    private final FlowFinder finder;
    private Map<String, Flow> flows;

    PlatformFlows(Context ctx, Map<Manifest, Step> created, InstallSimulation simulation, List<Finding> findings) {
        this.ctx = ctx;
        this.created = created;
        this.simulation = simulation;
        this.findings = findings;
        this.install = simulation.installOrder();
        this.lasting = new NetworkPolicies(ctx.manifests().stream()
                .filter(m -> !("NetworkPolicy".equals(m.kind()) && !InstallOrder.hooks(m).isEmpty() && InstallOrder.deletedAfterSuccess(m)))
                .map(Manifest::body).toList(), ctx.releaseNamespace());
        this.finder = new FlowFinder(ctx);
    }

    Graph run() {
        flows = finder.find();
        for (Flow flow : flows.values()) {
            check(flow);
            for (String[] p : flow.pending) {
                report(flow, p[0], p[1], p[2]);
            }
        }
        Set<String> nodes = new TreeSet<>();
        ctx.workloads().forEach(w -> nodes.add(Flow.node(w.manifest(), w.namespace())));
        ctx.manifests().stream().filter(m -> m.kind().equals("Service")).forEach(m -> nodes.add(Flow.node(m, ctx.namespaceOf(m))));
        List<Edge> edges = new ArrayList<>();
        for (Flow f : flows.values()) {
            nodes.add(f.from());
            nodes.add(f.to());
            List<String> landsOn = "ok".equals(f.checks.get(ADDRESS_CHECK))
                    ? servers(f).stream().map(w -> Flow.node(w.manifest(), w.namespace())).sorted().toList() : List.of();
            edges.add(new Edge(f.from(), f.to(), f.port, purpose(f), String.join("; ", f.via), landsOn, Map.copyOf(f.checks),
                    List.copyOf(f.problems)));
        }
        Map<String, String> hooks = new TreeMap<>();
        for (Workload w : ctx.workloads()) {
            String events = String.join(",", new TreeSet<>(InstallOrder.hooks(w.manifest())));
            if (!events.isEmpty()) {
                hooks.put(Flow.node(w.manifest(), w.namespace()), events);
            }
        }
        return new Graph(ctx.request.environment(), List.copyOf(nodes), hooks, edges);
    }

    /** What the flow's port is for: the name of the Service port it connects to, "metrics" for scraping, else empty. */
    private String purpose(Flow f) {
        if (f.target != null) {
            return "metrics";
        }
        Manifest svc = ctx.find("Service", f.serverNamespace, f.serverName);
        if (svc == null) {
            return "";
        }
        for (Object p : Yaml.listAt(svc.body(), "spec", "ports")) {
            if (Yaml.str(Yaml.at(p, "port")).equals(f.port)) {
                return Yaml.str(Yaml.at(p, "name"));
            }
        }
        return "";
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
            return List.of(finder.podOwner(f));
        }
        Manifest svc = ctx.find("Service", f.serverNamespace, f.serverName);
        return selected.computeIfAbsent(svc, s -> {
            Map<String, Object> selector = Yaml.mapAt(s.body(), "spec", "selector");
            if (selector.isEmpty()) {
                return List.of();
            }
            return ctx.index.matchingLabels(f.serverNamespace, selector).stream().filter(Workload::longRunning).toList();
        });
    }

    /** The long-running workloads each Service selects (many flows reach the same Service). */
    private final Map<Manifest, List<Workload>> selected = new java.util.IdentityHashMap<>();

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

    public static final String FLOW_NETWORK = RULES.define("flow-network", "platform", Severity.ERROR, "",
            "The NetworkPolicies must let the client's pods out and the server's pods in, on the port the connection lands on.",
            "Add the egress rule in the client's namespace and the ingress rule in the server's namespace; with a platform "
                    + "spec, list the server in the client service's calls (services.<client>.calls) and generate again.");

    /**
     * The ingress controller's way to an Ingress backend from each range its load balancer sends from (admitted by the
     * server's policies); the way from its pods is checked as any client's.
     */
    private void ingressRanges(PlatformVerifier.Outsider ic, Pod to, String port, List<String> blocked) {
        if (!ic.hasPods() && ic.cidrs().isEmpty()) {
            blocked.add("the values name no ingress controller (networkPolicy.ingressController: neither app, podLabels nor cidrs)");
        }
        for (String cidr : ic.cidrs()) {
            if (io.neotool.charts.model.Cidr.parse(cidr).isEmpty()) {
                blocked.add("'" + cidr + "' of networkPolicy.ingressController.cidrs is not " + io.neotool.charts.model.Cidr.EXAMPLE);
            } else if (!lasting.ingressAllowsRange(cidr, to, port)) {
                blocked.add("the NetworkPolicies of " + to.namespace() + " do not admit the ingress controller's addresses "
                        + cidr + " to " + to.name() + " on " + port);
            }
        }
    }

    /**
     * The NetworkPolicies a hook's pods meet while it runs: the release's (there on an upgrade), and the hook policies
     * Helm made before it (each hook of an event in weight order, a Job run to its end before the next) that are still
     * there: those of its own event (hook-succeeded deletes them only once the event is done) and those of an earlier
     * event that Helm keeps.
     */
    private NetworkPolicies metBy(Step hook) {
        return metByHook.computeIfAbsent(hook, h -> {
            List<Map<String, Object>> met = new ArrayList<>();
            boolean before = true;
            for (Step s : install) {
                before &= s != h;
                if ("NetworkPolicy".equals(s.manifest().kind()) && (!s.hook() || before
                        && (s.phase() == h.phase() || !InstallOrder.deletedAfterSuccess(s.manifest())))) {
                    met.add(s.manifest().body());
                }
            }
            return new NetworkPolicies(met, ctx.releaseNamespace());
        });
    }

    private void network(Flow f, List<Workload> servers) {
        if (servers.isEmpty()) {
            f.checks.put(NETWORK_CHECK, "n/a");
            return;
        }
        List<String> blocked = new ArrayList<>();
        boolean toServices = true;
        // a hook meets the hook policies made before it (see metBy); a release pod, or an outsider, meets those that last
        Step clientStep = f.client == null ? null : created.get(f.client.manifest());
        NetworkPolicies meets = clientStep != null && clientStep.hook() ? metBy(clientStep) : lasting;
        for (Workload server : servers) {
            toServices &= isService(Flow.pod(server));
            String port = targetPort(f, server);
            if (port == null) {
                continue; // the target-port rule reports it
            }
            Pod to = Flow.pod(server);
            if (f.client == null) {
                ingressRanges(f.outsider, to, port, blocked);
                if (!f.outsider.hasPods()) {
                    continue; // no pod of its own
                }
            }
            if (!meets.egressAllows(f.clientPod, to, port)) {
                blocked.add("the NetworkPolicies of " + f.clientPod.namespace() + " do not let " + f.clientPod.name() + " out to "
                        + to + " on " + port);
            }
            if (!meets.ingressAllows(f.clientPod, to, port)) {
                blocked.add("the NetworkPolicies of " + to.namespace() + " do not admit " + f.clientPod + " to " + to.name() + " on " + port);
            }
        }
        if (blocked.isEmpty()) {
            f.checks.put(NETWORK_CHECK, "ok");
        } else {
            f.checks.put(NETWORK_CHECK, "failed");
            f.problem(FLOW_NETWORK, String.join("; ", blocked),
                    "Allow the flow in both namespaces: an egress rule for the client's pods and an ingress rule for the server's "
                            + "pods, on that port. With a platform spec: " + (!isService(f.clientPod)
                            ? "the client is not one of the spec's services, so its chart's networkPolicy settings say what it "
                                    + "may reach, or a template of your own writes the policies (docs/generate.md, \"Your own "
                                    + "templates\")."
                            : toServices ? "list the server in the client service's calls (services.<client>.calls) and "
                                    + "generate again; if it is listed, the server's own NetworkPolicy is off or leaves the "
                                    + "client out (services.<server>.networkPolicy)."
                            : "give the client service an egress peer for the server (services.<client>.networkPolicy.egress) "
                                    + "and generate again."));
        }
    }

    /** Whether a pod is one of the spec's services (the service chart labels its pods so). */
    private static boolean isService(NetworkPolicies.Pod pod) {
        return "service".equals(pod.labels().get("app.kubernetes.io/component"));
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

    public static final String FLOW_CREDENTIALS = RULES.define("flow-credentials", "platform", Severity.ERROR, "",
            "A client of PostgreSQL/PgBouncer needs a password and a client of Vault a token, from a Secret in the client's "
                    + "own namespace: pods cannot read Secrets of other namespaces.",
            "Put the client's credentials in a Secret of its namespace (rendered or operator-made) and pass them to the pod.");

    /** The clients (id, namespace, protocol) whose missing credentials were reported already. */
    private final Set<String> credentialsReported = new java.util.HashSet<>();

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
        if (!missing.isEmpty() && missing.stream().allMatch(secret -> simulation.reportedMissing(f.client.manifest(), "Secret",
                secret))) {
            return; // the install simulation reports each missing Secret the pod needs (pod-reference): the same fix
        }
        if (!credentialsReported.add(f.client.manifest().id() + "/" + f.client.namespace() + "/" + protocol)) {
            return; // said once per client, at its first flow to such a server (a Raft peer's siblings say the same)
        }
        List<String> serverSecrets = ctx.manifests().stream().filter(m -> m.kind().equals("Secret")
                && ctx.namespaceOf(m).equals(f.serverNamespace)).map(Manifest::name).sorted().toList();
        f.problem(FLOW_CREDENTIALS, "the client has " + need + " in its namespace " + f.client.namespace()
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

    public static final String FLOW_TIMING = RULES.define("flow-timing", "platform", Severity.ERROR, "",
            "A hook or Job must reach its server in the state the server is in then: not before it is created, and not through a "
                    + "Service without endpoints because the server is not Ready (a sealed Vault).",
            "Run the call after the server exists and is reachable (post-install; publishNotReadyAddresses on the Service it calls).");

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
                f.problem(FLOW_TIMING, "helm install: the " + client.stage() + " calls " + String.join(", ", later)
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
        // a pod's own name too: the headless Service publishes it only once the pod is Ready, unless told otherwise
        if (!notReady.isEmpty() && !publishesNotReady) {
            f.checks.put(TIMING_CHECK, "failed");
            f.problem(FLOW_TIMING, "helm install: the " + client.stage() + " calls Service " + f.serverName + " while "
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
            boolean autoUnseal = finder.givens(server).stream().anyMatch(g -> g.text().matches("(?s).*\\bseal\\s+\"[a-z]+\".*"));
            if (!autoUnseal) {
                return "is sealed (Vault starts sealed and uninitialised; readiness " + path + " fails until the operator unseals it)";
            }
        }
        return null;
    }

    private void report(Flow f, String ruleId, String message, String fix) {
        ctx.report(findings, ruleId, f.anchor, "flow " + f.label() + ": " + message, fix);
    }
}
