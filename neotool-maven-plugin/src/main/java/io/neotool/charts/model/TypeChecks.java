package io.neotool.charts.model;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The checks that belong to a type, not to a component, run wherever the model holds that type: the {@link Doc}
 * constraints of every key (allowed values, integer bounds such as ports and replicas, patterns such as names and
 * quantities), every deployed image, resources, autoscaling, probes, rolling update, Ingress, address and object-storage egress
 * record, ServiceAccount annotations and ingress controller ranges, and every deployed key that names a {@link DeclaredNamespace}. The path of each problem is where the walk
 * found the value.
 */
final class TypeChecks {
    private final SpecCheck check;

    /** The {@link Doc} patterns, compiled once: the same few are met at every service. */
    private static final Map<String, Pattern> COMPILED = new ConcurrentHashMap<>();

    private TypeChecks(SpecCheck check) {
        this.check = check;
    }

    /** Every check by type over {@code check}'s spec. */
    static void run(SpecCheck check) {
        TypeChecks checks = new TypeChecks(check);
        SpecWalk.all(check.spec, PlatformSpec.DEFAULTS, checks::constraints);
        SpecWalk.enabled(check.spec, PlatformSpec.DEFAULTS, checks::records);
    }

    /** The {@link Doc} constraints (oneOf, min, max, pattern) of a key, deployed or not. */
    private void constraints(SpecWalk.Node node) {
        Doc doc = node.annotation(Doc.class);
        if (doc == null) {
            return;
        }
        String path = node.path();
        if (node.value() instanceof String s) {
            if (doc.required() && s.isEmpty()) {
                check.add(path, "is empty, and has no default to stand for; give it a value (" + doc.value() + ")");
            }
            if (doc.oneOf().length > 0 && !Arrays.asList(doc.oneOf()).contains(s)) {
                String hint = s.isEmpty() ? "" : Suggestions.nearest(s, Arrays.asList(doc.oneOf()))
                        .map(n -> " (did you mean '" + n + "'?)").orElse("");
                check.add(path, "'" + s + "' is not one of " + String.join(", ", doc.oneOf()) + hint);
            }
            if (doc.pattern().equals(Quantity.PATTERN)) {
                String problem = Quantity.problem(s);
                if (problem != null && !s.isEmpty()) {
                    check.add(path, "'" + s + "' " + problem);
                } else if (problem == null && !path.endsWith("cpu") && !Quantity.isWhole(s)) {
                    // memory and sizes are bytes: the API server takes 512m (0.512 bytes), the container cannot start
                    check.add(path, "'" + s + "' is " + Quantity.parse(s).stripTrailingZeros().toPlainString()
                            + " bytes, not a whole number" + (s.endsWith("m")
                            ? ": m means thousandths; write " + s.substring(0, s.length() - 1) + "Mi (mebibytes)"
                            + " or " + s.substring(0, s.length() - 1) + "M (megabytes)"
                            : "; write it in bytes or with a suffix such as Mi or Gi"));
                }
            } else if (!doc.pattern().isEmpty() && !s.isEmpty()
                    && !COMPILED.computeIfAbsent(doc.pattern(), Pattern::compile).matcher(s).matches()) {
                check.add(path, "'" + s + "' " + describePattern(doc.pattern()));
            } else if ((doc.pattern().equals(Names.DNS_1123_SUBDOMAIN) || doc.pattern().equals(Names.HOST_NAME))
                    && !s.isEmpty() && !Names.isDnsSubdomain(s)) {
                check.add(path, "'" + s.substring(0, 40) + "...' is " + s.length() + " characters long; a DNS-1123 name "
                        + "takes at most 253");
            }
        } else if (node.value() instanceof Number n) {
            long v = n.longValue();
            if (v < doc.min()) {
                check.add(path, v + " is below the minimum " + doc.min());
            }
            if (v > doc.max()) {
                check.add(path, v + " is above the maximum " + doc.max());
            }
        } else if (node.value() instanceof List<?> list) { // a list's bounds are its items' (ports)
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) instanceof Number n && (n.longValue() < doc.min() || n.longValue() > doc.max())) {
                    check.add(path + "[" + i + "]", n + (doc.min() == 1 && doc.max() == 65535 ? " is not a TCP port (1 to 65535)"
                            : " is not between " + doc.min() + " and " + doc.max()));
                }
            }
        }
    }

    /** What a value of {@code pattern} must be, in words ("is not ..."). */
    static String describePattern(String pattern) {
        String image = ImageReference.describe(pattern);
        if (image != null) {
            return image;
        }
        String described = PATTERNS.get(pattern);
        return described != null ? described : "does not match " + pattern;
    }

    /** The spec's patterns in words, as what the value must be (the images' are {@link ImageReference}'s). */
    private static final java.util.Map<String, String> PATTERNS = java.util.Map.ofEntries(
            java.util.Map.entry(Names.DNS_1123_LABEL, "is not a DNS-1123 name (lower case letters, digits, '-')"),
            java.util.Map.entry(Names.DNS_1123_SUBDOMAIN, "is not a DNS-1123 name (lower case letters, digits, '-')"),
            java.util.Map.entry(Names.HOST_NAME, "is not a host name: labels of lower case letters, digits and '-' "
                    + "between dots, each starting and ending with a letter or digit and at most 63 characters long"),
            java.util.Map.entry(PostgresSpec.SQL_NAME, "is not a PostgreSQL name: lower case letters, digits and '_', "
                    + "starting with a letter or '_', at most 63 (e.g. orders_owner)"),
            java.util.Map.entry(Names.ENV_NAME, "is not an environment variable name: letters, digits and '_', not "
                    + "starting with a digit"),
            java.util.Map.entry(Names.DATA_KEY, "is not a key of a Secret's data: letters, digits, '-', '_' and '.', at most 253, not '.' nor beginning with '..'"),
            java.util.Map.entry("^/.*", "is not an absolute path: it starts with '/' (e.g. /health/readiness)"),
            java.util.Map.entry("^/.+", "is not an absolute path: it starts with '/' (e.g. /var/log)"),
            java.util.Map.entry("^[0-9]+(ms|s|m|h)$", "is not a duration: a whole number with ms, s, m or h (e.g. 30s)"),
            java.util.Map.entry("^[0-9]+(h|d|w|y)$", "is not a retention: a whole number with h, d, w or y (e.g. 30d)"),
            java.util.Map.entry(ObservabilitySpec.RETENTION_SIZE, "is not a size in Prometheus' units: a whole number "
                    + "with B, KB, MB, GB, TB, PB or EB, each 1024 of the one before (e.g. 8GB)"),
            java.util.Map.entry(Names.CIDR, "is not " + Cidr.EXAMPLE),
            java.util.Map.entry(Names.HTTP_URL, "is not an absolute http or https URL with a host (e.g. "
                    + "https://example.com/graphql)"),
            java.util.Map.entry("^[a-z0-9.-]+:[0-9]+$", "is not host:port (e.g. postgres.neotool-data.svc.cluster.local:5432)"));

    /** The records with checks of their own, where they are deployed. */
    /** An Ingress path the API server would refuse, after the release's other objects were made. */
    private void ingressPath(String path, boolean enabled, String value) {
        String why = enabled ? IngressSpec.refusedPath(value) : null;
        if (why != null) {
            check.add(path, "'" + value + "' " + why + ", which the API server refuses in an Ingress path: the install "
                    + "would fail with the rest of the release made; write it without");
        }
    }

    private void records(SpecWalk.Node node) {
        String path = node.path();
        Object value = node.value();
        if (value instanceof ContainerImage i) {
            image(path, "", i.repository(), i.tag(), example(node), false); // pulled as written, no registry added
        } else if (value instanceof ServiceSpec.Image i) {
            // The web frontend is released with the platform: outside prod its image may follow the chart's appVersion.
            image(path, i.registry().isEmpty() ? check.spec.global().imageRegistry() : i.registry(), i.repository(), i.tag(),
                    example(node), node.owner() instanceof WebSpec && !check.prod);
        } else if (value instanceof ServiceSpec.Resources r) {
            requestWithinLimit(path, "cpu", r.requests().cpu(), r.limits().cpu());
            requestWithinLimit(path, "memory", r.requests().memory(), r.limits().memory());
        } else if (value instanceof ServiceSpec.Autoscaling a) {
            replicas(path, a);
        } else if (value instanceof ServiceSpec.Probes p && p.liveness().equals(p.readiness())) {
            check.add(path, "liveness and readiness probes are identical; a failing readiness would restart the pod");
        } else if (value instanceof ServiceSpec.RollingUpdate ru && ru.maxSurge() == 0 && ru.maxUnavailable() == 0) {
            check.add(path, "maxSurge and maxUnavailable are both 0: Kubernetes refuses the Deployment (an update must "
                    + "either add a pod or take one down); the platform rolls with maxSurge 1, maxUnavailable 0");
        }
        if (value instanceof IngressSpec in) {
            check.ingress(path, in.enabled(), in.hosts(), in.tls(), in.annotations());
            ingressPath(path + ".path", in.enabled(), in.path());
        }
        if (value instanceof WebSpec.Ingress in) {
            ingressPath(path + ".graphqlPath", in.enabled(), in.graphqlPath());
        }
        if (value instanceof ServiceSpec.ObjectStorage os && os.enabled()) {
            objectStorageEgress(path, os.minio(), os.exceptCidrs());
        }
        if (value instanceof PostgresSpec.BackupStorage backup) {
            objectStorageEgress(path, backup.minio(), backup.exceptCidrs());
        }
        if (value instanceof ServiceSpec.Internet internet && !internet.ports().isEmpty()) {
            check.cidrs(path + ".exceptCidrs", internet.exceptCidrs());
        }
        if (value instanceof ServiceSpec.ServiceAccount account) {
            check.labels(path + ".annotations", account.annotations(), false);
        }
        if (value instanceof NetworkPolicySpec.IngressController ic) {
            check.cidrs(path + ".cidrs", ic.cidrs());
            check.labels(path + ".podLabels", ic.podLabels(), true);
        }
        if (value instanceof ServiceSpec.Address address) {
            if (address.cidr().matches(Names.CIDR)) { // one that does not match is named by the key's pattern
                check.cidr(path + ".cidr", address.cidr()); // the address itself (300.1.1.1, 1:2::3::4)
            }
            if (address.ports().isEmpty()) {
                check.add(path + ".ports", "name the TCP ports the service reaches at " + address.cidr() + " (e.g. [5432])");
            }
        }
        // an egress to address ranges without ports would admit every port of them, one to no range every address
        if (value instanceof ObservabilitySpec.ApiServer apiServer) {
            hostRanges(path, apiServer.cidrs());
            if (apiServer.ports().isEmpty()) {
                check.add(path + ".ports", "name the TCP ports of the API server (e.g. [443, 6443]): none would open "
                        + "every port of " + String.join(", ", apiServer.cidrs()));
            }
        }
        if (value instanceof ObservabilitySpec.HostPorts hosts) {
            hostRanges(path, hosts.cidrs());
            if (hosts.ports().isEmpty()) {
                check.add(path + ".ports", "name the TCP ports (the kubelet's: [10250]): none would open every port of "
                        + String.join(", ", hosts.cidrs()));
            }
        }
        DeclaredNamespace namespace = node.annotation(DeclaredNamespace.class);
        if (namespace != null) {
            declared(path, value, namespace.emptyAllowed());
        }
    }

    /** The ranges of hosts an egress rule reaches: each a range, and at least one (a rule to none admits every address). */
    private void hostRanges(String path, List<String> cidrs) {
        check.cidrs(path + ".cidrs", cidrs);
        if (cidrs.isEmpty()) {
            check.add(path + ".cidrs", "name at least one range (" + ObservabilitySpec.ANY_ADDRESS + " for every address): "
                    + "an egress rule to none would admit every address");
        }
    }

    /**
     * Egress to object storage needs a provider the NetworkPolicy can express: the in-cluster MinIO (so the minio chart
     * must run, in the namespace the policy names) or R2 on the internet, whose excluded ranges are IPv4 or IPv6 CIDRs.
     */
    private void objectStorageEgress(String path, NetworkPolicySpec.Peer minio, List<String> exceptCidrs) {
        if (check.spec.global().objectStorage().provider().equals("minio")) {
            check.minioPeer(path, minio);
        }
        check.cidrs(path + ".exceptCidrs", exceptCidrs);
    }



    /** A namespace (or each of a list) the platform deploys into is declared under namespaces. */
    private void declared(String path, Object value, boolean emptyAllowed) {
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                declared(path + "[" + i + "]", list.get(i), emptyAllowed);
            }
        } else if (!(emptyAllowed && value.toString().isEmpty())) {
            check.namespace(path, value.toString());
        }
    }

    /**
     * The image to suggest at {@code node}: the default there, or for Neotool's own images (which have no default
     * repository) neotool-&lt;workload&gt; at version 1.0.0.
     */
    private static ContainerImage example(SpecWalk.Node node) {
        String defaultRepository = "";
        String defaultTag = "";
        if (node.defaults() instanceof ContainerImage d) {
            defaultRepository = d.repository();
            defaultTag = d.tag();
        } else if (node.defaults() instanceof ServiceSpec.Image d) {
            defaultRepository = d.repository();
            defaultTag = d.tag();
        }
        return ContainerImage.of(defaultRepository.isBlank() ? "neotool-" + node.ownerKey() : defaultRepository,
                defaultTag.isBlank() ? "1.0.0" : defaultTag);
    }

    /**
     * An image: a repository, and an explicit tag that is never latest. {@code emptyTagMeansAppVersion}: an empty tag
     * is allowed, the chart's appVersion. {@code registry}: the one the image is pulled from, empty for none (the
     * repository names it).
     */
    private void image(String path, String registry, String repository, String tag, ContainerImage example,
                       boolean emptyTagMeansAppVersion) {
        if (repository.isBlank()) {
            check.add(path + ".repository", "set the image repository (e.g. " + example.repository() + ")");
        }
        int name = (registry.isEmpty() ? 0 : registry.length() + 1) + repository.length();
        if (name > ImageReference.MAX_NAME) {
            check.add(path + ".repository", "the image's name" + (registry.isEmpty() ? "" : ", with its registry "
                    + registry.substring(0, Math.min(registry.length(), 30)) + "...,") + " is " + name + " characters long; "
                    + "an image reference's name takes at most " + ImageReference.MAX_NAME);
        }
        if (tag.equals("latest")) {
            check.add(path + ".tag", "'latest' is not a pinned version; set a fixed image tag (e.g. " + example.tag() + ")");
        } else if (tag.isBlank() && !emptyTagMeansAppVersion) {
            check.add(path + ".tag", "an empty tag is not a pinned version; set a fixed image tag (e.g. " + example.tag() + ")");
        }
    }

    private void requestWithinLimit(String path, String what, String request, String limit) {
        BigDecimal req = Quantity.parse(request);
        BigDecimal lim = Quantity.parse(limit);
        if (req != null && lim != null && req.compareTo(lim) > 0) {
            check.add(path + ".requests." + what, what + " request " + request + " is more than its limit " + limit);
        }
    }

    /** min within max even while autoscaling is off (it is wrong once switched on); in prod, at least 2 when on. */
    private void replicas(String path, ServiceSpec.Autoscaling a) {
        if (a.minReplicas() > a.maxReplicas()) {
            check.add(path + ".minReplicas", "minReplicas (" + a.minReplicas() + ") is greater than maxReplicas ("
                    + a.maxReplicas() + ")");
        }
        if (check.prod && a.enabled() && a.minReplicas() < 2) {
            check.add(path + ".minReplicas", "prod needs at least 2 replicas under autoscaling, found " + a.minReplicas());
        }
    }
}
