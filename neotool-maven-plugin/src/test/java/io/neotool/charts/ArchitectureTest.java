package io.neotool.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The core stays plain Java: only io.neotool.charts.maven speaks to Maven. */
class ArchitectureTest {
    @Test
    void onlyTheMavenPackageImportsMaven() throws IOException {
        Path sources = TestPaths.root().resolve("neotool-maven-plugin/src/main/java/io/neotool/charts");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertFalse(files.isEmpty());
        List<String> offenders = files.stream()
                .filter(p -> !sources.relativize(p).startsWith("maven"))
                .filter(p -> read(p).lines().anyMatch(l -> l.startsWith("import org.apache.maven.")
                        || l.startsWith("import org.codehaus.plexus.") || l.startsWith("import org.sonatype.plexus.")))
                .map(p -> sources.relativize(p).toString())
                .toList();
        assertEquals(List.of(), offenders, "core classes importing Maven");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
