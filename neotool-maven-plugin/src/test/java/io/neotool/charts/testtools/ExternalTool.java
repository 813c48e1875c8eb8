package io.neotool.charts.testtools;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A program from the machine that a test starts or calls: what it is called on PATH, the Debian package that
 * installs it and how to ask its version. Only what has no JVM distribution on Maven Central is here.
 */
public enum ExternalTool {
    /** The router's helm test runs its rendered script, which POSTs with curl (the test image's). */
    CURL("curl", "curl", "--version"),
    DOCKER_REGISTRY("docker-registry", "docker-registry", "--version"),
    /** Checks out a generated tree as Git for Windows does (core.autocrlf), to see the tree's .gitattributes hold. */
    GIT("git", "git", "--version"),
    HTPASSWD("htpasswd", "apache2-utils", null),
    /** The documentation's commands read the flow graph with it (docs/runbooks/troubleshooting.md). */
    JQ("jq", "jq", "--version"),
    OPENSSL("openssl", "openssl", "version"),
    PGBOUNCER("pgbouncer", "pgbouncer", "--version"),
    /**
     * The Prometheus server itself, started on the rendered config, rules and arguments. Debian's package is 2.42;
     * .ci/run puts the chart's own release, built from the Go module proxy, ahead of it on PATH (with promtool).
     */
    PROMETHEUS("prometheus", "prometheus", "--version"),
    PROMTOOL("promtool", "prometheus", "--version"),
    PSQL("psql", "postgresql-client", "--version"),
    /** Debian's PostgreSQL server with its client tools, not on PATH: the newest /usr/lib/postgresql/<major>/bin. */
    POSTGRES_DEBIAN("initdb", "postgresql", "--version") {
        @Override
        public Optional<Path> find() {
            Path root = Path.of("/usr/lib/postgresql");
            if (!Files.isDirectory(root)) {
                return Optional.empty();
            }
            try (java.util.stream.Stream<Path> versions = Files.list(root)) {
                return versions.filter(v -> v.getFileName().toString().matches("\\d+"))
                        .map(v -> v.resolve("bin/initdb")).filter(Files::isExecutable)
                        .max(java.util.Comparator.comparing(b -> Integer.parseInt(b.getParent().getParent().getFileName().toString())));
            } catch (java.io.IOException e) {
                return Optional.empty();
            }
        }
    },
    SHELLCHECK("shellcheck", "shellcheck", "--version"),
    /** An HTTP proxy (CONNECT tunnels, Basic login) that a push goes through, as a corporate network's. */
    TINYPROXY("tinyproxy", "tinyproxy", "-v");

    private final String command;
    private final String debianPackage;
    private final String versionArgument;

    ExternalTool(String command, String debianPackage, String versionArgument) {
        this.command = command;
        this.debianPackage = debianPackage;
        this.versionArgument = versionArgument;
    }

    public String command() {
        return command;
    }

    public String debianPackage() {
        return debianPackage;
    }

    String versionArgument() {
        return versionArgument;
    }

    /**
     * The executable on this JVM's PATH (the environment variable, as the test processes see it), if any.
     * Debian installs pgbouncer in /usr/sbin, which is on root's PATH but not always on a user's.
     */
    public Optional<Path> find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, command);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** The executable, or the calling test is skipped (locally) or fails (CI=true), naming the tool. */
    public Path require() {
        return ExternalTools.require(this).get(this);
    }
}
