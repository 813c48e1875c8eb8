package io.neotool.charts.model;

import java.util.regex.Pattern;

/**
 * The OCI distribution reference grammar (distribution/reference): an image is
 * {@code [host[:port]/]path[:tag][@algorithm:hex]}. The spec keeps registry, repository and tag apart; each part
 * is checked on its own (and by values.schema.json), and lint checks every rendered image as a whole.
 */
public final class ImageReference {

    /** The longest name (registry and repository) an image reference takes: the distribution grammar's limit. */
    static final int MAX_NAME = 255;

    private ImageReference() {}

    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String DOMAIN = DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*(?::[0-9]+)?";
    private static final String PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private static final String NAME = "(?:" + DOMAIN + "/)?" + PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
    private static final String TAG_FORM = "[\\w][\\w.-]{0,127}";
    private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";

    /** A repository, optionally after a registry host (empty: not set). */
    public static final String REPOSITORY = "^(?:|" + NAME + ")$";

    /** A registry host and optional path, prefixed to a repository (empty: not set). */
    public static final String REGISTRY = "^(?:|" + DOMAIN + "(?:/" + PATH_COMPONENT + ")*)$";

    /**
     * A registry mirror: a host the grammar reads as a registry, not as a path on Docker Hub (a '.' or a :port in it,
     * or localhost; {@link #readsAsHost}), and an optional path.
     */
    public static final String MIRROR = "^(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")+(?::[0-9]+)?|"
            + DOMAIN_COMPONENT + ":[0-9]+|localhost)(?:/" + PATH_COMPONENT + ")*$";

    /** A tag (empty: not set). */
    public static final String TAG = "^(?:|" + TAG_FORM + ")$";

    /** A sha256 digest that pins an image's content whatever its tag later points at (empty: not set). */
    public static final String DIGEST_VALUE = "^(?:|sha256:[0-9a-f]{64})$";

    private static final Pattern FULL = Pattern.compile("^" + NAME + "(?::" + TAG_FORM + ")?(?:@" + DIGEST + ")?$");
    private static final Pattern SHA256 = Pattern.compile(".*@sha256:[0-9a-f]{64}$");

    private static final Pattern HOST = Pattern.compile("^" + DOMAIN + "$");

    /** Whether {@code host} is a registry host, with an optional port (docker.io, registry.corp:5000). */
    static boolean isRegistryHost(String host) {
        return host != null && HOST.matcher(host).matches();
    }

    /** Whether an image name's first component is read as a registry host, not as a path on Docker Hub. */
    static boolean readsAsHost(String component) {
        return component.contains(".") || component.contains(":") || component.equals("localhost");
    }

    /** Whether {@code image}, as a pod spec names it, follows the grammar (a sha256 digest has 64 hex digits). */
    public static boolean isValid(String image) {
        return image.length() <= 255 + 129 + 72 && FULL.matcher(image).matches()
                && (!image.contains("@sha256:") || SHA256.matcher(image).matches());
    }

    /** What a {@link Doc} pattern of this class means, for messages; null for other patterns. */
    static String describe(String pattern) {
        return switch (pattern) {
            case REPOSITORY -> "is not an image repository: lower-case path components (a-z, 0-9, '.', '_', '-') "
                    + "joined by '/', optionally after a registry host[:port]/; no tag, digest or spaces";
            case REGISTRY -> "is not a registry: a host name with an optional :port and path, e.g. ghcr.io/acme";
            case TAG -> "is not an image tag: letters, digits, '_', '.' and '-', at most 128, not starting with '.' or '-'";
            default -> null;
        };
    }
}
