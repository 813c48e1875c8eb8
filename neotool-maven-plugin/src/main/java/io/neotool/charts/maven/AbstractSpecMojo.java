package io.neotool.charts.maven;

import io.neotool.charts.InputException;
import io.neotool.charts.generate.ChartGenerator;
import java.io.File;
import java.nio.file.Files;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/** The parameters generate and check share: where the spec, the templates and the charts are. */
abstract class AbstractSpecMojo extends AbstractNeotoolMojo {
    static final String DEFAULT_SPEC = "charts-src/neotool.yaml";
    static final String DEFAULT_TEMPLATES = "charts-src/templates";

    /** The platform spec. A project without one (at the default place) is skipped. */
    @Parameter(property = PropertyNames.SPEC, defaultValue = "${project.basedir}/" + DEFAULT_SPEC)
    File spec;

    /** Chart templates; when the default directory does not exist, the templates packaged in the plugin are used. */
    @Parameter(property = PropertyNames.TEMPLATES, defaultValue = "${project.basedir}/" + DEFAULT_TEMPLATES)
    File templates;

    /** Where the charts are written; the umbrella chart lands in a directory named after it. */
    @Parameter(property = PropertyNames.OUTPUT, defaultValue = "${project.basedir}/helm")
    File output;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    /** Whether there is a spec to work on; false for a project without one at the default place. */
    boolean hasSpec() {
        if (spec.isFile()) {
            return true;
        }
        if (spec.toPath().equals(project.getBasedir().toPath().resolve(DEFAULT_SPEC))) {
            getLog().info("No platform spec at " + spec + "; nothing to do in " + project.getArtifactId());
            return false;
        }
        throw new InputException("spec " + spec + " does not exist; fix the path given in " + PropertyNames.SPEC);
    }

    ChartGenerator.Request request() {
        boolean defaultTemplates = templates.toPath().equals(project.getBasedir().toPath().resolve(DEFAULT_TEMPLATES));
        boolean useOwn = Files.isDirectory(templates.toPath()) || !defaultTemplates;
        return new ChartGenerator.Request(spec.toPath(), useOwn ? templates.toPath() : null, output.toPath(),
                project.getVersion());
    }
}
