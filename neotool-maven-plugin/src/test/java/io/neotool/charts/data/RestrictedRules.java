package io.neotool.charts.data;

import static io.neotool.charts.data.Manifests.list;
import static io.neotool.charts.data.Manifests.map;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of facts/policy-rules.md that the data charts must meet, checked on rendered objects: Pod
 * Security restricted, probes, resources, service accounts, labels, references, on the data namespaces
 * only and as errors (neotool:lint, in GeneratedChartsLintTest, runs the full rule set on every chart and
 * reports some of these as warnings).
 */
final class RestrictedRules {
    private RestrictedRules() {}

    static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "Job", "CronJob");
    static final Set<String> VOLUME_TYPES = Set.of("name", "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
            "persistentVolumeClaim", "projected", "secret");
    static final List<String> LABELS = List.of("app.kubernetes.io/name", "app.kubernetes.io/instance",
            "app.kubernetes.io/version", "app.kubernetes.io/component", "app.kubernetes.io/part-of",
            "app.kubernetes.io/managed-by", "helm.sh/chart");
    static final Pattern SECRET_LIKE = Pattern.compile("(?i).*(secret|password|passwd|token|key).*");

    static List<String> check(Map<String, Object> doc, Manifests release) {
        List<String> problems = new ArrayList<>();
        String kind = (String) doc.get("kind");
        Map<String, Object> meta = map(doc, "metadata");
        String ns = (String) meta.get("namespace");
        String id = kind + " " + ns + "/" + meta.get("name");
        Map<String, Object> labels = meta.get("labels") == null ? Map.of() : map(meta, "labels");
        for (String label : LABELS) {
            if (!labels.containsKey(label)) {
                problems.add(id + ": no label " + label);
            }
        }
        if (kind.equals("Service")) {
            Map<String, Object> selector = map(doc, "spec", "selector");
            boolean selects = release.inNamespace(ns).stream().filter(d -> WORKLOADS.contains(d.get("kind")))
                    .anyMatch(w -> map(w, "spec", "template", "metadata", "labels").entrySet().containsAll(selector.entrySet()));
            if (!selects) {
                problems.add(id + ": selects no pods");
            }
            if ("NodePort".equals(map(doc, "spec").get("type"))) {
                problems.add(id + ": NodePort");
            }
        }
        if (kind.equals("ConfigMap")) {
            String data = String.valueOf(doc.get("data"));
            if (data.contains("PRIVATE KEY")) {
                problems.add(id + ": PEM block");
            }
        }
        if (!WORKLOADS.contains(kind)) {
            return problems;
        }
        boolean runsToCompletion = kind.equals("Job") || kind.equals("CronJob");
        Map<String, Object> template = kind.equals("CronJob") ? map(doc, "spec", "jobTemplate", "spec", "template")
                : map(doc, "spec", "template");
        Map<String, Object> pod = map(template, "spec");
        if (!runsToCompletion) {
            Map<String, Object> selector = map(doc, "spec", "selector", "matchLabels");
            if (!map(template, "metadata", "labels").entrySet().containsAll(selector.entrySet())) {
                problems.add(id + ": selector does not match the pod labels");
            }
        }
        if (kind.equals("StatefulSet")) {
            String serviceName = (String) map(doc, "spec").get("serviceName");
            boolean headless = release.inNamespace(ns).stream().anyMatch(d -> "Service".equals(d.get("kind"))
                    && serviceName.equals(map(d, "metadata").get("name")) && "None".equals(map(d, "spec").get("clusterIP")));
            if (!headless) {
                problems.add(id + ": serviceName " + serviceName + " is not a headless Service of the release");
            }
        }
        if (!Boolean.FALSE.equals(pod.get("automountServiceAccountToken"))) {
            problems.add(id + ": automountServiceAccountToken is not false");
        }
        String sa = (String) pod.get("serviceAccountName");
        if (sa == null || release.inNamespace(ns).stream().noneMatch(d -> "ServiceAccount".equals(d.get("kind"))
                && sa.equals(map(d, "metadata").get("name")))) {
            problems.add(id + ": its ServiceAccount " + sa + " is not rendered");
        }
        for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
            if (Boolean.TRUE.equals(pod.get(host))) {
                problems.add(id + ": " + host);
            }
        }
        Map<String, Object> podSc = pod.get("securityContext") == null ? Map.of() : map(pod, "securityContext");
        if (!Boolean.TRUE.equals(podSc.get("runAsNonRoot"))) {
            problems.add(id + ": pod runAsNonRoot is not true");
        }
        if (!(podSc.get("runAsUser") instanceof Integer uid) || uid == 0) {
            problems.add(id + ": pod runAsUser is not a non-zero number");
        }
        if (podSc.get("seccompProfile") == null || !"RuntimeDefault".equals(map(podSc, "seccompProfile").get("type"))) {
            problems.add(id + ": pod seccompProfile is not RuntimeDefault");
        }
        for (Map<String, Object> volume : list(pod, "volumes")) {
            for (String key : volume.keySet()) {
                if (!VOLUME_TYPES.contains(key)) {
                    problems.add(id + ": volume " + volume.get("name") + " is " + key);
                }
            }
        }
        List<Map<String, Object>> containers = new ArrayList<>(list(pod, "containers"));
        containers.addAll(list(pod, "initContainers"));
        List<Map<String, Object>> initContainers = list(pod, "initContainers");
        for (Map<String, Object> c : containers) {
            String cid = id + " container " + c.get("name");
            Map<String, Object> sc = c.get("securityContext") == null ? Map.of() : map(c, "securityContext");
            if (!Boolean.FALSE.equals(sc.get("allowPrivilegeEscalation"))) {
                problems.add(cid + ": allowPrivilegeEscalation is not false");
            }
            if (!Boolean.TRUE.equals(sc.get("readOnlyRootFilesystem"))) {
                problems.add(cid + ": readOnlyRootFilesystem is not true");
            }
            if (Boolean.TRUE.equals(sc.get("privileged"))) {
                problems.add(cid + ": privileged");
            }
            if (Integer.valueOf(0).equals(sc.get("runAsUser"))) {
                problems.add(cid + ": runs as root");
            }
            Map<String, Object> caps = sc.get("capabilities") == null ? Map.of() : map(sc, "capabilities");
            if (!String.valueOf(caps.get("drop")).contains("ALL") || caps.get("add") != null) {
                problems.add(cid + ": capabilities do not drop ALL (or add some)");
            }
            String image = String.valueOf(c.get("image"));
            if (!image.matches(".+:[^:/]+") || image.endsWith(":latest")) {
                problems.add(cid + ": image " + image + " has no fixed tag");
            }
            Map<String, Object> resources = c.get("resources") == null ? Map.of() : map(c, "resources");
            if (resources.get("requests") == null || map(resources, "requests").get("cpu") == null
                    || map(resources, "requests").get("memory") == null || resources.get("limits") == null
                    || map(resources, "limits").get("memory") == null) {
                problems.add(cid + ": cpu and memory requests and a memory limit are required");
            }
            for (Map<String, Object> env : list(c, "env")) {
                if (env.containsKey("value") && SECRET_LIKE.matcher((String) env.get("name")).matches()
                        && !String.valueOf(env.get("value")).startsWith("/")) {
                    problems.add(cid + ": literal secret-like env " + env.get("name"));
                }
            }
            // init containers and run-to-completion pods have no probes (Kubernetes refuses them on init containers)
            if (!runsToCompletion && !initContainers.contains(c)) {
                Object readiness = c.get("readinessProbe");
                Object liveness = c.get("livenessProbe");
                if (readiness == null || liveness == null || readiness.equals(liveness)) {
                    problems.add(cid + ": needs readiness and a different liveness probe");
                }
                List<Object> ports = new ArrayList<>();
                for (Map<String, Object> port : list(c, "ports")) {
                    ports.add(port.get("name"));
                    ports.add(port.get("containerPort"));
                }
                for (Object probe : new Object[] {readiness, liveness}) {
                    if (probe instanceof Map<?, ?> p) {
                        for (Object handler : p.values()) {
                            if (handler instanceof Map<?, ?> h && h.containsKey("port") && !ports.contains(h.get("port"))) {
                                problems.add(cid + ": probe port " + h.get("port") + " is not a declared containerPort");
                            }
                        }
                    }
                }
            }
        }
        if (kind.equals("Job") && map(doc, "spec").get("ttlSecondsAfterFinished") == null
                && (meta.get("annotations") == null || !map(meta, "annotations").containsKey("helm.sh/hook-delete-policy"))) {
            problems.add(id + ": a Job needs ttlSecondsAfterFinished or a hook delete policy");
        }
        if (kind.equals("CronJob") && (map(doc, "spec").get("startingDeadlineSeconds") == null
                || map(doc, "spec", "jobTemplate", "spec").get("ttlSecondsAfterFinished") == null)) {
            problems.add(id + ": a CronJob needs startingDeadlineSeconds and its Jobs ttlSecondsAfterFinished");
        }
        return problems;
    }
}
