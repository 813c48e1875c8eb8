package io.neotool.charts.helm;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.neotool.charts.BuildLog;
import io.neotool.charts.FileTrees;
import io.neotool.charts.InputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * The one wrapper around helm-java (Helm embedded as a native library; no helm binary). Helm reports
 * problems as {@link IllegalStateException}s with its own message: they become {@link InputException}s
 * naming the chart and values files here, and nowhere else.
 */
public final class HelmClient {
    /** Kubernetes version charts are rendered for unless told otherwise. */
    public static final String DEFAULT_KUBE_VERSION = "1.32.0";

    /** The system property JNA reads for how to turn Java strings into C strings and back. */
    static final String JNA_ENCODING = "jna.encoding";

    static {
        // Never download the native library at run time: it comes with the plugin's dependencies.
        System.setProperty("com.marcnuri.jkube-helm.skipRemoteJar", "true");
        // Helm's Go code reads and writes every string (chart paths, values, the rendered manifests) as UTF-8, while JNA
        // uses the platform's encoding unless told: windows-1252 on many Windows machines, ASCII under LANG=C, where a
        // path with an accent is not found and a non-ASCII value comes back garbled. A build's own setting stands.
        if (System.getProperty(JNA_ENCODING) == null) {
            System.setProperty(JNA_ENCODING, StandardCharsets.UTF_8.name());
        }
    }

    /** Where the renders' staged charts and Helm's captured log lines go for the length of a call. */
    private final Path scratch;

    /** Helm with its scratch files in the system's temporary directory (the tests). */
    public HelmClient() {
        this.scratch = Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** Marks a directory of scratch files this class made, so that only such directories are ever removed. */
    static final String SCRATCH_MARK = ".neotool-scratch";

    /**
     * Helm with its scratch files under {@code scratchRoot}, in the build's output directory: in a directory of this
     * process ({@code <scratchRoot>/<pid>}, marked {@value #SCRATCH_MARK}), after removing those of processes that are
     * gone (a build killed in the middle of a render leaves its staged chart there; the next build removes it). A
     * directory without the mark is never removed: the reports directory is the user's to choose.
     */
    public HelmClient(Path scratchRoot) {
        try {
            Files.createDirectories(scratchRoot);
            try (Stream<Path> dirs = Files.list(scratchRoot)) {
                for (Path dir : (Iterable<Path>) dirs::iterator) {
                    String name = dir.getFileName().toString();
                    if (name.matches("[0-9]{1,18}") && Files.isRegularFile(dir.resolve(SCRATCH_MARK), LinkOption.NOFOLLOW_LINKS)
                            && !ProcessHandle.of(Long.parseLong(name)).map(ProcessHandle::isAlive).orElse(false)) {
                        deleteTree(dir); // best effort: what cannot be removed now is tried again next time
                    }
                }
            }
            this.scratch = Files.createDirectories(scratchRoot.resolve(Long.toString(ProcessHandle.current().pid())));
            Path mark = scratch.resolve(SCRATCH_MARK);
            if (!Files.exists(mark, LinkOption.NOFOLLOW_LINKS)) {
                Files.createFile(mark);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A render of one chart: release name, namespace, Kubernetes version, values files in order, --set pairs. */
    public record RenderRequest(Path chart, String release, String namespace, String kubeVersion,
                                List<Path> valuesFiles, Map<String, String> set) {
        public RenderRequest {
            valuesFiles = List.copyOf(valuesFiles);
            set = Map.copyOf(set);
        }

        public static RenderRequest of(Path chart, String release, List<Path> valuesFiles) {
            return new RenderRequest(chart, release, "default", DEFAULT_KUBE_VERSION, valuesFiles, Map.of());
        }

        String describe() {
            return "chart " + chart + (valuesFiles.isEmpty() ? "" : " with " + valuesFiles);
        }
    }

    /**
     * {@code helm lint --strict}, with the log lines Helm writes to descriptor 2 meanwhile said at debug on {@code log},
     * each after {@code logPrefix} ({@link NativeStderr}).
     */
    public LintResult lint(Path chart, String logPrefix, BuildLog log) {
        return NativeStderr.capture(scratch, () -> lint(chart), logPrefix, log);
    }

    /** {@code helm lint --strict}: Helm's messages, and whether lint failed. */
    public LintResult lint(Path chart) {
        try {
            return new Helm(chart).lint().strict().call();
        } catch (IllegalStateException e) {
            throw new InputException("helm lint of chart " + chart + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * {@code helm lint --strict} of {@code chart} with the dependencies whose conditions are {@code conditionsOff}
     * turned off, as {@code --set <condition>=false} would (helm-java's lint takes no values): the chart is linted from
     * a staged copy whose values.yaml sets each condition's first path to false, every other file a hard link to the
     * chart's own. Helm's messages name the chart's own files. Empty when values.yaml cannot be given those values
     * safely ({@link ValuesOverride}; not UTF-8, no mapping) or Helm cannot lint the staged copy: the caller lints the
     * chart as it is, which also reports the file's own problems with its own line numbers.
     */
    public Optional<LintResult> lintWithout(Path chart, List<String> conditionsOff, String logPrefix, BuildLog log) {
        Path ownValues = chart.resolve("values.yaml");
        String values = null;
        try {
            if (!conditionsOff.isEmpty() && Files.isRegularFile(ownValues)) {
                values = ValuesOverride.withFalse(Files.readString(ownValues),
                        conditionsOff.stream().map(c -> c.strip().split(",", -1)[0]).toList());
            }
        } catch (IOException e) { // not UTF-8: Helm says what it makes of it
            values = null;
        }
        if (values == null) {
            return Optional.empty();
        }
        Path staging = null;
        try {
            staging = Files.createTempDirectory(scratch, "neotool-lint-");
            Path staged = staging.resolve(chart.getFileName().toString());
            String override = values;
            stage(chart, staged, (file, relative) -> relative.equals("values.yaml") ? override : null);
            LintResult result = lint(staged, logPrefix, log);
            return Optional.of(new LintResult(result.getMessages().stream().map(m -> m.replace(staged.toString(), chart.toString()))
                    .toList(), result.isFailed()));
        } catch (InputException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTree(staging);
        }
    }

    /**
     * {@code helm template}: the rendered manifests, hooks included (as the helm CLI prints them), as one
     * multi-document YAML string. helm-java's template leaves hooks out, so the chart is rendered from a
     * copy whose hook annotations carry another name, which the output then gets back.
     */
    public String template(RenderRequest request) {
        Path staging = null;
        try {
            staging = Files.createTempDirectory(scratch, "neotool-template-");
            Path chart = staging.resolve(request.chart().getFileName().toString());
            stage(request.chart(), chart, HelmClient::renamingHook);
            TemplateCommand command = new Helm(chart).template()
                    .withName(request.release())
                    .withNamespace(request.namespace())
                    .withKubeVersion(request.kubeVersion());
            request.valuesFiles().forEach(command::withValuesFile);
            request.set().forEach(command::set);
            // helm-java's template asks the kubeconfig's cluster for what lookup reads (the CLI's finds nothing): an
            // install's look-back at kept Secrets stays off, so that no render reaches a cluster or shows a live secret
            command.set(LOOKUP, "false");
            try {
                return JvmSignals.kept(command::call).replace(HOOK_STAND_IN, HOOK);
            } catch (IllegalStateException e) {
                String message = e.getMessage() == null ? "" : e.getMessage().replace(chart.toString(), request.chart().toString())
                        .replace(HOOK_STAND_IN, HOOK);
                throw new InputException("helm template of " + request.describe() + " failed: " + message, e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTree(staging);
        }
    }

    /** The charts' switch for an install's lookup of kept Secrets (lib.readsBack). */
    static final String LOOKUP = "global.lookup";

    private static final String HOOK = "helm.sh/hook";
    private static final String HOOK_STAND_IN = "neotool.io/rendered-hook";

    /**
     * A template naming a hook, with the hook annotation under another name; null for any other file. {@code relative}
     * is the file's path in the chart, with {@code /} between names on every system.
     */
    private static String renamingHook(Path file, String relative) {
        if (!("/" + relative).contains("/templates/")) {
            return null;
        }
        try {
            String text = Files.readString(file);
            return text.contains(HOOK) ? text.replace(HOOK, HOOK_STAND_IN) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The chart at {@code from} as {@code to}: a file for which {@code rewrite} (given the file's own path and its path
     * in the chart, names joined by {@code /} on every system) has a text
     * written with that text, every other file a hard link to the original (Helm only reads them; a fifth of the time
     * and CPU of copying the platform's ~200 files, once per environment), or a copy where the file system has no hard
     * links between the two places.
     */
    private static void stage(Path from, Path to, BiFunction<Path, String, String> rewrite) throws IOException {
        boolean links = true;
        for (Path p : FileTrees.chartTree(from)) {
            Path relative = from.relativize(p);
            Path target = to.resolve(relative.toString());
            if (Files.isDirectory(p)) {
                Files.createDirectories(target);
                continue;
            }
            String text = rewrite.apply(p, FileTrees.slashed(relative));
            if (text != null) {
                Files.writeString(target, text);
                continue;
            }
            links = links && link(p, target);
            if (!links) {
                Files.copy(p, target);
            }
        }
    }

    /** A hard link {@code link} to {@code file}; false when the file system cannot make one there. */
    private static boolean link(Path file, Path link) {
        try {
            Files.createLink(link, Files.isSymbolicLink(file) ? file.toRealPath() : file);
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            FileTrees.deleteTree(dir);
        } catch (IOException e) {
            // a temporary directory left behind is not worth failing a render for
        }
    }

    /**
     * {@code helm install --dry-run=client}: Helm's full install path (dependencies, schema, templates, NOTES)
     * without a cluster; returns Helm's release summary with the rendered NOTES.
     */
    public String dryRunInstall(RenderRequest request) {
        InstallCommand command = Helm.install(request.chart().toString())
                .withName(request.release())
                .withNamespace(request.namespace())
                .withKubeVersion(request.kubeVersion())
                .dryRun()
                .withDryRunOption(DryRun.CLIENT)
                .clientOnly();
        request.valuesFiles().forEach(command::withValuesFile);
        request.set().forEach(command::set);
        try {
            return JvmSignals.kept(command::call).getOutput();
        } catch (IllegalStateException e) {
            throw new InputException("helm install --dry-run of " + request.describe() + " failed: " + e.getMessage(), e);
        }
    }
    /** {@code helm package}: writes {@code <name>-<version>.tgz} into {@code destination}. */
    public void packageChart(Path chart, Path destination) {
        try {
            new Helm(chart).packageIt().withDestination(destination).call();
        } catch (IllegalStateException e) {
            throw new InputException("helm package of chart " + chart + " failed: " + e.getMessage(), e);
        }
    }

    /** {@code helm show chart}: the Chart.yaml Helm reads from a chart directory or archive; proves it loads. */
    public String showChart(Path chartOrArchive) {
        try {
            return Helm.show(chartOrArchive.toString()).chart().call();
        } catch (IllegalStateException e) {
            throw new InputException("Helm cannot load chart " + chartOrArchive + ": " + e.getMessage(), e);
        }
    }
}
