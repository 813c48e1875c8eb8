package io.neotool.charts.model;

import java.util.LinkedHashMap;
import java.util.Map;

/** The Neotool platform as one environment sees it: what the charts and their values are made from. */
public record PlatformSpec(
        @Doc("Umbrella chart metadata.") ChartInfo chart,
        @Doc("Settings every chart shares (Helm passes them to all subcharts).") GlobalSpec global,
        @Doc("Namespaces of the platform and their Pod Security level.") Map<String, NamespaceSpec> namespaces,
        @Doc("HashiCorp Vault and the JWT key Job (chart vault).") VaultSpec vault,
        @Doc("Prometheus, Grafana, Loki, Promtail and the PostgreSQL exporter (chart observability).")
                ObservabilitySpec observability,
        @Doc("Default-deny NetworkPolicies and the platform's allowed flows.") NetworkPolicySpec networkPolicy,
        @Doc("The Kotlin/Micronaut services, each deployed with the neotool-service chart.")
                Map<String, ServiceSpec> services) {

    /** Promtail reads the nodes' pod logs (hostPath, root): its namespace cannot enforce restricted. */
    static final NamespaceSpec OBSERVABILITY_NAMESPACE = new NamespaceSpec("privileged",
            "Promtail reads container logs from the node (hostPath /var/log/pods) and runs as root.");

    /** The plan's namespaces (section 2.2; workflows is out of scope). */
    public static final Map<String, NamespaceSpec> PLAN_NAMESPACES = planNamespaces();

    public static final PlatformSpec DEFAULTS =
            new PlatformSpec(ChartInfo.DEFAULTS, GlobalSpec.DEFAULTS, PLAN_NAMESPACES, VaultSpec.DEFAULTS, ObservabilitySpec.DEFAULTS,
                    NetworkPolicySpec.DEFAULTS, Map.of());

    private static Map<String, NamespaceSpec> planNamespaces() {
        Map<String, NamespaceSpec> namespaces = new LinkedHashMap<>();
        for (String name : new String[] {"app", "web", "data", "messaging", "storage", "security"}) {
            namespaces.put("neotool-" + name, NamespaceSpec.DEFAULTS);
        }
        namespaces.put("neotool-observability", OBSERVABILITY_NAMESPACE);
        return Map.copyOf(namespaces);
    }

    /** This spec as environment {@code environment} sees it. */
    public PlatformSpec forEnvironment(String environment) {
        return new PlatformSpec(chart, global.withEnvironment(environment), namespaces, vault, observability, networkPolicy, services);
    }

    /** This spec with the chart version set, when the spec leaves it empty. */
    public PlatformSpec withDefaultVersion(String version) {
        return new PlatformSpec(chart.withDefaultVersion(version), global, namespaces, vault, observability, networkPolicy, services);
    }

    public record ChartInfo(
            @Doc(value = "Name of the umbrella chart.", pattern = Names.DNS_1123_LABEL) String name,
            @Doc("Chart version (SemVer 2); empty means the Maven project version.") String version,
            @Doc("Version of the platform the chart deploys; also the default image tag.") String appVersion,
            @Doc("One-line description.") String description,
            @Doc("Kubernetes versions the chart supports (a SemVer range).") String kubeVersion,
            @Doc("Home page of the project.") String home) {
        public static final ChartInfo DEFAULTS = new ChartInfo(
                "neotool", "", "1.0.0", "The Neotool platform on K3S", ">=1.28.0-0", "https://github.com/salomax/neotool");

        ChartInfo withDefaultVersion(String defaultVersion) {
            return version.isEmpty() ? new ChartInfo(name, defaultVersion, appVersion, description, kubeVersion, home) : this;
        }
    }

    public record GlobalSpec(
            @Doc(value = "Environment the values are for.", oneOf = {"dev", "prod"}) String environment,
            @Doc("Registry prefixed to service images that name none, e.g. ghcr.io/salomax.") String imageRegistry,
            @Doc("StorageClass of persistent volumes (K3S: local-path).") String storageClass) {
        public static final GlobalSpec DEFAULTS = new GlobalSpec("dev", "ghcr.io/salomax", "local-path");

        GlobalSpec withEnvironment(String name) {
            return new GlobalSpec(name, imageRegistry, storageClass);
        }
    }

    public record NamespaceSpec(
            @Doc(value = "Pod Security Standard enforced in the namespace.", oneOf = {"restricted", "baseline", "privileged"})
                    String podSecurity,
            @Doc("Why the namespace needs less than restricted (required then).") String reason) {
        public static final NamespaceSpec DEFAULTS = new NamespaceSpec("restricted", "");
    }
}
