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
        StringBuilder message = new StringBuilder("Charts in " + output + " differ from what neotool:generate writes from "
                + spec + ":\n");
        drift.changed().forEach(f -> message.append("  changed: ").append(f).append('\n'));
        drift.missing().forEach(f -> message.append("  missing: ").append(f).append('\n'));
        drift.stale().forEach(f -> message.append("  no longer generated: ").append(f).append('\n'));
        drift.unknown().forEach(f -> message.append("  not generated (stray file): ").append(f).append('\n'));
        drift.diffs().forEach((f, diff) -> message.append("--- ").append(f).append('\n').append(diff));
        message.append("Run `mvn neotool:generate` and commit the result (hand edits belong in the spec or templates)"
                + (drift.unknown().isEmpty() ? "." : "; remove the stray files, which generate never touches."));
        throw new InputException(message.toString());
    }

    @Override
    protected boolean skipGoal() {
        return skipCheck;
    }
}
