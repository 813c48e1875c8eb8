package io.neotool.charts.generate;

import io.neotool.charts.model.Doc;
import io.neotool.charts.model.Persistence;
import io.neotool.charts.model.PlatformSpec;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * StatefulSet volume sizes that a generation changes, found by comparing the umbrella's values files already on disk
 * with the new ones, per environment. A new size cannot reach an installed release: Kubernetes refuses a change of
 * volumeClaimTemplates and helm upgrade fails, so the generator says so before any cluster sees it.
 */
final class VolumeSizeChanges {
    /** Values paths of every volume size: the keys whose description is {@link Persistence#FIXED_SIZE}. */
    static final List<String> PATHS = sizePaths(PlatformSpec.class, "");

    private VolumeSizeChanges() {}

    /**
     * One line per size that differs between the umbrella's values on disk and {@code files} (paths relative to the
     * output directory), e.g. {@code postgres.persistence.size: 20Gi -> 40Gi (values-prod.yaml)}; empty on a first
     * generation.
     */
    static List<String> find(Path output, SortedMap<String, byte[]> files) throws IOException {
        List<String> changes = new ArrayList<>();
        String base = files.keySet().stream().filter(f -> f.matches("[^/]+/values\\.yaml")).findFirst().orElse(null);
        if (base == null || !Files.isRegularFile(output.resolve(base))) {
            return changes;
        }
        String umbrella = base.substring(0, base.indexOf('/') + 1);
        Map<String, Object> oldBase = load(Files.readString(output.resolve(base), StandardCharsets.UTF_8));
        Map<String, Object> newBase = load(new String(files.get(base), StandardCharsets.UTF_8));
        for (String file : files.keySet()) {
            if (!file.startsWith(umbrella) || !file.substring(umbrella.length()).matches("values(-[a-z0-9-]+)?\\.yaml")) {
                continue;
            }
            boolean isBase = file.equals(base);
            Path old = output.resolve(file);
            Map<String, Object> oldEnv = isBase ? Map.of() : Files.isRegularFile(old)
                    ? load(Files.readString(old, StandardCharsets.UTF_8)) : Map.of();
            Map<String, Object> newEnv = isBase ? Map.of() : load(new String(files.get(file), StandardCharsets.UTF_8));
            for (String path : PATHS) {
                // a size the umbrella does not set is the default in the values.yaml of the subchart named by the path
                String subchart = umbrella + "charts/" + path.substring(0, path.indexOf('.')) + "/values.yaml";
                String rest = path.substring(path.indexOf('.') + 1);
                Object before = firstOf(at(oldEnv, path), at(oldBase, path), at(onDisk(output.resolve(subchart)), rest));
                Object after = firstOf(at(newEnv, path), at(newBase, path), files.containsKey(subchart)
                        ? at(load(new String(files.get(subchart), StandardCharsets.UTF_8)), rest) : null);
                if (before != null && after != null && !before.equals(after)) {
                    changes.add(path + ": " + before + " -> " + after + " (" + file.substring(umbrella.length()) + ")");
                }
            }
        }
        return changes;
    }

    private static List<String> sizePaths(Class<?> type, String prefix) {
        List<String> paths = new ArrayList<>();
        for (RecordComponent c : type.getRecordComponents()) {
            String path = prefix + c.getName();
            Doc doc = c.getAnnotation(Doc.class);
            if (doc != null && doc.value().endsWith(Persistence.FIXED_SIZE)) {
                paths.add(path);
            } else if (c.getType().isRecord()) {
                paths.addAll(sizePaths(c.getType(), path + "."));
            }
        }
        return List.copyOf(paths);
    }

    private static Object firstOf(Object... values) {
        return java.util.Arrays.stream(values).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    private static Map<String, Object> onDisk(Path file) throws IOException {
        return Files.isRegularFile(file) ? load(Files.readString(file, StandardCharsets.UTF_8)) : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load(String yaml) {
        Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        return doc instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static Object at(Map<String, Object> values, String path) {
        Object node = values;
        for (String key : path.split("\\.")) {
            if (!(node instanceof Map<?, ?> map)) {
                return null;
            }
            node = map.get(key);
        }
        return node;
    }
}
