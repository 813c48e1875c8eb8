package io.neotool.charts.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * PostgreSQL's and PgBouncer's rules: database names and owners, the connection budget, the replication and
 * monitoring roles, the services' database credentials and the backup.
 */
final class PostgresRules {
    private PostgresRules() {}

    static void check(SpecCheck c) {
        PostgresSpec pg = c.spec.postgres();
        if (pg.enabled()) {
            checkMajorVersion(c, pg);
            pg.databases().forEach((db, database) -> {
                String path = "postgres.databases." + db;
                if (!db.matches(PostgresSpec.SQL_NAME)) {
                    c.add(path, "database name '" + db + "' must be lower case letters, digits and '_' (at most 63, "
                            + "not starting with a digit)");
                }
                if (PostgresSpec.SYSTEM_DATABASES.contains(db)) {
                    c.add(path, "'" + db + "' is one of PostgreSQL's own databases (the superuser's and the exporter's "
                            + "connection, or a template every new database is copied from); name the service's database "
                            + "after the service");
                }
                if (database.owner().isBlank()) {
                    c.add(path + ".owner", "name the login role that owns database '" + db + "'");
                } else if (database.owner().equals(pg.auth().superuser())) {
                    c.add(path + ".owner", "'" + database.owner() + "' is the superuser; give the database its own role");
                } else {
                    PostgresSpec.reservedRole(database.owner()).ifPresent(p -> c.add(path + ".owner", p + "; rename it"));
                }
            });
            PostgresSpec.reservedRole(pg.auth().superuser()).ifPresent(p -> c.add("postgres.auth.superuser", p
                    + ", and initdb refuses such a superuser; rename it"));
            if (pg.monitoring().enabled()) {
                PostgresSpec.reservedRole(pg.monitoring().user()).ifPresent(p -> c.add("postgres.monitoring.user", p
                        + "; rename it"));
            }
            // made at the first start whatever the replicas, for the ones a later upgrade adds
            PostgresSpec.reservedRole(pg.replication().user()).ifPresent(p -> c.add("postgres.replication.user", p
                    + "; rename it"));
            checkParameters(c, pg);
            checkConnectionBudget(c, pg);
            checkClientConnections(c, pg);
            checkReplication(c, pg);
        }
        checkMonitoringCredentials(c, c.spec);
        checkDatabaseCredentials(c, c.spec);
        checkBackup(c, c.spec);
    }

    /**
     * The chart mounts the volume at /var/lib/postgresql, where the images of PostgreSQL 18 and later keep their data
     * (/var/lib/postgresql/18/docker); earlier images keep it in a volume of their own at /var/lib/postgresql/data, which
     * would not be on the claim.
     */
    private static void checkMajorVersion(SpecCheck c, PostgresSpec pg) {
        Integer major = PostgresSpec.majorOf(pg.image().tag());
        if (major != null && major < 18) {
            c.add("postgres.image.tag", "'" + pg.image().tag() + "' is PostgreSQL " + major + "; the chart keeps the "
                    + "data where PostgreSQL 18 and later images keep it (/var/lib/postgresql/<major>/docker), and an earlier "
                    + "image would keep it off the volume: use an image of 18 or later");
        }
    }

    /** postgres.parameters: settings PostgreSQL knows by such a name, which the chart neither makes nor depends on. */
    private static void checkParameters(SpecCheck c, PostgresSpec pg) {
        pg.parameters().forEach((name, value) -> {
            String path = "postgres.parameters." + name;
            if (!name.matches(PostgresSpec.PARAMETER_NAME)) {
                c.add(path, "is not a PostgreSQL setting's name: lower case letters, digits and '_' (e.g. work_mem), "
                        + "or an extension's setting (pg_stat_statements.track)");
            } else if (PostgresSpec.CONNECTION_PARAMETERS.containsKey(name)) {
                c.add(path, "is made from postgres." + PostgresSpec.CONNECTION_PARAMETERS.get(name) + ", which the "
                        + "connection budget checks: set that instead");
            } else if (PostgresSpec.CHART_PARAMETERS.contains(name)) {
                c.add(path, "is one the chart depends on as the image sets it (its Services, probes, volume, "
                        + "replication, SCRAM logins or connection budget); remove it");
            } else if (value == null || value.isBlank() || value.chars().anyMatch(Character::isISOControl)) {
                c.add(path, "give the setting a value on one line (e.g. work_mem: \"16MB\")");
            }
        });
    }

    /**
     * PostgreSQL's max_connections against what the platform opens: PgBouncer's pools on every pod (its rolling update's
     * surge pod included: the old pods keep their server connections until they have stopped), the exporter,
     * admin sessions and the superuser's reserved slots. Too few and connections fail with "too many clients".
     */
    private static void checkConnectionBudget(SpecCheck c, PostgresSpec pg) {
        PostgresSpec.Connections conn = pg.connections();
        PostgresSpec.PgBouncer b = pg.pgbouncer();
        // without PgBouncer each service pod keeps its whole pool open on PostgreSQL itself
        Pools direct = b.enabled() ? new Pools(0, List.of()) : Pools.of(c.spec);
        int budget = pg.connectionBudget() + direct.connections();
        if (conn.max() < budget) {
            String pools = b.enabled()
                    ? pg.databases().size() + " databases x " + b.serverConnectionsPerDatabase() + " (defaultPoolSize "
                            + b.defaultPoolSize() + " + reservePoolSize " + b.reservePoolSize()
                            + (b.maxDbConnections() > 0 && b.maxDbConnections() < b.defaultPoolSize() + b.reservePoolSize()
                                    ? ", capped by maxDbConnections " + b.maxDbConnections() : "")
                            + ") x " + b.mostPods() + " PgBouncer pods at their most (" + b.replicas() + " replicas + "
                            + PostgresSpec.PgBouncer.SURGE + " rolling update surge) = " + pg.pgbouncerConnections()
                    : "no PgBouncer: the services connect directly, " + direct.connections() + " at their most pods (pods with a rolling "
                            + "update's surge x database.maxPoolSize: " + String.join(", ", direct.parts()) + ")";
            c.add("postgres.connections.max", "max_connections " + conn.max() + " does not cover the connection budget of "
                    + budget + ": " + pools + ", + monitoring " + (pg.monitoring().enabled() ? conn.monitoring() : 0)
                    + " + admin " + conn.admin() + " + superuserReserved " + conn.superuserReserved()
                    + "; raise postgres.connections.max to at least " + budget + " or make the pools smaller"
                    + (b.enabled() ? "" : " (or turn PgBouncer on: it shares a few server connections among the pods)"));
        }
    }

    /**
     * The connections the services with a database open at their most pods (the autoscalers' maximum and a rolling
     * update's surge): each pod keeps its whole pool (database.maxPoolSize) open; with each service's share, for the
     * messages.
     */
    private record Pools(int connections, List<String> parts) {
        static Pools of(PlatformSpec spec) {
            int total = 0;
            List<String> parts = new ArrayList<>();
            for (Map.Entry<String, ServiceSpec> e : new TreeMap<>(spec.services()).entrySet()) {
                ServiceSpec s = e.getValue();
                if (s.hasDatabase()) {
                    total += s.maxPods() * s.database().maxPoolSize();
                    parts.add(e.getKey() + " " + s.maxPods() + " x " + s.database().maxPoolSize());
                }
            }
            return new Pools(total, List.copyOf(parts));
        }
    }

    /**
     * PgBouncer's client connections against what the services open: each pod keeps its whole pool open
     * (database.maxPoolSize), so at the services' most pods (the autoscalers' maximum and a rolling update's surge) the
     * platform opens that many
     * times the pool. Beyond max_client_conn on every PgBouncer pod, new connections are refused ("no more
     * connections allowed") and the services' requests fail. With more than one PgBouncer pod, the pods left with one
     * down (a drain, which their PodDisruptionBudget allows, or a crash) must take them all: the services reconnect to
     * those at once.
     */
    private static void checkClientConnections(SpecCheck c, PostgresSpec pg) {
        PostgresSpec.PgBouncer b = pg.pgbouncer();
        if (!b.enabled() || b.replicas() < 1) {
            return;
        }
        Pools pools = Pools.of(c.spec);
        int clients = pools.connections();
        List<String> parts = pools.parts();
        int serving = b.replicas() > 1 ? b.replicas() - 1 : 1;
        int accepted = b.maxClientConn() * serving;
        if (clients > accepted) {
            int perPod = (clients + serving - 1) / serving;
            c.add("postgres.pgbouncer.maxClientConn", "maxClientConn " + b.maxClientConn() + " x " + serving
                    + (b.replicas() > 1 ? " PgBouncer replicas (of " + b.replicas() + ", with one down) accepts " : " PgBouncer replicas accepts ")
                    + accepted + " client connections, and the services open " + clients
                    + " at their most pods (pods with a rolling update's surge x database.maxPoolSize: " + String.join(", ", parts)
                    + "); raise "
                    + "maxClientConn to at least " + perPod + ", add PgBouncer replicas, or lower the services' "
                    + "database.maxPoolSize, autoscaling.maxReplicas or rollingUpdate.maxSurge");
        }
    }

    /**
     * The replication role is a role of its own: not the superuser, a database owner or the monitoring role. Also
     * without replicas: the first start admits it for replication, for replicas a later upgrade adds.
     */
    private static void checkReplication(SpecCheck c, PostgresSpec pg) {
        PostgresSpec.Replication r = pg.replication();
        if (r.user().equals(pg.auth().superuser())) {
            c.add("postgres.replication.user", "'" + r.user() + "' is the superuser; the replicas connect as a role of their own");
        }
        pg.databases().forEach((db, database) -> {
            if (database.owner().equals(r.user())) {
                c.add("postgres.replication.user", "'" + r.user() + "' owns database '" + db + "' (postgres.databases." + db
                        + ".owner); the replication role must not own data");
            }
        });
        if (pg.monitoring().enabled() && pg.monitoring().user().equals(r.user())) {
            c.add("postgres.replication.user", "'" + r.user() + "' is also postgres.monitoring.user; give each its own role");
        }
    }

    /**
     * The postgres chart's monitoring role and Secret against what the PostgreSQL exporter reads: the chart writes
     * the Secret, so the namespace, name, key and user must be the exporter's, or it starts without credentials.
     */
    private static void checkMonitoringCredentials(SpecCheck c, PlatformSpec spec) {
        PostgresSpec pg = spec.postgres();
        PostgresSpec.Monitoring mon = pg.monitoring();
        if (!pg.enabled() || !mon.enabled() || !spec.observability().enabled()) {
            return; // without observability: ComponentReferences says to turn monitoring off
        }
        if (mon.user().equals(pg.auth().superuser())) {
            c.add("postgres.monitoring.user", "'" + mon.user() + "' is the superuser; the exporter gets a role of its own "
                    + "(member of pg_monitor only)");
        }
        pg.databases().forEach((db, database) -> {
            if (mon.user().equals(database.owner())) {
                c.add("postgres.monitoring.user", "'" + mon.user() + "' owns database '" + db + "' (postgres.databases."
                        + db + ".owner); the monitoring role must not own data");
            }
        });
        if (mon.key().isBlank()) {
            c.add("postgres.monitoring.key", "name the key of the password in Secret '" + mon.secretName() + "'");
        }
        c.namespace("postgres.monitoring.namespace", mon.namespace());
        ObservabilitySpec o = spec.observability();
        ObservabilitySpec.PostgresExporter exporter = o.postgresExporter();
        if (!o.enabled() || !exporter.enabled()) {
            return;
        }
        if (!mon.namespace().equals(o.namespace())) {
            c.add("postgres.monitoring.namespace", "'" + mon.namespace() + "' is not the exporter's namespace (observability.namespace: "
                    + o.namespace() + "); the exporter would not find the Secret");
        }
        if (!mon.secretName().equals(exporter.passwordSecret().name())) {
            c.add("postgres.monitoring.secretName", "'" + mon.secretName() + "' is not the Secret the exporter reads "
                    + "(observability.postgresExporter.passwordSecret.name: " + exporter.passwordSecret().name() + ")");
        }
        if (!mon.key().equals(exporter.passwordSecret().key())) {
            c.add("postgres.monitoring.key", "'" + mon.key() + "' is not the key the exporter reads "
                    + "(observability.postgresExporter.passwordSecret.key: " + exporter.passwordSecret().key() + ")");
        }
        if (!mon.user().equals(exporter.user())) {
            c.add("postgres.monitoring.user", "'" + mon.user() + "' is not the exporter's user (observability.postgresExporter.user: "
                    + exporter.user() + "); it would log in as a role the init script does not create");
        }
    }

    /**
     * Every service with a database names one the postgres chart creates, and the credentials Secrets the chart writes
     * into the services' namespaces are for declared databases and do not collide.
     */
    private static void checkDatabaseCredentials(SpecCheck c, PlatformSpec spec) {
        PostgresSpec pg = spec.postgres();
        new TreeMap<>(spec.services()).forEach((name, s) -> {
            if (!s.hasDatabase()) {
                return;
            }
            String path = "services." + name + ".database.name";
            if (!pg.enabled()) {
                checkExternalDatabase(c, spec, name, s);
            } else {
                checkDatabaseName(c, path, s.database().name(), pg);
            }
        });
        if (!pg.enabled()) {
            return;
        }
        Map<String, PostgresSpec.ServiceSecret> serviceSecrets = pg.resolved(spec).serviceSecrets();
        new TreeMap<>(spec.services()).forEach((name, s) -> {
            if (!s.hasDatabase()) {
                return;
            }
            ServiceSpec.Database db = s.resolved(name).database();
            PostgresSpec.ServiceSecret written = serviceSecrets.get(name);
            if (written == null || !written.secretName().equals(db.secretName()) || !written.namespace().equals(s.namespace())
                    || !written.database().equals(db.name())) {
                c.add("services." + name + ".database", "service " + name + " reads database " + db.name() + " from Secret "
                        + s.namespace() + "/" + db.secretName() + ", but postgres.serviceSecrets." + name + " "
                        + (written == null ? "does not exist" : "writes " + written.database() + " into " + written.namespace()
                                + "/" + written.secretName()) + "; leave postgres.serviceSecrets empty (derived) or make them agree");
            }
        });
        // the Secrets other charts write into the services' namespaces under names of their own
        Map<String, String> others = new TreeMap<>();
        if (c.spec.vault().enabled()) {
            others.put(c.spec.vault().token().secretName(), "the Vault token the vault chart copies into the services' "
                    + "namespaces (vault.token.secretName)");
        }
        others.put(c.spec.global().objectStorage().secretName(), "the object storage credentials "
                + "(global.objectStorage.secretName)");
        Map<String, String> written = new TreeMap<>();
        boolean derived = pg.serviceSecrets().isEmpty(); // from the services' databases, whose names are checked above
        new TreeMap<>(serviceSecrets).forEach((service, secret) -> {
            String path = "postgres.serviceSecrets." + service;
            if (!derived) {
                checkDatabaseName(c, path + ".database", secret.database(), pg);
            }
            if (secret.secretName().isBlank()) {
                c.add(path + ".secretName", "name the Secret the service reads its database credentials from");
            }
            String where = (secret.namespace().isEmpty() ? "(the release namespace)" : secret.namespace()) + "/"
                    + secret.secretName();
            String other = written.putIfAbsent(where, service);
            if (other != null) {
                c.add(path + ".secretName", "Secret " + where + " is already the database credentials of " + other
                        + "; give each service its own (services.<name>.database.secretName)");
            }
            if (!secret.secretName().isBlank() && others.containsKey(secret.secretName())) {
                c.add(path + ".secretName", "Secret " + secret.secretName() + " is " + others.get(secret.secretName())
                        + ", and one name cannot hold both Secrets; name the database's another (services." + service
                        + ".database.secretName)");
            }
        });
    }

    /**
     * A service's database with the postgres chart off is outside the cluster (a managed PostgreSQL): its credentials
     * come from the operator's Secret, which database.secretName names, and the service's NetworkPolicy lets it out to
     * some address outside the cluster (networkPolicy.addresses, or the internet egress).
     */
    private static void checkExternalDatabase(SpecCheck c, PlatformSpec spec, String name, ServiceSpec s) {
        String path = "services." + name + ".database";
        if (s.database().secretName().isBlank()) {
            c.add(path + ".name", "service " + name + " has database '" + s.database().name() + "' but postgres.enabled is "
                    + "false: for a database outside the cluster (a managed PostgreSQL), name the Secret you make with "
                    + "its DATASOURCES_DEFAULT_URL, DATASOURCES_DEFAULT_USERNAME and DATASOURCES_DEFAULT_PASSWORD in "
                    + path + ".secretName (and declare it in global.operatorMade), and let the service out to it "
                    + "(networkPolicy.addresses); or enable postgres, or remove the database (docs/data.md, \"A database "
                    + "outside the cluster\")");
            return;
        }
        ServiceSpec.NetworkPolicy np = s.networkPolicy();
        if (spec.global().networkPolicy().enabled() && np.enabled() && np.addresses().isEmpty()
                && np.internet().ports().isEmpty()) {
            c.add("services." + name + ".networkPolicy.addresses", "service " + name + " reads database '"
                    + s.database().name() + "' outside the cluster (postgres.enabled is false), and its NetworkPolicy lets "
                    + "it out to no address outside the cluster: add the database's network and port, e.g. addresses: "
                    + "[{cidr: 10.0.0.0/16, ports: [5432]}]");
        }
    }

    /** A database name that must be among postgres.databases. */
    private static void checkDatabaseName(SpecCheck c, String path, String database, PostgresSpec pg) {
        if (!pg.databases().containsKey(database)) {
            String hint = Suggestions.nearest(database, pg.databases().keySet()).map(n -> " (did you mean '" + n + "'?)").orElse("");
            c.add(path, "'" + database + "' is not a database of postgres.databases" + hint
                    + (pg.databases().isEmpty() ? "" : " (" + String.join(", ", new TreeSet<>(pg.databases().keySet())) + ")")
                    + "; declare it there (postgres.databases." + database + ": {owner: " + database + "})"
                    + (pg.databases().isEmpty() ? "" : " or name one of those"));
        }
    }

    /**
     * The backup CronJob needs object storage it can reach and write: its bucket among MinIO's buckets and the
     * object-storage Secret written into the postgres namespace (dev), or a Secret name for R2 (prod, the operator's).
     */
    private static void checkBackup(SpecCheck c, PlatformSpec spec) {
        PostgresSpec pg = spec.postgres();
        PostgresSpec.Backup backup = pg.backup();
        if (!pg.enabled() || !backup.enabled()) {
            return;
        }
        c.bucket("postgres.backup.bucket", backup.bucket());
        CronSchedule.problem(backup.schedule()).ifPresentOrElse(p -> c.add("postgres.backup.schedule",
                "'" + backup.schedule() + "' is not a schedule the API server takes: " + p), () -> backupInterval(c, backup));
        if (pg.databases().isEmpty()) {
            c.add("postgres.backup.enabled", "postgres.databases is empty: there is nothing to back up");
        }
        MinioSpec minio = spec.minio();
        PlatformSpec.ObjectStorage storage = spec.global().objectStorage();
        if (spec.onMinio()) {
            c.createdByMinio("postgres.backup.bucket", backup.bucket());
            if (!minio.clientSecret().namespaces().contains(pg.namespace())) {
                c.add("minio.clientSecret.namespaces", minio.clientSecret().namespaces() + " does not hold '" + pg.namespace()
                        + "', where the PostgreSQL backup reads Secret '" + storage.secretName() + "'; add it");
            }
            if (!minio.clientSecret().name().equals(storage.secretName())) {
                c.add("postgres.backup.enabled", "the backup reads Secret '" + storage.secretName()
                        + "' (global.objectStorage.secretName) but MinIO writes '" + minio.clientSecret().name()
                        + "' (minio.clientSecret.name)");
            }
        }
    }

    /**
     * A backup schedule that runs: on some date, and, with the platform's alerts, often enough that
     * {@code observability.prometheus.alerts.backupMaxAgeHours} is not reached between two runs (an alert that fires before every
     * run hides the one that matters).
     */
    private static void backupInterval(SpecCheck c, PostgresSpec.Backup backup) {
        Optional<Duration> gap = CronSchedule.longestGap(backup.schedule());
        if (gap.isEmpty()) {
            c.add("postgres.backup.schedule", "'" + backup.schedule() + "' matches no date, so no backup is ever made; "
                    + "back up daily (e.g. '0 3 * * *')");
            return;
        }
        ObservabilitySpec o = c.spec.observability();
        long hours = (gap.get().toMinutes() + 59) / 60 + 1; // and an hour for the run itself
        ObservabilitySpec.Alerts alerts = o.prometheus().alerts();
        boolean alerted = o.enabled() && o.prometheus().enabled() && alerts.enabled() && o.kubeStateMetrics().enabled()
                && o.kubeStateMetrics().collectors().contains("cronjobs");
        if (alerted && hours > alerts.backupMaxAgeHours()) {
            c.add("observability.prometheus.alerts.backupMaxAgeHours", alerts.backupMaxAgeHours() + " hours is less than the "
                    + "longest time between two backups of postgres.backup.schedule ('" + backup.schedule() + "': "
                    + CronSchedule.hours(gap.get()) + ") and an hour for the run, so " + c.spec.chart().alertPrefix()
                    + "BackupTooOld would fire before every run; set it to at least " + hours
                    + ", or back up more often");
        }
    }
}
