package io.neotool.charts.model;

import static io.neotool.charts.TestSpecs.at;
import static io.neotool.charts.TestSpecs.load;
import static io.neotool.charts.TestSpecs.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.TestPaths;
import io.neotool.charts.TestSpecs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The services' databases against the postgres section, and PostgreSQL's connection budget. */
class DatabaseSpecValidationTest {
    @TempDir
    Path dir;

    static final String TWO_SERVICES = """
            services:
              orders:
                image: {repository: neotool-orders, tag: "1.0.0"}
                database: {name: orders}
              mailer:
                image: {repository: neotool-mailer, tag: "1.0.0"}
            postgres:
              databases:
                orders: {owner: orders_owner}
            """;

    /** The database Secret's URL names PgBouncer: another host beside database.name would be an env that lies. */
    @Test
    void aServiceWithAPostgresDatabaseCannotNameAnotherHost() throws IOException {
        String external = TWO_SERVICES.replace("    database: {name: orders}\n",
                "    database: {name: orders}\n    platform: {postgres: {host: orders-db.example.com, port: 5432}}\n");
        SpecProblem p = at(problems(dir, external), "services.orders.platform.postgres.host");
        assertTrue(p.message().contains("'orders-db.example.com' is not PgBouncer (pgbouncer.neotool-data.svc.cluster.local)"),
                p.message());
        assertTrue(p.message().contains("remove database.name"), p.message());
        assertEquals(5, p.line());
        // the external database as the message says: no database.name, the host kept as written
        PlatformSpec spec = load(dir, external.replace("    database: {name: orders}\n", "")).base();
        assertEquals("orders-db.example.com", spec.services().get("orders").platform().postgres().host());
        // PgBouncer's own address written out is fine
        load(dir, external.replace("orders-db.example.com, port: 5432", "pgbouncer.neotool-data.svc.cluster.local"));
        load(dir, external.replace("orders-db.example.com, port: 5432", "pgbouncer.neotool-data"));
        load(dir, external.replace("orders-db.example.com, port: 5432", "pgbouncer.neotool-data.svc"));
        assertEquals("services.orders.platform.postgres.host", at(problems(dir, external.replace("orders-db.example.com, port: 5432",
                "pgbouncer")), "services.orders.platform.postgres.host").path(), "a short name resolves in the service's namespace");
    }

    @Test
    void onlyServicesWithADatabaseGetACredentialsSecretInTheirNamespace() throws IOException {
        PlatformSpec spec = load(dir, TWO_SERVICES).base();
        Map<String, PostgresSpec.ServiceSecret> secrets = spec.postgres().resolved(spec).serviceSecrets();
        assertEquals(Map.of("orders", new PostgresSpec.ServiceSecret("orders", "neotool-app", "orders-database")), secrets);
        assertEquals("orders-database", spec.services().get("orders").resolved("orders").database().secretName());
        assertEquals("", spec.services().get("mailer").resolved("mailer").database().secretName());
    }

    @Test
    void everyEnvironmentOfTheRepositorySpecFitsItsConnectionBudget() throws IOException {
        Spec spec = new SpecLoader().load(TestPaths.spec(), "0.1.0");
        List<PlatformSpec> all = new java.util.ArrayList<>(spec.environments().values());
        all.add(spec.base());
        for (PlatformSpec env : all) {
            PostgresSpec pg = env.postgres();
            PostgresSpec.PgBouncer b = pg.pgbouncer();
            // PgBouncer's pools on its replicas and on the pod a rolling update starts before it stops an old one
            int pools = pg.databases().size() * (b.defaultPoolSize() + b.reservePoolSize()) * (b.replicas() + 1);
            PostgresSpec.Connections c = pg.connections();
            assertTrue(c.max() >= pools + c.monitoring() + c.admin() + c.superuserReserved(),
                    env.global().environment() + ": max_connections " + c.max() + " < " + pools + " + reserved");
        }
    }

    @Test
    void aBudgetThatDoesNotFitIsRefusedWithItsNumbers() {
        List<SpecProblem> problems = problems(dir, TWO_SERVICES + """
                  pgbouncer: {defaultPoolSize: 30, reservePoolSize: 10}
                environments:
                  prod:
                    postgres:
                      connections: {max: 129}
                      pgbouncer: {replicas: 2}
                """);
        SpecProblem budget = at(problems, "environments.prod: postgres.connections.max");
        // 1 database x (30 + 10) x 3 pods (2 replicas + the rolling update's surge pod) = 120, + monitoring 2 + admin 5
        // + superuser 3 = 130
        assertTrue(budget.message().contains("max_connections 129 does not cover the connection budget of 130"), budget.message());
        assertTrue(budget.message().contains("raise postgres.connections.max to at least 130"), budget.message());
        assertTrue(budget.message().contains("1 databases x 40 (defaultPoolSize 30 + reservePoolSize 10) x 3 PgBouncer "
                + "pods at their most (2 replicas + 1 rolling update surge) = 120"), budget.message());
        assertTrue(budget.message().contains("monitoring 2 + admin 5 + superuserReserved 3"), budget.message());
        assertEquals(14, budget.line(), "points at the prod override: " + budget);
        assertTrue(problems.stream().noneMatch(p -> p.path().equals("postgres.connections.max")), "dev fits: " + problems);
    }

    /** An image before PostgreSQL 18 keeps its data in a volume of its own at /var/lib/postgresql/data, off the claim. */
    @Test
    void anImageBeforePostgres18IsRefused() throws IOException {
        SpecProblem p = at(problems(dir, TWO_SERVICES.replace("postgres:\n", "postgres:\n  image: {repository: postgres, tag: \"17.6\"}\n")),
                "postgres.image.tag");
        assertTrue(p.message().contains("'17.6' is PostgreSQL 17; the chart keeps the data where PostgreSQL 18 and later"), p.message());
        // a date-like tag is no major version
        load(dir, TWO_SERVICES.replace("postgres:\n", "postgres:\n  image: {repository: postgres, tag: \"20240101123456\"}\n"));
    }

    /** Without PgBouncer every pod's pool is open on PostgreSQL itself, at the autoscalers' maximum and its surge. */
    @Test
    void withoutPgbouncerTheServicesPoolsCountInPostgresBudget() {
        List<SpecProblem> problems = problems(dir, """
                services:
                  orders:
                    image: {repository: neotool-orders, tag: "1.0.0"}
                    database: {name: orders}
                    autoscaling: {enabled: true, minReplicas: 2, maxReplicas: 30}
                postgres:
                  databases:
                    orders: {owner: orders_owner}
                  pgbouncer: {enabled: false}
                  connections: {max: 200}
                """);
        SpecProblem budget = at(problems, "postgres.connections.max");
        assertTrue(budget.message().contains("no PgBouncer: the services connect directly, 310 at their most pods (pods with "
                + "a rolling update's surge x database.maxPoolSize: orders 31 x 10)"), budget.message());
        assertTrue(budget.message().contains("or turn PgBouncer on"), budget.message());
    }

    /** At the autoscalers' maximum, every pod's pool is a client of PgBouncer's: more than it accepts is refused. */
    @Test
    void moreClientConnectionsThanPgBouncerAcceptsAreRefusedWithTheirNumbers() {
        String spec = """
                services:
                  orders:
                    image: {repository: neotool-orders, tag: "1.0.0"}
                    database: {name: orders, maxPoolSize: 15}
                    autoscaling: {enabled: true, minReplicas: 2, maxReplicas: 30}
                    env: {DATASOURCES_DEFAULT_MAXIMUM_POOL_SIZE: "5"}
                  billing:
                    image: {repository: neotool-billing, tag: "1.0.0"}
                    database: {name: billing}
                    replicas: 3
                  mailer:
                    image: {repository: neotool-mailer, tag: "1.0.0"}
                    replicas: 40
                postgres:
                  databases:
                    orders: {owner: orders_owner}
                    billing: {owner: billing_owner}
                  pgbouncer: {maxClientConn: 400}
                environments:
                  prod:
                    postgres:
                      pgbouncer: {replicas: 3}
                """;
        List<SpecProblem> problems = problems(dir, spec);
        // orders 30 pods + 1 surging x 15 + billing 3 + 1 x 10 (the default pool) = 505; mailer has no database
        SpecProblem clients = at(problems, "postgres.pgbouncer.maxClientConn");
        assertTrue(clients.message().contains("maxClientConn 400 x 1 PgBouncer replicas accepts 400 client connections, and "
                + "the services open 505 at their most pods (pods with a rolling update's surge x database.maxPoolSize: "
                + "billing 4 x 10, orders 31 x 15); raise maxClientConn to at least 505"), clients.message());
        assertTrue(problems.stream().noneMatch(p -> p.path().equals("environments.prod: postgres.pgbouncer.maxClientConn")),
                "prod's three PgBouncer pods accept 800 with one down: " + problems);
        assertTrue(at(problems, "services.orders.env.DATASOURCES_DEFAULT_MAXIMUM_POOL_SIZE").message()
                .contains("database.maxPoolSize"), problems::toString);
        // with one of three PgBouncer pods down the two left each take their half, rounded up: 2 x 253 >= 505
        SpecProblem halves = at(problems(dir, spec.replace("pgbouncer: {replicas: 3}", "pgbouncer: {replicas: 3, maxClientConn: 200}")),
                "environments.prod: postgres.pgbouncer.maxClientConn");
        assertTrue(halves.message().contains("maxClientConn 200 x 2 PgBouncer replicas (of 3, with one down) accepts 400 client "
                + "connections") && halves.message().contains("raise maxClientConn to at least 253"), halves.message());
        // two pods: the one left takes every client
        SpecProblem oneLeft = at(problems(dir, spec.replace("pgbouncer: {replicas: 3}", "pgbouncer: {replicas: 2}")),
                "environments.prod: postgres.pgbouncer.maxClientConn");
        assertTrue(oneLeft.message().contains("raise maxClientConn to at least 505"), oneLeft.message());
    }

    @Test
    void aServiceDatabaseMustBeDeclaredAndItsSecretAndEnvMustNotCollide() {
        List<SpecProblem> problems = problems(dir, """
                services:
                  orders:
                    image: {repository: neotool-orders, tag: "1.0.0"}
                    database: {name: order, secretName: shared-db}
                  billing:
                    image: {repository: neotool-billing, tag: "1.0.0"}
                    database: {name: billing, secretName: shared-db}
                    secretEnv:
                      DATASOURCES_DEFAULT_PASSWORD: {secretName: mine, key: password}
                postgres:
                  databases:
                    orders: {owner: orders_owner}
                    billing: {owner: billing_owner}
                """);
        SpecProblem unknown = at(problems, "services.orders.database.name");
        assertTrue(unknown.message().contains("'order' is not a database of postgres.databases (did you mean 'orders'?)"),
                unknown.message());
        assertTrue(unknown.message().contains("declare it there (postgres.databases.order: {owner: order}) or name one"),
                unknown.message());
        assertEquals(4, unknown.line());
        // the derived postgres.serviceSecrets, which the spec does not write, repeat no error of the service's
        assertTrue(problems.stream().noneMatch(p -> p.path().equals("postgres.serviceSecrets.orders.database")), problems::toString);
        SpecProblem collision = at(problems, "postgres.serviceSecrets.orders.secretName");
        assertTrue(collision.message().contains("neotool-app/shared-db is already the database credentials of billing"),
                collision.message());
        SpecProblem env = at(problems, "services.billing.secretEnv.DATASOURCES_DEFAULT_PASSWORD");
        assertTrue(env.message().contains("comes from the database Secret"), env.message());
    }

    /** A database's Secret never takes the name of a Secret another chart writes into the services' namespaces. */
    @Test
    void aDatabaseSecretIsNotTheVaultTokenOrTheObjectStorageSecret() {
        for (String taken : List.of("vault-token", "object-storage")) {
            List<SpecProblem> problems = problems(dir, TWO_SERVICES.replace("database: {name: orders}",
                    "database: {name: orders, secretName: " + taken + "}"));
            String message = at(problems, "postgres.serviceSecrets.orders.secretName").message();
            assertTrue(message.startsWith("Secret " + taken + " is the ") && message.contains("one name cannot hold both"),
                    message);
        }
    }

    @Test
    void explicitServiceSecretsMustBeTheOnesTheServicesRead() {
        List<SpecProblem> problems = problems(dir, TWO_SERVICES + """
                  serviceSecrets:
                    orders: {database: orders, namespace: neotool-app, secretName: orders-creds}
                """);
        SpecProblem mismatch = at(problems, "services.orders.database");
        assertTrue(mismatch.message().contains("reads database orders from Secret neotool-app/orders-database, but "
                + "postgres.serviceSecrets.orders writes orders into neotool-app/orders-creds"), mismatch.message());
    }

    /**
     * With the postgres chart off, a service's database is outside the cluster (a managed PostgreSQL): it names the
     * operator's Secret, and its NetworkPolicy lets it out to some address outside the cluster.
     */
    @Test
    void aDatabaseWithoutPostgresIsOutsideTheClusterWithTheOperatorsSecretAndAWayOut() throws IOException {
        String off = TWO_SERVICES.replace("postgres:\n", "postgres:\n  enabled: false\n");
        SpecProblem secret = at(problems(dir, off), "services.orders.database.name");
        assertTrue(secret.message().contains("postgres.enabled is false: for a database outside the cluster (a managed "
                + "PostgreSQL), name the Secret you make"), secret.message());
        String named = off.replace("database: {name: orders}", "database: {name: orders, secretName: orders-rds}");
        SpecProblem way = at(problems(dir, named), "services.orders.networkPolicy.addresses");
        assertTrue(way.message().contains("lets it out to no address outside the cluster"), way.message());
        String reached = named.replace("    database: {name: orders, secretName: orders-rds}\n",
                "    database: {name: orders, secretName: orders-rds}\n    networkPolicy: {addresses: [{cidr: 10.20.0.0/16, "
                        + "ports: [5432]}]}\n");
        assertEquals("orders-rds", load(dir, reached).base().services().get("orders").database().secretName());
        // without the platform's NetworkPolicies there is no way out to give
        load(dir, named + "global: {networkPolicy: {enabled: false}}\n");
        // an address is an IPv4 or IPv6 CIDR with its ports
        List<SpecProblem> bad = problems(dir, reached.replace("{cidr: 10.20.0.0/16, ports: [5432]}", "{cidr: 10.20.0.0, ports: []}"));
        assertTrue(at(bad, "services.orders.networkPolicy.addresses[0].cidr").message().contains("is not an IPv4 or IPv6 CIDR"),
                bad::toString);
        load(dir, reached.replace("{cidr: 10.20.0.0/16, ports: [5432]}", "{cidr: \"2600:1f18:abcd::/56\", ports: [5432]}"));
        for (String malformed : List.of("300.1.1.1/8", "10.0.0.0/33", "\"fd00::/200\"", "\"1:2/64\"", "\":/8\"")) {
            List<SpecProblem> wrong = problems(dir, reached.replace("{cidr: 10.20.0.0/16", "{cidr: " + malformed));
            assertTrue(at(wrong, "services.orders.networkPolicy.addresses[0].cidr").message()
                    .contains("is not an IPv4 or IPv6 CIDR"), malformed + ": " + wrong);
        }
        assertTrue(at(bad, "services.orders.networkPolicy.addresses[0].ports").message().contains("name the TCP ports"),
                bad::toString);
    }

    /** A backup runs on some date, and often enough that the alert on an old backup does not fire between two runs. */
    @Test
    void aBackupScheduleRunsAndWithinTheAlertsMaximumAge() {
        String backup = TWO_SERVICES + """
                  backup: {enabled: true, bucket: db-dumps, schedule: "%s"}
                minio:
                  enabled: true
                  buckets: [db-dumps]
                  clientSecret: {name: object-storage, namespaces: [neotool-data]}
                observability:
                  prometheus: {alerts: {backupMaxAgeHours: %d}}
                """;
        String path = "observability.prometheus.alerts.backupMaxAgeHours";
        String weekly = at(problems(dir, backup.formatted("0 3 * * 0", 26)), path).message();
        assertTrue(weekly.contains("26 hours is less than the longest time between two backups of postgres.backup.schedule "
                + "('0 3 * * 0': 168 hours) and an hour for the run") && weekly.contains("set it to at least 169"), weekly);
        assertTrue(TestSpecs.problemsIfAny(dir, backup.formatted("0 3 * * 0", 169)).stream().noneMatch(p -> p.path().equals(path)));
        assertTrue(TestSpecs.problemsIfAny(dir, backup.formatted("0 3 * * *", 26)).stream().noneMatch(p -> p.path().equals(path)));
        assertTrue(at(problems(dir, backup.formatted("0 3 30 2 *", 26)), "postgres.backup.schedule").message()
                .contains("matches no date, so no backup is ever made"));
    }

    @Test
    void aBackupNeedsABucketMinioCreatesAndItsSecretInThePostgresNamespace() throws IOException {
        List<SpecProblem> problems = problems(dir, TWO_SERVICES + """
                  backup: {enabled: true, bucket: db-dumps, schedule: "nightly"}
                minio:
                  enabled: true
                  buckets: [assets]
                  clientSecret: {name: object-storage, namespaces: [neotool-app]}
                """);
        assertTrue(at(problems, "postgres.backup.bucket").message().contains("'db-dumps' is not one of the buckets MinIO creates (minio.buckets [assets])"),
                problems.toString());
        assertTrue(at(problems, "minio.clientSecret.namespaces").message().contains("[neotool-app] does not hold 'neotool-data'"),
                problems.toString());
        assertTrue(at(problems, "postgres.backup.schedule").message().contains("'nightly' is not a schedule the API server takes: has 1 field, not five"),
                problems.toString());
        PostgresSpec.Backup fine = load(dir, TWO_SERVICES + """
                  backup: {enabled: true, bucket: db-dumps}
                minio:
                  enabled: true
                  buckets: [db-dumps]
                  clientSecret: {name: object-storage, namespaces: [neotool-data]}
                """).base().postgres().backup();
        assertEquals(7, fine.keep(), "valid, with the model's retention");
        // MinIO's lists left at their defaults take in what the backups need
        PlatformSpec defaults = load(dir, TWO_SERVICES + """
                  backup: {enabled: true}
                minio: {enabled: true}
                """).base();
        assertTrue(defaults.minio().buckets().contains(PostgresSpec.Backup.DEFAULTS.bucket()), defaults.minio().buckets()::toString);
        assertTrue(defaults.minio().clientSecret().namespaces().contains(defaults.postgres().namespace()),
                defaults.minio().clientSecret().namespaces().toString());
        // ... where the backups use MinIO: with R2 MinIO's lists stay as they are
        PlatformSpec r2 = load(dir, TWO_SERVICES + """
                  backup: {enabled: true}
                minio: {enabled: true}
                global: {objectStorage: {provider: r2}}
                """).base();
        assertEquals(MinioSpec.DEFAULTS.buckets(), r2.minio().buckets());
    }

    /** Names PostgreSQL keeps for itself: CREATE ROLE and initdb refuse them, and its own databases are not a service's. */
    @Test
    void rolesAndDatabasesPostgresKeepsForItselfAreRefused() {
        List<SpecProblem> problems = problems(dir, """
                services:
                  orders:
                    image: {repository: neotool-orders, tag: "1.0.0"}
                    database: {name: postgres}
                  mailer:
                    image: {repository: neotool-mailer, tag: "1.0.0"}
                    database: {name: template1}
                postgres:
                  auth: {superuser: pg_admin}
                  databases:
                    postgres: {owner: pg_orders}
                    template1: {owner: public}
                  monitoring: {user: pg_mon}
                  replication: {user: none}
                """);
        assertTrue(at(problems, "postgres.databases.postgres").message().startsWith("'postgres' is one of PostgreSQL's own "
                + "databases"), problems::toString);
        assertTrue(at(problems, "postgres.databases.template1").message().startsWith("'template1' is one of PostgreSQL's own "
                + "databases"), problems::toString);
        assertEquals("'pg_orders' starts with pg_, which PostgreSQL keeps for its own roles (CREATE ROLE refuses it); "
                + "rename it", at(problems, "postgres.databases.postgres.owner").message());
        assertTrue(at(problems, "postgres.databases.template1.owner").message().startsWith("'public' stands for a role"),
                problems::toString);
        assertTrue(at(problems, "postgres.auth.superuser").message().contains("initdb refuses such a superuser"),
                problems::toString);
        assertTrue(at(problems, "postgres.monitoring.user").message().startsWith("'pg_mon' starts with pg_"), problems::toString);
        assertTrue(at(problems, "postgres.replication.user").message().startsWith("'none' stands for a role"),
                problems::toString);
    }

    @Test
    void serverParametersTakeSettingsTheChartNeitherMakesNorDependsOn() throws IOException {
        List<SpecProblem> problems = problems(dir, TWO_SERVICES + """
                  parameters:
                    work_mem: 16MB
                    shared_buffers: 300MB
                    pg_stat_statements.track: all
                    Work_Mem: 16MB
                    max_connections: "500"
                    listen_addresses: "*"
                    password_encryption: md5
                    log_min_duration_statement: " "
                """);
        assertEquals(List.of("postgres.parameters.Work_Mem", "postgres.parameters.listen_addresses",
                "postgres.parameters.log_min_duration_statement", "postgres.parameters.max_connections",
                "postgres.parameters.password_encryption"),
                problems.stream().map(SpecProblem::path).filter(p -> p.startsWith("postgres.parameters")).sorted().toList(),
                problems::toString);
        assertTrue(at(problems, "postgres.parameters.max_connections").message().contains("postgres.connections.max"),
                problems::toString);
        assertTrue(at(problems, "postgres.parameters.listen_addresses").message().contains("the chart depends on"), problems::toString);
        assertTrue(at(problems, "postgres.parameters.Work_Mem").message().contains("is not a PostgreSQL setting's name"),
                problems::toString);
    }

    @Test
    void theReplicationRoleIsARoleOfItsOwn() throws IOException {
        List<SpecProblem> problems = problems(dir, TWO_SERVICES + """
                  replication: {replicas: 2, user: orders_owner}
                """);
        assertTrue(at(problems, "postgres.replication.user").message().contains("owns database 'orders'"), problems.toString());
        // without replicas too: the first start admits the role for replication (replicas a later upgrade adds)
        List<SpecProblem> noReplicas = problems(dir, TWO_SERVICES + """
                  replication: {replicas: 0, user: orders_owner}
                """);
        assertTrue(at(noReplicas, "postgres.replication.user").message().contains("owns database 'orders'"), noReplicas.toString());
        List<SpecProblem> tooMany = problems(dir, TWO_SERVICES + """
                  replication: {replicas: 9}
                """);
        assertTrue(tooMany.stream().anyMatch(p -> p.path().equals("postgres.replication.replicas")), tooMany.toString());
        assertEquals("replicator", load(dir, TWO_SERVICES + "  replication: {replicas: 2}\n").base().postgres().replication().user());
    }
}
