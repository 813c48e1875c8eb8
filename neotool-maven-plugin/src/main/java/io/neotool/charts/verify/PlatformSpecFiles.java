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
 * What the platform verification reads from a chart besides its render: the operator-made objects its values declare
 * ({@code global.operatorMade}, the last values file that sets it wins, as Helm replaces lists) and its NOTES.txt.
 */
final class PlatformSpecFiles {
    private PlatformSpecFiles() {}

    static final String OPERATOR_MADE_KEY = "operatorMade";

    /** The operator-made objects of an environment: chart/values.yaml, then each of {@code values} over it. */
    static List<PlatformVerifier.OperatorObject> operatorMade(Path chart, List<Path> values) {
        List<Path> files = new ArrayList<>();
        files.add(chart.resolve("values.yaml"));
        files.addAll(values);
        List<Object> declared = List.of();
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                continue;
            }
            Object global = Yaml.at(load(file), "global");
            if (global instanceof Map<?, ?> g && g.containsKey(OPERATOR_MADE_KEY)) {
                declared = Yaml.list(g.get(OPERATOR_MADE_KEY));
            }
        }
        List<PlatformVerifier.OperatorObject> out = new ArrayList<>();
        for (Object o : declared) {
            out.add(new PlatformVerifier.OperatorObject(Yaml.str(Yaml.at(o, "kind")), Yaml.str(Yaml.at(o, "namespace")),
                    Yaml.str(Yaml.at(o, "name")), Yaml.str(Yaml.at(o, "create"))));
        }
        return out;
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
