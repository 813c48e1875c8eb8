package io.neotool.charts.model;

/**
 * The image of a platform component (Vault, the data charts, the observability stack, the services' vault-init
 * container): a public image pulled as repository:tag, with no registry prefix from global.imageRegistry (a mirror
 * of global.imageMirrors moves it) and no appVersion fallback. Neotool's own images are {@link ServiceSpec.Image}.
 */
public record ContainerImage(
        @Doc(value = "Image repository, pulled as is (no global.imageRegistry prefix; global.imageMirrors apply).",
                pattern = ImageReference.REPOSITORY)
        String repository,
        @Doc(value = "Image tag; a fixed version, never `latest`.", pattern = ImageReference.TAG) String tag,
        @Doc(value = "Image digest (sha256:<64 hex digits>), pulled as repository:tag@digest: the content stays the one "
                + "pinned even if the tag is pushed again; empty: the tag alone.", pattern = ImageReference.DIGEST_VALUE)
        String digest,
        @Doc(value = "Kubernetes imagePullPolicy.", oneOf = {"IfNotPresent", "Always", "Never"}) String pullPolicy) {
    public static final ContainerImage DEFAULTS = new ContainerImage("", "", "", "IfNotPresent");

    static ContainerImage of(String repository, String tag) {
        return new ContainerImage(repository, tag, "", "IfNotPresent");
    }
}
