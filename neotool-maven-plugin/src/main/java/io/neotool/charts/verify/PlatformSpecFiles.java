package io.neotool.charts.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What the platform verification and the capacity report read from a chart besides its render: an environment's
 * merged values, the operator-made objects they declare ({@code global.operatorMade}, the last values file that sets
 * it wins, as Helm replaces lists) and its NOTES.txt.
 */
final class PlatformSpecFiles {
    private PlatformSpecFiles() {}

    static final String OPERATOR_MADE_KEY = "operatorMade";

    /** The operator-made objects of an environment: chart/values.yaml, then each of {@code values} over it. */
    static List<PlatformVerifier.OperatorObject> operatorMade(Path chart, List<Path> values) {
        List<PlatformVerifier.OperatorObject> out = new ArrayList<>();
        for (Object o : Yaml.list(Yaml.at(values(chart, values), "global", OPERATOR_MADE_KEY))) {
            out.add(new PlatformVerifier.OperatorObject(Yaml.str(Yaml.at(o, "kind")), Yaml.str(Yaml.at(o, "namespace")),
                    Yaml.str(Yaml.at(o, "name")), Yaml.str(Yaml.at(o, "create"))));
        }
        return out;
    }

    /**
     * An environment's values as Helm merges them: chart/values.yaml, then each of {@code values} over it (maps
     * merge key by key; lists and scalars are replaced).
     */
    static Map<String, Object> values(Path chart, List<Path> values) {
        List<Path> files = new ArrayList<>();
        files.add(chart.resolve("values.yaml"));
        files.addAll(values);
        Object merged = Map.of();
        for (Path file : files) {
            if (Files.isRegularFile(file)) {
                merged = merge(merged, load(file));
            }
        }
        return Yaml.map(merged);
    }

    @SuppressWarnings("unchecked")
    private static Object merge(Object base, Object override) {
        if (base instanceof Map<?, ?> b && override instanceof Map<?, ?> o) {
            Map<String, Object> merged = new java.util.LinkedHashMap<>((Map<String, Object>) b);
            o.forEach((k, v) -> merged.put(String.valueOf(k), merge(merged.get(String.valueOf(k)), v)));
            return merged;
        }
        return override == null ? base : override;
    }

    /** The chart's templates/NOTES.txt, or empty. */
    static String notes(Path chart) {
        Path notes = chart.resolve("templates/NOTES.txt");
        try {
            return Files.isRegularFile(notes) ? Files.readString(notes) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code default} for values.yaml alone, {@code prod} for values-prod.yaml; prefixed with the chart when several. */
    static String environmentId(Path chart, List<Path> values, boolean prefixChart) {
        String id = values.isEmpty() ? "default"
                : values.get(values.size() - 1).getFileName().toString().replaceFirst("^values-", "").replaceFirst("\\.ya?ml$", "");
        return prefixChart ? chart.getFileName() + "-" + id : id;
    }

    private static Object load(Path file) {
        try {
            return new org.yaml.snakeyaml.Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
