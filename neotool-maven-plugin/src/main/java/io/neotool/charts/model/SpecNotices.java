package io.neotool.charts.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a valid spec writes that has no effect or breaks a call, for generate to warn of, each at its line. A
 * {@code replicas} written beside an autoscaling that is on is not used (the HorizontalPodAutoscaler sets the
 * replicas): the base's where every environment that runs the record with it (the base, and each environment that
 * writes no replicas of its own) has autoscaling on, an environment's own where autoscaling is on there.
 */
final class SpecNotices {
    private SpecNotices() {}

    /** A deployed record with replicas and autoscaling. */
    private record Scaled(int replicas, ServiceSpec.Autoscaling autoscaling) {}

    /** An environment: its platform and where each key path it binds is (the base's keys keep the base's places). */
    record Bound(PlatformSpec platform, Map<String, int[]> positions) {}

    static List<SpecProblem> of(String file, Bound base, Map<String, Bound> environments) {
        List<SpecProblem> notices = new ArrayList<>();
        Map<String, Scaled> inBase = scaled(base.platform());
        Map<String, Map<String, Scaled>> inEnvironments = new LinkedHashMap<>();
        environments.forEach((name, env) -> inEnvironments.put(name, scaled(env.platform())));
        for (String key : base.positions().keySet().stream().filter(k -> k.endsWith(".replicas")).sorted().toList()) {
            String path = key.substring(0, key.length() - ".replicas".length());
            Map<String, Scaled> runs = new LinkedHashMap<>(); // where the base's replicas apply and the record is deployed
            if (inBase.containsKey(path)) {
                runs.put("the base", inBase.get(path));
            }
            environments.forEach((name, env) -> {
                if (inEnvironments.get(name).containsKey(path) && !ownIn(env, base, key)) {
                    runs.put(name, inEnvironments.get(name).get(path));
                }
            });
            if (!runs.isEmpty() && runs.values().stream().allMatch(s -> s.autoscaling().enabled())) {
                notices.add(unused(file, base.positions().get(key), "", path, runs));
            }
        }
        notices.addAll(policiesOff(file, base));
        notices.addAll(writtenButOff(file, base, environments));
        notices.addAll(onceEach(base, environments, (environment, env) -> notComposed(file, environment, env)));
        notices.addAll(onceEach(base, environments, (environment, env) -> noPods(file, environment, env)));
        notices.addAll(onceEach(base, environments, (environment, env) -> noLookup(file, environment, env)));
        notices.addAll(onceEach(base, environments, (environment, env) -> loadBalancerShut(file, environment, env)));
        notices.addAll(onceEach(base, environments, (environment, env) -> unscraped(file, environment, env)));
        notices.addAll(onceEach(base, environments, (environment, env) -> idleMinio(file, environment, env)));
        notices.addAll(onceEach(base, environments, (environment, env) -> plansBuckets(file, environment, env)));
        notices.addAll(onceEach(base, environments, (environment, env) -> countedAsTraffic(file, environment, env)));
        notices.addAll(onceEach(base, environments, (environment, env) -> connectionsOverMemory(file, environment, env)));
        environments.forEach((name, env) -> inEnvironments.get(name).forEach((path, e) -> {
            String key = path + ".replicas";
            if (e.autoscaling().enabled() && ownIn(env, base, key)) {
                notices.add(unused(file, env.positions().get(key), prefix(name), path, Map.of(name, e)));
            }
        }));
        return notices;
    }

    /**
     * A service whose own NetworkPolicy the spec turns off, in a platform namespace that stays default-deny: valid (its
     * policies are then the operator's to write), and until they are, its pods reach DNS alone and nothing reaches them.
     */
    private static List<SpecProblem> policiesOff(String file, Bound base) {
        List<SpecProblem> notices = new ArrayList<>();
        PlatformSpec spec = base.platform();
        if (!spec.global().networkPolicy().enabled()) {
            return notices;
        }
        new TreeMap<>(spec.services()).forEach((name, s) -> {
            String key = "services." + name + ".networkPolicy.enabled";
            int[] at = base.positions().get(key);
            if (!s.networkPolicy().enabled() && at != null && spec.namespaces().containsKey(s.namespace())) {
                notices.add(new SpecProblem(file, at[0], at[1], key, "false leaves the pods of " + name + " under the "
                        + "default-deny of namespace " + s.namespace() + ", reaching DNS alone and reached by nothing (its "
                        + "calls, database, Kafka and Vault included) until you write their policies yourself (docs/secrets.md, "
                        + "\"Turning them off\")"));
            }
        });
        return notices;
    }

    /**
     * A component off by default (router, web, minio) whose settings the spec writes without ever writing its
     * {@code enabled}: valid, but nothing of it is deployed anywhere, which a spec that sets it up rarely means. Said once,
     * at the first setting written. A component the spec turns off itself ({@code enabled: false} written) is not.
     */
    private static List<SpecProblem> writtenButOff(String file, Bound base, Map<String, Bound> environments) {
        List<SpecProblem> notices = new ArrayList<>();
        List<Bound> all = new ArrayList<>();
        all.add(base);
        all.addAll(environments.values());
        for (Component c : Components.SUBCHARTS) {
            String enabled = c.chart() + ".enabled";
            if (all.stream().anyMatch(b -> c.enabledIn(b.platform()) || b.positions().containsKey(enabled))) {
                continue;
            }
            Map<String, int[]> settings = new TreeMap<>(); // each key right below the component's, at its first place
            for (Bound b : all) {
                b.positions().forEach((key, at) -> {
                    if (key.startsWith(c.chart() + ".")) {
                        String setting = key.split("[.\\[]")[1];
                        settings.merge(c.chart() + "." + setting, at, (x, y) -> before(x, y) ? x : y);
                    }
                });
            }
            if (settings.isEmpty()) {
                continue;
            }
            int[] at = settings.values().stream().reduce((x, y) -> before(x, y) ? x : y).orElseThrow();
            notices.add(new SpecProblem(file, at[0], at[1], c.chart(), "the spec sets " + c.chart() + " up ("
                    + String.join(", ", settings.keySet()) + "), but " + enabled + " is false by default, so no "
                    + "environment deploys it: add " + c.chart()
                    + ": {enabled: true} (or enable it in an environment), or write enabled: false to keep it off"));
        }
        return notices;
    }

    private static boolean before(int[] x, int[] y) {
        return x[0] < y[0] || x[0] == y[0] && x[1] < y[1];
    }

    /**
     * A router schema that names no subgraph (no {@code @join__graph}): not the composed supergraph Apollo Router serves,
     * which refuses at start a schema without the join spec. Valid here (the router is then let out to every service,
     * its subgraphs unknown), so said once at the line that writes it, for the base and each environment that runs it.
     */
    private static List<SpecProblem> notComposed(String file, String environment, Bound env) {
        RouterSpec router = env.platform().router();
        int[] at = env.positions().get(SCHEMA);
        if (!router.enabled() || router.supergraph().schema().isBlank() || router.supergraph().composed().isPresent()
                || at == null) {
            return List.of();
        }
        return List.of(new SpecProblem(file, at[0], at[1], prefix(environment) + SCHEMA, "names no subgraph (no "
                + "@join__graph): it is not a composed supergraph, and Apollo Router refuses such a schema when it starts. "
                + "Give the output of `rover supergraph compose`, not a subgraph's own schema"));
    }

    private static final String SCHEMA = "router.supergraph.schema";

    /**
     * What {@code check} finds in the base and in each environment, each place said once: a key an environment takes
     * from the base is said there only if the base does not say it.
     */
    /** The paths the dashboards and the ServiceErrors alert leave out of a service's requests (PromQL's uri!~). */
    static final String NOT_TRAFFIC = "/health.*|/prometheus";

    /**
     * A service's probe or metrics path outside {@link #NOT_TRAFFIC}, with the platform's dashboards and alerts: the
     * kubelet's probes and Prometheus' scrapes count as the service's traffic there, and a failing readiness probe's
     * 503 as an error. Said at the line that sets the path.
     */
    private static List<SpecProblem> countedAsTraffic(String file, String environment, Bound env) {
        PlatformSpec platform = env.platform();
        List<SpecProblem> notices = new ArrayList<>();
        if (!platform.observability().enabled()) {
            return notices;
        }
        new TreeMap<>(platform.services()).forEach((name, s) -> {
            Map<String, String> paths = new LinkedHashMap<>();
            paths.put("probes.liveness.path", s.probes().liveness().path());
            paths.put("probes.readiness.path", s.probes().readiness().path());
            paths.put("metrics.path", s.metrics().path());
            paths.forEach((key, path) -> {
                int[] at = env.positions().get("services." + name + "." + key);
                if (at != null && s.metrics().enabled() && !path.matches(NOT_TRAFFIC)) {
                    notices.add(new SpecProblem(file, at[0], at[1], prefix(environment) + "services." + name + "." + key,
                            "'" + path + "' is counted as the service's traffic by the dashboards and "
                                    + platform.chart().alertPrefix() + "ServiceErrors, which leave out " + NOT_TRAFFIC
                                    + " only: the kubelet's probes and Prometheus' scrapes inflate its request rate, and "
                                    + "a failing readiness probe's 503 counts as an error; serve it under /health"));
                }
            });
        });
        return notices;
    }

    private static List<SpecProblem> onceEach(Bound base, Map<String, Bound> environments, Check check) {
        Map<String, Bound> all = new LinkedHashMap<>();
        all.put("", base);
        all.putAll(environments);
        Map<String, SpecProblem> byPlace = new LinkedHashMap<>();
        all.forEach((environment, env) -> check.find(environment, env)
                .forEach(notice -> byPlace.putIfAbsent(notice.line() + ":" + notice.column(), notice)));
        return new ArrayList<>(byPlace.values());
    }

    /** A notice check of one environment ("" for the base). */
    private interface Check {
        List<SpecProblem> find(String environment, Bound env);
    }

    /** What a notice's key path starts with in an environment ("" in the base). */
    private static String prefix(String environment) {
        return environment.isEmpty() ? "" : SpecLoader.ENVIRONMENTS + "." + environment + ": ";
    }

    /**
     * A service with no pod (replicas 0, autoscaling off) that the platform calls, in the base or an environment:
     * valid (how an environment leaves a service out), but its Service has no endpoints, so every call to it fails.
     * Said once at the line of the replicas that apply, naming its callers there (the services whose calls name it,
     * the router when it serves it as a subgraph, the clients of its own Ingress).
     */
    private static List<SpecProblem> noPods(String file, String environment, Bound env) {
        PlatformSpec platform = env.platform();
        Map<String, List<String>> callers = new TreeMap<>();
        new TreeMap<>(platform.services()).forEach((caller, s) -> s.calls().stream().filter(callee -> !callee.equals(caller))
                .forEach(callee -> callers.computeIfAbsent(callee, c -> new ArrayList<>()).add(caller)));
        if (platform.router().enabled()) {
            platform.router().resolved(platform).subgraphs().keySet()
                    .forEach(graph -> callers.computeIfAbsent(graph, c -> new ArrayList<>()).add("router"));
        }
        platform.services().forEach((name, s) -> {
            if (s.ingress().enabled()) {
                callers.computeIfAbsent(name, c -> new ArrayList<>()).add("its own Ingress's clients");
            }
        });
        List<SpecProblem> notices = new ArrayList<>();
        callers.forEach((name, from) -> {
            ServiceSpec s = platform.services().get(name);
            int[] at = env.positions().get("services." + name + ".replicas");
            if (s == null || s.replicas() > 0 || s.autoscaling().enabled() || at == null) {
                return;
            }
            String where = environment.isEmpty() ? "" : " in " + environment;
            notices.add(new SpecProblem(file, at[0], at[1], prefix(environment) + "services." + name + ".replicas",
                    "0 runs no pod of " + name + where + " (autoscaling is off): its Service has no endpoints, so every "
                    + "call to it from " + String.join(", ", from) + " fails. Give it at least 1, or take " + name
                    + " out of their calls (and the router's subgraphs" + (s.ingress().enabled() ? "; turn its ingress off"
                    : "") + ")"));
        });
        return notices;
    }

    private static final String LOOKUP = "global.lookup";

    /**
     * {@code global.lookup: false} in the spec: valid, but every install of the charts then writes new passwords into
     * the Secrets a former release kept with their volumes (postgres, minio), which those volumes do not know. Only a
     * render without a cluster needs it false, and this project's renders set it themselves. Said once at its line.
     */
    private static List<SpecProblem> noLookup(String file, String environment, Bound env) {
        int[] at = env.positions().get(LOOKUP);
        if (env.platform().global().lookup() || at == null) {
            return List.of();
        }
        return List.of(new SpecProblem(file, at[0], at[1], prefix(environment) + LOOKUP, "false makes a reinstall over "
                + "the Secrets an uninstall kept (postgres, minio) write new passwords, which their kept volumes do not "
                + "know. Only renders without a cluster need it false, and neotool:lint sets it itself: remove it"));
    }

    /**
     * The IngressClasses whose controller is a cloud load balancer that sends straight to the pods (no proxy pod a
     * NetworkPolicy could name), with where it sends from.
     */
    private static final Map<String, String> LOAD_BALANCERS = Map.of(
            "alb", "the AWS Load Balancer Controller's ALB sends to the pods from its subnets (target-type ip, the one "
                    + "a ClusterIP Service takes); set networkPolicy.ingressController.cidrs to those subnets' ranges",
            "gce", "GKE's load balancers send to the pods from Google's proxies and health checks; set "
                    + "networkPolicy.ingressController.cidrs: [35.191.0.0/16, 130.211.0.0/22]",
            "azure-application-gateway", "the Application Gateway sends to the pods from its own subnet; set "
                    + "networkPolicy.ingressController.cidrs to that subnet's range");

    /**
     * An Ingress whose class is a cloud load balancer's ({@link #LOAD_BALANCERS}) while its chart's NetworkPolicies admit
     * the ingress controller's pods alone (no {@code cidrs}): valid, but the load balancer's traffic would be dropped
     * at the pods. Said once per Ingress, at its key's first line.
     */
    private static List<SpecProblem> loadBalancerShut(String file, String environment, Bound env) {
        PlatformSpec platform = env.platform();
        List<SpecProblem> notices = new ArrayList<>();
        for (IngressRoutes.Ingress in : IngressRoutes.of(platform)) {
            String cloud = platform.global().cloudProvider();
            String className = in.resolvedClass(cloud);
            String how = LOAD_BALANCERS.get(className);
            int[] at = env.positions().entrySet().stream().filter(e -> e.getKey().startsWith(in.key() + "."))
                    .map(Map.Entry::getValue).reduce((x, y) -> before(x, y) ? x : y).orElse(null);
            if (how == null || !in.policies() || !in.controller().cidrs().isEmpty() || at == null) {
                continue;
            }
            String from = !in.controller().hasPods() ? "nothing" : "only the pods " + in.controller().namespace()
                    + "/" + (in.controller().app().isEmpty() ? in.controller().podLabels() : in.controller().app());
            notices.add(new SpecProblem(file, at[0], at[1], prefix(environment) + in.key(), "IngressClass " + className
                    + (!in.className().isEmpty() ? "" : !in.controller().className().isEmpty() ? " (its ingress "
                    + "controller's className)" : " (global.cloudProvider " + cloud + ")") + ": " + how
                    + " (docs/edge.md, \"Cloud load balancers\"). The NetworkPolicies now admit " + from
                    + " as the ingress controller, so its traffic would not reach the pods"));
        }
        return notices;
    }

    /**
     * A service's ServiceMonitor that no Prometheus may follow: its NetworkPolicy admits none (the observability chart's
     * Prometheus is off, and the spec names neither the cluster's, networkPolicy.metricsScraper, nor peers of the
     * service's own). Said at the line that turns the ServiceMonitor on.
     */
    private static List<SpecProblem> unscraped(String file, String environment, Bound env) {
        PlatformSpec platform = env.platform();
        List<SpecProblem> notices = new ArrayList<>();
        if (!platform.global().networkPolicy().enabled()) {
            return notices;
        }
        new TreeMap<>(platform.services()).forEach((name, s) -> {
            String key = "services." + name + ".serviceMonitor.enabled";
            int[] at = env.positions().get(key);
            boolean ownPeers = env.positions().keySet().stream()
                    .anyMatch(k -> k.startsWith("services." + name + ".networkPolicy.ingress."));
            if (at == null || !s.serviceMonitor().enabled() || !s.networkPolicy().enabled() || ownPeers
                    || s.networkPolicy().ingress().containsKey("prometheus")) {
                return;
            }
            notices.add(new SpecProblem(file, at[0], at[1], prefix(environment) + key, "true renders a ServiceMonitor, "
                    + "but no Prometheus may reach " + name + ": the observability chart's is off and the spec names no "
                    + "other. Set networkPolicy.metricsScraper to the cluster's Prometheus (e.g. {namespace: monitoring, "
                    + "app: prometheus}), which every service then admits, and give serviceMonitor.labels what it selects "
                    + "ServiceMonitors by (kube-prometheus-stack: release: <its release name>)"));
        });
        return notices;
    }

    /** What one PostgreSQL server connection holds before any query's work_mem: its process and its shared memory. */
    static final long BYTES_PER_CONNECTION = 2L << 20;

    /**
     * PostgreSQL's max_connections against its memory limit: each server connection PgBouncer keeps open (up to its
     * pools on every database, kept idle for server_idle_timeout) holds about {@link #BYTES_PER_CONNECTION} beside
     * shared_buffers, so a platform of many databases, whose connection budget raised max_connections, can reach the
     * limit at rest: the kernel then kills a backend and PostgreSQL ends every connection to recover. Said at the
     * connections' line where the spec writes them.
     */
    private static List<SpecProblem> connectionsOverMemory(String file, String environment, Bound env) {
        PostgresSpec pg = env.platform().postgres();
        String key = Stream.of("postgres.connections.max", "postgres.connections", "postgres")
                .filter(env.positions()::containsKey).findFirst().orElse(null);
        BigDecimal limit = pg.resources().limits() == null || pg.resources().limits().memory() == null ? null
                : Quantity.parse(pg.resources().limits().memory());
        if (!pg.enabled() || key == null || limit == null) {
            return List.of();
        }
        BigDecimal shared = pg.parameters().containsKey("shared_buffers")
                ? postgresBytes(pg.parameters().get("shared_buffers")) : limit.divide(BigDecimal.valueOf(4));
        if (shared == null) {
            return List.of();
        }
        int max = pg.connections().max();
        BigDecimal needed = shared.add(BigDecimal.valueOf(max * BYTES_PER_CONNECTION));
        if (needed.compareTo(limit) <= 0) {
            return List.of();
        }
        long mib = 1L << 20;
        long room = limit.subtract(shared).max(BigDecimal.ZERO).longValue() / BYTES_PER_CONNECTION;
        int[] at = env.positions().get(key);
        return List.of(new SpecProblem(file, at[0], at[1], prefix(environment) + "postgres.connections.max", max
                + " server connections hold about " + max * BYTES_PER_CONNECTION / mib + " MiB beside shared_buffers ("
                + shared.longValue() / mib + " MiB), over PostgreSQL's memory limit " + pg.resources().limits().memory()
                + ", which leaves room for about " + room + " (each connection's process and shared memory, about "
                + BYTES_PER_CONNECTION / mib + " MiB before any query's work_mem): once PgBouncer keeps that many open, the "
                + "kernel kills a backend and PostgreSQL ends every connection to recover. Cap each database's server "
                + "connections (postgres.pgbouncer.maxDbConnections, then lower connections.max to the budget), or raise "
                + "postgres.resources.limits.memory to at least " + needed.divide(BigDecimal.valueOf(mib), 0,
                        RoundingMode.CEILING) + "Mi"));
    }

    private static final Pattern POSTGRES_SIZE = Pattern.compile("\\s*(\\d+)\\s*(kB|MB|GB|TB)?\\s*");

    /** A postgresql.conf memory size in bytes (8kB pages without a unit), or null when it is not one. */
    private static BigDecimal postgresBytes(String value) {
        Matcher m = POSTGRES_SIZE.matcher(value);
        if (!m.matches()) {
            return null;
        }
        int shift = m.group(2) == null ? 13 : switch (m.group(2)) {
            case "kB" -> 10;
            case "MB" -> 20;
            case "GB" -> 30;
            default -> 40;
        };
        return new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(2).pow(shift));
    }

    private static final String MINIO = "minio.enabled";

    /**
     * MinIO on with nothing to serve: another provider is the object storage, or nothing uses object storage (no bucket
     * to create, no namespace for its client Secret). Valid, but its pods run for nothing, and no NetworkPolicy admits
     * them. Said once at the line that turns it on.
     */
    private static List<SpecProblem> idleMinio(String file, String environment, Bound env) {
        PlatformSpec platform = env.platform();
        MinioSpec minio = platform.minio();
        int[] at = env.positions().get(MINIO);
        if (!minio.enabled() || at == null) {
            return List.of();
        }
        String where = environment.isEmpty() ? "" : " in " + environment;
        String provider = platform.global().objectStorage().provider();
        String why;
        if (!platform.onMinio()) {
            why = "global.objectStorage.provider is " + provider + ", so nothing" + where + " stores in it. Set "
                    + "minio.enabled: false" + where + ", or provider: minio";
        } else if (minio.buckets().isEmpty() && minio.clientSecret().namespaces().isEmpty()) {
            why = "nothing" + where + " uses object storage: no service has networkPolicy.objectStorage, env from "
                    + minio.clientSecret().name() + " or an env value named *_BUCKET, Loki is not on s3 and no "
                    + "PostgreSQL backup is on. Set minio.enabled: false" + where + ", or give it its consumers "
                    + "(docs/data.md)";
        } else {
            return List.of();
        }
        return List.of(new SpecProblem(file, at[0], at[1], prefix(environment) + MINIO, "true runs MinIO with nothing "
                + "to serve (its pods are reached by nothing): " + why));
    }

    /**
     * A bucket of the platform's data written with the plan's prefix while chart.namespacePrefix names another
     * platform, on an object storage account outside the cluster: a copy of the product's spec that keeps Neotool's
     * buckets shares them with Neotool's platform in the same account (each one's backups pruned by the other's, both
     * Lokis' compactors on one index). On MinIO each platform has its own server, and shares nothing.
     */
    private static List<SpecProblem> plansBuckets(String file, String environment, Bound env) {
        PlatformSpec platform = env.platform();
        String prefix = platform.chart().namespacePrefix();
        String plan = PlatformSpec.ChartInfo.PLAN_PREFIX;
        if (prefix.equals(plan) || platform.onMinio()) {
            return List.of();
        }
        Map<String, String> buckets = new LinkedHashMap<>();
        if (platform.observability().lokiOnS3()) {
            buckets.put("observability.loki.s3.bucket", platform.observability().loki().s3().bucket());
        }
        if (platform.postgres().enabled() && platform.postgres().backup().enabled()) {
            buckets.put("postgres.backup.bucket", platform.postgres().backup().bucket());
        }
        List<SpecProblem> found = new ArrayList<>();
        buckets.forEach((path, bucket) -> {
            int[] at = env.positions().get(path);
            if (at != null && bucket.startsWith(plan + "-")) {
                found.add(new SpecProblem(file, at[0], at[1], prefix(environment) + path, "'" + bucket + "' is the "
                        + plan + " platform's bucket, while chart.namespacePrefix is " + prefix + ": two platforms on one "
                        + "object storage account would share it (each one's backup prunes the other's runs, both Lokis "
                        + "keep one index). Name this platform's own (e.g. " + prefix + bucket.substring(plan.length())
                        + "), or remove the key to derive it from the prefix"));
            }
        });
        return found;
    }

    /** Whether an environment's own block writes the key: a place that is not the base's. */
    private static boolean ownIn(Bound env, Bound base, String key) {
        int[] at = env.positions().get(key);
        return at != null && !Arrays.equals(at, base.positions().get(key));
    }

    /** The notice for replicas that {@code runs} (environment name: the record there) leave to the autoscaler. */
    private static SpecProblem unused(String file, int[] at, String environment, String path, Map<String, Scaled> runs) {
        Scaled first = runs.values().iterator().next();
        Map<String, List<String>> ranges = new LinkedHashMap<>();
        runs.forEach((name, s) -> ranges.computeIfAbsent(s.autoscaling().minReplicas() + " to " + s.autoscaling().maxReplicas(),
                r -> new ArrayList<>()).add(name));
        String pods = ranges.size() == 1 ? ranges.keySet().iterator().next() + " pods" : ranges.entrySet().stream()
                .map(r -> r.getKey() + " in " + String.join(" and ", r.getValue())).collect(Collectors.joining(", "));
        String where = runs.size() == 1 && !runs.containsKey("the base") ? " in " + runs.keySet().iterator().next()
                : runs.size() > 1 ? " wherever it applies" : "";
        return new SpecProblem(file, at[0], at[1], environment + path + ".replicas", first.replicas() + " is not used: "
                + "autoscaling is on" + where + ", so the HorizontalPodAutoscaler keeps " + pods + ". Remove it: the "
                + "autoscaler's minReplicas is the fewest pods.");
    }

    /** Every deployed record of {@code platform} with replicas and autoscaling, by key path. */
    private static Map<String, Scaled> scaled(PlatformSpec platform) {
        Map<String, Scaled> found = new LinkedHashMap<>();
        SpecWalk.enabled(platform, PlatformSpec.DEFAULTS, node -> {
            if (node.value() instanceof ServiceSpec.Autoscaling a && node.owner() != null
                    && Records.hasComponent(node.owner().getClass(), "replicas")) {
                found.put(node.path().substring(0, node.path().length() - ".autoscaling".length()),
                        new Scaled((Integer) Component.read(node.owner(), "replicas"), a));
            }
        });
        return found;
    }
}
