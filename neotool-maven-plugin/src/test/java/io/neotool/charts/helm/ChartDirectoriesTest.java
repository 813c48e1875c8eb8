package io.neotool.charts.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** lint, package and push must not pass having checked nothing when the project says there should be charts. */
class ChartDirectoriesTest {
    @TempDir
    Path dir;

    private Path chart(String path) throws IOException {
        Path chart = Files.createDirectories(dir.resolve(path));
        Files.writeString(chart.resolve("Chart.yaml"), "name: x\n");
        Files.createDirectories(chart.resolve("templates"));
        return chart;
    }

    @Test
    void noChartIsFineOnlyWhenNoneIsExpected() throws IOException {
        assertEquals(List.of(), ChartDirectories.require(dir.resolve("absent"), false, "neotool:lint"));
        assertEquals(List.of(), ChartDirectories.require(dir, false, "neotool:lint"));
        InputException e = assertThrows(InputException.class, () -> ChartDirectories.require(dir, true, "neotool:package"));
        assertTrue(e.getMessage().startsWith("neotool:package found no chart in " + dir), e.getMessage());
        assertTrue(e.getMessage().contains("Run neotool:generate first"), e.getMessage());
        assertThrows(InputException.class, () -> ChartDirectories.require(dir.resolve("absent"), true, "neotool:lint"));
    }

    @Test
    void aChartDirectoryWithoutChartYamlFailsEvenBesideGoodCharts() throws IOException {
        Path umbrella = chart("shop");
        Path sub = chart("shop/charts/orders");
        Files.createDirectories(dir.resolve("target/classes")); // a build directory is not a chart
        assertEquals(List.of(umbrella, sub), ChartDirectories.require(dir, true, "neotool:lint"));

        Files.delete(sub.resolve("Chart.yaml"));
        InputException e = assertThrows(InputException.class, () -> ChartDirectories.require(dir, false, "neotool:lint"));
        assertTrue(e.getMessage().contains(sub.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("have no Chart.yaml"), e.getMessage());

        Files.writeString(sub.resolve("Chart.yaml"), "name: orders\n");
        Files.delete(umbrella.resolve("Chart.yaml"));
        e = assertThrows(InputException.class, () -> ChartDirectories.require(dir, true, "neotool:package"));
        assertTrue(e.getMessage().contains("[" + umbrella + "]"), e.getMessage());
    }
}
