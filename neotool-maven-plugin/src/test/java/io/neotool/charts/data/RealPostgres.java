package io.neotool.charts.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's PostgreSQL and PgBouncer, started for real on 127.0.0.1 in a temporary directory and stopped by
 * {@link #close()}. Both refuse to run as root: when the build runs as root (CI), the servers run as the
 * Debian {@code postgres} user through {@code runuser}. Tests are skipped (an assumption, reported as
 * skipped) only when the binaries are not installed.
 */
final class RealPostgres implements AutoCloseable {
    static final String SUPERUSER = "postgres";

    final Path dir;
    final Path bin;
    final int port;
    final String superuserPassword = "superuser-" + Long.toHexString(System.nanoTime());
    private final List<Process> processes = new ArrayList<>();
    private boolean started;

    private RealPostgres(Path bin) throws IOException {
        this.bin = bin;
        this.dir = Files.createTempDirectory("neotool-pg-");
        this.port = freePort();
    }

    /** Where Debian installs the PostgreSQL server binaries (the newest version), or skips the test. */
    static RealPostgres start() throws IOException, InterruptedException {
        return startDebian();
    }

    /**
     * Debian's PostgreSQL (the newest under /usr/lib/postgresql), for tests that need its client tools beside the
     * server: pg_dump, pg_restore, pg_basebackup, psql (the backup and replication tests).
     */
    static RealPostgres startDebian() throws IOException, InterruptedException {
        Path root = Path.of("/usr/lib/postgresql");
        Path bin = null;
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                bin = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))))
                        .orElse(null);
            }
        }
        assumeTrue(bin != null, "Debian postgresql is not installed (apt-get install postgresql): skipped");
        RealPostgres pg = new RealPostgres(bin);
        try {
            pg.boot();
        } catch (IOException | RuntimeException | InterruptedException e) {
            pg.close();
            throw e;
        }
        return pg;
    }

    static Path pgbouncerBinary() {
        Path pgbouncer = Path.of("/usr/sbin/pgbouncer");
        assumeTrue(Files.isExecutable(pgbouncer), "Debian pgbouncer is not installed (apt-get install pgbouncer): skipped");
        return pgbouncer;
    }

    private void boot() throws IOException, InterruptedException {
        Path pwfile = dir.resolve("pwfile");
        Files.writeString(pwfile, superuserPassword + "\n");
        Files.createDirectories(dir.resolve("run"));
        handOver();
        run(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", SUPERUSER,
                "--auth=scram-sha-256", "--pwfile=" + pwfile, "-E", "UTF8", "--no-sync"), Map.of(), 120);
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
                dir.resolve("postgres.log").toString(), "-w", "-t", "60", "-o",
                "-c listen_addresses=127.0.0.1 -p " + port + " -k " + dir.resolve("run") + " -c fsync=off"), Map.of(), 90,
                "start");
        started = true;
    }

    /** psql as the superuser against the server (not through PgBouncer), failing on the first SQL error. */
    String psql(List<String> args, Map<String, String> env) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(bin.resolve("psql").toString(), "-X", "-v", "ON_ERROR_STOP=1",
                "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", SUPERUSER, "-d", "postgres"));
        command.addAll(args);
        Map<String, String> withPassword = new java.util.HashMap<>(env);
        withPassword.putIfAbsent("PGPASSWORD", superuserPassword);
        return exec(command, withPassword, 60);
    }

    /** psql to any host, port, user and database with a password, e.g. through PgBouncer. */
    String psqlAs(int toPort, String user, String database, String password, String sql) throws IOException, InterruptedException {
        return exec(List.of(bin.resolve("psql").toString(), "-X", "-v", "ON_ERROR_STOP=1", "-At", "-h", "127.0.0.1",
                "-p", String.valueOf(toPort), "-U", user, "-d", database, "-c", sql), Map.of("PGPASSWORD", password), 60);
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

    /**
     * A command as the server user (after handing the directory over), e.g. a rendered script that writes a data
     * directory the server user must own; returns its output.
     */
    String runAsServer(List<String> command, Map<String, String> env, int timeoutSeconds) throws IOException, InterruptedException {
        handOver();
        return exec(asServerUser(command), env, timeoutSeconds);
    }

    /** A server command as the unprivileged user, via runuser when this JVM runs as root. */
    private static List<String> asServerUser(List<String> command) {
        if (!isRoot()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", SUPERUSER, "--"));
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
            exec(List.of("chown", "-R", SUPERUSER + ":", dir.toString()), Map.of(), 30);
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

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
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
