package io.neotool.charts.verify;

import io.neotool.charts.model.EnvReferences;
import io.neotool.charts.model.ImageReference;
import io.neotool.charts.model.LiteralSecrets;
import io.neotool.charts.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The security and reliability rules of docs/policy-rules.md over one rendered release: per object and across objects
 * (Service selects pods, Ingress backends exist, NetworkPolicy coverage, PDBs, HPA targets). Pod Security rules
 * honour each namespace's level (label {@code pod-security.kubernetes.io/enforce} on the rendered Namespace,
 * restricted when absent): a violation the namespace's level allows becomes an info finding that shows the reason
 * (annotation {@code neotool.io/pod-security-reason}). A workload may also exempt itself from named rules with the
 * annotations {@code neotool.io/lint-exempt} (rule ids, comma separated) and {@code neotool.io/lint-exempt-reason}.
 */
public final class PolicyChecker {
    /** The lint rules this class applies, each defined where it is applied; {@link Rules} lists them all. */
    static final RuleSet RULES = new RuleSet();

    public static final String PSS_LABEL = "pod-security.kubernetes.io/enforce";
    public static final String PSS_REASON = "neotool.io/pod-security-reason";
    public static final String EXEMPT = "neotool.io/lint-exempt";
    public static final String EXEMPT_REASON = "neotool.io/lint-exempt-reason";

    static final String CHART_LABEL = "helm.sh/chart";
    static final List<String> RECOMMENDED_LABELS = List.of("app.kubernetes.io/name", "app.kubernetes.io/instance",
            "app.kubernetes.io/version", "app.kubernetes.io/component", "app.kubernetes.io/part-of",
            "app.kubernetes.io/managed-by", CHART_LABEL);
    private static final Pattern SECRET_KEY = Pattern.compile(
            "(?i).*(password|passwd|secret|token|api[-_.]?key|private[-_.]?key|credentials?).*");
    private static final Pattern PRIVATE_KEY_PEM = Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----");

    /**
     * What the release is: name, namespace, whether the environment is production, the Kubernetes version, and the
     * Pod Security level of namespaces it does not render but declares (the umbrella's {@code namespaces.items} with
     * {@code namespaces.create: false}: the operator makes them, labelled with that level). A rendered Namespace's
     * own label wins. {@code subchartAlone}: a subchart rendered on its own (its {@code ci/*-values.yaml}), whose
     * namespaces' default-deny policies are its umbrella's to render, not its own.
     */
    /**
     * The release the manifests are of. {@code operatorMade}: the objects the operator makes
     * ({@link PlatformVerifier.OperatorObject#id()}), which the checks take as there (a ServiceAccount made with a
     * cloud's workload identity).
     */
    public record Release(String name, String namespace, boolean prod, String kubeVersion,
                          Map<String, NamespaceLevel> declaredNamespaces, boolean subchartAlone, java.util.Set<String> operatorMade) {
        /** A release of a chart installed on its own, checked against the default Kubernetes version. */
        public Release(String name, String namespace, boolean prod) {
            this(name, namespace, prod, DEFAULT_KUBE_VERSION, Map.of(), false);
        }

        /** A release whose operator makes nothing the checks would miss. */
        public Release(String name, String namespace, boolean prod, String kubeVersion,
                       Map<String, NamespaceLevel> declaredNamespaces, boolean subchartAlone) {
            this(name, namespace, prod, kubeVersion, declaredNamespaces, subchartAlone, java.util.Set.of());
        }
    }

    /** A namespace's Pod Security level ({@code restricted}, {@code baseline}, {@code privileged}) and why. */
    public record NamespaceLevel(String level, String reason) {}

    /** The Kubernetes version whose Pod Security Standards apply when none is given: the one charts are rendered for. */
    public static final String DEFAULT_KUBE_VERSION = io.neotool.charts.helm.HelmClient.DEFAULT_KUBE_VERSION;

    private final Release release;
    private final List<Manifest> manifests;
    private final ReleaseIndex index;
    private final List<Workload> workloads;
    private final List<Finding> findings = new ArrayList<>();
    private final Map<String, String[]> namespaceLevels = new HashMap<>();
    /** Workloads a Service's selector picks, a PodDisruptionBudget protects, a NetworkPolicy's podSelector names. */
    private final Set<Workload> behindService = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The PodDisruptionBudgets that select each workload's pods, by name. */
    private final Map<Workload, List<String>> pdbsOf = new IdentityHashMap<>();
    private final Set<Workload> namedByNetworkPolicy = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The first HorizontalPodAutoscaler of each scale target ({@code namespace/kind/name}). */
    private final Map<String, Manifest> hpaByTarget = new HashMap<>();
    /** Each Ingress route seen (IngressClass, host, path and its type) and the Ingress that routes it. */
    private final Map<String, Manifest> ingressRoutes = new HashMap<>();

    private PolicyChecker(Release release, List<Manifest> manifests) {
        this.release = release;
        this.manifests = manifests;
        this.index = new ReleaseIndex(manifests, release.namespace());
        this.workloads = index.workloads();
        release.declaredNamespaces().forEach((ns, l) -> namespaceLevels.put(ns, new String[] {l.level(), l.reason()}));
        for (Manifest m : manifests) {
            String ns = m.namespace(release.namespace());
            switch (m.kind()) {
                case "Service" -> {
                    Map<String, Object> selector = Yaml.mapAt(m.body(), "spec", "selector");
                    if (!selector.isEmpty()) {
                        behindService.addAll(index.matchingLabels(ns, selector));
                    }
                }
                case "PodDisruptionBudget" -> index.selected(ns, Yaml.mapAt(m.body(), "spec", "selector"))
                        .forEach(w -> pdbsOf.computeIfAbsent(w, k -> new ArrayList<>()).add(m.name()));
                case "NetworkPolicy" -> namedByNetworkPolicy.addAll(index.selected(ns, Yaml.mapAt(m.body(), "spec", "podSelector")));
                case "HorizontalPodAutoscaler" -> hpaByTarget.putIfAbsent(ns + "/" + Yaml.str(m.at("spec", "scaleTargetRef", "kind"))
                        + "/" + Yaml.str(m.at("spec", "scaleTargetRef", "name")), m);
                default -> { }
            }
            if ("Namespace".equals(m.kind())) {
                namespaceLevels.put(m.name(), new String[] {
                        Yaml.str(m.labels().getOrDefault(PSS_LABEL, "restricted")),
                        Yaml.str(m.annotations().get(PSS_REASON))});
            }
        }
    }

    /** All findings of the rules over one rendered release, exemptions applied. */
    public static List<Finding> check(Release release, List<Manifest> manifests) {
        PolicyChecker c = new PolicyChecker(release, manifests);
        c.run();
        return c.findings;
    }

    private void run() {
        for (Workload w : workloads) {
            podSecurity(w);
            containersHygiene(w);
            serviceAccount(w);
            jobs(w);
            podTemplate(w);
            chartVersion(w);
            replicated(w);
            selectorMatchesTemplate(w);
        }
        for (Manifest m : manifests) {
            labels(m);
            switch (m.kind()) {
                case "ConfigMap" -> configMap(m);
                case "Role", "ClusterRole" -> rbacRole(m);
                case "RoleBinding", "ClusterRoleBinding" -> rbacBinding(m);
                case "Service" -> service(m);
                case "Ingress" -> ingress(m);
                case "HorizontalPodAutoscaler" -> hpa(m);
                case "PodDisruptionBudget" -> pdb(m);
                case "NetworkPolicy" -> networkPolicySelects(m);
                case "Deployment" -> rollingUpdate(m);
                default -> { }
            }
        }
        networkPolicyCoverage();
    }

    // ---------------------------------------------------------------- reporting and exemptions

    private void report(String ruleId, Manifest m, String message) {
        Rule rule = Rules.get(ruleId);
        Finding f = new Finding(ruleId, rule.severity(), m.chart(), m.file(), m.kind(), m.name(), message, rule.fix(), Set.of());
        String ns = m.namespace(release.namespace());
        if (!rule.podSecurity().isEmpty()) {
            String[] level = namespaceLevels.getOrDefault(ns, new String[] {"restricted", ""});
            if (rank(level[0]) < rank(rule.podSecurity())) {
                String reason = level[1].isEmpty() ? "no reason given" : level[1];
                f = f.withSeverity(Severity.INFO, "exempted (namespace " + ns + " enforces Pod Security " + level[0]
                        + ": " + reason + "): " + message);
            }
        }
        Set<String> exempt = exemptRules(m);
        if (!f.isExemption() && exempt.contains(ruleId)) { // an info finding too: the pom's level may raise it
            f = exempted(f, m);
        }
        findings.add(f);
    }

    private static Finding exempted(Finding f, Manifest annotated) {
        return f.withSeverity(Severity.INFO, "exempted (" + EXEMPT + ": " + Yaml.str(annotated.annotations().get(EXEMPT_REASON))
                + "): " + f.message());
    }

    /**
     * {@code findings} with the annotation's exemptions applied to those the other checks make (Kubernetes schema,
     * platform verification, capacity) on an annotated object, found by kind and name as the pom's exemptions are. An
     * annotation without a reason exempts nothing; its problems (unknown rules, no reason) are {@link #check}'s to say.
     */
    public static List<Finding> exemptAnnotated(List<Finding> findings, List<Manifest> manifests) {
        Map<String, Manifest> annotated = new HashMap<>();
        for (Manifest m : manifests) {
            if (!Yaml.str(m.annotations().get(EXEMPT)).isBlank() && !Yaml.str(m.annotations().get(EXEMPT_REASON)).isBlank()) {
                annotated.putIfAbsent(m.kind() + "/" + m.name(), m);
            }
        }
        if (annotated.isEmpty()) {
            return findings;
        }
        List<Finding> out = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            Manifest m = annotated.get(f.kind() + "/" + f.name());
            boolean exempt = m != null && !f.isExemption() && listedRules(m).contains(f.ruleId());
            out.add(exempt ? exempted(f, m) : f);
        }
        return out;
    }

    private static int rank(String level) {
        return switch (level) {
            case "privileged" -> 0;
            case "baseline" -> 1;
            default -> 2;
        };
    }

    /** The rules each object exempts itself from, by identity (an object's hash would walk its whole body). */
    private final Map<Manifest, Set<String>> exemptions = new IdentityHashMap<>();

    public static final String EXEMPTION = RULES.define("exemption", "security", Severity.ERROR, "",
            "A rule exemption must name known rules and give a reason.",
            "Set neotool.io/lint-exempt to rule ids and neotool.io/lint-exempt-reason to why.");

    private Set<String> exemptRules(Manifest m) {
        return exemptions.computeIfAbsent(m, x -> {
            if (Yaml.str(x.annotations().get(EXEMPT)).isBlank()) {
                return Set.of();
            }
            Set<String> ids = new HashSet<>();
            for (String id : listedRules(x)) {
                if (!Rules.exists(id)) {
                    findings.add(plain(EXEMPTION, x, EXEMPT + " names unknown rule '" + id + "'"));
                } else {
                    ids.add(id);
                }
            }
            if (Yaml.str(x.annotations().get(EXEMPT_REASON)).isBlank()) {
                findings.add(plain(EXEMPTION, x, EXEMPT + " without " + EXEMPT_REASON + ": say why the rules do not apply"));
                return Set.of();
            }
            return Set.copyOf(ids);
        });
    }

    /** Whether the object exempts itself from the rule by its lint-exempt annotation (with a reason). */
    static boolean exemptsItself(Manifest m, String ruleId) {
        return !Yaml.str(m.annotations().get(EXEMPT_REASON)).isBlank() && listedRules(m).contains(ruleId);
    }

    /** The rule ids the object's lint-exempt annotation lists, as written (none without the annotation). */
    private static List<String> listedRules(Manifest m) {
        return Arrays.stream(Yaml.str(m.annotations().get(EXEMPT)).split("[,\\s]+")).filter(id -> !id.isBlank())
                .toList();
    }

    private static Finding plain(String ruleId, Manifest m, String message) {
        Rule rule = Rules.get(ruleId);
        return new Finding(ruleId, rule.severity(), m.chart(), m.file(), m.kind(), m.name(), message, rule.fix(), Set.of());
    }

    // ---------------------------------------------------------------- pod security (1-9, 15): PodSecurity, plus read-only root and probe hosts

    public static final String READ_ONLY_ROOT_FS = RULES.define("read-only-root-fs", "security", Severity.ERROR, "",
            "A writable root filesystem lets an attacker persist tools in the container (9).",
            "Set readOnlyRootFilesystem: true and mount emptyDirs where the image writes.");

    private void podSecurity(Workload w) {
        Manifest m = w.manifest();
        boolean restricted = namespaceLevels.getOrDefault(w.namespace(), new String[] {"restricted"})[0].equals("restricted");
        for (PodSecurity.Violation v : PodSecurity.check(w, w.podAnnotations(), release.kubeVersion())) {
            if (!(restricted && PodSecurity.OVERRIDDEN_BY_RESTRICTED.containsKey(v.ruleId()))) {
                report(v.ruleId(), m, Rules.get(v.ruleId()).control() + ": " + v.message());
            }
        }
        for (Map<String, Object> c : w.allContainers()) {
            String cn = Workload.containerName(c);
            if (!Yaml.isTrue(Yaml.at(c, "securityContext", "readOnlyRootFilesystem"))) {
                report(READ_ONLY_ROOT_FS, m, cn + " does not set readOnlyRootFilesystem: true");
            }
            for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                probeHost(m, cn + " " + probe, c.get(probe));
            }
            probeHost(m, cn + " postStart hook", Yaml.at(c, "lifecycle", "postStart"));
            probeHost(m, cn + " preStop hook", Yaml.at(c, "lifecycle", "preStop"));
        }
    }

    public static final String PROBE_HOST = RULES.define("probe-host", "security", Severity.ERROR, "baseline",
            "A probe or lifecycle hook with a host field makes the kubelet connect to any address (15).",
            "Remove the host field; probes target the pod.");

    private void probeHost(Manifest m, String what, Object handler) {
        for (String kind : List.of("httpGet", "tcpSocket")) {
            String host = Yaml.str(Yaml.at(handler, kind, "host"));
            if (!host.isEmpty()) {
                report(PROBE_HOST, m, what + " sets " + kind + ".host " + host);
            }
        }
    }

    // ---------------------------------------------------------------- containers (12, 16-19, 25, contested)

    public static final String ENV_SECRET = RULES.define("env-secret", "security", Severity.ERROR, "",
            "A literal secret in an env value ends up in the chart, the release and kubectl describe (12). A name is "
                    + "flagged when it ends in password, passwd, passphrase or secret (DB_PASSWORD, PGPASSWORD), or its last "
                    + "word is token, credential(s), key or apikey (SIGNING_KEY, APITOKEN); a word after it says which "
                    + "secret, where it is or how it is used "
                    + "(JWT_KEY_ID, VAULT_SECRET_PATH, KAFKA_KEY_SERIALIZER), and is not flagged. A value is flagged "
                    + "whatever its name when it holds a URL with a password, a private key or a well-known access token.",
            "Use valueFrom.secretKeyRef or a mounted secret file.");
    public static final String RESOURCES = RULES.define("resources", "reliability", Severity.ERROR, "",
            "Without requests the scheduler overcommits nodes; without a memory limit one pod can starve the node (17); a "
                    + "negative amount is refused by the API server, and memory in thousandths of a byte (128m) is a typo "
                    + "for mebibytes no container starts with.",
            "Set resources.requests.cpu, resources.requests.memory and resources.limits.memory.");
    public static final String REQUEST_OVER_LIMIT = RULES.define("request-over-limit", "reliability", Severity.ERROR, "",
            "The API server refuses a container whose request of a resource is more than its limit of it, so the install "
                    + "or upgrade fails; values given at install (a values file, --set) can make one the spec never had.",
            "Keep each resources.requests.<resource> at or below resources.limits.<resource>.");
    public static final String READINESS_PROBE = RULES.define("readiness-probe", "reliability", Severity.ERROR, "",
            "Without a readiness probe a Service sends traffic to pods that are not ready (18).",
            "Add a readinessProbe to every long-running container behind a Service.");
    public static final String LIVENESS_PROBE = RULES.define("liveness-probe", "reliability", Severity.WARNING, "",
            "A liveness probe equal to the readiness probe restarts pods that are only busy (18).",
            "Make the liveness probe check something different (a path, a threshold) from readiness.");
    public static final String PROBE_PORT = RULES.define("probe-port", "reliability", Severity.ERROR, "",
            "A probe on a port name the container does not declare always fails; one on a number it does not declare is, in "
                    + "the platform's containers, a probe on the wrong port (19). A sidecar's undeclared number is left alone "
                    + "(proxies answer health on ports they do not list).", "Name or number a declared containerPort.");
    public static final String DUPLICATE_ENV = RULES.define("duplicate-env", "reliability", Severity.ERROR, "",
            "With duplicate env names only the last one counts (25).", "Keep one entry per name.");
    public static final String ENV_REFERENCE = RULES.define("env-reference", "reliability", Severity.ERROR, "",
            "The kubelet expands $(NAME) in an env value only from the variables defined before it, and in command and args "
                    + "from the container's variables; any other reference stays as the literal text $(NAME), so the process "
                    + "gets an address or a name that does not exist. Left alone: a container with envFrom (its names are "
                    + "not known here), the kubernetes Service's variables (KUBERNETES_SERVICE_HOST, ...), the other "
                    + "Services' (..._SERVICE_HOST, ..._PORT) unless the pod turns enableServiceLinks off, a lower-case "
                    + "name in command or args (a shell's $(date)), $$(NAME), the escape.",
            "Define NAME in env before the entry that uses it, or write $$(NAME) for the literal text.");
    public static final String PULL_POLICY = RULES.define("pull-policy", "contested", Severity.INFO, "",
            "Polaris, kube-score and Checkov want imagePullPolicy: Always; Helm's best practices accept IfNotPresent.",
            "With fixed tags IfNotPresent is fine; use Always if tags are ever overwritten.");

    private void containersHygiene(Workload w) {
        Manifest m = w.manifest();
        for (Map<String, Object> c : w.allContainers()) {
            String cn = Workload.containerName(c);
            String image = Yaml.str(c.get("image"));
            imageTag(m, cn, image);
            Set<String> envNames = new HashSet<>();
            boolean envFrom = !Yaml.list(c.get("envFrom")).isEmpty();
            boolean serviceLinks = !Yaml.isFalse(w.podSpec().get("enableServiceLinks"));
            for (Object e : Yaml.list(c.get("env"))) {
                Map<String, Object> env = Yaml.map(e);
                String name = Yaml.str(env.get("name"));
                if (!envFrom) {
                    for (String ref : unresolved(Yaml.str(env.get("value")), envNames, serviceLinks, false)) {
                        report(ENV_REFERENCE, m, cn + " env " + name + " refers to $(" + ref + "), which no env entry "
                                + "before it defines: the kubelet leaves the text as it is");
                    }
                }
                if (!envNames.add(name)) {
                    report(DUPLICATE_ENV, m, cn + " sets env " + name + " more than once");
                }
                String value = Yaml.str(env.get("value"));
                String credential = LiteralSecrets.kind(value);
                if (LiteralSecrets.secretLikeName(name) && !value.isEmpty()) {
                    report(ENV_SECRET, m, cn + " sets secret-like env " + name + " to a literal value");
                } else if (credential != null) {
                    report(ENV_SECRET, m, cn + " sets env " + name + " to " + credential + ", a literal value");
                }
            }
            if (!envFrom) {
                for (String key : List.of("command", "args")) {
                    for (Object word : Yaml.list(c.get(key))) {
                        for (String ref : unresolved(Yaml.str(word), envNames, serviceLinks, true)) {
                            report(ENV_REFERENCE, m, cn + " " + key + " refers to $(" + ref + "), which the container's env "
                                    + "does not define: the kubelet leaves the text as it is");
                        }
                    }
                }
            }
            String pull = Yaml.str(c.get("imagePullPolicy"));
            if (!"Always".equals(pull)) {
                report(PULL_POLICY, m, cn + " imagePullPolicy is " + (pull.isEmpty() ? "unset" : pull) + ", not Always");
            }
        }
        for (Map<String, Object> c : w.resourceContainers()) {
            String cn = Workload.containerName(c);
            Map<String, Object> res = Yaml.map(c.get("resources"));
            List<String> missing = new ArrayList<>();
            if (Yaml.at(res, "requests", "cpu") == null) {
                missing.add("requests.cpu");
            }
            if (Yaml.at(res, "requests", "memory") == null) {
                missing.add("requests.memory");
            }
            if (Yaml.at(res, "limits", "memory") == null) {
                missing.add("limits.memory");
            }
            if (!missing.isEmpty()) {
                report(RESOURCES, m, cn + " has no " + String.join(", ", missing));
            }
        }
        for (Map<String, Object> c : w.allContainers()) {
            Map<String, Object> requests = Yaml.map(Yaml.at(c.get("resources"), "requests"));
            Map<String, Object> limits = Yaml.map(Yaml.at(c.get("resources"), "limits"));
            for (var amounts : List.of(Map.entry("requests", requests), Map.entry("limits", limits))) {
                amounts.getValue().forEach((resource, amount) -> {
                    String text = Yaml.str(amount);
                    BigDecimal value = signed(text);
                    if (value != null && value.signum() < 0) {
                        report(RESOURCES, m, Workload.containerName(c) + " " + amounts.getKey() + " " + resource + " "
                                + text + " is below 0, which the API server refuses");
                    } else if (resource.equals("memory") && text.endsWith("m")) {
                        report(RESOURCES, m, Workload.containerName(c) + " " + amounts.getKey() + " memory " + text + " is in "
                                + "thousandths of a byte (m), not mebibytes: write " + text.substring(0, text.length() - 1) + "Mi");
                    }
                });
            }
            for (String resource : new TreeSet<>(requests.keySet())) {
                BigDecimal request = signed(Yaml.str(requests.get(resource)));
                BigDecimal limit = signed(Yaml.str(limits.get(resource)));
                if (request != null && limit != null && request.compareTo(limit) > 0) {
                    report(REQUEST_OVER_LIMIT, m, Workload.containerName(c) + " requests " + resource + " "
                            + Yaml.str(requests.get(resource)) + ", more than its limit " + Yaml.str(limits.get(resource)));
                }
            }
        }
        boolean behindService = w.longRunning() && this.behindService.contains(w);
        for (Map<String, Object> c : w.containers()) {
            String cn = Workload.containerName(c);
            Object readiness = c.get("readinessProbe");
            Object liveness = c.get("livenessProbe");
            if (behindService && readiness == null) {
                report(READINESS_PROBE, m, cn + " is behind a Service and has no readinessProbe");
            }
            if (readiness != null && Objects.equals(readiness, liveness)) {
                report(LIVENESS_PROBE, m, cn + " livenessProbe is the same as its readinessProbe");
            }
        }
        // every container a probe may be on: the regular ones and the sidecars (init containers with restartPolicy Always)
        List<Map<String, Object>> regular = w.containers();
        for (Map<String, Object> c : w.allContainers()) {
            String cn = Workload.containerName(c);
            boolean sidecar = !regular.contains(c);
            Set<String> portNames = new HashSet<>();
            Set<Integer> portNumbers = new HashSet<>();
            for (Object p : Yaml.list(c.get("ports"))) {
                portNames.add(Yaml.str(Yaml.map(p).get("name")));
                if (Yaml.map(p).get("containerPort") instanceof Number n) {
                    portNumbers.add(n.intValue());
                }
            }
            for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                for (String kind : List.of("httpGet", "tcpSocket", "grpc")) {
                    Object port = Yaml.at(c.get(probe), kind, "port");
                    if (port == null) {
                        continue;
                    }
                    boolean ok = port instanceof Number n ? sidecar || portNumbers.contains(n.intValue()) : portNames.contains(Yaml.str(port));
                    if (!ok) {
                        report(PROBE_PORT, m, cn + " " + probe + " uses port " + port + ", not a declared containerPort");
                    }
                }
            }
        }
    }

    /** A quantity as the API server reads it, a sign included ("+256Mi"); null when it is not one. */
    private static BigDecimal signed(String text) {
        boolean negative = text.startsWith("-");
        BigDecimal value = Quantity.parse(text.startsWith("+") || negative ? text.substring(1) : text);
        return value == null || !negative ? value : value.negate();
    }

    public static final String IMAGE_TAG = RULES.define("image-tag", "reliability", Severity.ERROR, "",
            "An image without a tag or with :latest is not reproducible (16).", "Pin a fixed tag or a digest.");
    public static final String IMAGE_REFERENCE = RULES.define("image-reference", "reliability", Severity.ERROR, "",
            "An image that does not follow the OCI reference grammar is never pulled (InvalidImageName).",
            "Write [host[:port]/]path[:tag][@sha256:<64 hex digits>] with a lower-case path and no spaces.");

    private void imageTag(Manifest m, String cn, String image) {
        if (image.isEmpty()) {
            return; // the schema requires it
        }
        if (!ImageReference.isValid(image)) {
            report(IMAGE_REFERENCE, m, cn + " image '" + image + "' is not a valid image reference");
            return;
        }
        if (image.contains("@sha256:")) {
            return;
        }
        String last = image.substring(image.lastIndexOf('/') + 1);
        int colon = last.indexOf(':');
        if (colon < 0) {
            report(IMAGE_TAG, m, cn + " image " + image + " has no tag (means latest)");
        } else if (last.substring(colon + 1).equals("latest")) {
            report(IMAGE_TAG, m, cn + " image " + image + " uses the latest tag");
        }
    }

    // ---------------------------------------------------------------- service accounts (10, 11)

    public static final String AUTOMOUNT_TOKEN = RULES.define("automount-token", "security", Severity.WARNING, "",
            "A mounted service account token is a credential for the API server the workload may not need (10).",
            "Set automountServiceAccountToken: false unless the workload calls the Kubernetes API.");
    public static final String SERVICE_ACCOUNT = RULES.define("service-account", "security", Severity.ERROR, "",
            "Workloads sharing the default ServiceAccount share its permissions (11).",
            "Give the workload its own ServiceAccount and render it in the chart.");

    private void serviceAccount(Workload w) {
        Manifest m = w.manifest();
        String sa = w.serviceAccount();
        Manifest account = sa.isEmpty() ? null : find("ServiceAccount", w.namespace(), sa);
        if (sa.isEmpty() || sa.equals("default")) {
            report(SERVICE_ACCOUNT, m, "uses the namespace's default ServiceAccount");
        } else if (account == null && !release.operatorMade().contains("ServiceAccount/" + w.namespace() + "/" + sa)) {
            report(SERVICE_ACCOUNT, m, "ServiceAccount " + sa + " is not rendered in namespace " + w.namespace()
                    + " (render it, or declare it in the spec's global.operatorMade when the operator makes it)");
        }
        Object podAutomount = w.podSpec().get("automountServiceAccountToken");
        boolean off = podAutomount != null ? Yaml.isFalse(podAutomount)
                : account != null && Yaml.isFalse(account.body().get("automountServiceAccountToken"));
        if (!off) {
            report(AUTOMOUNT_TOKEN, m, "mounts a service account token (automountServiceAccountToken is not false)");
        }
    }

    // ---------------------------------------------------------------- jobs (27)

    public static final String JOB_CLEANUP = RULES.define("job-cleanup", "reliability", Severity.WARNING, "",
            "Finished Jobs pile up; CronJobs without a starting deadline can start a burst of late runs (27).",
            "Set ttlSecondsAfterFinished (or a helm.sh/hook-delete-policy) on Jobs, startingDeadlineSeconds on CronJobs.");

    public static final String POD_CHART_VERSION = RULES.define("pod-chart-version", "reliability", Severity.WARNING, "",
            "A pod template that carries the chart's version (the helm.sh/chart label, or its value under another key) "
                    + "changes with every chart version: helm upgrade replaces every pod even when nothing else changed, "
                    + "and a workload of one replica goes down.",
            "Keep helm.sh/chart on the object's own labels, out of its pod template's labels and annotations.");
    public static final String JOB_TEMPLATE = RULES.define("job-template", "reliability", Severity.ERROR, "",
            "A Job's pod template is immutable: a Job that is part of the release (not a hook) and whose pod template "
                    + "carries the chart's version keeps its name in the next chart version with another template, and "
                    + "the API server refuses that upgrade (spec.template: field is immutable).",
            "Keep the chart's version out of the Job's pod template and name the Job by a hash of that template (or by "
                    + ".Release.Revision, to run it on every upgrade), so that a change is a new Job; or make it a hook "
                    + "with helm.sh/hook-delete-policy: before-hook-creation.");

    /**
     * A pod template label or annotation that holds the chart's version: helm.sh/chart, or another key with the
     * object's own helm.sh/chart value (name-version); empty when there is none. A bare Pod has no template.
     */
    private static Optional<String> chartVersionInPods(Workload w) {
        Manifest m = w.manifest();
        if (m.kind().equals("Pod")) {
            return Optional.empty();
        }
        String chart = Yaml.str(m.labels().get(CHART_LABEL));
        return chartVersionIn("label", w.podLabels(), chart).or(() -> chartVersionIn("annotation", w.podAnnotations(), chart));
    }

    private static Optional<String> chartVersionIn(String what, Map<String, Object> entries, String chart) {
        return new TreeMap<>(entries).entrySet().stream()
                .filter(e -> e.getKey().equals(CHART_LABEL) || (!chart.isEmpty() && chart.equals(Yaml.str(e.getValue()))))
                .findFirst()
                .map(e -> "its pod template's " + what + " " + e.getKey() + ": " + Yaml.str(e.getValue()));
    }

    /** A pod template with the chart's version: a hook Job is created anew each time, so only it is left alone. */
    private void chartVersion(Workload w) {
        Manifest m = w.manifest();
        chartVersionInPods(w).ifPresent(found -> {
            if (m.kind().equals("Job") && !m.annotations().containsKey(InstallOrder.HOOK)) {
                report(JOB_TEMPLATE, m, "is not a hook and carries the chart's version in " + found
                        + "; helm upgrade to the next chart version would fail on its immutable pod template");
            } else if (!m.kind().equals("Job")) {
                report(POD_CHART_VERSION, m, "carries the chart's version in " + found
                        + ", so every chart upgrade replaces its pods");
            }
        });
    }

    private void jobs(Workload w) {
        Manifest m = w.manifest();
        if (m.kind().equals("Job") && m.at("spec", "ttlSecondsAfterFinished") == null
                && !m.annotations().containsKey("helm.sh/hook-delete-policy")) {
            report(JOB_CLEANUP, m, "sets neither ttlSecondsAfterFinished nor a helm.sh/hook-delete-policy");
        }
        if (m.kind().equals("CronJob") && m.at("spec", "startingDeadlineSeconds") == null) {
            report(JOB_CLEANUP, m, "does not set startingDeadlineSeconds");
        }
    }

    public static final String POD_TEMPLATE = RULES.define("pod-template", "reliability", Severity.ERROR, "",
            "The API server refuses a pod template its workload cannot run: a Job's or CronJob's with a restartPolicy "
                    + "other than Never or OnFailure (unset is Always), a Deployment's, StatefulSet's, DaemonSet's or "
                    + "ReplicaSet's with one other than Always, ephemeral containers in a template, a Localhost seccomp "
                    + "or AppArmor profile without its localhostProfile.",
            "Set restartPolicy: Never or OnFailure in a Job's pod template (Always, or none, in the other workloads'); "
                    + "leave ephemeralContainers out (kubectl debug adds them to a running pod); name the profile in "
                    + "localhostProfile.");

    private void podTemplate(Workload w) {
        Manifest m = w.manifest();
        String restart = Yaml.str(w.podSpec().get("restartPolicy"));
        if (List.of("Job", "CronJob").contains(m.kind()) && !List.of("Never", "OnFailure").contains(restart)) {
            report(POD_TEMPLATE, m, "the pod template's restartPolicy is " + (restart.isEmpty() ? "unset (Always)" : restart)
                    + ", which a " + m.kind() + " refuses: set Never or OnFailure");
        } else if (List.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet").contains(m.kind())
                && !restart.isEmpty() && !restart.equals("Always")) {
            report(POD_TEMPLATE, m, "the pod template's restartPolicy is " + restart + ", which a " + m.kind()
                    + " refuses: leave it out (Always)");
        }
        if (!m.kind().equals("Pod") && !Yaml.list(w.podSpec().get("ephemeralContainers")).isEmpty()) {
            report(POD_TEMPLATE, m, "the pod template has ephemeralContainers, which a template may not have");
        }
        List<Map.Entry<String, Object>> contexts = new ArrayList<>();
        contexts.add(Map.entry("the pod", w.podSpec().getOrDefault("securityContext", Map.of())));
        w.allContainers().forEach(c -> contexts.add(Map.entry("container " + Workload.containerName(c),
                c.getOrDefault("securityContext", Map.of()))));
        for (var context : contexts) {
            for (String profile : List.of("seccompProfile", "appArmorProfile")) {
                Object p = Yaml.map(context.getValue()).get(profile);
                if ("Localhost".equals(Yaml.str(Yaml.at(p, "type"))) && Yaml.str(Yaml.at(p, "localhostProfile")).isEmpty()) {
                    report(POD_TEMPLATE, m, context.getKey() + "'s " + profile + " is Localhost without a localhostProfile");
                }
            }
        }
    }

    // ---------------------------------------------------------------- replicas: PDB, spread (20, 22)

    public static final String PDB = RULES.define("pdb", "reliability", Severity.WARNING, "",
            "Replicated workloads without a PodDisruptionBudget can all be evicted at once; one that allows no eviction blocks node drains (20).",
            "Add a PodDisruptionBudget with maxUnavailable: 1 (or minAvailable below the replicas).");
    public static final String SPREAD = RULES.define("spread", "reliability", Severity.WARNING, "",
            "Replicas on one node all go down with it (22); a spread whose label selector does not select the workload's own "
                    + "pods spreads nothing.", "Add topologySpreadConstraints or pod anti-affinity that select the pod template's labels.");

    private void replicated(Workload w) {
        if (!w.scalable()) {
            return;
        }
        Manifest m = w.manifest();
        Manifest hpa = hpaFor(w);
        boolean replicated = w.replicas() > 1 || hpa != null;
        if (!replicated) {
            return;
        }
        if (!pdbsOf.containsKey(w)) {
            report(PDB, m, (hpa != null ? "is scaled by HorizontalPodAutoscaler " + hpa.name() : "has " + w.replicas() + " replicas")
                    + " and no PodDisruptionBudget selects its pods");
        }
        Map<String, Object> pod = w.podSpec();
        List<Map<String, Object>> selectors = new ArrayList<>();
        Yaml.list(pod.get("topologySpreadConstraints")).forEach(t -> selectors.add(Yaml.mapAt(t, "labelSelector")));
        Yaml.list(Yaml.at(pod, "affinity", "podAntiAffinity", "requiredDuringSchedulingIgnoredDuringExecution"))
                .forEach(t -> selectors.add(Yaml.mapAt(t, "labelSelector")));
        Yaml.list(Yaml.at(pod, "affinity", "podAntiAffinity", "preferredDuringSchedulingIgnoredDuringExecution"))
                .forEach(t -> selectors.add(Yaml.mapAt(t, "podAffinityTerm", "labelSelector")));
        if (selectors.isEmpty()) {
            report(SPREAD, m, "has several replicas and neither topologySpreadConstraints nor pod anti-affinity");
        } else if (selectors.stream().noneMatch(selector -> selects(selector, w.podLabels()))) {
            report(SPREAD, m, "spreads its replicas by label selectors that select none of its own pods: the scheduler may "
                    + "put them all on one node");
        }
    }

    public static final String PDB_TARGET = RULES.define("pdb-target", "platform", Severity.ERROR, "",
            "A PodDisruptionBudget whose selector matches no workload protects nothing (20, 24); a pod that two budgets "
                    + "select cannot be evicted at all (the eviction API refuses it), so draining its node hangs.",
            "Make the selector match the pod template labels of the workload it protects, and of no other budget's.");

    private void pdb(Manifest m) {
        Map<String, Object> spec = m.spec();
        Object maxUnavailable = spec.get("maxUnavailable");
        Object minAvailable = spec.get("minAvailable");
        List<Workload> selected = index.selected(m.namespace(release.namespace()), Yaml.map(spec.get("selector")));
        if (selected.isEmpty()) {
            report(PDB_TARGET, m, "selector matches no pods of a rendered workload");
        }
        for (Workload w : selected) {
            // said once per pair, by the budget whose name sorts last
            pdbsOf.get(w).stream().filter(other -> other.compareTo(m.name()) < 0).forEach(other -> report(PDB_TARGET, m,
                    "selects the pods of " + w.manifest().id() + ", as PodDisruptionBudget " + other + " does: the eviction "
                            + "API refuses to evict a pod more than one budget selects, so draining its node hangs"));
        }
        if (maxUnavailable != null && ("0".equals(Yaml.str(maxUnavailable)) || "0%".equals(Yaml.str(maxUnavailable)))) {
            report(PDB, m, "maxUnavailable 0 allows no eviction: node drains block");
        }
        if ("100%".equals(Yaml.str(minAvailable))) {
            report(PDB, m, "minAvailable 100% allows no eviction: node drains block");
        } else if (minAvailable instanceof Number n) {
            for (Workload w : selected) {
                Manifest hpa = hpaFor(w);
                int replicas = hpa != null ? intOr(Yaml.at(hpa.body(), "spec", "minReplicas"), 1) : w.replicas();
                if (n.intValue() >= replicas) {
                    report(PDB, m, "minAvailable " + n + " >= " + replicas + " replicas of " + w.manifest().id()
                            + ": allows no eviction");
                }
            }
        }
    }

    // ---------------------------------------------------------------- HPA (21)

    private Manifest hpaFor(Workload w) {
        return hpaByTarget.get(w.namespace() + "/" + w.manifest().kind() + "/" + w.manifest().name());
    }

    public static final String HPA = RULES.define("hpa", "reliability", Severity.ERROR, "",
            "An HPA must target an existing workload, scale (max > min) and not fight a static replicas field (21).",
            "Point scaleTargetRef at a rendered workload, set maxReplicas > minReplicas (>= 2 in prod), drop spec.replicas.");

    private void hpa(Manifest m) {
        String kind = Yaml.str(m.at("spec", "scaleTargetRef", "kind"));
        String name = Yaml.str(m.at("spec", "scaleTargetRef", "name"));
        Manifest target = find(kind, m.namespace(release.namespace()), name);
        if (target == null) {
            report(HPA, m, "scaleTargetRef " + kind + "/" + name + " is not rendered in namespace " + m.namespace(release.namespace()));
        } else if (target.at("spec", "replicas") != null) {
            report(HPA, m, "target " + kind + "/" + name + " sets spec.replicas, which fights the HPA on every upgrade");
        }
        int min = intOr(m.at("spec", "minReplicas"), 1);
        int max = intOr(m.at("spec", "maxReplicas"), 0);
        if (max <= min) {
            report(HPA, m, "maxReplicas " + max + " is not above minReplicas " + min);
        }
        if (release.prod() && min < 2) {
            report(HPA, m, "minReplicas " + min + " in prod: one pod is a single point of failure (>= 2)");
        }
    }

    private static int intOr(Object o, int fallback) {
        return o instanceof Number n ? n.intValue() : fallback;
    }

    // ---------------------------------------------------------------- references (24)

    public static final String REFERENCES = RULES.define("references", "reliability", Severity.ERROR, "",
            "Selectors that match nothing and references to missing objects break at run time (24).",
            "Make selectors match the pod template labels and reference objects the chart renders.");

    private void selectorMatchesTemplate(Workload w) {
        Manifest m = w.manifest();
        if (!w.scalable() && !m.kind().equals("DaemonSet")) {
            return;
        }
        Map<String, Object> selector = Yaml.mapAt(m.body(), "spec", "selector");
        if (!selector.isEmpty() && !selects(selector, w.podLabels())) {
            report(REFERENCES, m, "spec.selector does not match the pod template labels");
        }
        if (m.kind().equals("StatefulSet")) {
            String serviceName = Yaml.str(m.at("spec", "serviceName"));
            Manifest svc = serviceName.isEmpty() ? null : find("Service", w.namespace(), serviceName);
            if (svc == null) {
                report(REFERENCES, m, "serviceName " + (serviceName.isEmpty() ? "is not set" : serviceName + " is not a rendered Service"));
            } else if (!"None".equals(Yaml.str(svc.at("spec", "clusterIP")))) {
                report(REFERENCES, m, "serviceName " + serviceName + " is not a headless Service (clusterIP: None)");
            }
        }
    }

    public static final String NODE_PORT = RULES.define("node-port", "reliability", Severity.WARNING, "",
            "NodePort opens a port on every node (29).", "Use ClusterIP behind an Ingress.");
    public static final String SERVICE_SELECTOR = RULES.define("service-selector", "platform", Severity.ERROR, "",
            "A Service whose selector matches no pod template of its namespace has no endpoints (24).",
            "Make the Service's selector match the pod template labels of a workload in its namespace.");
    public static final String TARGET_PORT = RULES.define("target-port", "platform", Severity.ERROR, "",
            "A targetPort (number or name) that no selected container declares sends traffic nowhere (24).",
            "Point targetPort at a containerPort (number or name) of the selected pods.");

    private void service(Manifest m) {
        String type = Yaml.str(m.at("spec", "type"));
        if (type.equals("NodePort")) {
            report(NODE_PORT, m, "type NodePort opens the port on every node");
        }
        Map<String, Object> selector = Yaml.mapAt(m.body(), "spec", "selector");
        if (selector.isEmpty() || type.equals("ExternalName")) {
            return;
        }
        List<Workload> selected = index.matchingLabels(m.namespace(release.namespace()), selector).stream()
                .filter(Workload::longRunning).toList();
        if (selected.isEmpty()) {
            report(SERVICE_SELECTOR, m, "selector " + new java.util.TreeMap<>(selector) + " matches no pod template in namespace "
                    + m.namespace(release.namespace()));
            return;
        }
        for (Object p : Yaml.listAt(m.body(), "spec", "ports")) {
            Object target = Yaml.map(p).getOrDefault("targetPort", Yaml.map(p).get("port"));
            String wanted = Yaml.str(target);
            boolean byNumber = wanted.matches("\\d+");
            boolean declared = selected.stream().anyMatch(w -> w.containers().stream().anyMatch(c ->
                    Yaml.list(c.get("ports")).stream().anyMatch(cp -> wanted.equals(Yaml.str(Yaml.map(cp).get(byNumber ? "containerPort" : "name"))))));
            if (!declared) {
                report(TARGET_PORT, m, "port " + Yaml.str(Yaml.map(p).get("port")) + ": targetPort " + wanted + " is not a containerPort "
                        + (byNumber ? "" : "name ") + "of the selected pods (" + selected.stream().map(w -> w.manifest().id()).toList() + ")");
            }
        }
    }

    public static final String INGRESS_TLS = RULES.define("ingress-tls", "reliability", Severity.WARNING, "",
            "Ingress without TLS in prod sends traffic in clear text (29).", "Add spec.tls with a certificate secret, or "
                    + "the load balancer's own certificate in an annotation (networking.gke.io/managed-certificates, "
                    + "alb.ingress.kubernetes.io/certificate-arn, ...).");
    public static final String INGRESS_BACKEND = RULES.define("ingress-backend", "platform", Severity.ERROR, "",
            "An Ingress backend must name a Service of its namespace and a port that Service exposes (24).",
            "Name a rendered Service and one of its ports (number or name).");

    public static final String INGRESS_ROUTE = RULES.define("ingress-route", "platform", Severity.ERROR, "",
            "Two Ingresses of one IngressClass that route the same host and path leave the backend to the ingress "
                    + "controller's choice (24).",
            "Give one of them another host or path, or remove it.");

    private void ingress(Manifest m) {
        String ns = m.namespace(release.namespace());
        String className = m.ingressClass();
        for (Object rule : Yaml.listAt(m.body(), "spec", "rules")) {
            String host = Yaml.str(Yaml.at(rule, "host"));
            for (Object path : Yaml.list(Yaml.at(rule, "http", "paths"))) {
                String route = host + Yaml.str(Yaml.at(path, "path"));
                Manifest first = ingressRoutes.putIfAbsent(className + " " + route + " " + Yaml.str(Yaml.at(path, "pathType")), m);
                if (first != null && first != m) {
                    report(INGRESS_ROUTE, m, "routes " + (route.isEmpty() ? "every host" : route) + ", which " + first.id()
                            + " routes already" + (className.isEmpty() ? "" : " (IngressClass " + className + ")"));
                }
            }
        }
        for (Object b : m.ingressBackends()) {
            Object svcRef = Yaml.at(b, "service");
            if (svcRef == null) {
                continue; // a resource backend
            }
            String name = Yaml.str(Yaml.at(svcRef, "name"));
            Manifest svc = find("Service", ns, name);
            if (svc == null) {
                report(INGRESS_BACKEND, m, "backend Service " + name + " is not rendered in namespace " + ns);
                continue;
            }
            Object number = Yaml.at(svcRef, "port", "number");
            Object portName = Yaml.at(svcRef, "port", "name");
            boolean ok = Yaml.listAt(svc.body(), "spec", "ports").stream().map(Yaml::map).anyMatch(p ->
                    (number != null && Objects.equals(Yaml.str(number), Yaml.str(p.get("port"))))
                            || (portName != null && Objects.equals(Yaml.str(portName), Yaml.str(p.get("name")))));
            if (!ok) {
                report(INGRESS_BACKEND, m, "backend Service " + name + " has no port " + (number != null ? number : portName));
            }
        }
        if (release.prod() && Yaml.listAt(m.body(), "spec", "tls").isEmpty()
                && !io.neotool.charts.model.IngressSpec.cloudCertificate(m.annotations())) {
            report(INGRESS_TLS, m, "has no tls section in prod, nor a load balancer's own certificate in its annotations");
        }
    }

    // ---------------------------------------------------------------- network policies (23)

    public static final String NETWORK_POLICY = RULES.define("network-policy", "reliability", Severity.WARNING, "",
            "Pods not selected by a NetworkPolicy accept traffic from anywhere; a policy that selects nothing is dead (23).",
            "Render a default-deny NetworkPolicy per namespace plus explicit allows; make every policy select pods.");

    private void networkPolicySelects(Manifest m) {
        Map<String, Object> selector = Yaml.mapAt(m.body(), "spec", "podSelector");
        if (selector.isEmpty()) {
            return; // selects every pod of the namespace
        }
        String ns = m.namespace(release.namespace());
        if (index.selected(ns, selector).isEmpty()) {
            report(NETWORK_POLICY, m, "podSelector matches no rendered pods");
        }
    }

    private void networkPolicyCoverage() {
        if (!workloads.isEmpty() && manifests.stream().noneMatch(m -> m.kind().equals("NetworkPolicy"))) {
            // one finding, not one per namespace and workload: a release without any policy (turned off) says it once
            report(NETWORK_POLICY, workloads.get(0).manifest(), "the release renders no NetworkPolicy at all: none of its "
                    + workloads.size() + " workload(s) is isolated, every pod accepts traffic from anywhere");
            return;
        }
        Map<String, List<Workload>> byNamespace = new java.util.TreeMap<>();
        for (Workload w : workloads) {
            byNamespace.computeIfAbsent(w.namespace(), k -> new ArrayList<>()).add(w);
        }
        for (var e : byNamespace.entrySet()) {
            String ns = e.getKey();
            List<Manifest> policies = index.ofKind("NetworkPolicy", ns);
            boolean defaultDeny = policies.stream().anyMatch(p -> Yaml.mapAt(p.body(), "spec", "podSelector").isEmpty()
                    && Yaml.listAt(p.body(), "spec", "policyTypes").stream().map(Yaml::str).anyMatch("Ingress"::equals)
                    && Yaml.listAt(p.body(), "spec", "ingress").isEmpty());
            if (!defaultDeny && !release.subchartAlone()) {
                Manifest anchor = find("Namespace", "", ns);
                report(NETWORK_POLICY, anchor != null ? anchor : e.getValue().get(0).manifest(),
                        "namespace " + ns + " has no default-deny NetworkPolicy (podSelector: {}, policyTypes: [Ingress], no ingress rules)");
            }
            for (Workload w : e.getValue()) {
                if (!namedByNetworkPolicy.contains(w)) {
                    report(NETWORK_POLICY, w.manifest(), "no NetworkPolicy with a podSelector allows traffic to its pods explicitly");
                }
            }
        }
    }

    // ---------------------------------------------------------------- ConfigMaps, RBAC (13, 14)

    public static final String CONFIGMAP_SECRET = RULES.define("configmap-secret", "security", Severity.ERROR, "",
            "ConfigMaps are not secret; keys that look like secrets or PEM blocks leak (13).", "Move the value into a Secret.");

    private void configMap(Manifest m) {
        for (String section : List.of("data", "binaryData")) {
            for (var e : new java.util.TreeMap<>(Yaml.mapAt(m.body(), section)).entrySet()) {
                if (SECRET_KEY.matcher(e.getKey()).matches()) {
                    report(CONFIGMAP_SECRET, m, "key " + e.getKey() + " looks like a secret");
                } else if (PRIVATE_KEY_PEM.matcher(Yaml.str(e.getValue())).find()) {
                    report(CONFIGMAP_SECRET, m, "key " + e.getKey() + " holds a PEM private key");
                }
            }
        }
    }

    public static final String RBAC = RULES.define("rbac", "security", Severity.ERROR, "",
            "Wildcards, cluster-admin, pods/exec and broad secret reads give more than a workload needs (14).",
            "List the exact verbs and resources the workload uses.");

    private void rbacRole(Manifest m) {
        for (Object r : Yaml.listAt(m.body(), "rules")) {
            List<String> verbs = Yaml.list(Yaml.at(r, "verbs")).stream().map(Yaml::str).toList();
            List<String> resources = Yaml.list(Yaml.at(r, "resources")).stream().map(Yaml::str).toList();
            List<String> groups = Yaml.list(Yaml.at(r, "apiGroups")).stream().map(Yaml::str).toList();
            if (verbs.contains("*") || resources.contains("*") || groups.contains("*")) {
                report(RBAC, m, "rule uses a wildcard (verbs " + verbs + ", resources " + resources + ")");
            }
            if (resources.contains("pods/exec") || resources.contains("pods/attach")) {
                report(RBAC, m, "grants pods/exec or pods/attach");
            }
            if (resources.contains("secrets") && (verbs.contains("list") || verbs.contains("watch")
                    || (verbs.contains("get") && Yaml.list(Yaml.at(r, "resourceNames")).isEmpty()))) {
                report(RBAC, m, "reads all secrets (" + verbs + "); name them in resourceNames and drop list/watch");
            }
        }
    }

    /** The ClusterRoles every cluster has (Kubernetes' user-facing ones; system: ones by their prefix). */
    private static final Set<String> BUILT_IN_CLUSTER_ROLES = Set.of("cluster-admin", "admin", "edit", "view");

    private void rbacBinding(Manifest m) {
        String roleKind = Yaml.str(m.at("roleRef", "kind"));
        String roleName = Yaml.str(m.at("roleRef", "name"));
        if ("cluster-admin".equals(roleName)) {
            report(RBAC, m, "binds cluster-admin");
        }
        // the API server takes a binding to a role or an account that does not exist, and it grants nothing
        String ns = m.kind().equals("RoleBinding") ? m.namespace(release.namespace()) : "";
        boolean builtIn = roleKind.equals("ClusterRole")
                && (BUILT_IN_CLUSTER_ROLES.contains(roleName) || roleName.startsWith("system:"));
        if (!builtIn && find(roleKind, roleKind.equals("Role") ? ns : "", roleName) == null) {
            report(REFERENCES, m, "roleRef " + roleKind + " " + roleName + " is not rendered" + (roleKind.equals("Role")
                    ? " in namespace " + ns : "") + ": the binding grants nothing (a role the cluster provides: exempt the "
                    + "binding with the annotations neotool.io/lint-exempt: references and neotool.io/lint-exempt-reason)");
        }
        for (Object subject : Yaml.list(m.body().get("subjects"))) {
            String name = Yaml.str(Yaml.at(subject, "name"));
            String subjectNs = Yaml.str(Yaml.at(subject, "namespace"));
            subjectNs = subjectNs.isEmpty() ? ns : subjectNs;
            if ("ServiceAccount".equals(Yaml.str(Yaml.at(subject, "kind"))) && !name.equals("default")
                    && find("ServiceAccount", subjectNs, name) == null
                    && !release.operatorMade().contains("ServiceAccount/" + subjectNs + "/" + name)) {
                report(REFERENCES, m, "binds ServiceAccount " + name + " in namespace " + subjectNs + ", which is not rendered "
                        + "there (render it, or declare it in the spec's global.operatorMade when the operator makes it): the "
                        + "binding grants its pods nothing");
            }
        }
    }

    // ---------------------------------------------------------------- labels, rollout, contested (28, 30)

    public static final String LABELS = RULES.define("labels", "reliability", Severity.WARNING, "",
            "The recommended labels let tools and people find what a release owns (28).",
            "Add app.kubernetes.io/name, /instance (the release), /version, /component, /part-of, /managed-by and helm.sh/chart.");
    public static final String NAMESPACE_SET = RULES.define("namespace-set", "contested", Severity.INFO, "",
            "Checkov wants metadata.namespace everywhere; Helm leaves it to --namespace.",
            "Nothing to do unless the object must live outside the release namespace.");
    public static final String INSTANCE_LABEL = RULES.define("instance-label", "contested", Severity.INFO, "",
            "Polaris wants app.kubernetes.io/instance = metadata.name; Helm sets it to the release name.",
            "Keep the release name (Helm convention).");

    private void labels(Manifest m) {
        Map<String, Object> labels = m.labels();
        List<String> missing = RECOMMENDED_LABELS.stream().filter(l -> !labels.containsKey(l)).toList();
        if (!missing.isEmpty()) {
            report(LABELS, m, "missing labels " + String.join(", ", missing));
        }
        Object instance = labels.get("app.kubernetes.io/instance");
        if (instance != null && !release.name().equals(Yaml.str(instance))) {
            report(LABELS, m, "app.kubernetes.io/instance is " + instance + ", not the release name " + release.name());
        } else if (instance != null && !Yaml.str(instance).equals(m.name()) && Workload.of(m, "") != null) {
            report(INSTANCE_LABEL, m, "app.kubernetes.io/instance is the release name, not metadata.name (Polaris)");
        }
        if (Workload.of(m, "") != null && Yaml.str(m.metadata().get("namespace")).isEmpty()) {
            report(NAMESPACE_SET, m, "metadata.namespace is left to --namespace (Checkov)");
        }
    }

    public static final String ROLLING_UPDATE = RULES.define("rolling-update", "reliability", Severity.WARNING, "",
            "Recreate takes every pod down; the platform rolls with maxSurge: 1, maxUnavailable: 0 (30).",
            "Use strategy RollingUpdate with maxSurge: 1 and maxUnavailable: 0.");

    private void rollingUpdate(Manifest m) {
        Map<String, Object> strategy = Yaml.mapAt(m.body(), "spec", "strategy");
        String type = Yaml.str(strategy.getOrDefault("type", "RollingUpdate"));
        if (!type.equals("RollingUpdate")) {
            report(ROLLING_UPDATE, m, "strategy is " + type + ", not RollingUpdate");
            return;
        }
        Map<String, Object> ru = Yaml.map(strategy.get("rollingUpdate"));
        String surge = Yaml.str(ru.getOrDefault("maxSurge", "25%"));
        String unavailable = Yaml.str(ru.getOrDefault("maxUnavailable", "25%"));
        if (!surge.equals("1") || !(unavailable.equals("0") || unavailable.equals("0%"))) {
            report(ROLLING_UPDATE, m, "rollingUpdate is maxSurge " + surge + ", maxUnavailable " + unavailable
                    + "; the platform uses 1 and 0");
        }
    }

    // ---------------------------------------------------------------- helpers

    /** The first object of {@code kind} named {@code name} in {@code namespace} (any namespace when empty), or null. */
    private Manifest find(String kind, String namespace, String name) {
        if (namespace.isEmpty()) {
            return index.named(kind, name).stream().findFirst().orElse(null);
        }
        return index.find(kind, namespace, name);
    }

    private static final Pattern SERVICE_VARIABLE = Pattern.compile("[A-Z0-9_]+_(SERVICE_HOST|SERVICE_PORT|PORT)(_[A-Z0-9_]+)?");

    /**
     * The names {@code text} refers to as $(NAME) ({@link EnvReferences}) that are not in {@code defined}. The kubernetes Service's variables are always set, the
     * other Services' with {@code serviceLinks}; in a command's words ({@code shell}) a lower-case name is a shell's
     * command substitution, which the kubelet leaves to the shell.
     */
    private static List<String> unresolved(String text, Set<String> defined, boolean serviceLinks, boolean shell) {
        return EnvReferences.in(text).stream().filter(name -> !defined.contains(name))
                .filter(name -> !(SERVICE_VARIABLE.matcher(name).matches() && (serviceLinks || name.startsWith("KUBERNETES_"))))
                .filter(name -> !(shell && !name.equals(name.toUpperCase(Locale.ROOT))))
                .toList();
    }

    /** A LabelSelector against labels; an empty selector selects nothing here (a policy must name its pods). */
    static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
        return !selector.isEmpty() && LabelSelector.matches(selector, labels);
    }
}
