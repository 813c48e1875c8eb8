package io.neotool.charts.verify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The order in which Helm 3 creates a release's objects (pkg/action/install.go, upgrade.go,
 * pkg/releaseutil/kind_sorter.go): the action's pre-hooks sorted by helm.sh/hook-weight, kind (InstallOrder) and
 * name; then the release resources in InstallOrder (unknown kinds last); then the post-hooks, sorted the same way.
 */
final class InstallOrder {
    private InstallOrder() {}

    static final String HOOK = "helm.sh/hook";
    static final String HOOK_WEIGHT = "helm.sh/hook-weight";
    static final String HOOK_DELETE_POLICY = "helm.sh/hook-delete-policy";

    /** Helm's InstallOrder of kinds. */
    static final List<String> KINDS = List.of("PriorityClass", "Namespace", "NetworkPolicy", "ResourceQuota",
            "LimitRange", "PodSecurityPolicy", "PodDisruptionBudget", "ServiceAccount", "Secret", "SecretList",
            "ConfigMap", "StorageClass", "PersistentVolume", "PersistentVolumeClaim", "CustomResourceDefinition",
            "ClusterRole", "ClusterRoleList", "ClusterRoleBinding", "ClusterRoleBindingList", "Role", "RoleList",
            "RoleBinding", "RoleBindingList", "Service", "DaemonSet", "Pod", "ReplicationController", "ReplicaSet",
            "Deployment", "HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress",
            "APIService", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration");

    /** When an object is created in a Helm action. */
    enum Phase {
        PRE_HOOK, RELEASE, POST_HOOK
    }

    /** One object created at one point of an action: {@code stage} says it as Helm does ("pre-install hook"). */
    record Step(Manifest manifest, Phase phase, String stage) {
        boolean hook() {
            return phase != Phase.RELEASE;
        }
    }

    /** The objects of {@code action} ("install" or "upgrade") in the order Helm creates them. */
    static List<Step> of(String action, List<Manifest> manifests) {
        List<Step> steps = new ArrayList<>();
        hooks(manifests, "pre-" + action).forEach(m -> steps.add(new Step(m, Phase.PRE_HOOK, "pre-" + action + " hook")));
        manifests.stream().filter(m -> hooks(m).isEmpty()).sorted(Comparator.comparingInt(InstallOrder::kindRank)
                        .thenComparing(Manifest::kind).thenComparing(Manifest::name))
                .forEach(m -> steps.add(new Step(m, Phase.RELEASE, "release resource")));
        hooks(manifests, "post-" + action).forEach(m -> steps.add(new Step(m, Phase.POST_HOOK, "post-" + action + " hook")));
        return steps;
    }

    /** The helm test Pods (hook "test"), in the order helm test runs them, after the install. */
    static List<Step> tests(List<Manifest> manifests) {
        return hooks(manifests, "test").stream().map(m -> new Step(m, Phase.POST_HOOK, "helm test hook")).toList();
    }

    private static List<Manifest> hooks(List<Manifest> manifests, String event) {
        return manifests.stream().filter(m -> hooks(m).contains(event))
                // Helm sorts an event's hooks by weight, then by name; the kind decides only between equal names
                .sorted(Comparator.comparingInt(InstallOrder::weight).thenComparing(Manifest::name)
                        .thenComparingInt(InstallOrder::kindRank).thenComparing(Manifest::kind))
                .toList();
    }

    /** The hook events of an object (empty for a release resource). */
    static Set<String> hooks(Manifest m) {
        String value = Yaml.str(m.annotations().get(HOOK));
        if (value.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }

    /** Whether Helm deletes the hook object once it succeeded. */
    static boolean deletedAfterSuccess(Manifest m) {
        return Yaml.str(m.annotations().get(HOOK_DELETE_POLICY)).contains("hook-succeeded");
    }

    static int weight(Manifest m) {
        try {
            return Integer.parseInt(Yaml.str(m.annotations().getOrDefault(HOOK_WEIGHT, "0")).strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static int kindRank(Manifest m) {
        int i = KINDS.indexOf(m.kind());
        return i < 0 ? KINDS.size() : i;
    }
}
