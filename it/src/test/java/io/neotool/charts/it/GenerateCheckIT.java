package io.neotool.charts.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** neotool:generate and neotool:check in a consumer project that has only its own spec. */
class GenerateCheckIT {

    @Test
    void generateThenCheckPasses() throws IOException {
        MavenProject project = MavenProject.copyOf("consumer", "generate-then-check");
        MavenProject.Result generate = project.run("neotool:generate");
        assertFalse(generate.failed(), generate.log());
        Path chart = project.dir().resolve("helm/shop");
        assertTrue(Files.readString(chart.resolve("Chart.yaml")).contains("version: \"2.3.0\""));
        assertTrue(Files.readString(chart.resolve("Chart.yaml")).contains("alias: \"orders\""));
        assertTrue(Files.readString(chart.resolve("values-prod.yaml")).contains("replicas: 3"));
        assertTrue(Files.isRegularFile(chart.resolve("charts/shop-service/templates/deployment.yaml")));

        MavenProject.Result check = project.run("neotool:check");
        assertFalse(check.failed(), check.log());
        assertTrue(check.log().contains("up to date"), check.log());
    }

    @Test
    void exportedTemplatesAreLaidOverThePluginsAndADeleteMarkerRemovesOne() throws IOException {
        MavenProject project = MavenProject.copyOf("consumer", "export-templates");
        Path templates = project.dir().resolve("charts-src/templates");
        Files.createDirectories(templates.resolve("umbrella/templates"));
        // the project's own file, which export keeps
        Files.writeString(templates.resolve("umbrella/templates/NOTES.txt.peb"), "Installed.\n");
        MavenProject.Result export = project.run("neotool:export-templates");
        assertFalse(export.failed(), export.log());
        assertTrue(Files.isRegularFile(templates.resolve("umbrella/Chart.yaml.peb")), export.log());
        assertTrue(export.log().contains("Kept 1 template file(s)") && export.log().contains("NOTES.txt.peb")
                && export.log().contains("-Dneotool.export.overwrite=true"), export.log());
        assertEquals("Installed.\n", Files.readString(templates.resolve("umbrella/templates/NOTES.txt.peb")));

        // only the changed file and a delete marker stay in the project; the rest comes from the plugin
        try (var walk = Files.walk(templates)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                if (!p.getFileName().toString().equals("NOTES.txt.peb")) {
                    Files.delete(p);
                }
            }
        }
        Files.writeString(templates.resolve("umbrella/templates/networkpolicy-default-deny.yaml.delete"), "");
        MavenProject.Result generate = project.run("neotool:generate");
        assertFalse(generate.failed(), generate.log());
        Path chart = project.dir().resolve("helm/shop");
        assertTrue(Files.readString(chart.resolve("templates/NOTES.txt")).contains("Installed."));
        assertFalse(Files.exists(chart.resolve("templates/networkpolicy-default-deny.yaml")));
        assertTrue(Files.isRegularFile(chart.resolve("charts/shop-service/templates/deployment.yaml")));
    }

    /**
     * In a reactor the templates go where generate works, the project with the spec, not into every module; with no
     * spec anywhere yet, nowhere (another module may name its spec in its pom), but into a project built alone.
     */
    @Test
    void exportInAReactorWritesOnlyIntoTheProjectWithTheSpec() throws IOException {
        MavenProject project = MavenProject.copyOf("consumer", "export-reactor").withModules("app", "deploy");
        Path root = project.dir();
        Files.createDirectories(root.resolve("deploy/charts-src"));
        Files.move(root.resolve("charts-src/neotool.yaml"), root.resolve("deploy/charts-src/neotool.yaml"));

        MavenProject.Result export = project.run("neotool:export-templates");
        assertFalse(export.failed(), export.log());
        assertTrue(Files.isRegularFile(root.resolve("deploy/charts-src/templates/umbrella/Chart.yaml.peb")), export.log());
        assertFalse(Files.exists(root.resolve("charts-src/templates")), export.log());
        assertFalse(Files.exists(root.resolve("app/charts-src")), export.log());

        // no spec anywhere yet: a reactor writes nothing and says where to run it; the project alone gets them
        Files.delete(root.resolve("deploy/charts-src/neotool.yaml"));
        MavenProject.deleteTree(root.resolve("deploy/charts-src"));
        MavenProject.Result reactor = project.run("neotool:export-templates");
        assertFalse(reactor.failed(), reactor.log());
        assertTrue(reactor.log().contains("mvn -N neotool:export-templates"), reactor.log());
        assertFalse(Files.exists(root.resolve("charts-src/templates")) || Files.exists(root.resolve("app/charts-src"))
                || Files.exists(root.resolve("deploy/charts-src")), reactor.log());
        MavenProject.Result starting = project.run("-N", "neotool:export-templates");
        assertFalse(starting.failed(), starting.log());
        assertTrue(Files.isRegularFile(root.resolve("charts-src/templates/umbrella/Chart.yaml.peb")), starting.log());
        assertFalse(Files.exists(root.resolve("app/charts-src")) || Files.exists(root.resolve("deploy/charts-src")), starting.log());
    }

    @Test
    void aFileEditedByHandIsNamedByCheckGenerateLintAndPackageAndNotShipped() throws IOException {
        MavenProject project = MavenProject.copyOf("consumer", "check-hand-edit");
        assertFalse(project.run("neotool:generate").failed());
        project.edit("helm/shop/values.yaml", "replicas: 2", "replicas: 7");
        Map<String, String> before = project.snapshot("helm");

        MavenProject.Result check = project.run("neotool:check");
        assertTrue(check.failed(), check.log());
        assertTrue(check.log().contains("changed: shop/values.yaml"), check.log());
        assertTrue(check.log().contains("-   replicas: 7"), check.log());
        assertTrue(check.log().contains("+   replicas: 2"), check.log());
        assertEquals(before, project.snapshot("helm"));

        MavenProject.Result generate = project.run("neotool:generate");
        assertTrue(generate.failed(), "generate must not overwrite a hand edit silently");
        assertTrue(generate.log().contains("shop/values.yaml (edited by hand)"), generate.log());
        assertEquals(before, project.snapshot("helm"));

        // lint lints the edit with a warning; package refuses to ship it and writes nothing
        MavenProject.Result lint = project.run("neotool:lint");
        assertFalse(lint.failed(), lint.log());
        assertTrue(lint.log().contains("shop/values.yaml (edited by hand)") && lint.log().contains("neotool:package refuses them"),
                lint.log());
        MavenProject.Result packaged = project.run("neotool:package", "-Dneotool.lint.skip=true");
        assertTrue(packaged.failed(), packaged.log());
        assertTrue(packaged.log().contains("neotool:package would ship them as they are"), packaged.log());
        assertFalse(Files.exists(project.dir().resolve("target/helm")), "nothing packaged");

        assertFalse(project.run("neotool:generate", "-Dneotool.generate.force=true").failed());
        assertFalse(project.run("neotool:check").failed());
    }

    /**
     * A spec changed after generate: package alone refuses the old charts, lint warns; the lifecycle generates them
     * again first.
     * The same for the project's templates removed; with generate's inputs configured in the pom, nothing is compared.
     */
    @Test
    void packageRefusesChartsOfAnOlderSpec() throws IOException {
        MavenProject project = MavenProject.copyOf("consumer", "stale-package");
        assertFalse(project.run("neotool:generate").failed());
        Path spec = project.edit("charts-src/neotool.yaml", "replicas: 2", "replicas: 4");
        // an older time, as a copy that keeps it (cp -p, rsync -t, a CI cache's restore) leaves: the content decides
        assertTrue(spec.toFile().setLastModified(0));
        MavenProject.Result stale = project.run("neotool:package", "-Dneotool.lint.skip=true");
        assertTrue(stale.failed(), stale.log());
        assertTrue(stale.log().contains("are not what neotool:generate writes from") && stale.log().contains("shop/values.yaml"),
                stale.log());
        assertFalse(Files.exists(project.dir().resolve("target/helm")), "nothing packaged");
        // lint lints them as they are, and says they are not the spec's
        MavenProject.Result lint = project.run("neotool:lint");
        assertFalse(lint.failed(), lint.log());
        assertTrue(lint.log().contains("are not what neotool:generate writes from") && lint.log().contains("they are linted "
                + "as they are, not as the spec now says; neotool:package refuses them"), lint.log());
        // a spec edit that does not generate yet: lint still lints the charts on disk, and says why they are not compared
        project.edit("charts-src/neotool.yaml", "replicas: 4", "replicas: lots");
        MavenProject.Result broken = project.run("neotool:lint");
        assertFalse(broken.failed(), broken.log());
        assertTrue(broken.log().contains("does not generate now, so the charts in") && broken.log().contains("lots"), broken.log());
        project.edit("charts-src/neotool.yaml", "replicas: lots", "replicas: 4");
        MavenProject.Result lifecycle = project.run("package", "-Dneotool.lint.skip=true");
        assertFalse(lifecycle.failed(), lifecycle.log());
        assertTrue(Files.isDirectory(project.dir().resolve("target/helm")), lifecycle.log());

        // the project's own templates removed after generate: the charts are those of templates that are gone
        Path notes = project.dir().resolve("charts-src/templates/umbrella/templates/NOTES.txt.peb");
        Files.createDirectories(notes.getParent());
        Files.writeString(notes, "Installed.\n");
        assertFalse(project.run("neotool:generate").failed());
        MavenProject.deleteTree(project.dir().resolve("charts-src/templates"));
        MavenProject.Result gone = project.run("neotool:package", "-Dneotool.lint.skip=true");
        assertTrue(gone.failed() && gone.log().contains("shop/templates/NOTES.txt"), gone.log());

        // templates configured elsewhere in the pom: generate's inputs are not known here, so nothing is compared
        Path own = project.dir().resolve("src/tpl/umbrella/templates/NOTES.txt.peb");
        Files.createDirectories(own.getParent());
        Files.writeString(own, "Installed from src/tpl.\n");
        project.edit("pom.xml", "<executions>", "<configuration><templates>${project.basedir}/src/tpl</templates></configuration>\n"
                + "        <executions>");
        assertFalse(project.run("neotool:generate").failed());
        project.edit("charts-src/neotool.yaml", "replicas: 4", "replicas: 4 # edited").toFile()
                .setLastModified(System.currentTimeMillis() + 2000);
        MavenProject.Result configured = project.run("neotool:package", "-Dneotool.lint.skip=true");
        assertFalse(configured.failed(), configured.log());
    }

    /**
     * A release's or versions:set's new project version without a generate: check and package say that the version
     * moved, not that the spec did; generate and the committed tree are in step again.
     */
    @Test
    void aNewProjectVersionAloneIsNamedAsSuch() throws IOException {
        MavenProject project = MavenProject.copyOf("consumer", "version-only");
        assertFalse(project.run("neotool:generate").failed());
        project.edit("pom.xml", "<version>2.3.0</version>", "<version>2.4.0</version>");
        String said = "but the project version changed: the charts carry 2.3.0, the project is 2.4.0";
        MavenProject.Result check = project.run("neotool:check");
        assertTrue(check.failed() && check.log().contains(said) && check.log().contains("shop/Chart.yaml"), check.log());
        MavenProject.Result packaged = project.run("neotool:package", "-Dneotool.lint.skip=true");
        assertTrue(packaged.failed() && packaged.log().contains("would ship the charts of another version. The spec and the "
                + "templates are those the charts were generated from, " + said), packaged.log());
        assertFalse(packaged.log().contains("older spec"), packaged.log());
        assertFalse(project.run("neotool:generate").failed());
        assertFalse(project.run("neotool:check").failed());
    }

    @Test
    void aBrokenSpecFailsWithLineAndKeyPathAndLeavesTheChartsAlone() throws IOException {
        MavenProject project = MavenProject.copyOf("consumer", "broken-spec");
        assertFalse(project.run("neotool:generate").failed());
        Map<String, String> before = project.snapshot("helm");
        Path spec = project.dir().resolve("charts-src/neotool.yaml");
        Files.writeString(spec, Files.readString(spec).replace("    replicas: 2\n", "    replicaz: 2\n"));

        MavenProject.Result generate = project.run("neotool:generate");
        assertTrue(generate.failed());
        assertTrue(generate.log().contains("neotool.yaml:12:5: services.orders.replicaz: unknown key 'replicaz'; "
                + "did you mean 'replicas'?"), generate.log());
        assertEquals(before, project.snapshot("helm"));

        // a first generation that fails makes no output directory (and leaves no lock file in one)
        MavenProject.Result first = project.run("neotool:generate", "-Dneotool.output=first");
        assertTrue(first.failed(), first.log());
        assertFalse(Files.exists(project.dir().resolve("first")), "nothing written for a spec that does not load");
    }

    @Test
    void anOutputInTheTemplatesIsRefusedBeforeAnythingIsWritten() throws IOException {
        MavenProject project = MavenProject.copyOf("consumer", "output-apart");
        Map<String, String> before = project.snapshot("charts-src");
        MavenProject.Result templates = project.run("neotool:generate", "-Dneotool.output=charts-src/templates");
        assertTrue(templates.failed());
        assertTrue(templates.log().contains("charts-src/templates is the templates directory"), templates.log());
        MavenProject.Result inside = project.run("neotool:generate", "-Dneotool.output=charts-src/templates/out");
        assertTrue(inside.failed());
        assertTrue(inside.log().contains("is inside the templates directory"), inside.log());
        // a link to the templates directory is that directory
        Files.createSymbolicLink(project.dir().resolve("out"), project.dir().resolve("charts-src/templates"));
        MavenProject.Result linked = project.run("neotool:generate", "-Dneotool.output=out");
        assertTrue(linked.failed());
        assertTrue(linked.log().contains("out is the templates directory") && linked.log().contains("(through a link: "), linked.log());
        Files.delete(project.dir().resolve("out"));
        assertEquals(before, project.snapshot("charts-src"), "no lock file or chart left among the templates");
        assertFalse(project.run("neotool:generate").failed(), "a later run with the defaults is not held up");
    }

    @Test
    void skipFlagsSkip() throws IOException {
        MavenProject project = MavenProject.copyOf("consumer", "skip");
        MavenProject.Result skipped = project.run("neotool:generate", "-Dneotool.skip=true");
        assertFalse(skipped.failed(), skipped.log());
        assertTrue(skipped.log().contains("Skipping generate (neotool.skip)"), skipped.log());
        assertFalse(Files.exists(project.dir().resolve("helm")));
        MavenProject.Result goalSkipped = project.run("neotool:generate", "-Dneotool.generate.skip=true");
        assertTrue(goalSkipped.log().contains("Skipping generate (neotool.generate.skip)"), goalSkipped.log());
    }

    @Test
    void helpListsTheGoals() throws IOException {
        MavenProject project = MavenProject.copyOf("consumer", "help");
        MavenProject.Result help = project.run("neotool:help");
        assertFalse(help.failed(), help.log());
        assertTrue(help.log().contains("neotool:generate"), help.log());
        assertTrue(help.log().contains("neotool:check"), help.log());
    }
}
