package io.neotool.charts.model;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * The namespaces a spec leaves at their defaults take its {@code chart.namespacePrefix}: with {@code shop}, the plan's
 * {@code neotool-app}, {@code neotool-data}, ... become {@code shop-app}, {@code shop-data}, ... Renamed here are the
 * namespaces that are the spec's own choices, where it does not write them: the {@code namespaces:} list, each
 * component's and each service's namespace, Promtail's and the object-storage Secret's. Everything that points at a
 * namespace (addresses, NetworkPolicy peers, the Secret copies and namespace lists) is derived from those afterwards
 * ({@link PlatformAddresses}). What the spec writes is kept as written; the plan's prefix changes nothing.
 */
final class PlatformNamespaces {
    private PlatformNamespaces() {}

    /** The longest prefix whose namespaces ({@code <prefix>-observability} the longest) are DNS labels of at most 63. */
    static final int MAX_PREFIX = 63 - PlatformSpec.PLAN_NAMESPACES.keySet().stream()
            .mapToInt(ns -> ns.length() - PlatformSpec.ChartInfo.PLAN_PREFIX.length()).max().orElse(0);

    /**
     * {@code spec} with the namespaces it does not write named with its prefix; {@code written} holds the key paths the
     * spec writes ({@code postgres.namespace}, {@code services.api.namespace}, ...).
     */
    static PlatformSpec follow(PlatformSpec spec, Set<String> written) {
        String plan = PlatformSpec.ChartInfo.PLAN_PREFIX;
        String prefix = spec.chart().namespacePrefix();
        if (prefix.equals(plan) || !Names.isDnsLabel(prefix, MAX_PREFIX)) {
            return spec; // an invalid prefix is the validator's to report
        }
        UnaryOperator<String> rename = ns -> PlatformSpec.PLAN_NAMESPACES.containsKey(ns) && ns.startsWith(plan + "-")
                ? prefix + ns.substring(plan.length()) : ns;

        PlatformSpec out = spec;
        if (!written.contains("namespaces")) {
            Map<String, PlatformSpec.NamespaceSpec> namespaces = new LinkedHashMap<>();
            spec.namespaces().forEach((ns, level) -> namespaces.put(rename.apply(ns), level));
            out = Records.with(out, "namespaces", Collections.unmodifiableMap(namespaces));
        }
        out = withNamespaces(out, (path, ns) -> written.contains(path) ? ns : rename.apply(ns));
        MinioSpec minio = out.minio();
        List<String> consumers = written.contains("minio.clientSecret.namespaces") ? minio.clientSecret().namespaces()
                : minio.clientSecret().namespaces().stream().map(rename).toList();
        return Records.with(out, "minio", Records.with(minio, "clientSecret",
                Records.with(minio.clientSecret(), "namespaces", consumers)));
    }

    /**
     * {@code spec} with each key that holds one namespace of the spec's choosing (each component's, each service's,
     * Promtail's) set to {@code choose(key path, its namespace)}. The namespaces list and the object-storage Secret's
     * consumers are lists, each caller's own.
     */
    private static PlatformSpec withNamespaces(PlatformSpec spec, BiFunction<String, String, String> choose) {
        PlatformSpec out = spec;
        for (Component component : Components.SUBCHARTS) {
            Record section = (Record) Component.read(out, component.chart());
            out = Records.with(out, component.chart(), Records.with(section, "namespace",
                    choose.apply(component.chart() + ".namespace", (String) Component.read(section, "namespace"))));
        }
        Map<String, ServiceSpec> services = new LinkedHashMap<>(); // the spec's order, as bound
        out.services().forEach((service, s) -> services.put(service, Records.with(s, "namespace",
                choose.apply("services." + service + ".namespace", s.namespace()))));
        out = Records.with(out, "services", Collections.unmodifiableMap(services));
        ObservabilitySpec o = out.observability();
        return Records.with(out, "observability", Records.with(o, "promtail", Records.with(o.promtail(), "namespace",
                choose.apply("observability.promtail.namespace", o.promtail().namespace()))));
    }

    /**
     * {@code spec} with a namespaces list it does not write kept to the namespaces in use: those of the components it
     * enables, of its services, and Promtail's. A component that is off leaves no empty namespace behind; an
     * environment that turns it on gets its namespace back.
     */
    static PlatformSpec inUse(PlatformSpec spec, Set<String> written) {
        if (written.contains("namespaces")) {
            return spec;
        }
        Set<String> used = new HashSet<>();
        for (Component component : Components.SUBCHARTS) {
            if (component.enabledIn(spec)) {
                used.add((String) Component.read((Record) Component.read(spec, component.chart()), "namespace"));
            }
        }
        spec.services().values().forEach(s -> used.add(s.namespace()));
        ObservabilitySpec o = spec.observability();
        if (o.enabled() && o.promtail().enabled()) {
            used.add(o.promtail().namespace());
        }
        Map<String, PlatformSpec.NamespaceSpec> kept = new LinkedHashMap<>();
        spec.namespaces().forEach((ns, level) -> {
            if (used.contains(ns)) {
                kept.put(ns, level);
            }
        });
        PlatformSpec out = Records.with(spec, "namespaces", Collections.unmodifiableMap(kept));
        if (written.contains("minio.clientSecret.namespaces")) {
            return out;
        }
        // the object-storage Secret's default consumers, where they run
        MinioSpec minio = out.minio();
        return Records.with(out, "minio", Records.with(minio, "clientSecret", Records.with(minio.clientSecret(), "namespaces",
                minio.clientSecret().namespaces().stream().filter(used::contains).toList())));
    }

    /**
     * {@code target} with {@code from}'s namespace choices: its namespaces list, each component's namespace, its
     * services (where they run), Promtail's namespace and the object-storage Secret's consumers.
     */
    static PlatformSpec placedLike(PlatformSpec target, PlatformSpec from) {
        Map<String, String> chosen = new HashMap<>();
        withNamespaces(from, (path, ns) -> {
            chosen.put(path, ns);
            return ns;
        });
        PlatformSpec out = withNamespaces(Records.with(Records.with(target, "namespaces", from.namespaces()), "services",
                from.services()), (path, ns) -> chosen.getOrDefault(path, ns));
        MinioSpec minio = out.minio();
        return Records.with(out, "minio", Records.with(minio, "clientSecret", Records.with(minio.clientSecret(), "namespaces",
                from.minio().clientSecret().namespaces())));
    }
}
