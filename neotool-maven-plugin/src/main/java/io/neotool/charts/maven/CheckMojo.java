package io.neotool.charts.maven;

import io.neotool.charts.BuildLog;
import io.neotool.charts.DirectoryLock;
import io.neotool.charts.InputException;
import io.neotool.charts.generate.ChartGenerator;
import io.neotool.charts.generate.GeneratedTree;
import java.io.IOException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Fails when the charts on disk differ from what generate would write; writes nothing. */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VALIDATE, threadSafe = true)
public class CheckMojo extends AbstractSpecMojo {

    /** Skips this goal. */
    @Parameter(property = PropertyNames.CHECK_SKIP, defaultValue = "false")
    boolean skipCheck;

    @Override
    protected void run(BuildLog log) throws IOException {
        if (!hasSpec()) {
            return;
        }
        requireOutputApart();
        GeneratedTree.Drift drift;
        try (DirectoryLock lock = output.isDirectory() ? lockForReading(output, log) : null) {
            drift = new ChartGenerator().check(request());
        }
        if (drift.isEmpty()) {
            log.info("Charts in " + output + " are up to date with " + spec);
            return;
        }
        String note = drift.editedByHand().isEmpty()
                ? ChartGenerator.versionNote(request(), output.toPath().resolve(ChartGenerator.SOURCES)) : null;
        throw new InputException(drift.describe(output.toPath(), spec.toPath()) + (note == null ? "" : "\n" + note));
    }

    @Override
    protected boolean skipGoal() {
        return skipCheck;
    }
}
