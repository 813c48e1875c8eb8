package io.neotool.charts.maven;

import java.nio.file.Path;
import java.util.List;

/**
 * Which project of a reactor generates from a spec given on the command line ({@code -Dneotool.spec=...}):
 * the user property reaches every module, and each would otherwise write its own copy of the charts. The
 * project whose directory holds the spec (the deepest one) owns it; when none does, the project Maven was
 * started in, else the first of the reactor.
 */
final class SpecOwner {
    private SpecOwner() {}

    /**
     * @param spec the spec, absolute and normalised
     * @param projects the reactor's project directories, in reactor order, absolute and normalised
     * @param executionRoot the directory Maven was started in
     */
    static Path of(Path spec, List<Path> projects, Path executionRoot) {
        Path owner = null;
        for (Path project : projects) {
            if (spec.startsWith(project) && (owner == null || project.getNameCount() > owner.getNameCount())) {
                owner = project;
            }
        }
        if (owner != null) {
            return owner;
        }
        return projects.contains(executionRoot) ? executionRoot : projects.get(0);
    }
}
