package io.neotool.charts.verify;

import io.neotool.charts.verify.NetworkPolicies.Pod;
import io.neotool.charts.verify.PlatformVerifier.Context;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the platform's connections where each client is told about them: an in-cluster host a workload is given (env
 * value, command-line argument, a key of a Secret or ConfigMap it reads or mounts, comment lines skipped: {@code name.namespace.svc.cluster.local:port},
 * {@code name.namespace:port}, {@code pod.headless}, a short name, a HOST/PORT pair, libpq {@code host=... port=...},
 * a URL's default port); every Ingress backend (from the ingress controller of the Ingress's chart, {@link PlatformVerifier.Request#ingressControllerOf}); every pod annotated
 * {@code prometheus.io/scrape} (from the workload whose config discovers pods that way); every Service a ServiceMonitor
 * selects (from the cluster's Prometheus, where the values name it). Checks each address: it names a
 * rendered Service and a port it exposes (or an existing StatefulSet pod and a declared port).
 */
final class FlowFinder {
    /** The lint rules this class applies, each defined where it is applied; {@link Rules} lists them all. */
    static final RuleSet RULES = new RuleSet();

    /** A host-like token (DNS labels and dots); scheme, user info and port are read around it. */
    private static final Pattern HOST = Pattern.compile("[a-z0-9][-a-z0-9.]*+");
    private static final Pattern SCHEME_BEFORE = Pattern.compile("([a-z][a-z0-9+.-]*)://(?:[^@\\s/'\"]+@)?$");
    private static final Pattern PORT_AFTER = Pattern.compile("^:(\\d{1,5})(?!\\d)");
    /** What follows a URL's user: its password, if any, then '@' (scheme://user:$(PASSWORD)@host). */
    private static final Pattern USER_AFTER = Pattern.compile("^(?::[^@\\s/'\"]*)?@");
    /** Comment lines of config files (#, //), which name addresses in prose. */
    private static final Pattern COMMENT = Pattern.compile("(?m)^\\s*(#|//).*$");
    private static final Pattern LIBPQ_PORT = Pattern.compile("^\\s+port=(\\d{1,5})");
    private static final Pattern HOST_ENV = Pattern.compile("(?i).*(HOST|HOSTNAME|ADDR|ADDRESS|URL|URI|ENDPOINT|SERVER|SERVERS)$");

    /** Where a client learnt an address: its text and a description ("env POSTGRES_HOST of container app"). */
    record Given(String text, String via, boolean hostLike, Map<String, String> siblings) {}

    private final Context ctx;
    private final Set<String> namespaces;
    private final Map<String, Flow> flows = new TreeMap<>();

    FlowFinder(Context ctx) {
        this.ctx = ctx;
        this.namespaces = ctx.namespaces();
    }

    /** Every flow, keyed (and so ordered) by client, server and port, with its address checked. */
    Map<String, Flow> find() {
        for (Workload w : ctx.workloads()) {
            for (Given given : givens(w)) {
                addresses(w, given);
            }
        }
        ingresses();
        scraping();
        serviceMonitors();
        return flows;
    }

    private final Map<Workload, List<Given>> givens = new java.util.IdentityHashMap<>();

    private Map<String, List<String>> serviceNamespaces;

    /** The namespaces of the release's Services by name, sorted. */
    private Map<String, List<String>> serviceNamespaces() {
        if (serviceNamespaces == null) {
            Map<String, List<String>> byName = new java.util.HashMap<>();
            ctx.manifests().stream().filter(m -> m.kind().equals("Service"))
                    .forEach(m -> byName.computeIfAbsent(m.name(), n -> new ArrayList<>()).add(ctx.namespaceOf(m)));
            byName.values().forEach(java.util.Collections::sort);
            serviceNamespaces = byName;
        }
        return serviceNamespaces;
    }

    /** What a workload is given (computed once per workload). */
    List<Given> givens(Workload w) {
        return givens.computeIfAbsent(w, this::readGivens);
    }

    private List<Given> readGivens(Workload w) {
        List<Given> out = new ArrayList<>();
        for (Map<String, Object> c : w.allContainers()) {
            String cn = "container " + Yaml.str(c.get("name"));
            for (String field : new String[] {"command", "args"}) {
                for (Object arg : Yaml.list(c.get(field))) {
                    out.add(new Given(COMMENT.matcher(Yaml.str(arg)).replaceAll(""), field + " of " + cn, false, Map.of()));
                }
            }
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
                                    hostLike, siblings(name, literals)));
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

    /** For {@code X_HOST} or {@code X_HOSTNAME}: the literal {@code X_PORT} beside it. */
    private static Map<String, String> siblings(String name, Map<String, String> literals) {
        String upper = name.toUpperCase(java.util.Locale.ROOT);
        String suffix = upper.endsWith("HOSTNAME") ? "HOSTNAME" : upper.endsWith("HOST") ? "HOST" : "";
        if (suffix.isEmpty()) {
            return Map.of();
        }
        String portName = name.substring(0, name.length() - suffix.length()) + "PORT";
        String port = literals.get(portName);
        return port == null ? Map.of() : Map.of("port", port, "portVia", portName);
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

    public static final String FLOW_ADDRESS = RULES.define("flow-address", "platform", Severity.ERROR, "",
            "What a client is given (env, config, URL) must name a rendered Service (name.namespace.svc.cluster.local, or the "
                    + "short name in its own namespace) and a port that Service exposes.",
            "Point the client at a rendered Service and one of its ports.");

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
            if (text.startsWith("://", m.start() - 3) && USER_AFTER.matcher(text.substring(end)).find()) {
                continue; // the URL's user, not its host
            }
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
                    List<String> elsewhere = serviceNamespaces().getOrDefault(svc, List.of());
                    if (elsewhere.isEmpty()) {
                        continue; // not a Service of this release: localhost, an outside host
                    }
                    Flow f = flow(w, given.via(), elsewhere.get(0), svc, "", null, port == null ? "?" : port);
                    f.checks.put(PlatformFlows.ADDRESS_CHECK, "failed");
                    f.problem(FLOW_ADDRESS, "the short name " + svc + " resolves only in the client's namespace " + ns
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
        return flow(client, null, null, client.manifest(), via, ns, svc, pod, target, port);
    }

    /**
     * A flow from {@code client}, or (client null) from the outsider {@code outsider} in its {@code role} (Flow's roles);
     * its findings are reported on {@code anchor} (the client's manifest, an outsider's Ingress or ServiceMonitor).
     */
    private Flow flow(Workload client, PlatformVerifier.Outsider outsider, String role, Manifest anchor, String via,
            String ns, String svc, String pod, Workload target, String port) {
        String from = client == null ? role + " " + outsider : Flow.node(client.manifest(), client.namespace());
        String key = from + "|" + ns + "/" + svc + "/" + pod + "/" + (target == null ? "" : target.manifest().id()) + "|" + port;
        Flow f = flows.computeIfAbsent(key, k -> new Flow(client, outsider, role, anchor, ns, svc, pod, target, port));
        f.via.add(via);
        return f;
    }

    /** The address check of a Service (or StatefulSet pod) flow. */
    private void address(Flow f) {
        if (f.checks.containsKey(PlatformFlows.ADDRESS_CHECK)) {
            return;
        }
        Manifest svc = ctx.find("Service", f.serverNamespace, f.serverName);
        if (svc == null && ctx.operatorsOnly(f.serverNamespace)) {
            // an operator's Service (a Kafka an operator runs there): neither it nor its pods are the chart's to check
            f.checks.put(PlatformFlows.ADDRESS_CHECK, PlatformFlows.OPERATORS);
            return;
        }
        if (svc == null) {
            f.checks.put(PlatformFlows.ADDRESS_CHECK, "failed");
            f.problem(FLOW_ADDRESS, "names Service " + f.serverName + " in namespace " + f.serverNamespace + ", which is not rendered",
                    "Point the client at a rendered Service (name.namespace.svc.cluster.local:port), or render the Service.");
            return;
        }
        if (f.port.equals("?")) {
            f.checks.put(PlatformFlows.ADDRESS_CHECK, "failed");
            f.problem(FLOW_ADDRESS, "gives no port for Service " + f.serverName,
                    "Give host:port (or a PORT variable beside the HOST one).");
            return;
        }
        if (!f.podName.isEmpty()) {
            Workload set = podOwner(f);
            if (set == null) {
                f.checks.put(PlatformFlows.ADDRESS_CHECK, "failed");
                f.problem(FLOW_ADDRESS, "names pod " + f.podName + " of headless Service " + f.serverName
                        + ", but no StatefulSet with serviceName " + f.serverName + " has that pod",
                        "Name a pod <statefulset>-<ordinal> below the StatefulSet's replicas.");
                return;
            }
            if (!NetworkPolicies.containerPorts(set.podSpec()).contains(f.port + "/TCP")) {
                f.checks.put(PlatformFlows.ADDRESS_CHECK, "failed");
                f.problem(FLOW_ADDRESS, "port " + f.port + " is not a containerPort of " + set.manifest().id(),
                        "Use a port the pods declare.");
                return;
            }
            f.checks.put(PlatformFlows.ADDRESS_CHECK, "ok");
            return;
        }
        boolean exposed = Yaml.listAt(svc.body(), "spec", "ports").stream().anyMatch(p -> Yaml.str(Yaml.at(p, "port")).equals(f.port));
        if (!exposed) {
            List<String> ports = Yaml.listAt(svc.body(), "spec", "ports").stream().map(p -> Yaml.str(Yaml.at(p, "port"))).toList();
            f.checks.put(PlatformFlows.ADDRESS_CHECK, "failed");
            f.problem(FLOW_ADDRESS, "Service " + f.serverName + " does not expose port " + f.port + " (it exposes " + ports + ")",
                    "Use one of the Service's ports, or add the port to the Service.");
            return;
        }
        f.checks.put(PlatformFlows.ADDRESS_CHECK, "ok");
    }

    Workload podOwner(Flow f) {
        for (Workload w : ctx.index.workloads(f.serverNamespace)) {
            if (w.manifest().kind().equals("StatefulSet")
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
                    port = portNamed(ctx.find("Service", ns, name), Yaml.str(Yaml.at(b, "service", "port", "name")));
                }
                Flow f = flow(null, ctx.request.ingressControllerOf(ing), Flow.INGRESS_CONTROLLER, ing, ing.id(), ns, name,
                        "", null, port);
                address(f);
            }
        }
    }

    /** The number of a Service's port named {@code name}; "?" without the Service or such a port. */
    private static String portNamed(Manifest svc, String name) {
        return svc == null ? "?" : Yaml.listAt(svc.body(), "spec", "ports").stream()
                .filter(p -> Yaml.str(Yaml.at(p, "name")).equals(name)).map(p -> Yaml.str(Yaml.at(p, "port")))
                .findFirst().orElse("?");
    }

    /**
     * The cluster's Prometheus (the values' networkPolicy.metricsScraper, {@link PlatformVerifier.Request#metricsScraper})
     * to every Service a ServiceMonitor selects (its selector, in its namespaceSelector's namespaces, any with any: true,
     * else its own),
     * on the port each endpoint names; a ServiceMonitor that selects no Service, or names a port its Service lacks, is
     * reported. Without the cluster's Prometheus, no ServiceMonitor has a client to prove.
     */
    private void serviceMonitors() {
        PlatformVerifier.Outsider scraper = ctx.request.metricsScraper();
        if (scraper == null) {
            return;
        }
        for (Manifest monitor : ctx.manifests()) {
            if (!monitor.kind().equals("ServiceMonitor")) {
                continue;
            }
            boolean any = Yaml.isTrue(monitor.at("spec", "namespaceSelector", "any"));
            List<String> matchNames = Yaml.listAt(monitor.body(), "spec", "namespaceSelector", "matchNames").stream()
                    .map(Yaml::str).toList();
            List<String> in = any ? List.of("any namespace") : matchNames.isEmpty() ? List.of(ctx.namespaceOf(monitor)) : matchNames;
            Map<String, Object> selector = Yaml.mapAt(monitor.body(), "spec", "selector");
            List<Manifest> selected = ctx.manifests().stream().filter(m -> m.kind().equals("Service")
                    && (any || in.contains(ctx.namespaceOf(m)))
                    && LabelSelector.matches(selector, Yaml.mapAt(m.body(), "metadata", "labels"))).toList();
            String via = "ServiceMonitor " + monitor.id();
            if (selected.isEmpty()) {
                Flow f = flow(null, scraper, Flow.METRICS_SCRAPER, monitor, via, in.get(0), "(none selected)", "", null, "?");
                f.checks.put(PlatformFlows.ADDRESS_CHECK, "failed");
                f.problem(FLOW_ADDRESS, via + " selects no Service in " + String.join(", ", in) + " (selector " + selector + ")",
                        "Make the ServiceMonitor's selector match the labels of the Service to scrape, in its namespace.");
                continue;
            }
            for (Object endpoint : Yaml.listAt(monitor.body(), "spec", "endpoints")) {
                String portName = Yaml.str(Yaml.at(endpoint, "port"));
                for (Manifest svc : selected) {
                    String port = portNamed(svc, portName);
                    Flow f = flow(null, scraper, Flow.METRICS_SCRAPER, monitor, via + " endpoint " + portName,
                            ctx.namespaceOf(svc), svc.name(), "", null, port);
                    if (port.equals("?")) {
                        f.checks.put(PlatformFlows.ADDRESS_CHECK, "failed");
                        f.problem(FLOW_ADDRESS, via + " scrapes port '" + portName + "', which Service " + svc.name()
                                + " does not name", "Name one of the Service's ports in the ServiceMonitor's endpoint.");
                    } else {
                        address(f);
                    }
                }
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
                    f.checks.put(PlatformFlows.ADDRESS_CHECK, "ok");
                } else {
                    f.checks.put(PlatformFlows.ADDRESS_CHECK, "failed");
                    f.problem(FLOW_ADDRESS, "prometheus.io/port " + (port.isEmpty() ? "is not set" : port + " is not a containerPort of the pods"),
                            "Set prometheus.io/port to the pods' metrics containerPort.");
                }
            }
        }
    }
}
