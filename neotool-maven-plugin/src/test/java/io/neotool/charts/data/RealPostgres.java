package io.neotool.charts.data;

import io.neotool.charts.testtools.ExternalTool;
import io.neotool.charts.testtools.ExternalTools;
import io.neotool.charts.testtools.Loopback;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL 18 server (the deployed major version, from zonky's binaries on the test classpath: see
 * {@link PostgresBinaries}) started on 127.0.0.1 in a temporary directory, and Debian's PgBouncer beside it;
 * stopped by {@link #close()}. Tests connect through the JDBC driver; only what truly runs psql (the rendered
 * init script) uses Debian's client ({@code postgresql-client}, psql 15, which talks to an 18 server). Both
 * servers refuse to run as root: when the build runs as root (CI), they run as the {@code postgres} user
 * (created by Debian's PostgreSQL and PgBouncer packages) or else {@code nobody}, through {@code runuser}.
 * A missing PgBouncer or psql skips the test (fails it under CI=true) through {@link ExternalTools}.
 */
final class RealPostgres implements AutoCloseable {
    static final String SUPERUSER = "postgres";

    final Path dir;
    /** The server's binaries: initdb, pg_ctl, postgres (and, for {@link #startDebian()}, its client tools). */
    final Path bin;
    final int port;
    final String superuserPassword = "superuser-" + Long.toHexString(System.nanoTime());
    private final List<Process> processes = new ArrayList<>();
    private final Map<String, String> settings;
    private boolean started;

    private RealPostgres(Path bin, Map<String, String> settings) throws IOException {
        this.bin = bin;
        this.settings = Map.copyOf(settings);
        this.dir = Files.createTempDirectory("neotool-pg-");
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        this.port = Loopback.freePort();
    }

    /** PostgreSQL 18 with its default settings. */
    static RealPostgres start() throws IOException, InterruptedException {
        return start(Map.of());
    }

    /**
     * PostgreSQL 18 with server settings as a rendered postgresql.conf or command line would give them (for example
     * {@code max_connections}, {@code wal_level}), passed as {@code -c name=value}.
     */
    static RealPostgres start(Map<String, String> settings) throws IOException, InterruptedException {
        RealPostgres pg = new RealPostgres(PostgresBinaries.bin(), settings);
        try {
            pg.boot();
            ExternalTools.ranAgainst("PostgreSQL server", pg.query("SHOW server_version").strip()
                    + " (" + pg.bin.getParent().getFileName() + ")");
        } catch (IOException | RuntimeException | InterruptedException e) {
            pg.close();
            throw e;
        }
        return pg;
    }

    /**
     * Debian's PostgreSQL server (the newest under /usr/lib/postgresql), for the tests that need its client tools
     * beside the server: pg_dump, pg_restore, pg_basebackup, psql of the same version (the backup and replication
     * tests; no registry reachable here ships PostgreSQL 18's client tools). Skipped (fails under CI=true) without it.
     */
    static RealPostgres startDebian() throws IOException, InterruptedException {
        RealPostgres pg = new RealPostgres(ExternalTool.POSTGRES_DEBIAN.require().getParent(), Map.of());
        try {
            pg.boot();
            ExternalTools.ranAgainst("PostgreSQL server (Debian, with its client tools)", pg.query("SHOW server_version").strip());
        } catch (IOException | RuntimeException | InterruptedException e) {
            pg.close();
            throw e;
        }
        return pg;
    }

    /** Debian's PgBouncer from PATH (it lives in /usr/sbin), or the test is skipped (fails under CI=true). */
    static Path pgbouncerBinary() {
        return ExternalTool.PGBOUNCER.require();
    }

    private void boot() throws IOException, InterruptedException {
        Path pwfile = dir.resolve("pwfile");
        Files.writeString(pwfile, superuserPassword + "\n");
        Files.createDirectories(dir.resolve("run"));
        handOver();
        run(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", SUPERUSER,
                "--auth=scram-sha-256", "--pwfile=" + pwfile, "-E", "UTF8", "--no-sync"), Map.of(), 120);
        StringBuilder options = new StringBuilder("-c listen_addresses=127.0.0.1 -p " + port + " -k " + dir.resolve("run")
                + " -c fsync=off");
        // pg_ctl hands the options to /bin/sh: each value single-quoted
        new java.util.TreeMap<>(settings).forEach((name, value) -> options.append(" -c ").append(name).append("='")
                .append(value.replace("'", "'\\''")).append('\''));
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
                dir.resolve("postgres.log").toString(), "-w", "-t", "60", "-o", options.toString()), Map.of(), 90,
                "start");
        started = true;
    }

    /** A JDBC connection to this server or, with another port, to PgBouncer in front of it. */
    static Connection connect(int toPort, String user, String database, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "30");
        props.setProperty("socketTimeout", "60");
        props.setProperty("ApplicationName", "neotool-tests");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + toPort + "/" + database, props);
    }

    /** SQL as the superuser over JDBC, the rows as psql -At prints them. */
    String query(String sql) throws IOException, InterruptedException {
        return psqlAs(port, SUPERUSER, "postgres", superuserPassword, sql);
    }

    /**
     * Debian's psql (postgresql-client) as the superuser against the server (not through PgBouncer), failing on the
     * first SQL error: for what only psql runs (psql variables, the rendered init script's {@code -f}).
     */
    String psql(List<String> args, Map<String, String> env) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ExternalTool.PSQL.require().toString(), "-X", "-v", "ON_ERROR_STOP=1",
                "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", SUPERUSER, "-d", "postgres"));
        command.addAll(args);
        Map<String, String> withPassword = new java.util.HashMap<>(env);
        withPassword.putIfAbsent("PGPASSWORD", superuserPassword);
        return exec(command, withPassword, 60);
    }

    /**
     * SQL over JDBC to any port, user and database with a password (e.g. through PgBouncer); the rows as
     * {@code psql -At} prints them (columns joined by |, NULL empty, one line per row). A refused login or an
     * SQL error is an IOException with the server's message.
     */
    String psqlAs(int toPort, String user, String database, String password, String sql)
            throws IOException, InterruptedException {
        try (Connection c = connect(toPort, user, database, password); Statement st = c.createStatement()) {
            StringBuilder out = new StringBuilder();
            if (st.execute(sql)) {
                try (ResultSet rs = st.getResultSet()) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            String value = rs.getString(i);
                            out.append(i > 1 ? "|" : "").append(value == null ? "" : value);
                        }
                        out.append('\n');
                    }
                }
            }
            return out.toString();
        } catch (SQLException e) {
            throw new IOException(user + "@" + database + " on port " + toPort + ": " + e.getMessage(), e);
        }
    }

    /**
     * A command as the server user (after handing the directory over), e.g. a rendered script that writes a data
     * directory the server user must own; returns its output.
     */
    String runAsServer(List<String> command, Map<String, String> env, int timeoutSeconds) throws IOException, InterruptedException {
        handOver();
        return exec(asServerUser(command), env, timeoutSeconds);
    }

    /** Starts a long-running server process (as the unprivileged user when root); stopped by close(). */
    Process spawn(List<String> command, Path log) throws IOException, InterruptedException {
        handOver();
        ProcessBuilder builder = new ProcessBuilder(asServerUser(command)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).directory(dir.toFile());
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    /** A server command as the unprivileged user, via runuser when this JVM runs as root. */
    private static List<String> asServerUser(List<String> command) {
        if (!isRoot()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", serverUser(), "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private void run(List<String> command, Map<String, String> env, int timeoutSeconds, String... extra)
            throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(command);
        all.addAll(List.of(extra));
        exec(asServerUser(all), env, timeoutSeconds);
    }

    /** Gives the temporary directory to the server user (when root), so initdb and pgbouncer can write there. */
    private void handOver() throws IOException, InterruptedException {
        if (isRoot()) {
            exec(List.of("chown", "-R", serverUser() + ":", dir.toString()), Map.of(), 30);
        }
    }

    static String exec(List<String> command, Map<String, String> env, int timeoutSeconds) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("timed out: " + command);
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException("exit " + process.exitValue() + " from " + command + ":\n" + text);
        }
        return text;
    }

    /** Who runs the servers when this JVM is root: Debian's postgres user where a package made it, else nobody. */
    private static String serverUser() {
        try {
            exec(List.of("id", "-u", SUPERUSER), Map.of(), 10);
            return SUPERUSER;
        } catch (IOException e) {
            return "nobody";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "nobody";
        }
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    String log() {
        try {
            return Files.readString(dir.resolve("postgres.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroy();
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (started) {
            try {
                run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "-w"),
                        Map.of(), 60, "stop");
            } catch (IOException | InterruptedException e) {
                System.err.println("could not stop the test PostgreSQL: " + e.getMessage());
            }
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not remove " + dir + ": " + e.getMessage());
        }
    }
}
