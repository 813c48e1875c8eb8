package io.neotool.charts.helm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Helm's scratch directories in the reports directory: a dead build's are removed, nothing else ever is. */
class HelmScratchTest {
    @TempDir
    Path reports;

    @Test
    void onlyTheScratchOfAGoneBuildIsRemoved() throws IOException {
        long[] dead = LongStream.range(4_000_000, 4_100_000).filter(pid -> ProcessHandle.of(pid).isEmpty()).limit(2).toArray();
        Path killedBuild = Files.createDirectories(reports.resolve("tmp").resolve(Long.toString(dead[0])));
        Files.createFile(killedBuild.resolve(HelmClient.SCRATCH_MARK));
        Files.writeString(killedBuild.resolve("staged.yaml"), "kind: Pod\n");
        // a directory of the user's that happens to have a number for a name
        Path users = Files.createDirectories(reports.resolve("tmp").resolve(Long.toString(dead[1])));
        Files.writeString(users.resolve("data.txt"), "precious\n");

        new HelmClient(reports.resolve("tmp"));

        assertFalse(Files.exists(killedBuild), "the killed build's scratch is removed");
        assertTrue(Files.isRegularFile(users.resolve("data.txt")), "a directory without the mark is kept");
        Path own = reports.resolve("tmp").resolve(Long.toString(ProcessHandle.current().pid()));
        assertTrue(Files.isRegularFile(own.resolve(HelmClient.SCRATCH_MARK)), "this build's scratch is marked");
    }
}
