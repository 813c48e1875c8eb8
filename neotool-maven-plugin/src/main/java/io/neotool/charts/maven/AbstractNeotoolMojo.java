package io.neotool.charts.maven;

import io.neotool.charts.BuildLog;
import io.neotool.charts.InputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Skip flags and error mapping for every goal. A goal only reads its parameters, builds a request and
 * calls the core: wrong input becomes a {@link MojoFailureException}, anything else (I/O, the native
 * Helm library, a registry that is down) a {@link MojoExecutionException}.
 */
abstract class AbstractNeotoolMojo extends AbstractMojo {

    /** Skips every goal of this plugin. */
    @Parameter(property = PropertyNames.SKIP, defaultValue = "false")
    private boolean skip;

    @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
    private MojoExecution mojoExecution;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip || skipGoal()) {
            getLog().info("Skipping " + goal() + " (" + (skip ? PropertyNames.SKIP : skipProperty()) + ")");
            return;
        }
        try {
            run(new MavenBuildLog(getLog()));
        } catch (InputException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (IOException | UncheckedIOException e) {
            throw new MojoExecutionException(goal() + " failed on I/O: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new MojoExecutionException(goal() + " failed: " + e.getMessage(), e);
        }
    }

    /** The goal's work. */
    protected abstract void run(BuildLog log) throws IOException, MojoFailureException;

    /** The goal's own skip flag. */
    protected abstract boolean skipGoal();

    /** The goal's name, for messages. */
    String goal() {
        return mojoExecution.getGoal();
    }

    /** The -D name of the goal's own skip flag: {@code neotool.<goal>.skip}. */
    String skipProperty() {
        return "neotool." + goal() + ".skip";
    }
}
