package io.neotool.charts.verify;

import static io.neotool.charts.testtools.YamlTree.remove;
import static io.neotool.charts.testtools.YamlTree.set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.InputException;
import io.neotool.charts.testtools.YamlTree;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each Pod Security control, table-driven as admission judges it: a pod that meets restricted, then one change per row
 * that the control must refuse, then the standard's allowed values, which must pass. Containers, init containers and
 * ephemeral containers, pod and container fields, annotations and fields, Linux-only controls and the target version.
 */
class PodSecurityTest {
    private static final String POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: demo, namespace: demo-ns, annotations: {}}
            spec:
              securityContext: {runAsNonRoot: true, runAsUser: 1000, seccompProfile: {type: RuntimeDefault}}
              initContainers:
                - name: init
                  image: busybox:1.36
                  securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
              containers:
                - name: app
                  image: demo:1.0.0
                  ports: [{containerPort: 8080}]
                  securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
              ephemeralContainers:
                - name: debug
                  image: busybox:1.36
                  securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
              volumes:
                - {name: data, emptyDir: {}}
            """;
    private static final String PSC = "spec.securityContext.";
    private static final String INIT = "spec.initContainers[0].securityContext.";
    private static final String APP = "spec.containers[0].securityContext.";
    private static final String DEBUG = "spec.ephemeralContainers[0].securityContext.";

    private static Arguments row(String rule, String what, Consumer<Map<String, Object>> change) {
        return Arguments.of(rule, what, change);
    }

    private static Consumer<Map<String, Object>> annotate(String key, String value) {
        return pod -> YamlTree.map(pod, "metadata", "annotations").put(key, value); // keys hold dots: no dotted path
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                row(PodSecurity.HOST_PROCESS, "pod hostProcess", p -> set(p, PSC + "windowsOptions.hostProcess", true)),
                row(PodSecurity.HOST_PROCESS, "init hostProcess", p -> set(p, INIT + "windowsOptions.hostProcess", true)),
                row(PodSecurity.HOST_NAMESPACES, "hostNetwork", p -> set(p, "spec.hostNetwork", true)),
                row(PodSecurity.HOST_NAMESPACES, "hostPID", p -> set(p, "spec.hostPID", true)),
                row(PodSecurity.HOST_NAMESPACES, "hostIPC", p -> set(p, "spec.hostIPC", true)),
                row(PodSecurity.PRIVILEGED, "privileged app", p -> set(p, APP + "privileged", true)),
                row(PodSecurity.PRIVILEGED, "privileged ephemeral", p -> set(p, DEBUG + "privileged", true)),
                row(PodSecurity.CAPABILITIES_BASELINE, "add SYS_ADMIN", p -> set(p, APP + "capabilities.add", List.of("SYS_ADMIN"))),
                row(PodSecurity.CAPABILITIES_BASELINE, "init adds NET_RAW", p -> set(p, INIT + "capabilities.add", List.of("NET_RAW"))),
                row(PodSecurity.HOST_PATH, "hostPath volume", p -> set(p, "spec.volumes[0]", Map.of("name", "data", "hostPath", Map.of("path", "/")))),
                row(PodSecurity.HOST_PORT, "hostPort", p -> set(p, "spec.containers[0].ports[0]", Map.of("containerPort", 8080, "hostPort", 80))),
                row(PodSecurity.APPARMOR, "annotation unconfined", annotate("container.apparmor.security.beta.kubernetes.io/app", "unconfined")),
                row(PodSecurity.APPARMOR, "pod field Unconfined", p -> set(p, PSC + "appArmorProfile.type", "Unconfined")),
                row(PodSecurity.APPARMOR, "container field Unconfined", p -> set(p, DEBUG + "appArmorProfile.type", "Unconfined")),
                row(PodSecurity.SELINUX, "type spc_t", p -> set(p, APP + "seLinuxOptions.type", "spc_t")),
                row(PodSecurity.SELINUX, "pod user", p -> set(p, PSC + "seLinuxOptions.user", "system_u")),
                row(PodSecurity.SELINUX, "init role", p -> set(p, INIT + "seLinuxOptions.role", "system_r")),
                row(PodSecurity.PROC_MOUNT, "Unmasked", p -> set(p, APP + "procMount", "Unmasked")),
                row(PodSecurity.SECCOMP_BASELINE, "pod Unconfined", p -> set(p, PSC + "seccompProfile.type", "Unconfined")),
                row(PodSecurity.SECCOMP_BASELINE, "container Unconfined", p -> set(p, INIT + "seccompProfile.type", "Unconfined")),
                row(PodSecurity.SYSCTLS, "unsafe sysctl", p -> set(p, PSC + "sysctls", List.of(Map.of("name", "kernel.msgmax", "value", "1")))),
                row(PodSecurity.VOLUME_TYPES, "nfs volume", p -> set(p, "spec.volumes[0]", Map.of("name", "data", "nfs", Map.of("server", "x", "path", "/")))),
                row(PodSecurity.VOLUME_TYPES, "hostPath is not restricted", p -> set(p, "spec.volumes[0]", Map.of("name", "data", "hostPath", Map.of("path", "/")))),
                row(PodSecurity.PRIVILEGE_ESCALATION, "unset", p -> remove(p, APP + "allowPrivilegeEscalation")),
                row(PodSecurity.PRIVILEGE_ESCALATION, "true on ephemeral", p -> set(p, DEBUG + "allowPrivilegeEscalation", true)),
                row(PodSecurity.RUN_AS_NON_ROOT, "pod unset", p -> remove(p, PSC + "runAsNonRoot")),
                row(PodSecurity.RUN_AS_NON_ROOT, "pod false", p -> set(p, PSC + "runAsNonRoot", false)),
                row(PodSecurity.RUN_AS_NON_ROOT, "container false under pod true", p -> set(p, INIT + "runAsNonRoot", false)),
                row(PodSecurity.RUN_AS_USER, "pod uid 0", p -> set(p, PSC + "runAsUser", 0)),
                row(PodSecurity.RUN_AS_USER, "container uid 0", p -> set(p, APP + "runAsUser", 0)),
                row(PodSecurity.SECCOMP, "pod unset", p -> remove(p, PSC + "seccompProfile")),
                row(PodSecurity.SECCOMP, "pod Unconfined even with containers set", p -> {
                    set(p, PSC + "seccompProfile.type", "Unconfined");
                    for (String c : List.of(INIT, APP, DEBUG)) {
                        set(p, c + "seccompProfile", Map.of("type", "RuntimeDefault"));
                    }
                }),
                row(PodSecurity.SECCOMP, "container Unconfined", p -> set(p, APP + "seccompProfile.type", "Unconfined")),
                row(PodSecurity.CAPABILITIES, "no drop ALL", p -> set(p, INIT + "capabilities.drop", List.of("NET_RAW"))),
                row(PodSecurity.CAPABILITIES, "add CHOWN (baseline allows it)", p -> set(p, APP + "capabilities.add", List.of("CHOWN"))));
    }

    static Stream<Arguments> allowed() {
        return Stream.of(
                row(null, "hostProcess false", p -> set(p, PSC + "windowsOptions.hostProcess", false)),
                row(null, "privileged false", p -> set(p, APP + "privileged", false)),
                row(null, "add NET_BIND_SERVICE", p -> set(p, APP + "capabilities.add", List.of("NET_BIND_SERVICE"))),
                row(null, "hostPort 0", p -> set(p, "spec.containers[0].ports[0]", Map.of("containerPort", 8080, "hostPort", 0))),
                row(null, "every restricted volume type", p -> set(p, "spec.volumes", PodSecurity.RESTRICTED_VOLUMES.stream()
                        .map(t -> Map.<String, Object>of("name", t.toLowerCase(), t, Map.of())).toList())),
                row(null, "annotation runtime/default", annotate("container.apparmor.security.beta.kubernetes.io/app", "runtime/default")),
                row(null, "annotation localhost/", annotate("container.apparmor.security.beta.kubernetes.io/app", "localhost/mine")),
                row(null, "field RuntimeDefault", p -> set(p, PSC + "appArmorProfile.type", "RuntimeDefault")),
                row(null, "field Localhost", p -> set(p, APP + "appArmorProfile", Map.of("type", "Localhost", "localhostProfile", "mine"))),
                row(null, "selinux container_t with level", p -> set(p, APP + "seLinuxOptions", Map.of("type", "container_t", "level", "s0:c1"))),
                row(null, "selinux container_init_t", p -> set(p, PSC + "seLinuxOptions.type", "container_init_t")),
                row(null, "selinux container_kvm_t", p -> set(p, INIT + "seLinuxOptions.type", "container_kvm_t")),
                row(null, "selinux container_engine_t (1.31+)", p -> set(p, INIT + "seLinuxOptions.type", "container_engine_t")),
                row(null, "procMount Default", p -> set(p, APP + "procMount", "Default")),
                row(null, "seccomp Localhost", p -> set(p, PSC + "seccompProfile", Map.of("type", "Localhost", "localhostProfile", "p.json"))),
                row(null, "seccomp on every container instead of the pod", p -> {
                    remove(p, PSC + "seccompProfile");
                    for (String c : List.of(INIT, APP, DEBUG)) {
                        set(p, c + "seccompProfile", Map.of("type", "RuntimeDefault"));
                    }
                }),
                row(null, "runAsNonRoot on every container instead of the pod", p -> {
                    remove(p, PSC + "runAsNonRoot");
                    for (String c : List.of(INIT, APP, DEBUG)) {
                        set(p, c + "runAsNonRoot", true);
                    }
                }),
                row(null, "safe sysctls of 1.32", p -> set(p, PSC + "sysctls", Stream.of("kernel.shm_rmid_forced",
                        "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies",
                        "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time",
                        "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes",
                        "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem")
                        .map(n -> Map.of("name", n, "value", "1")).toList())));
    }

    private static Map<String, Object> pod() {
        return Fixture.parse(POD).get(0).body();
    }

    /** The target version is read as Helm reads a Kubernetes version; what Helm refuses is refused here, by name. */
    @Test
    void kubernetesVersionsAreReadAsHelmReadsThem() {
        for (Map.Entry<String, List<Integer>> ok : Map.of("1.32.0", List.of(1, 32), "v1.29", List.of(1, 29),
                "1.33.0-rc.1", List.of(1, 33), "1.31.4+k3s1", List.of(1, 31), "1", List.of(1, 0)).entrySet()) {
            int[] version = KubernetesApi.majorMinor(ok.getKey());
            assertEquals(ok.getValue(), List.of(version[0], version[1]), ok.getKey());
        }
        for (String bad : List.of("1.32.x", "1.32.0.1", "abc", "", "v", "1.32.", "99999999999.1")) {
            InputException e = assertThrows(InputException.class, () -> KubernetesApi.majorMinor(bad), bad);
            assertEquals("Kubernetes version '" + bad + "' is not major.minor[.patch], e.g. 1.32.0", e.getMessage());
        }
    }

    private static List<PodSecurity.Violation> check(Map<String, Object> body, String kubeVersion) {
        Manifest m = Fixture.parse(YamlTree.dump(body)).get(0);
        Workload w = Workload.of(m, "demo-ns");
        return PodSecurity.check(w, w.podAnnotations(), kubeVersion);
    }

    @Test
    void thePodMeetsRestricted() {
        assertEquals(List.of(), check(pod(), "1.32.0"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("refused")
    void eachControlRefusesWhatAdmissionRefuses(String rule, String what, Consumer<Map<String, Object>> change) {
        Map<String, Object> pod = pod();
        change.accept(pod);
        List<PodSecurity.Violation> violations = check(pod, "1.32.0");
        assertTrue(violations.stream().anyMatch(v -> v.ruleId().equals(rule)), what + ": " + violations);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("allowed")
    void theStandardsAllowedValuesPass(String rule, String what, Consumer<Map<String, Object>> change) {
        Map<String, Object> pod = pod();
        change.accept(pod);
        assertEquals(List.of(), check(pod, "1.32.0"), what);
    }

    @Test
    void allowedValuesFollowTheTargetVersion() {
        Map<String, Object> pod = pod();
        set(pod, PSC + "sysctls", List.of(Map.of("name", "net.ipv4.tcp_keepalive_time", "value", "60")));
        set(pod, INIT + "seLinuxOptions.type", "container_engine_t");
        assertEquals(List.of(PodSecurity.SELINUX, PodSecurity.SYSCTLS),
                check(pod, "1.28.0").stream().map(PodSecurity.Violation::ruleId).sorted().toList());
        Map<String, Object> buffers = pod();
        set(buffers, PSC + "sysctls", List.of(Map.of("name", "net.ipv4.tcp_rmem", "value", "4096 87380 6291456")));
        assertEquals(List.of(PodSecurity.SYSCTLS), check(buffers, "1.31.0").stream().map(PodSecurity.Violation::ruleId).toList());
        assertEquals(List.of(), check(buffers, "1.32.0"), "tcp_rmem is safe from 1.32");
        Map<String, Object> field = pod();
        set(field, APP + "appArmorProfile.type", "Unconfined");
        assertEquals(List.of(), check(field, "1.29.0"), "appArmorProfile is a field from 1.30 only");
    }

    /**
     * A pod in a user namespace (hostUsers: false): from 1.35 admission lets it run as root inside and unmask /proc at
     * baseline, while restricted still refuses the unmasked /proc; before 1.35 (the relaxation behind a feature gate
     * that is off by default) it is judged as any pod.
     */
    @Test
    void aUserNamespacePodIsRelaxedFrom135Only() {
        Map<String, Object> pod = pod();
        set(pod, "spec.hostUsers", false);
        remove(pod, PSC + "runAsNonRoot");
        set(pod, APP + "runAsUser", 0);
        set(pod, APP + "procMount", "Unmasked");
        for (String before : List.of("1.32.0", "1.34.0")) {
            assertEquals(List.of(PodSecurity.PROC_MOUNT, PodSecurity.RUN_AS_NON_ROOT, PodSecurity.RUN_AS_USER),
                    check(pod, before).stream().map(PodSecurity.Violation::ruleId).distinct().sorted().toList(), before);
        }
        assertEquals(List.of(PodSecurity.PROC_MOUNT_RESTRICTED),
                check(pod, "1.35.0").stream().map(PodSecurity.Violation::ruleId).distinct().toList());
        set(pod, "spec.hostUsers", true);
        assertEquals(List.of(PodSecurity.PROC_MOUNT, PodSecurity.RUN_AS_NON_ROOT, PodSecurity.RUN_AS_USER),
                check(pod, "1.35.0").stream().map(PodSecurity.Violation::ruleId).distinct().sorted().toList(),
                "the host's user namespace: no relaxation");
    }

    @Test
    void aWindowsPodIsExemptFromTheLinuxOnlyControls() {
        Map<String, Object> pod = pod();
        set(pod, "spec.os", Map.of("name", "windows"));
        remove(pod, PSC + "seccompProfile");
        for (String c : List.of(INIT, APP, DEBUG)) {
            remove(pod, c + "capabilities");
            remove(pod, c + "allowPrivilegeEscalation");
        }
        assertEquals(List.of(), check(pod, "1.32.0"));
        remove(pod, PSC + "runAsNonRoot");
        assertEquals(List.of(PodSecurity.RUN_AS_NON_ROOT), check(pod, "1.32.0").stream().map(PodSecurity.Violation::ruleId)
                .distinct().toList(), "running as non-root applies to Windows pods too");
        assertTrue(check(pod, "1.24.0").stream().anyMatch(v -> v.ruleId().equals(PodSecurity.SECCOMP)), "before 1.25 it is not exempt");
    }

    @Test
    void findingsNameTheControlAndFollowTheNamespaceLevel() {
        Map<String, Object> pod = pod();
        set(pod, APP + "capabilities.add", List.of("SYS_ADMIN"));
        set(pod, PSC + "seccompProfile.type", "Unconfined");
        String yaml = YamlTree.dump(pod);
        for (String level : List.of("restricted", "baseline", "privileged")) {
            List<Manifest> manifests = Fixture.parse("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: demo-ns\n  labels:\n"
                    + "    pod-security.kubernetes.io/enforce: " + level + "\n---\n" + yaml);
            List<Finding> findings = PolicyChecker.check(new PolicyChecker.Release("rel", "demo-ns", false), manifests).stream()
                    .filter(f -> Rules.get(f.ruleId()).podSecurity().length() > 0).toList();
            Map<String, Severity> bySeverity = new java.util.TreeMap<>();
            findings.forEach(f -> bySeverity.merge(f.ruleId(), f.severity(), (a, b) -> a));
            switch (level) {
                // restricted overrides the baseline checks of the same control, as admission does
                case "restricted" -> assertEquals(Map.of(PodSecurity.CAPABILITIES, Severity.ERROR, PodSecurity.SECCOMP, Severity.ERROR), bySeverity);
                case "baseline" -> assertEquals(Map.of(PodSecurity.CAPABILITIES_BASELINE, Severity.ERROR, PodSecurity.SECCOMP_BASELINE, Severity.ERROR,
                        PodSecurity.CAPABILITIES, Severity.INFO, PodSecurity.SECCOMP, Severity.INFO), bySeverity);
                default -> assertTrue(bySeverity.values().stream().allMatch(s -> s == Severity.INFO), bySeverity.toString());
            }
            assertTrue(findings.stream().filter(f -> f.ruleId().equals(PodSecurity.SECCOMP)).allMatch(f -> f.message().contains("Seccomp: ")),
                    findings.toString());
        }
    }
}
