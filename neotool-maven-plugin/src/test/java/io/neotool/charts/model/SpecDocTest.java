package io.neotool.charts.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Tables of the docs generated from the model. docs/spec.md's table of top-level keys: every component of
 * {@link PlatformSpec} with its {@link Doc} (a component subchart's key: its declaration in {@link Components}) and the
 * keys inside it, then the loader's {@code environments}. README.md's table of the charts: every chart declared in
 * {@link Components}. When the model changes, the test writes the table to target/ to paste into the doc.
 */
class SpecDocTest {
    static String table() {
        StringBuilder s = new StringBuilder("| Key | Meaning | Keys inside |\n|---|---|---|\n");
        for (RecordComponent c : PlatformSpec.class.getRecordComponents()) {
            s.append("| `").append(c.getName()).append("` | ").append(meaning(c)).append(" | ")
                    .append(inside(c.getGenericType())).append(" |\n");
        }
        return s.append("| `").append(SpecLoader.ENVIRONMENTS)
                .append("` | Environment name to overrides written like the spec itself (values-<name>.yaml). | name → any key above |\n")
                .toString();
    }

    /** README.md's table of the charts below the umbrella, one row per declared chart. */
    static String chartsTable(List<Component> charts) {
        StringBuilder s = new StringBuilder("| Chart | Namespace | What | Docs |\n|---|---|---|---|\n");
        for (Component c : charts) {
            s.append("| `").append(c.chart()).append('`').append(c == Components.SERVICE ? " (one alias per service)" : "")
                    .append(" | ").append(c.namespace()).append(" | ").append(c.description()).append(" | ")
                    .append(c.docs().stream().map(d -> "[" + d.replace(".md", "") + "](docs/" + d + ")")
                            .collect(Collectors.joining(", ")))
                    .append(" |\n");
        }
        return s.toString();
    }

    /** A component subchart's key is described by its declaration, every other key by its {@link Doc}. */
    private static String meaning(RecordComponent key) {
        return Components.subchart(key.getName()).map(Component::keyDescription)
                .orElseGet(() -> key.getAnnotation(Doc.class).value());
    }

    private static String inside(Type type) {
        if (type instanceof Class<?> c && c.isRecord()) {
            return Arrays.stream(c.getRecordComponents()).map(r -> "`" + r.getName() + "`").collect(Collectors.joining(", "));
        }
        if (type instanceof ParameterizedType p && p.getRawType() == Map.class) {
            return "name → " + inside(p.getActualTypeArguments()[1]);
        }
        return "";
    }

    @Test
    void theTopLevelKeyTableIsGeneratedFromTheModel() throws IOException {
        assertTableIsCurrent(Path.of("..", "docs", "spec.md"), "| Key | Meaning | Keys inside |", table(), "spec-keys-table.md");
    }

    @Test
    void theReadmeChartsTableIsGeneratedFromTheDeclarations() throws IOException {
        assertTableIsCurrent(Path.of("..", "README.md"), "| Chart | Namespace | What | Docs |", chartsTable(Components.ALL),
                "readme-charts-table.md");
    }

    @Test
    void theChartsTableHasARowPerDeclaredChart() {
        Component queue = new Component("queue", "A queue", List.of("queue"), "neotool-queue", List.of(), KafkaSpec.class,
                PlatformSpec::kafka, spec -> "1.0", List.of("queue.md"));
        String table = chartsTable(Components.all(List.of(Components.KAFKA, queue)));
        assertEquals(List.of("`neotool-service`", "`kafka`", "`queue`"),
                table.lines().skip(2).map(row -> row.split(" ")[1]).toList(), table);
        assertTrue(table.contains("| `queue` | neotool-queue | A queue | [queue](docs/queue.md) |"), table);
    }

    @Test
    void everyLinkedDocExists() {
        for (Component c : Components.ALL) {
            c.docs().forEach(d -> assertTrue(Files.isRegularFile(Path.of("..", "docs", d)), c.chart() + ": no docs/" + d));
        }
    }

    private static void assertTableIsCurrent(Path doc, String header, String expected, String written) throws IOException {
        String text = Files.readString(doc);
        int start = text.indexOf(header);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", written), expected);
        assertTrue(start >= 0, doc + " has no table starting '" + header + "': paste target/" + written + " into it");
        int end = text.indexOf("\n\n", start) + 1;
        assertEquals(expected, text.substring(start, end), doc + "'s table is out of date: paste target/" + written + " over it");
    }
}
