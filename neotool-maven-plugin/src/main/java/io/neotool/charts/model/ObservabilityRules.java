package io.neotool.charts.model;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The observability stack's rules against the environment: Prometheus' retention size, Loki's storage, Grafana's admin
 * secret, the exporters' targets.
 */
final class ObservabilityRules {
    private ObservabilityRules() {}

    static void check(SpecCheck c) {
        PlatformSpec spec = c.spec;
        boolean prod = c.prod;
        ObservabilitySpec o = spec.observability();
        if (!o.enabled()) {
            return;
        }
        List<String> scraped = o.networkPolicy().scrapeNamespaces();
        if (o.prometheus().enabled() && scraped.isEmpty()) {
            c.add("observability.networkPolicy.scrapeNamespaces", "Prometheus scrapes the pods of these namespaces and may "
                    + "read them there alone: name at least one (the default is every namespace of the platform)");
        }
        for (int i = 0; i < scraped.size(); i++) {
            if (scraped.indexOf(scraped.get(i)) < i) {
                c.add("observability.networkPolicy.scrapeNamespaces[" + i + "]", "'" + scraped.get(i) + "' is listed twice "
                        + "(first at [" + scraped.indexOf(scraped.get(i)) + "]): each gets a Role, and two of one name would fail "
                        + "the install; remove one");
            }
        }
        // Prometheus discovers the pods, and Promtail ships the logs, of these namespaces alone
        boolean logs = o.promtail().enabled() && o.loki().enabled();
        new TreeMap<>(spec.services()).forEach((name, s) -> {
            boolean metrics = o.prometheus().enabled() && s.metrics().enabled();
            if (!(metrics || logs) || scraped.contains(s.namespace())) {
                return;
            }
            String lost = (metrics ? "its metrics, its alerts" : "") + (metrics && logs ? " and " : "") + (logs ? "its logs" : "");
            c.add("services." + name + ".namespace", s.namespace().isEmpty()
                    ? "is empty (the release namespace, known only at install time), and Prometheus and Promtail read the "
                            + "pods of observability.networkPolicy.scrapeNamespaces alone: " + lost + " would be missing; "
                            + "give " + name + " a namespace"
                    : "'" + s.namespace() + "' is not in observability.networkPolicy.scrapeNamespaces, whose pods alone "
                            + "Prometheus and Promtail read: " + lost + " would be missing; add it there");
        });
        for (int i = 0; i < o.promtail().tolerations().size(); i++) {
            String at = "observability.promtail.tolerations[" + i + "]";
            Tolerations.problems(o.promtail().tolerations().get(i)).forEach(p -> c.add(at, p));
        }
        if (o.promtail().enabled() && !o.loki().enabled()) {
            c.add("observability.promtail.enabled", "Promtail ships the logs to Loki, and observability.loki.enabled is false: "
                    + "set observability.promtail.enabled: false too");
        }
        String promtailNamespace = o.promtailNamespace();
        if (o.promtail().enabled() && spec.namespaces().containsKey(promtailNamespace)
                && !spec.namespaces().get(promtailNamespace).podSecurity().equals("privileged")) {
            c.add("namespaces." + promtailNamespace + ".podSecurity", "Promtail reads hostPath /var/log/pods as root, which "
                    + "restricted and baseline forbid: its namespace '" + promtailNamespace + "' must be privileged (with a "
                    + "reason; keep it for Promtail alone, docs/observability.md), or set observability.promtail.enabled: false");
        }
        if (o.kafkaExporter().enabled()) {
            KafkaSpec kafka = spec.kafka();
            if (!kafka.enabled()) {
                c.add("observability.kafkaExporter.enabled", "the Kafka exporter reads the kafka chart's brokers, and kafka.enabled "
                        + "is false; set observability.kafkaExporter.enabled: false");
            } else {
                if (!o.kafkaExporter().server().startsWith("kafka." + kafka.namespace() + ".")) {
                    c.add("observability.kafkaExporter.server", "'" + o.kafkaExporter().server() + "' is not the kafka chart's "
                            + "Service (kafka." + kafka.namespace() + ".svc.cluster.local:<port>, kafka.namespace)");
                }
                if (!o.networkPolicy().kafkaNamespace().equals(kafka.namespace())) {
                    c.add("observability.networkPolicy.kafkaNamespace", "'" + o.networkPolicy().kafkaNamespace() + "' is not "
                            + "Kafka's namespace (kafka.namespace: " + kafka.namespace() + ")");
                }
            }
        }
        if (o.kubeStateMetrics().enabled()) {
            List<String> collectors = o.kubeStateMetrics().collectors();
            for (int i = 0; i < collectors.size(); i++) {
                if (!ObservabilitySpec.KSM_COLLECTORS.containsKey(collectors.get(i))) {
                    c.add("observability.kubeStateMetrics.collectors[" + i + "]", "'" + collectors.get(i) + "' is not one of "
                            + new TreeSet<>(ObservabilitySpec.KSM_COLLECTORS.keySet()));
                }
            }
        }
        ObservabilitySpec.Prometheus prometheus = o.prometheus();
        if (prometheus.enabled() && prometheus.scrapeInterval().matches("[0-9]+(ms|s|m|h)")) {
            double ms = CronSchedule.seconds(prometheus.scrapeInterval()) * 1000;
            if (ms < ObservabilitySpec.Prometheus.MIN_SCRAPE_MS || ms > ObservabilitySpec.Prometheus.MAX_SCRAPE_MS) {
                c.add("observability.prometheus.scrapeInterval", "'" + prometheus.scrapeInterval() + "' is outside 5s to "
                        + "2m: " + ObservabilitySpec.Prometheus.SCRAPE_BOUNDS);
            }
        }
        BigDecimal volume = Quantity.parse(prometheus.storage().size());
        if (prometheus.enabled() && volume != null) {
            BigInteger limit = prometheus.retentionBytes();
            BigDecimal most = volume.multiply(new BigDecimal("0.85"));
            if (limit != null && new BigDecimal(limit).compareTo(most) > 0) {
                c.add("observability.prometheus.retentionSize", "'" + prometheus.retentionSize() + "' is more than 85 % "
                        + "of the volume (storage.size " + prometheus.storage().size() + "): a compaction writes its new "
                        + "block before it deletes the old ones, and the filesystem keeps some of the volume, so the volume "
                        + "would fill first and Prometheus stop writing; leave it empty (80 % of the volume) or set at most "
                        + most.divide(BigDecimal.valueOf(1L << 20), 0, java.math.RoundingMode.FLOOR).toPlainString() + "MB");
            }
        }
        ObservabilitySpec.Loki loki = o.loki();
        if (loki.enabled()) {
            if (prod && loki.storageType().equals("filesystem")) {
                // the object storage's rule (ComponentReferences) applies once Loki is on s3: said now, so that one fix
                // clears both
                boolean onMinio = spec.global().objectStorage().provider().equals("minio");
                c.add("observability.loki.storageType", "Loki on the filesystem keeps every log on one node's volume: not "
                        + "allowed in prod; set observability.loki.storageType: s3 with s3.secretName" + (onMinio
                        ? ", and global.objectStorage.provider: r2 or s3 (MinIO is dev's)" : "") + " (object storage "
                        + "outside the cluster, docs/observability.md)");
            }
            if (loki.storageType().equals("s3") && loki.s3().bucket().isBlank()) {
                c.add("observability.loki.s3.bucket", "Loki on s3 keeps its chunks and index in this bucket; name it");
            }
            if (loki.storageType().equals("s3") && loki.s3().secretName().isBlank()) {
                c.add("observability.loki.s3.secretName", "Loki on s3 needs the Secret with endpoint, access-key-id and "
                        + "secret-access-key (created by the operator in " + o.namespace() + "); name it here");
            }
        }
        if (prod && o.grafana().enabled() && o.grafana().admin().existingSecret().isBlank()) {
            c.add("observability.grafana.admin.existingSecret", "prod takes Grafana's admin password from an existing Secret "
                    + "(key admin-password) made by the operator; name it here");
        }
        ObservabilitySpec.PostgresExporter exporter = o.postgresExporter();
        if (exporter.enabled() && (exporter.passwordSecret().name().isBlank() || exporter.passwordSecret().key().isBlank())) {
            c.add("observability.postgresExporter.passwordSecret", "name the Secret and key holding the password of user '"
                    + exporter.user() + "'");
        }
    }
}
