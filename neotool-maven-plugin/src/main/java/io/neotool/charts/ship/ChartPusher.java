package io.neotool.charts.ship;

import io.neotool.charts.BuildLog;
import io.neotool.charts.InputException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code neotool:push}: pushes a complete package set ({@link PackageSet}) to an OCI registry through the
 * plugin's own client ({@link RegistryClient}), as the artifacts {@code helm push} makes
 * ({@link HelmOciArtifact}), with the credentials in memory only.
 *
 * <ol>
 *   <li>Asks the registry what each version's tag holds (a {@code HEAD}, read with {@code GET} only when it is not this
 *       build's manifest): the same chart layer is skipped; a different one
 *       is refused for a release version (all conflicts named before anything is uploaded) and replaced
 *       for a {@code -SNAPSHOT} or with {@code overwrite}.</li>
 *   <li>Uploads every chart's blobs (config, chart layer) before any manifest.</li>
 *   <li>For each chart: checks the tag once more (a release someone pushed meanwhile is refused), puts the
 *       manifest, reads the tag back and fails, naming both digests, if it is not ours.</li>
 * </ol>
 * {@value PushReport#FILE} in the package directory says what was pushed so far, also after a failure.
 */
public final class ChartPusher {
    /**
     * Where to push what. {@code serverId} null: the registry's host[:port].
     *
     * @param proxy settings.xml's active proxy, or null to connect directly
     */
    public record Request(String registry, Path packages, String serverId, Credentials credentials, Path caFile,
                          boolean allowPlainHttp, boolean overwrite, RetryPolicy retry, RegistryProxy proxy) {
        public Request(String registry, Path packages, String serverId, Credentials credentials, Path caFile,
                       boolean allowPlainHttp, boolean overwrite, RetryPolicy retry) {
            this(registry, packages, serverId, credentials, caFile, allowPlainHttp, overwrite, retry, null);
        }
    }

    /** The credentials of a settings.xml server id, if it has any. */
    @FunctionalInterface
    public interface Credentials {
        Optional<RegistryCredentials> lookup(String serverId);

        Credentials NONE = id -> Optional.empty();

        static Credentials of(RegistryCredentials credentials) {
            return id -> Optional.of(credentials);
        }
    }

    public enum Status { pushed, skipped, pending, failed }

    /** One chart in push-report.json. */
    public record Result(String chart, String version, String reference, String digest, Status status) {
        Result with(String newDigest, Status newStatus) {
            return new Result(chart, version, reference, newDigest, newStatus);
        }
    }

    private final BuildLog log;

    public ChartPusher(BuildLog log) {
        this.log = log;
    }

    /** Pushes; the report is replaced at once and says how the push ended, also when it throws. */
    public List<Result> push(Request request) throws IOException {
        Path reportFile = request.packages().resolve(PushReport.FILE);
        PushReport report = PushReport.begin(reportFile);
        try {
            List<Result> results = run(request, report);
            report.succeeded(results);
            log.info("neotool:push report: " + reportFile);
            return results;
        } catch (RuntimeException | IOException e) {
            report.failed(e.getMessage());
            log.info("neotool:push report (how far the push got): " + reportFile);
            throw e;
        }
    }

    private List<Result> run(Request request, PushReport report) throws IOException {
        RegistryReference registry = RegistryReference.parse(request.registry());
        List<PackagedChart> charts = PackageSet.read(request.packages());
        if (charts.isEmpty()) {
            log.info("No package set in " + request.packages() + " (run neotool:package first); nothing to push");
            return List.of();
        }
        String serverId = request.serverId() == null || request.serverId().isBlank() ? registry.host() : request.serverId();
        RegistryCredentials credentials = request.credentials().lookup(serverId).orElse(null);
        log.info("Pushing " + charts.size() + " chart(s) to " + registry + (credentials == null
                ? " anonymously (no settings.xml server '" + serverId + "')"
                : " as " + credentials.username() + " (server '" + serverId + "')"));
        String hint = credentials == null
                ? "No credentials were used: add a <server> with id '" + serverId + "' to settings.xml"
                        + " (or set neotool.registry.serverId to the id you use)."
                : "Check the <server> with id '" + serverId + "' in settings.xml (username, password or token,"
                        + " and its write permission), or set neotool.registry.serverId.";
        if (request.proxy() != null) {
            log.info(route(request.proxy(), registry));
        }
        RegistryClient client = RegistryClient.connect(registry, credentials, request.caFile(), request.allowPlainHttp(),
                request.retry(), hint, request.proxy(), log);
        client.pushesTo(charts.stream().map(chart -> registry.repository(chart.name())).toList());

        // 1. What the registry holds; every conflict is found before anything is uploaded.
        List<HelmOciArtifact> artifacts = new ArrayList<>();
        for (PackagedChart chart : charts) {
            artifacts.add(HelmOciArtifact.of(chart));
        }
        List<Result> results = new ArrayList<>();
        List<String> conflicts = new ArrayList<>();
        for (int i = 0; i < charts.size(); i++) {
            PackagedChart chart = charts.get(i);
            Optional<RegistryClient.Manifest> remote = client.manifest(registry.repository(chart.name()), chart.tag(),
                    artifacts.get(i).asPushed());
            Result pending = new Result(chart.name(), chart.version(), registry.reference(chart), null, Status.pending);
            if (remote.isPresent() && chart.digest().equals(remote.get().chartLayerDigest())) {
                log.info("Skipped " + registry.reference(chart) + ": the registry already holds this chart (" + remote.get().digest() + ")");
                results.add(pending.with(remote.get().digest(), Status.skipped));
                continue;
            }
            if (remote.isPresent()) {
                if (!replaceable(chart, request)) {
                    conflicts.add(registry.reference(chart) + (remote.get().chartLayerDigest() == null
                            ? " holds an artifact with no Helm chart layer (an image, say)"
                            : " holds chart layer " + remote.get().chartLayerDigest()) + ", local "
                            + chart.archive().getFileName() + " is " + chart.digest());
                    results.add(pending.with(remote.get().digest(), Status.failed));
                    continue;
                }
                log.warn("Replacing " + registry.reference(chart) + " (" + (chart.snapshot() ? "SNAPSHOT version" : "neotool.push.overwrite") + ")");
            }
            results.add(pending);
        }
        if (!conflicts.isEmpty()) {
            report.progress(results); // which charts conflict, which the registry holds already: before the failure
            throw new RegistryConflictException("Registry already holds different content for: " + String.join("; ", conflicts)
                    + ". " + IMMUTABLE);
        }
        report.progress(results);

        // 2. Every chart's blobs before any manifest.
        for (int i = 0; i < charts.size(); i++) {
            if (results.get(i).status() == Status.pending) {
                PackagedChart chart = charts.get(i);
                String repository = registry.repository(chart.name());
                client.uploadBlob(repository, artifacts.get(i).config());
                client.uploadBlob(repository, artifacts.get(i).layer());
                log.debug("Uploaded the blobs of " + registry.reference(chart));
            }
        }

        // 3. Manifests, each read back.
        for (int i = 0; i < charts.size(); i++) {
            if (results.get(i).status() == Status.pending) {
                Result result = putManifest(charts.get(i), artifacts.get(i), registry, client, request, results.get(i));
                results.set(i, result);
                report.progress(results);
                if (result.status() == Status.failed) {
                    throw new RegistryConflictException("The registry's " + result.reference() + " points at manifest " + result.digest()
                            + " after this build pushed manifest " + artifacts.get(i).manifestDigest()
                            + ": another push replaced it at the same time. Check which build should own this version;"
                            + " the charts before it in push-report.json were pushed.");
                }
            }
        }
        return results;
    }

    private static final String IMMUTABLE = "Release versions are immutable: raise the version where it comes from"
            + " (chart.version in the platform spec, or the project version in the pom when the spec sets none),"
            + " then run neotool:generate and neotool:package again; the Chart.yaml files under helm/ are generated."
            + " A component's chart (postgres, vault, ...) keeps its name on every platform: where another platform"
            + " pushed it, give each platform a registry path of its own (-Dneotool.registry)."
            + " To replace a release anyway: -Dneotool.push.overwrite=true.";

    private Result putManifest(PackagedChart chart, HelmOciArtifact artifact, RegistryReference registry, RegistryClient client,
                               Request request, Result pending) {
        String repository = registry.repository(chart.name());
        String ours = artifact.manifestDigest();
        if (!replaceable(chart, request)) { // a release someone pushed since step 1
            Optional<RegistryClient.Manifest> now = client.manifest(repository, chart.tag(), artifact.asPushed());
            if (now.isPresent() && now.get().digest().equals(ours)) {
                log.info("Skipped " + pending.reference() + ": another push put the same chart there meanwhile (" + ours + ")");
                return pending.with(ours, Status.skipped);
            }
            if (now.isPresent()) {
                throw new RegistryConflictException("Registry " + pending.reference() + " was pushed by someone else during this push:"
                        + " it holds manifest " + now.get().digest() + ", this build's is " + ours + ". " + IMMUTABLE);
            }
        }
        try {
            client.putManifest(repository, chart.tag(), artifact.manifest());
        } catch (RegistryConflictException | RegistryResponseException refused) {
            // a PUT retried after its answer was lost, which the registry had stored: a registry with immutable tags
            // refuses the second one (409 or 412; Amazon ECR's TAG_INVALID, a 400), and the tag already holds exactly
            // this build's manifest
            if (!client.manifest(repository, chart.tag(), artifact.asPushed()).map(m -> m.digest().equals(ours)).orElse(false)) {
                throw refused;
            }
            log.info("Pushed " + pending.reference() + " " + ours + ": the registry refused the PUT but already held this "
                    + "build's manifest (an earlier attempt's, whose answer was lost)");
            return pending.with(ours, Status.pushed);
        }
        String back = client.manifest(repository, chart.tag(), artifact.asPushed()).map(RegistryClient.Manifest::digest)
                .orElse("nothing");
        if (!back.equals(ours)) {
            return pending.with(back, Status.failed);
        }
        log.info("Pushed " + pending.reference() + " " + ours + (chart.version().equals(chart.tag()) ? ""
                : " (for Helm: " + registry.helmVersionReference(chart) + ")"));
        return pending.with(ours, Status.pushed);
    }

    /** Whether the push goes through settings.xml's proxy, and why not when it does not. */
    private static String route(RegistryProxy proxy, RegistryReference registry) {
        if (proxy.proxies(registry.hostName())) {
            return "Through the " + proxy.describe() + " (settings.xml)";
        }
        return "Not through the " + proxy.describe() + ": " + registry.host() + (registry.loopback()
                ? " is on this machine's loopback, always reached directly" : " is one of its nonProxyHosts");
    }

    private static boolean replaceable(PackagedChart chart, Request request) {
        return chart.snapshot() || request.overwrite();
    }
}
