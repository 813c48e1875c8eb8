package io.neotool.charts.model;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The spec's own sections: chart name and version, namespaces, object storage, operator-made objects, pull secrets. */
final class PlatformRules {
    private PlatformRules() {}

    private static final Pattern SEMVER = Pattern.compile(
            "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?(\\+[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?$");

    private static final BigInteger UINT64_MAX = BigInteger.TWO.pow(64).subtract(BigInteger.ONE);

    /** The namespaces Kubernetes makes itself in every cluster. */
    static final java.util.Set<String> KUBERNETES_NAMESPACES = java.util.Set.of("default", "kube-system", "kube-public",
            "kube-node-lease");

    /** Whether the namespace prefix is a label the namespaces and buckets can take; when not, says so. */
    static boolean checkPrefix(SpecCheck c) {
        String prefix = c.spec.chart().namespacePrefix();
        if (Names.isDnsLabel(prefix, PlatformNamespaces.MAX_PREFIX)) {
            return true;
        }
        c.add("chart.namespacePrefix", "'" + prefix + "' is not a DNS-1123 label of at most " + PlatformNamespaces.MAX_PREFIX
                + " characters (the namespaces and buckets it names, like <prefix>-observability and <prefix>-assets-private, "
                + "are at most 63)");
        return false;
    }

    /** Helm's longest release name (53), less the service chart's "-service", which a release of it is named by. */
    static final int MAX_CHART_NAME = 53 - "-service".length();

    static void check(SpecCheck c) {
        PlatformSpec spec = c.spec;
        if (!Names.isDnsLabel(spec.chart().name(), MAX_CHART_NAME)) {
            c.add("chart.name", "'" + spec.chart().name() + "' is not a DNS-1123 label of at most " + MAX_CHART_NAME
                    + " characters" + (spec.chart().name().length() > MAX_CHART_NAME ? " (" + spec.chart().name().length()
                    + " here)" : "") + ": the service chart <name>-service is installed and linted under its own name, "
                    + "and Helm takes a release name of at most 53");
        }
        Components.SUBCHARTS.stream().filter(component -> component.chart().equals(spec.chart().name())).findFirst()
                .ifPresent(component -> c.add("chart.name", "'" + spec.chart().name() + "' is the name of the "
                        + component.chart() + " component's chart, which the umbrella holds and package writes beside "
                        + "it (both would be " + spec.chart().name() + "-<version>.tgz): choose another chart.name"));
        String title = spec.chart().title();
        if (title.contains("{{") || title.contains("}}") || title.contains("$")) {
            c.add("chart.title", "'" + title + "' holds " + (title.contains("$") ? "'$', which Grafana reads as a variable in "
                    + "its provisioning files (the dashboards' folder)" : "'{{' or '}}', which Helm reads as a template action "
                    + "in NOTES.txt and the dashboards' folder") + "; write the title without it");
        }
        if (!Names.isLabelValue(spec.chart().appVersion())) {
            c.add("chart.appVersion", "'" + spec.chart().appVersion() + "' is not a Kubernetes label value ("
                    + Names.LABEL_VALUE_RULE + "): it is the app.kubernetes.io/version label of the platform's objects "
                    + "and the default image tag");
        }
        if (!SEMVER.matcher(spec.chart().version()).matches()) {
            c.add("chart.version", "'" + spec.chart().version() + "' is not a SemVer 2 version (e.g. 1.2.3 or 1.2.3-rc.1); "
                    + "where the spec sets no chart.version it is the project's (pom.xml <version>): make that one SemVer "
                    + "(1.0.0-SNAPSHOT, not 1.0-SNAPSHOT) or set chart.version in the spec");
        } else if (Arrays.stream(spec.chart().version().split("[-+]")[0].split("\\."))
                .anyMatch(n -> new BigInteger(n).compareTo(UINT64_MAX) > 0)) {
            c.add("chart.version", "'" + spec.chart().version() + "': Helm reads major, minor and patch as 64-bit numbers "
                    + "(at most " + UINT64_MAX + "); use a smaller version");
        }
        spec.namespaces().forEach((name, ns) -> {
            String path = "namespaces." + name;
            if (!Names.isDnsLabel(name, 63)) {
                c.add(path, SpecCheck.notALabel(name));
            } else if (KUBERNETES_NAMESPACES.contains(name)) {
                c.add(path, "namespace '" + name + "' is Kubernetes' own, in every cluster: the release cannot create or "
                        + "own it (Helm refuses the install), and the platform's default-deny NetworkPolicies and Pod "
                        + "Security labels there would reach whatever else runs in it (in kube-system, the cluster's DNS); "
                        + "use a namespace of the platform's own");
            }
            if (!ns.podSecurity().equals("restricted") && ns.reason().isBlank()) {
                c.add(path + ".reason", "namespace '" + name + "' is '" + ns.podSecurity()
                        + "', not restricted: give the reason (the exemption is documented)");
            }
            c.labels(path + ".labels", ns.labels(), true);
            ns.labels().keySet().stream().filter(k -> k.startsWith("pod-security.kubernetes.io/")
                    || k.equals("kubernetes.io/metadata.name") || k.startsWith("app.kubernetes.io/") || k.equals("helm.sh/chart"))
                    .forEach(k -> c.add(path + ".labels." + k, "'" + k + "' is the chart's to set (the Pod Security level "
                            + "is podSecurity's, the name Kubernetes', the others the platform's labels): remove it"));
        });
        PlatformSpec.ObjectStorage storage = spec.global().objectStorage();
        if (!storage.provider().equals("minio") && storage.secretName().isBlank()) {
            c.add("global.objectStorage.secretName", "object storage outside the cluster (provider " + storage.provider()
                    + ") needs the name of the Secret holding its endpoint, access-key-id and secret-access-key (created "
                    + "by the operator in each consumer namespace)");
        }
        if (storage.provider().equals("minio") && !storage.addresses().isEmpty()) {
            c.add("global.objectStorage.addresses", "are an r2 or s3 provider's: the in-cluster MinIO is reached by its "
                    + "pods; remove them, or set provider: s3 for object storage of your own");
        }
        checkOperatorMade(c, spec);
        checkImagePullSecrets(c, spec);
        checkImageMirrors(c, spec);
        checkPriorityClassNames(c, spec);
        checkPlacement(c, spec);
        checkDns(c, spec.global().networkPolicy().dns());
    }

    /** The cluster DNS: pods by labels (none: CoreDNS's), on ports (some), and caches by range. */
    private static void checkDns(SpecCheck c, PlatformSpec.Dns dns) {
        String path = "global.networkPolicy.dns";
        c.labels(path + ".podLabels", dns.podLabels(), true);
        if (dns.ports().isEmpty()) {
            c.add(path + ".ports", "name the ports the DNS pods listen on (53; OpenShift: [53, 5353]): without them no "
                    + "pod resolves a name");
        }
        c.cidrs(path + ".cidrs", dns.cidrs());
    }

    /**
     * Each PriorityClass by the chart whose pods take it, as Helm names it to the templates: a component's chart, or a
     * service (the service chart under its alias); and a PriorityClass name, not one of Kubernetes' own system- classes,
     * which only kube-system's pods may take.
     */
    private static void checkPriorityClassNames(SpecCheck c, PlatformSpec spec) {
        List<String> charts = new java.util.ArrayList<>(Components.SUBCHARTS.stream().map(Component::chart).toList());
        charts.addAll(new java.util.TreeSet<>(spec.services().keySet()));
        spec.global().priorityClassNames().forEach((chart, priorityClass) -> {
            String path = "global.priorityClassNames." + chart;
            if (!charts.contains(chart)) {
                c.add(path, "'" + chart + "' is not a chart or service of the platform" + Suggestions.nearest(chart, charts)
                        .map(s -> " (did you mean " + s + "?)").orElse("") + "; they are " + String.join(", ", charts));
            } else if (priorityClass == null || !Names.isDnsSubdomain(priorityClass)) {
                c.add(path, "'" + priorityClass + "' is not a PriorityClass name (a DNS-1123 name: lower case letters, "
                        + "digits, '-' and '.')");
            } else if (priorityClass.startsWith("system-")) {
                c.add(path, "'" + priorityClass + "' is one of Kubernetes' own classes, which the API server gives only "
                        + "to pods in kube-system: create a PriorityClass of the platform's (e.g. neotool-data, value "
                        + "1000000) and name it here");
            }
        });
    }

    /** Each placement names a component chart (a service has its own keys) with node labels and tolerations the API server takes. */
    private static void checkPlacement(SpecCheck c, PlatformSpec spec) {
        List<String> charts = Components.SUBCHARTS.stream().map(Component::chart).toList();
        spec.global().placement().forEach((chart, placement) -> {
            String path = "global.placement." + chart;
            if (!charts.contains(chart)) {
                c.add(path, "'" + chart + "' is not a component chart" + (spec.services().containsKey(chart)
                        ? ": it is a service, whose placement is its own (services." + chart + ".nodeSelector and tolerations)"
                        : Suggestions.nearest(chart, charts).map(s -> " (did you mean " + s + "?)").orElse(""))
                        + "; the component charts are " + String.join(", ", charts));
                return;
            }
            c.labels(path + ".nodeSelector", placement.nodeSelector(), true);
            for (int i = 0; i < placement.tolerations().size(); i++) {
                String at = path + ".tolerations[" + i + "]";
                Tolerations.problems(placement.tolerations().get(i)).forEach(p -> c.add(at, p));
            }
        });
    }

    /**
     * Each mirror: a registry host (docker.io, not a URL or a path) to a registry host and path. Both start with what an
     * image reference reads as a host (a '.' or ':' in it, or localhost): a bare word there is a path on Docker Hub.
     */
    private static void checkImageMirrors(SpecCheck c, PlatformSpec spec) {
        spec.global().imageMirrors().forEach((from, to) -> {
            if (!ImageReference.isRegistryHost(from) || !ImageReference.readsAsHost(from)) {
                c.add("global.imageMirrors." + from, "'" + from + "' is not a registry host (docker.io, ghcr.io, "
                        + "registry.k8s.io, quay.io: a host name with a '.' or a :port, no scheme or path)");
            } else if (to == null || !to.matches(ImageReference.MIRROR)) {
                c.add("global.imageMirrors." + from, "'" + to + "' is not a mirror: a host name with an optional :port "
                        + "and path, e.g. harbor.corp.example/dockerhub-proxy");
            }
        });
    }

    /** The registry Secrets every pod pulls with: names a pod spec takes, each once. */
    private static void checkImagePullSecrets(SpecCheck c, PlatformSpec spec) {
        List<String> secrets = spec.global().imagePullSecrets();
        for (int i = 0; i < secrets.size(); i++) {
            if (!Names.isDnsSubdomain(secrets.get(i))) {
                c.add("global.imagePullSecrets[" + i + "]", "'" + secrets.get(i) + "' is not a Secret's name (a DNS-1123 "
                        + "name: lower case letters, digits, '-' and '.')");
            } else if (secrets.indexOf(secrets.get(i)) < i) {
                c.add("global.imagePullSecrets[" + i + "]", "'" + secrets.get(i) + "' is listed twice");
            }
        }
    }

    /**
     * Operator-made objects: a Secret, ConfigMap or ServiceAccount names its namespace, a Namespace names none, each says how it is made. Whether the
     * chart also renders one (Helm would refuse it) is neotool:lint's operator-made rule, on the render.
     */
    private static void checkOperatorMade(SpecCheck c, PlatformSpec spec) {
        List<PlatformSpec.OperatorObject> objects = spec.global().operatorMade();
        Set<String> seen = new HashSet<>();
        Set<String> namespaces = new HashSet<>(spec.namespaces().keySet());
        objects.stream().filter(o -> o.kind().equals("Namespace")).forEach(o -> namespaces.add(o.name()));
        for (int i = 0; i < objects.size(); i++) {
            PlatformSpec.OperatorObject o = objects.get(i);
            String path = "global.operatorMade[" + i + "]";
            if (o.name().isBlank()) {
                c.add(path + ".name", "an operator-made object needs a name");
            }
            boolean namespaced = !o.kind().equals("Namespace");
            if (namespaced && o.namespace().isBlank()) {
                c.add(path + ".namespace", o.kind() + " " + o.name() + " needs the namespace the operator creates it in");
            }
            if (namespaced && !o.namespace().isBlank() && !namespaces.contains(o.namespace())) {
                String moved = PlatformNamespaces.prefixed(o.namespace(), spec.chart().namespacePrefix());
                String what = o.kind() + " " + o.name() + " is made in namespace " + o.namespace() + ", which the release does not "
                        + "create here (namespaces: " + String.join(", ", new java.util.TreeSet<>(spec.namespaces().keySet())) + ")";
                c.add(path + ".namespace", PlatformSpec.PLAN_NAMESPACES.containsKey(o.namespace()) && !moved.equals(o.namespace())
                        && namespaces.contains(moved)
                        ? what + ": chart.namespacePrefix " + spec.chart().namespacePrefix() + " names that namespace " + moved
                                + "; write " + moved
                        : what + " and no operator-made Namespace declares: the operator could not create it. Remove the entry "
                                + "where nothing there reads it (a component this environment turns off), or declare the namespace");
            }
            if (o.kind().equals("Namespace") && !o.namespace().isBlank()) {
                c.add(path + ".namespace", "a Namespace has no namespace: leave it empty");
            }
            if (o.create().isBlank()) {
                c.add(path + ".create", "say how the operator creates " + o.kind() + " " + o.name() + " (a command or a document)");
            }
            if (!seen.add(o.kind() + "/" + o.namespace() + "/" + o.name())) {
                c.add(path, o.kind() + " " + o.name() + " is declared twice");
            }
            if (o.kind().equals("Secret") && vaultMakes(spec).contains(o.namespace() + "/" + o.name())) {
                c.add(path, "Secret " + o.namespace() + "/" + o.name() + " is the Vault token the vault chart makes here "
                        + "(vault.token.create, " + (spec.vault().mode().equals("dev") ? "true in dev mode unless written"
                        : "written true") + "), and Helm refuses to adopt a Secret the operator made: remove the entry where "
                        + "the chart makes it (an environment's global.operatorMade replaces the base's list)");
            }
        }
    }

    /** The Vault token Secrets the vault chart renders (namespace/name): with token.create, in Vault's and its clients'. */
    private static Set<String> vaultMakes(PlatformSpec spec) {
        VaultSpec v = spec.vault();
        Set<String> made = new HashSet<>();
        if (v.enabled() && v.token().create()) {
            made.add(v.namespace() + "/" + v.token().secretName());
            v.token().namespaces().forEach(ns -> made.add(ns + "/" + v.token().secretName()));
        }
        return made;
    }
}
