package io.neotool.charts.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The namespaces a spec leaves at their defaults take its {@code chart.namespacePrefix}: with {@code shop}, the plan's
 * {@code neotool-app}, {@code neotool-data}, ... become {@code shop-app}, {@code shop-data}, ... Renamed here are the
 * namespaces that are the spec's own choices, where it does not write them: the {@code namespaces:} list, each
 * component's and each service's namespace, Promtail's and the object-storage Secret's. Everything that points at a
 * namespace (addresses, NetworkPolicy peers, the Secret copies and namespace lists) is derived from those afterwards
 * ({@link PlatformAddresses}). The object-storage buckets it does not write take the prefix too ({@code shop-loki},
 * {@code shop-backups}, ...): in an R2 account, bucket names are shared by every platform it holds. What the spec
 * writes is kept as written; the plan's prefix changes nothing.
 */
final class PlatformNamespaces {
    private PlatformNamespaces() {}

    /**
     * The longest prefix whose namespaces ({@code <prefix>-observability}) are DNS labels of at most 63 characters and
     * whose buckets ({@code <prefix>-assets-private} the longest) bucket names of at most 63.
     */
    static final int MAX_PREFIX = 63 - Stream.concat(PlatformSpec.PLAN_NAMESPACES.keySet().stream(),
                    buckets(PlatformSpec.DEFAULTS).stream())
            .mapToInt(name -> name.length() - PlatformSpec.ChartInfo.PLAN_PREFIX.length()).max().orElse(0);

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
        UnaryOperator<String> rename = ns -> PlatformSpec.PLAN_NAMESPACES.containsKey(ns) ? prefixed(ns, prefix) : ns;

        PlatformSpec out = spec;
        if (!written.contains("namespaces")) {
            Map<String, PlatformSpec.NamespaceSpec> namespaces = new LinkedHashMap<>();
            spec.namespaces().forEach((ns, level) -> namespaces.put(rename.apply(ns), level));
            out = Records.with(out, "namespaces", Collections.unmodifiableMap(namespaces));
        }
        out = withNamespaces(out, (path, ns) -> written.contains(path) ? ns : rename.apply(ns));
        out = withBuckets(out, written, prefix);
        out = withMonitoringRole(out, written, prefix);
        MinioSpec minio = out.minio();
        List<String> consumers = written.contains("minio.clientSecret.namespaces") ? minio.clientSecret().namespaces()
                : minio.clientSecret().namespaces().stream().map(rename).toList();
        return Records.with(out, "minio", Records.with(minio, "clientSecret",
                Records.with(minio.clientSecret(), "namespaces", consumers)));
    }

    /**
     * {@code spec} with PostgreSQL's monitoring role named with {@code prefix} ({@code shop_monitor}, a '-' made '_') on
     * each side the spec leaves at the plan's name (postgres.monitoring.user, observability.postgresExporter.user); the
     * plan's name where the prefix makes no SQL name.
     */
    private static PlatformSpec withMonitoringRole(PlatformSpec spec, Set<String> written, String prefix) {
        String plan = PostgresSpec.Monitoring.DEFAULTS.user();
        String role = prefix.replace('-', '_') + plan.substring(PlatformSpec.ChartInfo.PLAN_PREFIX.length());
        if (!role.matches(PostgresSpec.SQL_NAME) || PostgresSpec.reservedRole(role).isPresent()) {
            return spec;
        }
        PlatformSpec out = spec;
        PostgresSpec.Monitoring monitoring = out.postgres().monitoring();
        if (!written.contains("postgres.monitoring.user") && monitoring.user().equals(plan)) {
            out = Records.with(out, "postgres", Records.with(out.postgres(), "monitoring", Records.with(monitoring, "user", role)));
        }
        ObservabilitySpec.PostgresExporter exporter = out.observability().postgresExporter();
        if (!written.contains("observability.postgresExporter.user") && exporter.user().equals(plan)) {
            out = Records.with(out, "observability", Records.with(out.observability(), "postgresExporter",
                    Records.with(exporter, "user", role)));
        }
        return out;
    }

    /** {@code name} with the plan's prefix replaced by {@code prefix}; a name without the plan's prefix as it is. */
    static String prefixed(String name, String prefix) {
        String plan = PlatformSpec.ChartInfo.PLAN_PREFIX;
        return name.startsWith(plan + "-") ? prefix + name.substring(plan.length()) : name;
    }

    /** The buckets {@code spec} names: MinIO's, the consumers', the backups' and Loki's. */
    private static List<String> buckets(PlatformSpec spec) {
        List<String> all = new ArrayList<>(spec.minio().buckets());
        all.add(spec.postgres().backup().bucket());
        all.add(spec.observability().loki().s3().bucket());
        return all;
    }

    /**
     * {@code spec} with each bucket key it does not write ({@code minio.buckets},
     * {@code postgres.backup.bucket}, {@code observability.loki.s3.bucket}) named with {@code prefix}.
     */
    private static PlatformSpec withBuckets(PlatformSpec spec, Set<String> written, String prefix) {
        UnaryOperator<String> rename = bucket -> prefixed(bucket, prefix);
        PlatformSpec out = spec;
        if (!written.contains("minio.buckets")) {
            out = Records.with(out, "minio", Records.with(out.minio(), "buckets", out.minio().buckets().stream().map(rename).toList()));
        }
        PostgresSpec.Backup backup = out.postgres().backup();
        if (!written.contains("postgres.backup.bucket")) {
            out = Records.with(out, "postgres", Records.with(out.postgres(), "backup", Records.with(backup, "bucket",
                    rename.apply(backup.bucket()))));
        }
        ObservabilitySpec.Loki loki = out.observability().loki();
        if (!written.contains("observability.loki.s3.bucket")) {
            out = Records.with(out, "observability", Records.with(out.observability(), "loki", Records.with(loki, "s3",
                    Records.with(loki.s3(), "bucket", rename.apply(loki.s3().bucket())))));
        }
        return out;
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
        return Records.with(spec, "namespaces", Collections.unmodifiableMap(kept));
    }

    /**
     * {@code target} with {@code from}'s namespace choices: its namespaces list, each component's namespace, its
     * services (where they run), Promtail's namespace and the object-storage Secret's consumers; and with its own
     * buckets and PostgreSQL monitoring role under its own chart's prefix.
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
        out = Records.with(out, "minio", Records.with(minio, "clientSecret", Records.with(minio.clientSecret(), "namespaces",
                from.minio().clientSecret().namespaces())));
        return withMonitoringRole(withBuckets(out, Set.of(), out.chart().namespacePrefix()), Set.of(),
                out.chart().namespacePrefix());
    }
}
