package io.neotool.charts.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The platform's Ingress routes (web's, the router's, Grafana's, the services'): no host and path routed by two
 * Ingresses of one IngressClass, which would leave the choice of backend to the ingress controller; the router's own
 * Ingress leads to its GraphQL path, and Grafana's is the whole host. Each Ingress's hosts and TLS are its type's
 * check ({@link SpecCheck#ingress}).
 */
final class IngressRoutes {
    private IngressRoutes() {}

    /**
     * One Ingress of the platform: its key path ({@code web.ingress}), IngressClass as written (the one it gets:
     * {@link #resolvedClass}), hosts, the paths it routes, and what the chart's NetworkPolicies admit as the ingress
     * controller ({@code policies}: whether they are rendered at all).
     */
    record Ingress(String key, String className, List<WebSpec.Host> hosts, List<String> paths,
                   NetworkPolicySpec.IngressController controller, boolean policies) {
        /**
         * The IngressClass the chart renders, as lib.ingress resolves it: the one written, else the class of the ingress
         * controller its NetworkPolicies admit, else the cloud provider's.
         */
        String resolvedClass(String cloudProvider) {
            return !className.isEmpty() ? className : !controller.className().isEmpty() ? controller.className()
                    : IngressSpec.CLOUD_CLASSES.getOrDefault(cloudProvider, "");
        }
    }

    /** The Ingresses a platform deploys: web's, the router's, Grafana's and each service's own, in that order. */
    static List<Ingress> of(PlatformSpec spec) {
        List<Ingress> out = new ArrayList<>();
        boolean policies = spec.global().networkPolicy().enabled();
        WebSpec w = spec.web();
        if (w.enabled() && w.ingress().enabled()) {
            List<String> paths = new ArrayList<>();
            if (!w.ingress().graphqlPath().isEmpty() && spec.router().enabled()) {
                paths.add(w.ingress().graphqlPath());
            }
            paths.add("/");
            out.add(new Ingress("web.ingress", w.ingress().className(), w.ingress().hosts(), paths,
                    w.networkPolicy().ingressController(), policies && w.networkPolicy().enabled()));
        }
        RouterSpec r = spec.router();
        if (r.enabled() && r.ingress().enabled()) {
            out.add(new Ingress("router.ingress", r.ingress().className(), r.ingress().hosts(),
                    List.of(r.ingress().pathOr(r.path())), r.networkPolicy().ingressController(),
                    policies && r.networkPolicy().enabled()));
        }
        ObservabilitySpec o = spec.observability();
        IngressSpec grafana = o.grafana().ingress();
        if (o.enabled() && o.grafana().enabled() && grafana.enabled()) {
            out.add(new Ingress("observability.grafana.ingress", grafana.className(), grafana.hosts(), List.of("/"),
                    o.networkPolicy().ingressController(), policies && o.networkPolicy().enabled()));
        }
        new TreeMap<>(spec.services()).forEach((name, s) -> {
            if (s.ingress().enabled()) {
                out.add(new Ingress("services." + name + ".ingress", s.ingress().className(), s.ingress().hosts(),
                        List.of(s.ingress().pathOr("/")), s.networkPolicy().ingressController(),
                        policies && s.networkPolicy().enabled()));
            }
        });
        return out;
    }

    static void check(SpecCheck c) {
        PlatformSpec spec = c.spec;
        RouterSpec r = spec.router();
        if (r.enabled() && r.ingress().enabled()) {
            String path = r.ingress().pathOr(r.path());
            boolean above = path.equals("/") || r.path().startsWith(path.endsWith("/") ? path : path + "/");
            if (!path.equals(r.path()) && !above) {
                c.add("router.ingress.path", "'" + path + "' does not lead to the router's GraphQL path " + r.path()
                        + " (router.path; the Ingress passes the path on unchanged): leave it empty, or give " + r.path()
                        + " or a path above it");
            }
        }
        ObservabilitySpec o = spec.observability();
        IngressSpec grafana = o.grafana().ingress();
        if (o.enabled() && o.grafana().enabled() && grafana.enabled() && !grafana.pathOr("/").equals("/")) {
            c.add("observability.grafana.ingress.path", "'" + grafana.path() + "': Grafana is served at the root of "
                    + "its hosts (its probes and links assume it); leave the path empty, and give Grafana a host of "
                    + "its own");
        }
        Map<String, String> routedBy = new HashMap<>(); // IngressClass, host and path -> the Ingress's key path
        for (Ingress in : of(spec)) {
            String controllerClass = in.controller().className();
            if (!in.className().isEmpty() && !controllerClass.isEmpty() && !in.className().equals(controllerClass)) {
                c.add(in.key() + ".className", "'" + in.className() + "' is not the class of the chart's ingress "
                        + "controller (" + controllerPath(in.key()) + ", else the platform's networkPolicy.ingressController: "
                        + "className " + controllerClass + "), the only one whose traffic its NetworkPolicies admit: leave "
                        + "className empty (it takes " + controllerClass + "), or name there the controller that serves "
                        + in.className());
            }
            routes(c, routedBy, in.key(), in.resolvedClass(spec.global().cloudProvider()), in.hosts(), in.paths());
        }
    }

    /** Where the chart of the Ingress at {@code key} names its ingress controller. */
    private static String controllerPath(String key) {
        String chart = key.startsWith("observability.") ? "observability" : key.substring(0, key.length() - ".ingress".length());
        return chart + ".networkPolicy.ingressController";
    }

    private static void routes(SpecCheck c, Map<String, String> routedBy, String ingress, String className,
            List<WebSpec.Host> hosts, List<String> paths) {
        for (int i = 0; i < hosts.size(); i++) {
            String host = hosts.get(i).host();
            for (String path : paths) {
                String first = routedBy.putIfAbsent(className + " " + host + path, ingress);
                if (first != null && !first.equals(ingress)) {
                    c.add(ingress + ".hosts[" + i + "].host", first + " routes " + host + path + " already ("
                            + "IngressClass " + className
                            + "); two Ingresses for one host and path leave the choice to the ingress controller: serve "
                            + "this one on a host or path of its own");
                }
            }
        }
    }
}
