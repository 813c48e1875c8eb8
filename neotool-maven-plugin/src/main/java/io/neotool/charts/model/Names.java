package io.neotool.charts.model;

import java.util.regex.Pattern;

/** Kubernetes name rules. */
public final class Names {
    private Names() {}

    /** DNS-1123 label: Namespaces, chart names. */
    public static final String DNS_1123_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

    /** DNS-1035 label, a DNS-1123 label that starts with a letter: Services, so the platform's service names. */
    public static final String DNS_1035_LABEL = "^[a-z]([-a-z0-9]*[a-z0-9])?$";

    /** DNS-1123 subdomain: Secrets, ConfigMaps. */
    public static final String DNS_1123_SUBDOMAIN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

    /** An environment variable name as Kubernetes accepts it (C identifier). */
    public static final String ENV_NAME = "^[A-Za-z_][A-Za-z0-9_]*$";

    private static final Pattern LABEL = Pattern.compile(DNS_1123_LABEL);
    private static final Pattern LABEL_1035 = Pattern.compile(DNS_1035_LABEL);

    /** Whether {@code name} is a DNS-1123 label of at most {@code maxLength} characters. */
    public static boolean isDnsLabel(String name, int maxLength) {
        return name != null && name.length() <= maxLength && LABEL.matcher(name).matches();
    }

    /** Whether {@code name} is a DNS-1035 label of at most {@code maxLength} characters. */
    public static boolean isDns1035Label(String name, int maxLength) {
        return name != null && name.length() <= maxLength && LABEL_1035.matcher(name).matches();
    }
}
