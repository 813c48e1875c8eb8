package io.neotool.charts.verify;

import static io.neotool.charts.verify.Severity.ERROR;
import static io.neotool.charts.verify.Severity.INFO;
import static io.neotool.charts.verify.Severity.WARNING;

import io.neotool.charts.InputException;
import io.neotool.charts.model.Suggestions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every rule neotool:lint applies (docs/lint.md lists them from here). Numbers refer to policy-rules.md. */
public final class Rules {
    private Rules() {}

    private static final Map<String, Rule> RULES = new LinkedHashMap<>();

    private static String add(String id, String group, Severity severity, String pss, String rationale, String fix) {
        RULES.put(id, new Rule(id, group, severity, pss, rationale, fix));
        return id;
    }

    /** A control of the Pod Security Standards (an error in a namespace that enforces its level). */
    private static String pss(String id, String level, String control, String rationale, String fix) {
        RULES.put(id, new Rule(id, "security", ERROR, level, control, rationale, fix));
        return id;
    }

    // Chart and API
    public static final String HELM_LINT = add("helm-lint", "chart", ERROR, "",
            "helm lint --strict found a problem in the chart.", "Fix the chart file Helm names.");
    public static final String RENDER = add("render", "chart", ERROR, "",
            "The chart does not render with this values file (template error or values.schema.json violation).",
            "Fix the values file or the template named in Helm's message.");
    public static final String YAML = add("yaml", "chart", ERROR, "",
            "A template renders YAML that does not parse or is not an object.", "Fix indentation, quoting or duplicate keys.");
    public static final String SCHEMA = add("schema", "reliability", ERROR, "",
            "Strict Kubernetes API validation (26): unknown fields, missing required fields and wrong types are rejected by the API server.",
            "Use the field names and types of the Kubernetes API reference for the target version.");
    public static final String REMOVED_API = add("removed-api", "reliability", ERROR, "",
            "The apiVersion is removed in the target Kubernetes version (26); the API server refuses it.",
            "Use the replacement apiVersion named in the message.");
    public static final String UNKNOWN_KIND = add("unknown-kind", "reliability", ERROR, "",
            "The apiVersion/kind is not part of the Kubernetes API of the target version.", "Check the apiVersion and kind spelling.");
    public static final String NOT_VALIDATED = add("not-validated", "reliability", INFO, "",
            "A custom resource whose schema is not known offline is not schema-validated.",
            "Render its CustomResourceDefinition in the chart to have it validated, or check it on a cluster.");

    // Security
    // Pod Security Standards (Kubernetes v1.32 unless the target version says otherwise), as admission judges them.
    public static final String HOST_PROCESS = pss("host-process", "baseline", "HostProcess",
            "Windows HostProcess containers run with the node's privileges.",
            "Remove windowsOptions.hostProcess (pod and containers) or set it to false.");
    public static final String HOST_NAMESPACES = pss("host-namespaces", "baseline", "Host Namespaces",
            "Sharing the host's network, PID or IPC namespace breaks isolation (2).", "Remove hostNetwork, hostPID and hostIPC.");
    public static final String PRIVILEGED = pss("privileged", "baseline", "Privileged Containers",
            "A privileged container has full access to the host (1).", "Remove securityContext.privileged or set it to false.");
    public static final String CAPABILITIES_BASELINE = pss("capabilities-baseline", "baseline", "Capabilities",
            "Capabilities beyond the default set (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, "
                    + "NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT) are refused at baseline.",
            "Add only capabilities of the default set.");
    public static final String HOST_PATH = pss("host-path", "baseline", "HostPath Volumes",
            "hostPath volumes expose the node's filesystem (3).", "Use an emptyDir, a PersistentVolumeClaim or a projected volume.");
    public static final String HOST_PORT = pss("host-port", "baseline", "Host Ports",
            "hostPort binds the node's port and limits scheduling (4).", "Remove hostPort; expose the port through a Service.");
    public static final String APPARMOR = pss("apparmor", "baseline", "AppArmor",
            "Overriding or disabling the default AppArmor profile (annotation or appArmorProfile, pod or container) is refused.",
            "Leave AppArmor unset, or use RuntimeDefault / Localhost (runtime/default, localhost/<profile>).");
    public static final String SELINUX = pss("selinux", "baseline", "SELinux",
            "Custom SELinux users or roles, and types other than the container types, are refused.",
            "Leave seLinuxOptions.user and .role unset; type only container_t, container_init_t, container_kvm_t "
                    + "or (1.31+) container_engine_t.");
    public static final String PROC_MOUNT = pss("proc-mount", "baseline", "/proc Mount Type",
            "An unmasked /proc exposes host information to the container.", "Leave procMount unset or Default.");
    public static final String SECCOMP_BASELINE = pss("seccomp-baseline", "baseline", "Seccomp",
            "An Unconfined seccomp profile turns syscall filtering off.",
            "Remove seccompProfile.type: Unconfined (use RuntimeDefault or Localhost).");
    public static final String SYSCTLS = pss("sysctls", "baseline", "Sysctls",
            "Sysctls outside the safe, namespaced set can change the whole node.",
            "Use only the safe sysctls of the target version (kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, "
                    + "net.ipv4.ip_unprivileged_port_start, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range; "
                    + "1.27+ net.ipv4.ip_local_reserved_ports; 1.29+ the tcp_keepalive and tcp_fin_timeout ones).");
    public static final String VOLUME_TYPES = pss("volume-types", "restricted", "Volume Types",
            "Restricted allows only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected and secret volumes (3).",
            "Replace the volume with one of the allowed types.");
    public static final String PRIVILEGE_ESCALATION = pss("privilege-escalation", "restricted", "Privilege Escalation",
            "Without allowPrivilegeEscalation: false a process can gain more privileges than its parent (5; Linux pods).",
            "Set securityContext.allowPrivilegeEscalation: false on every container.");
    public static final String RUN_AS_NON_ROOT = pss("run-as-non-root", "restricted", "Running as Non-root",
            "Containers running as root turn a container escape into root on the node (6).",
            "Set runAsNonRoot: true on the pod or every container, and never false.");
    public static final String RUN_AS_USER = pss("run-as-user", "restricted", "Running as Non-root user",
            "runAsUser: 0 runs the container as root whatever runAsNonRoot says (6).",
            "Set runAsUser to a non-zero uid, or leave it unset, on the pod and every container.");
    public static final String SECCOMP = pss("seccomp", "restricted", "Seccomp",
            "Without a seccomp profile every syscall is allowed (8; Linux pods).",
            "Set seccompProfile.type: RuntimeDefault (or Localhost) on the pod.");
    public static final String CAPABILITIES = pss("capabilities", "restricted", "Capabilities",
            "Linux capabilities widen what a compromised process can do (7; Linux pods).",
            "Set capabilities.drop: [ALL]; add at most NET_BIND_SERVICE.");
    public static final String READ_ONLY_ROOT_FS = add("read-only-root-fs", "security", ERROR, "",
            "A writable root filesystem lets an attacker persist tools in the container (9).",
            "Set readOnlyRootFilesystem: true and mount emptyDirs where the image writes.");
    public static final String AUTOMOUNT_TOKEN = add("automount-token", "security", WARNING, "",
            "A mounted service account token is a credential for the API server the workload may not need (10).",
            "Set automountServiceAccountToken: false unless the workload calls the Kubernetes API.");
    public static final String SERVICE_ACCOUNT = add("service-account", "security", ERROR, "",
            "Workloads sharing the default ServiceAccount share its permissions (11).",
            "Give the workload its own ServiceAccount and render it in the chart.");
    public static final String ENV_SECRET = add("env-secret", "security", ERROR, "",
            "A literal secret in an env value ends up in the chart, the release and kubectl describe (12).",
            "Use valueFrom.secretKeyRef or a mounted secret file.");
    public static final String CONFIGMAP_SECRET = add("configmap-secret", "security", ERROR, "",
            "ConfigMaps are not secret; keys that look like secrets or PEM blocks leak (13).", "Move the value into a Secret.");
    public static final String RBAC = add("rbac", "security", ERROR, "",
            "Wildcards, cluster-admin, pods/exec and broad secret reads give more than a workload needs (14).",
            "List the exact verbs and resources the workload uses.");
    public static final String PROBE_HOST = add("probe-host", "security", ERROR, "baseline",
            "A probe or lifecycle hook with a host field makes the kubelet connect to any address (15).",
            "Remove the host field; probes target the pod.");

    // Reliability and hygiene
    public static final String IMAGE_TAG = add("image-tag", "reliability", ERROR, "",
            "An image without a tag or with :latest is not reproducible (16).", "Pin a fixed tag or a digest.");
    public static final String IMAGE_REFERENCE = add("image-reference", "reliability", ERROR, "",
            "An image that does not follow the OCI reference grammar is never pulled (InvalidImageName).",
            "Write [host[:port]/]path[:tag][@sha256:<64 hex digits>] with a lower-case path and no spaces.");
    public static final String RESOURCES = add("resources", "reliability", ERROR, "",
            "Without requests the scheduler overcommits nodes; without a memory limit one pod can starve the node (17).",
            "Set resources.requests.cpu, resources.requests.memory and resources.limits.memory.");
    public static final String READINESS_PROBE = add("readiness-probe", "reliability", ERROR, "",
            "Without a readiness probe a Service sends traffic to pods that are not ready (18).",
            "Add a readinessProbe to every long-running container behind a Service.");
    public static final String LIVENESS_PROBE = add("liveness-probe", "reliability", WARNING, "",
            "A liveness probe equal to the readiness probe restarts pods that are only busy (18).",
            "Make the liveness probe check something different (a path, a threshold) from readiness.");
    public static final String PROBE_PORT = add("probe-port", "reliability", ERROR, "",
            "A probe on a port the container does not declare always fails (19).", "Name or number a declared containerPort.");
    public static final String PDB = add("pdb", "reliability", WARNING, "",
            "Replicated workloads without a PodDisruptionBudget can all be evicted at once; one that allows no eviction blocks node drains (20).",
            "Add a PodDisruptionBudget with maxUnavailable: 1 (or minAvailable below the replicas).");
    public static final String HPA = add("hpa", "reliability", ERROR, "",
            "An HPA must target an existing workload, scale (max > min) and not fight a static replicas field (21).",
            "Point scaleTargetRef at a rendered workload, set maxReplicas > minReplicas (>= 2 in prod), drop spec.replicas.");
    public static final String SPREAD = add("spread", "reliability", WARNING, "",
            "Replicas on one node all go down with it (22).", "Add topologySpreadConstraints or pod anti-affinity.");
    public static final String CAPACITY = add("capacity", "reliability", ERROR, "",
            "The pods' requests must fit the environment's nodes (values key cluster) with one node lost; at the HPAs' "
                    + "maximum not fitting is a warning, at minimum replicas an error.",
            "Add or enlarge nodes (cluster.nodes, cluster.node), or lower requests, replicas or HPA maximums.");
    public static final String NETWORK_POLICY = add("network-policy", "reliability", WARNING, "",
            "Pods not selected by a NetworkPolicy accept traffic from anywhere; a policy that selects nothing is dead (23).",
            "Render a default-deny NetworkPolicy per namespace plus explicit allows; make every policy select pods.");
    public static final String REFERENCES = add("references", "reliability", ERROR, "",
            "Selectors that match nothing and references to missing objects break at run time (24).",
            "Make selectors match the pod template labels and reference objects the chart renders.");
    public static final String DUPLICATE_ENV = add("duplicate-env", "reliability", ERROR, "",
            "With duplicate env names only the last one counts (25).", "Keep one entry per name.");
    public static final String JOB_CLEANUP = add("job-cleanup", "reliability", WARNING, "",
            "Finished Jobs pile up; CronJobs without a starting deadline can start a burst of late runs (27).",
            "Set ttlSecondsAfterFinished (or a helm.sh/hook-delete-policy) on Jobs, startingDeadlineSeconds on CronJobs.");
    public static final String LABELS = add("labels", "reliability", WARNING, "",
            "The recommended labels let tools and people find what a release owns (28).",
            "Add app.kubernetes.io/name, /instance (the release), /version, /component, /part-of, /managed-by and helm.sh/chart.");
    public static final String NODE_PORT = add("node-port", "reliability", WARNING, "",
            "NodePort opens a port on every node (29).", "Use ClusterIP behind an Ingress.");
    public static final String INGRESS_TLS = add("ingress-tls", "reliability", WARNING, "",
            "Ingress without TLS in prod sends traffic in clear text (29).", "Add spec.tls with a certificate secret.");
    public static final String ROLLING_UPDATE = add("rolling-update", "reliability", WARNING, "",
            "Recreate takes every pod down; the platform rolls with maxSurge: 1, maxUnavailable: 0 (30).",
            "Use strategy RollingUpdate with maxSurge: 1 and maxUnavailable: 0.");
    public static final String EXEMPTION = add("exemption", "security", ERROR, "",
            "A rule exemption must name known rules and give a reason.",
            "Set neotool.io/lint-exempt to rule ids and neotool.io/lint-exempt-reason to why.");

    // Services and ports (policy-rules.md 19, 21, 24)
    public static final String SERVICE_SELECTOR = add("service-selector", "platform", ERROR, "",
            "A Service whose selector matches no pod template of its namespace has no endpoints (24).",
            "Make the Service's selector match the pod template labels of a workload in its namespace.");
    public static final String TARGET_PORT = add("target-port", "platform", ERROR, "",
            "A targetPort (number or name) that no selected container declares sends traffic nowhere (24).",
            "Point targetPort at a containerPort (number or name) of the selected pods.");
    public static final String INGRESS_BACKEND = add("ingress-backend", "platform", ERROR, "",
            "An Ingress backend must name a Service of its namespace and a port that Service exposes (24).",
            "Name a rendered Service and one of its ports (number or name).");
    public static final String PDB_TARGET = add("pdb-target", "platform", ERROR, "",
            "A PodDisruptionBudget whose selector matches no workload protects nothing (20, 24).",
            "Make the selector match the pod template labels of the workload it protects.");

    // Platform: Helm install and upgrade simulation, flows (docs/lint.md, Platform verification)
    public static final String INSTALL_NAMESPACE = add("install-namespace", "platform", ERROR, "",
            "Helm creates each object in its namespace at its step of the install (pre-install hooks before any release "
                    + "resource): the namespace must exist by then, created earlier or made by the operator.",
            "Create the namespace earlier (a release resource, not used by pre-install hooks) or declare it operator-made in the spec.");
    public static final String POD_REFERENCE = add("pod-reference", "platform", ERROR, "",
            "A pod reads Secrets, ConfigMaps, ServiceAccounts and PersistentVolumeClaims only in its own namespace; a missing one "
                    + "keeps it in CreateContainerConfigError or ContainerCreating.",
            "Render the object in the pod's namespace, declare it operator-made in the spec, or mark the reference optional.");
    public static final String HOOK_ORDER = add("hook-order", "platform", ERROR, "",
            "A hook that needs an object the release creates later (or a release pod that needs a post-install hook's object) "
                    + "waits forever: Helm waits for the hook before creating what it needs.",
            "Create what the hook needs before it (lower hook weight, an earlier phase) or move the hook after it.");
    public static final String OPERATOR_MADE = add("operator-made", "platform", ERROR, "",
            "Objects the operator creates before installing must be declared once, not also rendered, and listed with how to "
                    + "create them in NOTES.txt and the docs.",
            "Declare the object in the spec's global.operatorMade with a create command, and list global.operatorMade in NOTES.txt.");
    public static final String FLOW_ADDRESS = add("flow-address", "platform", ERROR, "",
            "What a client is given (env, config, URL) must name a rendered Service (name.namespace.svc.cluster.local, or the "
                    + "short name in its own namespace) and a port that Service exposes.",
            "Point the client at a rendered Service and one of its ports.");
    public static final String FLOW_NETWORK = add("flow-network", "platform", ERROR, "",
            "The NetworkPolicies must let the client's pods out and the server's pods in, on the port the connection lands on.",
            "Add the egress rule in the client's namespace and the ingress rule in the server's namespace.");
    public static final String FLOW_CREDENTIALS = add("flow-credentials", "platform", ERROR, "",
            "A client of PostgreSQL/PgBouncer needs a password and a client of Vault a token, from a Secret in the client's "
                    + "own namespace: pods cannot read Secrets of other namespaces.",
            "Put the client's credentials in a Secret of its namespace (rendered or operator-made) and pass them to the pod.");
    public static final String FLOW_TIMING = add("flow-timing", "platform", ERROR, "",
            "A hook or Job must reach its server in the state the server is in then: not before it is created, and not through a "
                    + "Service without endpoints because the server is not Ready (a sealed Vault).",
            "Run the call after the server exists and is reachable (post-install; publishNotReadyAddresses on the Service it calls).");

    // Contested: reported as info, never failing
    public static final String PULL_POLICY = add("pull-policy", "contested", INFO, "",
            "Polaris, kube-score and Checkov want imagePullPolicy: Always; Helm's best practices accept IfNotPresent.",
            "With fixed tags IfNotPresent is fine; use Always if tags are ever overwritten.");
    public static final String NAMESPACE_SET = add("namespace-set", "contested", INFO, "",
            "Checkov wants metadata.namespace everywhere; Helm leaves it to --namespace.",
            "Nothing to do unless the object must live outside the release namespace.");
    public static final String INSTANCE_LABEL = add("instance-label", "contested", INFO, "",
            "Polaris wants app.kubernetes.io/instance = metadata.name; Helm sets it to the release name.",
            "Keep the release name (Helm convention).");

    public static Rule get(String id) {
        Rule rule = RULES.get(id);
        if (rule == null) {
            throw new IllegalArgumentException("no rule " + id);
        }
        return rule;
    }

    public static boolean exists(String id) {
        return RULES.containsKey(id);
    }

    /** How a user finds out about a rule: the plugin's own goal, which ships with the plugin. */
    public static final String HELP = "mvn neotool:rules -Drule=";

    /** The rule {@code id}, or a failure naming {@code where} it was given, the nearest id and where the rules are listed. */
    public static Rule require(String id, String where) {
        if (!exists(id)) {
            throw new InputException(where + " names unknown lint rule '" + id + "'"
                    + Suggestions.nearest(id, RULES.keySet()).map(s -> " (did you mean " + s + "?)").orElse("")
                    + "; `mvn neotool:rules` lists the rules, `" + HELP + "<id>` explains one");
        }
        return RULES.get(id);
    }

    /** The rule explained: id, severity (and Pod Security level), group, why, and how to fix a finding. */
    public static List<String> describe(String id) {
        Rule r = require(id, "-Drule");
        return List.of(r.id() + ": " + r.severityLabel() + ", group " + r.group(),
                "  Why: " + r.rationale(),
                "  Fix: " + r.fix(),
                "  Change its level or switch it off in the pom: <rules><rule><id>" + r.id()
                        + "</id><severity>off|info|warning|error</severity></rule></rules>; exempt one object with"
                        + " <exemptions> or the neotool.io/lint-exempt annotation.");
    }

    /** One line per rule: id, severity, group. */
    public static List<String> list() {
        return RULES.values().stream().map(r -> r.id() + ": " + r.severityLabel() + ", group " + r.group()).toList();
    }

    public static List<Rule> all() {
        return List.copyOf(RULES.values());
    }
}
