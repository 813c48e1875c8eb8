package io.neotool.charts.verify;

import io.neotool.charts.verify.InstallOrder.Phase;
import io.neotool.charts.verify.InstallOrder.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code helm install} and then {@code helm upgrade} of one rendered release, step by step in Helm's order
 * ({@link InstallOrder}): at each step the object's namespace must exist, and every namespaced reference of a pod
 * template must resolve in the pod's own namespace to an object that exists by then or that the operator makes
 * (declared in the spec). A hook that needs something the release creates later is an error: Helm waits for the
 * hook, the release never gets there.
 */
final class InstallSimulation {
    /** The lint rules this class applies, each defined where it is applied; {@link Rules} lists them all. */
    static final RuleSet RULES = new RuleSet();

    /** Namespaces every cluster has. */
    static final Set<String> CLUSTER_NAMESPACES = Set.of("default", "kube-system", "kube-public", "kube-node-lease");

    static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "PriorityClass", "StorageClass", "PersistentVolume",
            "CustomResourceDefinition", "ClusterRole", "ClusterRoleList", "ClusterRoleBinding", "ClusterRoleBindingList",
            "IngressClass", "APIService", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration", "PodSecurityPolicy");

    /**
     * A namespaced reference of a pod template: {@code Secret/vault-token} from {@code env VAULT_TOKEN of container app},
     * with the keys of it the pod reads (none: the whole object, or its name alone).
     */
    record Reference(String kind, String name, String from, boolean optional, List<String> keys) {
        Reference(String kind, String name, String from, boolean optional) {
            this(kind, name, from, optional, List.of());
        }
    }

    private final PlatformVerifier.Context ctx;
    private final List<Finding> findings;
    /** The install's steps, in Helm's order, once {@link #run} ran. */
    private List<Step> install = List.of();

    InstallSimulation(PlatformVerifier.Context ctx, List<Finding> findings) {
        this.ctx = ctx;
        this.findings = findings;
    }

    /**
     * Runs install, helm test and upgrade from the installed state; returns when (in the install) each object is
     * created.
     */
    /** The install's steps, in the order Helm creates them (after {@link #run}). */
    List<Step> installOrder() {
        return install;
    }

    Map<Manifest, Step> run() {
        install = InstallOrder.of("install", ctx.manifests());
        duplicates(install);
        Map<Manifest, Step> created = new java.util.IdentityHashMap<>();
        install.forEach(s -> created.put(s.manifest(), s));
        Set<String> existing = new LinkedHashSet<>();
        simulate("helm install", install, existing, true);

        // After the install: the release resources and the hook objects Helm did not delete.
        Set<String> installed = new LinkedHashSet<>();
        for (Step s : install) {
            if (!s.hook() || !InstallOrder.deletedAfterSuccess(s.manifest())) {
                installed.add(key(s.manifest()));
            }
        }
        // helm test after the install: its Pods read what the install left
        simulate("helm test", InstallOrder.tests(ctx.manifests()), new LinkedHashSet<>(installed), true);
        missing.values().forEach(this::reportMissing);
        missing.clear();
        simulate("helm upgrade", InstallOrder.of("upgrade", ctx.manifests()), installed, false);
        return created;
    }

    /**
     * Whether the install or helm test reported (pod-reference) that {@code pod} reads an object of this kind and name in
     * its namespace which nobody makes.
     */
    boolean reportedMissing(Manifest pod, String kind, String name) {
        return missingReads.getOrDefault(pod, Set.of()).contains(kind + "/" + name);
    }

    /** Per pod, the objects (kind/name) it reads that nobody makes, as reported. */
    private final Map<Manifest, Set<String>> missingReads = new java.util.IdentityHashMap<>();

    private void simulate(String action, List<Step> steps, Set<String> existing, boolean reportDangling) {
        Set<String> later = new LinkedHashSet<>();
        steps.forEach(s -> later.add(key(s.manifest())));
        // hook objects with hook-succeeded: Helm deletes them once every hook of their event has succeeded, so the later
        // hooks of that event still find them
        Set<String> endOfEvent = new LinkedHashSet<>();
        InstallOrder.Phase phase = null;
        for (Step step : steps) {
            Manifest m = step.manifest();
            if (step.phase() != phase) {
                existing.removeAll(endOfEvent);
                deleted.addAll(endOfEvent);
                endOfEvent.clear();
                phase = step.phase();
            }
            later.remove(key(m));
            if (!CLUSTER_SCOPED.contains(m.kind())) {
                namespace(action, step, existing, later);
            }
            if (reportDangling && m.kind().equals("Ingress")) {
                ingressTls(step, existing, later);
            }
            Workload w = Workload.of(m, ctx.releaseNamespace());
            if (w != null) {
                for (Reference ref : merged(references(w))) {
                    reference(action, steps, step, w, ref, existing, later, reportDangling);
                }
            }
            existing.add(key(m));
            if (step.hook() && InstallOrder.deletedAfterSuccess(m)) {
                endOfEvent.add(key(m));
            }
        }
        existing.removeAll(endOfEvent);
        deleted.addAll(endOfEvent);
    }

    public static final String DUPLICATE_OBJECT = RULES.define("duplicate-object", "platform", Severity.ERROR, "",
            "Helm creates every release resource; two with the same kind, namespace and name make the API server refuse the "
                    + "second (AlreadyExists), and the install fails.",
            "Rename one of them; a name a chart builds from another (smoke-<service>, <service>-database) collides with a "
                    + "service or component of that name: rename it in the spec.");

    /**
     * Release resources rendered twice, or a release resource a pre-install hook made before it and left (no
     * hook-succeeded delete policy): the second create of the install fails.
     */
    private void duplicates(List<Step> install) {
        Map<String, Manifest> first = new java.util.HashMap<>();
        for (Step s : install) {
            Manifest m = s.manifest();
            if (s.phase() == InstallOrder.Phase.PRE_HOOK && !InstallOrder.deletedAfterSuccess(m)) {
                first.putIfAbsent(key(m), m); // still there when the release's resources are created
                continue;
            }
            Manifest earlier = s.hook() ? null : first.putIfAbsent(key(m), m);
            if (earlier != null) {
                String ns = CLUSTER_SCOPED.contains(m.kind()) ? "" : " in namespace " + ctx.namespaceOf(m);
                boolean hook = !InstallOrder.hooks(earlier).isEmpty();
                ctx.report(findings, DUPLICATE_OBJECT, m, "helm install: " + m.id() + ns + " is rendered twice, by "
                        + earlier.source() + (hook ? " (a pre-install hook that stays)" : "") + " and by " + m.source()
                        + ": the API server refuses the second (AlreadyExists) and the install fails",
                        hook ? "Give the hook helm.sh/hook-delete-policy: hook-succeeded, or make it a release resource "
                                + "alone." : Rules.get(DUPLICATE_OBJECT).fix());
            }
        }
    }

    /** Hook objects Helm deleted once their hook succeeded (helm.sh/hook-delete-policy: hook-succeeded). */
    private final Set<String> deleted = new LinkedHashSet<>();

    public static final String INSTALL_NAMESPACE = RULES.define("install-namespace", "platform", Severity.ERROR, "",
            "Helm creates each object in its namespace at its step of the install (pre-install hooks before any release "
                    + "resource): the namespace must exist by then, created earlier or made by the operator.",
            "Create the namespace earlier (a release resource, not used by pre-install hooks) or declare it operator-made in the spec.");

    private void namespace(String action, Step step, Set<String> existing, Set<String> later) {
        Manifest m = step.manifest();
        String ns = ctx.namespaceOf(m);
        if (ns.equals(ctx.releaseNamespace()) || CLUSTER_NAMESPACES.contains(ns) || existing.contains("Namespace//" + ns)
                || ctx.operatorMade("Namespace", "", ns) != null) {
            return;
        }
        if (later.contains("Namespace//" + ns)) {
            ctx.report(findings, INSTALL_NAMESPACE, m, action + ": " + step.stage() + " in namespace " + ns
                    + ", which this release creates later (Namespace/" + ns + " is a release resource): fails with namespaces \""
                    + ns + "\" not found", "Make " + m.id() + " a release resource (drop helm.sh/hook), or a post-install hook, "
                    + "or have the operator create namespace " + ns + " (declare it in the spec's " + ctx.operatorMadeKey() + " and stop rendering it).");
        } else if (!existing.contains("Namespace//" + ns)) {
            ctx.report(findings, INSTALL_NAMESPACE, m, action + ": namespace " + ns + " is neither rendered nor declared as made "
                    + "by the operator: fails with namespaces \"" + ns + "\" not found",
                    "Render Namespace/" + ns + " in the chart, or declare it in the spec's " + ctx.operatorMadeKey()
                            + " with how to create it.");
        }
    }

    public static final String POD_REFERENCE = RULES.define("pod-reference", "platform", Severity.ERROR, "",
            "A pod reads Secrets, ConfigMaps, ServiceAccounts and PersistentVolumeClaims only in its own namespace; a missing one, "
                    + "or a key of a rendered Secret or ConfigMap that it does not have, keeps it in CreateContainerConfigError "
                    + "or ContainerCreating.",
            "Render the object in the pod's namespace, declare it operator-made in the spec, or mark the reference optional.");
    public static final String HOOK_ORDER = RULES.define("hook-order", "platform", Severity.ERROR, "",
            "A hook that needs an object the release creates later (or a release pod that needs a post-install hook's object) "
                    + "waits forever: Helm waits for the hook before creating what it needs.",
            "Create what the hook needs before it (lower hook weight, an earlier phase) or move the hook after it.");

    private void reference(String action, List<Step> steps, Step step, Workload w, Reference ref, Set<String> existing, Set<String> later,
                           boolean reportDangling) {
        if (ref.optional()) {
            return;
        }
        String ns = w.namespace();
        String key = ref.kind() + "/" + ns + "/" + ref.name();
        Manifest m = w.manifest();
        String what = ref.kind() + "/" + ref.name() + " (" + ref.from() + ")";
        if (existing.contains(key) || ctx.operatorMade(ref.kind(), ns, ref.name()) != null) {
            return;
        }
        if (later.contains(key)) {
            Step target = steps.stream().filter(s -> key(s.manifest()).equals(key)).findFirst().orElseThrow();
            if (step.hook() || target.hook()) {
                ctx.report(findings, HOOK_ORDER, m, action + ": " + step.stage() + " needs " + what + " in namespace " + ns
                        + ", which is created later (" + target.stage() + "): the pod cannot start while Helm waits for it",
                        "Create " + ref.kind() + "/" + ref.name() + " before its user: as a hook with a lower helm.sh/hook-weight, "
                                + "or turn the user into a post-install hook, or declare the object operator-made.");
            }
            return; // release resources are created together; the kubelet retries until the object is there
        }
        if (deleted.contains(key) && (reportDangling || step.hook())) {
            ctx.report(findings, POD_REFERENCE, m, action + ": " + what + " is a hook object that Helm deletes once the hooks "
                    + "of its event succeeded (" + InstallOrder.HOOK_DELETE_POLICY + ": hook-succeeded): it is gone when the pod starts",
                    "Make " + ref.kind() + "/" + ref.name() + " a release resource, or drop hook-succeeded from its delete policy.");
            return;
        }
        if (!reportDangling) {
            return; // reported by the install already
        }
        List<String> elsewhere = ctx.manifests().stream()
                .filter(o -> o.kind().equals(ref.kind()) && o.name().equals(ref.name()) && !ctx.namespaceOf(o).equals(ns))
                .map(ctx::namespaceOf).distinct().sorted().toList();
        List<String> declaredElsewhere = ctx.operatorMadeObjects().stream()
                .filter(o -> o.kind().equals(ref.kind()) && o.name().equals(ref.name())).map(PlatformVerifier.OperatorObject::namespace)
                .filter(n -> !n.equals(ns)).sorted().toList();
        String where = !elsewhere.isEmpty() ? "; it exists only in namespace " + String.join(", ", elsewhere)
                + ", and a pod reads " + ref.kind() + "s only in its own namespace"
                : !declaredElsewhere.isEmpty() ? "; the operator makes it only in " + String.join(", ", declaredElsewhere) : "";
        // one finding per missing object, on its first reader: a pod exempt from the rule keeps a finding of its own
        String group = key + (PolicyChecker.exemptsItself(m, POD_REFERENCE) ? "|" + m.id() : "");
        missing.computeIfAbsent(group, g -> new Missing(action, m, ref, ns, where, new ArrayList<>()))
                .readers().add(m.id() + " (" + ref.from() + ")");
        missingReads.computeIfAbsent(m, x -> new LinkedHashSet<>()).add(ref.kind() + "/" + ref.name());
    }

    /** An object the release's pods read that nobody makes: the first reader, then every reader with its reference. */
    private record Missing(String action, Manifest first, Reference ref, String ns, String where, List<String> readers) {}

    /** The objects missing at the install and helm test, in the order their first reader meets them. */
    private final Map<String, Missing> missing = new LinkedHashMap<>();

    private void reportMissing(Missing x) {
        Reference ref = x.ref();
        List<String> others = x.readers().subList(1, x.readers().size());
        ctx.report(findings, POD_REFERENCE, x.first(), x.action() + ": " + ref.kind() + "/" + ref.name() + " (" + ref.from()
                + ") does not exist in the pod's namespace " + x.ns() + " (neither rendered nor declared operator-made)" + x.where()
                + (others.isEmpty() ? "" : "; " + others.size() + " more read it there: " + String.join(", ", others)),
                "Render " + ref.kind() + "/" + ref.name() + " in namespace " + x.ns() + ", or declare it in the spec's "
                        + ctx.operatorMadeKey() + " (namespace " + x.ns() + ") with how to create it, or mark the reference "
                        + "optional if the pod runs without it.");
    }

    public static final String INGRESS_TLS_SECRET = RULES.define("ingress-tls-secret", "platform", Severity.ERROR, "",
            "An Ingress's certificate is a kubernetes.io/tls Secret in its own namespace; without it the ingress controller "
                    + "serves its default certificate for the host, which every browser refuses.",
            "Render the Secret in the Ingress's namespace, declare it operator-made in the spec, or let cert-manager issue "
                    + "it (annotation cert-manager.io/cluster-issuer or cert-manager.io/issuer on the Ingress).");

    /**
     * Annotations with which an Ingress's certificate comes from elsewhere than its tls Secret: cert-manager's
     * ingress-shim creates the Secret, the cloud controllers take a certificate of their own (AWS ACM, GKE managed
     * certificates, Azure Application Gateway).
     */
    private static final Set<String> CERTIFICATE_ELSEWHERE = Set.of("cert-manager.io/cluster-issuer", "cert-manager.io/issuer",
            "alb.ingress.kubernetes.io/certificate-arn", "networking.gke.io/managed-certificates",
            "appgw.ingress.kubernetes.io/appgw-ssl-certificate");

    /**
     * The certificate Secrets of an Ingress: rendered by the release or made by the operator, unless the certificate
     * comes from elsewhere ({@link #CERTIFICATE_ELSEWHERE}; the AWS Load Balancer Controller, class alb, never reads
     * the Secret: it finds an ACM certificate by the hosts).
     */
    private void ingressTls(Step step, Set<String> existing, Set<String> later) {
        Manifest m = step.manifest();
        if (m.ingressClass().equals("alb") || m.annotations().keySet().stream().anyMatch(CERTIFICATE_ELSEWHERE::contains)) {
            return;
        }
        String ns = ctx.namespaceOf(m);
        for (Object tls : Yaml.listAt(m.body(), "spec", "tls")) {
            String name = Yaml.str(Yaml.at(tls, "secretName"));
            String key = "Secret/" + ns + "/" + name;
            if (name.isEmpty() || existing.contains(key) || later.contains(key) || ctx.operatorMade("Secret", ns, name) != null) {
                continue; // no name: the controller's default certificate, as written
            }
            List<String> hosts = Yaml.list(Yaml.at(tls, "hosts")).stream().map(Yaml::str).toList();
            ctx.report(findings, INGRESS_TLS_SECRET, m, "helm install: spec.tls names Secret/" + name + " (hosts "
                    + String.join(", ", hosts) + "), which is neither rendered nor declared operator-made in namespace " + ns
                    + ": the ingress controller serves its default certificate instead, which browsers refuse",
                    "Create the kubernetes.io/tls Secret " + name + " in namespace " + ns + " and declare it in the spec's "
                            + ctx.operatorMadeKey() + " with how to create it, or let cert-manager issue it (annotation "
                            + "cert-manager.io/cluster-issuer on the Ingress).");
        }
    }

    /** One reference per object, naming every place that refers to it. */
    private static List<Reference> merged(List<Reference> refs) {
        Map<String, Reference> byObject = new java.util.LinkedHashMap<>();
        for (Reference r : refs) {
            byObject.merge(r.kind() + "/" + r.name() + "/" + r.optional(), r,
                    (a, b) -> new Reference(a.kind(), a.name(), a.from() + ", " + b.from(), a.optional(), List.of()));
        }
        return List.copyOf(byObject.values());
    }

    /** Every namespaced reference of a workload's pod template. */
    static List<Reference> references(Workload w) {
        List<Reference> refs = new ArrayList<>();
        Map<String, Object> pod = w.podSpec();
        String sa = w.serviceAccount();
        if (!sa.isEmpty() && !sa.equals("default")) {
            refs.add(new Reference("ServiceAccount", sa, "serviceAccountName", false));
        }
        for (Object s : Yaml.list(pod.get("imagePullSecrets"))) {
            refs.add(new Reference("Secret", Yaml.str(Yaml.at(s, "name")), "imagePullSecrets", false));
        }
        for (Map<String, Object> c : w.allContainers()) {
            String cn = "container " + Yaml.str(c.get("name"));
            for (Object e : Yaml.list(c.get("env"))) {
                String env = Yaml.str(Yaml.at(e, "name"));
                for (String[] k : new String[][] {{"secretKeyRef", "Secret"}, {"configMapKeyRef", "ConfigMap"}}) {
                    Object ref = Yaml.at(e, "valueFrom", k[0]);
                    if (ref != null) {
                        refs.add(new Reference(k[1], Yaml.str(Yaml.at(ref, "name")), "env " + env + " of " + cn,
                                Yaml.isTrue(Yaml.at(ref, "optional")), List.of(Yaml.str(Yaml.at(ref, "key")))));
                    }
                }
            }
            for (Object e : Yaml.list(c.get("envFrom"))) {
                for (String[] k : new String[][] {{"secretRef", "Secret"}, {"configMapRef", "ConfigMap"}}) {
                    Object ref = Yaml.at(e, k[0]);
                    if (ref != null) {
                        refs.add(new Reference(k[1], Yaml.str(Yaml.at(ref, "name")), "envFrom of " + cn,
                                Yaml.isTrue(Yaml.at(ref, "optional"))));
                    }
                }
            }
        }
        for (Object v : Yaml.list(pod.get("volumes"))) {
            String vn = "volume " + Yaml.str(Yaml.at(v, "name"));
            if (Yaml.at(v, "secret") != null) {
                refs.add(new Reference("Secret", Yaml.str(Yaml.at(v, "secret", "secretName")), vn,
                        Yaml.isTrue(Yaml.at(v, "secret", "optional")), itemKeys(Yaml.at(v, "secret"))));
            }
            if (Yaml.at(v, "configMap") != null) {
                refs.add(new Reference("ConfigMap", Yaml.str(Yaml.at(v, "configMap", "name")), vn,
                        Yaml.isTrue(Yaml.at(v, "configMap", "optional")), itemKeys(Yaml.at(v, "configMap"))));
            }
            if (Yaml.at(v, "persistentVolumeClaim") != null) {
                refs.add(new Reference("PersistentVolumeClaim", Yaml.str(Yaml.at(v, "persistentVolumeClaim", "claimName")), vn, false));
            }
            for (Object source : Yaml.listAt(v, "projected", "sources")) {
                if (Yaml.at(source, "secret") != null) {
                    refs.add(new Reference("Secret", Yaml.str(Yaml.at(source, "secret", "name")), "projected " + vn,
                            Yaml.isTrue(Yaml.at(source, "secret", "optional")), itemKeys(Yaml.at(source, "secret"))));
                }
                if (Yaml.at(source, "configMap") != null) {
                    refs.add(new Reference("ConfigMap", Yaml.str(Yaml.at(source, "configMap", "name")), "projected " + vn,
                            Yaml.isTrue(Yaml.at(source, "configMap", "optional")), itemKeys(Yaml.at(source, "configMap"))));
                }
            }
        }
        return refs;
    }

    /** The keys a Secret or ConfigMap volume (or projected source) names in its items. */
    private static List<String> itemKeys(Object source) {
        return Yaml.listAt(source, "items").stream().map(i -> Yaml.str(Yaml.at(i, "key"))).toList();
    }

    /**
     * Every key a pod reads from a rendered Secret or ConfigMap of its namespace is in it: an env value
     * (secretKeyRef, configMapKeyRef) and a volume's items, projected ones too; a missing one keeps the pod in
     * CreateContainerConfigError or ContainerCreating. Not checked: optional references, objects the operator makes,
     * and objects whose keys something else fills (rendered without any, a service-account-token Secret, a ConfigMap
     * a controller injects a CA bundle into).
     */
    void keys(Workload w) {
        for (Reference ref : references(w)) {
            Manifest target = ctx.find(ref.kind(), w.namespace(), ref.name());
            if (ref.keys().isEmpty() || ref.optional() || target == null || filledElsewhere(target)
                    || ctx.operatorMade(ref.kind(), w.namespace(), ref.name()) != null) {
                continue; // a missing object is the reference check's own finding
            }
            java.util.Set<String> held = new java.util.TreeSet<>();
            for (String field : List.of("data", "stringData", "binaryData")) {
                for (Object key : Yaml.mapAt(target.body(), field).keySet()) { // a YAML word (on, 1) parses to no string
                    held.add(String.valueOf(key));
                }
            }
            for (String key : ref.keys()) {
                if (!held.contains(key)) {
                    ctx.report(findings, POD_REFERENCE, w.manifest(), ref.from() + " reads key " + key + " of " + ref.kind() + "/"
                            + ref.name() + ", which has no such key (it has " + String.join(", ", held) + "): the pod stays in "
                            + (ref.from().startsWith("env") ? "CreateContainerConfigError" : "ContainerCreating"),
                            "Read one of the keys " + ref.kind() + "/" + ref.name() + " has, add the key to it, or mark the "
                                    + "reference optional.");
                }
            }
        }
    }

    /** Whether an object's keys come from elsewhere than its render. */
    private static boolean filledElsewhere(Manifest m) {
        return List.of("data", "stringData", "binaryData").stream().allMatch(f -> Yaml.mapAt(m.body(), f).isEmpty())
                || "kubernetes.io/service-account-token".equals(Yaml.str(m.body().get("type")))
                || m.annotations().keySet().stream().anyMatch(a -> a.contains("inject"));
    }

    /** Every volumeMount names a pod volume or (StatefulSet) a volumeClaimTemplate. */
    void volumeMounts(Workload w) {
        Set<String> volumes = new LinkedHashSet<>();
        Yaml.list(w.podSpec().get("volumes")).forEach(v -> volumes.add(Yaml.str(Yaml.at(v, "name"))));
        Yaml.listAt(w.manifest().body(), "spec", "volumeClaimTemplates").forEach(t -> volumes.add(Yaml.str(Yaml.at(t, "metadata", "name"))));
        for (Map<String, Object> c : w.allContainers()) {
            for (Object mount : Yaml.list(c.get("volumeMounts"))) {
                String name = Yaml.str(Yaml.at(mount, "name"));
                if (!volumes.contains(name)) {
                    ctx.report(findings, POD_REFERENCE, w.manifest(), "container " + Yaml.str(c.get("name")) + " mounts volume "
                            + name + ", which is neither a pod volume nor a volumeClaimTemplate: the pod is rejected",
                            "Add volume " + name + " to the pod (or a volumeClaimTemplate to the StatefulSet), or drop the mount.");
                }
            }
        }
    }

    private String key(Manifest m) {
        return m.kind() + "/" + (CLUSTER_SCOPED.contains(m.kind()) ? "" : ctx.namespaceOf(m)) + "/" + m.name();
    }
}
