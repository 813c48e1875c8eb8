package io.neotool.charts.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One validation of a bound spec: the spec, whether it is prod, and the problems found so far, each placed at the line
 * of its key path (or of its nearest written ancestor: defaults have no line). The component rules, the checks by type
 * and the cross-component checks all report here, and share the few checks of a value that many keys hold.
 */
final class SpecCheck {
    private final String file;
    private final Map<String, int[]> positions;
    private final List<SpecProblem> problems = new ArrayList<>();
    final PlatformSpec spec;
    final boolean prod;
    /** The namespaces said to be undeclared where a component or service lives: other references to them say nothing more. */
    final Set<String> undeclared = new TreeSet<>();

    SpecCheck(String file, Map<String, int[]> positions, PlatformSpec spec) {
        this.file = file;
        this.positions = positions;
        this.spec = spec;
        this.prod = spec != null && spec.global().environment().equals("prod");
    }

    List<SpecProblem> problems() {
        return problems;
    }

    void add(String path, String message) {
        int[] at = position(path, message);
        problems.add(new SpecProblem(file, at[0], at[1], path, message));
    }

    /** A key path a message names, such as kafka.enabled in "kafka.enabled is false". */
    private static final Pattern NAMED_KEY = Pattern.compile("\\b[a-z][A-Za-z0-9]*(?:\\.[a-z][A-Za-z0-9]*)+\\b");

    /** A word of a message that may be a top-level key of the spec. */
    private static final Pattern SECTION = Pattern.compile("(?<![.\\w'-])[a-z][A-Za-z0-9]*(?![.\\w'-])");

    /**
     * Where {@code path} is in the file, or its nearest written ancestor. A key no section of which is written (a
     * default, or a value derived from others) is placed at the first written key the message names, its cause
     * (kafka.enabled for the Kafka exporter's default), rather than at the file's first line.
     */
    private int[] position(String path, String message) {
        String p = path;
        while (!p.isEmpty()) {
            int[] at = positions.get(p);
            if (at != null) {
                return at;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
        Matcher named = NAMED_KEY.matcher(message);
        while (named.find()) {
            int[] at = positions.get(named.group());
            if (at != null) {
                return at;
            }
        }
        Matcher section = SECTION.matcher(message); // a top-level key the message names ("not declared under namespaces")
        while (section.find()) {
            int[] at = positions.get(section.group());
            if (at != null) {
                return at;
            }
        }
        return positions.getOrDefault("", new int[] {0, 0});
    }

    /**
     * When the spec keeps the plan's namespace prefix but every namespace it declares is a plan namespace under one other
     * prefix ({@code shop-app}, {@code shop-data}: {@code shop}), the advice to set chart.namespacePrefix (from which
     * every default namespace is derived); else "".
     */
    static String prefixHint(PlatformSpec spec) {
        String plan = PlatformSpec.ChartInfo.PLAN_PREFIX;
        if (!spec.chart().namespacePrefix().equals(plan) || spec.namespaces().isEmpty()) {
            return "";
        }
        java.util.Set<String> prefixes = new TreeSet<>();
        for (String declared : spec.namespaces().keySet()) {
            String prefix = PlatformSpec.PLAN_NAMESPACES.keySet().stream().map(ns -> ns.substring(plan.length()))
                    .filter(suffix -> declared.endsWith(suffix) && declared.length() > suffix.length())
                    .map(suffix -> declared.substring(0, declared.length() - suffix.length())).findFirst().orElse(null);
            if (prefix == null) {
                return "";
            }
            prefixes.add(prefix);
        }
        String prefix = prefixes.iterator().next();
        return prefixes.size() == 1 && !prefix.equals(plan)
                ? " (the declared namespaces are the plan's under the prefix '" + prefix + "': set chart.namespacePrefix: "
                        + prefix + " to derive the defaults from it)" : "";
    }

    /** What is said of a namespace that is no DNS-1123 label, wherever it is written. */
    static String notALabel(String namespace) {
        return namespace.isEmpty() ? "a namespace is needed here: the charts name every object's namespace, since the "
                + "release's is not known when they are generated (to install into one namespace, name it here and "
                + "declare it under namespaces, or in global.operatorMade when it is given to you)"
                : "namespace '" + namespace + "' is not a DNS-1123 label (lower case, digits, '-', at most 63)";
    }

    /** A namespace a component or Secret lives in must be declared under namespaces (which carries its Pod Security). */
    void namespace(String path, String namespace) {
        if (!Names.isDnsLabel(namespace, 63)) { // no declaration makes it one
            undeclared.add(namespace);
            add(path, notALabel(namespace));
        } else if (!spec.namespaces().containsKey(namespace)) {
            undeclared.add(namespace);
            String unwritten = "";
            if (!written(path)) { // the default: say so, with the prefix that made it
                String prefix = spec.chart().namespacePrefix();
                String madeBy = prefix.equals(PlatformSpec.ChartInfo.PLAN_PREFIX) ? "" : " with chart.namespacePrefix " + prefix;
                unwritten = "; it is the default" + madeBy + ": declare it under namespaces, or set " + path + prefixHint(spec);
            }
            if (path.equals("observability.promtail.namespace")) { // the one namespace the platform runs below restricted
                unwritten += "; Promtail's namespace is declared {podSecurity: privileged, reason: \""
                        + PlatformSpec.LOGGING_NAMESPACE.reason() + "\"}";
            }
            add(path, notDeclared(namespace, spec.namespaces().keySet()) + unwritten
                    + (written("namespaces") ? " (a namespaces: list the spec writes is the platform's whole "
                            + "list, in place of the plan's)" : " (the spec writes no namespaces: list, so those are the "
                            + "plan's in use under its prefix; to add one, write the list with every namespace of the "
                            + "platform: it replaces the plan's)"));
        }
    }

    /**
     * An Ingress (web's, the router's, Grafana's, a service's) at {@code path}: its hosts, TLS (required in prod) and
     * annotations.
     */
    void ingress(String path, boolean enabled, List<WebSpec.Host> hostList, WebSpec.Tls tls, Map<String, String> annotations) {
        labels(path + ".annotations", annotations, false);
        if (!enabled) {
            return;
        }
        if (hostList.isEmpty()) {
            add(path + ".hosts", "the Ingress needs at least one host (dev: neotool.local)");
        }
        List<String> hosts = hostList.stream().map(WebSpec.Host::host).toList();
        for (int i = 0; i < hosts.size(); i++) {
            String host = hosts.get(i);
            int first = hosts.indexOf(host);
            if (host.isBlank()) {
                add(path + ".hosts[" + i + "].host", "empty host name");
            } else if (first < i) {
                add(path + ".hosts[" + i + "].host", "'" + host + "' is listed twice (first at " + path + ".hosts["
                        + first + "]); remove one");
            }
        }
        if (prod && !tls.enabled()) {
            add(path + ".tls.enabled", "an Ingress without TLS is not allowed in prod (policy rule 29); set "
                    + "tls: {enabled: true, secretName: <kubernetes.io/tls Secret>}");
        }
        if (tls.enabled() && tls.secretName().isBlank() && !IngressSpec.cloudCertificate(annotations)) {
            add(path + ".tls.secretName", "TLS is enabled: name the kubernetes.io/tls Secret with the certificate, or give "
                    + "the load balancer's own certificate in an annotation (" + String.join(", ",
                    IngressSpec.CLOUD_CERTIFICATE_ANNOTATIONS) + ")");
        }
    }

    /**
     * Labels (or, with {@code values} false, annotations, whose values are free) that go onto rendered objects as they
     * are written: keys and values as the API server takes them.
     */
    void labels(String path, Map<String, String> labels, boolean values) {
        labels.forEach((key, value) -> {
            if (!Names.isQualifiedName(key)) {
                add(path + "." + key, "'" + key + "' is not a label or annotation key (" + Names.QUALIFIED_NAME_RULE + ")");
            } else if (values && value != null && !Names.isLabelValue(value)) {
                add(path + "." + key, "'" + value + "' is not a label value (" + Names.LABEL_VALUE_RULE + ")");
            }
        });
    }

    /** Refuses at {@code path} a bucket the minio chart does not create, where MinIO is on. */
    void createdByMinio(String path, String bucket) {
        MinioSpec minio = spec.minio();
        if (minio.enabled() && !minio.buckets().contains(bucket)) {
            add(path, "'" + bucket + "' is not one of the buckets MinIO creates (minio.buckets " + minio.buckets()
                    + "): name one of them, or add it there" + (written("minio.buckets")
                            ? " (the list the spec writes replaces MinIO's defaults: it holds every bucket the platform uses)"
                            : ""));
        }
    }

    /** Whether the spec writes the key at {@code path} (rather than leaving it to a default or a derivation). */
    boolean written(String path) {
        return positions.containsKey(path);
    }

    void bucket(String path, String bucket) {
        if (!bucket.matches("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")) {
            add(path, "'" + bucket + "' is not a valid bucket name (3 to 63 lower case letters, digits, '.', '-')");
        }
    }

    void cidrs(String path, List<String> cidrs) {
        for (int i = 0; i < cidrs.size(); i++) {
            cidr(path + "[" + i + "]", cidrs.get(i));
        }
    }

    void cidr(String path, String cidr) {
        if (Cidr.parse(cidr).isEmpty()) {
            add(path, "'" + cidr + "' is not " + Cidr.EXAMPLE);
        }
    }

    void httpUrl(String path, String url) {
        if (!url.matches(Names.HTTP_URL)) {
            add(path, "'" + url + "' " + TypeChecks.describePattern(Names.HTTP_URL));
        }
    }

    /**
     * A consumer's egress to the in-cluster MinIO (provider minio) must name the minio chart's pods. With the chart off,
     * {@link ComponentReferences} says so once for every consumer.
     */
    void minioPeer(String path, NetworkPolicySpec.Peer peer) {
        MinioSpec minio = spec.minio();
        if (minio.enabled() && (!peer.namespace().equals(minio.namespace()) || !peer.app().equals("minio")
                || peer.port() != 9000)) {
            add(path + ".minio", "'" + peer.namespace() + "/" + peer.app() + ":" + peer.port()
                    + "' is not the minio chart's pods (" + minio.namespace() + "/minio:9000, minio.namespace)");
        }
    }

    /** That {@code namespace} is not among the {@code declared} namespaces, listing them (or saying there are none). */
    static String notDeclared(String namespace, java.util.Collection<String> declared) {
        return "namespace '" + namespace + "' is not declared under namespaces: " + (declared.isEmpty()
                ? "none is declared" : String.join(", ", new TreeSet<>(declared)));
    }
}
