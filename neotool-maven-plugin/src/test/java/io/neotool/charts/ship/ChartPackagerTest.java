package io.neotool.charts.ship;

import io.neotool.charts.helm.ChartDirectories;
import static io.neotool.charts.testtools.FileSnapshots.assertSameTree;
import static io.neotool.charts.testtools.FileSnapshots.snapshot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.InputException;
import io.neotool.charts.helm.HelmClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartPackagerTest {
    @TempDir
    Path tmp;

    @Test
    void packagesUmbrellaAndEachSubchartWithChecksums() throws IOException {
        Path charts = TestCharts.platform(tmp.resolve("helm"));
        TestCharts.CapturingLog log = new TestCharts.CapturingLog();

        List<PackagedChart> packaged = TestCharts.pack(charts, tmp.resolve("out"), log);

        assertEquals(List.of("neotool", "neotool-service"), packaged.stream().map(PackagedChart::name).toList());
        for (PackagedChart chart : packaged) {
            assertEquals(tmp.resolve("out").resolve(chart.name() + "-0.1.0.tgz"), chart.archive());
            assertEquals(chart.sha256() + "  " + chart.name() + "-0.1.0.tgz\n",
                    Files.readString(Path.of(chart.archive() + ".sha256")));
            assertEquals(ChartPackager.sha256(chart.archive()), chart.sha256());
            assertTrue(log.text().contains("Packaged " + chart.archive() + " sha256:" + chart.sha256()), log.text());
        }
        // The umbrella carries its subchart; Helm loads both archives back.
        assertTrue(entries(packaged.get(0).archive()).contains("neotool/charts/neotool-service/Chart.yaml"));
        assertTrue(new HelmClient().showChart(packaged.get(1).archive()).contains("name: neotool-service"));
        assertTrue(new HelmClient().template(HelmClient.RenderRequest.of(packaged.get(0).archive(), "neotool", List.of()))
                .contains("kind: Deployment"));
        // Nothing but archives, checksums and the index; nothing left beside the output.
        try (var files = Files.list(tmp.resolve("out"))) {
            assertEquals(List.of("neotool-0.1.0.tgz", "neotool-0.1.0.tgz.sha256", "neotool-service-0.1.0.tgz",
                    "neotool-service-0.1.0.tgz.sha256", PackageSet.INDEX), files.map(f -> f.getFileName().toString()).sorted().toList());
        }
        try (var files = Files.list(tmp)) {
            assertEquals(List.of("helm", "out"), files.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    /** The archives never land in a chart, in the charts directory itself or around it: the charts stay as they were. */
    @Test
    void anOutputInAChartOrAroundTheChartsIsRefusedBeforeAnythingIsWritten() throws IOException {
        Path charts = TestCharts.platform(tmp.resolve("helm"));
        TestCharts.CapturingLog log = new TestCharts.CapturingLog();
        Map<String, byte[]> before = snapshot(charts);
        for (Path output : List.of(charts, charts.resolve("neotool/archives"), charts.resolve("neotool/charts/neotool-service/x"), tmp)) {
            InputException e = assertThrows(InputException.class, () -> TestCharts.pack(charts, output, log), output.toString());
            assertTrue(e.getMessage().contains("set <packageOutput> in the pom") && e.getMessage().contains("neotool.package.output"),
                    e.getMessage());
            InputException after = assertThrows(InputException.class, () -> new ChartPackager(new HelmClient(), log)
                    .packageAllAfter(() -> { }, charts, output, java.time.Instant.EPOCH), output.toString());
            assertEquals(e.getMessage(), after.getMessage());
        }
        assertSameTree(before, snapshot(charts));
        assertFalse(Files.exists(charts.resolve("neotool/archives")));
        // beside the charts, outside every chart, as a module whose own directory holds its charts has target/helm
        assertEquals(2, TestCharts.pack(charts, charts.resolve("target/helm"), log).size());
    }

    @Test
    void packagedWhileTheCheckRunsAndPutInPlaceOnlyOnceItPassed() throws IOException {
        Path charts = TestCharts.platform(tmp.resolve("helm"));
        List<PackagedChart> alone = TestCharts.pack(charts, tmp.resolve("alone"), BuildLogs.SILENT);
        Path out = tmp.resolve("out");
        List<String> checked = new ArrayList<>();

        List<PackagedChart> packaged = new ChartPackager(new HelmClient(), BuildLogs.SILENT)
                .packageAllAfter(() -> checked.add("lint"), charts, out, TestCharts.TIMESTAMP);

        assertEquals(List.of("lint"), checked);
        assertEquals(alone.stream().map(PackagedChart::sha256).toList(), packaged.stream().map(PackagedChart::sha256).toList());
        assertEquals(packaged, PackageSet.read(out));
    }

    @Test
    void aFailingCheckLeavesThePackageSetAsItWasAndNothingStaged() throws IOException {
        Path charts = TestCharts.platform(tmp.resolve("helm"));
        Path out = tmp.resolve("out");
        List<PackagedChart> before = TestCharts.pack(charts, out, BuildLogs.SILENT);
        Path values = charts.resolve("neotool/values.yaml");
        Files.writeString(values, Files.readString(values) + "\nreplicaCount: 3\n"); // would package other bytes

        IllegalStateException failed = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> new ChartPackager(new HelmClient(), BuildLogs.SILENT).packageAllAfter(() -> {
                    throw new IllegalStateException("lint found errors");
                }, charts, out, TestCharts.TIMESTAMP));

        assertEquals("lint found errors", failed.getMessage());
        for (PackagedChart chart : before) {
            assertEquals(chart.sha256(), ChartPackager.sha256(chart.archive()), chart.archive() + " is the one packaged before");
        }
        // The old set stays, and push refuses it: the charts changed since it was packaged.
        InputException stale = org.junit.jupiter.api.Assertions.assertThrows(InputException.class, () -> PackageSet.read(out));
        assertTrue(stale.getMessage().contains("chart neotool in " + charts.resolve("neotool") + " changed since it was packaged"),
                stale.getMessage());
        try (var files = Files.list(tmp)) {
            assertEquals(List.of("helm", "out"), files.map(f -> f.getFileName().toString()).sorted().toList(),
                    "no staged set is left beside the output");
        }
    }

    /** A chart edited after it was packaged, before the set is put in place (the lint runs meanwhile): not current. */
    @Test
    void aChartEditedWhileItIsPackagedLeavesASetPushRefuses() throws IOException {
        Path charts = TestCharts.platform(tmp.resolve("helm"));
        Path out = tmp.resolve("out");
        try (ChartPackager.Staged staged = new ChartPackager(new HelmClient(), BuildLogs.SILENT)
                .stage(charts, out, TestCharts.TIMESTAMP, java.util.Optional.empty())) {
            Path values = charts.resolve("neotool/values.yaml");
            Files.writeString(values, Files.readString(values) + "\nreplicaCount: 3\n");
            staged.commit();
        }
        InputException stale = org.junit.jupiter.api.Assertions.assertThrows(InputException.class, () -> PackageSet.read(out));
        assertTrue(stale.getMessage().contains("chart neotool in " + charts.resolve("neotool") + " changed since"), stale.getMessage());
    }

    @Test
    void sameSourcesASecondApartGiveIdenticalBytes() throws Exception {
        Path charts = TestCharts.platform(tmp.resolve("helm"));
        List<PackagedChart> first = TestCharts.pack(charts, tmp.resolve("a"), BuildLogs.SILENT);
        Thread.sleep(1100);
        // Touch every source file: only content may matter, not file times.
        try (var files = Files.walk(charts)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
            }
        }
        List<PackagedChart> second = TestCharts.pack(charts, tmp.resolve("b"), BuildLogs.SILENT);

        for (int i = 0; i < first.size(); i++) {
            assertEquals(first.get(i).sha256(), second.get(i).sha256(), first.get(i).name());
            assertArrayEquals(Files.readAllBytes(first.get(i).archive()), Files.readAllBytes(second.get(i).archive()));
        }
    }

    @Test
    void archiveIsNormalised() throws IOException {
        Path charts = TestCharts.platform(tmp.resolve("helm"));
        Path archive = TestCharts.pack(charts, tmp.resolve("out"), BuildLogs.SILENT).get(0).archive();

        byte[] bytes = Files.readAllBytes(archive);
        // gzip: deflate, no flags, mtime 0, OS 255
        assertArrayEquals(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff}, Arrays.copyOf(bytes, 10));
        List<String> names = new ArrayList<>();
        try (InputStream in = Files.newInputStream(archive);
             TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(in))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                names.add(e.getName());
                assertEquals(TestCharts.TIMESTAMP.toEpochMilli(), e.getModTime().getTime(), e.getName());
                assertEquals(0, e.getLongUserId());
                assertEquals(0, e.getLongGroupId());
                assertEquals("", e.getUserName());
                assertEquals(0100644, e.getMode(), e.getName());
                if (e.getName().equals("neotool/Chart.yaml")) {
                    String chartYaml = new String(tar.readAllBytes(), StandardCharsets.UTF_8);
                    assertTrue(chartYaml.contains("org.opencontainers.image.created: '2026-01-01T00:00:00Z'")
                            || chartYaml.contains("org.opencontainers.image.created: 2026-01-01T00:00:00Z"), chartYaml);
                }
            }
        }
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(null);
        assertEquals(sorted, names);
    }

    @Test
    void keepsACreatedAnnotationTheSourceSets() throws IOException {
        Path chart = TestCharts.create(tmp.resolve("helm"), "pinned", "1.0.0");
        Files.writeString(chart.resolve("Chart.yaml"), "annotations:\n  org.opencontainers.image.created: \"2020-02-02T00:00:00Z\"\n",
                java.nio.file.StandardOpenOption.APPEND);
        Path archive = TestCharts.pack(tmp.resolve("helm"), tmp.resolve("out"), BuildLogs.SILENT).get(0).archive();
        assertTrue(new HelmClient().showChart(archive).contains("2020-02-02T00:00:00Z"));
    }

    /** The created annotation is added beside the chart's own annotations, which stay as the source writes them. */
    @Test
    void theCreatedAnnotationIsAddedBesideTheChartsOwn() throws IOException {
        Path chart = TestCharts.create(tmp.resolve("helm"), "annotated", "1.0.0");
        Files.writeString(chart.resolve("Chart.yaml"), "annotations:\n  category: Infrastructure\n  example.org/team: platform\n",
                java.nio.file.StandardOpenOption.APPEND);
        Path archive = TestCharts.pack(tmp.resolve("helm"), tmp.resolve("out"), BuildLogs.SILENT).get(0).archive();
        Map<?, ?> annotations = (Map<?, ?>) new ArchiveNormaliser().chartYaml(archive).get("annotations");
        assertEquals(java.util.Set.of("category", "example.org/team", ArchiveNormaliser.CREATED), annotations.keySet());
        assertEquals("Infrastructure", annotations.get("category"));
        assertEquals("platform", annotations.get("example.org/team"));
    }

    @Test
    void twoChartsThatWouldPackageAsTheSameArchiveAreRefusedNamingBoth() throws IOException {
        Path charts = tmp.resolve("helm");
        Path first = TestCharts.create(charts, "a", "1.0.0");
        Path second = TestCharts.create(charts, "b", "1.0.0");
        Path chartYaml = second.resolve("Chart.yaml");
        Files.writeString(chartYaml, Files.readString(chartYaml).replaceFirst("(?m)^name: b$", "name: a"));

        InputException e = assertThrows(InputException.class, () -> TestCharts.pack(charts, tmp.resolve("out"), BuildLogs.SILENT));

        assertTrue(e.getMessage().contains("Charts " + first + " and " + second + " both package as a-1.0.0.tgz"), e.getMessage());
        try (var files = Files.list(tmp)) {
            assertEquals(List.of("helm"), files.map(f -> f.getFileName().toString()).toList(), "no set written or left staged");
        }
    }

    @Test
    void differentTimestampsGiveDifferentBytes() throws IOException {
        Path charts = TestCharts.platform(tmp.resolve("helm"));
        PackagedChart a = TestCharts.pack(charts, tmp.resolve("a"), BuildLogs.SILENT).get(1);
        PackagedChart b = new ChartPackager(new HelmClient(), BuildLogs.SILENT)
                .packageAll(charts, tmp.resolve("b"), java.time.Instant.parse("2027-01-01T00:00:00Z")).get(1);
        assertNotEquals(a.sha256(), b.sha256());
    }

    @Test
    void noChartsFindsNothing() throws IOException {
        Files.createDirectories(tmp.resolve("helm/not-a-chart"));
        assertEquals(List.of(), ChartDirectories.find(tmp.resolve("helm")));
        assertEquals(List.of(), ChartDirectories.find(tmp.resolve("missing")));
    }

    @Test
    void readsBackWhatItPackaged() throws IOException {
        Path charts = TestCharts.platform(tmp.resolve("helm"));
        List<PackagedChart> packaged = TestCharts.pack(charts, tmp.resolve("out"), BuildLogs.SILENT);
        assertEquals(packaged, PackageSet.read(tmp.resolve("out")));
    }

    private static List<String> entries(Path archive) throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream in = Files.newInputStream(archive);
             TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(in))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                names.add(e.getName());
            }
        }
        return names;
    }

    private static final class BuildLogs {
        static final io.neotool.charts.BuildLog SILENT = io.neotool.charts.BuildLog.SILENT;
    }
}
