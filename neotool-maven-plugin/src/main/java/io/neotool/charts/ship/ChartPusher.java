package io.neotool.charts.ship;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.neotool.charts.BuildLog;
import io.neotool.charts.InputException;
import io.neotool.charts.helm.HelmClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code neotool:push}: pushes chart archives to an OCI registry with Helm, idempotently. For each chart
 * it first asks the registry what the version's tag holds: the same chart layer (same sha256) is skipped;
 * a different one is refused for a release version and replaced for a {@code -SNAPSHOT} or when
 * {@code overwrite} is set. Every conflict is found before anything is pushed. After a push the manifest
 * is read back and its chart layer compared with the local file. Credentials are passed to Helm through a
 * login guarded by {@link HelmRegistryConfig}, and logged out and restored after.
 */
public final class ChartPusher {
    private static final Pattern TRANSIENT = Pattern.compile(
            "connection refused|connection reset|i/o timeout|timeout awaiting|EOF|\\b5\\d\\d\\b|Service Unavailable|Bad Gateway|Too Many Requests",
            Pattern.CASE_INSENSITIVE);

    /** What to push where. {@code credentials} may be null (anonymous, or what the user's Helm config has). */
    public record Request(RegistryReference registry, List<PackagedChart> charts, RegistryCredentials credentials,
                          String serverId, Path caFile, boolean allowPlainHttp, boolean overwrite,
                          Path helmRegistryConfig, Path report, RetryPolicy retry) {
        public Request {
            charts = List.copyOf(charts);
        }
    }

    public enum Status { pushed, skipped }

    /** One line of push-report.json. */
    public record Result(String chart, String version, String reference, String digest, Status status) {}

    private final HelmClient helm;
    private final BuildLog log;

    public ChartPusher(HelmClient helm, BuildLog log) {
        this.helm = helm;
        this.log = log;
    }

    public List<Result> push(Request request) throws IOException {
        RegistryReference registry = request.registry();
        String hint = request.credentials() == null
                ? "No credentials were used: add a <server> with id '" + request.serverId() + "' to settings.xml"
                        + " (or set neotool.registry.serverId to the id you use)."
                : "Check the <server> with id '" + request.serverId() + "' in settings.xml (username, password or token,"
                        + " and its write permission), or set neotool.registry.serverId.";
        RegistryClient client = RegistryClient.connect(registry, request.credentials(), request.caFile(),
                request.allowPlainHttp(), request.retry(), hint, log);
        HelmClient.RegistryTransport transport = new HelmClient.RegistryTransport(client.plainHttp(), request.caFile());

        // Decide everything before pushing anything.
        Map<PackagedChart, Optional<RegistryClient.Manifest>> existing = new LinkedHashMap<>();
        for (PackagedChart chart : request.charts()) {
            Optional<RegistryClient.Manifest> remote = client.manifest(registry.repository(chart.name()), chart.tag());
            remote.ifPresent(m -> {
                if (!chart.digest().equals(m.chartLayerDigest()) && !chart.snapshot() && !request.overwrite()) {
                    throw new InputException("Registry already holds " + registry.reference(chart) + " with different content"
                            + " (chart layer " + m.chartLayerDigest() + ", local " + chart.archive().getFileName() + " is "
                            + chart.digest() + "). Release versions are immutable: bump the version in Chart.yaml,"
                            + " or force with -Dneotool.push.overwrite=true.");
                }
            });
            existing.put(chart, remote);
        }

        List<Result> results = new ArrayList<>();
        List<PackagedChart> toPush = new ArrayList<>();
        for (Map.Entry<PackagedChart, Optional<RegistryClient.Manifest>> e : existing.entrySet()) {
            PackagedChart chart = e.getKey();
            Optional<RegistryClient.Manifest> remote = e.getValue();
            if (remote.isPresent() && chart.digest().equals(remote.get().chartLayerDigest())) {
                log.info("Skipped " + registry.reference(chart) + ": the registry already holds this chart (" + remote.get().digest() + ")");
                results.add(new Result(chart.name(), chart.version(), registry.reference(chart), remote.get().digest(), Status.skipped));
            } else {
                if (remote.isPresent()) {
                    log.warn("Replacing " + registry.reference(chart) + " (" + (chart.snapshot() ? "SNAPSHOT version" : "neotool.push.overwrite") + ")");
                }
                toPush.add(chart);
                results.add(null);
            }
        }

        if (!toPush.isEmpty()) {
            try (HelmRegistryConfig guard = HelmRegistryConfig.open(request.helmRegistryConfig())) {
                boolean loggedIn = false;
                try {
                    if (request.credentials() != null) {
                        guard.pinToFile(registry.host());
                        login(request, transport, hint);
                        loggedIn = true;
                    }
                    for (int i = 0; i < results.size(); i++) {
                        if (results.get(i) == null) {
                            PackagedChart chart = request.charts().get(i);
                            results.set(i, pushOne(chart, request, transport, client));
                        }
                    }
                } finally {
                    if (loggedIn) {
                        try {
                            helm.logout(registry.host(), transport);
                        } catch (RuntimeException e) {
                            log.debug("helm registry logout: " + e.getMessage());
                        }
                    }
                }
            }
        }
        writeReport(request.report(), results);
        return results;
    }

    private void login(Request request, HelmClient.RegistryTransport transport, String hint) {
        try {
            retrying("login to " + request.registry().host(), request.retry(),
                    () -> helm.login(request.registry().host(), request.credentials().username(), request.credentials().password(), transport));
        } catch (HelmClient.RegistryException e) {
            if (e.getMessage().contains("401") || e.getMessage().contains("403") || e.getMessage().toLowerCase().contains("unauthorized")) {
                throw new RegistryAuthException(e.getMessage() + ". " + hint, e);
            }
            throw e;
        }
    }

    private Result pushOne(PackagedChart chart, Request request, HelmClient.RegistryTransport transport, RegistryClient client) {
        RegistryReference registry = request.registry();
        try {
            retrying("push of " + chart.archive().getFileName(), request.retry(),
                    () -> helm.push(chart.archive(), registry.helmRemote(), transport));
        } catch (HelmClient.RegistryException e) {
            String m = e.getMessage();
            if (m.contains("401") || m.contains("403") || m.toLowerCase().contains("unauthorized") || m.toLowerCase().contains("denied")) {
                throw new RegistryAuthException(m + ". Check the <server> with id '" + request.serverId() + "' in settings.xml"
                        + " or set neotool.registry.serverId.", e);
            }
            throw e;
        }
        RegistryClient.Manifest pushed = client.manifest(registry.repository(chart.name()), chart.tag())
                .orElseThrow(() -> new IllegalStateException("Helm pushed " + registry.reference(chart) + " but the registry does not list it"));
        if (!chart.digest().equals(pushed.chartLayerDigest())) {
            throw new IllegalStateException("The registry holds " + registry.reference(chart) + " with chart layer "
                    + pushed.chartLayerDigest() + " after the push, not the local " + chart.digest());
        }
        log.info("Pushed " + registry.reference(chart) + " " + pushed.digest());
        return new Result(chart.name(), chart.version(), registry.reference(chart), pushed.digest(), Status.pushed);
    }

    private void retrying(String what, RetryPolicy retry, Runnable action) {
        for (int attempt = 1; ; attempt++) {
            try {
                action.run();
                return;
            } catch (HelmClient.RegistryException e) {
                if (attempt >= retry.attempts() || !TRANSIENT.matcher(e.getMessage()).find()
                        || e.getMessage().contains("401") || e.getMessage().contains("403")) {
                    if (attempt > 1) {
                        throw new RegistryUnavailableException(what + " failed after " + attempt + " attempts: " + e.getMessage(), e);
                    }
                    throw e;
                }
                long delay = retry.delayAfter(attempt).toMillis();
                log.warn(what + " failed (" + e.getMessage() + "); retrying in " + delay + " ms");
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static void writeReport(Path report, List<Result> results) throws IOException {
        if (report == null) {
            return;
        }
        Files.createDirectories(report.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(report.toFile(), results);
    }
}
