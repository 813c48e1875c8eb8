package io.neotool.charts.security;

import static io.neotool.charts.testtools.YamlTree.list;
import static io.neotool.charts.testtools.YamlTree.map;

import io.neotool.charts.testtools.Manifests;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Which scrape jobs of a rendered Prometheus config would scrape a rendered workload's pods, for tests: pod
 * discovery ({@code kubernetes_sd_configs} role pod) limited to its namespaces and filtered by the job's
 * {@code keep}/{@code drop} relabel rules over the pod's meta labels (annotations, labels, namespace, phase
 * Running), and static targets {@code <service>.<namespace>.svc...:<port>} through the Service's selector.
 */
final class ScrapeTargets {
    private static final Pattern NOT_LABEL_CHAR = Pattern.compile("[^a-zA-Z0-9_]");

    private ScrapeTargets() {}

    /** The rendered Deployments, StatefulSets and DaemonSets (the long-running pods). */
    static List<Map<String, Object>> workloads(Manifests docs) {
        return docs.stream().filter(d -> List.of("Deployment", "StatefulSet", "DaemonSet").contains(d.get("kind"))).toList();
    }

    /** The names of the jobs of {@code config} that scrape {@code workload}'s pods, in the config's order. */
    static List<String> jobsScraping(Map<String, Object> config, Manifests docs, Map<String, Object> workload) {
        String namespace = String.valueOf(map(workload, "metadata").get("namespace"));
        Map<String, Object> template = map(workload, "spec", "template", "metadata");
        Map<String, String> meta = new TreeMap<>();
        meta.put("__meta_kubernetes_namespace", namespace);
        meta.put("__meta_kubernetes_pod_phase", "Running");
        map(template, "annotations").forEach((k, v) -> meta.put("__meta_kubernetes_pod_annotation_" + sanitise(k), String.valueOf(v)));
        map(template, "labels").forEach((k, v) -> meta.put("__meta_kubernetes_pod_label_" + sanitise(k), String.valueOf(v)));
        List<String> jobs = new ArrayList<>();
        for (Object job : list(config, "scrape_configs")) {
            if (discovers(map(job), namespace, meta) || staticallyTargets(map(job), docs, namespace, map(template, "labels"))) {
                jobs.add(String.valueOf(map(job).get("job_name")));
            }
        }
        return jobs;
    }

    private static boolean discovers(Map<String, Object> job, String namespace, Map<String, String> meta) {
        boolean found = list(job, "kubernetes_sd_configs").stream().anyMatch(sd -> "pod".equals(map(sd).get("role"))
                && (list(sd, "namespaces", "names").isEmpty() || list(sd, "namespaces", "names").contains(namespace)));
        if (!found) {
            return false;
        }
        for (Object rule : list(job, "relabel_configs")) {
            String action = String.valueOf(map(rule).getOrDefault("action", "replace"));
            if (!action.equals("keep") && !action.equals("drop")) {
                continue;
            }
            List<String> values = new ArrayList<>();
            list(rule, "source_labels").forEach(l -> values.add(meta.getOrDefault(String.valueOf(l), "")));
            String separator = String.valueOf(map(rule).getOrDefault("separator", ";"));
            boolean matches = Pattern.compile(String.valueOf(map(rule).getOrDefault("regex", "(.*)")))
                    .matcher(String.join(separator, values)).matches();
            if (matches != action.equals("keep")) {
                return false;
            }
        }
        return true;
    }

    private static boolean staticallyTargets(Map<String, Object> job, Manifests docs, String namespace,
                                             Map<String, Object> podLabels) {
        for (Object group : list(job, "static_configs")) {
            for (Object target : list(group, "targets")) {
                String[] host = String.valueOf(target).split(":")[0].split("\\.");
                if (host.length < 2 || !host[1].equals(namespace)) {
                    continue;
                }
                for (Map<String, Object> service : docs.ofKind("Service")) {
                    Map<String, Object> selector = map(service, "spec", "selector");
                    if (host[0].equals(map(service, "metadata").get("name")) && namespace.equals(map(service, "metadata").get("namespace"))
                            && !selector.isEmpty() && selector.entrySet().stream()
                                    .allMatch(e -> String.valueOf(e.getValue()).equals(String.valueOf(podLabels.get(e.getKey()))))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static String sanitise(String name) {
        return NOT_LABEL_CHAR.matcher(name).replaceAll("_");
    }
}
