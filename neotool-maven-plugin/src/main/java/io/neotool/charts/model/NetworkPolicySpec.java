package io.neotool.charts.model;

import java.util.List;
import java.util.Map;

/**
 * The platform's NetworkPolicies (plan section 5.3): a default-deny policy and DNS egress in every platform
 * namespace and the other side of every service connection (the services' own {@code networkPolicy.egress} and
 * {@code ingress}), derived by the umbrella chart so a new service gets its policies too. The ingress controller's
 * way in is the router's, web's, Grafana's and each service's own (their {@code networkPolicy.ingressController}, which
 * follows this one).
 */
public record NetworkPolicySpec(
        @Doc(value = "Namespace of the cluster DNS pods (global.networkPolicy.dns names them; K3S: kube-system).",
                pattern = Names.DNS_1123_LABEL) String dnsNamespace,
        @Doc("The ingress controller: its pods (K3S: Traefik in kube-system) and the ranges a cloud load balancer sends "
                + "from. neotool:generate copies it into "
                + "router.networkPolicy.ingressController, web.networkPolicy.ingressController and "
                + "observability.networkPolicy.ingressController (Grafana) and each service's networkPolicy.ingressController "
                + "where the spec leaves those out; at install "
                + "time set those, which the charts read (this key alone changes nothing then).") IngressController ingressController,
        @Doc("The Prometheus that scrapes the platform where it is the cluster's own (kube-prometheus-stack's in "
                + "monitoring, say): its pods' namespace and app.kubernetes.io/name; empty app: the observability chart's "
                + "Prometheus where it runs, none otherwise. neotool:generate copies it into each service's "
                + "networkPolicy.ingress.prometheus and router.networkPolicy.metricsScraper where the spec leaves those "
                + "out.") Peer metricsScraper) {

    /**
     * Address ranges an egress to the internet (object storage on Cloudflare R2 or another S3 service) leaves closed: the private ranges
     * (RFC 1918, which hold K3S' pod and service CIDRs 10.42/16 and 10.43/16) and link-local (cloud metadata), and
     * their IPv6 counterparts, unique local (fc00::/7, which holds AWS's metadata address fd00:ec2::254) and link-local.
     * An IPv6 cluster whose pods have global addresses (EKS in IPv6) adds its own range.
     */
    public static final List<String> PRIVATE_RANGES = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16",
            "fc00::/7", "fe80::/10");

    public static final NetworkPolicySpec DEFAULTS = new NetworkPolicySpec("kube-system", IngressController.DEFAULTS,
            Peer.DEFAULTS);

    /**
     * Where the traffic of the cluster's ingress controller comes from: its pods, and the addresses of a cloud load
     * balancer that sends straight to the pods (no proxy pod in between), which a NetworkPolicy can only admit by range.
     */
    public record IngressController(
            @Doc(value = "Namespace of the controller's pods.", pattern = Names.DNS_1123_LABEL) String namespace,
            @Doc("Value of the controller's pods' app.kubernetes.io/name label (ingress-nginx, traefik); empty, with no "
                    + "podLabels: no pod sends the traffic, only cidrs do.") String app,
            @Doc(value = "IngressClass this controller serves (nginx, traefik, alb): an Ingress of the chart that names "
                    + "no class takes it, and one that names another is refused, as the NetworkPolicies admit this "
                    + "controller alone; empty: any class, and an Ingress that names none takes the cloud provider's.",
                    pattern = Names.DNS_1123_SUBDOMAIN) String className,
            @Doc(value = "IPv4 or IPv6 ranges a cloud load balancer sends from straight to the pods, admitted beside the pods: the AWS "
                    + "Load Balancer Controller's ALB with target-type ip (the ALB's subnets), GKE's Ingress (Google's "
                    + "proxies and health checks, 35.191.0.0/16 and 130.211.0.0/22), Azure's Application Gateway (its "
                    + "subnet); none by default.", pattern = Names.CIDR) List<String> cidrs,
            @Doc("Other labels of the controller's pods, for a controller that app.kubernetes.io/name does not name "
                    + "(OpenShift's routers: ingresscontroller.operator.openshift.io/deployment-ingresscontroller: "
                    + "default, in openshift-ingress); with app, its pods carry both.") Map<String, String> podLabels) {
        public static final IngressController DEFAULTS = new IngressController("kube-system", "traefik", "", List.of(), Map.of());

        public IngressController(String namespace, String app, String className, List<String> cidrs) {
            this(namespace, app, className, cidrs, Map.of());
        }

        /** Whether pods of the controller send the traffic (by app or labels), not only ranges. */
        public boolean hasPods() {
            return !app.isEmpty() || !podLabels.isEmpty();
        }
    }

    /**
     * A data chart's own NetworkPolicies (postgres, kafka, minio): the flows between its pods and the clients it admits.
     * They are rendered when both this switch and the platform's ({@code global.networkPolicy.enabled}) are on.
     */
    public record ChartPolicies(
            @Doc("Whether the chart renders its NetworkPolicies (with global.networkPolicy.enabled); off: write your "
                    + "own for its pods.") boolean enabled) {
        public static final ChartPolicies DEFAULTS = new ChartPolicies(true);
    }

    /** Pods of another workload: their namespace, their {@code app.kubernetes.io/name} label and a TCP port. */
    public record Peer(
            @Doc(value = "Namespace of the pods.", pattern = Names.DNS_1123_LABEL) String namespace,
            @Doc("Value of the pods' app.kubernetes.io/name label.") String app,
            @Doc(value = "TCP port; 0 means the service's http port (ingress) or any port (ingress controller).",
                    min = 0, max = 65535) int port) {
        public static final Peer DEFAULTS = new Peer("", "", 0);
    }
}
