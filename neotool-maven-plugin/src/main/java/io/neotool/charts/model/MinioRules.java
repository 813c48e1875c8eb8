package io.neotool.charts.model;

/**
 * MinIO's rules: dev only, valid bucket names, and where MinIO is the object storage every bucket the platform names
 * among those it creates: each service env value whose name ends with {@code _BUCKET} (a service's S3 client, like the
 * assets service's STORAGE_PUBLIC_BUCKET); Loki's and the backups' are their rules'.
 */
final class MinioRules {
    private MinioRules() {}

    static void check(SpecCheck c) {
        MinioSpec minio = c.spec.minio();
        if (!minio.enabled()) {
            return;
        }
        if (c.prod) {
            c.add("minio.enabled", "MinIO is for dev only; prod uses object storage outside the cluster: set "
                    + "minio.enabled: false and global.objectStorage.provider: r2 or s3 (Cloudflare R2, or another S3 "
                    + "service)");
        }
        if (c.written("minio.buckets")) { // a derived list holds names checked where they are written
            for (int i = 0; i < minio.buckets().size(); i++) {
                c.bucket("minio.buckets[" + i + "]", minio.buckets().get(i));
            }
        }
        if (!c.spec.onMinio()) {
            return;
        }
        c.spec.services().forEach((name, s) -> s.env().forEach((key, bucket) -> {
            if (key.endsWith("_BUCKET")) {
                c.bucket("services." + name + ".env." + key, bucket);
                c.createdByMinio("services." + name + ".env." + key, bucket);
            }
        }));
    }
}
