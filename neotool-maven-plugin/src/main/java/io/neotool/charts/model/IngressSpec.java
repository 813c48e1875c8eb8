package io.neotool.charts.model;

import java.util.List;
import java.util.Map;

/**
 * An Ingress of a component's own, off by default: the router's (a GraphQL API served without web) or a service's (an
 * HTTP API served to the outside directly). Web's Ingress, which routes to web and to the router, is {@link WebSpec}'s.
 */
public record IngressSpec(
        @Doc("Whether to render the Ingress.") boolean enabled,
        @Doc(value = "IngressClass; empty: the class of the chart's networkPolicy.ingressController, else the one of "
                + "global.cloudProvider (local: traefik, aws: alb, gcp: gce, azure: azure-application-gateway); one other "
                + "than a class the controller names is refused.", pattern = Names.DNS_1123_SUBDOMAIN) String className,
        @Doc("Host names served, e.g. api.example.com; a host and path another Ingress of the platform routes already "
                + "is refused.") List<WebSpec.Host> hosts,
        @Doc(value = "Path routed (Prefix, passed on unchanged) on each host; empty: the router's router.path, a "
                + "service's whole host (/).", pattern = "^(/.*)?$") String path,
        @Doc("TLS termination at the ingress controller; required in prod.") WebSpec.Tls tls,
        @Doc("Extra Ingress annotations (e.g. Traefik middlewares, cert-manager issuer).") Map<String, String> annotations) {
    public static final IngressSpec DEFAULTS = new IngressSpec(false, "", List.of(), "", WebSpec.Tls.DEFAULTS, Map.of());

    /**
     * Why the API server refuses {@code path} as an Ingress's Prefix path, or null: it may not hold //, /./, /../ or an
     * encoded slash, nor end in /. or /.. (the charts refuse the same at install time, lib.ingress).
     */
    public static String refusedPath(String path) {
        for (String part : List.of("//", "/./", "/../", "%2f", "%2F")) {
            if (path.contains(part)) {
                return "has " + part + " in it";
            }
        }
        return path.endsWith("/.") || path.endsWith("/..") ? "ends in " + path.substring(path.lastIndexOf('/')) : null;
    }

    /**
     * The Ingress annotations that give a cloud load balancer's own certificate (GKE's managed or pre-shared ones, ACM's
     * for an ALB, an Application Gateway's): an Ingress with one serves TLS without a kubernetes.io/tls Secret, so its
     * {@code tls.secretName} may stay empty (lib.ingress lists the same).
     */
    public static final List<String> CLOUD_CERTIFICATE_ANNOTATIONS = List.of("networking.gke.io/managed-certificates",
            "ingress.gcp.kubernetes.io/pre-shared-cert", "alb.ingress.kubernetes.io/certificate-arn",
            "appgw.ingress.kubernetes.io/appgw-ssl-certificate");

    /** Whether {@code annotations} give the load balancer's own certificate ({@link #CLOUD_CERTIFICATE_ANNOTATIONS}). */
    public static boolean cloudCertificate(Map<String, ?> annotations) {
        return CLOUD_CERTIFICATE_ANNOTATIONS.stream().anyMatch(annotations::containsKey);
    }

    /** The IngressClass of each global.cloudProvider, as the charts resolve an empty className (lib.cloud). */
    public static final Map<String, String> CLOUD_CLASSES = Map.of("local", "traefik", "aws", "alb", "gcp", "gce",
            "azure", "azure-application-gateway");

    /** The path routed: the one written, else {@code own}. */
    public String pathOr(String own) {
        return path.isEmpty() ? own : path;
    }
}
