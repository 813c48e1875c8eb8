package io.neotool.charts.maven;

import io.neotool.charts.BuildLog;
import io.neotool.charts.DirectoryLock;
import io.neotool.charts.generate.ChartGenerator;
import java.io.IOException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Generates the Helm charts (umbrella, subcharts, values, schema, README) from the platform spec. */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, threadSafe = true)
public class GenerateMojo extends AbstractSpecMojo {

    /** Skips this goal. */
    @Parameter(property = PropertyNames.GENERATE_SKIP, defaultValue = "false")
    boolean skipGenerate;

    /** Overwrites generated files that were edited by hand. */
    @Parameter(property = PropertyNames.GENERATE_FORCE, defaultValue = "false")
    boolean force;

    @Override
    protected void run(BuildLog log) throws IOException {
        if (hasSpec()) {
            requireOutputApart();
            // generate replaces what it wrote there before, as a whole: another project's platform would be deleted
            claimWholeDirectory(output, "charts output directory", PropertyNames.OUTPUT);
            ChartGenerator generator = new ChartGenerator();
            ChartGenerator.Prepared charts = generator.prepare(request(), log); // a bad spec fails before helm/ is made
            try (DirectoryLock lock = lock(output, log)) {
                generator.write(request(), charts, force, log);
            }
            markGenerated(output);
        }
    }

    @Override
    protected boolean skipGoal() {
        return skipGenerate;
    }
}
