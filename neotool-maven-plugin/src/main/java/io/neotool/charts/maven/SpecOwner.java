package io.neotool.charts.maven;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Which project of a reactor generates from a spec given on the command line ({@code -Dneotool.spec=...}):
 * the user property reaches every module, and each would otherwise write its own copy of the charts. The
 * project whose directory holds the spec (the deepest one) owns it; when none does, the project Maven was
 * started in, else the first of the reactor. A spec set in a pom is not affected.
 */
final class SpecOwner {
    private SpecOwner() {}

    /** The spec from the command line (relative to where Maven was started) and the project that generates it. */
    record Claim(Path spec, Path owner) {}

    /**
     * @param given the {@code neotool.spec} user property, or null
     * @param specParameter the spec this project was configured with (Maven resolves a relative -D value
     *     against the project's directory)
     * @param basedir this project's directory
     * @param executionRoot the directory Maven was started in
     * @param reactor the reactor's project directories, in reactor order
     * @return empty when this project's spec does not come from the command line
     */
    static Optional<Claim> claim(String given, Path specParameter, Path basedir, Path executionRoot, List<Path> reactor) {
        if (given == null || given.isBlank()
                || !absolute(specParameter).equals(absolute(basedir).resolve(given).normalize())) {
            return Optional.empty();
        }
        Path spec = absolute(executionRoot).resolve(given).normalize();
        List<Path> projects = reactor.stream().map(SpecOwner::absolute).toList();
        return Optional.of(new Claim(spec, owner(spec, projects, absolute(executionRoot))));
    }

    static Path owner(Path spec, List<Path> projects, Path executionRoot) {
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

    private static Path absolute(Path path) {
        return path.toAbsolutePath().normalize();
    }
}
