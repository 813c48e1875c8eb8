package io.neotool.charts.verify;

import java.util.List;
import java.util.Map;

/**
 * One rendered Kubernetes object. {@code source} is Helm's {@code # Source:} path
 * ({@code neotool/charts/app/templates/deployment.yaml}); {@code chart} the chart that owns the template
 * (the last chart in that path; for an aliased subchart its chart on disk, or the alias where the parser was given
 * no aliases) and {@code file} the path inside it.
 */
public record Manifest(String source, String chart, String file, Map<String, Object> body) {

    public String apiVersion() {
        return Yaml.str(body.get("apiVersion"));
    }

    public String kind() {
        return Yaml.str(body.get("kind"));
    }

    public Map<String, Object> metadata() {
        return Yaml.map(body.get("metadata"));
    }

    public String name() {
        return Yaml.str(metadata().get("name"));
    }

    /** The object's namespace, or {@code releaseNamespace} when the template leaves it out (Helm applies it then). */
    public String namespace(String releaseNamespace) {
        String ns = Yaml.str(metadata().get("namespace"));
        return ns.isEmpty() ? releaseNamespace : ns;
    }

    public Map<String, Object> labels() {
        return Yaml.map(metadata().get("labels"));
    }

    public Map<String, Object> annotations() {
        return Yaml.map(metadata().get("annotations"));
    }

    public Map<String, Object> spec() {
        return Yaml.map(body.get("spec"));
    }

    /** {@code Kind/name}. */
    public String id() {
        return kind() + "/" + name();
    }

    /** Shorthand for nested lookups: {@code at("spec", "template", "spec")}. */
    public Object at(String... path) {
        return Yaml.at(body, path);
    }

    /** An Ingress's IngressClass: spec.ingressClassName, else the older annotation; empty for the cluster's default. */
    String ingressClass() {
        String className = Yaml.str(at("spec", "ingressClassName"));
        return className.isEmpty() ? Yaml.str(annotations().get("kubernetes.io/ingress.class")) : className;
    }

    /** An Ingress's backends: the default backend, then each rule path's backend. */
    List<Object> ingressBackends() {
        List<Object> backends = new java.util.ArrayList<>();
        if (at("spec", "defaultBackend") != null) {
            backends.add(at("spec", "defaultBackend"));
        }
        for (Object rule : Yaml.listAt(body, "spec", "rules")) {
            for (Object path : Yaml.listAt(rule, "http", "paths")) {
                backends.add(Yaml.at(path, "backend"));
            }
        }
        return backends;
    }

    static List<String> workloadKinds() {
        return List.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod");
    }
}
