package io.neotool.charts.render;

import io.neotool.charts.BuildLog;
import io.neotool.charts.FileTrees;
import io.neotool.charts.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Copies templates (the plugin's packaged ones) into a project's templates directory, where they can be edited
 * and are laid over the packaged ones by generate. A file the project already has is kept, and named, unless
 * overwriting is asked for; each file is written whole (temporary file, then moved into place), with the permissions
 * the umask gives any file the build makes. A file that differs only by CRLF line ends (a checkout with Git's
 * core.autocrlf) counts as the same.
 */
public final class TemplateExport {
    private TemplateExport() {}

    /** @return the number of files written; files kept are logged as a warning */
    public static int export(TemplateSource source, Path dir, boolean overwrite, BuildLog log) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InputException(dir + " is not a directory; point neotool.templates at the project's templates directory");
        }
        FileTrees.removeLeftOvers(dir); // what an export killed while it wrote left
        int written = 0;
        List<String> kept = new ArrayList<>();
        for (Map.Entry<String, byte[]> file : source.files().entrySet()) {
            Path target = dir.resolve(file.getKey());
            boolean same = Files.exists(target) && sameText(Files.readAllBytes(target), file.getValue());
            // the project's own template of the same chart file under the other name (x for x.peb): the two would clash
            Path twin = dir.resolve(TemplateSource.twin(file.getKey()));
            boolean ownTwin = Files.isRegularFile(twin);
            if (same && !ownTwin) {
                continue;
            }
            if ((Files.exists(target) || ownTwin) && !overwrite) {
                kept.add(ownTwin ? file.getKey() + " (the project has " + TemplateSource.twin(file.getKey()) + ")" : file.getKey());
                continue;
            }
            if (!same) {
                Files.createDirectories(target.getParent());
                FileTrees.replace(target, file.getValue());
                log.debug("exported " + file.getKey());
                written++;
            }
            if (ownTwin) {
                Files.delete(twin); // replaced, as -Dneotool.export.overwrite=true asks (also after an export killed here)
            }
        }
        if (!kept.isEmpty()) {
            log.warn("Kept " + kept.size() + " template file(s) the project already has and that differ from "
                    + source.origin() + ": " + String.join(", ", kept) + ". Export with -Dneotool.export.overwrite=true to replace them.");
        }
        log.info("Exported " + written + " template file(s) from " + source.origin() + " to " + dir
                + (written + kept.size() < source.files().size()
                        ? " (" + (source.files().size() - written - kept.size()) + " already the same)" : "")
                + "; generate lays them over the plugin's templates");
        return written;
    }

    /** The same bytes, or the same text but for CRLF line ends (a checkout with Git's core.autocrlf). */
    private static boolean sameText(byte[] current, byte[] exported) {
        return Arrays.equals(current, exported) || TemplateSource.lf(current).equals(TemplateSource.lf(exported));
    }
}
