package io.neotool.charts.model;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** A service's own rules: its name, namespace, env, secretEnv and files, and the services it calls. */
final class ServiceRules {
    private ServiceRules() {}

    /** The callee name of the platform's GraphQL router. */
    static final String ROUTER = "router";

    /**
     * Objects the charts render, under fixed names, in the namespaces where services run: a service of that name would
     * render its own NetworkPolicy or ServiceAccount under the same name.
     */
    private static final Map<String, String> RENDERED_BESIDE = Map.of(
            "default-deny", "NetworkPolicy default-deny (the umbrella's, in every namespace)",
            "allow-dns-egress", "NetworkPolicy allow-dns-egress (the umbrella's, in every namespace)",
            "smoke-database", "ServiceAccount smoke-database (the postgres chart's helm test, beside each service with a database)",
            "vault-token-renew", "ServiceAccount vault-token-renew (the vault chart's token renewal, beside each Vault client)");

    /**
     * The prefixes of the helm test objects named after a service (its ServiceAccount smoke-<name>, its Pods and
     * NetworkPolicies smoke-readiness-, smoke-vault- and the postgres chart's smoke-database-<name>).
     */
    private static final List<String> SMOKE_PREFIXES = List.of("smoke-", "smoke-readiness-", "smoke-vault-", "smoke-database-");

    /**
     * The Services of the component charts, by name, with the chart that renders them in its namespace (its workload,
     * ServiceAccount and pods take the same name): each declaration's {@link Component#services}. A service of that
     * name there would render a second object of each, and the platform's addresses of the component would name it.
     * {@code ComponentServiceNamesTest} checks the declarations against the charts' renders.
     */
    static final Map<String, String> COMPONENT_SERVICES = Components.SUBCHARTS.stream()
            .flatMap(c -> c.services().stream().map(s -> Map.entry(s, c.chart())))
            .collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

    /** Every service's own settings, then its calls. */
    static void check(SpecCheck c) {
        if (c.spec.services().isEmpty()) {
            c.add("services", "the platform has no service; declare at least one (services.<name>.image), since the "
                    + "umbrella chart deploys its services with the service chart");
        }
        c.spec.services().forEach((name, s) -> checkService(c, name, s));
        c.spec.services().forEach((name, s) -> checkCalls(c, c.spec, name, s));
        checkServiceAccounts(c);
    }

    /**
     * A ServiceAccount a service creates under a name of its own: never the namespace's default (Helm cannot take the
     * one Kubernetes makes), another chart's in that namespace, or another service's (or its helm test's).
     */
    private static void checkServiceAccounts(SpecCheck c) {
        Map<String, String> taken = new HashMap<>(); // "<namespace>/<name>" -> whose ServiceAccount it is
        c.spec.services().forEach((name, s) -> {
            if (s.serviceAccount().create() && List.of("", name).contains(s.serviceAccount().name())) {
                taken.put(s.namespace() + "/" + name, "service " + name);
            }
            taken.put(s.namespace() + "/smoke-" + name, "service " + name + "'s helm test");
        });
        new TreeMap<>(c.spec.services()).forEach((name, s) -> {
            ServiceSpec.ServiceAccount account = s.serviceAccount();
            String sa = account.name();
            if (!account.create() || sa.isEmpty() || sa.equals(name)) {
                return;
            }
            String path = "services." + name + ".serviceAccount.name";
            String clash = sa.equals("default") ? "the namespace's default ServiceAccount, which Kubernetes makes in every "
                    + "namespace and Helm cannot take over"
                    : RENDERED_BESIDE.getOrDefault(sa, "").startsWith("ServiceAccount ") ? "already " + RENDERED_BESIDE.get(sa)
                    : taken.containsKey(s.namespace() + "/" + sa) ? "already the ServiceAccount of "
                            + taken.get(s.namespace() + "/" + sa) + " in its namespace"
                    : null;
            if (clash != null) {
                c.add(path, "'" + sa + "' is " + clash + ": Helm would render two objects of one name; name another, or "
                        + "leave it empty for the service's own name");
            } else {
                taken.put(s.namespace() + "/" + sa, "service " + name);
            }
        });
    }

    /**
     * A service that reads the object-storage Secret calls object storage: without its egress the Secret comes and
     * the connection is blocked (lint's flow verification would say so, after rendering).
     */
    private static void checkObjectStorageEgress(SpecCheck c, String path, ServiceSpec s) {
        String secret = c.spec.global().objectStorage().secretName();
        if (secret.isEmpty() || !s.networkPolicy().enabled() || s.networkPolicy().objectStorage().enabled()) {
            return;
        }
        new TreeMap<>(s.secretEnv()).forEach((key, ref) -> {
            if (ref.secretName().equals(secret)) {
                c.add(path + ".secretEnv." + key, key + " comes from the object-storage Secret " + secret + ", but the service "
                        + "has no egress to object storage; set " + path + ".networkPolicy.objectStorage: {enabled: true}");
            }
        });
    }

    /** Each file mount has a directory of its own, away from the pod's scratch space. */
    private static void checkFiles(SpecCheck c, String path, ServiceSpec s) {
        Set<String> dirs = new HashSet<>();
        for (int i = 0; i < s.files().size(); i++) {
            ServiceSpec.FileMount f = s.files().get(i);
            String at = path + ".files[" + i + "]";
            String dir = f.mountPath().replaceAll("/+$", "");
            if (dir.isEmpty() || dir.equals("/tmp") || dir.startsWith("/tmp/")) {
                c.add(at + ".mountPath", "'" + f.mountPath() + "' is the root or the pod's /tmp (an emptyDir): choose a "
                        + "directory of its own, e.g. /etc/" + path.substring(path.indexOf('.') + 1));
            } else if (dirs.stream().anyMatch(d -> d.equals(dir) || d.startsWith(dir + "/") || dir.startsWith(d + "/"))) {
                c.add(at + ".mountPath", "'" + f.mountPath() + "' is, holds or is inside another file mount's directory: "
                        + "one directory each");
            }
            dirs.add(dir);
        }
    }

    private static void checkService(SpecCheck c, String name, ServiceSpec s) {
        String path = "services." + name;
        if (!Names.isDns1035Label(name, ServiceSpec.MAX_NAME)) {
            c.add(path, "service name '" + name + "' is not a DNS-1035 label of at most " + ServiceSpec.MAX_NAME
                    + " characters (a lower case letter first, then lower case letters, digits and '-'"
                    + (name.length() > ServiceSpec.MAX_NAME ? "; " + name.length() + " here" : "") + "): its Kubernetes "
                    + "Service is named after it, and its readiness smoke test Pod carries the label "
                    + "smoke-readiness-<name>, at most 63; rename the service");
        }
        if (SpecValidator.RESERVED_NAMES.contains(name)) {
            c.add(path, "'" + name + "' is a reserved values key; rename the service");
        } else if (name.equals("default")) {
            c.add(path, "'default' names the ServiceAccount Kubernetes makes in every namespace, which the service's own "
                    + "would be rendered over (Helm refuses to take it, and every pod without one of its own would run "
                    + "as the service's); rename the service");
        }
        checkNameClash(c, path, name, s);
        checkDatabaseHost(c, path, s);
        checkObjectStorageEgress(c, path, s);
        checkFiles(c, path, s);
        checkEnvReferences(c, path, s);
        c.labels(path + ".podLabels", s.podLabels(), true);
        s.podLabels().keySet().stream().filter(CHART_POD_LABELS::contains)
                .forEach(k -> c.add(path + ".podLabels." + k, "'" + k + "' is the chart's to set (the selectors and "
                        + "every NetworkPolicy read the platform's labels), and its own value would win: remove it"));
        c.labels(path + ".serviceMonitor.labels", s.serviceMonitor().labels(), true);
        c.labels(path + ".podAnnotations", s.podAnnotations(), false);
        c.labels(path + ".nodeSelector", s.nodeSelector(), true);
        for (int i = 0; i < s.tolerations().size(); i++) {
            String at = path + ".tolerations[" + i + "]";
            Tolerations.problems(s.tolerations().get(i)).forEach(p -> c.add(at, p));
        }
        Set<String> names = new HashSet<>();
        s.env().forEach((key, value) -> {
            String envPath = path + ".env." + key;
            checkEnvName(c, envPath, key, names);
            checkChartSetEnv(c, envPath, key, s);
            String credential = LiteralSecrets.kind(value);
            if (LiteralSecrets.secretLikeName(key)) {
                c.add(envPath, "'" + key + "' looks like a secret but has a literal value; move it to secretEnv "
                        + "({secretName, key}) so it comes from a Secret");
            } else if (credential != null) {
                c.add(envPath, "'" + key + "' holds " + credential + " as a literal value; move it to secretEnv "
                        + "({secretName, key}) so it comes from a Secret, or write the password as $(VAR), a secretEnv "
                        + "variable set before it");
            }
        });
        List<String> urlEnv = s.platform().web().urlEnv();
        for (int i = 0; i < urlEnv.size(); i++) {
            String var = urlEnv.get(i);
            String at = path + ".platform.web.urlEnv[" + i + "]";
            if (!var.matches(Names.ENV_NAME)) {
                c.add(at, "'" + var + "' is not a valid environment variable name");
            } else if (SpecValidator.PLATFORM_ENV.contains(var)) {
                c.add(at, var + " is set from platform.*; name another variable for the frontend's URL");
            } else if (s.env().containsKey(var) || s.secretEnv().containsKey(var)) {
                c.add(at, var + " is also set in env or secretEnv; keep it in one place");
            } else if (s.platform().web().url().isEmpty()) {
                c.add(at, var + " is to carry the frontend's public URL, and there is none (web or its Ingress is off); "
                        + "set platform.web.url");
            } else {
                checkChartSetEnv(c, at, var, s);
            }
        }
        s.secretEnv().forEach((key, ref) -> {
            String envPath = path + ".secretEnv." + key;
            checkEnvName(c, envPath, key, names);
            checkChartSetEnv(c, envPath, key, s);
            if (ref.secretName().isBlank()) {
                c.add(envPath + ".secretName", "name the Secret that holds " + key);
            }
            if (ref.key().isBlank()) {
                c.add(envPath + ".key", "name the key inside Secret '" + ref.secretName() + "'");
            }
        });
    }

    /** A service's objects are named after it: no other object of the charts may have that name in its namespace. */
    private static void checkNameClash(SpecCheck c, String path, String name, ServiceSpec s) {
        String taken = RENDERED_BESIDE.get(name);
        String chart = COMPONENT_SERVICES.get(name);
        if (chart != null) {
            Component component = Components.subchart(chart).orElseThrow();
            if (component.enabledIn(c.spec) && s.namespace().equals(component.namespaceIn(c.spec))) {
                taken = "the " + chart + " chart's Service " + name + " (whenever its settings render it, with its workload "
                        + "and pods of that name, which the platform's addresses of " + chart + " reach)";
            }
        }
        if (RENDERED_BESIDE.containsKey("smoke-" + name)) { // its helm test's ServiceAccount
            taken = RENDERED_BESIDE.get("smoke-" + name) + ", the name of this service's helm test ServiceAccount";
        }
        String caller = name.endsWith("-calls") ? name.substring(0, name.length() - "-calls".length()) : "";
        if (!caller.isEmpty() && c.spec.services().containsKey(caller)) {
            taken = "NetworkPolicy " + name + " (the umbrella's, for the calls of service " + caller + ")";
        }
        for (String smoke : SMOKE_PREFIXES) {
            String tested = name.startsWith(smoke) ? name.substring(smoke.length()) : "";
            if (!tested.isEmpty() && c.spec.services().containsKey(tested)) {
                taken = "the helm test objects " + name + " (of service " + tested + ")";
            }
        }
        if (taken != null) {
            c.add(path, "a service's objects are named after it, and its namespace already holds " + taken
                    + ": Helm would render two objects of one name; rename the service");
        }
    }

    /**
     * A service with a database of the postgres chart reaches it through PgBouncer (or the primary itself when PgBouncer
     * is off), whatever host it writes.
     */
    private static void checkDatabaseHost(SpecCheck c, String path, ServiceSpec s) {
        String database = PlatformAddresses.databaseHost(c.spec);
        String host = s.platform().postgres().host();
        // the full name, or <name>.<namespace>[.svc], which resolve from any namespace
        boolean isDatabase = host.equals(database) || database.equals(host + ".svc.cluster.local")
                || database.equals(host + ".cluster.local");
        String entry = c.spec.postgres().pgbouncer().enabled() ? "PgBouncer" : "PostgreSQL's Service (PgBouncer is off)";
        if (s.hasDatabase() && !database.isEmpty() && !isDatabase) {
            c.add(path + ".platform.postgres.host", "'" + host + "' is not " + entry + " (" + database
                    + "), yet database.name '" + s.database().name() + "' is a database of the postgres chart, which the "
                    + "service reaches there (DATASOURCES_DEFAULT_URL from its Secret). Remove the host to use "
                    + "it; for a database outside the cluster beside the chart's, remove database.name, read "
                    + "DATASOURCES_DEFAULT_URL, _USERNAME and _PASSWORD with secretEnv from your Secret (declared in "
                    + "global.operatorMade), and let the service out to it (networkPolicy.addresses); docs/data.md, \"A "
                    + "database outside the cluster\"");
        }
    }

    /**
     * A service's calls name other declared services, once each: the umbrella renders a NetworkPolicy pair per call
     * from them. A service calling itself is refused: it is an in-process call, and allowing it would open every pod
     * of the service to every other. {@code router} names the platform's GraphQL router (a service that queries the
     * supergraph): the call is to its GraphQL port.
     */
    private static void checkCalls(SpecCheck c, PlatformSpec spec, String name, ServiceSpec s) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < s.calls().size(); i++) {
            String callee = s.calls().get(i);
            String path = "services." + name + ".calls[" + i + "]";
            if (callee.equals(name)) {
                c.add(path, "'" + name + "' calls itself: a service's own pods reach each other only through a NetworkPolicy "
                        + "that would open every pod to every other; call it in-process, or remove the entry");
            } else if (callee.equals(ROUTER) && !spec.services().containsKey(callee)) {
                if (!spec.router().enabled()) {
                    c.add(path, "'router' is called, and the router is off (router.enabled: false); enable it or remove the call");
                } else if (!seen.add(callee)) {
                    c.add(path, "'router' is listed twice; list it once");
                }
            } else if (!spec.services().containsKey(callee)) {
                Set<String> others = new TreeSet<>(spec.services().keySet());
                others.remove(name);
                String hint = Suggestions.nearest(callee, others).map(n -> " (did you mean '" + n + "'?)").orElse("");
                c.add(path, "'" + callee + "' is not a declared service" + hint + "; a service calls other services: "
                        + (others.isEmpty() ? "there are none" : String.join(", ", others)));
            } else if (!seen.add(callee)) {
                c.add(path, "'" + callee + "' is listed twice; list each called service once");
            }
        }
    }

    private static void checkEnvName(SpecCheck c, String path, String name, Set<String> seen) {
        if (!name.matches(Names.ENV_NAME)) {
            c.add(path, "'" + name + "' is not a valid environment variable name");
        }
        if (SpecValidator.PLATFORM_ENV.contains(name)) {
            c.add(path, name + " is set from platform.*; change platform instead of setting it again");
        }
        if (!seen.add(name)) {
            c.add(path, name + " is set in both env and secretEnv");
        }
    }

    /** The labels the chart sets on every pod (lib.labels), whose values a podLabels entry would not change. */
    private static final Set<String> CHART_POD_LABELS = Set.of("app.kubernetes.io/name", "app.kubernetes.io/instance",
            "app.kubernetes.io/version", "app.kubernetes.io/component", "app.kubernetes.io/part-of",
            "app.kubernetes.io/managed-by");

    /**
     * Each $(VAR) of env names a variable the kubelet has set before it: it expands a reference only from the
     * variables listed earlier in the container, and leaves it as the text $(VAR) otherwise. The chart lists the
     * Secret references first, then the literals without $( , then those with it (lib.env), each sorted by name.
     */
    private static void checkEnvReferences(SpecCheck c, String path, ServiceSpec s) {
        Set<String> chartSet = chartSetEnv(s);
        new TreeMap<>(s.env()).forEach((key, value) -> {
            String dollars = EnvReferences.halvedDollars(value);
            if (dollars != null) {
                c.add(path + ".env." + key, dollars);
            }
            for (String var : EnvReferences.in(value)) {
                String other = s.env().get(var);
                if (other != null && other.contains("$(") && var.compareTo(key) >= 0) {
                    c.add(path + ".env." + key, "$(" + var + ") names a variable whose own value refers to others and "
                            + "that the chart lists after " + key + " (by name): Kubernetes expands a reference only from "
                            + "the variables set before it and would leave the text $(" + var + "); write its value out "
                            + "here, or rename one of the two");
                } else if (other == null && !s.secretEnv().containsKey(var) && !chartSet.contains(var)) {
                    c.add(path + ".env." + key, "$(" + var + ") names no variable of the container (env, secretEnv or "
                            + "one the chart sets): Kubernetes would leave the text $(" + var + "); define " + var
                            + " in secretEnv or env, or write $$(" + var + ") for the text itself");
                }
            }
        });
    }

    /**
     * The variables the chart sets in this service's container, under the conditions of its deployment.yaml, and the
     * two the kubelet always sets (the API server's Service, even without service links).
     */
    private static Set<String> chartSetEnv(ServiceSpec s) {
        Set<String> set = new HashSet<>(ServiceSpec.PORT_ENV);
        set.addAll(List.of("KUBERNETES_SERVICE_HOST", "KUBERNETES_SERVICE_PORT"));
        set.addAll(s.platform().web().urlEnv());
        if (!s.javaToolOptions().isBlank()) {
            set.addAll(ServiceSpec.JVM_ENV);
        }
        if (!s.platform().micronautEnvironments().isBlank()) {
            set.addAll(ServiceSpec.env(ServiceSpec.Platform.class, "micronautEnvironments"));
        }
        if (s.hasDatabase()) {
            set.addAll(ServiceSpec.DATABASE_ENV);
            set.addAll(ServiceSpec.env(ServiceSpec.Postgres.class, ""));
        }
        if (!s.platform().kafka().bootstrapServers().isBlank()) {
            set.addAll(ServiceSpec.env(ServiceSpec.Kafka.class, ""));
        }
        if (s.vaultInit().enabled() && s.platform().vault().enabled()) {
            set.addAll(ServiceSpec.VAULT_ENV);
            set.addAll(ServiceSpec.env(ServiceSpec.Vault.class, ""));
        }
        if (s.metrics().enabled() || s.serviceMonitor().enabled()) {
            set.addAll(ServiceSpec.env(ServiceSpec.Metrics.class, "enabled"));
            if (s.metrics().latencyHistogram()) {
                set.addAll(ServiceSpec.env(ServiceSpec.Metrics.class, "latencyHistogram"));
            }
        }
        return set;
    }

    private static void checkChartSetEnv(SpecCheck c, String path, String name, ServiceSpec s) {
        if (s.hasDatabase() && SpecValidator.DATABASE_ENV.contains(name)) {
            c.add(path, name + (ServiceSpec.POOL_ENV.contains(name) ? " is set from database.maxPoolSize; change that instead"
                    : " comes from the database Secret (database.name is set); remove it here"));
        }
        boolean scraped = s.metrics().enabled() || s.serviceMonitor().enabled();
        if (scraped && ServiceSpec.env(ServiceSpec.Metrics.class, "enabled").contains(name)) {
            c.add(path, name + " is set from metrics.enabled (or serviceMonitor.enabled), so that Prometheus' scrape, "
                    + "without credentials, is answered; remove it here");
        }
        if (scraped && s.metrics().latencyHistogram() && ServiceSpec.env(ServiceSpec.Metrics.class, "latencyHistogram")
                .contains(name)) {
            c.add(path, name + " is set from metrics.latencyHistogram; change that instead");
        }
        if (!s.javaToolOptions().isBlank() && ServiceSpec.JVM_ENV.contains(name)) {
            c.add(path, name + " is set from javaToolOptions; change that instead (empty leaves it to env)");
        }
        if (ServiceSpec.PORT_ENV.contains(name)) {
            c.add(path, name + " is set from port, which the probes and the Service use too; change port instead");
        }
        if (s.platform().vault().enabled() && s.vaultInit().enabled() && ServiceSpec.VAULT_ENV.contains(name)) {
            c.add(path, name + " is set from vaultInit (the JWT keys' path and the Vault token Secret) while "
                    + "vaultInit.enabled and platform.vault.enabled; change vaultInit.keyPath or vaultInit.tokenSecret "
                    + "instead");
        }
    }
}
