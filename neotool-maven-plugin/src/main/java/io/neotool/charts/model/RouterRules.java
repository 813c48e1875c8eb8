package io.neotool.charts.model;

import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The router's rules: its supergraph source, its subgraphs against the services, its CORS origins. */
final class RouterRules {
    private RouterRules() {}

    static void check(SpecCheck c) {
        PlatformSpec spec = c.spec;
        boolean prod = c.prod;
        RouterSpec r = spec.router();
        if (!r.enabled()) {
            return;
        }
        boolean schema = !r.supergraph().schema().isBlank();
        boolean urls = !r.supergraph().urls().isEmpty();
        if (schema == urls) {
            c.add("router.supergraph", schema
                    ? "both schema and urls are set; keep exactly one (the SDL in a ConfigMap, or APOLLO_ROUTER_SUPERGRAPH_URLS)"
                    : "set exactly one of schema (the composed supergraph SDL, `rover supergraph compose` output) and "
                            + "urls (where the router fetches it, APOLLO_ROUTER_SUPERGRAPH_URLS)");
        }
        for (int i = 0; i < r.supergraph().urls().size(); i++) {
            String path = "router.supergraph.urls[" + i + "]";
            c.httpUrl(path, r.supergraph().urls().get(i));
            String credential = LiteralSecrets.kind(r.supergraph().urls().get(i));
            if (credential != null) {
                c.add(path, "holds " + credential + " as a literal value, which would sit in the committed values and "
                        + "the router's Deployment (the router takes no Secret for it): serve the supergraph where the "
                        + "cluster reaches it without a password in the URL, or give the composed SDL as "
                        + "router.supergraph.schema");
            }
        }
        Optional<Set<String>> composed = r.supergraph().composed();
        // under its NetworkPolicy the router reaches the services of the subgraphs' names, and nothing else
        boolean policy = spec.global().networkPolicy().enabled() && r.networkPolicy().enabled();
        composed.filter(names -> policy).ifPresent(names -> names.stream().filter(name -> !spec.services().containsKey(name))
                .forEach(name -> {
                    String hint = Suggestions.nearest(name, spec.services().keySet())
                            .map(n -> " (did you mean '" + n + "'?)").orElse("");
                    c.add("router.supergraph.schema", "composes subgraph '" + name + "', which is not a declared service"
                            + hint + ": the router would call it at the URL the supergraph writes, which its NetworkPolicy "
                            + "does not let through; compose each subgraph under its service's name (its name in rover's "
                            + "supergraph config), or, for a subgraph outside the platform, set router.networkPolicy.enabled "
                            + "false and write a policy of your own (docs/edge.md)");
                }));
        new TreeMap<>(r.subgraphs()).forEach((name, url) -> {
            String path = "router.subgraphs." + name;
            subgraph(c, spec, composed, path, name);
            c.httpUrl(path, url);
        });
        new TreeMap<>(r.subgraphTimeoutSeconds()).forEach((name, seconds) -> {
            String path = "router.subgraphTimeoutSeconds." + name;
            subgraph(c, spec, composed, path, name);
            if (seconds == null || seconds < 1 || seconds > 3600) {
                c.add(path, seconds + " is not a number of seconds from 1 to 3600");
            }
        });
        if (!r.subgraphs().isEmpty()) {
            // the router's egress is to the subgraphs listed: one left out would be called and refused
            Set<String> missing = new TreeSet<>(RouterSpec.defaultSubgraphs(spec.services(), composed).keySet());
            missing.removeAll(r.subgraphs().keySet());
            if (composed.isPresent() && !missing.isEmpty()) {
                c.add("router.subgraphs", "leaves out " + String.join(", ", missing) + ", which router.supergraph.schema "
                        + "composes: the router would call " + (missing.size() == 1 ? "it" : "them") + " at the supergraph's "
                        + "own URL, which its NetworkPolicy does not let through; add router.subgraphs."
                        + missing.iterator().next() + " (and any other), or leave router.subgraphs empty for every composed "
                        + "service at its in-cluster address");
            }
        }
        if (r.subgraphs().isEmpty()) {
            for (String name : RouterSpec.defaultSubgraphs(spec.services(), composed).keySet()) {
                if (spec.services().get(name).namespace().isEmpty()) {
                    c.add("services." + name + ".namespace", "is empty (the release namespace, known only at install "
                            + "time), but the router routes to " + name + " by its <service>.<namespace> address; give "
                            + name + " a namespace, or write its URL in router.subgraphs." + name);
                }
            }
        }
        for (int i = 0; i < r.propagateHeaders().size(); i++) {
            if (!r.propagateHeaders().get(i).matches("^[A-Za-z0-9!#$%&'*+.^_`|~-]+$")) {
                c.add("router.propagateHeaders[" + i + "]", "'" + r.propagateHeaders().get(i)
                        + "' is not an HTTP header name (letters, digits and - , no spaces or colon)");
            }
        }
        for (int i = 0; i < r.corsOrigins().size(); i++) {
            String origin = r.corsOrigins().get(i);
            if (!origin.matches("^https?://[^/]+$")) {
                c.add("router.corsOrigins[" + i + "]", "'" + origin + "' is not an origin (scheme://host[:port], no path)");
            } else if (prod && origin.startsWith("http://")) {
                c.add("router.corsOrigins[" + i + "]", "'" + origin + "' is plain http in prod; browsers reach the platform over TLS");
            }
        }
    }

    /** A subgraph named at {@code path}: a declared service, and one of the supergraph's where its schema is known. */
    private static void subgraph(SpecCheck c, PlatformSpec spec, Optional<Set<String>> composed, String path, String name) {
        if (!spec.services().containsKey(name)) {
            String hint = Suggestions.nearest(name, spec.services().keySet()).map(n -> " (did you mean '" + n + "'?)").orElse("");
            c.add(path, "'" + name + "' is not a declared service" + hint + "; subgraphs are the services: "
                    + String.join(", ", new TreeSet<>(spec.services().keySet())));
        }
        composed.filter(names -> !names.contains(name)).ifPresent(names -> c.add(path, "'" + name
                + "' is not a subgraph of router.supergraph.schema (its join__Graph names "
                + String.join(", ", names) + "): the router never calls it; "
                + "remove it, or compose the supergraph with it"));
    }
}
