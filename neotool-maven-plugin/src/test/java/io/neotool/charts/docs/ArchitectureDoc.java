package io.neotool.charts.docs;

import io.neotool.charts.TestPaths;
import io.neotool.charts.report.PlatformDiagram;
import io.neotool.charts.report.PlatformGraphReport;
import io.neotool.charts.testtools.ExternalTools;
import io.neotool.charts.verify.PlatformVerifier.Graph;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The diagrams docs/architecture.md embeds, each between {@code <!-- diagram platform-<env>.mmd ... -->} and
 * {@code <!-- end diagram -->}: what {@link PlatformDiagram} draws from the flow graphs of the committed charts.
 * Like helm/, which the build regenerates from the spec, a local build rewrites them when the charts changed (a
 * service added to the spec breaks no test; commit both); in CI (CI=true) a stale doc fails instead, naming
 * {@link #REGENERATE}, which rewrites them anywhere ({@code -Dneotool.docs.update=true}).
 */
public final class ArchitectureDoc {
    private ArchitectureDoc() {}

    public static final String UPDATE_PROPERTY = "neotool.docs.update";
    public static final String REGENERATE =
            "./mvnw -B -o -pl neotool-maven-plugin test -Dtest=GeneratedChartsLintTest -Dneotool.docs.update=true";
    private static final Pattern BLOCK = Pattern.compile("(<!-- diagram (platform-[^ ]+\\.mmd)[^>]*-->\\n)(.*?)(<!-- end diagram -->)",
            Pattern.DOTALL);

    public static Path path() {
        return TestPaths.root().resolve("docs/architecture.md");
    }

    /** {@code doc} with every diagram block replaced by what the graphs draw; fails on a block or graph without the other. */
    public static String embed(String doc, Map<String, Graph> graphs) {
        Map<String, String> drawn = new TreeMap<>();
        graphs.forEach((env, g) -> drawn.put(PlatformGraphReport.diagramFileName(env), PlatformDiagram.mermaid(g)));
        Matcher m = BLOCK.matcher(doc);
        StringBuilder out = new StringBuilder();
        List<String> unknown = new ArrayList<>();
        TreeSet<String> missing = new TreeSet<>(drawn.keySet());
        while (m.find()) {
            String file = m.group(2);
            String mermaid = drawn.get(file);
            missing.remove(file);
            if (mermaid == null) {
                unknown.add(file);
                mermaid = "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + "```mermaid\n" + mermaid + "```\n" + m.group(4)));
        }
        m.appendTail(out);
        if (!unknown.isEmpty() || !missing.isEmpty()) {
            throw new AssertionError(path() + ": diagram blocks " + unknown + " name no environment the lint verifies (" + drawn.keySet()
                    + "); environments " + missing + " have no block: add `<!-- diagram <file> -->` ... `<!-- end diagram -->` for each");
        }
        return out.toString();
    }

    /**
     * When docs/architecture.md's diagrams differ from what the graphs draw: rewrites them outside CI or with
     * {@code -Dneotool.docs.update=true}, else fails naming the command that regenerates them.
     */
    public static void check(Map<String, Graph> graphs) throws IOException {
        String doc = Files.readString(path(), StandardCharsets.UTF_8);
        String expected = embed(doc, graphs);
        if (expected.equals(doc)) {
            return;
        }
        if (Boolean.getBoolean(UPDATE_PROPERTY) || !ExternalTools.ci()) {
            Files.writeString(path(), expected, StandardCharsets.UTF_8);
            System.out.println("[docs] " + path() + ": diagrams redrawn from the charts' flow graphs; commit it with helm/");
            return;
        }
        throw new AssertionError(path() + ": the embedded diagrams differ from the flow graphs of the committed charts"
                + " (target/neotool/platform-<env>.mmd); regenerate them with `" + REGENERATE + "` and commit docs/architecture.md");
    }
}
