package io.neotool.charts.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A rendered object that runs pods: its pod spec, pod labels and (for controllers) replicas and selector. */
record Workload(Manifest manifest, String namespace, Map<String, Object> podSpec, Map<String, Object> podLabels) {

    /** The ServiceAccount the pods run as (serviceAccountName, or its old name serviceAccount), or "" for none named. */
    String serviceAccount() {
        return Yaml.str(podSpec.getOrDefault("serviceAccountName", podSpec.get("serviceAccount")));
    }

    static Workload of(Manifest m, String releaseNamespace) {
        Object podSpec;
        Object labels;
        switch (m.kind()) {
            case "Pod" -> {
                podSpec = m.body().get("spec");
                labels = m.labels();
            }
            case "CronJob" -> {
                podSpec = m.at("spec", "jobTemplate", "spec", "template", "spec");
                labels = m.at("spec", "jobTemplate", "spec", "template", "metadata", "labels");
            }
            case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "ReplicationController" -> {
                podSpec = m.at("spec", "template", "spec");
                labels = m.at("spec", "template", "metadata", "labels");
            }
            default -> {
                return null;
            }
        }
        return new Workload(m, m.namespace(releaseNamespace), Yaml.map(podSpec), Yaml.map(labels));
    }

    boolean longRunning() {
        return !List.of("Job", "CronJob").contains(manifest.kind());
    }

    boolean scalable() {
        return List.of("Deployment", "StatefulSet", "ReplicaSet").contains(manifest.kind());
    }

    /** spec.replicas, 1 when absent (the API default). */
    int replicas() {
        Object r = manifest.at("spec", "replicas");
        return r instanceof Number n ? n.intValue() : 1;
    }

    boolean hasReplicasField() {
        return manifest.at("spec", "replicas") != null;
    }

    /** containers, initContainers and ephemeralContainers, each with the list it came from. */
    List<Map<String, Object>> allContainers() {
        List<Map<String, Object>> all = new ArrayList<>();
        for (String key : List.of("initContainers", "containers", "ephemeralContainers")) {
            Yaml.list(podSpec.get(key)).forEach(c -> all.add(Yaml.map(c)));
        }
        return all;
    }

    List<Map<String, Object>> containers() {
        List<Map<String, Object>> all = new ArrayList<>();
        Yaml.list(podSpec.get("containers")).forEach(c -> all.add(Yaml.map(c)));
        return all;
    }

    /**
     * Every container whose resources the scheduler counts: the init containers (sidecars, with restartPolicy Always,
     * among them) and the regular ones. The capacity report tells a sidecar from a one-shot init container itself.
     */
    List<Map<String, Object>> resourceContainers() {
        List<Map<String, Object>> all = new ArrayList<>();
        for (String key : List.of("initContainers", "containers")) {
            Yaml.list(podSpec.get(key)).forEach(c -> all.add(Yaml.map(c)));
        }
        return all;
    }

    /** The pod template's annotations (the Pod's own for a bare Pod). */
    Map<String, Object> podAnnotations() {
        return switch (manifest.kind()) {
            case "Pod" -> manifest.annotations();
            case "CronJob" -> Yaml.map(manifest.at("spec", "jobTemplate", "spec", "template", "metadata", "annotations"));
            default -> Yaml.map(manifest.at("spec", "template", "metadata", "annotations"));
        };
    }

    Map<String, Object> podSecurityContext() {
        return Yaml.map(podSpec.get("securityContext"));
    }

    static String containerName(Map<String, Object> c) {
        return "container " + Yaml.str(c.get("name"));
    }
}
