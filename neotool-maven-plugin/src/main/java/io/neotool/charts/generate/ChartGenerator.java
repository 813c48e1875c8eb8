package io.neotool.charts.generate;

import io.neotool.charts.BuildLog;
import io.neotool.charts.model.Spec;
import io.neotool.charts.model.SpecProblem;
import io.neotool.charts.model.SpecLoader;
import io.neotool.charts.render.ChartRenderer;
import io.neotool.charts.render.TemplateSource;
import java.io.IOException;
import java.nio.file.Path;
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

    public void generate(Request request, boolean force, BuildLog log) throws IOException {
        long inputsRead = System.currentTimeMillis();
        Spec spec = new SpecLoader().load(request.spec(), request.projectVersion());
        for (SpecProblem notice : spec.notices()) {
            log.warn(notice.toString());
        }
        SortedMap<String, byte[]> files = render(request, spec);
        for (String change : ValueChanges.find(request.output(), files, ValueChanges.VOLUME_SIZES)) {
            log.warn("Volume size changed, " + change + ": helm upgrade of an installed release fails, as a StatefulSet's "
                    + "volumeClaimTemplates cannot change; grow its PVCs first (docs/data.md, Growing a volume)");
        }
        for (String change : ValueChanges.find(request.output(), files, ValueChanges.DATA_NAMESPACES)) {
            log.warn("Namespace changed, " + change + ": helm upgrade of an installed release starts the component in the new "
                    + "namespace and leaves what it kept (volumes, Secrets) in the old one; to keep it there, write the old "
                    + "namespace at that key and declare it under namespaces (chart.namespacePrefix renames only the "
                    + "namespaces the spec does not write)");
        }
        for (String change : ValueChanges.find(request.output(), files, ValueChanges.DATA_BUCKETS)) {
            log.warn("Bucket changed, " + change + ": an installed release's data stays in the old bucket; create the new "
                    + "one first where the operator makes them (R2: docs/r2.md), or write the old name in the spec");
        }
        for (String change : ValueChanges.find(request.output(), files, ValueChanges.POSTGRES_MAJOR)) {
            log.warn("PostgreSQL major version changed, " + change + ": on helm upgrade of an installed release the "
                    + "server pods stop at their check-data or clone init container, as the new version finds no cluster "
                    + "of its own on the volume; move the data first (docs/data.md, A new major version), or keep the "
                    + "old major version");
        }
        new GeneratedTree(request.output()).write(files, force, log, inputsRead);
    }

    public GeneratedTree.Drift check(Request request) throws IOException {
        return new GeneratedTree(request.output()).drift(render(request));
    }
}
