package io.neotool.charts.model;

/** MinIO's rules: dev only, and valid bucket names. */
final class MinioRules {
    private MinioRules() {}

    static void check(SpecCheck c) {
        MinioSpec minio = c.spec.minio();
        if (!minio.enabled()) {
            return;
        }
        if (c.prod) {
            c.add("minio.enabled", "MinIO is for dev only; prod uses Cloudflare R2: set minio.enabled: false and "
                    + "global.objectStorage.provider: r2");
        }
        for (int i = 0; i < minio.buckets().size(); i++) {
            c.bucket("minio.buckets[" + i + "]", minio.buckets().get(i));
        }
    }
}
