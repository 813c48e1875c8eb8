package io.neotool.charts.docs;

import static io.neotool.charts.testtools.YamlTree.list;
import static io.neotool.charts.testtools.YamlTree.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.TestPaths;
import io.neotool.charts.docs.DocBlocks.Block;
import io.neotool.charts.helm.HelmClient;
import io.neotool.charts.helm.HelmClient.RenderRequest;
import io.neotool.charts.testtools.ProductNamespaces;
import io.neotool.charts.testtools.YamlTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every shell or Maven command of README.md and docs/ is marked (DocBlocks): the runnable ones run in DocCommandsIT,
 * and here the cluster-only ones are checked against the committed charts: each chart path, values file and
 * {@code --set} key of a helm command exists, and each namespace, object and operator-made Secret a kubectl command
 * names is one the platform renders (development or production values) or declares operator-made.
 */
class DocCommandsTest {
    private static final Path ROOT = TestPaths.root();
    private static final Path UMBRELLA = TestPaths.committedCharts().resolve("neotool");
    /** kind/namespace/name of every rendered object, development and production, and every operator-made object. */
    private static final Set<String> OBJECTS = new TreeSet<>();
    private static final Set<String> NAMESPACES = new TreeSet<>();

    @BeforeAll
    static void render() throws IOException {
        HelmClient helm = new HelmClient();
        List<List<Path>> environments = new ArrayList<>();
        environments.add(List.of());
        try (var files = Files.list(UMBRELLA)) {
            files.filter(p -> p.getFileName().toString().matches("values-.+\\.ya?ml")).sorted().forEach(p -> environments.add(List.of(p)));
        }
        for (List<Path> values : environments) {
            String rendered = helm.template(new RenderRequest(UMBRELLA, "neotool", "default", HelmClient.DEFAULT_KUBE_VERSION, values, Map.of()));
            for (Map<String, Object> m : YamlTree.documents(rendered)) {
                String kind = String.valueOf(m.get("kind"));
                Map<?, ?> meta = (Map<?, ?>) m.getOrDefault("metadata", Map.of());
                String name = String.valueOf(meta.get("name"));
                String ns = meta.get("namespace") == null ? "default" : String.valueOf(meta.get("namespace"));
                if (kind.equals("Namespace")) {
                    NAMESPACES.add(name);
                } else {
                    NAMESPACES.add(ns);
                    OBJECTS.add(kind + "/" + ns + "/" + name);
                }
            }
            Map<String, Object> global = map(yamlFile(values.isEmpty() ? UMBRELLA.resolve("values.yaml") : values.get(0)).get("global"));
            for (Object o : list(global.get("operatorMade"))) {
                Map<String, Object> made = map(o);
                if ("Namespace".equals(made.get("kind"))) {
                    NAMESPACES.add(String.valueOf(made.get("name")));
                } else {
                    OBJECTS.add(made.get("kind") + "/" + made.get("namespace") + "/" + made.get("name"));
                }
            }
        }
    }

    @Test
    void everyCommandBlockIsMarked() {
        List<Block> blocks = DocBlocks.all(ROOT);
        assertTrue(blocks.size() >= 10, "command blocks found: " + blocks.size());
        List<String> unmarked = blocks.stream().filter(b -> !b.marking().equals(DocBlocks.RUNS) && !b.marking().equals(DocBlocks.CLUSTER))
                .map(b -> b.where() + (b.marking().isEmpty() ? ": unmarked" : ": unknown marking '" + b.marking() + "'") + ": "
                        + b.text().lines().findFirst().orElse(""))
                .toList();
        assertTrue(unmarked.isEmpty(), () -> unmarked.size() + " command block(s) of README.md and docs/ not marked:\n  "
                + String.join("\n  ", unmarked) + "\n" + DocBlocks.RULE);
    }

    @Test
    void clusterCommandsNameChartsFilesKeysAndObjectsThatExist() {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Block b : DocBlocks.all(ROOT)) {
            if (!b.marking().equals(DocBlocks.CLUSTER)) {
                continue;
            }
            for (String line : DocBlocks.commands(b.text())) {
                for (List<String> command : ShellWords.commands(line)) {
                    if (command.get(0).equals("helm")) {
                        checked++;
                        helm(command).forEach(p -> problems.add(b.where() + ": " + line + ": " + p));
                    } else if (command.get(0).equals("kubectl")) {
                        checked++;
                        kubectl(command).forEach(p -> problems.add(b.where() + ": " + line + ": " + p));
                    }
                }
            }
        }
        assertTrue(checked >= 10, "helm/kubectl commands checked: " + checked);
        assertEquals(List.of(), problems, () -> "the cluster-only commands of the docs name what the charts do not have:\n"
                + String.join("\n", problems));
    }

    /** A block inside a list item, its marking indented with it, is found with that marking. */
    @Test
    void aMarkedBlockIndentedIntoAListItemIsFound() {
        List<Block> blocks = DocBlocks.of(Path.of("x.md"), "1. Step:\n\n     <!-- doc-test: cluster -->\n     ```sh\n"
                + "     helm upgrade neotool ./helm/neotool\n     ```\n");
        assertEquals(1, blocks.size(), blocks::toString);
        assertEquals(DocBlocks.CLUSTER, blocks.get(0).marking());
        assertEquals("helm upgrade neotool ./helm/neotool\n", blocks.get(0).text());
    }

    /** The checks find what is missing: a chart, a values file or key, a namespace, an object, a pod. */
    @Test
    void theChecksNameWhatIsMissing() {
        assertEquals(List.of("no chart at helm/nowhere"), helm(ShellWords.commands("helm install neotool ./helm/nowhere").get(0)));
        assertEquals(List.of("no values file helm/neotool/values-nowhere.yaml", "no values key router.nowhere in helm/neotool"),
                helm(ShellWords.commands("helm upgrade neotool ./helm/neotool -f helm/neotool/values-nowhere.yaml --set router.nowhere=1")
                        .get(0)));
        assertEquals(List.of(), helm(ShellWords.commands("helm upgrade --install neotool ./helm/neotool -f helm/neotool/values-prod.yaml"
                + " --set-file router.supergraph.schema=x.graphql").get(0)));
        List<String> kubectl = ShellWords.commands("kubectl -n nowhere get secret nothing | base64 -d; kubectl -n "
                + ProductNamespaces.VAULT + " exec nothing-0 -- vault status").stream().filter(c -> c.get(0).equals("kubectl"))
                .flatMap(c -> kubectl(c).stream()).toList();
        assertEquals(3, kubectl.size(), kubectl::toString);
        assertTrue(kubectl.get(0).startsWith("namespace nowhere is not one of the platform's"), kubectl::toString);
        assertEquals("Secret nothing in nowhere is neither rendered by the charts nor declared operator-made", kubectl.get(1));
        assertEquals("pod nothing-0 is no StatefulSet's pod in " + ProductNamespaces.VAULT, kubectl.get(2));
    }

    /** Problems of one helm command: chart directories, values files, --set keys. */
    static List<String> helm(List<String> words) {
        List<String> problems = new ArrayList<>();
        ShellWords.Parsed cmd = ShellWords.parse(words, Set.of("-f", "--values", "--set", "--set-string", "--set-file", "-n", "--namespace",
                "--version", "--timeout", "--revision"));
        String verb = cmd.positional().isEmpty() ? "" : cmd.positional().get(0);
        Path chart = null;
        if (Set.of("install", "upgrade", "template").contains(verb) && cmd.positional().size() >= 3) {
            chart = path(cmd.positional().get(2));
        } else if (Set.of("lint", "package").contains(verb) && cmd.positional().size() >= 2) {
            chart = path(cmd.positional().get(1));
        }
        if (chart != null && !Files.isRegularFile(chart.resolve("Chart.yaml"))) {
            problems.add("no chart at " + ROOT.relativize(chart));
            chart = null;
        }
        for (String f : cmd.values("-f", "--values")) {
            if (!ShellWords.literal(f)) {
                continue;
            }
            if (!Files.isRegularFile(ROOT.resolve(f)) && (chart == null || !Files.isRegularFile(chart.resolve(f)))) {
                problems.add("no values file " + f);
            }
        }
        if (chart != null) {
            for (String set : cmd.values("--set", "--set-string", "--set-file")) {
                for (String pair : set.split(",")) {
                    String key = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
                    if (ShellWords.literal(key) && !hasKey(chart, key.replaceAll("\\[\\d+]", ""))) {
                        problems.add("no values key " + key + " in " + ROOT.relativize(chart));
                    }
                }
            }
        }
        return problems;
    }

    /** Problems of one kubectl command: namespaces and named objects the platform does not have. */
    static List<String> kubectl(List<String> words) {
        List<String> problems = new ArrayList<>();
        ShellWords.Parsed cmd = ShellWords.parse(words, Set.of("-n", "--namespace", "-l", "--selector", "-o", "--output", "-p", "--patch",
                "-c", "--container", "--from-literal", "--from-file", "--type", "--cert", "--key"));
        List<String> args = cmd.positional();
        String ns = cmd.values("-n", "--namespace").stream().findFirst().orElse(null);
        if (ns != null && ShellWords.literal(ns) && !NAMESPACES.contains(ns)) {
            problems.add("namespace " + ns + " is not one of the platform's " + NAMESPACES);
        }
        String verb = args.isEmpty() ? "" : args.get(0);
        if (verb.equals("create") && args.size() >= 3 && args.get(1).equals("namespace")) {
            namespace(args.get(2), problems);
        } else if (verb.equals("label") && args.size() >= 3 && args.get(1).equals("namespace")) {
            namespace(args.get(2), problems);
        } else if (verb.equals("delete") && args.size() >= 3 && args.get(1).equals("namespace")) {
            namespace(args.get(2), problems);
        } else if (verb.equals("create") && args.size() >= 4 && args.get(1).equals("secret")) {
            object("Secret", ns, args.get(3), problems);
        } else if (Set.of("get", "describe", "patch", "delete", "edit").contains(verb) && args.size() >= 2) {
            String[] kindName = args.get(1).split("/", 2);
            String kind = kind(kindName[0]);
            String name = kindName.length == 2 ? kindName[1] : args.size() >= 3 ? args.get(2) : null;
            if (kind != null && name != null) {
                object(kind, ns, name, problems);
            }
        } else if (verb.equals("cp")) {
            // kubectl cp <pod>:<path> <path> or the other way round
            args.stream().skip(1).filter(a -> a.indexOf(':') > 0).forEach(a -> pod(a.substring(0, a.indexOf(':')), ns, problems));
        } else if (Set.of("exec", "port-forward", "logs").contains(verb) && args.size() >= 2) {
            String[] kindName = args.get(1).split("/", 2);
            if (kindName.length == 2 && kind(kindName[0]) != null) {
                object(kind(kindName[0]), ns, kindName[1], problems);
            } else if (kindName.length == 1) {
                pod(args.get(1), ns, problems);
            }
        }
        return problems;
    }

    private static void namespace(String name, List<String> problems) {
        if (ShellWords.literal(name) && !NAMESPACES.contains(name)) {
            problems.add("namespace " + name + " is not one of the platform's " + NAMESPACES);
        }
    }

    /** An object of {@code kind} named {@code name} in {@code ns} (any namespace when not literal) is rendered or operator-made. */
    private static void object(String kind, String ns, String name, List<String> problems) {
        if (!ShellWords.literal(name)) {
            return;
        }
        boolean anyNamespace = ns == null || !ShellWords.literal(ns);
        boolean found = OBJECTS.stream().anyMatch(o -> o.startsWith(kind + "/") && o.endsWith("/" + name)
                && (anyNamespace || o.equals(kind + "/" + ns + "/" + name)));
        if (!found) {
            problems.add(kind + " " + name + (anyNamespace ? "" : " in " + ns) + " is neither rendered by the charts nor declared operator-made");
        }
    }

    /** A pod name: a StatefulSet's pod {@code <name>-<ordinal>}, or a bare Pod. */
    private static void pod(String pod, String ns, List<String> problems) {
        if (!ShellWords.literal(pod)) {
            return;
        }
        String set = pod.replaceFirst("-\\d+$", "");
        boolean found = OBJECTS.stream().anyMatch(o -> o.matches("(StatefulSet/.*/" + java.util.regex.Pattern.quote(set) + "|Pod/.*/"
                + java.util.regex.Pattern.quote(pod) + ")") && (ns == null || !ShellWords.literal(ns) || o.split("/")[1].equals(ns)));
        if (!found) {
            problems.add("pod " + pod + " is no StatefulSet's pod" + (ns == null ? "" : " in " + ns));
        }
    }

    private static String kind(String kubectlKind) {
        return switch (kubectlKind.toLowerCase(java.util.Locale.ROOT)) {
            case "secret", "secrets" -> "Secret";
            case "svc", "service", "services" -> "Service";
            case "deploy", "deployment", "deployments" -> "Deployment";
            case "sts", "statefulset", "statefulsets" -> "StatefulSet";
            case "hpa", "horizontalpodautoscaler" -> "HorizontalPodAutoscaler";
            case "networkpolicy", "networkpolicies", "netpol" -> "NetworkPolicy";
            case "pvc", "persistentvolumeclaim" -> "PersistentVolumeClaim";
            case "cm", "configmap", "configmaps" -> "ConfigMap";
            case "job", "jobs" -> "Job";
            case "cronjob", "cronjobs" -> "CronJob";
            case "pod", "pods", "po" -> "Pod";
            default -> null;
        };
    }

    private static Path path(String chart) {
        return ShellWords.literal(chart) && (chart.startsWith("./") || chart.startsWith("helm/"))
                ? ROOT.resolve(chart).normalize() : null;
    }

    /** Whether a chart's values have {@code key} (a dotted path), looking into the subchart an alias names. */
    private static boolean hasKey(Path chart, String key) {
        String[] parts = key.split("\\.");
        Object node = yamlFile(chart.resolve("values.yaml"));
        for (String part : parts) {
            if (!(node instanceof Map<?, ?> m) || !m.containsKey(part)) {
                node = null;
                break;
            }
            node = m.get(part);
        }
        if (node != null || parts.length < 2) {
            return node != null || yamlFile(chart.resolve("values.yaml")).containsKey(key);
        }
        for (Object dep : list(yamlFile(chart.resolve("Chart.yaml")).get("dependencies"))) {
            Map<String, Object> d = map(dep);
            if (parts[0].equals(d.get("alias")) || parts[0].equals(d.get("name"))) {
                Path sub = chart.resolve("charts").resolve(String.valueOf(d.get("name")));
                if (Files.isDirectory(sub) && hasKey(sub, key.substring(parts[0].length() + 1))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The YAML file at {@code p} as a map; empty when there is no such file. */
    private static Map<String, Object> yamlFile(Path p) {
        try {
            return Files.isRegularFile(p) ? YamlTree.document(Files.readString(p)) : Map.of();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
