package io.neotool.charts.maven;

/** Every user property (-D name) the plugin reads, in one place. */
public final class PropertyNames {
    private PropertyNames() {}

    private static final String PREFIX = "neotool.";

    public static final String SKIP = PREFIX + "skip";
    public static final String SPEC = PREFIX + "spec";
    public static final String TEMPLATES = PREFIX + "templates";
    public static final String OUTPUT = PREFIX + "output";

    public static final String GENERATE_SKIP = PREFIX + "generate.skip";
    public static final String GENERATE_FORCE = PREFIX + "generate.force";

    public static final String CHECK_SKIP = PREFIX + "check.skip";
}
