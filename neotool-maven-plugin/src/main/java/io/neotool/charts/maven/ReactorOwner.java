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
 * owns it, whether or not this build selects it (-pl, -rf): a module the build leaves out is not stood in for by one
 * that does not hold the path (the project Maven started in, which holds them all, aside). When no project of the
 * build holds it, the project Maven was started in owns it, else the first of the build. A path set in a pom is not
 * affected.
 */
final class ReactorOwner {
    private ReactorOwner() {}

    /**
     * The path from the command line (relative to Maven's execution root), the project that works on it and whether
     * this build runs that project.
     */
    record Claim(Path spec, Path owner, boolean ownerBuilt) {}

    /**
     * @param given the user property ({@code neotool.spec}, {@code neotool.charts}), or null
     * @param specParameter the path this project was configured with (Maven resolves a relative -D value
     *     against the project's directory)
     * @param basedir this project's directory
     * @param executionRoot the directory Maven was started in
     * @param reactor the directories of the projects this build runs, in reactor order
     * @param all the directories of every project of the reactor, those -pl or -rf leave out too
     * @return empty when this project's path does not come from the command line
     */
    static Optional<Claim> claim(String given, Path specParameter, Path basedir, Path executionRoot, List<Path> reactor,
                                 List<Path> all) {
        if (given == null || given.isBlank()
                || !absolute(specParameter).equals(absolute(basedir).resolve(given).normalize())) {
            return Optional.empty();
        }
        Path spec = absolute(executionRoot).resolve(given).normalize();
        List<Path> built = reactor.stream().map(ReactorOwner::absolute).toList();
        Path holder = holder(spec, all.stream().map(ReactorOwner::absolute).toList());
        // the project Maven started in holds every path of the repository: left out of the build, it does not
        // keep the selected projects from one that holds the path, or from the first of them
        Path owner = holder != null && (built.contains(holder) || !holder.equals(absolute(executionRoot))) ? holder
                : owner(spec, built, absolute(executionRoot));
        return Optional.of(new Claim(spec, owner, built.contains(owner)));
    }

    /** {@link #claim} of the user property {@code property} for {@code project}'s {@code parameter}, in its session. */
    static Optional<Claim> claim(String property, Path parameter, MavenProject project, MavenSession session) {
        return claim(session.getUserProperties().getProperty(property), parameter, project.getBasedir().toPath(),
                Path.of(session.getExecutionRootDirectory()), session.getProjects().stream().map(p -> p.getBasedir().toPath()).toList(),
                session.getAllProjects().stream().map(p -> p.getBasedir().toPath()).toList());
    }

    /** Whether {@code claim} names {@code project} as the one that works on its path. */
    static boolean owns(Claim claim, MavenProject project) {
        return claim.owner().equals(absolute(project.getBasedir().toPath()));
    }

    static Path owner(Path spec, List<Path> projects, Path executionRoot) {
        Path owner = holder(spec, projects);
        if (owner != null) {
            return owner;
        }
        return projects.contains(executionRoot) ? executionRoot : projects.get(0);
    }

    /** The deepest of {@code projects} whose directory holds {@code spec}, or null. */
    private static Path holder(Path spec, List<Path> projects) {
        Path owner = null;
        for (Path project : projects) {
            if (spec.startsWith(project) && (owner == null || project.getNameCount() > owner.getNameCount())) {
                owner = project;
            }
        }
        return owner;
    }

    /**
     * Says {@code said} where a project leaves the claim to its owner: as information, or as a warning when this build
     * does not run the owner, since then nothing in it works on the path.
     */
    static void sayLeft(Claim claim, String said, java.util.function.Consumer<String> info, java.util.function.Consumer<String> warn) {
        (claim.ownerBuilt() ? info : warn).accept(said);
    }

    /** How a project that does not own the claim names the one that does. */
    static String ownerSaid(Claim claim) {
        return "the project in " + claim.owner() + (claim.ownerBuilt() ? "" : " (not in this build: -pl or -rf left it out)");
    }

    /**
     * Whether another project of the build writes its charts into {@code dir}, a directory generate wrote: one that
     * configures this plugin with an {@code <output>} or {@code <charts>} there (in the plugin or one of its
     * executions), or, configuring neither, whose default charts directory ({@code helm/}) it is while it has the spec
     * at its default place.
     *
     * @param others each other project of the build: its directory, the plugin's configured directories (empty when it
     *     does not configure the plugin or sets neither), and whether it has a spec at the default place
     */
    static boolean generatedByOneOf(Path dir, List<Generator> others) {
        Path target = absolute(dir);
        for (Generator g : others) {
            List<Path> dirs = g.configured().isEmpty() && g.hasSpec() ? List.of(Path.of("helm")) : g.configured();
            if (dirs.stream().anyMatch(d -> absolute(g.basedir().resolve(d)).equals(target))) {
                return true;
            }
        }
        return false;
    }

    /** A project as {@link #generatedByOneOf} reads it. */
    record Generator(Path basedir, List<Path> configured, boolean hasSpec) {}

    /**
     * {@link Generator} of {@code project}: the {@code <output>} and {@code <charts>} its build configures for the
     * plugin {@code groupId:artifactId} (in the plugin's configuration or its executions', under plugins or
     * pluginManagement) or its properties set ({@code neotool.output}, {@code neotool.charts}), and whether it has a spec
     * (at the default place, or one its configuration or properties name).
     */
    static Generator generator(MavenProject project, String groupId, String artifactId) {
        List<String> configurations = new java.util.ArrayList<>();
        List<org.apache.maven.model.Plugin> plugins = new java.util.ArrayList<>(project.getBuildPlugins());
        if (project.getPluginManagement() != null) {
            plugins.addAll(project.getPluginManagement().getPlugins());
        }
        for (org.apache.maven.model.Plugin plugin : plugins) {
            if (groupId.equals(plugin.getGroupId()) && artifactId.equals(plugin.getArtifactId())) {
                configurations.add(String.valueOf(plugin.getConfiguration()));
                plugin.getExecutions().forEach(e -> configurations.add(String.valueOf(e.getConfiguration())));
            }
        }
        List<Path> configured = new java.util.ArrayList<>();
        boolean specNamed = false;
        for (String configuration : configurations) {
            java.util.regex.Matcher m = CONFIGURED.matcher(configuration);
            while (m.find()) {
                if (m.group(1).equals("spec")) {
                    specNamed = true;
                } else {
                    configured.add(Path.of(m.group(2).strip()));
                }
            }
        }
        java.util.Properties properties = project.getProperties();
        for (String property : List.of(PropertyNames.OUTPUT, PropertyNames.CHARTS)) {
            String value = properties == null ? null : properties.getProperty(property);
            if (value != null && !value.isBlank()) {
                configured.add(Path.of(value.strip()));
            }
        }
        specNamed |= properties != null && properties.getProperty(PropertyNames.SPEC) != null;
        Path basedir = project.getBasedir().toPath();
        return new Generator(basedir, configured,
                specNamed || java.nio.file.Files.isRegularFile(basedir.resolve(AbstractSpecMojo.DEFAULT_SPEC)));
    }

    /** An {@code <output>}, {@code <charts>} or {@code <spec>} element of a plugin configuration, as its XML prints it. */
    private static final java.util.regex.Pattern CONFIGURED =
            java.util.regex.Pattern.compile("<(output|charts|spec)>([^<]+)</\\1>");

    private static Path absolute(Path path) {
        return path.toAbsolutePath().normalize();
    }
}
