package io.neotool.charts.model;

import java.util.regex.Pattern;

/** Kubernetes name rules. */
public final class Names {
    private Names() {}

    /** DNS-1123 label: Namespaces, Services, chart and service names. */
    public static final String DNS_1123_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

    /** DNS-1123 subdomain: Secrets, ConfigMaps. */
    public static final String DNS_1123_SUBDOMAIN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

    /** An environment variable name as Kubernetes accepts it (C identifier). */
    public static final String ENV_NAME = "^[A-Za-z_][A-Za-z0-9_]*$";

    private static final Pattern LABEL = Pattern.compile(DNS_1123_LABEL);

    /** Whether {@code name} is a DNS-1123 label of at most {@code maxLength} characters. */
    public static boolean isDnsLabel(String name, int maxLength) {
        return name != null && name.length() <= maxLength && LABEL.matcher(name).matches();
    }
}
