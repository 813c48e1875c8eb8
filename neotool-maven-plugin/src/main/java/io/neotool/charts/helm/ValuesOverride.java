package io.neotool.charts.helm;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A values file with some paths set to {@code false}, as {@code --set a.b=false} would give Helm, for a Helm call that
 * takes no values (helm-java's lint). It works on the YAML's nodes, not on Java values: every other scalar keeps its
 * text, tag and style (a {@code 2024-01-01} or {@code 0755} stays what it was for Helm), anchors and aliases stay;
 * only comments go.
 */
final class ValuesOverride {
    private ValuesOverride() {}

    /** Bigger than any values file Helm accepts (5 MiB per chart file). */
    private static final int MAX_CODE_POINTS = 16 * 1024 * 1024;

    /**
     * {@code text} with each dotted path in {@code paths} set to false, maps created on the way as {@code --set}
     * would; null when the text is not one YAML mapping or a path runs through something else than a mapping, or
     * through an anchored node (changing it would change its aliases too).
     */
    static String withFalse(String text, List<String> paths) {
        if (text == null) {
            return null;
        }
        LoaderOptions loading = new LoaderOptions();
        loading.setCodePointLimit(MAX_CODE_POINTS);
        DumperOptions dumping = new DumperOptions();
        dumping.setSplitLines(false);
        Yaml yaml = new Yaml(loading, dumping);
        Node root;
        try {
            root = yaml.compose(new StringReader(text));
        } catch (RuntimeException e) {
            return null; // Helm reports what it cannot read
        }
        if (!(root instanceof MappingNode map)) {
            return null;
        }
        for (String path : paths) {
            if (path.isBlank() || !setFalse(map, path.split("\\."), 0)) {
                return null;
            }
        }
        StringWriter out = new StringWriter();
        yaml.serialize(root, out);
        return out.toString();
    }

    private static boolean setFalse(MappingNode map, String[] keys, int at) {
        if (map.getAnchor() != null) {
            return false;
        }
        List<NodeTuple> tuples = map.getValue();
        int index = -1;
        for (int i = 0; i < tuples.size(); i++) {
            if (tuples.get(i).getKeyNode() instanceof ScalarNode key && key.getValue().equals(keys[at])) {
                index = i;
            }
        }
        Node key = index >= 0 ? tuples.get(index).getKeyNode() : scalar(Tag.STR, keys[at]);
        Node value;
        if (at == keys.length - 1) {
            value = scalar(Tag.BOOL, "false");
        } else {
            Node current = index >= 0 ? tuples.get(index).getValueNode() : null;
            if (current == null || (current instanceof ScalarNode s && s.getTag().equals(Tag.NULL))) {
                current = new MappingNode(Tag.MAP, new ArrayList<>(), DumperOptions.FlowStyle.BLOCK);
            }
            if (!(current instanceof MappingNode child) || !setFalse(child, keys, at + 1)) {
                return false;
            }
            value = child;
        }
        NodeTuple tuple = new NodeTuple(key, value);
        if (index >= 0) {
            tuples.set(index, tuple);
        } else {
            tuples.add(tuple);
        }
        return true;
    }

    private static ScalarNode scalar(Tag tag, String value) {
        return new ScalarNode(tag, value, null, null, DumperOptions.ScalarStyle.PLAIN);
    }
}
