package io.neotool.charts.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL 18 (a primary StatefulSet pod, optionally streaming replicas) and PgBouncer in front of the primary:
 * the postgres subchart. The services
 * reach the databases through PgBouncer at pgbouncer.neotool-data.svc.cluster.local:6432.
 */
public record PostgresSpec(
        @Doc("Whether to deploy PostgreSQL and PgBouncer.") boolean enabled,
        @DeclaredNamespace
        @Doc(value = "Namespace of every resource of the chart.", pattern = Names.DNS_1123_LABEL) String namespace,
        @Doc("PostgreSQL image (PostgreSQL 18 keeps its data in /var/lib/postgresql/18/docker).") ContainerImage image,
        @Doc("The data volume, mounted at /var/lib/postgresql.") Persistence persistence,
        @Doc("Credentials: generated once into a kept Secret, or an existing Secret.") Auth auth,
        @Doc("Databases created at first start: database name -> {owner: <login role with its own password>}, e.g. "
                + "orders: {owner: orders}.")
                Map<String, Database> databases,
        @Doc("CPU and memory requests and limits of PostgreSQL; its shared_buffers is a quarter of the memory limit, its "
                + "effective_cache_size three quarters.") ServiceSpec.Resources resources,
        @Doc("Numeric user and groups PostgreSQL runs as (the image's postgres user is 999).")
                ServiceSpec.SecurityContext securityContext,
        @Doc(value = "Size of the memory-backed /dev/shm (shared memory for parallel queries).", pattern = Quantity.PATTERN)
                String shmSize,
        @Doc("PostgreSQL's connection limits; max must cover the budget (checked when the spec is loaded).")
                Connections connections,
        @Doc("More server settings, by their postgresql.conf names (e.g. work_mem: \"16MB\", "
                + "log_min_duration_statement: \"500ms\"), each passed to the primary and the replicas as -c name=value; "
                + "shared_buffers and effective_cache_size given here replace the chart's, from the memory limit. Those "
                + "made from connections (max_connections, superuser_reserved_connections) and those the chart's "
                + "Services, probes, volume and replication depend on are refused.") Map<String, String> parameters,
        @Doc(value = "Minutes PostgreSQL may take to accept connections after it starts (crash recovery replaying the WAL "
                + "after a node loss or an OOM kill, a standby catching up) before its liveness probe may restart it, "
                + "which would start the replay over.", min = 1, max = 1440) int startupMinutes,
        @Doc("PgBouncer connection pooler, the services' entry point (Service pgbouncer).") PgBouncer pgbouncer,
        @Doc("The monitoring role (pg_monitor) of the PostgreSQL exporter, and the Secret with its password written "
                + "into the exporter's namespace; must match observability.postgresExporter.") Monitoring monitoring,
        @Doc("Database credentials Secrets written into the services' namespaces: service -> {database, namespace, "
                + "secretName}. Empty: one for every service with a database (services.<name>.database).")
                Map<String, ServiceSecret> serviceSecrets,
        @Doc("Nightly pg_dump of every database to object storage (global.objectStorage), keeping the newest dumps.")
                Backup backup,
        @Doc("Streaming replicas of the primary (StatefulSet postgres-replica, read-only Service postgres-replicas); "
                + "0 runs a single primary.") Replication replication,
        @Doc("The chart's NetworkPolicies: PgBouncer, the replicas, the backup and the PostgreSQL exporter (from "
                + "monitoring.namespace) to PostgreSQL.") NetworkPolicySpec.ChartPolicies networkPolicy) {

    /** Identifier of a database or role: lower case, so SQL and pgbouncer.ini need no quoting rules. */
    public static final String SQL_NAME = "^[a-z_][a-z0-9_]{0,62}$";

    /** A server setting's name: a core one (work_mem), or an extension's (pg_stat_statements.track). */
    public static final String PARAMETER_NAME = "^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)?$";

    /** Settings made from connections: name -> the key that sets it. */
    public static final Map<String, String> CONNECTION_PARAMETERS = Map.of("max_connections", "connections.max",
            "superuser_reserved_connections", "connections.superuserReserved");

    /**
     * Settings the chart depends on as the image leaves them: the address and port its Services and probes use, the
     * data directory on its volume, the files the image writes, the streaming replication of the replicas, the SCRAM
     * verifiers every login (PgBouncer's, the replicas') checks, and the connection budget (reserved_connections' slots
     * are for roles none of the platform's clients has).
     */
    public static final Set<String> CHART_PARAMETERS = Set.of("listen_addresses", "port", "unix_socket_directories",
            "data_directory", "config_file", "hba_file", "ident_file", "external_pid_file", "wal_level", "max_wal_senders",
            "hot_standby", "primary_conninfo", "primary_slot_name", "password_encryption", "reserved_connections");

    /** PostgreSQL's own databases: the superuser's and the exporter's connection, and the templates. */
    public static final Set<String> SYSTEM_DATABASES = Set.of("postgres", "template0", "template1");

    /**
     * Why PostgreSQL refuses {@code role} as a role's name (CREATE ROLE: "role name ... is reserved"; initdb: "superuser
     * name ... is disallowed"), or empty: pg_ names its predefined roles, and a few words stand for roles.
     */
    public static Optional<String> reservedRole(String role) {
        if (role.startsWith("pg_")) {
            return Optional.of("'" + role + "' starts with pg_, which PostgreSQL keeps for its own roles "
                    + "(CREATE ROLE refuses it)");
        }
        if (Set.of("public", "none", "current_user", "current_role", "session_user").contains(role)) {
            return Optional.of("'" + role + "' stands for a role in SQL and is no role's name (CREATE ROLE refuses "
                    + "it)");
        }
        return Optional.empty();
    }

    private static final Pattern MAJOR = Pattern.compile("^(\\d{1,2})(?!\\d)");

    /** The PostgreSQL major version an image tag names (the one or two digits it starts with), or null (a date-like tag). */
    public static Integer majorOf(String tag) {
        Matcher m = MAJOR.matcher(tag);
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }

    public static final PostgresSpec DEFAULTS = new PostgresSpec(
            true,
            Components.POSTGRES.namespace(),
            ContainerImage.of("postgres", "18rc1"),
            new Persistence("20Gi", ""),
            Auth.DEFAULTS,
            // none by default: Helm merges a subchart's default map into the umbrella's, so defaults here would add
            // databases to every platform's release
            Map.of(),
            new ServiceSpec.Resources(new ServiceSpec.Amounts("250m", "512Mi"), new ServiceSpec.Amounts("2", "2Gi")),
            new ServiceSpec.SecurityContext(999, 999, 999),
            "256Mi",
            Connections.DEFAULTS,
            Map.of(),
            15,
            PgBouncer.DEFAULTS,
            Monitoring.DEFAULTS,
            Map.of(),
            Backup.DEFAULTS,
            Replication.DEFAULTS,
            NetworkPolicySpec.ChartPolicies.DEFAULTS);

    /** This section with serviceSecrets filled in from the services of {@code spec} when the spec leaves it empty. */
    public PostgresSpec resolved(PlatformSpec spec) {
        if (!serviceSecrets.isEmpty()) {
            return this;
        }
        Map<String, ServiceSecret> secrets = new TreeMap<>();
        spec.services().forEach((name, service) -> {
            if (service.hasDatabase()) {
                ServiceSpec.Database db = service.resolved(name).database();
                secrets.put(name, new ServiceSecret(db.name(), service.namespace(), db.secretName()));
            }
        });
        return new PostgresSpec(enabled, namespace, image, persistence, auth, databases, resources, securityContext, shmSize,
                connections, parameters, startupMinutes, pgbouncer, monitoring, secrets, backup, replication, networkPolicy);
    }

    /**
     * PostgreSQL connections the platform can open at once: every PgBouncer pod opens up to
     * min(defaultPoolSize + reservePoolSize, maxDbConnections) server connections per database (one owner each),
     * plus the exporter, plus admin sessions, plus the superuser's reserved slots.
     */
    public int connectionBudget() {
        return pgbouncerConnections() + (monitoring.enabled ? connections.monitoring : 0) + connections.admin
                + connections.superuserReserved;
    }

    /**
     * Server connections all PgBouncer pods can open: databases x per-database pool x pods at their most, a rolling
     * update's surge pod included (0 without PgBouncer).
     */
    public int pgbouncerConnections() {
        return pgbouncer.enabled ? databases.size() * pgbouncer.serverConnectionsPerDatabase() * pgbouncer.mostPods() : 0;
    }

    public record Auth(
            @Doc(value = "Existing Secret with the keys postgres-password and <owner>-password for every owner "
                    + "(and userlist.txt for PgBouncer); empty means the chart generates one and keeps it.",
                    pattern = Names.DNS_1123_SUBDOMAIN) String existingSecret,
            @Doc(value = "Superuser name (POSTGRES_USER); fixed once installed: the data directory keeps the one it "
                    + "was initialised with.", pattern = SQL_NAME, required = true) String superuser) {
        public static final Auth DEFAULTS = new Auth("", "postgres");
    }

    public record Database(
            @Doc(value = "Login role owning the database; its password is the Secret key <owner>-password.",
                    pattern = SQL_NAME) String owner) {
        public static final Database DEFAULTS = new Database("");
    }

    /**
     * A login role for metrics (member of pg_monitor, nothing else), created by the init script like the owners,
     * its password generated into the credentials Secret (key {@code <user>-password}) and copied into the
     * Secret {@code secretName} (key {@code key}) in {@code namespace}, where the PostgreSQL exporter reads it.
     */
    public record Monitoring(
            @Doc("Whether to create the monitoring role and write its password Secret for the exporter (by default, where "
                    + "observability's PostgreSQL exporter runs).") boolean enabled,
            @Doc(value = "Login role, member of pg_monitor (observability.postgresExporter.user); its password is the "
                    + "credentials Secret's key <user>-password.", pattern = SQL_NAME) String user,
            // not @DeclaredNamespace: it must be observability.namespace (PostgresRules), which is checked itself
            @Doc(value = "Namespace of the exporter, where the password Secret is written (observability.namespace).",
                    pattern = Names.DNS_1123_LABEL) String namespace,
            @Doc(value = "Name of that Secret (observability.postgresExporter.passwordSecret.name).",
                    pattern = Names.DNS_1123_SUBDOMAIN) String secretName,
            @Doc(value = "Key of the password in that Secret (observability.postgresExporter.passwordSecret.key).",
                    pattern = Names.DATA_KEY) String key) {
        public static final Monitoring DEFAULTS =
                new Monitoring(true, "neotool_monitor", "neotool-observability", "postgres-credentials", "password");
    }

    /** A service's database credentials Secret, written by the chart into the service's namespace. */
    public record ServiceSecret(
            @Doc(value = "Database of the service (a key of databases); its owner is the user.", pattern = SQL_NAME)
                    String database,
            @DeclaredNamespace(emptyAllowed = true)
            @Doc(value = "Namespace of the service, where the Secret is written; empty means the release namespace.",
                    pattern = Names.DNS_1123_LABEL) String namespace,
            @Doc(value = "Name of the Secret the service's Deployment reads (services.<name>.database.secretName).",
                    pattern = Names.DNS_1123_SUBDOMAIN) String secretName) {
        public static final ServiceSecret DEFAULTS = new ServiceSecret("", "", "");
    }

    /**
     * PostgreSQL's max_connections and what it must hold besides PgBouncer's pools: passed to the server as
     * {@code -c max_connections=... -c superuser_reserved_connections=...}.
     */
    public record Connections(
            @Doc(value = "max_connections of PostgreSQL (its default is 100); at least databases x (defaultPoolSize + "
                    + "reservePoolSize) x (PgBouncer replicas + 1, its rolling update's surge pod) + monitoring + admin + "
                    + "superuserReserved.", min = 1)
                    int max,
            @Doc(value = "superuser_reserved_connections: slots only the superuser may use (PostgreSQL's default 3).",
                    min = 0) int superuserReserved,
            @Doc(value = "Connections kept for the PostgreSQL exporter's monitoring role.", min = 0) int monitoring,
            @Doc(value = "Connections kept for admin sessions (psql, migrations run outside PgBouncer).", min = 0)
                    int admin) {
        public static final Connections DEFAULTS = new Connections(200, 3, 2, 5);
    }

    public record PgBouncer(
            @Doc("Whether to deploy PgBouncer.") boolean enabled,
            @Doc("PgBouncer image (edoburu/pgbouncer, pinned).") ContainerImage image,
            @Doc(value = "PgBouncer pods.", min = 1) int replicas,
            @Doc(value = "Port PgBouncer listens on and Service pgbouncer exposes.", min = 1, max = 65535) int port,
            @Doc(value = "When a server connection returns to the pool.", oneOf = {"session", "transaction", "statement"})
                    String poolMode,
            @Doc(value = "Most client connections PgBouncer accepts.", min = 1) int maxClientConn,
            @Doc(value = "Server connections per database and user pair.", min = 1) int defaultPoolSize,
            @Doc(value = "Server connections kept open even when idle.", min = 0) int minPoolSize,
            @Doc(value = "Extra server connections allowed when a pool is exhausted.", min = 0) int reservePoolSize,
            @Doc(value = "Most server connections per database.", min = 0) int maxDbConnections,
            @Doc(value = "Seconds a client waits for a server connection before PgBouncer answers it with an error "
                    + "(query_wait_timeout; PgBouncer's own 120 hold a request through a PostgreSQL restart for two "
                    + "minutes, far beyond the router's 30 s).", min = 1, max = 600) int queryWaitSeconds,
            @Doc(value = "Seconds PgBouncer waits for PostgreSQL to accept a connection (server_connect_timeout).",
                    min = 1, max = 120) int serverConnectSeconds,
            @Doc(value = "Seconds PgBouncer waits after a failed login to PostgreSQL before it tries again, refusing "
                    + "new clients meanwhile (server_login_retry; PgBouncer's own 15 delay the recovery after a restart).",
                    min = 1, max = 120) int serverLoginRetrySeconds,
            @Doc("CPU and memory requests and limits of PgBouncer.") ServiceSpec.Resources resources,
            @Doc(value = "Seconds a PgBouncer pod being stopped keeps serving while the removal of its endpoint reaches "
                    + "kube-proxy (a preStop sleep); then its shell turns the kubelet's SIGTERM into SIGINT (a safe "
                    + "shutdown: it stops listening, lets each transaction in flight end and exits), since PgBouncer 1.23 "
                    + "and later answers SIGTERM by waiting for every client to disconnect, which pooled clients never do. "
                    + "The grace period is 30 s more.", min = 0, max = 60)
                    int preStopSleepSeconds,
            @Doc(value = "Seconds between two checks of PgBouncer's mounted userlist.txt: a changed one (a rotated "
                    + "password, a new database's owner; the kubelet updates a mounted Secret within a minute or so) is "
                    + "reloaded (SIGHUP), every client and server connection kept. PgBouncer rolls only when its "
                    + "pgbouncer.ini changes.", min = 1, max = 300)
                    int authFileCheckSeconds,
            @Doc("Numeric user and groups PgBouncer runs as (the image's postgres user, uid 70).")
                    ServiceSpec.SecurityContext securityContext) {
        public static final PgBouncer DEFAULTS = new PgBouncer(
                true,
                ContainerImage.of("edoburu/pgbouncer", "v1.25.1-p0"),
                1,
                6432,
                "transaction",
                1000,
                20,
                0,
                5,
                100,
                30,
                5,
                2,
                new ServiceSpec.Resources(new ServiceSpec.Amounts("50m", "64Mi"), new ServiceSpec.Amounts("500m", "256Mi")),
                5,
                10,
                new ServiceSpec.SecurityContext(70, 70, 70));

        /**
         * The pod a rolling update of PgBouncer starts before it stops an old one (maxSurge of pgbouncer-deployment.yaml):
         * the old pod keeps its server connections until it has stopped, the new one opens its own.
         */
        public static final int SURGE = 1;

        /** PgBouncer's pods at their most: the replicas and a rolling update's surge pod. */
        public int mostPods() {
            return replicas + SURGE;
        }

        /** Server connections one PgBouncer pod opens per database at most: the pool and its reserve, capped by max_db_connections. */
        public int serverConnectionsPerDatabase() {
            int pool = defaultPoolSize + reservePoolSize;
            return maxDbConnections > 0 ? Math.min(pool, maxDbConnections) : pool;
        }
    }

    /**
     * A CronJob dumping every database ({@code pg_dump --format=custom}, in the PostgreSQL image) into a shared
     * emptyDir of {@code scratchSize} (requested as ephemeral storage, so that a run is placed only where it fits),
     * then uploading the run's directory {@code <prefix>/<UTC stamp>/} with the MinIO client to the
     * platform's object storage (MinIO in dev, R2 in prod: endpoint and keys from global.objectStorage.secretName in
     * the chart's namespace) and deleting all but the newest {@code keep} runs.
     */
    public record Backup(
            @Doc("Whether to run the backup CronJob.") boolean enabled,
            @Doc("When to run, a cron expression in UTC (the CronJob's timeZone); with the platform's alerts, the longest "
                    + "time between two runs and an hour stay within observability.prometheus.alerts.backupMaxAgeHours.")
                    String schedule,
            @Doc(value = "Backup runs kept in object storage; older ones are deleted after each upload.", min = 1) int keep,
            @Doc(value = "Bucket of the dumps; it must exist (dev: one of minio.buckets; prod: create it in R2).",
                    pattern = "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$") String bucket,
            @Doc(value = "Key prefix of the dumps in the bucket: <prefix>/<yyyymmddThhmmssZ>/<database>.dump.",
                    pattern = "^[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)*$") String prefix,
            @Doc(value = "Seconds after its schedule a missed run may still start (then it is skipped).", min = 10)
                    int startingDeadlineSeconds,
            @Doc(value = "Seconds a run may take in all (dump, upload, retries) before Kubernetes stops it: a run that "
                    + "hangs would otherwise skip every later schedule (concurrencyPolicy Forbid).", min = 60)
                    int activeDeadlineSeconds,
            @Doc("MinIO client image (mc) of the upload container; the dump runs in the PostgreSQL image.")
                    ContainerImage clientImage,
            @Doc("CPU and memory requests and limits of each of the dump and upload containers.")
                    ServiceSpec.Resources resources,
            @Doc(value = "Node disk a run may fill with its dumps until they are uploaded: the sizeLimit of its emptyDir, "
                    + "requested as ephemeral-storage so that the run is placed only on a node with that much free. At "
                    + "least the size of one run's dumps; a run that writes more is stopped by the kubelet (the pod's "
                    + "events: the emptyDir exceeds its limit), and BackupTooOld alerts.", pattern = Quantity.PATTERN,
                    required = true) String scratchSize,
            @Doc("Egress to object storage, by global.objectStorage.provider (as the services' networkPolicy.objectStorage).")
                    BackupStorage objectStorage) {
        public static final Backup DEFAULTS = new Backup(
                false,
                "0 3 * * *",
                7,
                "neotool-backups",
                "postgres",
                3600,
                21600,
                MinioSpec.DEFAULTS.clientImage(),
                new ServiceSpec.Resources(new ServiceSpec.Amounts("50m", "128Mi"), new ServiceSpec.Amounts("1", "512Mi")),
                "10Gi",
                new BackupStorage(ServiceSpec.ObjectStorage.DEFAULTS.minio(), ServiceSpec.ObjectStorage.DEFAULTS.exceptCidrs()));
    }

    /** The backup's way to object storage: a service's networkPolicy.objectStorage without its switch (a backup always takes it). */
    public record BackupStorage(
            @Doc(ServiceSpec.ObjectStorage.MINIO) NetworkPolicySpec.Peer minio,
            @Doc(value = ServiceSpec.ObjectStorage.EXCEPT_CIDRS, pattern = Names.CIDR) List<String> exceptCidrs) {}

    /**
     * Hot standbys streaming from the primary: each replica pod clones the primary with pg_basebackup when its volume
     * is empty (an init container) and follows it as the replication role. No automatic failover: promoting a replica
     * is an operator step (docs/data.md).
     */
    public record Replication(
            @Doc(value = "Streaming replicas besides the primary (0: a single primary). WAL senders of the primary: "
                    + "each replica holds one, a clone two, of max_wal_senders (10).", min = 0, max = 8) int replicas,
            @Doc(value = "Login role with REPLICATION the replicas connect as; its password is the credentials "
                    + "Secret's key <user>-password, generated and kept like the others.", pattern = SQL_NAME) String user) {
        public static final Replication DEFAULTS = new Replication(0, "replicator");

        public boolean enabled() {
            return replicas > 0;
        }
    }
}
