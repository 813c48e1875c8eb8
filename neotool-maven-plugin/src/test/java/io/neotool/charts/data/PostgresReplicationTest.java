package io.neotool.charts.data;

import static io.neotool.charts.data.DataChartsTest.DATA;
import static io.neotool.charts.testtools.YamlTree.map;
import static io.neotool.charts.testtools.YamlTree.maps;
import static io.neotool.charts.testtools.YamlTree.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.neotool.charts.security.Rendered;
import io.neotool.charts.testtools.ExternalTool;
import io.neotool.charts.testtools.Loopback;
import io.neotool.charts.testtools.Manifests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streaming replication as the postgres chart renders it, for the environment of the spec that has replicas: a
 * primary of Debian's PostgreSQL set up by the rendered init script (the replication role, the pg_hba.conf rule), a
 * replica made by the rendered clone script of the replicas' init container (a real pg_basebackup against the primary)
 * and started with the rendered server args and the rendered password env; a row written on the primary is read on
 * the replica, which refuses writes. The same for replicas an upgrade adds to a primary first started without them.
 * Debian's PostgreSQL 15 here; the image runs PostgreSQL 18.
 */
class PostgresReplicationTest {
    static final String REPLICA = "postgres-replica";

    @TempDir
    static Path dir;

    static Manifests release;

    @BeforeAll
    static void render() {
        Rendered charts = Rendered.platform();
        release = null;
        for (String render : List.of(charts.dev(), charts.prod())) {
            Manifests m = new Manifests(render);
            if (m.has("StatefulSet", REPLICA)) {
                release = m;
            }
        }
    }

    @Test
    void theReplicasAreTheirOwnStatefulSetBehindAReadOnlyService() {
        assumeTrue(release != null, "no environment of the spec has postgres.replication.replicas > 0");
        Map<String, Object> sts = release.one("StatefulSet", DATA, REPLICA);
        Map<String, Object> service = release.one("Service", DATA, "postgres-replicas");
        assertEquals(REPLICA, map(service, "spec", "selector").get("app.kubernetes.io/name"), "only replicas");
        assertEquals("postgres", map(release.one("Service", DATA, "postgres"), "spec", "selector").get("app.kubernetes.io/name"),
                "the primary's Service (and PgBouncer) reach only the primary");
        assertEquals(REPLICA, map(sts, "spec", "template", "metadata", "labels").get("app.kubernetes.io/name"));
        assertEquals(REPLICA + "-headless", map(sts, "spec").get("serviceName"));
        Map<String, Object> from = maps(maps(map(release.one("NetworkPolicy", DATA, "postgres-5432-from-replicas"), "spec"),
                "ingress").get(0), "from").get(0);
        assertEquals(REPLICA, map(from, "podSelector", "matchLabels").get("app.kubernetes.io/name"));
        assertTrue(release.has("NetworkPolicy", "postgres-replica-to-postgres-5432"));
    }

    @Test
    void aRowWrittenOnThePrimaryIsReadOnTheReplica() throws Exception {
        assumeTrue(release != null, "no environment of the spec has postgres.replication.replicas > 0");
        try (RealPostgres primary = primaryAdmittingOnlyTheRenderedReplicationRule()) {
            String user = replicationUser(release);
            DataChartsTest.runInitScript(primary, release, Files.createDirectories(dir.resolve("init")));
            assertTrue(hba(primary).contains("host replication " + user + " all scram-sha-256"), hba(primary));
            primary.psql(List.of("-c", "SELECT pg_reload_conf()"), Map.of());
            cloneAndFollow(primary, release, primary.dir.resolve("replica"));
        }
    }

    /**
     * A primary first started without replicas, then an upgrade that adds them: the first start's pg_hba.conf already
     * admits the replication role, the upgrade's Job postgres-databases creates it with the Secret's password, and the
     * replica clones with no step by hand.
     */
    @Test
    void replicasAddedByAnUpgradeCloneWithNoStepByHand() throws Exception {
        Rendered charts = Rendered.platform();
        Manifests first = new Manifests(charts.render(List.of(), Map.of("postgres.replication.replicas", "0")));
        Manifests upgraded = new Manifests(charts.render(List.of(), Map.of("postgres.replication.replicas", "1")));
        assertFalse(first.has("StatefulSet", REPLICA));
        String user = replicationUser(upgraded);
        try (RealPostgres primary = primaryAdmittingOnlyTheRenderedReplicationRule()) {
            DataChartsTest.runInitScript(primary, first, Files.createDirectories(dir.resolve("first-start")));
            assertTrue(hba(primary).contains("host replication " + user + " all scram-sha-256"), hba(primary));
            primary.psql(List.of("-c", "SELECT pg_reload_conf()"), Map.of());
            assertEquals("0", primary.psql(List.of("-At", "-c", "SELECT count(*) FROM pg_roles WHERE rolname = '" + user + "'"),
                    Map.of()).trim(), "no replication role before the upgrade: the rule admits no one");

            Map<String, Object> job = map(upgraded.one("Job", DATA, "postgres-databases-1"), "spec", "template", "spec");
            Map<String, Object> container = maps(job, "containers").get(0);
            Map<String, String> env = new HashMap<>(Manifests.literalEnv(container));
            env.putAll(Map.of("PGHOST", "127.0.0.1", "PGPORT", String.valueOf(primary.port), "PGPASSWORD", primary.superuserPassword));
            String out = DataChartsTest.runRendered(primary, upgraded, dir.resolve("upgrade"), strings(container, "args").get(0), env);
            assertTrue(out.contains("the databases and roles of the release are in place"), out);
            cloneAndFollow(primary, upgraded, primary.dir.resolve("added-replica"));
        }
    }

    /** Debian's PostgreSQL with its own replication rules removed, so that only the rendered one can admit a replica. */
    private static RealPostgres primaryAdmittingOnlyTheRenderedReplicationRule() throws Exception {
        RealPostgres primary = RealPostgres.startDebian();
        try {
            // The image's pg_hba.conf admits replication on loopback only (a replica connects from its pod address).
            Path hba = primary.dir.resolve("data/pg_hba.conf");
            Files.write(hba, Files.readAllLines(hba).stream().filter(l -> !l.matches("^\\s*host\\s+replication\\s.*")).toList());
            primary.psql(List.of("-c", "SELECT pg_reload_conf()"), Map.of());
            return primary;
        } catch (Exception e) {
            primary.close();
            throw e;
        }
    }

    private static String hba(RealPostgres primary) throws IOException {
        return Files.readString(primary.dir.resolve("data/pg_hba.conf"));
    }

    private static String replicationUser(Manifests m) {
        Map<String, Object> clone = maps(map(m.one("StatefulSet", DATA, REPLICA), "spec", "template", "spec"), "initContainers").get(0);
        return Manifests.literalEnv(clone).get("REPLICATION_USER");
    }

    /**
     * Runs {@code m}'s replica as its pod would, in {@code root} (under the server's directory, which the server user
     * owns): the clone init container's script (a real
     * pg_basebackup against {@code primary}), then the server with the rendered args; a row written on the primary is
     * read on the replica, which refuses writes.
     */
    private static void cloneAndFollow(RealPostgres primary, Manifests m, Path root) throws Exception {
        Map<String, Object> pod = map(m.one("StatefulSet", DATA, REPLICA), "spec", "template", "spec");
        Map<String, Object> clone = maps(pod, "initContainers").get(0);
        Map<String, Object> server = maps(pod, "containers").get(0);
        Map<String, String> cloneEnv = Manifests.literalEnv(clone);
        assertEquals("postgres." + DATA + ".svc.cluster.local", cloneEnv.get("PRIMARY_HOST"), "clones the primary's Service");
        String user = cloneEnv.get("REPLICATION_USER");
        Map<String, String> passwords = DataChartsTest.passwords(m);
        String password = passwords.get(user);
        assertTrue(password != null && !password.isEmpty(), "the credentials Secret holds " + user + "-password");
        for (Map<String, Object> c : List.of(clone, server)) {
            Map<String, Object> ref = maps(c, "env").stream().filter(e -> "PGPASSWORD".equals(e.get("name")))
                    .map(e -> map(e, "valueFrom", "secretKeyRef")).findFirst().orElseThrow();
            assertEquals(user + "-password", ref.get("key"), c.get("name") + " reads the replication password");
        }

        Path data = root.resolve("18/docker");
        Map<String, String> env = new HashMap<>(Map.of("PATH", primary.bin + ":/usr/bin:/bin", "PGDATA", data.toString(), "DATA_VOLUME", root.toString(),
                "PRIMARY_HOST", "127.0.0.1", "PRIMARY_PORT", String.valueOf(primary.port), "REPLICATION_USER", user,
                "PGPASSWORD", password, "POD_NAME", REPLICA + "-0"));
        String script = strings(clone, "args").get(0);
        String out = primary.runAsServer(List.of("/bin/sh", "-c", script), env, 180);
        assertTrue(out.contains("cloned"), out);
        assertTrue(Files.exists(data.resolve("standby.signal")));
        String auto = Files.readString(data.resolve("postgresql.auto.conf"));
        assertTrue(auto.contains("primary_conninfo = 'host=127.0.0.1 port=" + primary.port + " user=" + user), auto);
        assertFalse(auto.contains(password), "no password on the replica's volume");
        assertFalse(Files.exists(root.resolve("18/docker.clone")));

        int port = Loopback.freePort();
        Path run = Files.createDirectories(root.resolve("run"));
        String options = "-c listen_addresses=127.0.0.1 -p " + port + " -k " + run + " "
                + String.join(" ", strings(server, "args"));
        Path log = root.resolve("replica.log");
        primary.runAsServer(List.of(primary.bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", log.toString(),
                "-w", "-t", "60", "-o", options, "start"), Map.of("PGPASSWORD", password), 90);
        try {
            assertEquals("t", primary.psqlAs(port, RealPostgres.SUPERUSER, "postgres", primary.superuserPassword,
                    "SELECT pg_is_in_recovery()").trim(), "the replica is a standby");
            String[] first = primary.psql(List.of("-At", "-c", "SELECT datname || ' ' || pg_get_userbyid(datdba) FROM pg_database "
                    + "WHERE NOT datistemplate AND datname <> 'postgres' ORDER BY 1 LIMIT 1"), Map.of()).trim().split(" ");
            assumeTrue(first.length == 2, "the spec has a database");
            String database = first[0];
            String owner = first[1];
            String note = "written on the primary " + System.nanoTime();
            primary.psqlAs(primary.port, owner, database, passwords.get(owner),
                    "CREATE TABLE replicated (note text); INSERT INTO replicated VALUES ('" + note + "')");
            String read = "";
            for (int i = 0; i < 60 && !read.equals(note); i++) {
                try {
                    read = primary.psqlAs(port, owner, database, passwords.get(owner), "SELECT note FROM replicated").trim();
                } catch (IOException notYet) {
                    Thread.sleep(500);
                }
            }
            assertEquals(note, read, "the row reached the replica\n" + Files.readString(log));
            IOException readOnly = assertThrows(IOException.class, () -> primary.psqlAs(port, owner, database,
                    passwords.get(owner), "INSERT INTO replicated VALUES ('on the replica')"));
            assertTrue(readOnly.getMessage().contains("read-only transaction"), readOnly.getMessage());
            assertEquals(REPLICA + "-0 streaming", primary.psql(List.of("-At", "-c",
                    "SELECT application_name || ' ' || state FROM pg_stat_replication"), Map.of()).trim());

            // ready while it streams; a standby whose WAL receiver cannot reconnect (here the replication role may no
            // longer log in) still accepts connections, and is not ready
            String readiness = strings(map(server, "readinessProbe", "exec"), "command").get(2)
                    .replace("-h 127.0.0.1 -p 5432", "-h 127.0.0.1 -p " + port)
                    .replace("-h /var/run/postgresql -p 5432", "-h " + run + " -p " + port);
            Map<String, String> probeEnv = Map.of("PATH", primary.bin + ":" + ExternalTool.PSQL.require().getParent()
                    + ":/usr/bin:/bin", "POSTGRES_USER", RealPostgres.SUPERUSER, "PGPASSWORD", primary.superuserPassword);
            primary.runAsServer(List.of("/bin/sh", "-c", readiness), probeEnv, 30);
            primary.psql(List.of("-c", "ALTER ROLE \"" + user + "\" NOLOGIN", "-c",
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_replication"), Map.of());
            boolean refused = false;
            for (int i = 0; i < 40 && !refused; i++) {
                try {
                    primary.runAsServer(List.of("/bin/sh", "-c", readiness), probeEnv, 30);
                    Thread.sleep(250);
                } catch (IOException notStreaming) {
                    refused = true;
                }
            }
            assertTrue(refused, "a standby that no longer streams is not ready");
            assertEquals("1", primary.psqlAs(port, RealPostgres.SUPERUSER, "postgres", primary.superuserPassword,
                    "SELECT 1").trim(), "though it still accepts connections");
            primary.psql(List.of("-c", "ALTER ROLE \"" + user + "\" LOGIN"), Map.of());

            String again = primary.runAsServer(List.of("/bin/sh", "-c", script), env, 60);
            assertTrue(again.contains("holds a cluster"), "a cloned volume starts as it is: " + again);

            // a volume that holds a copy of another cluster (the primary's volume was made anew) stops the pod
            Path otherRoot = root.resolve("other");
            Path other = otherRoot.resolve("18/docker");
            primary.runAsServer(List.of(primary.bin.resolve("initdb").toString(), "-D", other.toString(), "-U", "someone",
                    "--auth=trust", "--no-sync"), Map.of(), 120);
            Map<String, String> otherEnv = new HashMap<>(env);
            otherEnv.put("PGDATA", other.toString());
            otherEnv.put("DATA_VOLUME", otherRoot.toString());
            IOException stranger = assertThrows(IOException.class,
                    () -> primary.runAsServer(List.of("/bin/sh", "-c", script), otherEnv, 60));
            assertTrue(stranger.getMessage().contains("holds a copy of another cluster (system identifier ")
                    && stranger.getMessage().contains("The primary's volume made anew"), stranger.getMessage());
        } finally {
            primary.runAsServer(List.of(primary.bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate",
                    "-w", "stop"), Map.of(), 60);
        }
    }
}
