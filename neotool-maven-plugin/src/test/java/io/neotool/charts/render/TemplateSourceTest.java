package io.neotool.charts.render;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A templates directory given that is not one says which: missing, or a file. */
class TemplateSourceTest {
    @TempDir
    Path dir;

    @Test
    void aTemplatesPathThatIsNoDirectoryIsNamedAsItIs() throws IOException {
        InputException missing = assertThrows(InputException.class, () -> TemplateSource.directory(dir.resolve("nope")));
        assertTrue(missing.getMessage().contains(dir.resolve("nope") + " does not exist; point neotool.templates"), missing.getMessage());
        Path file = Files.writeString(dir.resolve("pom.xml"), "<project/>");
        InputException notDir = assertThrows(InputException.class, () -> TemplateSource.directory(file));
        assertTrue(notDir.getMessage().contains(file + " is not a directory; point neotool.templates"), notDir.getMessage());
    }
}
