package io.neotool.charts.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neotool.charts.BuildLog;
import io.neotool.charts.ChildJvm;
import io.neotool.charts.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** package and push killed with SIGKILL in a child JVM at many points: no half state, no credential on disk. */
class ShipCrashTest {
    private static final Predicate<String> ANY_LINE = line -> line.startsWith("INFO ") || line.startsWith("DEBUG ") || line.startsWith("WARN ");

    @TempDir
    Path tmp;

    @Test
    void aKilledPushLeavesNoCredentialAnywhereOnDisk() throws Exception {
        // file times come from the kernel's coarser clock: a file written after Instant.now() may carry an
        // earlier time by a few milliseconds, so the scan starts a second early
        Instant start = Instant.now().minusSeconds(1);
        String password = "pw-" + UUID.randomUUID();
        CredentialScan scan = new CredentialScan("ci", password);
        Path probe = Files.writeString(tmp.resolve("probe.json"), "{\"auth\":\"" + java.util.Base64.getEncoder()
                .encodeToString(("ci:" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "\"}");
        assertEquals(List.of(probe), scan.find(List.of(tmp), start), "the scan finds a login as Helm stores it");
        Files.delete(probe);
        try (RegistryServer server = RegistryServer.start(Files.createDirectories(tmp.resolve("reg")), "ci", password, false)) {
            Path packages = tmp.resolve("out");
            TestCharts.pack(TestCharts.platform(tmp.resolve("src")), packages, BuildLog.SILENT);

            // A whole push first: how many points there are to kill at.
            ChildJvm whole = ChildJvm.start(ShipChild.class, tmp.resolve("child-0"), password + "\n",
                    "push", "oci://" + server.host() + "/whole", packages.toString(), "ci");
            assertEquals(0, whole.waitFor(), whole.output());
            long points = whole.output().lines().filter(ANY_LINE).count();
            assertTrue(points > 10, whole.output());

            int trials = 12;
            for (int t = 1; t <= trials; t++) {
                int point = (int) Math.max(1, Math.round((double) t * points / trials)); // spread over the whole push
                Path root = tmp.resolve("child-" + t);
                ChildJvm child = ChildJvm.start(ShipChild.class, root, password + "\n",
                        "push", "oci://" + server.host() + "/trial-" + t, packages.toString(), "ci");
                child.killAfter(ANY_LINE, point);

                List<Path> roots = List.of(tmp, Path.of("target"), Path.of(System.getProperty("java.io.tmpdir")),
                        Path.of(System.getProperty("user.home"), ".config", "helm"), Path.of(System.getProperty("user.home"), ".docker"));
                assertEquals(List.of(), scan.find(roots, start), "killed after line " + point + ":\n" + child.output());
                // The report is whole JSON, running or succeeded, and every chart it calls pushed is in the registry.
                JsonNode report = new ObjectMapper().readTree(packages.resolve(PushReport.FILE).toFile());
                String outcome = report.get("outcome").asText();
                assertTrue(outcome.equals("running") || outcome.equals("succeeded"), outcome + " after a kill at line " + point);
                RegistryClient client = RegistryClient.connect(server.reference("trial-" + t), new RegistryCredentials("ci", password.toCharArray()),
                        null, false, ChartPusherTest.FAST, "", BuildLog.SILENT);
                int pushed = 0;
                for (JsonNode chart : report.get("charts")) {
                    if (chart.get("status").asText().equals("pushed")) {
                        pushed++;
                        assertEquals(chart.get("digest").asText(), client.manifest("trial-" + t + "/" + chart.get("chart").asText(),
                                chart.get("version").asText()).orElseThrow().digest(), report.toString());
                    }
                }
                assertTrue(!outcome.equals("succeeded") || pushed == 2, report.toString());
            }
        }
    }

    @Test
    void aKilledPackageLeavesTheOldSetOrTheNewOneNeverAPartOfEither() throws Exception {
        Path charts = tmp.resolve("charts");
        for (String name : List.of("alpha", "bravo", "charlie", "delta")) {
            TestCharts.create(charts, name, "1.0.0");
        }
        Path output = tmp.resolve("target/helm");
        TestCharts.pack(charts, output, BuildLog.SILENT);
        for (String name : List.of("alpha", "bravo", "charlie", "delta")) {
            Path chartYaml = charts.resolve(name).resolve("Chart.yaml");
            Files.writeString(chartYaml, Files.readString(chartYaml).replace("version: 1.0.0", "version: 1.1.0"));
        }
        Predicate<String> staged = line -> line.startsWith("DEBUG Staged");
        Predicate<String> packaged = line -> line.startsWith("INFO Packaged");
        List<String> seen = new ArrayList<>();
        for (int point = 1; point <= 5; point++) {
            ChildJvm child = ChildJvm.start(ShipChild.class, tmp.resolve("child-" + point), null,
                    "package", charts.toString(), output.toString());
            boolean killed = point <= 4 ? child.killAfter(staged, point) : child.killAfter(packaged, 1);
            assertTrue(killed, child.output());
            seen.add(state(output));
        }
        assertTrue(seen.contains("old") && seen.contains("new"), "kills before and after the commit: " + seen);

        // The next package finishes cleanly and leaves nothing of the killed runs.
        TestCharts.pack(charts, output, BuildLog.SILENT);
        assertEquals(4, PackageSet.read(output).size());
        try (Stream<Path> beside = Files.list(output.getParent())) {
            assertEquals(List.of("helm"), beside.map(p -> p.getFileName().toString()).toList());
        }
    }

    /** "old" (every chart at 1.0.0, refused by push), "new" (every chart at 1.1.0), or "none" (between the renames). */
    private static String state(Path output) throws Exception {
        if (!Files.exists(output)) {
            InputException refused = org.junit.jupiter.api.Assertions.assertThrows(InputException.class, () -> PackageSet.read(output));
            assertTrue(refused.getMessage().contains("interrupted neotool:package"), refused.getMessage());
            return "none";
        }
        JsonNode index = new ObjectMapper().readTree(output.resolve(PackageSet.INDEX).toFile());
        Set<String> versions = new TreeSet<>();
        Set<String> listed = new TreeSet<>();
        for (JsonNode entry : index.get("archives")) {
            versions.add(entry.get("version").asText());
            listed.add(entry.get("file").asText());
            assertTrue(Files.isRegularFile(output.resolve(entry.get("file").asText())), entry.toString());
        }
        Set<String> onDisk = new TreeSet<>();
        try (Stream<Path> files = Files.list(output)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tgz")).forEach(onDisk::add);
        }
        assertEquals(listed, onDisk, "the archives are exactly the index's");
        assertEquals(4, listed.size(), listed.toString());
        assertEquals(1, versions.size(), "one run's set, not a mix: " + versions);
        if (versions.contains("1.0.0")) {
            InputException refused = org.junit.jupiter.api.Assertions.assertThrows(InputException.class, () -> PackageSet.read(output));
            assertTrue(refused.getMessage().contains("is at version 1.1.0") && refused.getMessage().contains("Run neotool:package"),
                    refused.getMessage());
            return "old";
        }
        assertFalse(PackageSet.read(output).isEmpty());
        return "new";
    }
}
