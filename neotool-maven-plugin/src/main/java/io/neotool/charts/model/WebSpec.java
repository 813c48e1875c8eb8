package io.neotool.charts.model;

import java.util.List;
import java.util.Map;

/**
 * The Next.js frontend (plan section 4.1: {@code web: {enabled, replicas: 2, ingress: {enabled, hosts: [{host:
 * neotool.local}]}}}) in namespace neotool-web, and the platform's Ingress: {@code /} to web, {@code /graphql} to
 * the router. The ingress class follows global.cloudProvider unless set (K3S ships Traefik).
 */
public record WebSpec(
        @Doc("Whether to deploy the web frontend and its Ingress (off unless the spec enables it).") boolean enabled,
        @DeclaredNamespace
        @Doc(value = "Namespace of every web resource (the router's too: the Ingress routes to both).",
                pattern = Names.DNS_1123_LABEL) String namespace,
        @Doc("Web image; the repository is below global.imageRegistry unless registry is set. Pinned in prod.")
                ServiceSpec.Image image,
        @Doc(value = "Pod replicas when autoscaling is off; more than one gets a PodDisruptionBudget.", min = 1)
                int replicas,
        @Doc(value = "HTTP port Next.js listens on (PORT, containerPort `http`, Service port).", min = 1, max = 65535)
                int port,
        @Doc("Where the frontend sends GraphQL requests, as environment variables.") Graphql graphql,
        @Doc("Extra environment variables with literal values (never secrets).") Map<String, String> env,
        @Doc("Environment variables read from Secrets in the web namespace: NAME -> {secretName, key} (e.g. the "
                + "frontend's feature-flag client token).") Map<String, ServiceSpec.SecretKey> secretEnv,
        @Doc(value = "Next.js cache directory, an emptyDir (the root filesystem is read-only; /tmp is one too).",
                pattern = "^/.+") String cachePath,
        @Doc(value = "Most the cache directory may hold (its emptyDir's sizeLimit), on the node's disk: Next.js's image "
                + "optimizer writes a file per image, width, quality and format requested, which public requests can "
                + "multiply. Beyond it the kubelet evicts the pod, which starts again with an empty cache; without it the "
                + "node's disk would fill.", pattern = Quantity.PATTERN, required = true) String cacheSize,
        @Doc("The Ingress: / to web, graphqlPath to the router.") Ingress ingress,
        @Doc("CPU and memory requests and limits of the web container.") ServiceSpec.Resources resources,
        @Doc("HTTP startup, liveness and readiness probes on the `http` port.") ServiceSpec.Probes probes,
        @Doc(value = "Seconds a pod being stopped keeps serving before it gets SIGTERM (a preStop sleep, Kubernetes 1.30 "
                + "and later): the removal of its endpoint takes a moment to reach the ingress controller and kube-proxy, "
                + "and a pod that stopped at once would refuse their last requests. The grace period is 30 s more. 0: none.",
                min = 0, max = 60) int preStopSleepSeconds,
        @Doc("HorizontalPodAutoscaler (autoscaling/v2) on CPU utilisation; replaces replicas.")
                ServiceSpec.Autoscaling autoscaling,
        @Doc("PodDisruptionBudget, rendered when more than one pod can run.") ServiceSpec.DisruptionBudget podDisruptionBudget,
        @Doc("Rolling update of the Deployment.") ServiceSpec.RollingUpdate rollingUpdate,
        @Doc("The web's own ServiceAccount.") ServiceSpec.ServiceAccount serviceAccount,
        @Doc("Numeric user and groups the pod runs as (node images use 1000 `node` or 1001 `nextjs`).")
                ServiceSpec.SecurityContext securityContext,
        @Doc("NetworkPolicy of the web pods: the ingress controller in, the router and DNS out.") NetworkPolicy networkPolicy,
        @Doc("helm test Pod that GETs the readiness path through the web Service (docs/smoke-tests.md).")
                SmokeTest smokeTest) {

    public static final WebSpec DEFAULTS = new WebSpec(
            false,
            Components.WEB.namespace(),
            new ServiceSpec.Image("", "neotool-web", "", "", "IfNotPresent"),
            2,
            3000,
            Graphql.DEFAULTS,
            Map.of(),
            Map.of(),
            "/app/.next/cache",
            "1Gi",
            Ingress.DEFAULTS,
            new ServiceSpec.Resources(new ServiceSpec.Amounts("100m", "256Mi"), new ServiceSpec.Amounts("1000m", "512Mi")),
            new ServiceSpec.Probes(new ServiceSpec.StartupProbe(10, 5, 18), new ServiceSpec.Probe("/", 0, 10, 5, 3),
                    new ServiceSpec.Probe("/", 0, 5, 3, 3)),
            5,
            new ServiceSpec.Autoscaling(false, 2, 6, 80),
            ServiceSpec.DisruptionBudget.DEFAULTS,
            ServiceSpec.RollingUpdate.DEFAULTS,
            ServiceSpec.ServiceAccount.DEFAULTS,
            new ServiceSpec.SecurityContext(1001, 1001, 1001),
            NetworkPolicy.DEFAULTS,
            SmokeTest.DEFAULTS);

    public record Graphql(
            @Doc(value = "Server-side (in-cluster) GraphQL URL; empty: the router's Service, "
                    + "http://router.<router namespace>.svc.cluster.local:4000/graphql.", pattern = Names.HTTP_URL)
                    String internalUrl,
            @Doc(value = "Browser-side GraphQL URL; empty: <scheme>://<first ingress host><ingress.graphqlPath>, from the "
                    + "Ingress the chart renders (with the Ingress off, set it).", pattern = Names.HTTP_URL) String publicUrl,
            @Doc(value = "Environment variable that carries internalUrl.", pattern = Names.ENV_NAME) String internalUrlEnv,
            @Doc(value = "Environment variable that carries publicUrl: the frontend reads GRAPHQL_ENDPOINT on the server and "
                    + "hands it to the browser (its runtime config), so that one must be the public URL.",
                    pattern = Names.ENV_NAME) String publicUrlEnv) {
        public static final Graphql DEFAULTS =
                new Graphql("", "", "GRAPHQL_INTERNAL_ENDPOINT", "GRAPHQL_ENDPOINT");
    }

    public record Ingress(
            @Doc("Whether to render the Ingress.") boolean enabled,
            @Doc(value = "IngressClass; empty: the class of the chart's networkPolicy.ingressController, else the one of "
                    + "global.cloudProvider (local: traefik, aws: alb, gcp: gce, azure: azure-application-gateway); one other "
                    + "than a class the controller names is refused.", pattern = Names.DNS_1123_SUBDOMAIN) String className,
            @Doc("Host names served, e.g. neotool.local (dev) or neotool.example.com (prod).") List<Host> hosts,
            @Doc(value = "Path routed to the router's Service on port 4000; empty routes everything to web.",
                    pattern = "^/.*") String graphqlPath,
            @Doc(value = "Name of the router's Service (in the same namespace: an Ingress only routes to its own).",
                    pattern = Names.DNS_1123_LABEL) String routerService,
            @Doc("TLS termination at the ingress controller; required in prod.") Tls tls,
            @Doc("Extra Ingress annotations (e.g. Traefik middlewares, cert-manager issuer).") Map<String, String> annotations) {
        public static final Ingress DEFAULTS = new Ingress(true, "", List.of(new Host("neotool.local")),
                "/graphql", "router", Tls.DEFAULTS, Map.of());
    }

    public record Host(@Doc(value = "A host name.", pattern = Names.HOST_NAME) String host) {
        public static final Host DEFAULTS = new Host("");
    }

    public record Tls(
            @Doc("Whether the Ingress terminates TLS for its hosts.") boolean enabled,
            @Doc(value = "Secret of type kubernetes.io/tls holding the certificate (created by you or cert-manager).",
                    pattern = Names.DNS_1123_SUBDOMAIN) String secretName) {
        public static final Tls DEFAULTS = new Tls(false, "");
    }

    public record NetworkPolicy(
            @Doc("Whether to render the web's NetworkPolicy (with the umbrella's default-deny: nothing else), with "
                    + "global.networkPolicy.enabled.")
                    boolean enabled,
            @Doc(value = "Namespace of the cluster DNS pods (global.networkPolicy.dns names them).", pattern = Names.DNS_1123_LABEL)
                    String dnsNamespace,
            @Doc("The ingress controller's pods, the only ones admitted on the http port, by the web's policy and by "
                    + "web-from-ingress-controller, with its cidrs (so the pods are isolated even installed alone; "
                    + "neither app nor cidrs leaves ingress to other policies).")
                    NetworkPolicySpec.IngressController ingressController) {
        public static final NetworkPolicy DEFAULTS = new NetworkPolicy(true, "kube-system",
                NetworkPolicySpec.IngressController.DEFAULTS);
    }

    /** The origins browsers load the frontend from: each ingress host, https when TLS is on. */
    public List<String> origins() {
        if (!enabled || !ingress.enabled()) {
            return List.of();
        }
        String scheme = ingress.tls().enabled() ? "https://" : "http://";
        return ingress.hosts().stream().map(h -> scheme + h.host()).toList();
    }

    /**
     * This section as the chart sees it: an empty internal GraphQL URL becomes the router's. An empty public one stays
     * empty: the chart derives it from the Ingress it renders, so that hosts or TLS changed at install time carry it.
     */
    public WebSpec resolved(PlatformSpec spec) {
        String internal = graphql.internalUrl().isEmpty() ? spec.router().internalUrl() : graphql.internalUrl();
        return Records.with(this, "graphql", Records.with(graphql, "internalUrl", internal));
    }
}
