package io.neotool.charts.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Loads the platform spec (YAML) into {@link Spec}: strict binding with line numbers, then semantic
 * validation of the base and of every environment. Throws {@link SpecException} with every problem found.
 *
 * <p>The spec's top-level {@code environments} maps an environment name to overrides written like the
 * spec itself; each environment is the spec deep-merged with its overrides, bound and validated again.
 */
public final class SpecLoader {
    static final String ENVIRONMENTS = "environments";
    /** What the lint's reports call the render of values.yaml alone (platform-default.json): no environment's name. */
    static final String BASE_RENDER = "default";
    static final int MAX_DEPTH = 50;

    /** The largest spec read, in bytes: far beyond any platform, small enough that a wrong file fails fast. */
    static final int MAX_BYTES = 2 * 1024 * 1024;

    /** Loads {@code file}; {@code defaultVersion} is the chart version when the spec sets none. */
    public Spec load(Path file, String defaultVersion) throws IOException {
        String name = file.toString();
        String text = text(name, file);
        Node root;
        try {
            root = yaml().compose(new java.io.StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            Mark context = e.getContextMark();
            String begins = context != null && mark != null && context.getLine() != mark.getLine()
                    ? ", which begins at line " + (context.getLine() + 1) : "";
            throw problem(name, mark == null ? 0 : mark.getLine() + 1, mark == null ? 0 : mark.getColumn() + 1,
                    "malformed YAML: " + e.getProblem() + (e.getContext() != null ? " (" + e.getContext() + begins + ")" : "")
                    + "; " + syntaxAdvice(e.getProblem() + " " + e.getContext()));
        } catch (YAMLException e) {
            Mark deep = String.valueOf(e.getMessage()).contains("Nesting Depth") ? tooDeep(text) : null;
            throw problem(name, deep == null ? 0 : deep.getLine() + 1, deep == null ? 0 : deep.getColumn() + 1,
                    "malformed YAML: " + yamlLimit(e.getMessage()));
        }
        if (root == null) {
            throw problem(name, 0, 0, (text.isBlank() ? "the file is empty" : "the file holds only comments")
                    + ": the spec is a mapping with the keys " + topLevelKeys());
        }
        return load(name, file, root, defaultVersion);
    }

    private static String topLevelKeys() {
        return java.util.Arrays.stream(PlatformSpec.class.getRecordComponents())
                .map(java.lang.reflect.RecordComponent::getName).collect(java.util.stream.Collectors.joining(", "))
                + ", " + ENVIRONMENTS;
    }

    /** What to do about a YAML syntax error, by what SnakeYAML says of it. */
    static String syntaxAdvice(String problem) {
        String p = problem.toLowerCase(java.util.Locale.ROOT);
        if (p.contains("single document")) {
            return "the spec is one YAML document: remove the second '---' and what follows it, or merge the two";
        }
        if (p.contains("scanning an alias") || p.contains("scanning an anchor")) {
            return "a value that starts with '*' or '&' is read as an alias or anchor: quote it ('*.example.com')";
        }
        if (p.contains("alias") || p.contains("anchor")) {
            return "an alias (*name) refers to an anchor (&name) written above it, once";
        }
        if (p.contains("tag")) {
            return "the spec takes plain YAML values: remove the tag ('!' or '!!' before the value)";
        }
        return "the mistake is here or just before: a key indented unlike its siblings, a '{' or '[' not closed, or a ':' "
                + "missing";
    }

    /** The file as text: refused when it is missing, too large, binary or not UTF-8, naming the line. */
    private static String text(String name, Path file) throws IOException {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw problem(name, 0, 0, "the file is " + size + " bytes, more than a spec may be (" + MAX_BYTES
                        + "); is neotool.spec pointing at the right file?");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw problem(name, 0, 0, "no such file; create the platform spec there or point neotool.spec at it");
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw problem(name, lineAt(bytes, i), 0, "the file holds a NUL byte: it is binary, not a YAML spec");
            }
        }
        java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length);
        java.nio.charset.CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw problem(name, lineAt(bytes, in.position()), 0, "byte " + in.position()
                    + " is not valid UTF-8: save the spec as UTF-8 text");
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    private static int lineAt(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    /**
     * Where the spec first nests deeper than {@link #MAX_DEPTH}: SnakeYAML's nesting limit names no position, and its
     * parser, which does not apply the limit, reads the same text as events that do.
     */
    private static Mark tooDeep(String text) {
        int depth = 0;
        for (org.yaml.snakeyaml.events.Event event : yaml().parse(new java.io.StringReader(text))) {
            if (event instanceof org.yaml.snakeyaml.events.CollectionStartEvent && ++depth > MAX_DEPTH) {
                return event.getStartMark();
            }
            if (event instanceof org.yaml.snakeyaml.events.CollectionEndEvent) {
                depth--;
            }
        }
        return null;
    }

    /** SnakeYAML's limits (aliases, nesting, size) in the spec's words. */
    private static String yamlLimit(String message) {
        String m = String.valueOf(message);
        if (m.contains("aliases")) {
            return "too many aliases (*name) to collections (an alias bomb?); write the values out";
        }
        if (m.contains("Nesting Depth")) {
            return "nested too deep (more than " + MAX_DEPTH + " levels)";
        }
        return m;
    }

    private static SpecException problem(String name, int line, int column, String message) {
        return new SpecException(List.of(new SpecProblem(name, line, column, "", message)));
    }

    private Spec load(String name, Path file, Node root, String defaultVersion) {
        RecordBinder binder = new RecordBinder(name, List.of(ENVIRONMENTS));
        if (!(root instanceof MappingNode mapping)) {
            binder.problem(root, "", "the spec must be a mapping with the keys " + topLevelKeys() + ", found "
                    + RecordBinder.describe(root));
            throw new SpecException(binder.problems());
        }
        Map<String, Node> top = binder.entries(mapping, "");
        Node environmentsNode = top.get(ENVIRONMENTS);
        MappingNode baseNode = without(mapping, ENVIRONMENTS);

        PlatformSpec base = binder.bindRecord(baseNode, PlatformSpec.class, PlatformSpec.DEFAULTS, "")
                .withDefaultVersion(defaultVersion)
                .withDerivedAddresses(binder.positions().keySet());
        List<SpecProblem> problems = new ArrayList<>(binder.problems());
        if (problems.isEmpty()) {
            problems.addAll(new SpecValidator(name, binder.positions()).validate(base, ""));
        }

        Map<String, PlatformSpec> environments = new TreeMap<>();
        Map<String, SpecNotices.Bound> bound = new TreeMap<>();
        int baseProblems = problems.size();
        if (environmentsNode != null && !RecordBinder.isNull(environmentsNode)) {
            if (!(environmentsNode instanceof MappingNode envMapping)) {
                binder.problem(environmentsNode, ENVIRONMENTS, "expected a mapping of environment name to overrides, found "
                        + RecordBinder.describe(environmentsNode));
                problems.addAll(binder.problems().subList(problems.size(), binder.problems().size()));
            } else {
                RecordBinder envKeys = new RecordBinder(name);
                Map<String, Node> envEntries = envKeys.entries(envMapping, ENVIRONMENTS);
                problems.addAll(envKeys.problems()); // a duplicate environment, say
                for (Map.Entry<String, Node> env : envEntries.entrySet()) {
                    String envPath = ENVIRONMENTS + "." + env.getKey();
                    RecordBinder envBinder = new RecordBinder(name);
                    String behaviour = behaviour(envMapping, env.getKey(), envBinder);
                    if (behaviour == null) {
                        problems.addAll(envBinder.problems());
                        continue;
                    }
                    envBinder.checkKeys(env.getValue(), ""); // what the merge keeps one of: a duplicate key, say
                    Node merged = RecordBinder.isNull(env.getValue()) ? baseNode : merge(baseNode, env.getValue());
                    PlatformSpec spec = envBinder.bindRecord(merged, PlatformSpec.class, PlatformSpec.DEFAULTS, "")
                            .withDefaultVersion(defaultVersion)
                            .forEnvironment(behaviour)
                            .withDerivedAddresses(envBinder.positions().keySet());
                    List<SpecProblem> envProblems = new ArrayList<>(envBinder.problems());
                    if (envProblems.isEmpty()) {
                        List<SpecProblem> strays = new SpecValidator(name, envBinder.positions()).entriesMissingFromBase(base, spec, "");
                        envProblems.addAll(strays);
                        // the rest of the environment is checked all the same; what a stray entry (a misspelt service,
                        // say) would add of its own is left out
                        new SpecValidator(name, envBinder.positions()).validate(spec, envPath).stream()
                                .filter(p -> strays.stream().noneMatch(stray -> p.path().equals(stray.path())
                                        || p.path().startsWith(stray.path() + ".")))
                                .forEach(envProblems::add);
                    }
                    for (SpecProblem p : envProblems) {
                        String path = p.path().startsWith(ENVIRONMENTS) ? p.path()
                                : p.path().isEmpty() ? envPath : envPath + ": " + p.path();
                        SpecProblem relocated = new SpecProblem(p.file(), p.line(), p.column(), path, p.message());
                        boolean derived = !envBinder.positions().containsKey(p.path()); // no line of its own
                        // said once where the base has it; an environment's own is said for each environment
                        if (!problems.contains(relocated)
                                && problems.subList(0, baseProblems).stream().noneMatch(q -> sameProblem(q, p, derived))) {
                            problems.add(relocated);
                        }
                    }
                    environments.put(env.getKey(), spec);
                    bound.put(env.getKey(), new SpecNotices.Bound(spec, envBinder.positions()));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new SpecException(problems);
        }
        return new Spec(file, base, environments,
                SpecNotices.of(name, new SpecNotices.Bound(base, binder.positions()), bound));
    }

    /**
     * The behaviour (global.environment) an environment follows: its name for dev and prod, for any other name what the
     * environment writes there, which it must. Null, with the problem given to {@code binder}, when it has none.
     */
    private static String behaviour(MappingNode environments, String name, RecordBinder binder) {
        String path = ENVIRONMENTS + "." + name;
        Node key = RecordBinder.keyNode(environments, name);
        Node written = at(environments, name, "global", "environment");
        String known = String.join(" or ", PlatformSpec.GlobalSpec.ENVIRONMENTS);
        if (!Names.isDnsLabel(name, 53)) {
            binder.problem(key, path, "'" + name + "' cannot name an environment: it names values-" + name + ".yaml, so use"
                    + " lowercase letters, digits and '-' (at most 53), starting and ending with a letter or digit");
            return null;
        }
        if (name.equals(BASE_RENDER)) {
            binder.problem(key, path, "'" + name + "' names the render of values.yaml alone (the base) in the lint's "
                    + "reports; give this environment another name");
            return null;
        }
        String value = written instanceof ScalarNode s ? s.getValue() : null;
        if (PlatformSpec.GlobalSpec.ENVIRONMENTS.contains(name)) {
            if (value != null && !value.equals(name)) {
                binder.problem(written, path + ".global.environment", "environment " + name + " is " + name + "-like by its "
                        + "name, and this says '" + value + "'; remove the key (an environment of another name can follow "
                        + known + ")");
                return null;
            }
            return name;
        }
        if (written == null) {
            binder.problem(key, path, "environment '" + name + "' must say which behaviour it follows: write "
                    + "global.environment: " + known + " under it (prod refuses Vault dev mode, generated passwords and an "
                    + "autoscaler's minimum below 2, which dev allows), e.g. " + name + ": {global: {environment: prod}}");
            return null;
        }
        return value == null ? "" : value; // not a scalar: the binding says so
    }

    /** The node at the path of {@code keys} from {@code node}, or null where a key is not written. */
    private static Node at(Node node, String... keys) {
        for (String key : keys) {
            if (!(node instanceof MappingNode mapping)) {
                return null;
            }
            node = mapping.getValue().stream().filter(t -> t.getKeyNode() instanceof ScalarNode s && s.getValue().equals(key))
                    .map(NodeTuple::getValueNode).findFirst().orElse(null);
        }
        return node;
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(50);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_BYTES);
        options.setAllowRecursiveKeys(false);
        options.setProcessComments(false);
        return new Yaml(new SafeConstructor(options));
    }

    private static MappingNode without(MappingNode mapping, String key) {
        List<NodeTuple> tuples = new ArrayList<>();
        for (NodeTuple t : mapping.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode s && s.getValue().equals(key))) {
                tuples.add(t);
            }
        }
        return new MappingNode(mapping.getTag(), true, tuples, mapping.getStartMark(), mapping.getEndMark(),
                mapping.getFlowStyle());
    }

    /** Deep merge: mappings merge key by key, anything else in {@code override} replaces. */
    static Node merge(Node base, Node override) {
        if (!(base instanceof MappingNode b) || !(override instanceof MappingNode o)) {
            return override;
        }
        List<NodeTuple> tuples = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (NodeTuple t : b.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && !seen.add(k.getValue())) {
                continue; // a duplicate of the base's, reported for the base
            }
            NodeTuple overriding = tupleOf(o, t.getKeyNode());
            // an overridden key is the environment's, at its place there; the rest keep the base's places
            tuples.add(overriding == null ? t : new NodeTuple(overriding.getKeyNode(),
                    merge(t.getValueNode(), overriding.getValueNode())));
        }
        for (NodeTuple t : o.getValue()) {
            if (tupleOf(b, t.getKeyNode()) == null) {
                tuples.add(t);
            }
        }
        return new MappingNode(b.getTag(), true, tuples, o.getStartMark(), o.getEndMark(), b.getFlowStyle());
    }

    private static NodeTuple tupleOf(MappingNode mapping, Node key) {
        if (!(key instanceof ScalarNode k)) {
            return null;
        }
        for (NodeTuple t : mapping.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode s && s.getValue().equals(k.getValue())) {
                return t;
            }
        }
        return null;
    }

    /**
     * Whether the base spec's problem {@code base} is the environment's {@code env} again, said once, for the base: at
     * the same place with the same words; an unknown key at the same place (the list of valid keys differs at an
     * environment's root); or, for a key derived from the base and written nowhere ({@code derived}), on the same key
     * path with the same words.
     */
    private static boolean sameProblem(SpecProblem base, SpecProblem env, boolean derived) {
        boolean samePlace = base.line() == env.line() && base.column() == env.column();
        boolean unknownKey = base.path().equals(env.path()) && base.message().startsWith(RecordBinder.UNKNOWN_KEY)
                && env.message().startsWith(RecordBinder.UNKNOWN_KEY);
        boolean sameWords = base.message().equals(env.message());
        return samePlace && (sameWords || unknownKey) || derived && sameWords && base.path().equals(env.path());
    }
}
