package io.neotool.charts.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neotool.charts.FileTrees;
import io.neotool.charts.model.Suggestions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.DuplicateKeyException;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * What the lint finds in a values file of an environment before Helm reads it: a key written twice in one mapping, which
 * Helm takes silently, and a {@code global} key no chart reads where the chart's schema lets unknown ones through.
 */
public final class ValuesFiles {
    private ValuesFiles() {}

    static final RuleSet RULES = new RuleSet();

    private static final ObjectMapper JSON = new ObjectMapper();

    public static final String VALUES_DUPLICATE_KEY = RULES.define("values-duplicate-key", "chart", Severity.ERROR, "",
            "A values file that writes a key twice in one mapping: Helm keeps the last and drops the first, with all it "
                    + "holds, without a word.",
            "Write the key once, with everything both held.");

    public static final String VALUES_UNKNOWN_GLOBAL = RULES.define("values-unknown-global", "chart", Severity.ERROR, "",
            "A values file of the project sets a global key that the chart's values.schema.json does not name. The schema "
                    + "lets unknown global keys through, since a chart that has this one as a dependency passes its own "
                    + "globals to it, so a misspelt key (global.enviroment) passes Helm's check and no template reads it.",
            "Spell the key as values.schema.json names it under global, or remove it.");

    /** The findings of {@code file}, a values file of {@code chart}: none when it is missing or not YAML (Helm says so). */
    public static List<Finding> check(Path chart, Path file) {
        List<Finding> findings = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return findings;
        }
        String name = name(chart, file);
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        String text;
        try {
            text = Files.readString(file);
            new org.yaml.snakeyaml.Yaml(new SafeConstructor(options)).load(text);
        } catch (DuplicateKeyException d) {
            String key = String.valueOf(d.getProblem()).replaceFirst("^found duplicate key ", "");
            findings.add(new Finding(VALUES_DUPLICATE_KEY, Severity.ERROR, chart.getFileName().toString(), name, "", "",
                    name + ":" + (d.getProblemMark().getLine() + 1) + ": key '" + key + "' is written again in the mapping "
                            + "that starts at line " + (d.getContextMark().getLine() + 1) + ": Helm keeps only the last, "
                            + "and drops the first with all it holds", Rules.get(VALUES_DUPLICATE_KEY).fix(), Set.of()));
            return findings;
        } catch (IOException | RuntimeException other) {
            return findings;
        }
        Set<String> known = openGlobalKeys(chart);
        if (known.isEmpty()) {
            return findings;
        }
        for (NodeTuple entry : entries(global(text))) {
            if (entry.getKeyNode() instanceof ScalarNode key && !known.contains(key.getValue())) {
                findings.add(new Finding(VALUES_UNKNOWN_GLOBAL, Severity.ERROR, chart.getFileName().toString(), name, "", "",
                        name + ":" + (key.getStartMark().getLine() + 1) + ": global." + key.getValue() + " is read by no "
                                + "chart" + Suggestions.nearest(key.getValue(), known).map(s -> " (did you mean global." + s + "?)")
                                .orElse("") + "; the global keys are " + String.join(", ", known),
                        Rules.get(VALUES_UNKNOWN_GLOBAL).fix(), Set.of()));
            }
        }
        return findings;
    }

    /**
     * The global keys {@code chart}'s values.schema.json names, when it lets other keys through under {@code global}
     * (else empty: Helm checks them itself, or the chart has no schema of them).
     */
    private static Set<String> openGlobalKeys(Path chart) {
        Path schema = chart.resolve("values.schema.json");
        if (!Files.isRegularFile(schema)) {
            return Set.of();
        }
        try {
            JsonNode global = JSON.readTree(schema.toFile()).path("properties").path("global");
            JsonNode properties = global.path("properties");
            if (!properties.isObject() || properties.isEmpty() || global.path("additionalProperties").asBoolean(true) == false) {
                return Set.of();
            }
            Set<String> keys = new TreeSet<>();
            properties.fieldNames().forEachRemaining(keys::add);
            return keys;
        } catch (IOException | RuntimeException e) {
            return Set.of(); // Helm reports a schema it cannot read
        }
    }

    /** The value of a values file's top-level {@code global}, or null. */
    private static Node global(String text) {
        for (NodeTuple entry : entries(new org.yaml.snakeyaml.Yaml().compose(new java.io.StringReader(text)))) {
            if (entry.getKeyNode() instanceof ScalarNode key && key.getValue().equals("global")) {
                return entry.getValueNode();
            }
        }
        return null;
    }

    private static List<NodeTuple> entries(Node node) {
        return node instanceof MappingNode mapping ? mapping.getValue() : List.of();
    }

    /**
     * A values file as findings name it: its path in the chart, or, for a values file of the project (the pom's
     * valuesFiles), its own path rather than ../../ from the chart.
     */
    static String name(Path chart, Path file) {
        Path chartDir = chart.toAbsolutePath().normalize();
        Path values = file.toAbsolutePath().normalize();
        return values.startsWith(chartDir) ? FileTrees.slashed(chartDir.relativize(values)) : values.toString();
    }
}
