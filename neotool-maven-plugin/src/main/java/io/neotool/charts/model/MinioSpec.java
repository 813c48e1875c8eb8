package io.neotool.charts.model;

import java.util.List;

/**
 * MinIO, the S3-compatible object storage of dev environments (prod uses Cloudflare R2, see
 * {@link PlatformSpec.ObjectStorage}): the minio subchart.
 */
public record MinioSpec(
        @Doc("Whether to deploy MinIO (dev only, so off unless the spec turns it on; prod uses Cloudflare R2).")
                boolean enabled,
        @DeclaredNamespace
        @Doc(value = "Namespace of every resource of the chart.", pattern = Names.DNS_1123_LABEL) String namespace,
        @Doc("MinIO server image.") ContainerImage image,
        @Doc("MinIO client image of the Job that creates the buckets.") ContainerImage clientImage,
        @Doc("The data volume, mounted at /data.") Persistence persistence,
        @Doc("Buckets created at install and upgrade (a Job named by a hash of its pod template, created again by the first "
                + "upgrade after Kubernetes removed it, 600 s after it ended; existing buckets are kept). Left out: the buckets "
                + "the platform names where MinIO is the object storage (the services' env values whose names end with "
                + "_BUCKET, Loki's, the backups').") List<String> buckets,
        @Doc(value = "Existing Secret with the keys root-user and root-password; empty means the chart generates "
                + "one and keeps it. With it, the chart writes no client Secret: create clientSecret.name in each "
                + "consumer namespace yourself, as for R2 (a copy would need lookup, which a render without a cluster "
                + "cannot do).", pattern = Names.DNS_1123_SUBDOMAIN) String existingSecret,
        @Doc("Secret with endpoint, hostname, access-key-id and secret-access-key written into the consumers' "
                + "namespaces (unless existingSecret).")
                ClientSecret clientSecret,
        @Doc("CPU and memory requests and limits of MinIO.") ServiceSpec.Resources resources,
        @Doc("Numeric user and groups MinIO runs as.") ServiceSpec.SecurityContext securityContext,
        @Doc("The chart's NetworkPolicies: the bucket Job to MinIO (9000).") NetworkPolicySpec.ChartPolicies networkPolicy) {

    public static final MinioSpec DEFAULTS = new MinioSpec(
            false,
            Components.MINIO.namespace(),
            ContainerImage.of("minio/minio", "RELEASE.2025-04-22T22-12-26Z"),
            ContainerImage.of("minio/mc", "RELEASE.2025-04-16T18-13-26Z"),
            new Persistence("10Gi", ""),
            List.of("neotool-assets-public", "neotool-assets-private", "neotool-loki"),
            "",
            ClientSecret.DEFAULTS,
            new ServiceSpec.Resources(new ServiceSpec.Amounts("100m", "256Mi"), new ServiceSpec.Amounts("1", "1Gi")),
            new ServiceSpec.SecurityContext(1000, 1000, 1000),
            NetworkPolicySpec.ChartPolicies.DEFAULTS);

    public record ClientSecret(
            @Doc(value = "Name of the Secret (global.objectStorage.secretName should match).",
                    pattern = Names.DNS_1123_SUBDOMAIN) String name,
            @DeclaredNamespace
            @Doc("Namespaces the Secret is written to (the consumers of object storage). Left out: the namespaces of "
                    + "its consumers in the spec (the services with networkPolicy.objectStorage or env from this Secret, "
                    + "Loki on s3 with it, PostgreSQL's with backups on MinIO).") List<String> namespaces) {
        public static final ClientSecret DEFAULTS =
                new ClientSecret("object-storage", List.of("neotool-app", "neotool-observability"));
    }
}
