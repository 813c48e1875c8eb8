package io.neotool.charts.helm;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
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
     * would (new keys quoted: a plain {@code y} or {@code off} is a boolean to Helm's YAML reader); null when the text
     * is not one YAML mapping, when a path has an empty or blank-edged part (Helm would not find it), or runs through
     * something else than a mapping, an anchored node (changing it would change its aliases too) or a mapping with a
     * merge key ({@code <<}: Helm's reader lets merged keys win, and a new key would hide what they bring).
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
            String[] keys = path.split("\\.", -1);
            if (Arrays.stream(keys).anyMatch(k -> k.isEmpty() || !k.equals(k.strip())) || !setFalse(map, keys, 0)) {
                return null;
            }
        }
        StringWriter out = new StringWriter();
        yaml.serialize(root, out);
        return out.toString();
    }

    private static boolean setFalse(MappingNode map, String[] keys, int at) {
        List<NodeTuple> tuples = map.getValue();
        if (map.getAnchor() != null || tuples.stream().anyMatch(t -> t.getKeyNode().getTag().equals(Tag.MERGE))) {
            return false;
        }
        int index = -1;
        for (int i = 0; i < tuples.size(); i++) {
            if (tuples.get(i).getKeyNode() instanceof ScalarNode key && key.getValue().equals(keys[at])) {
                index = i;
            }
        }
        Node key = index >= 0 ? tuples.get(index).getKeyNode()
                : new ScalarNode(Tag.STR, keys[at], null, null, DumperOptions.ScalarStyle.DOUBLE_QUOTED);
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
