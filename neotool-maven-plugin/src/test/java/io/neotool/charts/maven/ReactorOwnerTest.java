package io.neotool.charts.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** -Dneotool.spec reaches every module of a reactor; only one project may generate from it. */
class ReactorOwnerTest {
    private static final Path ROOT = Path.of("/repo");
    private static final Path PLUGIN = ROOT.resolve("neotool-maven-plugin");
    private static final Path HELM = ROOT.resolve("helm");
    private static final Path IT = ROOT.resolve("it");
    private static final List<Path> REACTOR = List.of(ROOT, PLUGIN, HELM, IT);

    @Test
    void theProjectThatHoldsTheSpecOwnsIt() {
        assertEquals(ROOT, ReactorOwner.owner(ROOT.resolve("charts-src/neotool.yaml"), REACTOR, ROOT));
        assertEquals(HELM, ReactorOwner.owner(HELM.resolve("specs/other.yaml"), REACTOR, ROOT));
        // the deepest project, whatever the reactor order
        assertEquals(HELM, ReactorOwner.owner(HELM.resolve("x.yaml"), List.of(HELM, ROOT), ROOT));
        // a sibling whose name starts the same is not a parent
        assertEquals(ROOT, ReactorOwner.owner(Path.of("/repo/helm-extra/x.yaml"), REACTOR, ROOT));
    }

    @Test
    void aSpecOutsideTheReactorBelongsToTheProjectMavenStartedIn() {
        assertEquals(ROOT, ReactorOwner.owner(Path.of("/elsewhere/spec.yaml"), REACTOR, ROOT));
        assertEquals(HELM, ReactorOwner.owner(Path.of("/elsewhere/spec.yaml"), REACTOR, HELM));
        // -pl helm from the root: the root is not in the reactor, the first project is
        assertEquals(HELM, ReactorOwner.owner(Path.of("/elsewhere/spec.yaml"), List.of(HELM, IT), ROOT));
    }

    /**
     * -pl (or -rf) leaving out the project that holds the spec: no module of the build stands in for it (it would
     * generate, lint and package the platform into its own directory); each says who owns it and that it is not built.
     */
    @Test
    void aHolderTheBuildLeavesOutIsStillTheOwner() {
        Path charts = ROOT.resolve("charts");
        Path other = ROOT.resolve("other");
        List<Path> all = List.of(ROOT, charts, other);
        ReactorOwner.Claim claim = ReactorOwner.claim("charts/charts-src/neotool.yaml", other.resolve("charts/charts-src/neotool.yaml"),
                other, ROOT, List.of(other), all).orElseThrow();
        assertEquals(new ReactorOwner.Claim(charts.resolve("charts-src/neotool.yaml"), charts, false), claim);
        assertEquals("the project in " + charts + " (not in this build: -pl or -rf left it out)", ReactorOwner.ownerSaid(claim));
        // -pl helm with a spec of the root's, which Maven started in: the root holds everything, and helm generates
        assertEquals(HELM, ReactorOwner.claim("charts-src/neotool.yaml", HELM.resolve("charts-src/neotool.yaml"), HELM, ROOT,
                List.of(HELM), REACTOR).orElseThrow().owner());
        // a spec no project holds still falls to the build's first project
        assertEquals(other, ReactorOwner.claim("/elsewhere/spec.yaml", Path.of("/elsewhere/spec.yaml"), other, ROOT, List.of(other),
                all).orElseThrow().owner());
    }

    @Test
    void everyModuleSeesTheSameClaimForAnAbsoluteSpec() {
        String given = "/repo/specs/shop.yaml";
        for (Path module : REACTOR) {
            assertEquals(Optional.of(new ReactorOwner.Claim(Path.of(given), ROOT, true)),
                    ReactorOwner.claim(given, Path.of(given), module, ROOT, REACTOR, REACTOR), module.toString());
        }
    }

    @Test
    void aRelativeSpecIsTakenFromWhereMavenStarted() {
        // Maven resolved it against each module's directory; the user meant the directory they are in
        for (Path module : REACTOR) {
            assertEquals(Optional.of(new ReactorOwner.Claim(HELM.resolve("specs/shop.yaml"), HELM, true)),
                    ReactorOwner.claim("helm/specs/shop.yaml", module.resolve("helm/specs/shop.yaml"), module, ROOT, REACTOR, REACTOR),
                    module.toString());
        }
    }

    @Test
    void aSpecSetInAPomOrNoSpecOnTheCommandLineIsNotClaimed() {
        assertEquals(Optional.empty(), ReactorOwner.claim(null, HELM.resolve("../charts-src/neotool.yaml"), HELM, ROOT, REACTOR, REACTOR));
        // the helm module configures its own spec: the command line's does not replace it
        assertEquals(Optional.empty(), ReactorOwner.claim("/elsewhere/spec.yaml", ROOT.resolve("charts-src/neotool.yaml"), HELM,
                ROOT, REACTOR, REACTOR));
    }

    /**
     * The generated charts' module stands aside only for a project of the build that generates into it: one whose
     * plugin configuration names the directory (a sibling's ../charts), or, naming none, has the spec and the default
     * helm/ there; an aggregator above it without either does not.
     */
    @Test
    void theGeneratedChartsAreAnotherProjectsWhenItGeneratesThere() {
        Path charts = Path.of("/repo/charts");
        ReactorOwner.Generator sibling = new ReactorOwner.Generator(Path.of("/repo/platform"), List.of(Path.of("../charts")), true);
        ReactorOwner.Generator aggregator = new ReactorOwner.Generator(Path.of("/repo"), List.of(), false);
        ReactorOwner.Generator elsewhere = new ReactorOwner.Generator(Path.of("/repo/platform"), List.of(Path.of("out")), true);
        assertTrue(ReactorOwner.generatedByOneOf(charts, List.of(aggregator, sibling)));
        assertFalse(ReactorOwner.generatedByOneOf(charts, List.of(aggregator)), "a project above it generates nothing there");
        assertFalse(ReactorOwner.generatedByOneOf(charts, List.of(elsewhere)));
        assertFalse(ReactorOwner.generatedByOneOf(charts, List.of()));
        // the default charts directory of a project with the spec at its default place
        Path helm = Path.of("/repo/helm");
        assertTrue(ReactorOwner.generatedByOneOf(helm, List.of(new ReactorOwner.Generator(Path.of("/repo"), List.of(), true))));
        assertFalse(ReactorOwner.generatedByOneOf(helm, List.of(aggregator)), "without a spec it generates nothing");
        assertTrue(ReactorOwner.generatedByOneOf(helm, List.of(new ReactorOwner.Generator(Path.of("/repo"),
                List.of(Path.of("/repo/helm")), false))), "an absolute <output>");
    }

    /**
     * A project's generator as Maven hands it over: the plugin's configuration under plugins or pluginManagement (an
     * execution's too), or the properties the parameters read; a spec named there counts as the default one.
     */
    @Test
    void aProjectsOutputIsReadFromItsPluginItsPluginManagementAndItsProperties(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path deploy = dir.resolve("deploy");
        org.apache.maven.project.MavenProject byProperty = project(dir);
        byProperty.getModel().getProperties().setProperty("neotool.output", deploy.toString());
        assertTrue(ReactorOwner.generatedByOneOf(deploy, List.of(generator(byProperty))));

        org.apache.maven.project.MavenProject managed = project(dir);
        org.apache.maven.model.Plugin plugin = plugin("<configuration><output>deploy</output></configuration>");
        managed.getModel().getBuild().setPluginManagement(new org.apache.maven.model.PluginManagement());
        managed.getModel().getBuild().getPluginManagement().addPlugin(plugin);
        assertTrue(ReactorOwner.generatedByOneOf(deploy, List.of(generator(managed))));

        org.apache.maven.project.MavenProject execution = project(dir);
        org.apache.maven.model.Plugin declared = plugin("<configuration/>");
        org.apache.maven.model.PluginExecution generate = new org.apache.maven.model.PluginExecution();
        generate.setConfiguration(org.codehaus.plexus.util.xml.Xpp3DomBuilder.build(new java.io.StringReader(
                "<configuration><spec>elsewhere/platform.yaml</spec></configuration>")));
        declared.addExecution(generate);
        execution.getModel().getBuild().addPlugin(declared);
        assertTrue(ReactorOwner.generatedByOneOf(dir.resolve("helm"), List.of(generator(execution))), "a named spec, the default helm/");
        assertFalse(ReactorOwner.generatedByOneOf(deploy, List.of(generator(execution))));
        assertFalse(ReactorOwner.generatedByOneOf(dir.resolve("helm"), List.of(generator(project(dir)))), "no spec, no plugin");
    }

    private static org.apache.maven.project.MavenProject project(Path dir) {
        org.apache.maven.model.Model model = new org.apache.maven.model.Model();
        model.setGroupId("g");
        model.setArtifactId("a");
        model.setVersion("1");
        model.setBuild(new org.apache.maven.model.Build());
        org.apache.maven.project.MavenProject project = new org.apache.maven.project.MavenProject(model);
        project.setFile(dir.resolve("pom.xml").toFile());
        return project;
    }

    private static org.apache.maven.model.Plugin plugin(String configuration) throws Exception {
        org.apache.maven.model.Plugin plugin = new org.apache.maven.model.Plugin();
        plugin.setGroupId("io.neotool");
        plugin.setArtifactId("neotool-maven-plugin");
        plugin.setConfiguration(org.codehaus.plexus.util.xml.Xpp3DomBuilder.build(new java.io.StringReader(configuration)));
        return plugin;
    }

    private static ReactorOwner.Generator generator(org.apache.maven.project.MavenProject project) {
        return ReactorOwner.generator(project, "io.neotool", "neotool-maven-plugin");
    }
}
