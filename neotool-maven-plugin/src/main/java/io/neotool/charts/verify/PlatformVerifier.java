package io.neotool.charts.verify;

import io.neotool.charts.verify.InstallOrder.Step;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The platform verification stage of neotool:lint, over one rendered environment of a top-level chart: the
 * install and upgrade simulation ({@link InstallSimulation}), the operator-made objects and where they are
 * documented, and every flow between workloads ({@link PlatformFlows}: address, NetworkPolicy, credentials,
 * timing). Returns findings and the flow graph.
 */
public final class PlatformVerifier {
    /** The lint rules this class applies, each defined where it is applied; {@link Rules} lists them all. */
    static final RuleSet RULES = new RuleSet();

    private PlatformVerifier() {}

    /**
     * An object the operator creates before installing, declared in the spec ({@code global.operatorMade}):
     * a Namespace (namespace empty) or a Secret, with the command or document that says how to create it.
     */
    public record OperatorObject(String kind, String namespace, String name, String create) {
        public String id() {
            return kind + "/" + (namespace.isEmpty() ? "" : namespace + "/") + name;
        }
    }

    /**
     * One environment to verify. {@code notes} is the chart's templates/NOTES.txt source (empty when it has none),
     * where operator-made objects must be listed. {@code ingressController} is the cluster's ingress controller as the
     * top chart's values name it; {@code chartIngressControllers} a subchart's own, by its key in those values (an
     * alias), where it names one: an Ingress of that subchart comes from it. {@code metricsScraper} is the cluster's
     * own Prometheus, the client of every ServiceMonitor, where the values name it (null: none).
     */
    public record Request(String releaseNamespace, String environment, List<Manifest> manifests,
                          List<OperatorObject> operatorMade, String notes, Outsider ingressController,
                          Map<String, Outsider> chartIngressControllers, Outsider metricsScraper) {
        public Request {
            manifests = List.copyOf(manifests);
            operatorMade = List.copyOf(operatorMade);
            notes = notes == null ? "" : notes;
            ingressController = ingressController == null ? DEFAULT_INGRESS_CONTROLLER : ingressController;
            chartIngressControllers = Map.copyOf(chartIngressControllers);
        }

        /** An environment whose ingress controller is the default one ({@link #DEFAULT_INGRESS_CONTROLLER}), with no Prometheus of the cluster's. */
        public Request(String releaseNamespace, String environment, List<Manifest> manifests,
                       List<OperatorObject> operatorMade, String notes) {
            this(releaseNamespace, environment, manifests, operatorMade, notes, null, Map.of(), null);
        }

        /**
         * The ingress controller {@code ingress} comes from: that of the subchart that renders it (Helm's
         * {@code # Source:} path names its alias), else the top chart's.
         */
        Outsider ingressControllerOf(Manifest ingress) {
            String source = ingress.source();
            int charts = source.lastIndexOf("/charts/");
            int templates = source.indexOf("/templates/", Math.max(charts, 0));
            String alias = charts < 0 || templates < 0 ? "" : source.substring(charts + "/charts/".length(), templates);
            return chartIngressControllers.getOrDefault(alias, ingressController);
        }
    }

    /** The cluster's ingress controller where the values name none: K3S' Traefik in kube-system. */
    public static final Outsider DEFAULT_INGRESS_CONTROLLER = new Outsider("kube-system", "traefik", List.of());

    /**
     * A client outside the release: its pods, in {@code namespace} and labelled {@code app.kubernetes.io/name: app} and
     * {@code labels} (none when both are empty), and the IPv4 or IPv6 ranges ({@code cidrs}) it sends from straight to
     * the pods. The cluster's ingress
     * controller, the client of every Ingress backend (what the charts' networkPolicy.ingressController admits; its
     * cidrs a cloud load balancer's), and the cluster's Prometheus (networkPolicy.metricsScraper), the client of every
     * ServiceMonitor.
     */
    public record Outsider(String namespace, String app, List<String> cidrs, Map<String, String> labels) {
        public Outsider {
            cidrs = List.copyOf(cidrs);
            labels = Map.copyOf(labels);
        }

        public Outsider(String namespace, String app, List<String> cidrs) {
            this(namespace, app, cidrs, Map.of());
        }

        /** Whether it has pods (an app or labels), not only ranges. */
        boolean hasPods() {
            return !app.isEmpty() || !labels.isEmpty();
        }

        /** Its pods, named by {@code role} (labelled with an empty name, matching no policy's peer, without any). */
        NetworkPolicies.Pod pod(String role) {
            Map<String, String> podLabels = new java.util.TreeMap<>(labels);
            if (!app.isEmpty() || labels.isEmpty()) {
                podLabels.put("app.kubernetes.io/name", app);
            }
            return new NetworkPolicies.Pod(role, namespace, podLabels, List.of());
        }
    }

    /**
     * One checked connection: client node, server node, port, what the port is for (the Service port's name,
     * "metrics" for scraping; may be empty), how the client is told, the workload nodes the connection lands on
     * (empty when the address is not proven), and each check's outcome.
     */
    public record Edge(String from, String to, String port, String purpose, String via, List<String> servers,
                       Map<String, String> checks, List<String> problems) {}

    /**
     * The flow graph of one environment; {@code hooks} maps each workload node that is a Helm hook to its hook
     * events ("post-install,post-upgrade", "test").
     */
    public record Graph(String environment, List<String> nodes, Map<String, String> hooks, List<Edge> edges) {}

    public record Result(List<Finding> findings, Graph graph) {}

    public static Result verify(Request request) {
        Context ctx = new Context(request);
        List<Finding> findings = new ArrayList<>();
        operatorMade(ctx, findings);
        InstallSimulation simulation = new InstallSimulation(ctx, findings);
        Map<Manifest, Step> created = simulation.run();
        for (Workload w : ctx.workloads()) {
            simulation.volumeMounts(w);
            simulation.keys(w);
        }
        Graph graph = new PlatformFlows(ctx, created, simulation, findings).run();
        return new Result(findings, graph);
    }

    public static final String OPERATOR_MADE = RULES.define("operator-made", "platform", Severity.ERROR, "",
            "Objects the operator creates before installing must be declared once, not also rendered, and listed with how to "
                    + "create them in NOTES.txt and the docs.",
            "Declare the object in the spec's global.operatorMade with a create command, and list global.operatorMade in NOTES.txt.");

    public static final String OPERATOR_MADE_UNREAD = RULES.define("operator-made-unread", "platform", Severity.WARNING, "",
            "An operator-made Secret or ConfigMap that nothing the environment renders reads (no pod, test pod or Ingress "
                    + "in its namespace) is work NOTES.txt asks of the operator for nothing: often the leftover of a "
                    + "component or service turned off, or one that moved to another namespace.",
            "Remove it from the environment's global.operatorMade, or move it to the namespace of what reads it.");

    /** Declared operator-made objects: not also rendered (Helm would refuse them), listed in NOTES.txt, with how to create them. */
    private static void operatorMade(Context ctx, List<Finding> findings) {
        Set<String> read = new HashSet<>();
        for (Workload w : ctx.workloads()) {
            InstallSimulation.references(w).forEach(r -> read.add(r.kind() + "/" + w.namespace() + "/" + r.name()));
        }
        for (Manifest m : ctx.manifests()) {
            if (m.kind().equals("Ingress")) {
                Yaml.listAt(m.body(), "spec", "tls").forEach(tls -> read.add("Secret/" + ctx.namespaceOf(m) + "/"
                        + Yaml.str(Yaml.at(tls, "secretName"))));
            }
        }
        for (OperatorObject o : ctx.operatorMadeObjects()) {
            if (!o.kind().equals("Namespace") && !read.contains(o.id())) {
                ctx.reportChart(findings, OPERATOR_MADE_UNREAD, "values.yaml", o.id() + " is declared operator-made, but "
                        + "nothing this environment renders reads it in namespace " + o.namespace(),
                        "Remove " + o.id() + " from " + ctx.operatorMadeKey() + " where nothing reads it (a component or "
                                + "service turned off), or declare it in the namespace of what reads it.");
            }
        }
        boolean notesListAll = ctx.request.notes().contains("operatorMade");
        for (OperatorObject o : ctx.operatorMadeObjects()) {
            Manifest rendered = ctx.manifests().stream().filter(m -> m.kind().equals(o.kind()) && m.name().equals(o.name())
                    && (o.kind().equals("Namespace") || ctx.namespaceOf(m).equals(o.namespace()))).findFirst().orElse(null);
            if (rendered != null) {
                ctx.report(findings, OPERATOR_MADE, rendered, o.id() + " is declared operator-made and also rendered by the chart: "
                        + "Helm refuses to adopt an object it did not create (invalid ownership metadata)",
                        "Either render " + o.id() + " or declare it operator-made, not both.");
            }
            if (o.create().isBlank()) {
                ctx.reportChart(findings, OPERATOR_MADE, "values.yaml", o.id() + " is declared operator-made without saying how to create it",
                        "Set create: the command or document that creates " + o.id() + ".");
            }
            if (!notesListAll && !ctx.request.notes().contains(o.name())) {
                ctx.reportChart(findings, OPERATOR_MADE, "templates/NOTES.txt", o.id() + " is made by the operator but templates/NOTES.txt does not list it",
                        "List the operator-made objects in NOTES.txt (range over .Values.global.operatorMade) with how to create them.");
            }
        }
    }

    /** The rendered release and what the checks share. */
    static final class Context {
        final Request request;
        final ReleaseIndex index;

        Context(Request request) {
            this.request = request;
            this.index = new ReleaseIndex(request.manifests(), request.releaseNamespace());
        }

        List<Manifest> manifests() {
            return request.manifests();
        }

        List<Workload> workloads() {
            return index.workloads();
        }

        String releaseNamespace() {
            return request.releaseNamespace();
        }

        String namespaceOf(Manifest m) {
            return m.namespace(request.releaseNamespace());
        }

        List<OperatorObject> operatorMadeObjects() {
            return request.operatorMade();
        }

        OperatorObject operatorMade(String kind, String namespace, String name) {
            for (OperatorObject o : request.operatorMade()) {
                if (o.kind().equals(kind) && o.name().equals(name) && (kind.equals("Namespace") || o.namespace().equals(namespace))) {
                    return o;
                }
            }
            return null;
        }

        /**
         * Whether {@code namespace} is one the operator makes (global.operatorMade) and the release runs nothing in (no
         * Namespace object, no workload; the other side of a connection, a NetworkPolicy, may be there): what runs there
         * is the operator's (a Kafka of its own, say).
         */
        boolean operatorsOnly(String namespace) {
            return request.operatorMade().stream().anyMatch(o -> o.kind().equals("Namespace") && o.name().equals(namespace))
                    && index.named("Namespace", namespace).isEmpty() && index.workloads(namespace).isEmpty();
        }

        /**
         * The spec's key for this environment's operator-made objects: {@code environments.<name>.global.operatorMade} for
         * an environment rendered with {@code values-<name>.yaml} (its own list replaces the base's), else the base's.
         */
        String operatorMadeKey() {
            String first = request.environment().split(",")[0];
            String file = first.substring(first.lastIndexOf('/') + 1);
            return file.matches("values-[a-z0-9-]+\\.yaml")
                    ? "environments." + file.substring("values-".length(), file.length() - ".yaml".length())
                            + ".global.operatorMade (the environment's list replaces the base's)"
                    : "global.operatorMade";
        }

        /** Namespaces the platform knows: rendered, holding rendered objects, or made by the operator. */
        Set<String> namespaces() {
            Set<String> all = new TreeSet<>();
            for (Manifest m : request.manifests()) {
                all.add(m.kind().equals("Namespace") ? m.name() : namespaceOf(m));
            }
            request.operatorMade().stream().filter(o -> o.kind().equals("Namespace")).forEach(o -> all.add(o.name()));
            request.operatorMade().stream().filter(o -> !o.namespace().isEmpty()).forEach(o -> all.add(o.namespace()));
            return all;
        }

        Manifest find(String kind, String namespace, String name) {
            return index.find(kind, namespace, name);
        }

        void report(List<Finding> findings, String ruleId, Manifest m, String message, String fix) {
            Rule rule = Rules.get(ruleId);
            findings.add(new Finding(ruleId, rule.severity(), m.chart(), m.file(), m.kind(), m.name(), message, fix, Set.of()));
        }

        void reportChart(List<Finding> findings, String ruleId, String file, String message, String fix) {
            Rule rule = Rules.get(ruleId);
            String chart = request.manifests().isEmpty() ? "" : request.manifests().get(0).source().split("/")[0];
            findings.add(new Finding(ruleId, rule.severity(), chart, file, "", "", message, fix, Set.of()));
        }
    }
}
