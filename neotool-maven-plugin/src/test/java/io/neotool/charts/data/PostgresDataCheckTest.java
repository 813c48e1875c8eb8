package io.neotool.charts.data;

import static io.neotool.charts.testtools.ProductNamespaces.POSTGRES;
import static io.neotool.charts.testtools.YamlTree.map;
import static io.neotool.charts.testtools.YamlTree.maps;
import static io.neotool.charts.testtools.YamlTree.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.security.ProcessRun;
import io.neotool.charts.security.Rendered;
import io.neotool.charts.testtools.Manifests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first init container of every PostgreSQL server pod (the primary's check, the replicas' clone), run as its pod
 * would on a volume laid out as the image lays it out (PGDATA = volume/18/docker): a volume that holds another major
 * version's cluster stops the pod with a message that says what to do, before the image could initialise an empty
 * cluster beside it; an empty volume and one with this version's cluster go on.
 */
class PostgresDataCheckTest {
    @TempDir
    Path dir;

    /** The first init container of each server pod in each environment: its name and script. */
    record Init(String name, String script, String volume) {}

    static List<Init> inits = new ArrayList<>();

    @BeforeAll
    static void render() {
        Rendered charts = Rendered.platform();
        for (String render : List.of(charts.dev(), charts.prod())) {
            Manifests m = new Manifests(render);
            for (Map<String, Object> sts : m.ofKind("StatefulSet")) {
                Map<String, Object> pod = map(sts, "spec", "template", "spec");
                if (POSTGRES.equals(map(sts, "metadata").get("namespace"))
                        && "postgres".equals(maps(pod, "containers").get(0).get("name"))) {
                    Map<String, Object> init = maps(pod, "initContainers").get(0);
                    inits.add(new Init((String) init.get("name"), strings(init, "args").get(0),
                            Manifests.literalEnv(init).get("DATA_VOLUME")));
                }
            }
        }
    }

    @Test
    void aVolumeWithAnotherMajorVersionsClusterStopsEveryServerPod() throws IOException {
        assertTrue(inits.stream().allMatch(i -> i.volume().equals("/var/lib/postgresql")), "the data volume's mount: " + inits);
        assertTrue(inits.stream().filter(i -> i.name().equals("check-data")).count() >= 2, "the primary in each environment: " + inits);
        for (Init init : inits) {
            String script = init.script();
            Path volume = Files.createTempDirectory(dir, "volume");
            Files.createDirectories(volume.resolve("17/docker"));
            Files.writeString(volume.resolve("17/docker/PG_VERSION"), "17\n");
            ProcessRun run = run(script, volume);
            assertEquals(1, run.exit(), run.out());
            assertTrue(run.out().contains(volume.resolve("17/docker") + " holds a PostgreSQL 17 cluster, and this image "
                    + "(PostgreSQL 18) would start an empty one in " + volume.resolve("18/docker")), run.out());
            assertTrue(run.out().contains("go back to the PostgreSQL 17 image, or move the data to the new version first"), run.out());
            assertFalse(Files.exists(volume.resolve("18")), "nothing written beside the old cluster");

            Path old = Files.createTempDirectory(dir, "volume");
            Files.createDirectories(old.resolve("data"));
            Files.writeString(old.resolve("data/PG_VERSION"), "16\n");
            assertEquals(1, run(script, old).exit(), "the layout of the images before 18 (volume/data)");

            // back to an image of 17 or earlier (PGDATA volume/data) on a volume of 18
            Path newer = Files.createTempDirectory(dir, "volume");
            Files.createDirectories(newer.resolve("18/docker"));
            Files.writeString(newer.resolve("18/docker/PG_VERSION"), "18\n");
            ProcessRun older = ProcessRun.of(List.of("/bin/sh", "-c", script), null, Map.of("PGDATA", newer.resolve("data").toString(),
                    "DATA_VOLUME", newer.toString(), "PG_MAJOR", "17", "PATH", "/usr/bin:/bin"), null);
            assertEquals(1, older.exit(), older.out());
        }
    }

    @Test
    void anEmptyVolumeAndOneWithThisVersionsClusterGoOn() throws IOException {
        assertTrue(inits.stream().filter(i -> i.name().equals("check-data")).count() >= 2,
                "the primary's pod in " + POSTGRES + " in each environment: " + inits);
        for (Init init : inits) {
            String script = init.script();
            if (init.name().equals("check-data")) { // the replicas' clone of an empty volume: PostgresReplicationTest
                ProcessRun first = run(script, Files.createTempDirectory(dir, "volume"));
                assertEquals(0, first.exit(), "an empty volume: the image initialises it: " + first.out());
            }

            Path same = Files.createTempDirectory(dir, "volume");
            Files.createDirectories(same.resolve("18/docker"));
            Files.writeString(same.resolve("18/docker/PG_VERSION"), "18\n");
            Files.createDirectories(same.resolve("17/docker"));
            Files.writeString(same.resolve("17/docker/PG_VERSION"), "17\n"); // left from before an upgrade done by hand
            ProcessRun started = run(script, same);
            assertEquals(0, started.exit(), "a volume with this version's cluster starts it: " + started.out());
        }
    }

    private static ProcessRun run(String script, Path volume) {
        // the replicas' clone: no primary answers here, and it is not waited for
        return ProcessRun.of(List.of("/bin/sh", "-c", script), null, Map.of("PGDATA", volume.resolve("18/docker").toString(),
                "DATA_VOLUME", volume.toString(), "PG_MAJOR", "18", "PATH", "/usr/bin:/bin", "PRIMARY_HOST", "127.0.0.1",
                "PRIMARY_PORT", "1", "PRIMARY_WAIT_SECONDS", "0"), null);
    }
}
