package io.neotool.charts.maven;

import java.util.List;

/** Every user property (-D name) the plugin reads, in one place. */
public final class PropertyNames {
    private PropertyNames() {}

    private static final String PREFIX = "neotool.";
    /** Parameters that take a structure, set in the pom's configuration only, never as a property. */
    private static final List<String> POM_ONLY = List.of("valuesFiles", "exemptions");

    public static final String SKIP = PREFIX + "skip";
    public static final String SPEC = PREFIX + "spec";
    public static final String TEMPLATES = PREFIX + "templates";
    public static final String OUTPUT = PREFIX + "output";
    /** Seconds a goal waits for another one to release the charts or archives it needs. */
    public static final String LOCK_WAIT = PREFIX + "lock.wait";

    public static final String GENERATE_SKIP = PREFIX + "generate.skip";
    public static final String GENERATE_FORCE = PREFIX + "generate.force";

    public static final String CHECK_SKIP = PREFIX + "check.skip";

    public static final String EXPORT_OVERWRITE = PREFIX + "export.overwrite";

    public static final String LINT_SKIP = PREFIX + "lint.skip";

    public static final String PACKAGE_SKIP = PREFIX + "package.skip";
    public static final String CHARTS = PREFIX + "charts";
    public static final String PACKAGE_OUTPUT = PREFIX + "package.output";

    public static final String PUSH_SKIP = PREFIX + "push.skip";
    public static final String PUSH_OVERWRITE = PREFIX + "push.overwrite";
    public static final String REGISTRY = PREFIX + "registry";
    public static final String REGISTRY_SERVER_ID = PREFIX + "registry.serverId";
    public static final String REGISTRY_CA_FILE = PREFIX + "registry.caFile";
    public static final String REGISTRY_PLAIN_HTTP = PREFIX + "registry.plainHttp";

    /** Lint: Kubernetes version, release and namespace to render with; warnings fail; where the reports go. */
    public static final String KUBE_VERSION = PREFIX + "kubeVersion";
    public static final String RELEASE = PREFIX + "release";
    public static final String NAMESPACE = PREFIX + "namespace";
    public static final String LINT_FAIL_ON_WARNING = PREFIX + "lint.failOnWarning";
    public static final String LINT_REPORTS = PREFIX + "lint.reports";
    public static final String LINT_QUIET = PREFIX + "lint.quiet";

    /** The properties that switch something on or off: Maven reads any value but "true" as false. */
    static final List<String> BOOLEANS = List.of(SKIP, GENERATE_SKIP, GENERATE_FORCE, CHECK_SKIP, EXPORT_OVERWRITE, LINT_SKIP,
            PACKAGE_SKIP, PUSH_SKIP, PUSH_OVERWRITE, REGISTRY_PLAIN_HTTP, LINT_FAIL_ON_WARNING, LINT_QUIET);

    /** The properties that name a file or directory: given empty (-Dneotool.output=), Maven would take the project's. */
    static final List<String> PATHS = List.of(SPEC, TEMPLATES, OUTPUT, CHARTS, PACKAGE_OUTPUT,
            REGISTRY_CA_FILE, LINT_REPORTS);
    /** neotool:rules: the rule to explain. Plain {@code rule}, as typed after a finding's rule id. */
    public static final String RULE = "rule";
    /** neotool:rules: print to standard output, whatever the log level (-q); Maven's help:evaluate calls it so. */
    public static final String FORCE_STDOUT = "forceStdout";

    /** Every neotool.* property the plugin reads. */
    static List<String> all() {
        return java.util.Arrays.stream(PropertyNames.class.getFields())
                .filter(f -> java.lang.reflect.Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
                .map(f -> {
                    try {
                        return (String) f.get(null);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .filter(name -> name.startsWith(PREFIX)).sorted().toList();
    }

    /**
     * What the user properties of a build say wrong about the plugin's: a neotool.* name it does not read (a typo
     * Maven would pass over without a word: -Dneotool.lint.failOnWarnings), with the nearest it reads. A name the
     * build itself uses ({@code ownedByBuild}: a pom's property, or one a pom refers to, such as the plugin's version
     * pinned as -Dneotool.version) is the project's, not a typo.
     */
    static List<String> unknown(java.util.Properties user, java.util.function.Predicate<String> ownedByBuild) {
        List<String> known = all();
        // compared without the prefix all of them share, which would let nearly any name pass for a near one
        List<String> names = known.stream().map(k -> k.substring(PREFIX.length())).toList();
        return user.stringPropertyNames().stream()
                .filter(p -> p.startsWith(PREFIX) && !known.contains(p) && !ownedByBuild.test(p)).sorted()
                .map(p -> "-D" + p + " is not a property of neotool-maven-plugin, which does not read it"
                        + (POM_ONLY.stream().anyMatch(only -> p.endsWith("." + only))
                                ? " (" + p.substring(p.lastIndexOf('.') + 1) + " is set in the pom only: <configuration><"
                                        + p.substring(p.lastIndexOf('.') + 1) + ">...)"
                                : io.neotool.charts.model.Suggestions.nearest(p.substring(PREFIX.length()), names)
                                        .map(n -> " (did you mean -D" + PREFIX + n + "?)").orElse(""))
                        + "; the plugin's properties are listed by mvn neotool:help -Ddetail")
                .toList();
    }
}
