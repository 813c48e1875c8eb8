package io.neotool.charts.maven;

import io.neotool.charts.BuildLog;
import io.neotool.charts.render.TemplateExport;
import io.neotool.charts.render.TemplateSource;
import java.io.File;
import java.io.IOException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Copies the plugin's packaged chart templates into the project's templates directory for editing; generate
 * lays that directory over the packaged templates file by file. A file the project already has is kept (and named)
 * unless {@code neotool.export.overwrite} is set.
 */
@Mojo(name = "export-templates", threadSafe = true)
public class ExportTemplatesMojo extends AbstractNeotoolMojo {

    /** Where the templates are written: the directory generate lays over the plugin's templates. */
    @Parameter(property = PropertyNames.TEMPLATES, defaultValue = "${project.basedir}/" + AbstractSpecMojo.DEFAULT_TEMPLATES)
    File templates;

    /** Replaces templates that already exist in the project with the plugin's. */
    @Parameter(property = PropertyNames.EXPORT_OVERWRITE, defaultValue = "false")
    boolean overwrite;

    @Override
    protected void run(BuildLog log) throws IOException {
        TemplateExport.export(TemplateSource.classpath(), templates.toPath(), overwrite, log);
    }

    @Override
    protected boolean skipGoal() {
        return false;
    }
}
