package io.neotool.charts.verify;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the Kubernetes API of the target version knows: the built-in kinds (mapped to the client-java-api model
 * that describes them, Kubernetes 1.32) and the apiVersions that were removed, with their replacement.
 */
public final class KubernetesApi {
    private KubernetesApi() {}

    private static final String MODELS = "io.kubernetes.client.openapi.models.";
    private static final Map<String, String> KINDS = new LinkedHashMap<>();
    private static final Map<String, Class<?>> CLASSES = new HashMap<>();

    static {
        kinds("v1", "Namespace", "Pod", "Service", "ServiceAccount", "ConfigMap", "Secret", "PersistentVolumeClaim",
                "PersistentVolume", "Endpoints", "LimitRange", "ResourceQuota", "ReplicationController", "PodTemplate");
        KINDS.put("v1 Event", "CoreV1Event");
        kinds("apps/v1", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ControllerRevision");
        kinds("batch/v1", "Job", "CronJob");
        KINDS.put("autoscaling/v1 HorizontalPodAutoscaler", "V1HorizontalPodAutoscaler");
        KINDS.put("autoscaling/v2 HorizontalPodAutoscaler", "V2HorizontalPodAutoscaler");
        kinds("policy/v1", "PodDisruptionBudget");
        kinds("networking.k8s.io/v1", "Ingress", "IngressClass", "NetworkPolicy");
        kinds("rbac.authorization.k8s.io/v1", "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding");
        kinds("storage.k8s.io/v1", "StorageClass", "CSIDriver", "CSINode", "VolumeAttachment", "CSIStorageCapacity");
        kinds("scheduling.k8s.io/v1", "PriorityClass");
        kinds("coordination.k8s.io/v1", "Lease");
        kinds("node.k8s.io/v1", "RuntimeClass");
        kinds("discovery.k8s.io/v1", "EndpointSlice");
        KINDS.put("events.k8s.io/v1 Event", "EventsV1Event");
        kinds("apiextensions.k8s.io/v1", "CustomResourceDefinition");
        kinds("apiregistration.k8s.io/v1", "APIService");
        kinds("admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration",
                "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding");
        kinds("certificates.k8s.io/v1", "CertificateSigningRequest");
        kinds("flowcontrol.apiserver.k8s.io/v1", "FlowSchema", "PriorityLevelConfiguration");
    }

    private static void kinds(String apiVersion, String... kinds) {
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        String prefix = Character.toUpperCase(version.charAt(0)) + version.substring(1);
        for (String kind : kinds) {
            KINDS.put(apiVersion + " " + kind, prefix + kind);
        }
    }

    /** The client-java-api model of a built-in kind, if the target API has it. */
    public static Optional<Class<?>> model(String apiVersion, String kind) {
        String simple = KINDS.get(apiVersion + " " + kind);
        if (simple == null) {
            return Optional.empty();
        }
        synchronized (CLASSES) {
            return Optional.of(CLASSES.computeIfAbsent(simple, s -> {
                try {
                    return Class.forName(MODELS + s);
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException("client-java-api has no model " + s, e);
                }
            }));
        }
    }

    /** An API group served by Kubernetes itself (a kind there that is not known is an error, not a CRD). */
    public static boolean isBuiltInGroup(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        if (slash < 0) {
            return true; // the core group: v1
        }
        String group = apiVersion.substring(0, slash);
        return !group.contains(".") || group.endsWith(".k8s.io");
    }

    /** A removed apiVersion: when it went and what replaces it. */
    public record Removal(String apiVersion, String kind, String removedIn, String replacement) {
        public String message(String targetVersion) {
            return apiVersion + " " + kind + " was removed in Kubernetes " + removedIn + " (target " + targetVersion
                    + "): use " + replacement;
        }
    }

    private static final Map<String, String[]> REMOVED = new LinkedHashMap<>();

    static {
        removed("extensions/v1beta1", "1.16", "apps/v1", "Deployment", "DaemonSet", "ReplicaSet");
        removed("extensions/v1beta1", "1.16", "networking.k8s.io/v1", "NetworkPolicy");
        removed("extensions/v1beta1", "1.16", "Pod Security Admission (namespace labels)", "PodSecurityPolicy");
        removed("extensions/v1beta1", "1.22", "networking.k8s.io/v1", "Ingress");
        for (String v : new String[] {"apps/v1beta1", "apps/v1beta2"}) {
            removed(v, "1.16", "apps/v1", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ControllerRevision");
        }
        removed("networking.k8s.io/v1beta1", "1.22", "networking.k8s.io/v1", "*");
        removed("policy/v1beta1", "1.25", "policy/v1", "PodDisruptionBudget");
        removed("policy/v1beta1", "1.25", "Pod Security Admission (namespace labels)", "PodSecurityPolicy");
        removed("autoscaling/v2beta1", "1.25", "autoscaling/v2", "*");
        removed("autoscaling/v2beta2", "1.26", "autoscaling/v2", "*");
        removed("batch/v1beta1", "1.25", "batch/v1", "*");
        removed("batch/v2alpha1", "1.21", "batch/v1", "*");
        removed("discovery.k8s.io/v1beta1", "1.25", "discovery.k8s.io/v1", "*");
        removed("events.k8s.io/v1beta1", "1.25", "events.k8s.io/v1", "*");
        removed("node.k8s.io/v1beta1", "1.25", "node.k8s.io/v1", "*");
        removed("storage.k8s.io/v1beta1", "1.22", "storage.k8s.io/v1", "StorageClass", "CSIDriver", "CSINode", "VolumeAttachment");
        removed("storage.k8s.io/v1beta1", "1.27", "storage.k8s.io/v1", "CSIStorageCapacity");
        for (String group : new String[] {"rbac.authorization.k8s.io", "admissionregistration.k8s.io", "apiextensions.k8s.io",
                "apiregistration.k8s.io", "authentication.k8s.io", "authorization.k8s.io", "certificates.k8s.io",
                "coordination.k8s.io", "scheduling.k8s.io"}) {
            removed(group + "/v1beta1", "1.22", group + "/v1", "*");
        }
        removed("rbac.authorization.k8s.io/v1alpha1", "1.22", "rbac.authorization.k8s.io/v1", "*");
        removed("flowcontrol.apiserver.k8s.io/v1beta1", "1.26", "flowcontrol.apiserver.k8s.io/v1", "*");
        removed("flowcontrol.apiserver.k8s.io/v1beta2", "1.29", "flowcontrol.apiserver.k8s.io/v1", "*");
        removed("flowcontrol.apiserver.k8s.io/v1beta3", "1.32", "flowcontrol.apiserver.k8s.io/v1", "*");
    }

    private static void removed(String apiVersion, String removedIn, String replacement, String... kinds) {
        for (String kind : kinds) {
            REMOVED.put(apiVersion + " " + kind, new String[] {removedIn, replacement});
        }
    }

    /** The removal of {@code apiVersion}/{@code kind} if it is removed in {@code targetVersion} (e.g. 1.32.0). */
    public static Optional<Removal> removal(String apiVersion, String kind, String targetVersion) {
        String[] r = REMOVED.getOrDefault(apiVersion + " " + kind, REMOVED.get(apiVersion + " *"));
        if (r == null || compare(targetVersion, r[0]) < 0) {
            return Optional.empty();
        }
        return Optional.of(new Removal(apiVersion, kind, r[0], r[1]));
    }

    /** Compares the major.minor of two Kubernetes versions (a leading v is ignored). */
    public static int compare(String a, String b) {
        int[] x = majorMinor(a);
        int[] y = majorMinor(b);
        return x[0] != y[0] ? Integer.compare(x[0], y[0]) : Integer.compare(x[1], y[1]);
    }

    /** The 1.x minor of a Kubernetes version, for comparing with a 1.x release; a major above 1 comes after every one. */
    public static int minor(String version) {
        int[] majorMinor = majorMinor(version);
        return majorMinor[0] > 1 ? Integer.MAX_VALUE : majorMinor[1];
    }

    /**
     * The major and minor of a Kubernetes version as Helm parses it (semantic versioning, a leading v, the minor and
     * patch optional): {@code 1.32.x} or {@code 1.32.0.1} are refused here, as Helm would refuse them without naming
     * where they came from.
     */
    public static int[] majorMinor(String version) {
        Matcher m = VERSION.matcher(version);
        try {
            if (m.matches()) {
                return new int[] {Integer.parseInt(m.group(1)), m.group(2) == null ? 0 : Integer.parseInt(m.group(2))};
            }
        } catch (NumberFormatException e) { // more digits than an int holds: refused below
        }
        throw new io.neotool.charts.InputException("Kubernetes version '" + version + "' is not major.minor[.patch], e.g. 1.32.0");
    }

    private static final Pattern VERSION = Pattern.compile(
            "v?(\\d+)(?:\\.(\\d+))?(?:\\.\\d+)?(?:-[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?");
}
