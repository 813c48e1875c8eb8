package io.neotool.charts.model;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The web frontend's rules and its Ingress's: TLS in prod, hosts, the router it routes to, its env. */
final class WebRules {
    private WebRules() {}

    static void check(SpecCheck c) {
        PlatformSpec spec = c.spec;
        WebSpec w = spec.web();
        if (!w.enabled()) {
            return;
        }
        WebSpec.Ingress in = w.ingress();
        if (!spec.router().enabled()) {
            // one problem, not one per key that names the router (the Ingress's routing to it is checked only with it on)
            String internal = w.graphql().internalUrl();
            boolean viaRouter = internal.isEmpty() || internal.equals(spec.router().internalUrl())
                    || (in.enabled() && !in.graphqlPath().isEmpty());
            if (viaRouter) {
                c.add("web.enabled", "web reaches the GraphQL API through the router (web.graphql.internalUrl left to "
                        + "the router's address, or the Ingress's graphqlPath), and the router is off; enable the router "
                        + "(router.enabled: true), or give web a GraphQL API of its own (web.graphql.internalUrl and "
                        + "publicUrl, graphqlPath: \"\"), or turn web off");
            } else if (w.networkPolicy().enabled() && spec.global().networkPolicy().enabled()) {
                String api = serviceAt(spec, internal);
                if (api == null) {
                    c.add("web.networkPolicy.enabled", "web's NetworkPolicy lets its requests out to the router and to the "
                            + "services that admit web, and the router is off: web could not reach web.graphql.internalUrl ('"
                            + internal + "'), which is none of the spec's services; set web.networkPolicy.enabled: false and "
                            + "write web's policies in a template of your own (docs/generate.md, \"Your own templates\"), "
                            + "or enable the router");
                } else if (spec.services().get(api).networkPolicy().ingress().values().stream()
                        .noneMatch(p -> p.app().equals("web") && p.namespace().equals(w.namespace()))) {
                    c.add("services." + api + ".networkPolicy.ingress", "web calls " + api + " at web.graphql.internalUrl ('"
                            + internal + "') while the router is off; admit it here (web: {namespace: " + w.namespace()
                            + ", app: web, port: 0}), and the umbrella lets web out to " + api + " too");
                }
            }
        } else if (!w.graphql().internalUrl().isEmpty()) {
            checkRouterUrl(c, spec.router(), w.graphql().internalUrl());
        }
        c.ingress("web.ingress", in.enabled(), in.hosts(), in.tls(), in.annotations());
        if (in.enabled()) {
            if (!in.graphqlPath().isEmpty() && spec.router().enabled()) {
                RouterSpec r = spec.router();
                if (!r.namespace().equals(w.namespace())) {
                    c.add("router.namespace", "the Ingress (namespace " + w.namespace() + ") can only route to a Service in "
                            + "its own namespace; put router and web in the same namespace");
                }
                if (!in.routerService().equals("router")) {
                    c.add("web.ingress.routerService", "'" + in.routerService() + "' is not the router chart's Service (router)");
                }
                if (!in.graphqlPath().equals(r.path())) {
                    c.add("web.ingress.graphqlPath", "'" + in.graphqlPath() + "' is not the router's GraphQL path ('" + r.path()
                            + "'); the Ingress passes the path through unchanged, so the router would answer 404");
                }
            }
        }
        Set<String> names = new HashSet<>(Set.of("PORT", "HOSTNAME", "NEXT_TELEMETRY_DISABLED", "KEEP_ALIVE_TIMEOUT",
                w.graphql().internalUrlEnv(), w.graphql().publicUrlEnv()));
        new TreeMap<>(w.env()).forEach((key, value) -> {
            String path = "web.env." + key;
            if (!key.matches(Names.ENV_NAME)) {
                c.add(path, "'" + key + "' is not a valid environment variable name");
            } else if (names.contains(key)) {
                c.add(path, key + " is set by the chart (from port, graphql.*, or fixed: HOSTNAME, NEXT_TELEMETRY_DISABLED, "
                        + "KEEP_ALIVE_TIMEOUT); change those keys instead, or leave it to the chart");
            }
            String credential = LiteralSecrets.kind(value);
            if (LiteralSecrets.secretLikeName(key) || credential != null) {
                String what = credential != null ? "holds " + credential + " as" : "looks like a secret but has";
                c.add(path, "'" + key + "' " + what + " a literal value; the web chart takes no secrets in env");
            }
            String dollars = EnvReferences.halvedDollars(value);
            if (dollars != null) {
                c.add(path, dollars);
            }
        });
        new TreeMap<>(w.secretEnv()).forEach((key, ref) -> {
            String path = "web.secretEnv." + key;
            if (!key.matches(Names.ENV_NAME)) {
                c.add(path, "'" + key + "' is not a valid environment variable name");
            } else if (names.contains(key) || w.env().containsKey(key)) {
                c.add(path, key + " is also set by the chart or in web.env; keep it in one place");
            }
            if (ref.secretName().isBlank() || ref.key().isBlank()) {
                c.add(path, "name the Secret (secretName) and its key that hold " + key);
            }
        });
        String publicUrl = w.graphql().publicUrl();
        if (publicUrl.isEmpty() && !in.enabled()) {
            c.add("web.graphql.publicUrl", "empty, and the Ingress is off: there is no host to make the browser's GraphQL "
                    + "URL from, so " + w.graphql().publicUrlEnv() + " would be empty and every call from the browser "
                    + "would fail; set publicUrl to the URL browsers reach the API at (e.g. "
                    + "https://neotool.example.com/graphql), or enable the Ingress");
        } else if (publicUrl.startsWith("http://") && in.enabled() && in.tls().enabled()) {
            c.add("web.graphql.publicUrl", "'" + publicUrl + "' is plain http while the Ingress serves the pages over "
                    + "https: browsers block such calls (mixed content); use an https URL");
        }
        if (w.graphql().internalUrlEnv().equals(w.graphql().publicUrlEnv())) {
            c.add("web.graphql.publicUrlEnv", "the same variable as internalUrlEnv; the two URLs need two names");
        }
    }

    /** The spec's service an in-cluster URL names (its host <service>.<its namespace>[.svc...]), or null. */
    /**
     * web.graphql.internalUrl naming the router's Service (by any of its names, in any case): the router serves GraphQL
     * over plain HTTP on its port 4000 alone, which is all web's NetworkPolicy lets out to it, and on its path alone.
     * The umbrella makes the same check at install time (component-references.yaml).
     */
    private static void checkRouterUrl(SpecCheck c, RouterSpec r, String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return; // not a URL: its own check says so
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        String named = "router." + r.namespace();
        if (!host.equals("router") && !host.equals(named) && !host.startsWith(named + ".svc")) {
            return;
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getPort() != RouterSpec.HTTP_PORT) {
            c.add("web.graphql.internalUrl", "names the router's Service, which serves GraphQL over plain HTTP on port "
                    + RouterSpec.HTTP_PORT + " alone (web's NetworkPolicy lets out to nothing else): write it http://"
                    + uri.getHost() + ":" + RouterSpec.HTTP_PORT + r.path());
        } else if (!r.path().equals(uri.getPath())) {
            c.add("web.graphql.internalUrl", "reaches the router on another path than router.path (" + r.path()
                    + "), where it would answer 404; set it to the router's path");
        }
    }

    static String serviceAt(PlatformSpec spec, String url) {
        return new TreeMap<>(spec.services()).entrySet().stream()
                .filter(e -> ComponentReferences.host(e.getKey(), e.getValue().namespace()).matcher(url).find())
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }
}
