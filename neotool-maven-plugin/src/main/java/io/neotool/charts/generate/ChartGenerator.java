package io.neotool.charts.generate;

import io.neotool.charts.BuildLog;
import io.neotool.charts.FileTrees;
import io.neotool.charts.InputsDigest;
import io.neotool.charts.model.Spec;
import io.neotool.charts.model.SpecProblem;
import io.neotool.charts.model.SpecLoader;
import io.neotool.charts.render.ChartRenderer;
import io.neotool.charts.render.TemplateSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;

/** generate and check: spec, templates and output directory in; the chart tree written or compared. */
public final class ChartGenerator {

    /**
     * @param spec the platform spec (YAML)
     * @param templates a project's directory of chart templates laid over the plugin's own
     *     ({@link TemplateSource#overlay}), or null for the plugin's own alone
     * @param output where the charts go (the umbrella lands in {@code output/<chart name>})
     * @param projectVersion the chart version when the spec sets none
     */
    public record Request(Path spec, Path templates, Path output, String projectVersion) {}

    /** Renders everything in memory; nothing is written. */
    public SortedMap<String, byte[]> render(Request request) throws IOException {
        return render(request, new SpecLoader().load(request.spec(), request.projectVersion()));
    }

    private static SortedMap<String, byte[]> render(Request request, Spec spec) throws IOException {
        TemplateSource templates = request.templates() == null
                ? TemplateSource.classpath()
                : TemplateSource.classpath().overlay(request.templates());
        return new ChartRenderer(templates).render(spec);
    }

    /**
     * The record, beside the charts, of what they were generated from: lint and package compare it with the spec and
     * templates of now, and render the charts again to compare them only when it differs. A cache, not a chart: not in
     * the manifest, not compared by check; one that is missing or behind (a merge, a pom's new version) only makes
     * lint and package render again.
     */
    public static final String SOURCES = ".neotool-sources";

    private static final String DIGEST = "sha256:";
    private static final String PROJECT_VERSION = "project-version: ";
    private static final String SPEC_VERSION = "(the spec's chart.version)";

    /**
     * The text of {@link #SOURCES}: a SHA-256 of what generate reads, the spec's text and each file of the project's
     * templates directory (with LF line ends, as generate writes them: a checkout that converts them changes nothing;
     * not their paths on disk or times), and the project version where it is the charts' version ({@code fromProject}:
     * the spec sets none).
     */
    private static String sources(String inputsDigest, String projectVersion, boolean fromProject) {
        return "# What these charts were generated from: neotool:lint and neotool:package compare it with the spec of now.\n"
                + DIGEST + inputsDigest + "\n" + PROJECT_VERSION + (fromProject ? projectVersion : SPEC_VERSION) + "\n";
    }

    /** Whether {@code recorded} (a {@link #SOURCES} text) says the charts come from {@code request}'s spec and templates. */
    public static boolean sourcesMatch(Request request, String recorded) throws IOException {
        List<String> lines = recorded.lines().toList();
        return lines.contains(DIGEST + inputsDigest(request)) && (lines.contains(PROJECT_VERSION + SPEC_VERSION)
                || lines.contains(PROJECT_VERSION + request.projectVersion()));
    }

    /**
     * What to say when {@code recorded} (a {@link #SOURCES} file) says the charts come from {@code request}'s spec and
     * templates as they are now but from another project version, the charts' version (a release, versions:set, a CI
     * build's -Drevision); null otherwise.
     */
    public static String versionNote(Request request, Path recorded) throws IOException {
        if (!Files.isRegularFile(recorded)) {
            return null;
        }
        List<String> lines = Files.readString(recorded).lines().toList();
        if (!lines.contains(DIGEST + inputsDigest(request))) {
            return null;
        }
        return lines.stream().filter(l -> l.startsWith(PROJECT_VERSION)).map(l -> l.substring(PROJECT_VERSION.length()))
                .filter(v -> !v.equals(SPEC_VERSION) && !v.equals(request.projectVersion())).findFirst()
                .map(from -> "The spec and the templates are those the charts were generated from, but the project version "
                        + "changed: the charts carry " + from + ", the project is " + request.projectVersion() + " (the "
                        + "charts' version follows the pom's <version> while the spec sets no chart.version). Run "
                        + "neotool:generate and commit helm/ with the version change (a release: docs/packaging.md, "
                        + "\"Releasing\").")
                .orElse(null);
    }

    private static String inputsDigest(Request request) throws IOException {
        InputsDigest digest = new InputsDigest("generate", "").text("spec", TemplateSource.lf(Files.readAllBytes(request.spec())));
        if (request.templates() != null && Files.isDirectory(request.templates())) {
            TemplateSource.directory(request.templates()).files().forEach((path, bytes) -> digest.text("template " + path, TemplateSource.lf(bytes)));
        }
        return digest.hex();
    }

    /** The charts of a loaded spec, rendered in memory, and the record of what they were rendered from. */
    public record Prepared(SortedMap<String, byte[]> files, String sources) {}

    /**
     * Loads the spec, says its notices and renders the charts in memory: a spec or template that fails does so before
     * the output is locked, made or read.
     */
    public Prepared prepare(Request request, BuildLog log) throws IOException {
        String read = inputsDigest(request); // before the spec is loaded: an edit in between leaves the record behind
        Spec spec = new SpecLoader().load(request.spec(), request.projectVersion());
        for (SpecProblem notice : spec.notices()) {
            log.warn(notice.toString());
        }
        return new Prepared(render(request, spec), sources(read, request.projectVersion(),
                spec.base().chart().version().equals(request.projectVersion())));
    }

    /**
     * Writes what {@link #prepare} rendered, then warns of the values an installed release cannot follow: found in the
     * files before they are replaced, said only once they are (a write refused over files edited by hand says only
     * that, not what the edits changed), by the next generate when this one is killed after its commit.
     */
    public void write(Request request, Prepared prepared, boolean force, BuildLog log) throws IOException {
        GeneratedTree tree = new GeneratedTree(request.output());
        // a run killed after its commit is finished first (saying its warnings), so that these compare with its result
        tree.finishInterrupted(force, log);
        List<String> warnings = ValueChanges.warnings(request.output(), prepared.files());
        // removes the record before a change; a run killed halfway has the next one say the warnings
        tree.write(prepared.files(), warnings, force, log);
        Path record = request.output().resolve(SOURCES);
        FileTrees.removeLeftOvers(request.output()); // what a generate killed while it wrote the record left
        if (!Files.isRegularFile(record) || !Files.readString(record, StandardCharsets.UTF_8).equals(prepared.sources())) {
            FileTrees.replace(record, prepared.sources()); // a second run with nothing changed writes nothing
        }
        warnings.forEach(log::warn);
    }

    public void generate(Request request, boolean force, BuildLog log) throws IOException {
        write(request, prepare(request, log), force, log);
    }

    public GeneratedTree.Drift check(Request request) throws IOException {
        return new GeneratedTree(request.output()).drift(render(request));
    }
}
