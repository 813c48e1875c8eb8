package io.neotool.charts.verify;

import com.marcnuri.helm.LintResult;
import io.neotool.charts.BuildLog;
import io.neotool.charts.FileTrees;
import io.neotool.charts.InputException;
import io.neotool.charts.InputsDigest;
import io.neotool.charts.helm.ChartDirectories;
import io.neotool.charts.helm.HelmClient.RenderRequest;
import io.neotool.charts.helm.HelmClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * neotool:lint's core: {@code helm lint --strict} of every chart under a directory, a render of every environment
 * (each top-level chart with values.yaml alone and with each values-*.yaml beside it; every chart with each
 * ci/*-values.yaml it carries), strict Kubernetes schema validation of every rendered object, the policy rules and, for
 * each environment of a top-level chart, the platform verification ({@link PlatformVerifier}).
 */
public final class Linter {
    /** The lint rules this class applies, each defined where it is applied; {@link Rules} lists them all. */
    static final RuleSet RULES = new RuleSet();


    /** Where the charts are, what to render them for, and the project's lint configuration. */
    public record Request(Path charts, String kubeVersion, String release, String namespace, LintConfig config) {
        public Request(Path charts, String kubeVersion, String release, String namespace) {
            this(charts, kubeVersion, release, namespace, LintConfig.NONE);
        }

        /** {@code release} empty: each chart is rendered as a release of its own name ({@code helm install acme ./acme}). */
        public Request {
            KubernetesApi.majorMinor(kubeVersion); // fails early on a malformed version
            if (namespace.isBlank() || (!release.isEmpty() && release.isBlank())) {
                throw new InputException("neotool:lint needs a namespace and a release name, or none for each chart's own "
                        + "(got '" + release + "', '" + namespace + "')");
            }
        }

        /** The release {@code chart} is rendered as: the given one, else the chart's name, else its directory's. */
        String releaseOf(Path chart) {
            String name = release.isEmpty() ? ChartDirectories.name(chart) : release;
            return name == null || name.isBlank() ? chart.getFileName().toString() : name;
        }

        /**
         * The digest of everything this lint reads, for the plugin build {@code build}: the settings, the project's
         * lint configuration with its extra values files, and every file of every chart (a top-level chart holds its
         * subcharts).
         */
        public InputsDigest inputs(String build) {
            Path root = charts.toAbsolutePath().normalize();
            InputsDigest digest = new InputsDigest("lint", build).text("kubeVersion", kubeVersion).text("release", release)
                    .text("namespace", namespace).text("config", config.canonical());
            List<Path> charts = ChartDirectories.find(root);
            charts.stream().filter(c -> topLevel(root, c)).forEach(digest::tree);
            config.valuesFiles().forEach(digest::file);
            if (charts.stream().anyMatch(Request::refersOutside)) {
                digest.text("unrecorded", java.util.UUID.randomUUID().toString()); // never the same twice: never replayed
            }
            return digest;
        }

        /**
         * Whether the chart's values.schema.json has a {@code $ref} to another document (a file or a URL, which Helm
         * loads itself): what it points to is outside the chart's bytes, so a lint of the chart is never replayed.
         */
        private static boolean refersOutside(Path chart) {
            Path schema = chart.resolve("values.schema.json");
            try {
                return Files.isRegularFile(schema) && EXTERNAL_REF.matcher(Files.readString(schema)).find();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** A JSON schema's {@code $ref} to anything but a place in the same document ({@code "#/..."}). */
    private static final Pattern EXTERNAL_REF = Pattern.compile("\"\\$ref\"\\s*:\\s*\"[^#\"]");

    private static final Pattern LINT_MESSAGE = Pattern.compile("^\\[(ERROR|WARNING|INFO)\\]\\s*([^:]*):\\s*(.*)$", Pattern.DOTALL);

    private final HelmClient helm;
    private final BuildLog log;

    public Linter(HelmClient helm, BuildLog log) {
        this.helm = helm;
        this.log = log;
    }


    public static final String HELM_LINT = RULES.define("helm-lint", "chart", Severity.ERROR, "",
            "helm lint --strict found a problem in the chart.", "Fix the chart file Helm names.");

    public static final String UNUSED_EXEMPTION = RULES.define("unused-exemption", "config", Severity.WARNING, "",
            "An exemption in the pom (or one of its rules) that meets no finding is a misspelt kind, name or rule, or a stale "
                    + "one: it exempts nothing.",
            "Check its kind and name against the manifests (kinds as Kubernetes spells them: Deployment, StatefulSet, "
                    + "...), or remove it if the object no longer needs it.");

    public io.neotool.charts.verify.LintResult lint(Request request) {
        Path root = request.charts().toAbsolutePath().normalize();
        List<Path> charts = ChartDirectories.find(root);
        Set<String> found = new TreeSet<>(charts.stream().map(c -> c.getFileName().toString()).toList());
        Set<String> unknown = new TreeSet<>(request.config().valuesFileCharts());
        unknown.removeAll(found);
        if (!unknown.isEmpty()) {
            throw new InputException("<valuesFiles> names chart(s) " + unknown + " that are not under " + root
                    + "; the charts are " + found);
        }
        List<String> chartNames = charts.stream().map(c -> rel(root, c)).toList();
        long topLevelCharts = charts.stream().filter(c -> topLevel(root, c)).count();
        Map<String, String> aliases = new TreeMap<>(); // alias -> chart, of every chart's dependencies
        charts.forEach(c -> aliases.putAll(ChartDirectories.aliases(c)));
        collectorHint(aliases.size(), System.getenv("GOGC")).ifPresent(log::info);
        List<Environment> environments = new ArrayList<>();
        for (Path chart : charts) {
            List<List<Path>> chartEnvironments = new ArrayList<>(environmentsOf(root, chart));
            request.config().valuesFiles(chart.getFileName().toString())
                    .forEach(layers -> chartEnvironments.add(layers.stream().map(Path::toAbsolutePath).toList()));
            for (List<Path> values : chartEnvironments) {
                // named by its values files, layered ones joined by commas as in the pom
                String env = (values.isEmpty() ? List.of(chart.resolve("values.yaml")) : values).stream()
                        .map(f -> f.startsWith(root.getParent() == null ? root : root.getParent()) ? rel(root, f)
                                : f.toString().replace('\\', '/'))
                        .collect(Collectors.joining(","));
                environments.add(new Environment(chart, values, env, topLevel(root, chart), topLevelCharts > 1));
            }
        }

        // helm lint of every chart (one task: Helm's log lines are captured one call at a time) and every
        // environment run side by side; their results are merged below in the order of the sequential run.
        // While the first of them waits for Helm's native library, the checks after the render are warmed up.
        LintWarmup.start(request.kubeVersion());
        // The environments share one parser and one schema validator: a document rendered alike in several
        // environments is parsed and validated once.
        ManifestParser parser = new ManifestParser(aliases);
        SchemaValidator schema = new SchemaValidator(request.kubeVersion(), CrdSchemas.from(List.of()));
        // and a values file several environments of a chart read (its values.yaml: all of them) is read for keys once
        Map<List<Path>, List<Finding>> valuesRead = new java.util.concurrent.ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(THREADS, environments.size() + 1), DAEMON);
        Future<Checked> linted;
        List<Future<Checked>> checked = new ArrayList<>();
        try {
            linted = pool.submit(() -> helmLint(root, charts));
            for (Environment e : environments) {
                checked.add(pool.submit(() -> check(request, e, parser, schema, valuesRead)));
            }
        } finally {
            pool.shutdown();
        }
        List<Future<Checked>> tasks = new ArrayList<>(checked);
        tasks.add(linted);

        Map<String, Long> timings = new LinkedHashMap<>();
        Map<String, Finding> merged = new LinkedHashMap<>();
        Map<String, PlatformVerifier.Graph> platforms = new TreeMap<>();
        Map<String, String> manifests = new TreeMap<>();
        List<Capacity.Report> capacity = new ArrayList<>();
        Checked lint = await(linted, tasks, pool);
        lint.findings().forEach(f -> add(merged, f, "helm lint"));
        lint.said().forEach(log::info);
        timings.put("helmLint", lint.timings().getOrDefault("helmLint", 0L));
        Map<String, Long> phases = new LinkedHashMap<>();
        for (String phase : List.of("render", "parse", "schema", "policy", "platform")) {
            phases.put(phase, 0L);
        }
        for (int i = 0; i < environments.size(); i++) {
            Environment e = environments.get(i);
            Checked c = await(checked.get(i), tasks, pool);
            c.findings().forEach(f -> add(merged, f, e.name()));
            c.said().forEach(log::info);
            c.timings().forEach((phase, ns) -> phases.merge(phase, ns, Long::sum));
            if (c.graph() != null) {
                String base = PlatformSpecFiles.environmentId(e.chart(), e.values(), e.prefixId());
                String id = base;
                for (int n = 2; platforms.containsKey(id); n++) { // values files of one name in two directories
                    id = base + "-" + n;
                }
                platforms.put(id, c.graph());
                manifests.put(id, c.manifests());
            }
            if (c.capacity() != null) {
                capacity.add(c.capacity());
            }
        }
        phases.forEach((phase, ns) -> timings.put(phase, ns / 1_000_000));
        List<Finding> all = new ArrayList<>(merged.values());
        // a finding, so that it is counted, reported, replayed with a reused result and fails a failOnWarning build
        for (LintConfig.Exemption e : request.config().unused(all)) {
            all.add(new Finding(UNUSED_EXEMPTION, Rules.get(UNUSED_EXEMPTION).severity(), "", "pom.xml", e.kind(), e.name(),
                    "the pom's <exemption> of " + e.kind() + "/" + e.name() + " met no finding of " + (e.rules().size() == 1
                    ? "its rule " : "its rules ") + String.join(",", new TreeSet<>(e.rules())) + " in any chart or environment",
                    Rules.get(UNUSED_EXEMPTION).fix(), Set.of()));
        }
        return new io.neotool.charts.verify.LintResult(request.kubeVersion(), chartNames,
                environments.stream().map(Environment::name).toList(),
                request.config().apply(all), timings, platforms, capacity, manifests);
    }

    /**
     * From this many aliased subcharts on (a service each, in the platform), Go's collector is a large part of Helm's
     * work in the lint: at 200 services {@code GOGC=400} has taken a tenth to a third off the CPU of each extra
     * service, for about twice the process's memory at its peak ("Scaling with services" in docs/generate.md).
     */
    static final int MANY_ALIASES = 50;

    /**
     * The hint to start Maven with a larger {@code GOGC}, for a lint of {@code aliases} aliased subcharts with Go's
     * default collector ({@code gogc} unset); empty for fewer aliases or when {@code GOGC} is set. Helm's Go runtime
     * reads it only from the environment the JVM was started with, so the plugin cannot set it itself.
     */
    static Optional<String> collectorHint(int aliases, String gogc) {
        if (aliases < MANY_ALIASES || (gogc != null && !gogc.isBlank())) {
            return Optional.empty();
        }
        return Optional.of("neotool:lint: " + aliases + " aliased subcharts, rendered with Go's default garbage collector: "
                + "GOGC=400 in the environment Maven starts from (GOGC=400 mvn ...) takes a tenth to a third off the CPU "
                + "per service, for about twice the memory while it renders (the plugin's docs/performance.md)");
    }

    /** Helm lint and environments run on up to this many threads (Helm's own calls use threads of their own). */
    private static final int THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());

    private static final ThreadFactory DAEMON = r -> {
        Thread t = new Thread(r, "neotool-lint");
        t.setDaemon(true);
        return t;
    };

    /** One environment: a chart with its values files in order, its name in the reports, whether it is a platform. */
    private record Environment(Path chart, List<Path> values, String name, boolean topLevel, boolean prefixId) {}

    /**
     * What one task found and would say, merged on the calling thread: findings (their environment added there),
     * progress lines, nanoseconds per phase, the platform graph and the capacity report (null when not made).
     */
    private record Checked(List<Finding> findings, List<String> said, Map<String, Long> timings,
                           PlatformVerifier.Graph graph, Capacity.Report capacity, String manifests) {}

    private Checked helmLint(Path root, List<Path> charts) {
        List<Finding> findings = new ArrayList<>();
        List<String> said = new ArrayList<>();
        long t = System.nanoTime();
        for (Path chart : charts) {
            String name = rel(root, chart);
            long chartStart = System.nanoTime();
            String prefix = "helm lint " + name + ": ";
            List<String> off = topLevel(root, chart) ? conditionsOfOwnSubcharts(chart, charts) : List.of();
            // a reduced lint that fails is done again whole: a finding is always the whole chart's, as installed
            Optional<LintResult> reduced = off.isEmpty() ? Optional.empty()
                    : helm.lintWithout(chart, off, prefix, log).filter(r -> !r.isFailed());
            LintResult result = reduced.orElseGet(() -> helm.lint(chart, prefix, log));
            said.add("neotool:lint helm lint " + name + (reduced.isEmpty() ? "" : " (" + off.size() + " subchart(s) off: "
                    + "each is linted on its own, and rendered in every environment)") + ": " + ms(chartStart) + " ms");
            for (String message : result.getMessages()) {
                findings.add(lintFinding(chart.getFileName().toString(), message));
            }
            if (result.isFailed() && result.getMessages().stream().noneMatch(m -> m.startsWith("[ERROR]"))) {
                findings.add(new Finding(HELM_LINT, Severity.ERROR, chart.getFileName().toString(), "", "", "",
                        "helm lint --strict failed: " + String.join("; ", result.getMessages()), Rules.get(HELM_LINT).fix(),
                        Set.of()));
            }
        }
        return new Checked(findings, said, Map.of("helmLint", ms(t)), null, null, null);
    }

    /**
     * The conditions of a top-level chart's dependencies that are charts of their own in its charts/ directory, which
     * the lint lints on their own: its helm lint turns them off. Of a chart's subcharts, helm lint checks only that
     * they render (in lint mode) with the chart's values and that those values meet the subcharts' schemas; its rules
     * per object apply to the chart's own templates alone. The chart's first environment, values.yaml alone, renders
     * the same subcharts with the same values and schemas, not in lint mode (a {@code required} fails there), and
     * every other environment with its own values; so the chart's own lint need not render them a third time. A
     * dependency without a condition stays on; one packed as an archive stays on unless it shares such a condition.
     * With them off, the chart's own templates may render less (what depends on a subchart's {@code enabled}) or fail
     * (what needs a subchart's named templates): a reduced lint that fails is done again whole, so a finding is always
     * the whole chart's. What its templates render only with the subcharts on is still rendered in every environment
     * and held there to the Kubernetes schema and the API server's name rules, which include helm lint's rules per
     * object but for two warnings (a document's indented first line, an API version deprecated but still served).
     */
    static List<String> conditionsOfOwnSubcharts(Path chart, List<Path> linted) {
        Set<String> own = new TreeSet<>();
        for (Path c : linted) {
            if (chart.resolve("charts").equals(c.getParent())) {
                String name = ChartDirectories.name(c);
                if (name != null) {
                    own.add(name);
                }
            }
        }
        return ChartDirectories.dependencies(chart).stream()
                .filter(d -> d.condition() != null && !d.condition().isBlank() && own.contains(d.name()))
                .map(ChartDirectories.Dependency::condition).toList();
    }

    /** Renders one environment, then parses, validates against the schema, applies the rules and verifies the platform. */
    private Checked check(Request request, Environment e, ManifestParser parser, SchemaValidator schema,
                          Map<List<Path>, List<Finding>> valuesRead) {
        List<Finding> findings = new ArrayList<>();
        Map<String, Long> timings = new LinkedHashMap<>();
        long envStart = System.nanoTime();
        long t = envStart;
        String release = request.releaseOf(e.chart());
        List<Path> valuesFiles = new ArrayList<>(List.of(e.chart().resolve("values.yaml")));
        valuesFiles.addAll(e.values());
        valuesFiles.forEach(file -> findings.addAll(valuesRead.computeIfAbsent(List.of(e.chart(), file.toAbsolutePath().normalize()),
                key -> ValuesFiles.check(key.get(0), key.get(1)))));
        String rendered;
        try {
            rendered = helm.template(new RenderRequest(e.chart(), release, request.namespace(),
                    request.kubeVersion(), e.values(), Map.of()));
        } catch (InputException failure) {
            timings.put("render", System.nanoTime() - t);
            findings.add(renderFinding(e.chart(), e.values(), failure.getMessage()));
            return new Checked(findings,
                    List.of("neotool:lint " + e.name() + ": does not render, " + ms(envStart) + " ms"), timings, null, null, null);
        }
        timings.put("render", System.nanoTime() - t);
        t = System.nanoTime();
        ManifestParser.Parsed parsed = parser.parse(rendered);
        timings.put("parse", System.nanoTime() - t);
        findings.addAll(parsed.problems());
        t = System.nanoTime();
        SchemaValidator validator = schema.withCrds(CrdSchemas.from(parsed.manifests()));
        for (Manifest m : parsed.manifests()) {
            findings.addAll(validator.validate(m));
        }
        timings.put("schema", System.nanoTime() - t);
        t = System.nanoTime();
        Map<String, Object> values = PlatformSpecFiles.values(e.chart(), e.values()); // read once, for every check below
        boolean prod = PlatformSpecFiles.prod(values, e.values());
        List<PlatformVerifier.OperatorObject> operatorMade = PlatformSpecFiles.operatorMade(values);
        findings.addAll(PolicyChecker.check(new PolicyChecker.Release(release, request.namespace(), prod,
                request.kubeVersion(), PlatformSpecFiles.declaredNamespaces(values), !e.topLevel(),
                operatorMade.stream().map(PlatformVerifier.OperatorObject::id).collect(java.util.stream.Collectors.toSet())),
                parsed.manifests()));
        timings.put("policy", System.nanoTime() - t);
        PlatformVerifier.Graph graph = null;
        if (e.topLevel()) {
            t = System.nanoTime();
            PlatformVerifier.Result verified = PlatformVerifier.verify(new PlatformVerifier.Request(request.namespace(), e.name(),
                    parsed.manifests(), operatorMade, PlatformSpecFiles.notes(e.chart()),
                    PlatformSpecFiles.ingressController(values), PlatformSpecFiles.chartIngressControllers(values),
                    PlatformSpecFiles.metricsScraper(values)));
            findings.addAll(verified.findings());
            graph = verified.graph();
            timings.put("platform", System.nanoTime() - t);
        }
        Capacity.Report report = null;
        Capacity.Cluster cluster = Capacity.clusterOf(values);
        if (cluster != null) {
            report = Capacity.report(e.name(), cluster, parsed.manifests(), request.namespace());
            findings.addAll(Capacity.findings(report, e.chart().getFileName().toString()));
        }
        return new Checked(PolicyChecker.exemptAnnotated(findings, parsed.manifests()),
                List.of("neotool:lint " + e.name() + ": " + parsed.manifests().size() + " object(s), "
                + ms(envStart) + " ms"), timings, graph, report, graph == null ? null : rendered);
    }

    /**
     * The task's result; its failure as it was thrown, after stopping the other tasks of {@code pool}: those not yet
     * run are cancelled, and the goal waits a while for those running (a render inside Helm does not end on an
     * interrupt) to end, so that a failed goal leaves no render going on after it. Tasks are awaited in order, so a
     * later one's failure stops the rest once the earlier ones have ended.
     */
    private static Checked await(Future<Checked> task, List<Future<Checked>> all, ExecutorService pool) {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(all, pool);
            throw new IllegalStateException("neotool:lint was interrupted", e);
        } catch (ExecutionException e) {
            stop(all, pool);
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static void stop(List<Future<Checked>> all, ExecutorService pool) {
        all.forEach(f -> f.cancel(true));
        pool.shutdownNow();
        try {
            pool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The values files of each environment of a chart: a top-level chart with values.yaml alone (Helm reads it
     * anyway) and with each values-*.yaml beside it; any chart with each ci/*-values.yaml.
     */
    static List<List<Path>> environmentsOf(Path root, Path chart) {
        List<List<Path>> envs = new ArrayList<>();
        boolean topLevel = topLevel(root, chart);
        try {
            if (topLevel) {
                envs.add(List.of());
                try (Stream<Path> files = Files.list(chart)) {
                    files.filter(p -> p.getFileName().toString().matches("values-.+\\.ya?ml")).sorted()
                            .forEach(p -> envs.add(List.of(p)));
                }
            }
            Path ci = chart.resolve("ci");
            if (Files.isDirectory(ci)) {
                try (Stream<Path> files = Files.list(ci)) {
                    files.filter(p -> p.getFileName().toString().matches(".+-values\\.ya?ml")).sorted()
                            .forEach(p -> envs.add(List.of(p)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return envs;
    }

    /** A chart directly under the charts directory (or the directory itself): a platform, not a subchart. */
    static boolean topLevel(Path root, Path chart) {
        return chart.getParent().equals(root) || chart.equals(root);
    }

    /** {@code [WARNING] templates/deployment.yaml: message} -> a finding on that chart file. */
    static Finding lintFinding(String chart, String message) {
        Matcher m = LINT_MESSAGE.matcher(message.strip());
        Severity severity = Severity.ERROR;
        String file = "";
        String text = message.strip();
        if (m.matches()) {
            severity = Severity.valueOf(m.group(1));
            file = m.group(2).strip();
            text = m.group(3).strip();
        }
        // --strict: Helm fails on warnings too, so do we.
        if (severity == Severity.WARNING) {
            severity = Severity.ERROR;
        }
        return new Finding(HELM_LINT, severity, chart, file, "", "", text, Rules.get(HELM_LINT).fix(), Set.of());
    }

    /** {@code <umbrella>/charts/<alias>/templates/<file>} in Helm's error: the template that failed. */
    private static final Pattern TEMPLATE_IN_ERROR = Pattern.compile("([\\w.-]+(?:/charts/[\\w.-]+)*)/(templates/[^\\s:)\"]+)");

    public static final String RENDER = RULES.define("render", "chart", Severity.ERROR, "",
            "The chart does not render with this values file (template error or values.schema.json violation).",
            "Fix the values file or the template named in Helm's message.");

    /**
     * A chart that does not render: on the template Helm names (its chart on disk, not an alias, so that one typo
     * is one finding whichever alias and environment met it), else on the values file. The environments are
     * the finding's, not part of its message, so the same failure in several environments is one finding.
     */
    static Finding renderFinding(Path chart, List<Path> values, String failure) {
        // "helm template of chart <dir> with [<values>] failed: <Helm's message>": the chart and values are the finding's
        int helmSays = failure.indexOf(" failed: ");
        String error = helmSays < 0 ? failure : failure.substring(helmSays + " failed: ".length());
        Matcher m = TEMPLATE_IN_ERROR.matcher(error);
        String chartName = chart.getFileName().toString();
        String file = values.isEmpty() ? "" : ValuesFiles.name(chart, values.get(values.size() - 1));
        // Helm's advice for its command line means nothing here
        error = error.replace("Use --debug flag to render out invalid YAML", "").strip();
        String message = error;
        if (m.find()) {
            String path = m.group(1);
            chartName = ManifestParser.chartOnDisk(path, ChartDirectories.aliases(chart));
            file = m.group(2);
            message = error.replace(path + "/templates/", chartName + "/templates/");
        }
        // Chart.yaml's kubeVersion against the version linted for: the flag is the fix, not a values file or template
        String fix = error.contains("chart requires kubeVersion")
                ? "Lint for a Kubernetes version the chart supports (-Dneotool.kubeVersion, <kubeVersion>), or change the "
                        + "spec's chart.kubeVersion and run neotool:generate."
                : Rules.get(RENDER).fix();
        return new Finding(RENDER, Severity.ERROR, chartName, file, "", "", "does not render: " + message, fix, Set.of());
    }

    private static void add(Map<String, Finding> merged, Finding finding, String environment) {
        Finding f = finding.in(environment);
        merged.merge(f.key(), f, (a, b) -> {
            Finding out = a;
            for (String env : b.environments()) {
                out = out.in(env);
            }
            return out;
        });
    }

    private static String rel(Path root, Path p) {
        return root.getParent() == null ? FileTrees.slashed(p) : FileTrees.slashed(root.getParent().relativize(p));
    }

    private static long ms(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
