package io.neotool.charts.model;

/** The image of a platform component (a public image, so no registry prefix from global.imageRegistry). */
public record ContainerImage(
        @Doc("Image repository, e.g. postgres or apache/kafka.") String repository,
        @Doc("Image tag; a fixed version, never `latest`.") String tag,
        @Doc(value = "Kubernetes imagePullPolicy.", oneOf = {"IfNotPresent", "Always", "Never"}) String pullPolicy) {
    public static final ContainerImage DEFAULTS = new ContainerImage("", "", "IfNotPresent");

    static ContainerImage of(String repository, String tag) {
        return new ContainerImage(repository, tag, "IfNotPresent");
    }
}
