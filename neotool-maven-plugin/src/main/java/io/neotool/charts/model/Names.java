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

    /**
     * A host name DNS resolves: a DNS-1123 subdomain whose labels (between the dots) are at most 63 characters each.
     * The API server takes longer labels in an Ingress host (it checks 253 in all); no resolver answers for them.
     */
    public static final String HOST_NAME = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$";

    /**
     * An IPv4 or IPv6 range by its form, as a values schema checks it (generate reads each with {@link Cidr#parse}, which
     * also checks the address and the prefix's length).
     */
    public static final String CIDR = "^(([0-9]{1,3}\\.){3}[0-9]{1,3}/(3[0-2]|[12]?[0-9])|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*/(12[0-8]|1[01][0-9]|[1-9]?[0-9]))$";

    /** An absolute http or https URL with a host: what a browser, Helm (an icon) or a client calls. */
    public static final String HTTP_URL = "^https?://[^/\\s]+(/\\S*)?$";

    /** An environment variable name as Kubernetes accepts it (C identifier). */
    public static final String ENV_NAME = "^[A-Za-z_][A-Za-z0-9_]*$";

    /** A key of a Secret's or ConfigMap's data, as the API server takes it. */
    public static final String DATA_KEY = "^([-_a-zA-Z0-9][-._a-zA-Z0-9]{0,252}|\\.[-_a-zA-Z0-9][-._a-zA-Z0-9]{0,251})$";

    private static final Pattern LABEL = Pattern.compile(DNS_1123_LABEL);
    private static final Pattern LABEL_1035 = Pattern.compile(DNS_1035_LABEL);

    /** Whether {@code name} is a DNS-1123 label of at most {@code maxLength} characters. */
    public static boolean isDnsLabel(String name, int maxLength) {
        return name != null && name.length() <= maxLength && LABEL.matcher(name).matches();
    }

    /** A label or annotation key as the API server takes it, in words for messages. */
    public static final String QUALIFIED_NAME_RULE = "an optional DNS subdomain and '/', then at most 63 letters, digits, "
            + "'-', '_' and '.', starting and ending with a letter or digit";

    /** A label value as the API server takes it, in words for messages. */
    public static final String LABEL_VALUE_RULE = "empty, or at most 63 letters, digits, '-', '_' and '.', starting and "
            + "ending with a letter or digit";

    private static final Pattern QUALIFIED = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern SUBDOMAIN = Pattern.compile(DNS_1123_SUBDOMAIN);

    /** Whether {@code key} is a label or annotation key: {@link #QUALIFIED_NAME_RULE}. */
    public static boolean isQualifiedName(String key) {
        int slash = key.lastIndexOf('/');
        String name = key.substring(slash + 1);
        return (slash < 0 || isDnsSubdomain(key.substring(0, slash))) && name.length() <= 63
                && QUALIFIED.matcher(name).matches();
    }

    /** Whether {@code value} is a label value: {@link #LABEL_VALUE_RULE}. */
    public static boolean isLabelValue(String value) {
        return value.isEmpty() || (value.length() <= 63 && QUALIFIED.matcher(value).matches());
    }

    /** Whether {@code name} is a DNS-1123 subdomain of at most 253 characters (a {@link #HOST_NAME} too). */
    public static boolean isDnsSubdomain(String name) {
        return name.length() <= 253 && SUBDOMAIN.matcher(name).matches();
    }

    /** Whether {@code name} is a DNS-1035 label of at most {@code maxLength} characters. */
    public static boolean isDns1035Label(String name, int maxLength) {
        return name != null && name.length() <= maxLength && LABEL_1035.matcher(name).matches();
    }
}
