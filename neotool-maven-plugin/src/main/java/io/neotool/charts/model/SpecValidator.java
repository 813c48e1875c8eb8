package io.neotool.charts.model;

import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Semantic checks of a bound spec, all collected: the checks by type wherever the model holds that type
 * ({@link TypeChecks}: {@link Doc} constraints, images, resources, autoscaling, probes), each component's own rules
 * (the {@code *Rules} class beside its spec record), and here the checks that cross components.
 */
final class SpecValidator {
    /** Env names the chart sets from {@code platform}; a service may not set them again (duplicate env). */
    static final Set<String> PLATFORM_ENV = ServiceSpec.Platform.ENV;

    /** Env names the chart sets from a service's database Secret. */
    static final Set<String> DATABASE_ENV = ServiceSpec.DATABASE_ENV;

    /** Umbrella values keys a service name would collide with. */
    static final Set<String> RESERVED_NAMES = Components.RESERVED_NAMES;

    private final String file;
    private final Map<String, int[]> positions;

    SpecValidator(String file, Map<String, int[]> positions) {
        this.file = file;
        this.positions = positions;
    }

    List<SpecProblem> validate(PlatformSpec spec, String environment) {
        SpecCheck c = new SpecCheck(file, positions, spec);
        if (!PlatformRules.checkPrefix(c)) {
            return c.problems(); // every namespace follows the prefix: the checks that read them would only repeat it
        }
        TypeChecks.run(c);
        PlatformRules.check(c);
        ServiceRules.check(c);
        VaultRules.check(c);
        PostgresRules.check(c);
        KafkaRules.check(c);
        MinioRules.check(c);
        RouterRules.check(c);
        WebRules.check(c);
        IngressRoutes.check(c);
        ObservabilityRules.check(c);
        checkLokiObjectStorage(c, spec);
        ComponentReferences.check(spec, c.undeclared).forEach(p -> c.add(p.path(), p.message()));
        return c.problems();
    }

    /**
     * Loki's object storage against MinIO's (provider minio): the pods its egress names, the Secret the minio chart
     * writes into Loki's namespace and the bucket it creates; the CIDRs excluded from Loki's internet egress must be
     * IPv4 or IPv6 CIDRs. The services' and the backup's egress ({@link ServiceSpec.ObjectStorage}, {@link PostgresSpec.BackupStorage}) is checked by type.
     */
    private static void checkLokiObjectStorage(SpecCheck c, PlatformSpec spec) {
        ObservabilitySpec o = spec.observability();
        MinioSpec minio = spec.minio();
        ObservabilitySpec.Loki loki = o.loki();
        if (o.lokiOnS3()) {
            if (spec.global().objectStorage().provider().equals("minio")) {
                c.minioPeer("observability.loki.s3", loki.s3().minio());
                if (minio.enabled() && (!minio.clientSecret().name().equals(loki.s3().secretName())
                        || !minio.clientSecret().namespaces().contains(o.namespace()))) {
                    c.add("observability.loki.s3.secretName", "'" + loki.s3().secretName() + "' in " + o.namespace()
                            + " is not written by the minio chart (minio.clientSecret: " + minio.clientSecret().name() + " in "
                            + minio.clientSecret().namespaces() + "); name its Secret and add " + o.namespace()
                            + " to minio.clientSecret.namespaces");
                }
                c.createdByMinio("observability.loki.s3.bucket", loki.s3().bucket());
            }
            c.cidrs("observability.loki.s3.exceptCidrs", loki.s3().exceptCidrs());
        }
    }

    /**
     * Entries an environment writes into a map of records (a service, a namespace...) that the base spec does not
     * declare: an environment overrides what the base declares, so a new name there is a typo or belongs in the base.
     * An entry written nowhere (a peer derived from a component the environment turns on) is not one, nor is a
     * network peer written whole (namespace, app and port) under a name that is not near a base peer's: a connection
     * of the environment's own (PostgreSQL's read replicas, which only prod runs).
     */
    List<SpecProblem> entriesMissingFromBase(Object base, Object environment, String path) {
        SpecCheck c = new SpecCheck(file, positions, null);
        entriesMissingFromBase(c, base, environment, null, path);
        return c.problems();
    }

    /** {@code defaults}: the map's entries by default (a peer the base's derivation dropped is still declared). */
    private void entriesMissingFromBase(SpecCheck c, Object base, Object environment, Object defaults, String path) {
        if (base instanceof Record b && environment instanceof Record e && b.getClass() == e.getClass()) {
            Object recordDefaults = Records.defaultsOf(b.getClass());
            for (RecordComponent component : Records.components(b.getClass())) {
                entriesMissingFromBase(c, RecordBinder.accessor(component, b), RecordBinder.accessor(component, e),
                        recordDefaults == null ? null : RecordBinder.accessor(component, recordDefaults),
                        RecordBinder.join(path, component.getName()));
            }
        } else if (base instanceof Map<?, ?> b && environment instanceof Map<?, ?> e) {
            e.forEach((key, value) -> {
                String childPath = RecordBinder.join(path, String.valueOf(key));
                if (b.containsKey(key)) {
                    entriesMissingFromBase(c, b.get(key), value, null, childPath);
                } else if (value instanceof Record && positions.containsKey(childPath)
                        && !(defaults instanceof Map<?, ?> d && d.containsKey(key))) {
                    List<String> names = b.keySet().stream().map(String::valueOf).toList();
                    Optional<String> near = Suggestions.nearest(String.valueOf(key), names);
                    if (value instanceof NetworkPolicySpec.Peer peer && near.isEmpty() && !peer.namespace().isEmpty()
                            && !peer.app().isEmpty() && peer.port() > 0) {
                        return; // a connection of the environment's own, written whole, and no misspelt base peer
                    }
                    String hint = near.map(n -> "did you mean '" + n + "'? ").orElse("");
                    c.add(childPath, "'" + key + "' is not in the base spec; " + hint + "an environment overrides only what the base "
                            + "declares" + (names.isEmpty() ? "" : " (" + String.join(", ", names) + ")")
                            + ": fix the name, declare it in the base spec, or remove this override"
                            + (value instanceof NetworkPolicySpec.Peer && near.isEmpty() ? " (a peer of the environment's own "
                                    + "is written whole: namespace, app and port)" : ""));
                }
            });
        }
    }
}
