package io.neotool.charts.maven;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.project.MavenProject;

/**
 * Which project of a reactor works on a path given on the command line: the spec generate reads
 * ({@code -Dneotool.spec=...}), the charts lint and package read ({@code -Dneotool.charts=...}). The user property
 * reaches every module, and each would otherwise write its own copy of the charts, or lint the same ones again (or
 * fail, the path resolved against its own directory). The project whose directory holds the path (the deepest one)
 * owns it; when none does, the project Maven was started in, else the first of the reactor. A path set in a pom is
 * not affected.
 */
final class ReactorOwner {
    private ReactorOwner() {}

    /** The path from the command line (relative to Maven's execution root) and the project that works on it. */
    record Claim(Path spec, Path owner) {}

    /**
     * @param given the user property ({@code neotool.spec}, {@code neotool.charts}), or null
     * @param specParameter the path this project was configured with (Maven resolves a relative -D value
     *     against the project's directory)
     * @param basedir this project's directory
     * @param executionRoot the directory Maven was started in
     * @param reactor the reactor's project directories, in reactor order
     * @return empty when this project's path does not come from the command line
     */
    static Optional<Claim> claim(String given, Path specParameter, Path basedir, Path executionRoot, List<Path> reactor) {
        if (given == null || given.isBlank()
                || !absolute(specParameter).equals(absolute(basedir).resolve(given).normalize())) {
            return Optional.empty();
        }
        Path spec = absolute(executionRoot).resolve(given).normalize();
        List<Path> projects = reactor.stream().map(ReactorOwner::absolute).toList();
        return Optional.of(new Claim(spec, owner(spec, projects, absolute(executionRoot))));
    }

    /** {@link #claim} of the user property {@code property} for {@code project}'s {@code parameter}, in its session. */
    static Optional<Claim> claim(String property, Path parameter, MavenProject project, MavenSession session) {
        return claim(session.getUserProperties().getProperty(property), parameter, project.getBasedir().toPath(),
                Path.of(session.getExecutionRootDirectory()), session.getProjects().stream().map(p -> p.getBasedir().toPath()).toList());
    }

    /** Whether {@code claim} names {@code project} as the one that works on its path. */
    static boolean owns(Claim claim, MavenProject project) {
        return claim.owner().equals(absolute(project.getBasedir().toPath()));
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
