package io.neotool.charts.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.report.PlatformDiagram;
import io.neotool.charts.verify.PlatformVerifier.Edge;
import io.neotool.charts.verify.PlatformVerifier.Graph;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The embedding of the drawn flow graphs into docs/architecture.md: stale diagrams differ, blocks and graphs must pair up. */
class ArchitectureDocTest {
    private static final Graph GRAPH = new Graph("values.yaml", List.of("a/Deployment/api", "a/Service/db", "a/StatefulSet/db"), Map.of(),
            List.of(new Edge("a/Deployment/api", "a/Service/db", "5432", "postgresql", "env", List.of("a/StatefulSet/db"),
                    Map.of("address", "ok"), List.of())));
    private static final String BLOCK = "<!-- diagram platform-default.mmd: generated -->\n```mermaid\n%s```\n<!-- end diagram -->\n";

    @Test
    void aStaleDiagramIsReplacedByWhatTheGraphDraws() {
        String stale = "# Architecture\n\n" + BLOCK.formatted("flowchart LR\n  old --> gone\n") + "\nAfter.\n";
        String embedded = ArchitectureDoc.embed(stale, Map.of("default", GRAPH));
        assertNotEquals(stale, embedded);
        assertEquals("# Architecture\n\n" + BLOCK.formatted(PlatformDiagram.mermaid(GRAPH)) + "\nAfter.\n", embedded);
        assertEquals(embedded, ArchitectureDoc.embed(embedded, Map.of("default", GRAPH)), "embedding is idempotent");
    }

    @Test
    void everyEnvironmentHasABlockAndEveryBlockAnEnvironment() {
        AssertionError missing = assertThrows(AssertionError.class, () -> ArchitectureDoc.embed(BLOCK.formatted(""),
                Map.of("default", GRAPH, "prod", GRAPH)));
        assertTrue(missing.getMessage().contains("environments [platform-prod.mmd] have no block"), missing.getMessage());
        AssertionError unknown = assertThrows(AssertionError.class, () -> ArchitectureDoc.embed(BLOCK.formatted(""), Map.of("prod", GRAPH)));
        assertTrue(unknown.getMessage().contains("diagram blocks [platform-default.mmd] name no environment"), unknown.getMessage());
    }
}
