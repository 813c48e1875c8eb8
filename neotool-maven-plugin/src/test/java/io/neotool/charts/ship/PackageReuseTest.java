package io.neotool.charts.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.helm.HelmClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A package set is kept only when the same plugin build would write the same bytes again, and it is intact. */
class PackageReuseTest {
    @TempDir
    Path tmp;

    private static final Optional<String> BUILD = Optional.of("build-1");

    private List<PackagedChart> pack(Path charts, Optional<String> build, Instant timestamp, TestCharts.CapturingLog log)
            throws IOException {
        return new ChartPackager(new HelmClient(), log).packageAll(charts, tmp.resolve("out"), timestamp, build);
    }

    /** Marks every archive as old, so that a set written again shows in the modification times. */
    private void age(List<PackagedChart> set) throws IOException {
        for (PackagedChart p : set) {
            Files.setLastModifiedTime(p.archive(), FileTime.fromMillis(0));
        }
    }

    private static boolean rewritten(List<PackagedChart> set) throws IOException {
        return Files.getLastModifiedTime(set.get(0).archive()).toMillis() != 0;
    }

    @Test
    void theSameInputsKeepTheSetAnythingElsePackagesAgain() throws IOException {
        Path charts = TestCharts.platform(tmp.resolve("helm"));
        List<PackagedChart> first = pack(charts, BUILD, TestCharts.TIMESTAMP, new TestCharts.CapturingLog());
        age(first);

        TestCharts.CapturingLog log = new TestCharts.CapturingLog();
        List<PackagedChart> again = pack(charts, BUILD, TestCharts.TIMESTAMP, log);
        assertEquals(first, again);
        assertTrue(log.text().contains("is up to date"), log.text());
        assertTrue(!rewritten(again), "an up-to-date set is not written again");

        pack(charts, Optional.of("build-2"), TestCharts.TIMESTAMP, new TestCharts.CapturingLog());
        assertTrue(rewritten(first), "another plugin build packages again");
        age(first);

        pack(charts, BUILD, Instant.parse("2027-01-01T00:00:00Z"), new TestCharts.CapturingLog());
        assertTrue(rewritten(first), "another timestamp packages again");
        pack(charts, BUILD, TestCharts.TIMESTAMP, new TestCharts.CapturingLog());
        age(first);

        Path values = charts.resolve("neotool/charts/neotool-service/values.yaml");
        Files.writeString(values, Files.readString(values) + "\nextra: 1\n");
        List<PackagedChart> changed = pack(charts, BUILD, TestCharts.TIMESTAMP, new TestCharts.CapturingLog());
        assertTrue(rewritten(changed), "a changed subchart file packages again");
        assertNotEquals(first.get(0).sha256(), changed.get(0).sha256());
    }

    @Test
    void aSetChangedOnDiskOrWithoutABuildIsPackagedAgain() throws IOException {
        Path charts = TestCharts.platform(tmp.resolve("helm"));
        List<PackagedChart> first = pack(charts, BUILD, TestCharts.TIMESTAMP, new TestCharts.CapturingLog());
        Files.write(first.get(1).archive(), new byte[] {1, 2, 3});
        TestCharts.CapturingLog log = new TestCharts.CapturingLog();
        List<PackagedChart> again = pack(charts, BUILD, TestCharts.TIMESTAMP, log);
        assertEquals(first, again);
        assertTrue(!log.text().contains("is up to date"), log.text());
        assertEquals(first.get(1).sha256(), ChartPackager.sha256(again.get(1).archive()), "the archive is written again");

        age(again);
        pack(charts, Optional.empty(), TestCharts.TIMESTAMP, new TestCharts.CapturingLog());
        assertTrue(rewritten(again), "without a known plugin build the charts are always packaged");
    }
}
