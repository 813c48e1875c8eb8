package io.neotool.charts.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What the platform verification and the capacity report read from a chart besides its render: an environment's
 * merged values, the operator-made objects they declare ({@code global.operatorMade}, the last values file that sets
 * it wins, as Helm replaces lists) and its NOTES.txt.
 */
final class PlatformSpecFiles {
    private PlatformSpecFiles() {}

    static final String OPERATOR_MADE_KEY = "operatorMade";

    /**
     * The operator-made objects of an environment's merged values ({@link #values}: chart/values.yaml, then each of the
     * environment's files over it). With {@code namespaces.create: false}, the namespaces of {@code namespaces.items}
     * are the operator's too.
     */
    static List<PlatformVerifier.OperatorObject> operatorMade(Map<String, Object> merged) {
        List<PlatformVerifier.OperatorObject> out = new ArrayList<>();
        for (Object o : Yaml.list(Yaml.at(merged, "global", OPERATOR_MADE_KEY))) {
            out.add(new PlatformVerifier.OperatorObject(Yaml.str(Yaml.at(o, "kind")), Yaml.str(Yaml.at(o, "namespace")),
                    Yaml.str(Yaml.at(o, "name")), Yaml.str(Yaml.at(o, "create"))));
        }
        declaredNamespaces(merged).forEach((name, level) -> {
            PlatformVerifier.OperatorObject ns = new PlatformVerifier.OperatorObject("Namespace", "", name,
                    "namespaces.create is false: created with label " + PolicyChecker.PSS_LABEL + "=" + level.level());
            if (out.stream().noneMatch(o -> o.id().equals(ns.id()))) {
                out.add(ns);
            }
        });
        return out;
    }

    /**
     * The ingress controller an environment's merged values ({@link #values}) name: the umbrella's
     * {@code networkPolicy.ingressController} (its namespace, its pods' app.kubernetes.io/name and its load balancer's
     * cidrs), which the charts' policies admit; the default one ({@link PlatformVerifier#DEFAULT_INGRESS_CONTROLLER}) for
     * a chart without it.
     */
    static PlatformVerifier.Outsider ingressController(Map<String, Object> merged) {
        PlatformVerifier.Outsider named = ingressControllerIn(merged);
        return named == null ? PlatformVerifier.DEFAULT_INGRESS_CONTROLLER : named;
    }

    /**
     * The ingress controllers the subcharts' sections of an environment's merged values name (router's, web's, each
     * service alias's: their {@code networkPolicy.ingressController}), by section.
     */
    static Map<String, PlatformVerifier.Outsider> chartIngressControllers(Map<String, Object> merged) {
        Map<String, PlatformVerifier.Outsider> out = new TreeMap<>();
        merged.forEach((key, section) -> {
            PlatformVerifier.Outsider named = section instanceof Map<?, ?> ? ingressControllerIn(section) : null;
            if (named != null) {
                out.put(key, named);
            }
        });
        return out;
    }

    /**
     * The cluster's own Prometheus an environment's merged values name (the umbrella's
     * {@code networkPolicy.metricsScraper}: its namespace and its pods' app.kubernetes.io/name); null where its app is
     * empty (the observability chart's Prometheus, which selects no ServiceMonitor, or none).
     */
    static PlatformVerifier.Outsider metricsScraper(Map<String, Object> merged) {
        PlatformVerifier.Outsider scraper = outsiderIn(merged, "metricsScraper");
        return scraper == null || scraper.app().isEmpty() ? null : scraper;
    }

    /** The {@code networkPolicy.ingressController} of a values section; null where it has none. */
    private static PlatformVerifier.Outsider ingressControllerIn(Object values) {
        return outsiderIn(values, "ingressController");
    }

    /** The outside client {@code networkPolicy.<key>} of a values section names (namespace, app, cidrs); null for none. */
    private static PlatformVerifier.Outsider outsiderIn(Object values, String key) {
        Object peer = Yaml.at(values, "networkPolicy", key);
        if (!(peer instanceof Map<?, ?>)) {
            return null;
        }
        Map<String, String> labels = new TreeMap<>();
        Yaml.map(Yaml.at(peer, "podLabels")).forEach((k, v) -> labels.put(String.valueOf(k), Yaml.str(v)));
        return new PlatformVerifier.Outsider(Yaml.str(Yaml.at(peer, "namespace")), Yaml.str(Yaml.at(peer, "app")),
                Yaml.list(Yaml.at(peer, "cidrs")).stream().map(Yaml::str).toList(), labels);
    }

    /**
     * The namespaces an environment declares but does not render, with their Pod Security level: the umbrella's
     * {@code namespaces.items} when {@code namespaces.create} is false (NOTES.txt tells the operator to make them,
     * labelled with that level), from its merged values ({@link #values}). Empty for a chart without them.
     */
    static Map<String, PolicyChecker.NamespaceLevel> declaredNamespaces(Map<String, Object> merged) {
        Map<String, PolicyChecker.NamespaceLevel> out = new TreeMap<>();
        if (Yaml.isFalse(Yaml.at(merged, "namespaces", "create"))) {
            Yaml.mapAt(merged, "namespaces", "items").forEach((name, item) -> out.put(name, new PolicyChecker.NamespaceLevel(
                    Yaml.str(Yaml.at(item, "podSecurity")).isEmpty() ? "restricted" : Yaml.str(Yaml.at(item, "podSecurity")),
                    Yaml.str(Yaml.at(item, "reason")))));
        }
        return out;
    }

    /**
     * Whether an environment is production: its merged values' {@code global.environment} (a staging environment of
     * the spec says prod there), or, for a chart without that value, a values file named for prod.
     */
    static boolean prod(Map<String, Object> merged, List<Path> values) {
        String environment = Yaml.str(Yaml.at(merged, "global", "environment"));
        return environment.isEmpty() ? values.stream().anyMatch(v -> v.getFileName().toString().contains("prod"))
                : environment.equals("prod");
    }

    /**
     * An environment's values as Helm merges them: chart/values.yaml, then each of {@code values} over it (maps
     * merge key by key; lists and scalars are replaced).
     */
    static Map<String, Object> values(Path chart, List<Path> values) {
        List<Path> files = new ArrayList<>();
        files.add(chart.resolve("values.yaml"));
        files.addAll(values);
        Object merged = Map.of();
        for (Path file : files) {
            if (Files.isRegularFile(file)) {
                merged = merge(merged, load(file));
            }
        }
        return Yaml.map(merged);
    }

    @SuppressWarnings("unchecked")
    private static Object merge(Object base, Object override) {
        if (base instanceof Map<?, ?> b && override instanceof Map<?, ?> o) {
            Map<String, Object> merged = new java.util.LinkedHashMap<>((Map<String, Object>) b);
            o.forEach((k, v) -> merged.put(String.valueOf(k), merge(merged.get(String.valueOf(k)), v)));
            return merged;
        }
        return override == null ? base : override;
    }

    /** The chart's templates/NOTES.txt, or empty. */
    static String notes(Path chart) {
        Path notes = chart.resolve("templates/NOTES.txt");
        try {
            return Files.isRegularFile(notes) ? Files.readString(notes) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code default} for values.yaml alone, {@code prod} for values-prod.yaml; prefixed with the chart when several. */
    static String environmentId(Path chart, List<Path> values, boolean prefixChart) {
        String id = values.isEmpty() ? "default" : values.stream() // layered files: prod+staging
                .map(f -> f.getFileName().toString().replaceFirst("^values-", "").replaceFirst("\\.ya?ml$", ""))
                .collect(Collectors.joining("+"));
        return prefixChart ? chart.getFileName() + "-" + id : id;
    }

    private static Object load(Path file) {
        try {
            return new org.yaml.snakeyaml.Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
