package io.neotool.charts.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** -Dneotool.spec reaches every module of a reactor; only one project may generate from it. */
class SpecOwnerTest {
    private static final Path ROOT = Path.of("/repo");
    private static final Path PLUGIN = ROOT.resolve("neotool-maven-plugin");
    private static final Path HELM = ROOT.resolve("helm");
    private static final Path IT = ROOT.resolve("it");
    private static final List<Path> REACTOR = List.of(ROOT, PLUGIN, HELM, IT);

    @Test
    void theProjectThatHoldsTheSpecOwnsIt() {
        assertEquals(ROOT, SpecOwner.of(ROOT.resolve("charts-src/neotool.yaml"), REACTOR, ROOT));
        assertEquals(HELM, SpecOwner.of(HELM.resolve("specs/other.yaml"), REACTOR, ROOT));
        // the deepest project, whatever the reactor order
        assertEquals(HELM, SpecOwner.of(HELM.resolve("x.yaml"), List.of(HELM, ROOT), ROOT));
        // a sibling whose name starts the same is not a parent
        assertEquals(ROOT, SpecOwner.of(Path.of("/repo/helm-extra/x.yaml"), REACTOR, ROOT));
    }

    @Test
    void aSpecOutsideTheReactorBelongsToTheProjectMavenStartedIn() {
        assertEquals(ROOT, SpecOwner.of(Path.of("/elsewhere/spec.yaml"), REACTOR, ROOT));
        assertEquals(HELM, SpecOwner.of(Path.of("/elsewhere/spec.yaml"), REACTOR, HELM));
        // -pl helm from the root: the root is not in the reactor, the first project is
        assertEquals(HELM, SpecOwner.of(Path.of("/elsewhere/spec.yaml"), List.of(HELM, IT), ROOT));
    }
}
