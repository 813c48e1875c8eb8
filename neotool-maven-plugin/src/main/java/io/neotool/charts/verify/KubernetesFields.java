package io.neotool.charts.verify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * When each field and kind of the Kubernetes API arrived, and in which versions a field's feature gate is off by
 * default, from 1.25 to 1.32 (the models' version): what the API server of an older target does not have, and what it
 * drops unless the cluster turns the gate on, although client-java-api's 1.32 models know it. Read from
 * {@code kubernetes-fields.tsv}, which {@code tools/kubernetes-fields.py} writes from the API's own definitions and the
 * gates' stages.
 */
final class KubernetesFields {
    private KubernetesFields() {}

    /** The first minor of each field ("Model.field") and kind ("Model") that arrived after 1.25. */
    private static final Map<String, Integer> ADDED = new HashMap<>();
    /** "Model.field@minor" for each minor that leaves the field's feature gate off by default. */
    private static final Set<String> GATED = new HashSet<>();

    static {
        try (InputStream in = KubernetesFields.class.getResourceAsStream("kubernetes-fields.tsv");
             BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] cells = line.split("\t", -1);
                String key = cells[1].isEmpty() ? cells[0] : cells[0] + "." + cells[1];
                if (!cells[2].isEmpty()) {
                    ADDED.put(key, Integer.parseInt(cells[2]));
                }
                if (!cells[3].isEmpty()) {
                    for (String minor : cells[3].split(",")) {
                        GATED.add(key + "@" + minor);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Kubernetes 1.x minor that brought the model's field ({@code field} null: the kind), 0 when it was there by 1.25. */
    static int added(String model, String field) {
        return ADDED.getOrDefault(field == null ? model : model + "." + field, 0);
    }

    /** Whether Kubernetes 1.{@code minor} leaves the model's field's feature gate off by default. */
    static boolean gated(String model, String field, int minor) {
        return GATED.contains(model + "." + field + "@" + minor);
    }
}
