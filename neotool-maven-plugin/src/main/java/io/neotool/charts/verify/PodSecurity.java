package io.neotool.charts.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The controls of the Pod Security Standards, baseline and restricted, judged as Kubernetes' admission
 * (pod-security-admission) judges a pod template for a target Kubernetes version: pod-level and container-level
 * fields, init and ephemeral containers, annotations and fields, and the restricted controls that apply only to
 * Linux pods (a pod with {@code spec.os.name: windows} is exempt from them since 1.25). Each violation names its
 * rule, defined here with its control name and level.
 */
final class PodSecurity {
    /** The lint rules this class applies, each defined where it is applied; {@link Rules} lists them all. */
    static final RuleSet RULES = new RuleSet();

    /** One failed control: the rule, and what in the pod fails it. */
    record Violation(String ruleId, String message) {}

    public static final String CAPABILITIES_BASELINE = RULES.pss("capabilities-baseline", "baseline", "Capabilities",
            "Capabilities beyond the default set (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, "
                    + "NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT) are refused at baseline.",
            "Add only capabilities of the default set.");
    public static final String HOST_PATH = RULES.pss("host-path", "baseline", "HostPath Volumes",
            "hostPath volumes expose the node's filesystem (3).", "Use an emptyDir, a PersistentVolumeClaim or a projected volume.");
    public static final String SECCOMP_BASELINE = RULES.pss("seccomp-baseline", "baseline", "Seccomp",
            "An Unconfined seccomp profile turns syscall filtering off.",
            "Remove seccompProfile.type: Unconfined (use RuntimeDefault or Localhost).");
    public static final String VOLUME_TYPES = RULES.pss("volume-types", "restricted", "Volume Types",
            "Restricted allows only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected and secret volumes (3).",
            "Replace the volume with one of the allowed types.");
    public static final String SECCOMP = RULES.pss("seccomp", "restricted", "Seccomp",
            "Without a seccomp profile every syscall is allowed (8; Linux pods).",
            "Set seccompProfile.type: RuntimeDefault (or Localhost) on the pod.");
    public static final String CAPABILITIES = RULES.pss("capabilities", "restricted", "Capabilities",
            "Linux capabilities widen what a compromised process can do (7; Linux pods).",
            "Set capabilities.drop: [ALL]; add at most NET_BIND_SERVICE.");

    /** Baseline rules that the restricted rule of the same control replaces when restricted is enforced (admission's overrides). */
    static final Map<String, String> OVERRIDDEN_BY_RESTRICTED = Map.of(
            CAPABILITIES_BASELINE, CAPABILITIES,
            SECCOMP_BASELINE, SECCOMP,
            HOST_PATH, VOLUME_TYPES);

    static final Set<String> BASELINE_CAPABILITIES = Set.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID",
            "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");
    static final Set<String> RESTRICTED_VOLUMES = Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
            "persistentVolumeClaim", "projected", "secret");
    private static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range");
    private static final Set<String> SAFE_SYSCTLS_1_27 = Set.of("net.ipv4.ip_local_reserved_ports");
    private static final Set<String> SAFE_SYSCTLS_1_29 = Set.of("net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");
    private static final Set<String> SAFE_SYSCTLS_1_32 = Set.of("net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem");
    private static final Set<String> SELINUX_TYPES = Set.of("", "container_t", "container_init_t", "container_kvm_t");
    private static final String SELINUX_TYPE_1_31 = "container_engine_t";
    private static final String APPARMOR_ANNOTATION = "container.apparmor.security.beta.kubernetes.io/";
    private static final Set<String> VALID_PROFILES = Set.of("RuntimeDefault", "Localhost");

    private final Map<String, Object> pod;
    private final Map<String, Object> podSc;
    private final Map<String, Object> podAnnotations;
    private final List<Map<String, Object>> containers;
    private final int minor;
    private final List<Violation> violations = new ArrayList<>();

    private PodSecurity(Workload w, Map<String, Object> podAnnotations, String kubeVersion) {
        this.pod = w.podSpec();
        this.podSc = w.podSecurityContext();
        this.podAnnotations = podAnnotations;
        this.containers = w.allContainers();
        this.minor = KubernetesApi.minor(kubeVersion);
    }

    /** Every control a workload's pod template fails, for the target Kubernetes version. */
    static List<Violation> check(Workload w, Map<String, Object> podAnnotations, String kubeVersion) {
        PodSecurity p = new PodSecurity(w, podAnnotations, kubeVersion);
        p.hostProcess();
        p.hostNamespaces();
        p.privileged();
        p.capabilitiesBaseline();
        p.volumes();
        p.hostPorts();
        p.appArmor();
        p.seLinux();
        p.procMount();
        p.seccompBaseline();
        p.sysctls();
        boolean linux = !"windows".equals(Yaml.str(Yaml.at(p.pod, "os", "name")));
        if (linux || p.minor < 25) {
            p.privilegeEscalation();
            p.seccompRestricted();
            p.capabilitiesRestricted();
        }
        p.runAsNonRoot();
        p.runAsUser();
        return p.violations;
    }

    private void add(String ruleId, String message) {
        violations.add(new Violation(ruleId, message));
    }

    private static Map<String, Object> sc(Map<String, Object> container) {
        return Yaml.map(container.get("securityContext"));
    }

    private static String name(Map<String, Object> container) {
        return Workload.containerName(container);
    }

    // ---------------------------------------------------------------- baseline

    public static final String HOST_PROCESS = RULES.pss("host-process", "baseline", "HostProcess",
            "Windows HostProcess containers run with the node's privileges.",
            "Remove windowsOptions.hostProcess (pod and containers) or set it to false.");

    private void hostProcess() {
        if (Yaml.isTrue(Yaml.at(podSc, "windowsOptions", "hostProcess"))) {
            add(HOST_PROCESS, "pod sets securityContext.windowsOptions.hostProcess: true");
        }
        for (Map<String, Object> c : containers) {
            if (Yaml.isTrue(Yaml.at(sc(c), "windowsOptions", "hostProcess"))) {
                add(HOST_PROCESS, name(c) + " sets securityContext.windowsOptions.hostProcess: true");
            }
        }
    }

    public static final String HOST_NAMESPACES = RULES.pss("host-namespaces", "baseline", "Host Namespaces",
            "Sharing the host's network, PID or IPC namespace breaks isolation (2).", "Remove hostNetwork, hostPID and hostIPC.");

    private void hostNamespaces() {
        for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
            if (Yaml.isTrue(pod.get(host))) {
                add(HOST_NAMESPACES, host + ": true");
            }
        }
    }

    public static final String PRIVILEGED = RULES.pss("privileged", "baseline", "Privileged Containers",
            "A privileged container has full access to the host (1).", "Remove securityContext.privileged or set it to false.");

    private void privileged() {
        for (Map<String, Object> c : containers) {
            if (Yaml.isTrue(sc(c).get("privileged"))) {
                add(PRIVILEGED, name(c) + " is privileged");
            }
        }
    }

    private void capabilitiesBaseline() {
        for (Map<String, Object> c : containers) {
            for (Object add : Yaml.listAt(sc(c), "capabilities", "add")) {
                if (!BASELINE_CAPABILITIES.contains(Yaml.str(add))) {
                    add(CAPABILITIES_BASELINE, name(c) + " adds capability " + Yaml.str(add)
                            + ", beyond the baseline set");
                }
            }
        }
    }

    /** HostPath Volumes (baseline) and Volume Types (restricted). */
    private void volumes() {
        for (Object v : Yaml.list(pod.get("volumes"))) {
            Map<String, Object> volume = Yaml.map(v);
            String volumeName = Yaml.str(volume.get("name"));
            for (String type : new TreeSet<>(volume.keySet())) {
                if (type.equals("name")) {
                    continue;
                }
                if (type.equals("hostPath")) {
                    add(HOST_PATH, "volume " + volumeName + " is a hostPath ("
                            + Yaml.str(Yaml.at(volume, "hostPath", "path")) + ")");
                }
                if (!RESTRICTED_VOLUMES.contains(type)) {
                    add(VOLUME_TYPES, "volume " + volumeName + " is of type " + type + ", not allowed under restricted");
                }
            }
        }
    }

    public static final String HOST_PORT = RULES.pss("host-port", "baseline", "Host Ports",
            "hostPort binds the node's port and limits scheduling (4).", "Remove hostPort; expose the port through a Service.");

    private void hostPorts() {
        for (Map<String, Object> c : containers) {
            for (Object p : Yaml.list(c.get("ports"))) {
                Object hostPort = Yaml.map(p).get("hostPort");
                if (hostPort instanceof Number n && n.intValue() != 0) {
                    add(HOST_PORT, name(c) + " uses hostPort " + n);
                }
            }
        }
    }

    public static final String APPARMOR = RULES.pss("apparmor", "baseline", "AppArmor",
            "Overriding or disabling the default AppArmor profile (annotation or appArmorProfile, pod or container) is refused.",
            "Leave AppArmor unset, or use RuntimeDefault / Localhost (runtime/default, localhost/<profile>).");

    /** The beta annotations (any version) and, from 1.30, the appArmorProfile fields: RuntimeDefault or Localhost only. */
    private void appArmor() {
        new TreeSet<>(podAnnotations.keySet()).forEach(key -> {
            String value = Yaml.str(podAnnotations.get(key));
            if (key.startsWith(APPARMOR_ANNOTATION) && !value.isEmpty() && !value.equals("runtime/default")
                    && !value.startsWith("localhost/")) {
                add(APPARMOR, "annotation " + key + " is " + value + " (allowed: runtime/default, localhost/*)");
            }
        });
        if (minor < 30) {
            return;
        }
        appArmorProfile("pod", Yaml.at(podSc, "appArmorProfile", "type"));
        for (Map<String, Object> c : containers) {
            appArmorProfile(name(c), Yaml.at(sc(c), "appArmorProfile", "type"));
        }
    }

    private void appArmorProfile(String who, Object type) {
        if (type != null && !VALID_PROFILES.contains(Yaml.str(type))) {
            add(APPARMOR, who + " sets appArmorProfile.type " + Yaml.str(type) + " (allowed: RuntimeDefault, Localhost)");
        }
    }

    private void seLinux() {
        seLinuxOptions("pod", Yaml.map(podSc.get("seLinuxOptions")));
        for (Map<String, Object> c : containers) {
            seLinuxOptions(name(c), Yaml.map(sc(c).get("seLinuxOptions")));
        }
    }

    public static final String SELINUX = RULES.pss("selinux", "baseline", "SELinux",
            "Custom SELinux users or roles, and types other than the container types, are refused.",
            "Leave seLinuxOptions.user and .role unset; type only container_t, container_init_t, container_kvm_t "
                    + "or (1.31+) container_engine_t.");

    private void seLinuxOptions(String who, Map<String, Object> options) {
        String type = Yaml.str(options.get("type"));
        if (!SELINUX_TYPES.contains(type) && !(minor >= 31 && type.equals(SELINUX_TYPE_1_31))) {
            add(SELINUX, who + " sets seLinuxOptions.type " + type);
        }
        for (String field : List.of("user", "role")) {
            if (!Yaml.str(options.get(field)).isEmpty()) {
                add(SELINUX, who + " sets seLinuxOptions." + field + " " + Yaml.str(options.get(field)));
            }
        }
    }

    public static final String PROC_MOUNT = RULES.pss("proc-mount", "baseline", "/proc Mount Type",
            "An unmasked /proc exposes host information to the container (from 1.35 baseline allows it in a user "
                    + "namespace, hostUsers: false).", "Leave procMount unset or Default.");
    public static final String PROC_MOUNT_RESTRICTED = RULES.pss("proc-mount-restricted", "restricted", "/proc Mount Type",
            "From 1.35 restricted refuses an unmasked /proc in a user namespace too (hostUsers: false), which baseline "
                    + "allows.", "Leave procMount unset or Default.");

    /**
     * Default only. From 1.35 a pod in a user namespace (hostUsers: false) may set any procMount at baseline, not at
     * restricted; before, that relaxation was behind a feature gate that is off by default.
     */
    private void procMount() {
        boolean relaxed = userNamespaceRelaxation();
        for (Map<String, Object> c : containers) {
            Object procMount = sc(c).get("procMount");
            if (procMount != null && !"Default".equals(Yaml.str(procMount))) {
                add(relaxed ? PROC_MOUNT_RESTRICTED : PROC_MOUNT, name(c) + " sets procMount " + Yaml.str(procMount));
            }
        }
    }

    /** From 1.35, admission relaxes some controls for a pod in a user namespace (hostUsers: false). */
    private boolean userNamespaceRelaxation() {
        return minor >= 35 && Yaml.isFalse(pod.get("hostUsers"));
    }

    private void seccompBaseline() {
        if ("Unconfined".equals(Yaml.str(Yaml.at(podSc, "seccompProfile", "type")))) {
            add(SECCOMP_BASELINE, "pod sets seccompProfile.type Unconfined");
        }
        for (Map<String, Object> c : containers) {
            if ("Unconfined".equals(Yaml.str(Yaml.at(sc(c), "seccompProfile", "type")))) {
                add(SECCOMP_BASELINE, name(c) + " sets seccompProfile.type Unconfined");
            }
        }
    }

    public static final String SYSCTLS = RULES.pss("sysctls", "baseline", "Sysctls",
            "Sysctls outside the safe, namespaced set can change the whole node.",
            "Use only the safe sysctls of the target version (kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, "
                    + "net.ipv4.ip_unprivileged_port_start, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range; "
                    + "1.27+ net.ipv4.ip_local_reserved_ports; 1.29+ the tcp_keepalive and tcp_fin_timeout ones; 1.32+ "
                    + "net.ipv4.tcp_rmem and net.ipv4.tcp_wmem).");

    private void sysctls() {
        for (Object s : Yaml.list(podSc.get("sysctls"))) {
            String sysctl = Yaml.str(Yaml.map(s).get("name"));
            boolean safe = SAFE_SYSCTLS.contains(sysctl) || (minor >= 27 && SAFE_SYSCTLS_1_27.contains(sysctl))
                    || (minor >= 29 && SAFE_SYSCTLS_1_29.contains(sysctl))
                    || (minor >= 32 && SAFE_SYSCTLS_1_32.contains(sysctl));
            if (!safe) {
                add(SYSCTLS, "sysctl " + sysctl + " is not in the safe set");
            }
        }
    }

    // ---------------------------------------------------------------- restricted

    public static final String PRIVILEGE_ESCALATION = RULES.pss("privilege-escalation", "restricted", "Privilege Escalation",
            "Without allowPrivilegeEscalation: false a process can gain more privileges than its parent (5; Linux pods).",
            "Set securityContext.allowPrivilegeEscalation: false on every container.");

    private void privilegeEscalation() {
        for (Map<String, Object> c : containers) {
            if (!Yaml.isFalse(sc(c).get("allowPrivilegeEscalation"))) {
                add(PRIVILEGE_ESCALATION, name(c) + " does not set allowPrivilegeEscalation: false");
            }
        }
    }

    public static final String RUN_AS_NON_ROOT = RULES.pss("run-as-non-root", "restricted", "Running as Non-root",
            "Containers running as root turn a container escape into root on the node (6).",
            "Set runAsNonRoot: true on the pod or every container, and never false.");

    /**
     * Pod-level runAsNonRoot: false fails; a container without its own setting needs the pod's true. From 1.35 a pod in
     * a user namespace passes (its root is not the node's).
     */
    private void runAsNonRoot() {
        if (userNamespaceRelaxation()) {
            return;
        }
        Object podValue = podSc.get("runAsNonRoot");
        if (Yaml.isFalse(podValue)) {
            add(RUN_AS_NON_ROOT, "pod sets runAsNonRoot: false");
        }
        for (Map<String, Object> c : containers) {
            Object value = sc(c).get("runAsNonRoot");
            if (Yaml.isFalse(value)) {
                add(RUN_AS_NON_ROOT, name(c) + " sets runAsNonRoot: false");
            } else if (value == null && !Yaml.isTrue(podValue)) {
                add(RUN_AS_NON_ROOT, name(c) + " does not set runAsNonRoot: true (pod or container)");
            }
        }
    }

    public static final String RUN_AS_USER = RULES.pss("run-as-user", "restricted", "Running as Non-root user",
            "runAsUser: 0 runs the container as root whatever runAsNonRoot says (6).",
            "Set runAsUser to a non-zero uid, or leave it unset, on the pod and every container.");

    /** runAsUser 0 fails, but from 1.35 in a user namespace. */
    private void runAsUser() {
        if (userNamespaceRelaxation()) {
            return;
        }
        if (podSc.get("runAsUser") instanceof Number n && n.longValue() == 0) {
            add(RUN_AS_USER, "pod sets runAsUser: 0 (root)");
        }
        for (Map<String, Object> c : containers) {
            if (sc(c).get("runAsUser") instanceof Number n && n.longValue() == 0) {
                add(RUN_AS_USER, name(c) + " sets runAsUser: 0 (root)");
            }
        }
    }

    /** RuntimeDefault or Localhost on the pod, or on every container that sets none; an invalid pod value fails. */
    private void seccompRestricted() {
        Object podProfile = podSc.get("seccompProfile");
        String podType = Yaml.str(Yaml.at(podSc, "seccompProfile", "type"));
        if (podProfile != null && !VALID_PROFILES.contains(podType)) {
            add(SECCOMP, "pod sets seccompProfile.type " + (podType.isEmpty() ? "(empty)" : podType));
        }
        boolean podValid = podProfile != null && VALID_PROFILES.contains(podType);
        for (Map<String, Object> c : containers) {
            Object profile = sc(c).get("seccompProfile");
            String type = Yaml.str(Yaml.at(sc(c), "seccompProfile", "type"));
            if (profile != null && !VALID_PROFILES.contains(type)) {
                add(SECCOMP, name(c) + " sets seccompProfile.type " + (type.isEmpty() ? "(empty)" : type));
            } else if (profile == null && !podValid) {
                add(SECCOMP, name(c) + " has no seccompProfile (pod or container)");
            }
        }
    }

    private void capabilitiesRestricted() {
        for (Map<String, Object> c : containers) {
            List<String> drop = Yaml.listAt(sc(c), "capabilities", "drop").stream().map(Yaml::str).toList();
            if (!drop.contains("ALL")) {
                add(CAPABILITIES, name(c) + " does not drop ALL capabilities");
            }
            for (Object add : Yaml.listAt(sc(c), "capabilities", "add")) {
                if (!"NET_BIND_SERVICE".equals(Yaml.str(add))) {
                    add(CAPABILITIES, name(c) + " adds capability " + Yaml.str(add));
                }
            }
        }
    }
}
