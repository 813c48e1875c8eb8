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
 * unless {@code neotool.export.overwrite} is set. In a reactor only the project generate works in (the one with the
 * spec) gets them; a project built alone without a spec yet gets them too (a platform being started).
 */
@Mojo(name = "export-templates", threadSafe = true)
public class ExportTemplatesMojo extends AbstractNeotoolMojo {

    /** Where the templates are written: the directory generate lays over the plugin's templates. */
    @Parameter(property = PropertyNames.TEMPLATES, defaultValue = "${project.basedir}/" + AbstractSpecMojo.DEFAULT_TEMPLATES)
    File templates;

    /** The platform spec: the templates go to the project that has it, the one generate works in. */
    @Parameter(property = PropertyNames.SPEC, defaultValue = "${project.basedir}/" + AbstractSpecMojo.DEFAULT_SPEC)
    File spec;


    /** Replaces templates that already exist in the project with the plugin's. */
    @Parameter(property = PropertyNames.EXPORT_OVERWRITE, defaultValue = "false")
    boolean overwrite;

    @Override
    protected void run(BuildLog log) throws IOException {
        if (startingOut() || AbstractSpecMojo.specHere(spec, project, session, getLog()).isPresent()) {
            TemplateExport.export(TemplateSource.classpath(), templates.toPath(), overwrite, log);
        } else if (project.isExecutionRoot() && session.getProjects().size() > 1) {
            log.info("export-templates writes into the project with the spec; for a platform whose spec is not written yet,"
                    + " run it in the project that will hold it: mvn -N neotool:export-templates, or mvn -pl <module>"
                    + " neotool:export-templates");
        }
    }

    /**
     * A build of this project alone (no reactor, whose other projects may name a spec in their own configuration),
     * without a spec yet and none given: a platform being started here.
     */
    private boolean startingOut() {
        return session.getProjects().size() == 1 && session.getUserProperties().getProperty(PropertyNames.SPEC) == null
                && spec.toPath().equals(project.getBasedir().toPath().resolve(AbstractSpecMojo.DEFAULT_SPEC)) && !spec.isFile();
    }

    @Override
    protected boolean skipGoal() {
        return false;
    }
}
