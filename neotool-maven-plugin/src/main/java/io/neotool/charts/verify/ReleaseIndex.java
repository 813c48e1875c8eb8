package io.neotool.charts.verify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One rendered release's objects indexed once, so that the rules find an object by kind, namespace and name, the
 * objects of a kind in a namespace, and the workloads a selector picks without searching every manifest per object
 * (which grows with the square of the number of services). Every lookup answers in the manifests' order, as a
 * search over all of them would.
 */
final class ReleaseIndex {
    private final String releaseNamespace;
    private final List<Workload> workloads = new ArrayList<>();
    private final Map<String, List<Manifest>> byKindAndName = new HashMap<>();
    private final Map<String, List<Manifest>> byKindAndNamespace = new HashMap<>();
    private final Map<String, List<Workload>> workloadsByNamespace = new HashMap<>();
    /** Workloads by namespace, then by one pod label ({@code key + '\0' + value}). */
    private final Map<String, Map<String, List<Workload>>> workloadsByLabel = new HashMap<>();

    ReleaseIndex(List<Manifest> manifests, String releaseNamespace) {
        this.releaseNamespace = releaseNamespace;
        for (Manifest m : manifests) {
            String ns = m.namespace(releaseNamespace);
            byKindAndName.computeIfAbsent(m.kind() + "/" + m.name(), k -> new ArrayList<>()).add(m);
            byKindAndNamespace.computeIfAbsent(m.kind() + "/" + ns, k -> new ArrayList<>()).add(m);
            Workload w = Workload.of(m, releaseNamespace);
            if (w != null) {
                workloads.add(w);
                workloadsByNamespace.computeIfAbsent(ns, k -> new ArrayList<>()).add(w);
                Map<String, List<Workload>> byLabel = workloadsByLabel.computeIfAbsent(ns, k -> new HashMap<>());
                for (var label : w.podLabels().entrySet()) {
                    byLabel.computeIfAbsent(label(label.getKey(), label.getValue()), k -> new ArrayList<>()).add(w);
                }
            }
        }
    }

    /** The workloads, in the manifests' order. */
    List<Workload> workloads() {
        return workloads;
    }

    /** The workloads of {@code namespace}, in the manifests' order. */
    List<Workload> workloads(String namespace) {
        return workloadsByNamespace.getOrDefault(namespace, List.of());
    }

    /** The first object of {@code kind} named {@code name} in {@code namespace}, or null. */
    Manifest find(String kind, String namespace, String name) {
        for (Manifest m : named(kind, name)) {
            if (m.namespace(releaseNamespace).equals(namespace)) {
                return m;
            }
        }
        return null;
    }

    /** The objects of {@code kind} named {@code name}, in any namespace. */
    List<Manifest> named(String kind, String name) {
        return byKindAndName.getOrDefault(kind + "/" + name, List.of());
    }

    /** The objects of {@code kind} in {@code namespace}. */
    List<Manifest> ofKind(String kind, String namespace) {
        return byKindAndNamespace.getOrDefault(kind + "/" + namespace, List.of());
    }

    /** The workloads of {@code namespace} whose pod labels a plain label map (a Service's selector) matches. */
    List<Workload> matchingLabels(String namespace, Map<String, Object> wanted) {
        return candidates(namespace, wanted, w -> LabelSelector.matchLabels(wanted, w.podLabels()));
    }

    /** The workloads of {@code namespace} a LabelSelector selects; an empty selector selects nothing here. */
    List<Workload> selected(String namespace, Map<String, Object> selector) {
        if (selector.isEmpty()) {
            return List.of();
        }
        return candidates(namespace, Yaml.map(selector.get("matchLabels")), w -> LabelSelector.matches(selector, w.podLabels()));
    }

    /**
     * The workloads of {@code namespace} that pass {@code test}, looked up by the rarest of the labels the test requires
     * ({@code required}): a workload without one of them never passes. Labels with an empty value are not looked up
     * (few workloads have one): they do not narrow the search.
     */
    private List<Workload> candidates(String namespace, Map<String, Object> required, Predicate<Workload> test) {
        List<Workload> narrowest = workloadsByNamespace.getOrDefault(namespace, List.of());
        Map<String, List<Workload>> byLabel = workloadsByLabel.getOrDefault(namespace, Map.of());
        for (var e : required.entrySet()) {
            if (Yaml.str(e.getValue()).isEmpty()) {
                continue;
            }
            List<Workload> having = byLabel.getOrDefault(label(e.getKey(), e.getValue()), List.of());
            if (having.size() < narrowest.size()) {
                narrowest = having;
            }
        }
        return narrowest.stream().filter(test).toList();
    }

    private static String label(String key, Object value) {
        return key + '\0' + Yaml.str(value);
    }
}
