package io.neotool.charts.model;

/** A chart's helm test Pods that reach its servers with curl (docs/smoke-tests.md). */
public record SmokeTest(
        @Doc("Whether to render the smoke test Pods and their NetworkPolicies.") boolean enabled,
        @Doc("Image with /bin/sh and curl (curlimages/curl runs as uid 100).") ContainerImage image,
        @Doc("Numeric user and group of the test Pods.") ServiceSpec.SecurityContext securityContext) {
    public static final SmokeTest DEFAULTS = new SmokeTest(true, ContainerImage.of("curlimages/curl", "8.11.1"),
            new ServiceSpec.SecurityContext(100, 101, 101));
}
