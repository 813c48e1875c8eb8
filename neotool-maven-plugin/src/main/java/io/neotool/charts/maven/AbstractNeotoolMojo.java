package io.neotool.charts.maven;

import io.neotool.charts.BuildLog;
import io.neotool.charts.DirectoryLock;
import io.neotool.charts.FileTrees;
import io.neotool.charts.InputException;
import io.neotool.charts.generate.GeneratedTree;
import io.neotool.charts.helm.CachedNativeLibrary;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Skip flags and error mapping for every goal. A goal only reads its parameters, builds a request and
 * calls the core: wrong input becomes a {@link MojoFailureException}, anything else (I/O, the native
 * Helm library, a registry that is down) a {@link MojoExecutionException}.
 */
abstract class AbstractNeotoolMojo extends AbstractMojo {

    /** The build-context list of every charts directory generate wrote in this build (absolute paths). */
    static final String GENERATED_DIRS = "neotool.generated-directories";

    /** Skips every goal of this plugin. */
    @Parameter(property = PropertyNames.SKIP, defaultValue = "false")
    private boolean skip;

    /**
     * How long a goal waits, in seconds, for another neotool goal (this or another build) to finish with the
     * charts or archives it needs, before it fails.
     */
    @Parameter(property = PropertyNames.LOCK_WAIT, defaultValue = "300")
    private int lockWait;

    @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
    private MojoExecution mojoExecution;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    MavenSession session;

    /** The builds whose unknown neotool.* properties were said already: once per build, not per goal and module. */
    private static final java.util.Set<MavenSession> UNKNOWN_SAID =
            java.util.Collections.newSetFromMap(java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>()));

    /**
     * Whether a property belongs to the build's own poms: one of the projects defines it (or inherits it), or a pom of
     * the reactor refers to it as ${name} (the plugin's version pinned from the command line).
     */
    private boolean ownedByBuild(String property) {
        for (MavenProject each : session.getProjects()) {
            if (each.getProperties().containsKey(property)) {
                return true;
            }
            File pom = each.getFile();
            try {
                if (pom != null && pom.isFile() && Files.readString(pom.toPath()).contains("${" + property + "}")) {
                    return true;
                }
            } catch (IOException | UncheckedIOException e) {
                // a pom Maven has read but this cannot: say the warning rather than fail on it
            }
        }
        return false;
    }

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        for (String property : PropertyNames.BOOLEANS) {
            String value = session.getUserProperties().getProperty(property);
            if (value != null && !value.isEmpty() && !value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                throw new MojoFailureException("-D" + property + "=" + value + " is not a switch Maven reads: it takes any "
                        + "value but true as false; write -D" + property + " (or =true), or =false");
            }
        }
        if (UNKNOWN_SAID.add(session)) {
            PropertyNames.unknown(session.getUserProperties(), this::ownedByBuild).forEach(getLog()::warn);
        }
        if (skip || skipGoal()) {
            getLog().info("Skipping " + goal() + " (" + (skip ? PropertyNames.SKIP : skipProperty()) + ")");
            return;
        }
        for (String property : PropertyNames.PATHS) {
            String value = session.getUserProperties().getProperty(property);
            if (value != null && value.isBlank()) {
                throw new MojoFailureException("-D" + property + " is empty, which Maven would read as the project's own "
                        + "directory: give a path, or leave the flag out for the default");
            }
        }
        try {
            run(new MavenBuildLog(getLog()));
        } catch (InputException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException(goal() + " failed on I/O: " + FileTrees.describe(e), e);
        } catch (UncheckedIOException e) {
            throw new MojoExecutionException(goal() + " failed on I/O: " + FileTrees.describe(e.getCause()), e);
        } catch (RuntimeException e) {
            throw new MojoExecutionException(goal() + " failed: " + e.getMessage(), e);
        } catch (LinkageError e) {
            UnsatisfiedLinkError helm = CachedNativeLibrary.loadFailure();
            if (helm != null) {
                throw new MojoExecutionException(goal() + " failed: " + helm.getMessage(), helm);
            }
            if (String.valueOf(e).contains("HelmLib") || String.valueOf(e).contains("com.sun.jna")) {
                throw new MojoExecutionException(goal() + " failed: Helm's native library (through JNA) did not load on this "
                        + "machine (" + System.getProperty("os.name") + " " + System.getProperty("os.arch") + "): " + e
                        + "; the README says on which machines the build runs", e);
            }
            throw e;
        }
    }

    /**
     * The charts directory this project works on: {@code charts}, or where {@code -Dneotool.charts} points when this
     * project holds it ({@link ReactorOwner}); empty, and said, when another project of the reactor works on it.
     */
    Optional<File> chartsOfThisProject(File charts, BuildLog log) {
        Optional<ReactorOwner.Claim> claim = ReactorOwner.claim(PropertyNames.CHARTS, charts.toPath(), project, session);
        if (claim.isEmpty()) {
            return Optional.of(charts);
        }
        if (!ReactorOwner.owns(claim.get(), project)) {
            ReactorOwner.sayLeft(claim.get(), PropertyNames.CHARTS + "=" + claim.get().spec() + " is worked on by "
                    + ReactorOwner.ownerSaid(claim.get()) + "; nothing to " + goal() + " in " + project.getArtifactId(),
                    log::info, log::warn);
            return Optional.empty();
        }
        return Optional.of(claim.get().spec().toFile());
    }

    /** The directories a project of the build writes as a whole (package sets, lint reports), by build: whose each is. */
    private static final Map<Object, Map<Path, String>> WRITTEN_BY = java.util.Collections.synchronizedMap(
            new java.util.WeakHashMap<>());

    /**
     * Claims {@code dir}, which this goal replaces as a whole, for this project in this build: fails when another
     * project of the build claimed it, whose archives or reports this one would replace (a shared absolute
     * -D{@code property}). Keyed by the build's request, which the sessions of a parallel build share.
     */
    void claimWholeDirectory(File dir, String what, String property) {
        Map<Path, String> claims = WRITTEN_BY.computeIfAbsent(session.getRequest(),
                r -> new java.util.concurrent.ConcurrentHashMap<>());
        String me = project.getGroupId() + ":" + project.getArtifactId();
        String other = claims.putIfAbsent(dir.toPath().toAbsolutePath().normalize(), me);
        if (other != null && !other.equals(me)) {
            throw new InputException("The " + what + " " + dir + " is also " + other + "'s in this build, and each project "
                    + "replaces it as a whole, so one's would be lost: give each project its own (-D" + property
                    + " relative to each project, e.g. target/..., or leave it out for the default)");
        }
    }

    /** Marks {@code dir} as written by generate in this build. */
    void markGenerated(File dir) {
        List<String> dirs = new ArrayList<>(generatedDirectories());
        if (!dirs.contains(dir.getAbsolutePath())) {
            dirs.add(dir.getAbsolutePath());
        }
        project.setContextValue(GENERATED_DIRS, List.copyOf(dirs));
    }

    /** The charts directories generate wrote in this build (this project), absolute. */
    @SuppressWarnings("unchecked")
    List<String> generatedDirectories() {
        Object dirs = project.getContextValue(GENERATED_DIRS);
        return dirs instanceof List<?> list ? (List<String>) list : List.of();
    }

    /** Locks {@code dir}, which this goal writes (generate), until closed ({@link DirectoryLock}). */
    DirectoryLock lock(File dir, BuildLog log) throws IOException {
        return DirectoryLock.acquire(dir.toPath(), "neotool:" + goal(), lockWait(), log);
    }

    /** Locks {@code dir}, which this goal only reads (check, lint, package): also where this build cannot write. */
    DirectoryLock lockForReading(File dir, BuildLog log) throws IOException {
        return DirectoryLock.acquireForReading(dir.toPath(), "neotool:" + goal(), lockWait(), log);
    }

    /** Locks the package set directory, which package replaces as a whole: the lock file sits beside it. */
    DirectoryLock lockPackageSet(File dir, BuildLog log) throws IOException {
        return DirectoryLock.acquireBeside(dir.toPath(), "neotool:" + goal(), lockWait(), log);
    }

    private Duration lockWait() {
        if (lockWait < 0) {
            throw new InputException(PropertyNames.LOCK_WAIT + " is " + lockWait + ": give the seconds to wait for another "
                    + "build's lock, 0 or more");
        }
        return Duration.ofSeconds(lockWait);
    }

    /**
     * Fails when this project is a directory generate wrote and the build was started there (cd helm; mvn neotool:lint)
     * or runs no project that generates into it (mvn -pl helm neotool:push, the module of the generated charts selected
     * alone): the goal finds no {@code missing} and would pass having done nothing; {@code orHere} says how to run it
     * there instead. In a build that also runs the project that generates the charts, that project does the work.
     */
    void refuseStartInGeneratedCharts(String missing, String orHere) {
        Path base = project.getBasedir().toPath().toAbsolutePath().normalize();
        if (!GeneratedTree.isGenerated(base)) {
            return;
        }
        org.apache.maven.plugin.descriptor.PluginDescriptor plugin = mojoExecution.getMojoDescriptor().getPluginDescriptor();
        List<ReactorOwner.Generator> others = session.getProjects().stream()
                .filter(p -> !p.getBasedir().toPath().toAbsolutePath().normalize().equals(base))
                .map(p -> ReactorOwner.generator(p, plugin.getGroupId(), plugin.getArtifactId())).toList();
        if (base.equals(Path.of(session.getExecutionRootDirectory()).toAbsolutePath().normalize())
                || !ReactorOwner.generatedByOneOf(base, others)) {
            throw new InputException("neotool:" + goal() + " finds no " + missing + ", and this directory (" + base
                    + ") holds the charts generate wrote: run it from the project that generates them" + orHere + ".");
        }
    }

    /**
     * Whether this project must have charts: it has a spec at the default place or at {@code spec} (the goal's
     * {@code <spec>}; a spec given on the command line only in the project that generates it, {@link ReactorOwner}),
     * {@code charts} holds what generate wrote, or generate wrote charts in this build. Then a goal that finds nothing
     * to work on fails instead of passing.
     */
    boolean expectsCharts(File charts, File spec) {
        Path base = project.getBasedir().toPath();
        return Files.isRegularFile(base.resolve(AbstractSpecMojo.DEFAULT_SPEC))
                || Files.isRegularFile(base.resolve(AbstractSpecMojo.MISNAMED_SPEC)) || GeneratedTree.isGenerated(charts.toPath())
                || spec.isFile() && ReactorOwner.claim(PropertyNames.SPEC, spec.toPath(), project, session)
                        .map(claim -> ReactorOwner.owns(claim, project)).orElse(true)
                || !generatedDirectories().isEmpty();
    }

    /**
     * Fails when the spec sits at {@code charts-src/neotool.yml} while generate looks for the default one: the build
     * would otherwise pass having generated, linted and packaged nothing.
     */
    static void refuseMisnamedSpec(Path basedir) {
        Path yml = basedir.resolve(AbstractSpecMojo.MISNAMED_SPEC);
        if (Files.isRegularFile(yml) && !Files.exists(basedir.resolve(AbstractSpecMojo.DEFAULT_SPEC))) {
            throw new InputException("Found " + yml + ", but the spec is read from " + basedir.resolve(AbstractSpecMojo.DEFAULT_SPEC)
                    + " (.yaml): rename the file, or point <spec> (" + PropertyNames.SPEC + ") at it.");
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
