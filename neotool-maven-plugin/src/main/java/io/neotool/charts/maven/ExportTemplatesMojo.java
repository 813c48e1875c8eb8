package io.neotool.charts.maven;

import io.neotool.charts.BuildLog;
import io.neotool.charts.render.TemplateExport;
import io.neotool.charts.render.TemplateSource;
import java.io.File;
import java.io.IOException;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Copies the plugin's packaged chart templates into the project's templates directory for editing; generate
 * lays that directory over the packaged templates file by file. A file the project already has is kept (and named)
 * unless {@code neotool.export.overwrite} is set. In a reactor only the project generate works in (the one with the
 * spec) gets them; when no project has a spec yet, the project Maven was started in does.
 */
@Mojo(name = "export-templates", threadSafe = true)
public class ExportTemplatesMojo extends AbstractNeotoolMojo {

    /** Where the templates are written: the directory generate lays over the plugin's templates. */
    @Parameter(property = PropertyNames.TEMPLATES, defaultValue = "${project.basedir}/" + AbstractSpecMojo.DEFAULT_TEMPLATES)
    File templates;

    /** The platform spec: the templates go to the project that has it, the one generate works in. */
    @Parameter(property = PropertyNames.SPEC, defaultValue = "${project.basedir}/" + AbstractSpecMojo.DEFAULT_SPEC)
    File spec;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    MavenSession session;

    /** Replaces templates that already exist in the project with the plugin's. */
    @Parameter(property = PropertyNames.EXPORT_OVERWRITE, defaultValue = "false")
    boolean overwrite;

    @Override
    protected void run(BuildLog log) throws IOException {
        if (startingOut() || AbstractSpecMojo.specHere(spec, project, session, getLog()).isPresent()) {
            TemplateExport.export(TemplateSource.classpath(), templates.toPath(), overwrite, log);
        }
    }

    /** No spec anywhere in the build yet, none given, and this is the project Maven was started in. */
    private boolean startingOut() {
        return project.isExecutionRoot() && session.getUserProperties().getProperty(PropertyNames.SPEC) == null
                && session.getProjects().stream()
                        .noneMatch(p -> java.nio.file.Files.isRegularFile(p.getBasedir().toPath().resolve(AbstractSpecMojo.DEFAULT_SPEC)));
    }

    @Override
    protected boolean skipGoal() {
        return false;
    }
}
