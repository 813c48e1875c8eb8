package io.neotool.charts.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neotool.charts.FileTrees;
import io.neotool.charts.verify.PlatformVerifier.Edge;
import io.neotool.charts.verify.PlatformVerifier.Graph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * {@code target/neotool/platform-<env>.json}: the flow graph of one verified environment, what a reviewer (or the
 * architecture diagram) reads: nodes (namespace/Kind/name), edges (from, to, port, how the client is told) with the
 * status of each check (address, network, credentials, timing: ok, failed or n/a) and the problems found. Beside it,
 * {@code platform-<env>.mmd}: the same graph drawn as a Mermaid flowchart ({@link PlatformDiagram}).
 */
public final class PlatformGraphReport {
    private PlatformGraphReport() {}

    public static String toJson(Graph graph) {
        ObjectNode root = JsonReport.object();
        root.put("environment", graph.environment());
        ArrayNode nodes = root.putArray("nodes");
        graph.nodes().forEach(nodes::add);
        ObjectNode hooks = root.putObject("hooks");
        graph.hooks().forEach(hooks::put);
        ArrayNode edges = root.putArray("edges");
        List<Edge> sorted = new ArrayList<>(graph.edges());
        sorted.sort(java.util.Comparator.comparing(Edge::from).thenComparing(Edge::to).thenComparing(Edge::port));
        for (Edge e : sorted) {
            ObjectNode n = edges.addObject();
            n.put("from", e.from());
            n.put("to", e.to());
            n.put("port", e.port());
            n.put("purpose", e.purpose());
            n.put("via", e.via());
            ArrayNode servers = n.putArray("servers");
            e.servers().forEach(servers::add);
            boolean failed = e.checks().containsValue("failed");
            n.put("status", failed ? "failed" : "ok");
            ObjectNode checks = n.putObject("checks");
            new TreeMap<>(e.checks()).forEach(checks::put);
            ArrayNode problems = n.putArray("problems");
            e.problems().forEach(problems::add);
        }
        return JsonReport.text(root);
    }

    /**
     * Writes platform-<id>.json and platform-<id>.mmd for each graph into {@code dir}, and platform-<id>.yaml: what that
     * environment rendered, the manifests the checks read (hooks and tests included), for a reader without a helm.
     */
    public static void write(Map<String, Graph> graphs, Map<String, String> manifests, Path dir) throws IOException {
        for (Map.Entry<String, Graph> g : graphs.entrySet()) {
            Files.createDirectories(dir);
            FileTrees.replace(dir.resolve(fileName(g.getKey())), toJson(g.getValue()));
            FileTrees.replace(dir.resolve(diagramFileName(g.getKey())), PlatformDiagram.mermaid(g.getValue()));
            String rendered = manifests.get(g.getKey());
            if (rendered != null) {
                FileTrees.replace(dir.resolve(manifestsFileName(g.getKey())), redactSecrets(rendered));
            }
        }
    }

    public static String fileName(String environmentId) {
        return baseName(environmentId) + ".json";
    }

    /**
     * The rendered manifests with every Secret's values replaced by {@value #REDACTED}: a values file may carry a
     * credential, and the report is a file on disk (a CI artifact, say). Keys stay, so a reader sees what each Secret
     * holds. A document that may be a Secret (or a List of them) is read as YAML, whatever its quoting, comments or
     * line ends, and written back redacted; other documents are kept as rendered.
     */
    static String redactSecrets(String manifests) {
        StringBuilder out = new StringBuilder(manifests.length());
        List<String> doc = new ArrayList<>();
        for (String line : manifests.split("\\r?\\n", -1)) {
            if (line.startsWith("---") && (line.length() == 3 || Character.isWhitespace(line.charAt(3)))) {
                flushDocument(doc, out);
                doc.clear();
                out.append(line).append('\n');
            } else {
                doc.add(line);
            }
        }
        flushDocument(doc, out);
        return out.substring(0, out.length() - 1); // the split's last piece ended without a newline
    }

    static final String REDACTED = "<redacted>";

    private static void flushDocument(List<String> doc, StringBuilder out) {
        String text = String.join("\n", doc);
        if (text.contains("Secret") || text.contains("\\")) { // a kind written with escapes is a Secret too
            Yaml yaml = verbatim();
            Object parsed;
            try {
                parsed = yaml.load(text);
            } catch (RuntimeException e) { // Helm rendered it, so this does not happen; if it did, show nothing of it
                out.append("# ").append(REDACTED).append(": a document that is not YAML\n");
                return;
            }
            Set<Object> secrets = Collections.newSetFromMap(new IdentityHashMap<>());
            if (redact(parsed, secrets)) {
                doc.stream().takeWhile(line -> line.startsWith("#")).forEach(line -> out.append(line).append('\n'));
                out.append(yaml.dump(withoutAliasesOf(parsed, secrets)));
                if (doc.get(doc.size() - 1).isEmpty()) {
                    out.append('\n'); // the rendered document's own last line end, as for the others
                }
                return;
            }
        }
        doc.forEach(line -> out.append(line).append('\n'));
    }

    /**
     * YAML that reads every scalar as the text it is (no dates, octal numbers or booleans of YAML 1.1) and writes it
     * back in block style, so a redacted Secret reads as rendered.
     */
    private static Yaml verbatim() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        LoaderOptions loading = new LoaderOptions();
        Resolver textOnly = new Resolver() {
            @Override
            protected void addImplicitResolvers() { // none: every plain scalar is a string
            }
        };
        return new Yaml(new SafeConstructor(loading), new Representer(options), options, loading, textOnly);
    }

    /**
     * Replaces the values of a Secret's data and stringData, or of the Secrets of a List, collecting the originals in
     * {@code secrets}; whether there were any.
     */
    @SuppressWarnings("unchecked")
    private static boolean redact(Object node, Set<Object> secrets) {
        if (!(node instanceof Map<?, ?> object)) {
            return false;
        }
        boolean changed = false;
        if ("Secret".equals(object.get("kind"))) {
            for (String key : List.of("data", "stringData")) {
                Object values = object.get(key);
                if (values instanceof Map<?, ?> map) {
                    secrets.addAll(map.values());
                    ((Map<Object, Object>) map).replaceAll((k, v) -> REDACTED);
                    changed = true;
                } else if (values != null) {
                    secrets.add(values);
                    ((Map<Object, Object>) object).put(key, REDACTED);
                    changed = true;
                }
            }
        }
        if (object.get("items") instanceof List<?> items) {
            for (Object item : items) {
                changed |= redact(item, secrets);
            }
        }
        return changed;
    }

    /** {@code node} with every other place a YAML alias took a redacted value from (the same object) redacted too. */
    @SuppressWarnings("unchecked")
    private static Object withoutAliasesOf(Object node, Set<Object> secrets) {
        if (secrets.contains(node)) {
            return REDACTED;
        }
        if (node instanceof Map<?, ?> map) {
            ((Map<Object, Object>) map).replaceAll((k, v) -> withoutAliasesOf(v, secrets));
        } else if (node instanceof List<?> list) {
            ((List<Object>) list).replaceAll(v -> withoutAliasesOf(v, secrets));
        }
        return node;
    }

    public static String manifestsFileName(String environmentId) {
        return baseName(environmentId) + ".yaml";
    }

    public static String diagramFileName(String environmentId) {
        return baseName(environmentId) + ".mmd";
    }

    private static String baseName(String environmentId) {
        return "platform-" + environmentId.replaceAll("[^A-Za-z0-9._+-]", "_");
    }

    /** Whether a file of that name is one {@link #write} writes, for some environment. */
    static boolean isReport(String name) {
        return name.matches("platform-[A-Za-z0-9._+-]+\\.(json|mmd|yaml)");
    }
}
