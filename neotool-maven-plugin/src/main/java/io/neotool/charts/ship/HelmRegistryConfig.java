package io.neotool.charts.ship;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Guards Helm's registry config (where {@code helm registry login} keeps credentials) around a build:
 * snapshots the file (or its absence) when opened, restores it byte for byte when closed, also from a
 * JVM shutdown hook if the build is interrupted. Credentials a build logs in with never outlive it.
 *
 * <p>Which file Helm uses: helm-java builds its registry client without a credentials-file option, so
 * Helm falls back to {@code helmpath.ConfigPath("registry/config.json")}: {@code $HELM_CONFIG_HOME/registry/config.json},
 * else {@code $XDG_CONFIG_HOME/helm/registry/config.json}, else {@code $HOME/.config/helm/registry/config.json}.
 * {@code HELM_REGISTRY_CONFIG} is only read by the helm CLI, not by helm-java 0.0.21. The native library
 * reads the environment of the process once, when it loads; a running JVM cannot change it.
 */
public final class HelmRegistryConfig implements AutoCloseable {
    private final Path file;
    private final byte[] original;
    private final List<Path> createdDirectories = new ArrayList<>();
    private final Thread shutdownHook;
    private boolean closed;

    private HelmRegistryConfig(Path file, byte[] original) {
        this.file = file;
        this.original = original;
        this.shutdownHook = new Thread(this::restoreQuietly, "neotool-helm-registry-config-restore");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** The registry config file Helm (helm-java) uses in a process with environment {@code env}. */
    public static Path defaultLocation(Map<String, String> env) {
        String helmConfig = env.get("HELM_CONFIG_HOME");
        if (helmConfig != null && !helmConfig.isEmpty()) {
            return Paths.get(helmConfig, "registry", "config.json");
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isEmpty()) {
            return Paths.get(xdg, "helm", "registry", "config.json");
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Paths.get(home, ".config", "helm", "registry", "config.json");
    }

    /** Snapshots {@code file}; close the result to restore it. */
    public static HelmRegistryConfig open(Path file) throws IOException {
        byte[] original = Files.exists(file) ? Files.readAllBytes(file) : null;
        return new HelmRegistryConfig(file, original);
    }

    public Path file() {
        return file;
    }

    /**
     * Makes Helm's next login write to this file: with no credentials configured at all, Helm (oras)
     * would store them in a native helper (pass, secretservice) if one is installed, beyond this guard's
     * reach. An empty entry for {@code host} counts as configured; the restore removes it again.
     */
    public void pinToFile(String host) throws IOException {
        if (original != null) {
            String text = new String(original, StandardCharsets.UTF_8);
            if (text.contains("\"auths\"") || text.contains("\"credsStore\"") || text.contains("\"credHelpers\"")) {
                return;
            }
        }
        createParents(file.getParent());
        Files.writeString(file, "{\"auths\":{\"" + host.replace("\"", "") + "\":{}}}\n", StandardCharsets.UTF_8);
    }

    private void createParents(Path dir) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path d = dir; d != null && !Files.exists(d); d = d.getParent()) {
            missing.add(d);
        }
        Files.createDirectories(dir);
        createdDirectories.addAll(missing); // deepest first
    }

    /** Restores the file as it was when opened. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        restore();
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs anyway and finds nothing to do
        }
    }

    private synchronized void restore() throws IOException {
        if (closed) {
            return;
        }
        if (original == null) {
            Files.deleteIfExists(file);
            for (Path dir : createdDirectories) {
                try (var entries = Files.list(dir)) {
                    if (entries.findAny().isPresent()) {
                        break;
                    }
                }
                Files.deleteIfExists(dir);
            }
        } else if (!Files.exists(file) || !java.util.Arrays.equals(Files.readAllBytes(file), original)) {
            Files.write(file, original); // keeps the file's permissions when it still exists
        }
    }

    private void restoreQuietly() {
        try {
            restore();
            closed = true;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not restore Helm registry config " + file, e);
        }
    }
}
