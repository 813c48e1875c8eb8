package io.neotool.charts.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.BuildLog;
import io.neotool.charts.DirectoryLock;
import io.neotool.charts.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Goals never read a tree another goal is writing, never ship a file generate did not write, and never pass
 * having checked nothing; a spec given on the command line is generated once in a reactor.
 */
class ChartsGuardIT {

    @Test
    void aStrayTemplateIsReportedByCheckAndRefusedByPackage() throws IOException {
        MavenProject project = MavenProject.copyOf("consumer", "stray-template");
        assertFalse(project.run("neotool:generate").failed());
        Files.writeString(project.dir().resolve("helm/shop/templates/stray.yaml"), "apiVersion: v1\nkind: Secret\n");

        MavenProject.Result check = project.run("neotool:check");
        assertTrue(check.failed(), check.log());
        assertTrue(check.log().contains("not generated (stray file): shop/templates/stray.yaml"), check.log());

        MavenProject.Result packaged = project.run("neotool:package", "-Dneotool.lint.skip=true");
        assertTrue(packaged.failed(), packaged.log());
        assertTrue(packaged.log().contains("hold files neotool:generate did not write"), packaged.log());
        assertTrue(packaged.log().contains("shop/templates/stray.yaml"), packaged.log());
        // pointed at the chart itself, the goal still reads it as part of the charts generate wrote
        MavenProject.Result oneChart = project.run("neotool:package", "-Dneotool.lint.skip=true", "-Dneotool.charts=helm/shop");
        assertTrue(oneChart.failed(), oneChart.log());
        assertTrue(oneChart.log().contains("hold files neotool:generate did not write")
                && oneChart.log().contains("shop/templates/stray.yaml"), oneChart.log());
        assertFalse(Files.exists(project.dir().resolve("target/helm/shop-2.3.0.tgz")));
    }

    @Test
    void goalsWaitForAGenerateInProgressThenFailClearly() throws IOException {
        MavenProject project = MavenProject.copyOf("consumer", "locked");
        assertFalse(project.run("neotool:generate").failed());
        Path helm = project.dir().resolve("helm");
        // this JVM stands for a generate paused in the middle of its write
        try (DirectoryLock generating = DirectoryLock.acquire(helm, "neotool:generate", Duration.ofSeconds(5), BuildLog.SILENT)) {
            for (String goal : new String[] {"neotool:package", "neotool:check", "neotool:generate"}) {
                MavenProject.Result result = project.run(goal, "-Dneotool.lint.skip=true", "-Dneotool.lock.wait=1");
                assertTrue(result.failed(), result.log());
                assertTrue(result.log().contains("Waiting up to 1 s for " + helm), result.log());
                assertTrue(result.log().contains(goal + " could not lock " + helm), result.log());
            }
            // a goal pointed at one chart of the tree waits for the same lock
            MavenProject.Result oneChart = project.run("neotool:package", "-Dneotool.lint.skip=true", "-Dneotool.lock.wait=1",
                    "-Dneotool.charts=helm/shop");
            assertTrue(oneChart.failed(), oneChart.log());
            assertTrue(oneChart.log().contains("Waiting up to 1 s for " + helm.resolve("shop")), oneChart.log());
        }
        assertFalse(Files.exists(project.dir().resolve("target/helm/shop-2.3.0.tgz")));
        assertFalse(project.run("neotool:package", "-Dneotool.lint.skip=true").failed());
    }

    /** cd helm; mvn neotool:lint (or -f helm/pom.xml): the goals say where to run them instead of passing idle. */
    @Test
    void goalsStartedInTheGeneratedChartsSayWhereToRunThem() throws IOException {
        MavenProject project = MavenProject.copyOf("consumer", "started-in-helm");
        assertFalse(project.run("neotool:generate").failed());
        Path helm = project.dir().resolve("helm");
        Files.writeString(helm.resolve("pom.xml"), Files.readString(project.dir().resolve("pom.xml"))
                .replace("<artifactId>shop-charts</artifactId>", "<artifactId>shop-helm</artifactId>"));
        for (String goal : new String[] {"neotool:lint", "neotool:package", "neotool:check", "neotool:push"}) {
            MavenProject.Result result = project.run("-f", "helm/pom.xml", goal, "-Dneotool.registry=oci://127.0.0.1:5000/charts");
            assertTrue(result.failed(), result.log());
            assertTrue(result.log().contains("and this directory (" + helm + ") holds the charts generate wrote: run it from "
                    + "the project that generates them"), result.log());
        }
        MavenProject.Result here = project.run("-f", "helm/pom.xml", "neotool:lint", "-Dneotool.charts=" + helm);
        assertFalse(here.failed(), here.log());
        // the generated charts as a module of the project, selected alone (mvn -pl helm): the same; with the project
        // that generates them in the build, that project does the work and the module stands aside
        Files.writeString(project.dir().resolve("pom.xml"), Files.readString(project.dir().resolve("pom.xml"))
                .replace("<packaging>pom</packaging>", "<packaging>pom</packaging>\n  <modules><module>helm</module></modules>"));
        MavenProject.Result selected = project.run("-pl", "helm", "neotool:push", "-Dneotool.registry=oci://127.0.0.1:5000/charts");
        assertTrue(selected.failed(), selected.log());
        assertTrue(selected.log().contains("and this directory (" + helm + ") holds the charts generate wrote"), selected.log());
        MavenProject.Result reactor = project.run("neotool:lint");
        assertFalse(reactor.failed(), reactor.log());
        assertTrue(reactor.log().contains("No charts directory " + helm.resolve("helm")), reactor.log());
    }

    @Test
    void lintPackageAndPushFailWhenAProjectWithASpecHasNoChart() throws IOException {
        MavenProject project = MavenProject.copyOf("consumer", "spec-without-charts");
        for (String goal : new String[] {"neotool:lint", "neotool:package"}) {
            MavenProject.Result result = project.run(goal);
            assertTrue(result.failed(), result.log());
            assertTrue(result.log().contains(goal + " found no chart in " + project.dir().resolve("helm")), result.log());
        }
        MavenProject.Result push = project.run("neotool:push", "-Dneotool.registry=oci://127.0.0.1:5999/charts");
        assertTrue(push.failed(), push.log());
        assertTrue(push.log().contains("its charts (" + project.dir().resolve("helm") + ") are not generated yet: run neotool:generate"
                + " and neotool:package first"), push.log());

        // archives without their index are named in a project that expects charts; one without charts or a spec leaves
        // them alone (they are not of its charts: a module's own, in a push started at the root)
        Path archives = Files.createDirectories(project.dir().resolve("target/helm"));
        Files.writeString(archives.resolve("shop-2.3.0.tgz"), "not a set");
        MavenProject.Result stray = project.run("neotool:push", "-Dneotool.registry=oci://127.0.0.1:5999/charts");
        assertTrue(stray.failed(), stray.log());
        assertTrue(stray.log().contains("holds chart archives (shop-2.3.0.tgz) but no package-index.json"), stray.log());
        Files.move(project.dir().resolve("charts-src/neotool.yaml"), project.dir().resolve("neotool.yaml.off"));
        MavenProject.Result notOurs = project.run("neotool:push", "-Dneotool.registry=oci://127.0.0.1:5999/charts");
        assertFalse(notOurs.failed(), notOurs.log());
        assertTrue(notOurs.log().contains("No charts directory " + project.dir().resolve("helm") + "; nothing to push"), notOurs.log());
        assertTrue(Files.isRegularFile(archives.resolve("shop-2.3.0.tgz")), notOurs.log());
        Files.delete(archives.resolve("shop-2.3.0.tgz"));
        // a spec elsewhere than the default place (<spec> or -Dneotool.spec) expects archives all the same
        for (String goal : new String[] {"neotool:lint", "neotool:push"}) {
            MavenProject.Result elsewhere = project.run(goal, "-Dneotool.registry=oci://127.0.0.1:5999/charts",
                    "-Dneotool.spec=" + project.dir().resolve("neotool.yaml.off"));
            assertTrue(elsewhere.failed(), elsewhere.log());
            assertTrue(elsewhere.log().contains(goal.equals("neotool:lint") ? "found no chart in " + project.dir().resolve("helm")
                    : "are not generated yet: run neotool:generate and neotool:package first"), elsewhere.log());
        }
        Files.move(project.dir().resolve("neotool.yaml.off"), project.dir().resolve("charts-src/neotool.yaml"));

        assertFalse(project.run("neotool:generate").failed());
        Files.delete(project.dir().resolve("helm/shop/charts/shop-service/Chart.yaml"));
        MavenProject.Result lint = project.run("neotool:lint");
        assertTrue(lint.failed(), lint.log());
        assertTrue(lint.log().contains("helm/shop/charts/shop-service] look like charts"), lint.log());
    }

    /**
     * A chart that is the module's own directory (Chart.yaml beside pom.xml) would hold the build's output: the lint's
     * reports, Helm's library and scratch copies, the archives. Both goals refuse it before writing anything there.
     */
    @Test
    void aChartThatHoldsTheBuildsOutputIsRefused() throws IOException {
        MavenProject project = MavenProject.copyOf("consumer", "chart-is-the-module");
        FileTrees.deleteTree(project.dir().resolve("charts-src"));
        Files.writeString(project.dir().resolve("Chart.yaml"), "apiVersion: v2\nname: shop\nversion: 0.1.0\n");
        Files.createDirectories(project.dir().resolve("templates"));
        Files.writeString(project.dir().resolve("templates/cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n");
        MavenProject.Result lint = project.run("neotool:lint", "-Dneotool.charts=" + project.dir());
        assertTrue(lint.failed(), lint.log());
        assertTrue(lint.log().contains("The lint reports directory " + project.dir().resolve("target/neotool") + " is inside the "
                + "chart " + project.dir() + ": Helm would read the reports"), lint.log());
        MavenProject.Result pack = project.run("neotool:package", "-Dneotool.charts=" + project.dir());
        assertTrue(pack.failed(), pack.log());
        assertTrue(pack.log().contains("The package output " + project.dir().resolve("target/helm") + " is inside the chart "
                + project.dir()), pack.log());
        assertFalse(Files.exists(project.dir().resolve("target/neotool/tmp")), "nothing was staged inside the chart");
    }

    /**
     * A green build means the charts the spec generates were checked: charts generated elsewhere than where lint and
     * package look, a spec away from the default place, a spec gone from under its generated charts and a path flag
     * given empty each fail, naming what to set, instead of passing on other charts or none.
     */
    @Test
    void goalsFailRatherThanPassOnChartsOtherThanTheSpecs() throws IOException {
        MavenProject project = MavenProject.copyOf("consumer", "charts-elsewhere");
        MavenProject.Result elsewhere = project.run("neotool:generate", "neotool:package", "-Dneotool.output=out",
                "-Dneotool.lint.skip=true");
        assertTrue(elsewhere.failed(), elsewhere.log());
        assertTrue(elsewhere.log().contains("neotool:generate wrote the charts to " + project.dir().resolve("out") + " in this "
                + "build, but neotool:package works on " + project.dir().resolve("helm") + ": set <charts> (-Dneotool.charts)"),
                elsewhere.log());
        assertFalse(Files.exists(project.dir().resolve("target/helm")), "nothing packaged");

        Files.createDirectories(project.dir().resolve("src"));
        Files.move(project.dir().resolve("charts-src/neotool.yaml"), project.dir().resolve("src/neotool.yaml"));
        MavenProject.Result moved = project.run("neotool:lint", "-Dneotool.spec=src/neotool.yaml");
        assertTrue(moved.failed(), moved.log());
        assertTrue(moved.log().contains("neotool:lint found no chart in " + project.dir().resolve("helm")), moved.log());

        assertFalse(project.run("neotool:generate", "-Dneotool.spec=src/neotool.yaml").failed());
        MavenProject.Result gone = project.run("neotool:check");
        assertTrue(gone.failed(), gone.log());
        assertTrue(gone.log().contains("No platform spec at " + project.dir().resolve("charts-src/neotool.yaml") + ", but "
                + project.dir().resolve("helm") + " holds charts neotool:generate wrote"), gone.log());
        assertFalse(gone.log().contains("nothing to do"), "a goal that fails does not first say it has nothing to do: " + gone.log());
        // the spec there under another name: that is what is named
        Path yml = Files.copy(project.dir().resolve("src/neotool.yaml"), project.dir().resolve("charts-src/neotool.yml"));
        MavenProject.Result misnamed = project.run("neotool:check");
        assertTrue(misnamed.failed() && misnamed.log().contains("Found " + yml + ", but the spec is read from"), misnamed.log());
        Files.delete(yml);

        MavenProject.Result empty = project.run("neotool:lint", "-Dneotool.lint.reports=");
        assertTrue(empty.failed(), empty.log());
        assertTrue(empty.log().contains("-Dneotool.lint.reports is empty"), empty.log());
        assertFalse(Files.exists(project.dir().resolve("lint-report.json")));

        // a package output that is a file is refused before a lock file is left beside it
        MavenProject.Result file = project.run("neotool:package", "-Dneotool.package.output=pom.xml", "-Dneotool.lint.skip=true");
        assertTrue(file.failed(), file.log());
        assertTrue(file.log().contains("is a file, not a directory"), file.log());
        assertFalse(Files.exists(project.dir().resolve(".pom.xml.neotool.lock")), "no lock file beside the refused output");
    }

    /**
     * A spec named neotool.yml is read by no goal unless the pom names it: the build fails naming it instead of passing
     * having done nothing; with {@code <spec>} pointing at it, the build works.
     */
    @Test
    void aSpecNamedYmlFailsTheBuildInsteadOfBeingIgnored() throws IOException {
        MavenProject project = MavenProject.copyOf("consumer", "spec-yml");
        Files.move(project.dir().resolve("charts-src/neotool.yaml"), project.dir().resolve("charts-src/neotool.yml"));
        MavenProject.Result lifecycle = project.run("package", "-Dneotool.lint.skip=true");
        assertTrue(lifecycle.failed(), lifecycle.log());
        assertTrue(lifecycle.log().contains("Found " + project.dir().resolve("charts-src/neotool.yml") + ", but the spec is read from"),
                lifecycle.log());
        MavenProject.Result lint = project.run("neotool:lint");
        assertTrue(lint.failed(), lint.log());
        assertTrue(lint.log().contains("neotool:lint found no chart in " + project.dir().resolve("helm")), lint.log());

        project.edit("pom.xml", "<executions>", "<configuration><spec>${project.basedir}/charts-src/neotool.yml</spec></configuration>\n"
                + "        <executions>");
        MavenProject.Result named = project.run("package", "-Dneotool.lint.skip=true");
        assertFalse(named.failed(), named.log());
        assertTrue(Files.isDirectory(project.dir().resolve("target/helm")), named.log());
    }

    @Test
    void aSpecGivenOnTheCommandLineIsGeneratedOnceByTheProjectThatHoldsIt() throws IOException {
        MavenProject project = MavenProject.copyOf("consumer", "reactor-spec").withModules("app", "deploy");
        Path root = project.dir();
        Path spec = Files.createDirectories(root.resolve("specs")).resolve("shop.yaml");
        Files.move(root.resolve("charts-src/neotool.yaml"), spec);

        MavenProject.Result atRoot = project.run("neotool:generate", "-Dneotool.spec=" + spec.toAbsolutePath());
        assertFalse(atRoot.failed(), atRoot.log());
        assertTrue(Files.isRegularFile(root.resolve("helm/shop/Chart.yaml")), atRoot.log());
        assertFalse(Files.exists(root.resolve("app/helm")), atRoot.log());
        assertFalse(Files.exists(root.resolve("deploy/helm")), atRoot.log());

        Path inModule = root.resolve("deploy/shop.yaml");
        Files.move(spec, inModule);
        MavenProject.Result inDeploy = project.run("neotool:generate", "-Dneotool.spec=" + inModule.toAbsolutePath());
        assertFalse(inDeploy.failed(), inDeploy.log());
        assertTrue(Files.isRegularFile(root.resolve("deploy/helm/shop/Chart.yaml")), inDeploy.log());
        assertFalse(Files.exists(root.resolve("app/helm")), inDeploy.log());
        assertTrue(inDeploy.log().contains("is generated by the project in " + root.resolve("deploy")), inDeploy.log());

        // charts given on the command line, relative to where Maven starts: linted once, by the project that holds them
        MavenProject.Result lint = project.run("neotool:lint", "-Dneotool.charts=deploy/helm");
        assertFalse(lint.failed(), lint.log());
        assertTrue(lint.log().contains("neotool.charts=" + root.resolve("deploy/helm") + " is worked on by the project in "
                + root.resolve("deploy")), lint.log());
        assertEquals(1, lint.log().lines().filter(l -> l.contains("neotool:lint: ") && l.contains(" chart(s), ")).count(), lint.log());

        // the spec given on the command line makes only the project that generates it expect charts
        MavenProject.Result withSpec = project.run("neotool:lint", "-Dneotool.spec=" + inModule.toAbsolutePath());
        assertFalse(withSpec.failed(), withSpec.log());
        assertTrue(withSpec.log().contains("No charts directory " + root.resolve("app/helm") + "; nothing to lint"), withSpec.log());

        // charts given as another project's while generate writes this one's: nothing would lint them, so the build fails
        MavenProject.Result other = project.run("neotool:generate", "neotool:lint", "-Dneotool.spec=" + inModule.toAbsolutePath(),
                "-Dneotool.charts=helm");
        assertTrue(other.failed(), other.log());
        assertTrue(other.log().contains("neotool:generate wrote the charts of ") && other.log().contains(" to "
                + root.resolve("deploy/helm") + " in this build, but -Dneotool.charts=helm is another project's"), other.log());
        // and a path that is not there is named, not passed over
        MavenProject.Result nowhere = project.run("neotool:lint", "-Dneotool.charts=deploy/nowhere");
        assertTrue(nowhere.failed(), nowhere.log());
        assertTrue(nowhere.log().contains("-Dneotool.charts=deploy/nowhere is " + root.resolve("deploy/nowhere")
                + ", which does not exist"), nowhere.log());
    }
}
