package io.neotool.charts.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The environments of one lint share a parser and a schema validator: a document rendered alike in several
 * environments is parsed and validated once, and every environment still gets all its objects and findings.
 */
class SharedDocumentsTest {
    private static final String CRD = Fixture.resource("/verify/crd.yaml");
    /** The custom resource of crd.yaml alone (it sets a field its CRD does not declare). */
    private static final String WIDGET = CRD.substring(CRD.indexOf("---\n# Source: demo/templates/widget.yaml"));
    private static final String CONFIG = """
            ---
            # Source: demo/templates/config.yaml
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: demo
              namespace: demo-ns
            data:
              mode: %s
            """;
    private static final String BAD_SERVICE = """
            ---
            # Source: demo/templates/service.yaml
            apiVersion: v1
            kind: Service
            metadata:
              name: demo
              namespace: demo-ns
            spec:
              portz: []
            """;

    @Test
    void aDocumentRenderedAlikeInTwoEnvironmentsIsParsedOnceAndTheOthersAreTheirOwn() {
        ManifestParser parser = new ManifestParser();
        List<Manifest> dev = parser.parse(BAD_SERVICE + CONFIG.formatted("dev")).manifests();
        List<Manifest> prod = parser.parse(BAD_SERVICE + CONFIG.formatted("prod")).manifests();
        assertSame(dev.get(0), prod.get(0));
        assertNotSame(dev.get(1), prod.get(1));
        assertEquals("dev", Yaml.str(dev.get(1).at("data", "mode")));
        assertEquals("prod", Yaml.str(prod.get(1).at("data", "mode")));
    }

    @Test
    void aDocumentRepeatedWithinOneRenderIsTwoObjects() {
        List<Manifest> manifests = new ManifestParser().parse(CONFIG.formatted("dev") + CONFIG.formatted("dev")).manifests();
        assertEquals(2, manifests.size());
        assertNotSame(manifests.get(0), manifests.get(1));
    }

    @Test
    void aDocumentThatDoesNotParseIsAProblemOfEveryRenderThatHasIt() {
        ManifestParser parser = new ManifestParser();
        String broken = "---\n# Source: demo/templates/broken.yaml\nkind: ConfigMap\nkind: Secret\n";
        for (String render : List.of(broken + CONFIG.formatted("dev"), broken + CONFIG.formatted("prod"))) {
            ManifestParser.Parsed parsed = parser.parse(render);
            assertEquals(1, parsed.manifests().size());
            assertEquals(1, parsed.problems().size());
            assertEquals("templates/broken.yaml", parsed.problems().get(0).file());
        }
    }

    @Test
    void anObjectOfTheBuiltInApiHasTheSameFindingsInEveryRelease() {
        ManifestParser parser = new ManifestParser();
        SchemaValidator schema = new SchemaValidator("1.32.0", CrdSchemas.from(List.of()));
        Manifest service = parser.parse(BAD_SERVICE).manifests().get(0);
        List<Finding> first = schema.withCrds(CrdSchemas.from(List.of(service))).validate(service);
        List<Finding> second = schema.withCrds(CrdSchemas.from(List.of(service))).validate(parser.parse(BAD_SERVICE).manifests().get(0));
        assertTrue(first.stream().anyMatch(f -> f.message().contains("unknown field spec.portz")), first::toString);
        assertEquals(first, second);
    }

    @Test
    void aCustomResourceIsValidatedAgainstTheCrdsOfItsOwnRelease() {
        ManifestParser parser = new ManifestParser();
        SchemaValidator schema = new SchemaValidator("1.32.0", CrdSchemas.from(List.of()));
        List<Manifest> withCrd = parser.parse(CRD).manifests();
        List<Manifest> without = parser.parse(WIDGET).manifests();
        Manifest widget = without.get(0);
        assertSame(withCrd.get(1), widget);

        List<Finding> checked = schema.withCrds(CrdSchemas.from(withCrd)).validate(widget);
        List<Finding> unchecked = schema.withCrds(CrdSchemas.from(without)).validate(widget);
        assertEquals(List.of(SchemaValidator.SCHEMA), checked.stream().map(Finding::ruleId).toList());
        assertTrue(checked.get(0).message().contains("colour"), checked.get(0).message());
        assertEquals(List.of(SchemaValidator.NOT_VALIDATED), unchecked.stream().map(Finding::ruleId).toList());
    }
}
