package io.neotool.charts.data;

import static io.neotool.charts.data.DataChartsTest.DATA;
import static io.neotool.charts.testtools.YamlTree.map;
import static io.neotool.charts.testtools.YamlTree.maps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.TestPaths;
import io.neotool.charts.security.Rendered;
import io.neotool.charts.testtools.Manifests;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL backup CronJob of the rendered charts (dev and prod): its shape (schedule, concurrency, deadline,
 * restricted pods, the object storage Secret), and its scripts run for real: the rendered dump script against
 * Debian's PostgreSQL with data in every database of the spec, the rendered upload script with its retention against
 * a local directory through a stand-in for the MinIO client (no S3 server runs here), and the rendered restore
 * procedure into a second, freshly initialised server, whose data must equal the first's.
 */
class PostgresBackupTest {
    static final String NAME = "postgres-backup";

    @TempDir
    static Path dir;

    static Manifests dev;
    static Manifests prod;

    @BeforeAll
    static void render() {
        dev = Rendered.platform().devManifests();
        prod = Rendered.platform().prodManifests();
    }

    @Test
    void theCronJobDumpsFromThePrimaryAndUploadsWithTheObjectStorageSecret() {
        for (Manifests m : List.of(dev, prod)) {
            Map<String, Object> cron = m.one("CronJob", DATA, NAME);
            Map<String, Object> spec = map(cron, "spec");
            assertEquals("Forbid", spec.get("concurrencyPolicy"));
            assertTrue(((Number) spec.get("startingDeadlineSeconds")).intValue() > 0, spec.toString());
            // with Forbid, a run that hangs would skip every later schedule: each run has a deadline
            assertTrue(((Number) map(spec, "jobTemplate", "spec").get("activeDeadlineSeconds")).intValue() > 0, spec.toString());
            Map<String, Object> pod = map(cron, "spec", "jobTemplate", "spec", "template", "spec");
            assertEquals(NAME, pod.get("serviceAccountName"));
            assertEquals(false, pod.get("automountServiceAccountToken"));
            Map<String, Object> dump = maps(pod, "initContainers").get(0);
            Map<String, Object> upload = maps(pod, "containers").get(0);
            assertEquals("PGHOST=postgres." + DATA + ".svc.cluster.local", "PGHOST=" + Manifests.literalEnv(dump).get("PGHOST"),
                    "the dump reads the primary's Service");
            for (Map<String, Object> c : List.of(dump, upload)) {
                Map<String, Object> sc = map(c, "securityContext");
                assertEquals(false, sc.get("allowPrivilegeEscalation"));
                assertEquals(true, sc.get("readOnlyRootFilesystem"));
                assertEquals(List.of("ALL"), map(sc, "capabilities").get("drop"));
                assertFalse(map(c, "resources", "limits").isEmpty(), c.toString());
            }
            // the dumps fill a bounded emptyDir that the run requests, so it lands where they fit and cannot fill a node
            Map<String, Object> scratch = maps(pod, "volumes").stream().filter(v -> "backup".equals(v.get("name"))).findFirst().orElseThrow();
            String size = TestPaths.loadSpec().base().postgres().backup().scratchSize();
            assertEquals(size, map(scratch, "emptyDir").get("sizeLimit"), scratch.toString());
            assertEquals(size, map(dump, "resources", "requests").get("ephemeral-storage"), dump.toString());
            // and as its limit: a LimitRange's default limit below the request would have the pod refused
            assertEquals(size, map(dump, "resources", "limits").get("ephemeral-storage"), dump.toString());
            List<String> refs = maps(upload, "env").stream().filter(e -> e.containsKey("valueFrom"))
                    .map(e -> map(e, "valueFrom", "secretKeyRef").get("name") + "/" + map(e, "valueFrom", "secretKeyRef").get("key"))
                    .toList();
            assertEquals(List.of("object-storage/endpoint", "object-storage/access-key-id", "object-storage/secret-access-key"), refs);
        }
        // dev: the minio chart writes the Secret into the postgres namespace, and the bucket exists
        assertFalse(map(dev.one("Secret", DATA, "object-storage"), "data").isEmpty(),
                "the minio chart writes object-storage into " + DATA);
    }

    @Test
    void aBackupRunIsRestoredIntoAnEmptyServerWithTheSameData() throws Exception {
        Map<String, Object> scripts = map(dev.one("ConfigMap", DATA, NAME), "data");
        List<String> databases = databases((String) scripts.get("restore.sh"));
        assertFalse(databases.isEmpty());
        Map<String, String> passwords = DataChartsTest.passwords(dev);
        Path backupDir = Files.createDirectories(dir.resolve("backup"));
        Path store = Files.createDirectories(dir.resolve("store"));
        Map<String, String> source = new TreeMap<>();
        try (RealPostgres primary = RealPostgres.startDebian()) {
            DataChartsTest.runInitScript(primary, dev, Files.createDirectories(dir.resolve("init-primary")));
            for (String db : databases) {
                String owner = owner(primary, db);
                primary.psqlAs(primary.port, owner, db, passwords.get(owner),
                        "CREATE TABLE items (id serial PRIMARY KEY, name text NOT NULL, at timestamptz DEFAULT now());"
                                + "INSERT INTO items (name) SELECT '" + db + "-' || g FROM generate_series(1, 250) g;"
                                + "CREATE INDEX items_name ON items (name);"
                                // a trusted extension its migration creates, its own, and one in a schema of its own
                                + "CREATE EXTENSION pgcrypto; CREATE SCHEMA ext; CREATE EXTENSION \"uuid-ossp\" WITH SCHEMA ext;"
                                + "CREATE TABLE tokens (id uuid DEFAULT ext.uuid_generate_v4() PRIMARY KEY);"
                                + "INSERT INTO tokens DEFAULT VALUES;"
                                // a function whose body holds such a statement on a line of its own: not an extension
                                + "CREATE FUNCTION later() RETURNS void LANGUAGE plpgsql AS $f$ BEGIN\n"
                                + "CREATE EXTENSION IF NOT EXISTS citext;\nEND $f$;"
                                // a trap a compromised service could set: a CHECK that makes its owner a superuser
                                // when a superuser evaluates it, as a restore's COPY would
                                + "CREATE FUNCTION trap(v text) RETURNS boolean LANGUAGE plpgsql AS $f$ BEGIN "
                                + "IF (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user) THEN "
                                + "EXECUTE pg_catalog.format('ALTER ROLE %I SUPERUSER', '" + owner + "'); END IF; "
                                + "RETURN true; END $f$;"
                                + "CREATE TABLE audit (v text CHECK (trap(v))); INSERT INTO audit VALUES ('x');");
                // and an object of the superuser's, made by hand: the restore keeps it, as the owner's
                primary.psql(List.of("-d", db, "-c", "CREATE TABLE by_hand (note text)"), Map.of());
                source.put(db, fingerprint(primary, db));
            }
            // a primary that does not answer is waited for (here 5 s) before the run fails, dumping nothing
            int down = io.neotool.charts.testtools.Loopback.freePort();
            long start = System.nanoTime();
            IOException waited = assertThrows(IOException.class, () -> runScript(scripts, "backup.sh", List.of(),
                    Map.of("PATH", primary.bin + ":/usr/bin:/bin", "BACKUP_DIR", backupDir.toString(), "PGHOST", "127.0.0.1",
                            "PGPORT", String.valueOf(down), "WAIT_SECONDS", "5")));
            assertTrue(waited.getMessage().contains("did not accept connections for 5 s; nothing was dumped"), waited.getMessage());
            assertTrue(System.nanoTime() - start >= java.util.concurrent.TimeUnit.SECONDS.toNanos(5), "it waited");
            assertFalse(Files.exists(backupDir.resolve("stamp")), "no run");
            runScript(scripts, "backup.sh", List.of(), Map.of("PATH", primary.bin + ":/usr/bin:/bin",
                    "BACKUP_DIR", backupDir.toString(), "PGHOST", "127.0.0.1", "PGPORT", String.valueOf(primary.port),
                    "PGUSER", RealPostgres.SUPERUSER, "PGPASSWORD", primary.superuserPassword));
        }
        String stamp = Files.readString(backupDir.resolve("stamp")).trim();
        assertTrue(stamp.matches("\\d{8}T\\d{6}Z"), stamp);
        for (String db : databases) {
            assertTrue(Files.size(backupDir.resolve(stamp).resolve(db + ".dump")) > 0, db);
        }

        // Upload with retention: older complete runs already in the bucket, between them runs whose upload was cut
        // short (no COMPLETE marker), and an object that is not a run.
        int keep = Integer.parseInt(match("(?m)^keep=(\\d+)$", (String) scripts.get("upload.sh")));
        String target = match("(?m)^target='backup/([^']+)'$", (String) scripts.get("upload.sh"));
        Path runs = Files.createDirectories(store.resolve(target));
        List<String> older = new ArrayList<>();
        for (int i = 0; i < keep + 2; i++) {
            String old = String.format("2020%02d01T030000Z", i + 1);
            older.add(old);
            Files.createDirectories(runs.resolve(old));
            Files.writeString(runs.resolve(old).resolve("app.dump"), "old");
            Files.writeString(runs.resolve(old).resolve("COMPLETE"), old + "\n");
            String partial = String.format("2020%02d02T030000Z", i + 1);
            Files.createDirectories(runs.resolve(partial));
            Files.writeString(runs.resolve(partial).resolve("app.dump"), "cut short");
        }
        Files.writeString(runs.resolve("README"), "not a run");
        // a run begun a minute before this one, still uploading (a Job made by hand beside the schedule): within the
        // runs' deadline of this one, so it is left alone
        java.time.format.DateTimeFormatter stamps = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
        String underWay = java.time.LocalDateTime.parse(stamp, stamps).minusMinutes(1).format(stamps);
        Files.createDirectories(runs.resolve(underWay));
        Files.writeString(runs.resolve(underWay).resolve("app.dump"), "still uploading");
        List<String> before = listing(runs);
        // A failed upload removes what it copied and deletes nothing else.
        Exception failed = assertThrows(Exception.class, () -> upload(scripts, backupDir, store, Map.of("MC_STANDIN_FAIL_CP", "1")));
        assertTrue(failed.getMessage().contains("the upload of run " + stamp + " failed"), failed.getMessage());
        assertEquals(before, listing(runs), "nothing deleted, nothing of the failed run left");
        upload(scripts, backupDir, store, Map.of());
        List<String> kept = listing(runs);
        List<String> expected = new ArrayList<>(older.subList(older.size() - (keep - 1), older.size()));
        expected.add(stamp);
        expected.add(underWay);
        expected.add("README");
        expected.sort(null);
        assertEquals(expected, kept, "the newest " + keep + " complete runs, the new one among them, the run that may be "
                + "under way, no partial run and nothing else deleted");
        assertEquals(stamp + "\n", Files.readString(runs.resolve(stamp).resolve("COMPLETE")), "the marker, written last");
        for (String db : databases) {
            assertEquals(-1, Files.mismatch(backupDir.resolve(stamp).resolve(db + ".dump"), runs.resolve(stamp).resolve(db + ".dump")));
        }
        upload(scripts, backupDir, store, Map.of()); // the same run again: still keep runs
        assertEquals(expected, listing(runs));
        // a later run, far beyond the deadline of the one that was under way: that one was cut short
        String next = "29991231T235959Z";
        Files.createDirectories(backupDir.resolve(next));
        for (String db : databases) {
            Files.copy(backupDir.resolve(stamp).resolve(db + ".dump"), backupDir.resolve(next).resolve(db + ".dump"));
        }
        Files.writeString(backupDir.resolve("stamp"), next + "\n");
        upload(scripts, backupDir, store, Map.of());
        List<String> afterNext = new ArrayList<>(expected);
        afterNext.removeAll(List.of(underWay, older.get(older.size() - (keep - 1))));
        afterNext.add(next);
        afterNext.sort(null);
        assertEquals(afterNext, listing(runs));
        Files.writeString(backupDir.resolve("stamp"), stamp + "\n");

        // Restore what the bucket holds into a fresh install: its init script made the roles and empty databases.
        try (RealPostgres fresh = RealPostgres.startDebian()) {
            DataChartsTest.runInitScript(fresh, dev, Files.createDirectories(dir.resolve("init-fresh")));
            Map<String, String> env = Map.of("PATH", fresh.bin + ":/usr/bin:/bin", "PGHOST", "127.0.0.1",
                    "PGPORT", String.valueOf(fresh.port), "PGUSER", RealPostgres.SUPERUSER, "PGPASSWORD", fresh.superuserPassword);
            Path missing = Files.createDirectories(dir.resolve("partial"));
            IOException noDump = assertThrows(IOException.class,
                    () -> runScript(scripts, "restore.sh", List.of(missing.toString()), env));
            assertTrue(noDump.getMessage().contains(databases.get(0) + ".dump is missing"), noDump.getMessage());

            runScript(scripts, "restore.sh", List.of(runs.resolve(stamp).toString()), env);
            for (String db : databases) {
                assertEquals(source.get(db), fingerprint(fresh, db), "database " + db + " after the restore");
                assertEquals("f", fresh.psql(List.of("-At", "-d", "postgres", "-c", "SELECT rolsuper FROM pg_roles WHERE "
                        + "rolname = '" + owner(fresh, db) + "'"), Map.of()).trim(), "the trap ran with the owner's rights alone");
                assertEquals(owner(fresh, db), fresh.psql(List.of("-At", "-d", db, "-c",
                        "SELECT tableowner FROM pg_tables WHERE tablename = 'items'"), Map.of()).trim(), "owner kept");
                String owner = owner(fresh, db);
                assertEquals("251", fresh.psqlAs(fresh.port, owner, db, passwords.get(owner),
                        "INSERT INTO items (name) VALUES ('after') RETURNING id").trim().split("\n")[0],
                        "the owner writes, and the sequence continues");
                assertEquals(owner, fresh.psql(List.of("-At", "-d", db, "-c",
                        "SELECT pg_get_userbyid(extowner) FROM pg_extension WHERE extname = 'pgcrypto'"), Map.of()).trim(),
                        "the extension its owner created is its own again: its migrations may alter or drop it");
                fresh.psqlAs(fresh.port, owner, db, passwords.get(owner), "DROP EXTENSION pgcrypto; CREATE EXTENSION pgcrypto");
                assertEquals(owner, fresh.psql(List.of("-At", "-d", db, "-c",
                        "SELECT tableowner FROM pg_tables WHERE tablename = 'by_hand'"), Map.of()).trim(),
                        "the superuser's table is the owner's: the restore ran as the owner");
                assertEquals("0", fresh.psql(List.of("-At", "-d", "postgres", "-c", "SELECT count(*) FROM pg_roles WHERE "
                        + "rolname LIKE 'neotool_restore_%'"), Map.of()).trim(), "the restore's own role is gone");
                assertEquals("ext 1", fresh.psql(List.of("-At", "-d", db, "-c", "SELECT n.nspname || ' ' || (SELECT count(*) "
                        + "FROM tokens) FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = "
                        + "'uuid-ossp'"), Map.of()).trim(), "the extension in its own schema, and what uses it");
                assertEquals("0", fresh.psql(List.of("-At", "-d", db, "-c", "SELECT count(*) FROM pg_extension WHERE extname = "
                        + "'citext'"), Map.of()).trim(), "a function's body is not run");
            }
            IOException notEmpty = assertThrows(IOException.class,
                    () -> runScript(scripts, "restore.sh", List.of(runs.resolve(stamp).toString()), env));
            assertTrue(notEmpty.getMessage().contains("is not empty"), notEmpty.getMessage());
        }
    }

    private static void upload(Map<String, Object> scripts, Path backupDir, Path store, Map<String, String> extraEnv)
            throws Exception {
        Path standIn;
        try {
            standIn = Path.of(PostgresBackupTest.class.getResource("/backup/mc").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        standIn.resolve("mc").toFile().setExecutable(true);
        Map<String, String> env = new HashMap<>(Map.of("PATH", standIn + ":/usr/bin:/bin", "BACKUP_DIR", backupDir.toString(),
                "MC_CONFIG_DIR", dir.resolve("mc-config").toString(), "MC_STANDIN_ROOT", store.toString(),
                "OBJECT_STORAGE_ENDPOINT", "http://127.0.0.1:9", "OBJECT_STORAGE_ACCESS_KEY_ID", "key",
                "OBJECT_STORAGE_SECRET_ACCESS_KEY", "secret"));
        env.putAll(extraEnv);
        runScript(scripts, "upload.sh", List.of(), env);
    }

    /** A rendered script as the container runs it ({@code /bin/sh <file>}), with the given args and env only. */
    private static String runScript(Map<String, Object> scripts, String key, List<String> args, Map<String, String> env)
            throws Exception {
        Path file = dir.resolve(key);
        Files.writeString(file, (String) scripts.get(key));
        List<String> command = new ArrayList<>(List.of("/bin/sh", file.toString()));
        command.addAll(args);
        Map<String, String> clean = new HashMap<>(env);
        clean.putIfAbsent("HOME", dir.toString());
        return RealPostgres.exec(command, clean, 120);
    }

    private static List<String> listing(Path runs) throws IOException {
        try (Stream<Path> entries = Files.list(runs)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String owner(RealPostgres pg, String db) throws Exception {
        return pg.psql(List.of("-At", "-c", "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '" + db + "'"),
                Map.of()).trim();
    }

    /** Rows, sequence position and index of the test table, as one comparable text. */
    private static String fingerprint(RealPostgres pg, String db) throws Exception {
        return pg.psql(List.of("-At", "-d", db, "-c", "SELECT count(*) || ' ' || md5(string_agg(id || ':' || name || ':' || at, ',' "
                + "ORDER BY id)) || ' ' || (SELECT last_value FROM items_id_seq) || ' ' || (SELECT count(*) FROM pg_indexes "
                + "WHERE tablename = 'items') FROM items"), Map.of()).trim();
    }

    private static List<String> databases(String restoreScript) {
        return List.of(match("(?m)^databases='([^']*)'$", restoreScript).split(" "));
    }

    private static String match(String regex, String text) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), regex + " in:\n" + text);
        return m.group(1);
    }
}
