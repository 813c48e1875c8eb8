package io.neotool.charts.generate;

import io.neotool.charts.BuildLog;
import io.neotool.charts.model.Spec;
import io.neotool.charts.model.SpecProblem;
import io.neotool.charts.model.SpecLoader;
import io.neotool.charts.render.ChartRenderer;
import io.neotool.charts.render.TemplateSource;
import io.neotool.charts.InputsDigest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

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
        SortedMap<String, byte[]> files = new TreeMap<>(new ChartRenderer(templates).render(spec));
        files.put(SOURCES, sources(request).getBytes(StandardCharsets.UTF_8));
        return files;
    }

    /**
     * The file, beside the charts, that records what they were generated from: lint and package compare it with the
     * spec and templates of now, and render the charts again to compare them only when it differs.
     */
    public static final String SOURCES = ".neotool-sources";

    /**
     * The text of {@link #SOURCES} for {@code request}: a SHA-256 of the spec's bytes, every file of the project's
     * templates directory (none when it has none) and the project version (the charts' version when the spec sets
     * none); not of their paths or times, so that a copy, a checkout or a cache restore changes it only with the content.
     */
    public static String sources(Request request) {
        InputsDigest digest = new InputsDigest("generate", "").text("projectVersion", request.projectVersion())
                .content("spec", request.spec());
        if (request.templates() != null && Files.isDirectory(request.templates())) {
            digest.contents(request.templates());
        }
        return "# What these charts were generated from: neotool:lint and neotool:package compare it with the spec of now.\n"
                + "sha256:" + digest.hex() + "\n";
    }

    /** The charts of a loaded spec, rendered in memory, and when their inputs were read. */
    public record Prepared(SortedMap<String, byte[]> files) {}

    /**
     * Loads the spec, says its notices and renders the charts in memory: a spec or template that fails does so before
     * the output is locked, made or read.
     */
    public Prepared prepare(Request request, BuildLog log) throws IOException {
        Spec spec = new SpecLoader().load(request.spec(), request.projectVersion());
        for (SpecProblem notice : spec.notices()) {
            log.warn(notice.toString());
        }
        return new Prepared(render(request, spec));
    }

    /**
     * Writes what {@link #prepare} rendered, then warns of the values an installed release cannot follow: found in the
     * files before they are replaced, said only once they are (a write refused over files edited by hand says only
     * that, not what the edits changed).
     */
    public void write(Request request, Prepared prepared, boolean force, BuildLog log) throws IOException {
        List<String> warnings = ValueChanges.warnings(request.output(), prepared.files());
        new GeneratedTree(request.output()).write(prepared.files(), force, log);
        warnings.forEach(log::warn);
    }

    public void generate(Request request, boolean force, BuildLog log) throws IOException {
        write(request, prepare(request, log), force, log);
    }

    public GeneratedTree.Drift check(Request request) throws IOException {
        return new GeneratedTree(request.output()).drift(render(request));
    }
}
