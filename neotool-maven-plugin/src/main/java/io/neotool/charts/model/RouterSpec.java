package io.neotool.charts.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Apollo Router, the platform's GraphQL federation gateway (plan sections 1 and 2.2), in namespace neotool-web.
 * Its configuration and the supergraph schema come from ConfigMaps; the subgraphs are the platform's services
 * that the supergraph composes (each at {@code http://<service>.<namespace>.svc.cluster.local:<port>/graphql} unless
 * {@code subgraphs} names them), so a new service is routed to, and reachable, without touching this section.
 */
public record RouterSpec(
        @Doc("Whether to deploy Apollo Router (off unless the spec enables it: it needs a supergraph).") boolean enabled,
        @DeclaredNamespace
        @Doc(value = "Namespace of every router resource; the ingress and web reach router.<namespace>.svc:4000.",
                pattern = Names.DNS_1123_LABEL) String namespace,
        @Doc("Router image (ghcr.io/apollographql/router); never `latest`.") ServiceSpec.Image image,
        @Doc(value = "Pod replicas when autoscaling is off; more than one gets a PodDisruptionBudget.", min = 1)
                int replicas,
        @Doc("The supergraph schema the router serves: exactly one of schema (SDL text, mounted from a ConfigMap) and "
                + "urls (APOLLO_ROUTER_SUPERGRAPH_URLS, fetched once at start) is set.") Supergraph supergraph,
        @Doc(value = "HTTP path of the GraphQL endpoint on port 4000 (supergraph.path); web.ingress.graphqlPath routes here.",
                pattern = "^/.*") String path,
        @Doc("The router's own Ingress, for a GraphQL API served without web (a mobile app's backend, a public API) or "
                + "on hosts of its own: its path (router.path unless written) routes to the router on each host. Off by default: with web, web's Ingress "
                + "routes web.ingress.graphqlPath here.") IngressSpec ingress,
        @Doc("Subgraph name -> URL the router sends its queries to (override_subgraph_url). Empty: every service "
                + "of the spec that supergraph.schema composes (its join__Graph; every service with supergraph.urls) at "
                + "http://<service>.<namespace>.svc.cluster.local:<port>/graphql. Each name must be a declared service "
                + "and a subgraph of supergraph.schema.") Map<String, String> subgraphs,
        @Doc("Origins the browser may call the router from (CORS). Empty: the web ingress hosts, https when the "
                + "ingress has TLS.") List<String> corsOrigins,
        @Doc("Request headers the router passes on to every subgraph (headers.all.request propagate): Apollo Router "
                + "passes none by default, so without authorization the services never see the caller's token.")
                List<String> propagateHeaders,
        @Doc("Whether the errors of the subgraphs reach the client with their message and extensions "
                + "(include_subgraph_errors.all). Off, Apollo Router replaces each one's message with \"Subgraph errors "
                + "redacted\" and drops its extensions (the code), and a client cannot tell an expired token from any "
                + "other error.") boolean includeSubgraphErrors,
        @Doc("Extension keys of a subgraph's error that reach the client with it while includeSubgraphErrors is on "
                + "(include_subgraph_errors.all.allow_extensions_keys); Apollo Router drops every other key, such as an "
                + "exception's class or stack trace and the subgraph's name. Default: code, which the frontend reads.")
                List<String> subgraphErrorExtensions,
        @Doc(value = "Seconds the router gives each call to a subgraph, and the whole request (traffic_shaping; Apollo "
                + "Router's own default, 30). A proxy in front must wait as long: an ALB's idle timeout is 60 s, Google's "
                + "load balancer's backend timeout 30 s.", min = 1, max = 3600) int timeoutSeconds,
        @Doc(value = "Subgraph name -> seconds the router gives each call to it, in place of timeoutSeconds (a service "
                + "whose answers take longer, such as an assistant that calls a model and tools); the whole request then "
                + "gets the longest.", min = 1, max = 3600) Map<String, Integer> subgraphTimeoutSeconds,
        @Doc(value = "Router log level (APOLLO_ROUTER_LOG).", oneOf = {"error", "warn", "info", "debug", "trace"})
                String logLevel,
        @Doc("CPU and memory requests and limits of the router container.") ServiceSpec.Resources resources,
        @Doc("HTTP probes on the health port 8088 (startup and /health?live restart, /health?ready gates traffic).")
                ServiceSpec.Probes probes,
        @Doc(value = "Seconds a pod being stopped keeps serving before it gets SIGTERM (a preStop sleep, Kubernetes 1.30 "
                + "and later): the removal of its endpoint takes a moment to reach the ingress controller and kube-proxy, "
                + "and a pod that stopped at once would refuse their last requests. The grace period is 30 s more. 0: none.",
                min = 0, max = 60) int preStopSleepSeconds,
        @Doc("HorizontalPodAutoscaler (autoscaling/v2) on CPU utilisation; replaces replicas.")
                ServiceSpec.Autoscaling autoscaling,
        @Doc("PodDisruptionBudget, rendered when more than one pod can run.") ServiceSpec.DisruptionBudget podDisruptionBudget,
        @Doc("Rolling update of the Deployment.") ServiceSpec.RollingUpdate rollingUpdate,
        @Doc("Prometheus scraping of the router's metrics on port 9090 through pod annotations.") Metrics metrics,
        @Doc("The router's own ServiceAccount.") ServiceSpec.ServiceAccount serviceAccount,
        @Doc("Numeric user and groups the pod runs as (the image's USER is the name `router`, uid 1000).")
                ServiceSpec.SecurityContext securityContext,
        @Doc("NetworkPolicy of the router's pods: web and the ingress controller in, the subgraphs and DNS out.")
                NetworkPolicy networkPolicy,
        @Doc("helm test Pod that POSTs a GraphQL query (smokeTest.query) to the router's Service (docs/smoke-tests.md).")
                SmokeTest smokeTest) {

    /** The router's ports (container and Service): GraphQL, health checks, Prometheus metrics. */
    public static final int HTTP_PORT = 4000;
    public static final int HEALTH_PORT = 8088;
    public static final int METRICS_PORT = 9090;

    public static final RouterSpec DEFAULTS = new RouterSpec(
            false,
            Components.ROUTER.namespace(),
            new ServiceSpec.Image("ghcr.io", "apollographql/router", "v2.7.0", "", "IfNotPresent"),
            1,
            Supergraph.DEFAULTS,
            "/graphql",
            IngressSpec.DEFAULTS,
            Map.of(),
            List.of(),
            List.of("authorization", "x-request-id", "traceparent"),
            true,
            List.of("code"),
            30,
            Map.of(),
            "info",
            new ServiceSpec.Resources(new ServiceSpec.Amounts("100m", "256Mi"), new ServiceSpec.Amounts("1000m", "512Mi")),
            new ServiceSpec.Probes(new ServiceSpec.StartupProbe(5, 3, 24), new ServiceSpec.Probe("/health?live", 0, 10, 5, 3),
                    new ServiceSpec.Probe("/health?ready", 0, 5, 3, 3)),
            5,
            new ServiceSpec.Autoscaling(false, 2, 6, 80),
            ServiceSpec.DisruptionBudget.DEFAULTS,
            ServiceSpec.RollingUpdate.DEFAULTS,
            Metrics.DEFAULTS,
            ServiceSpec.ServiceAccount.DEFAULTS,
            new ServiceSpec.SecurityContext(1000, 1000, 1000),
            NetworkPolicy.DEFAULTS,
            SmokeTest.DEFAULTS);

    /** Seconds the router gives a whole request: the longest of timeoutSeconds and subgraphTimeoutSeconds. */
    public int requestTimeoutSeconds() {
        return subgraphTimeoutSeconds.values().stream().reduce(timeoutSeconds, Math::max);
    }

    public record Metrics(
            @Doc("Whether to annotate pods for Prometheus scraping.") boolean enabled,
            @Doc(value = "HTTP path of the router's Prometheus metrics.", pattern = "^/.*", required = true) String path) {
        public static final Metrics DEFAULTS = new Metrics(true, "/metrics");
    }

    public record SmokeTest(
            @Doc("Whether to render the GraphQL smoke test Pod and its NetworkPolicies.") boolean enabled,
            @Doc("Image with /bin/sh and curl (curlimages/curl runs as uid 100).") ContainerImage image,
            @Doc("Numeric user and group of the test Pod.") ServiceSpec.SecurityContext securityContext,
            @Doc("The GraphQL query the test POSTs. `{ __typename }` the router answers alone; a field of a subgraph "
                    + "also proves the router reaches it: an answer without data, or with a failed fetch from a "
                    + "subgraph (SUBREQUEST_HTTP_ERROR), fails the test.") String query) {
        public static final SmokeTest DEFAULTS = new SmokeTest(true, ContainerImage.of("curlimages/curl", "8.11.1"),
                new ServiceSpec.SecurityContext(100, 101, 101), "{ __typename }");
    }

    public record Supergraph(
            @Doc("The composed supergraph SDL (`rover supergraph compose` output), mounted from a ConfigMap at "
                    + "/dist/schema/supergraph.graphql; the url of each subgraph the router overrides (subgraphs) is "
                    + "written there as the URL the router calls.") String schema,
            @Doc("URLs the router fetches the supergraph from, once when it starts (APOLLO_ROUTER_SUPERGRAPH_URLS): "
                    + "restart the router after publishing a new one.")
                    List<String> urls) {
        public static final Supergraph DEFAULTS = new Supergraph("", List.of());

        /** A GraphQL string literal, with its escapes. */
        private static final String STRING = "\"(?:[^\"\\\\]|\\\\.)*\"";
        private static final Pattern JOIN_GRAPH = Pattern.compile("@join__graph\\(((?:[^)\"]|" + STRING + ")*)\\)");
        private static final Pattern NAME_ARGUMENT = Pattern.compile("(?:^|[\\s,])name\\s*:\\s*\"([^\"]+)\"");
        private static final Pattern URL_ARGUMENT = Pattern.compile("((?:^|[\\s,])url\\s*:\\s*)" + STRING);

        /**
         * The subgraphs {@code schema} composes (the names of its {@code join__Graph} values); empty when that is not
         * known here: the router fetches the supergraph from {@code urls}, or the schema names no subgraph.
         */
        public Optional<Set<String>> composed() {
            Set<String> names = new TreeSet<>();
            Matcher m = JOIN_GRAPH.matcher(schema);
            while (m.find()) {
                Matcher name = NAME_ARGUMENT.matcher(m.group(1)); // its arguments in any order
                if (name.find()) {
                    names.add(name.group(1));
                }
            }
            return names.isEmpty() ? Optional.empty() : Optional.of(names);
        }

        /**
         * This supergraph with the url of each subgraph in {@code overrides} (name -> URL: the router's
         * override_subgraph_url, which it calls instead) written as that URL, so that the mounted schema names what
         * the router calls; a subgraph without an override keeps its url.
         */
        Supergraph withUrls(Map<String, String> overrides) {
            StringBuilder out = new StringBuilder();
            Matcher m = JOIN_GRAPH.matcher(schema);
            while (m.find()) {
                Matcher name = NAME_ARGUMENT.matcher(m.group(1));
                String url = name.find() ? overrides.get(name.group(1)) : null;
                String graph = url == null ? m.group() : "@join__graph(" + URL_ARGUMENT.matcher(m.group(1)).replaceFirst(
                        "$1" + Matcher.quoteReplacement('"' + url.replace("\\", "\\\\").replace("\"", "\\\"") + '"')) + ")";
                m.appendReplacement(out, Matcher.quoteReplacement(graph));
            }
            m.appendTail(out);
            return new Supergraph(out.toString(), urls);
        }
    }

    public record NetworkPolicy(
            @Doc("Whether to render the router's NetworkPolicy (with the umbrella's default-deny: nothing else), with "
                    + "global.networkPolicy.enabled.")
                    boolean enabled,
            @Doc(value = "Namespace of the cluster DNS pods (global.networkPolicy.dns names them).", pattern = Names.DNS_1123_LABEL)
                    String dnsNamespace,
            @Doc("Pods that scrape the metrics port 9090 (Prometheus); an empty app disables it.")
                    NetworkPolicySpec.Peer metricsScraper,
            @Doc("The ingress controller's pods, admitted on the GraphQL port 4000 by the policy "
                    + "router-from-ingress-controller (with its cidrs); neither app nor cidrs renders none.")
                    NetworkPolicySpec.IngressController ingressController,
            @Doc(value = "Address ranges excluded from the egress to supergraph.urls (their port, to any other address: where "
                    + "CI publishes the supergraph has no fixed address): the private and link-local ranges, so that the "
                    + "rule opens the internet, not the cluster.", pattern = Names.CIDR) List<String> exceptCidrs) {
        public static final NetworkPolicy DEFAULTS = new NetworkPolicy(true, "kube-system",
                new NetworkPolicySpec.Peer("neotool-observability", "prometheus", METRICS_PORT),
                NetworkPolicySpec.IngressController.DEFAULTS, NetworkPolicySpec.PRIVATE_RANGES);
    }

    /** The in-cluster URL of the router's GraphQL endpoint. */
    public String internalUrl() {
        return "http://router." + namespace + ".svc.cluster.local:" + HTTP_PORT + path;
    }

    /**
     * This section as the charts see it: an empty {@code subgraphs} becomes every service of the spec the supergraph
     * composes, empty {@code corsOrigins} the web's public origins.
     */
    public RouterSpec resolved(PlatformSpec spec) {
        Map<String, String> graphs = subgraphs.isEmpty() ? defaultSubgraphs(spec.services(), supergraph.composed()) : subgraphs;
        List<String> origins = corsOrigins.isEmpty() ? spec.web().origins() : corsOrigins;
        RouterSpec r = Records.with(Records.with(this, "supergraph", supergraph.withUrls(graphs)), "subgraphs", graphs);
        return Records.with(r, "corsOrigins", origins);
    }

    /** Every service the supergraph composes (every service when only the router reads it) at its in-cluster GraphQL URL. */
    static Map<String, String> defaultSubgraphs(Map<String, ServiceSpec> services, Optional<Set<String>> composed) {
        Map<String, String> graphs = new LinkedHashMap<>();
        new TreeMap<>(services).forEach((name, s) -> {
            if (composed.map(names -> names.contains(name)).orElse(true)) {
                graphs.put(name, "http://" + name + "." + s.namespace() + ".svc.cluster.local:" + s.port() + "/graphql");
            }
        });
        return graphs;
    }
}
