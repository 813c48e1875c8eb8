package io.neotool.charts.verify;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Splits {@code helm template} output into objects, each tied to its template through the {@code # Source:}
 * comment Helm writes before every document. Duplicate keys are errors (the API server's strict decoding rejects
 * them), and so is YAML that does not parse or a document that is not a mapping.
 */
public final class ManifestParser {
    /** The lint rules this class applies, each defined where it is applied; {@link Rules} lists them all. */
    static final RuleSet RULES = new RuleSet();

    public static final String YAML = RULES.define("yaml", "chart", Severity.ERROR, "",
            "A template renders YAML that does not parse or is not an object.", "Fix indentation, quoting or duplicate keys.");

    private static final Pattern SEPARATOR = Pattern.compile("(?m)^---[ \\t]*$");
    private static final Pattern SOURCE = Pattern.compile("(?m)^# Source: (\\S.*?)\\s*$");

    public record Parsed(List<Manifest> manifests, List<Finding> problems) {}

    /** One document's outcome: its object, or the problem it has, or neither (an empty document). */
    private record Document(Manifest manifest, Finding problem) {}

    private static final Document EMPTY = new Document(null, null);

    /**
     * Each distinct document text (its {@code # Source:} line included) this parser has read, with its outcome. The
     * renders of one lint run repeat most documents in every environment: each is parsed once and its object shared
     * (the checks only read objects). Thread-safe: environments are parsed side by side.
     */
    private final Map<String, Document> documents = new ConcurrentHashMap<>();

    /** Alias to chart, of the linted charts' dependencies: an aliased subchart's objects are named by its chart. */
    private final Map<String, String> aliases;

    /** A parser that names each object's chart as Helm's {@code # Source:} does (an alias for an aliased subchart). */
    public ManifestParser() {
        this(Map.of());
    }

    /** A parser that names an aliased subchart's objects by the chart on disk ({@code aliases}: alias to chart). */
    public ManifestParser(Map<String, String> aliases) {
        this.aliases = Map.copyOf(aliases);
    }

    /**
     * The objects of one render, in order, and the documents that are not objects. A document repeated within the
     * render is parsed again, so that every object of a render is an instance of its own.
     */
    public Parsed parse(String rendered) {
        List<Manifest> manifests = new ArrayList<>();
        List<Finding> problems = new ArrayList<>();
        org.yaml.snakeyaml.Yaml yaml = yaml();
        Set<String> seen = new HashSet<>();
        for (String text : SEPARATOR.split(rendered)) {
            Document doc = seen.add(text) ? documents.computeIfAbsent(text, t -> load(yaml, t)) : load(yaml, text);
            if (doc.manifest() != null) {
                manifests.add(doc.manifest());
            } else if (doc.problem() != null) {
                problems.add(doc.problem());
            }
        }
        return new Parsed(manifests, problems);
    }

    private Document load(org.yaml.snakeyaml.Yaml yaml, String doc) {
        Matcher m = SOURCE.matcher(doc);
        String source = m.find() ? m.group(1) : "";
        String[] chartAndFile = chartAndFile(source, aliases);
        Object loaded;
        try {
            loaded = yaml.load(doc);
        } catch (YAMLException e) {
            String where = e instanceof MarkedYAMLException marked && marked.getProblemMark() != null
                    ? " (line " + (marked.getProblemMark().getLine() + 1) + " of the rendered document)" : "";
            return new Document(null, new Finding(YAML, Severity.ERROR, chartAndFile[0], chartAndFile[1], "", "",
                    "rendered output is not valid YAML" + where + ": " + firstLine(e.getMessage()),
                    "fix the template so it renders valid YAML (indentation, quoting, duplicate keys)", Set.of()));
        }
        if (loaded == null) {
            return EMPTY; // an empty document: a template whose condition is false
        }
        if (!(loaded instanceof Map<?, ?>)) {
            return new Document(null, new Finding(YAML, Severity.ERROR, chartAndFile[0], chartAndFile[1], "", "",
                    "rendered document is a " + (loaded instanceof List ? "list" : "scalar") + ", not a Kubernetes object",
                    "a template must render a mapping with apiVersion, kind and metadata", Set.of()));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) loaded;
        return new Document(new Manifest(source, chartAndFile[0], chartAndFile[1], body), null);
    }

    /**
     * {@code neotool/charts/app/templates/deployment.yaml} -> {@code [neotool-service, templates/deployment.yaml]} with
     * {@code aliases} {@code app -> neotool-service} ({@code app} without). Only a subchart's name is an alias: a top
     * chart named as an alias of its own subcharts (a platform {@code orders} with a service {@code orders}) keeps its
     * name.
     */
    static String[] chartAndFile(String source, Map<String, String> aliases) {
        if (source.isEmpty()) {
            return new String[] {"", ""};
        }
        int t = source.lastIndexOf("/templates/");
        String chartPath = t >= 0 ? source.substring(0, t) : source.substring(0, Math.max(0, source.indexOf('/')));
        String file = t >= 0 ? source.substring(t + 1) : source.substring(source.indexOf('/') + 1);
        return new String[] {chartOnDisk(chartPath, aliases), file};
    }

    /** The chart on disk of a chart path in Helm's output ({@code neotool/charts/app}: app's chart; {@code neotool}). */
    static String chartOnDisk(String chartPath, Map<String, String> aliases) {
        String chart = chartPath.substring(chartPath.lastIndexOf('/') + 1);
        return chartPath.contains("/charts/") ? aliases.getOrDefault(chart, chart) : chart;
    }

    private static org.yaml.snakeyaml.Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(50);
        return new org.yaml.snakeyaml.Yaml(new org.yaml.snakeyaml.constructor.SafeConstructor(options),
                new org.yaml.snakeyaml.representer.Representer(new org.yaml.snakeyaml.DumperOptions()),
                new org.yaml.snakeyaml.DumperOptions(), options, new StringsForTimestamps());
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.strip().split("\n")[0];
    }

    /** Kubernetes reads timestamps as strings; keep them strings instead of java.util.Date. */
    private static final class StringsForTimestamps extends org.yaml.snakeyaml.resolver.Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.BOOL, BOOL, "yYnNtTfFoO");
            addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.INT, INT, "-+0123456789");
            addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.FLOAT, FLOAT, "-+0123456789.");
            addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.MERGE, MERGE, "<");
            addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.NULL, NULL, "~nN\0");
            addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.NULL, EMPTY, null);
        }

        /**
         * A plain scalar that starts with a letter and is longer than the longest boolean or null word ("false") is a
         * string: no resolver above can match it, so their regular expressions (a fifth of parsing a render: "name",
         * "namespace", "type"...) are not tried.
         */
        @Override
        public org.yaml.snakeyaml.nodes.Tag resolve(org.yaml.snakeyaml.nodes.NodeId kind, String value, boolean implicit) {
            if (kind == org.yaml.snakeyaml.nodes.NodeId.scalar && implicit && value.length() > 5) {
                char first = value.charAt(0);
                if ((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z')) {
                    return org.yaml.snakeyaml.nodes.Tag.STR;
                }
            }
            return super.resolve(kind, value, implicit);
        }
    }
}
