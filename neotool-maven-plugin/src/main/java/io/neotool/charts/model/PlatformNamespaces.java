package io.neotool.charts.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The plan's namespaces ({@code neotool-app}, {@code neotool-data}, ...) follow the platform's name: with
 * {@code chart.name: acme} a namespace the spec leaves at its default becomes {@code acme-app}, {@code acme-data}, ...
 * Renamed here are the namespaces that are the spec's own choices: the {@code namespaces:} entries, each component's
 * and each service's namespace, Promtail's and the object-storage Secret's. Everything that points at a namespace
 * (addresses, NetworkPolicy peers, the Secret copies and namespace lists) is derived from those afterwards
 * ({@link PlatformAddresses}). A namespace the spec writes that is not one of the plan's is kept as written.
 */
final class PlatformNamespaces {
    private PlatformNamespaces() {}

    /** {@code spec} with the plan's namespaces renamed after its chart name; the product's own spec is unchanged. */
    static PlatformSpec follow(PlatformSpec spec) {
        String plan = PlatformSpec.ChartInfo.DEFAULTS.name();
        String name = spec.chart().name();
        if (name.equals(plan)) {
            return spec;
        }
        UnaryOperator<String> rename = ns -> PlatformSpec.PLAN_NAMESPACES.containsKey(ns)
                ? name + ns.substring(plan.length()) : ns;

        Map<String, PlatformSpec.NamespaceSpec> namespaces = new LinkedHashMap<>();
        spec.namespaces().forEach((ns, level) -> namespaces.putIfAbsent(rename.apply(ns), level));
        PlatformSpec out = Records.with(spec, "namespaces", Collections.unmodifiableMap(namespaces));

        for (Component component : Components.SUBCHARTS) {
            Record section = (Record) Component.read(out, component.chart());
            out = Records.with(out, component.chart(),
                    Records.with(section, "namespace", rename.apply((String) Component.read(section, "namespace"))));
        }

        Map<String, ServiceSpec> services = new LinkedHashMap<>(); // the spec's order, as bound
        out.services().forEach((service, s) -> services.put(service, Records.with(s, "namespace", rename.apply(s.namespace()))));
        out = Records.with(out, "services", Collections.unmodifiableMap(services));

        ObservabilitySpec o = out.observability();
        out = Records.with(out, "observability", Records.with(o, "promtail",
                Records.with(o.promtail(), "namespace", rename.apply(o.promtail().namespace()))));

        MinioSpec minio = out.minio();
        List<String> consumers = minio.clientSecret().namespaces().stream().map(rename).toList();
        return Records.with(out, "minio", Records.with(minio, "clientSecret",
                Records.with(minio.clientSecret(), "namespaces", consumers)));
    }
}
