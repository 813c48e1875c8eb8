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
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/spec.md's table of top-level keys is generated from the model: every component of {@link PlatformSpec} with its
 * {@link Doc} and the keys inside it, then the loader's {@code environments}. When the model changes, the test writes
 * the table to target/spec-keys-table.md to paste into the docs.
 */
class SpecDocTest {
    static String table() {
        StringBuilder s = new StringBuilder("| Key | Meaning | Keys inside |\n|---|---|---|\n");
        for (RecordComponent c : PlatformSpec.class.getRecordComponents()) {
            s.append("| `").append(c.getName()).append("` | ").append(c.getAnnotation(Doc.class).value()).append(" | ")
                    .append(inside(c.getGenericType())).append(" |\n");
        }
        return s.append("| `").append(SpecLoader.ENVIRONMENTS)
                .append("` | Environment name to overrides written like the spec itself (values-<name>.yaml). | name → any key above |\n")
                .toString();
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
        String doc = Files.readString(Path.of("..", "docs", "spec.md"));
        int start = doc.indexOf("| Key | Meaning | Keys inside |");
        String expected = table();
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "spec-keys-table.md"), expected);
        assertTrue(start >= 0, "docs/spec.md has no table of top-level keys: paste target/spec-keys-table.md into it");
        int end = doc.indexOf("\n\n", start) + 1;
        assertEquals(expected, doc.substring(start, end),
                "docs/spec.md's table of top-level keys is out of date: paste target/spec-keys-table.md over it");
    }
}
