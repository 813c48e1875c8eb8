package io.neotool.charts.verify;

import static io.neotool.charts.testtools.YamlTree.remove;
import static io.neotool.charts.testtools.YamlTree.set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.testtools.YamlTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule against a release that passes it (the good fixture) and the same release broken for that rule: the
 * finding must carry the rule id and name the resource.
 */
class RulesTest {
    private static final String C0 = "spec.template.spec.containers[0].";
    private static final String POD = "spec.template.spec.";

    private static Arguments c(String rule, String resource, Consumer<Fixture> breakIt) {
        return Arguments.of(rule, resource, false, breakIt);
    }

    private static Arguments prod(String rule, String resource, Consumer<Fixture> breakIt) {
        return Arguments.of(rule, resource, true, breakIt);
    }

    static Stream<Arguments> violations() {
        return Stream.of(
                c(PodSecurity.PRIVILEGED, "Deployment/demo", f -> set(f.deployment(), C0 + "securityContext.privileged", true)),
                c(PodSecurity.HOST_NAMESPACES, "Deployment/demo", f -> set(f.deployment(), POD + "hostPID", true)),
                // restricted (the fixture's level) judges a hostPath as a volume type, replacing the baseline check
                c(PodSecurity.VOLUME_TYPES, "Deployment/demo", f -> set(f.deployment(), POD + "volumes[0]",
                        Map.of("name", "tmp", "hostPath", Map.of("path", "/var/log")))),
                c(PodSecurity.VOLUME_TYPES, "Deployment/demo", f -> set(f.deployment(), POD + "volumes[0]",
                        Map.of("name", "tmp", "nfs", Map.of("server", "nfs", "path", "/")))),
                c(PodSecurity.HOST_PORT, "Deployment/demo", f -> set(f.deployment(), C0 + "ports[0].hostPort", 8080)),
                c(PodSecurity.PRIVILEGE_ESCALATION, "Deployment/demo", f -> remove(f.deployment(), C0 + "securityContext.allowPrivilegeEscalation")),
                c(PodSecurity.RUN_AS_NON_ROOT, "Deployment/demo", f -> remove(f.deployment(), POD + "securityContext.runAsNonRoot")),
                c(PodSecurity.RUN_AS_USER, "Deployment/demo", f -> set(f.deployment(), C0 + "securityContext.runAsUser", 0)),
                c(PodSecurity.CAPABILITIES, "Deployment/demo", f -> set(f.deployment(), C0 + "securityContext.capabilities.add", List.of("SYS_ADMIN"))),
                c(PodSecurity.CAPABILITIES, "Deployment/demo", f -> set(f.deployment(), C0 + "securityContext.capabilities.drop", List.of("NET_RAW"))),
                c(PodSecurity.SECCOMP, "Deployment/demo", f -> remove(f.deployment(), POD + "securityContext.seccompProfile")),
                c(PolicyChecker.READ_ONLY_ROOT_FS, "Deployment/demo", f -> set(f.deployment(), C0 + "securityContext.readOnlyRootFilesystem", false)),
                c(PolicyChecker.AUTOMOUNT_TOKEN, "Deployment/demo", f -> set(f.deployment(), POD + "automountServiceAccountToken", true)),
                c(PolicyChecker.SERVICE_ACCOUNT, "Deployment/demo", f -> set(f.deployment(), POD + "serviceAccountName", "missing")),
                c(PolicyChecker.SERVICE_ACCOUNT, "Deployment/demo", f -> remove(f.deployment(), POD + "serviceAccountName")),
                c(PolicyChecker.ENV_SECRET, "Deployment/demo", f -> set(f.deployment(), C0 + "env[0]", Map.of("name", "API_TOKEN", "value", "s3cr3t"))),
                c(PolicyChecker.CONFIGMAP_SECRET, "ConfigMap/cfg", f -> f.add(configMap("password: hunter2"))),
                c(PolicyChecker.CONFIGMAP_SECRET, "ConfigMap/cfg", f -> f.add(configMap("tls.key: |\n    -----BEGIN RSA PRIVATE KEY-----\n    abc"))),
                c(PolicyChecker.CONFIGMAP_SECRET, "ConfigMap/cfg", f -> f.add(labelled("v1", "ConfigMap", "cfg",
                        "binaryData:\n  api-token: c2VjcmV0"))),
                c(PolicyChecker.RBAC, "Role/demo", f -> f.add(role("[\"*\"]", "[pods]"))),
                c(PolicyChecker.RBAC, "Role/demo", f -> f.add(role("[create]", "[pods/exec]"))),
                c(PolicyChecker.RBAC, "Role/demo", f -> f.add(role("[list]", "[secrets]"))),
                c(PolicyChecker.RBAC, "Role/demo", f -> f.add(role("[get]", "[secrets]"))), // every Secret, by name
                c(PolicyChecker.RBAC, "Role/demo", f -> f.add(role("[create]", "[pods/attach]"))),
                c(PolicyChecker.RBAC, "Role/demo", f -> f.add(labelled("rbac.authorization.k8s.io/v1", "Role", "demo",
                        "rules:\n  - apiGroups: ['*']\n    resources: [configmaps]\n    verbs: [get]"))),
                c(PolicyChecker.RBAC, "ClusterRoleBinding/demo", f -> f.add(labelled("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "demo",
                        "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}\n"
                                + "subjects: [{kind: ServiceAccount, name: demo, namespace: demo-ns}]"))),
                // a binding to a role or an account that is not there grants nothing: the API server takes it all the same
                c(PolicyChecker.REFERENCES, "RoleBinding/demo-read", f -> f.add(labelled("rbac.authorization.k8s.io/v1", "RoleBinding",
                        "demo-read", "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: demo-reader}\n"
                                + "subjects: [{kind: ServiceAccount, name: demo, namespace: demo-ns}]"))),
                c(PolicyChecker.REFERENCES, "RoleBinding/demo-read", f -> f.add(labelled("rbac.authorization.k8s.io/v1", "RoleBinding",
                        "demo-read", "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\n"
                                + "subjects: [{kind: ServiceAccount, name: demo, namespace: demo-ns-x}]"))),
                c(PolicyChecker.PROBE_HOST, "Deployment/demo", f -> set(f.deployment(), C0 + "readinessProbe.httpGet.host", "10.0.0.1")),
                c(PolicyChecker.PROBE_HOST, "Deployment/demo", f -> set(f.deployment(), C0 + "lifecycle",
                        Map.of("postStart", Map.of("tcpSocket", Map.of("port", 8080, "host", "10.0.0.1"))))),
                c(PolicyChecker.IMAGE_TAG, "Deployment/demo", f -> set(f.deployment(), C0 + "image", "ghcr.io/salomax/demo:latest")),
                c(PolicyChecker.IMAGE_TAG, "Deployment/demo", f -> set(f.deployment(), C0 + "image", "localhost:5000/demo")),
                c(PolicyChecker.IMAGE_REFERENCE, "Deployment/demo", f -> set(f.deployment(), C0 + "image", "Neotool::Security:1.0 .0")),
                c(PolicyChecker.IMAGE_REFERENCE, "Deployment/demo", f -> set(f.deployment(), C0 + "image", "repo@sha256:abc")),
                c(PolicyChecker.IMAGE_REFERENCE, "Deployment/demo", f -> set(f.deployment(), C0 + "image", "ghcr.io/Acme/demo:1.0.0")),
                c(PolicyChecker.RESOURCES, "Deployment/demo", f -> remove(f.deployment(), C0 + "resources")),
                c(PolicyChecker.RESOURCES, "Deployment/demo", f -> remove(f.deployment(), C0 + "resources.limits")),
                c(PolicyChecker.REQUEST_OVER_LIMIT, "Deployment/demo", f -> set(f.deployment(), C0 + "resources.limits.memory", "200Mi")),
                c(PolicyChecker.REQUEST_OVER_LIMIT, "Deployment/demo", f -> set(f.deployment(), C0 + "resources.limits.cpu", "0.05")),
                c(PolicyChecker.READINESS_PROBE, "Deployment/demo", f -> remove(f.deployment(), C0 + "readinessProbe")),
                c(PolicyChecker.LIVENESS_PROBE, "Deployment/demo", f -> set(f.deployment(), C0 + "livenessProbe",
                        YamlTree.get(f.deployment(), C0 + "readinessProbe"))),
                c(PolicyChecker.PROBE_PORT, "Deployment/demo", f -> set(f.deployment(), C0 + "readinessProbe.httpGet.port", "metrics")),
                c(PolicyChecker.PROBE_PORT, "Deployment/demo", f -> set(f.deployment(), C0 + "livenessProbe.httpGet.port", 9090)),
                // a sidecar (an init container that keeps running) is probed as the others are
                c(PolicyChecker.PROBE_PORT, "Deployment/demo", f -> set(f.deployment(), POD + "initContainers", List.of(Map.of(
                        "name", "proxy", "image", "envoyproxy/envoy:v1.31.0", "restartPolicy", "Always",
                        "ports", List.of(Map.of("name", "admin", "containerPort", 9901)),
                        "readinessProbe", Map.of("httpGet", Map.of("path", "/ready", "port", "envoy-admin")),
                        // a number it does not list is left alone: proxies answer health on ports they do not declare
                        "livenessProbe", Map.of("tcpSocket", Map.of("port", 15021)))))),
                c(PolicyChecker.REQUEST_OVER_LIMIT, "Deployment/demo", f -> set(f.deployment(), C0 + "resources.requests.memory", "+2Gi")),
                c(PolicyChecker.RESOURCES, "Deployment/demo", f -> set(f.deployment(), C0 + "resources.requests.cpu", "-100m")),
                c(PolicyChecker.RESOURCES, "Deployment/demo", f -> set(f.deployment(), C0 + "resources.limits.memory", "128m")),
                c(PolicyChecker.POD_TEMPLATE, "Deployment/demo", f -> set(f.deployment(), POD + "restartPolicy", "Never")),
                c(PolicyChecker.POD_TEMPLATE, "Deployment/demo", f -> set(f.deployment(), POD + "ephemeralContainers",
                        List.of(Map.of("name", "debug", "image", "busybox:1.36")))),
                c(PolicyChecker.POD_TEMPLATE, "Deployment/demo", f -> set(f.deployment(), POD + "securityContext.seccompProfile",
                        Map.of("type", "Localhost"))),
                c(PolicyChecker.POD_TEMPLATE, "Job/migrate", f -> f.add(labelled("batch/v1", "Job", "migrate", "spec:\n"
                        + "  ttlSecondsAfterFinished: 600\n  template:\n    spec:\n      containers: [{name: m, image: 'busybox:1.36'}]"))),
                c(PolicyChecker.PDB, "Deployment/demo", f -> f.remove("PodDisruptionBudget", "demo")),
                c(PolicyChecker.PDB, "PodDisruptionBudget/demo", f -> {
                    remove(f.get("PodDisruptionBudget", "demo").body(), "spec.maxUnavailable");
                    set(f.get("PodDisruptionBudget", "demo").body(), "spec.minAvailable", 2);
                }),
                c(PolicyChecker.PDB, "PodDisruptionBudget/demo", f -> set(f.get("PodDisruptionBudget", "demo").body(), "spec.maxUnavailable", 0)),
                c(PolicyChecker.PDB, "PodDisruptionBudget/demo", f -> set(f.get("PodDisruptionBudget", "demo").body(), "spec.maxUnavailable", "0%")),
                c(PolicyChecker.PDB, "PodDisruptionBudget/demo", f -> {
                    remove(f.get("PodDisruptionBudget", "demo").body(), "spec.maxUnavailable");
                    set(f.get("PodDisruptionBudget", "demo").body(), "spec.minAvailable", "100%");
                }),
                c(PolicyChecker.HPA, "HorizontalPodAutoscaler/demo", f -> f.add(hpa("missing", 2, 5))),
                c(PolicyChecker.HPA, "HorizontalPodAutoscaler/demo", f -> f.add(hpa("demo", 2, 5))), // target keeps spec.replicas
                c(PolicyChecker.HPA, "HorizontalPodAutoscaler/demo", f -> {
                    remove(f.deployment(), "spec.replicas");
                    f.add(hpa("demo", 3, 3));
                }),
                prod(PolicyChecker.HPA, "HorizontalPodAutoscaler/demo", f -> {
                    remove(f.deployment(), "spec.replicas");
                    f.add(hpa("demo", 1, 3));
                }),
                c(PolicyChecker.SPREAD, "Deployment/demo", f -> remove(f.deployment(), POD + "topologySpreadConstraints")),
                // a spread whose selector selects none of the workload's own pods spreads nothing
                c(PolicyChecker.SPREAD, "Deployment/demo", f -> set(f.deployment(), POD + "topologySpreadConstraints[0].labelSelector",
                        Map.of("matchLabels", Map.of("app.kubernetes.io/name", "demo-broker")))),
                // the kubelet expands $(NAME) from the variables before it alone; in args, from the container's variables
                c(PolicyChecker.ENV_REFERENCE, "Deployment/demo", f -> set(f.deployment(), C0 + "env[0]",
                        Map.of("name", "LOG_LEVEL", "value", "$(DB_PASSWORD)"))),
                c(PolicyChecker.ENV_REFERENCE, "Deployment/demo", f -> set(f.deployment(), C0 + "args",
                        List.of("--level=$(LOG_LEVL)"))),
                c(PolicyChecker.NETWORK_POLICY, "Deployment/demo", f -> f.remove("NetworkPolicy", "demo")),
                c(PolicyChecker.NETWORK_POLICY, "Namespace/demo-ns", f -> f.remove("NetworkPolicy", "default-deny")),
                // a policy on every pod that admits everyone denies nothing
                c(PolicyChecker.NETWORK_POLICY, "Namespace/demo-ns", f -> set(f.get("NetworkPolicy", "default-deny").body(),
                        "spec.ingress", List.of(Map.of()))),
                c(PolicyChecker.NETWORK_POLICY, "NetworkPolicy/demo", f -> set(f.get("NetworkPolicy", "demo").body(),
                        "spec.podSelector.matchLabels", Map.of("app.kubernetes.io/name", "nothing"))),
                c(PolicyChecker.SERVICE_SELECTOR, "Service/demo", f -> set(f.get("Service", "demo").body(), "spec.selector",
                        Map.of("app.kubernetes.io/name", "other"))),
                c(PolicyChecker.TARGET_PORT, "Service/demo", f -> set(f.get("Service", "demo").body(), "spec.ports[0]",
                        Map.of("name", "http", "port", 80, "targetPort", "web"))),
                c(PolicyChecker.TARGET_PORT, "Service/demo", f -> set(f.get("Service", "demo").body(), "spec.ports[0]",
                        Map.of("name", "http", "port", 80, "targetPort", 9999))),
                c(PolicyChecker.PDB_TARGET, "PodDisruptionBudget/demo", f -> set(f.get("PodDisruptionBudget", "demo").body(),
                        "spec.selector.matchLabels", Map.of("app.kubernetes.io/name", "other"))),
                // a second budget over the same pods: the eviction API refuses them, and drains hang
                c(PolicyChecker.PDB_TARGET, "PodDisruptionBudget/demo-more", f -> f.add(labelled("policy/v1",
                        "PodDisruptionBudget", "demo-more", "spec:\n  maxUnavailable: 1\n  selector:\n    matchLabels:\n"
                                + "      app.kubernetes.io/name: demo"))),
                c(PolicyChecker.INGRESS_BACKEND, "Ingress/demo", f -> set(f.get("Ingress", "demo").body(),
                        "spec.rules[0].http.paths[0].backend.service.name", "gone")),
                c(PolicyChecker.INGRESS_BACKEND, "Ingress/demo", f -> set(f.get("Ingress", "demo").body(),
                        "spec.rules[0].http.paths[0].backend.service.port", Map.of("number", 9999))),
                c(PolicyChecker.INGRESS_ROUTE, "Ingress/demo-api", f -> f.add(labelled("networking.k8s.io/v1", "Ingress",
                        "demo-api", "spec:\n  tls:\n    - hosts: [demo.example.com]\n      secretName: demo-tls\n  rules:\n"
                        + "    - host: demo.example.com\n      http:\n        paths:\n          - path: /\n"
                        + "            pathType: Prefix\n            backend:\n              service:\n"
                        + "                name: demo\n                port:\n                  name: http"))),
                c(PolicyChecker.REFERENCES, "Deployment/demo", f -> set(f.deployment(), "spec.selector.matchLabels",
                        Map.of("app.kubernetes.io/name", "other"))),
                c(PolicyChecker.REFERENCES, "StatefulSet/db", f -> f.add(statefulSet("demo"))), // demo is not headless
                c(PolicyChecker.DUPLICATE_ENV, "Deployment/demo", f -> set(f.deployment(), C0 + "env[1]", Map.of("name", "LOG_LEVEL", "value", "debug"))),
                c(PolicyChecker.JOB_CLEANUP, "Job/migrate", f -> f.add(labelled("batch/v1", "Job", "migrate", "spec:\n  template:\n    spec:\n"
                        + "      restartPolicy: Never\n      containers: [{name: m, image: 'busybox:1.36'}]"))),
                c(PolicyChecker.JOB_CLEANUP, "CronJob/nightly", f -> f.add(labelled("batch/v1", "CronJob", "nightly", "spec:\n  schedule: '@daily'\n"
                        + "  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n"
                        + "          containers: [{name: m, image: 'busybox:1.36'}]"))),
                c(PolicyChecker.POD_CHART_VERSION, "Deployment/demo", f -> labels(f.deployment(), "spec.template.metadata.labels")
                        .put("helm.sh/chart", "demo-0.1.0")),
                c(PolicyChecker.POD_CHART_VERSION, "Deployment/demo", f -> set(f.deployment(), "spec.template.metadata.annotations",
                        Map.of("chart", "demo-0.1.0"))), // the object's helm.sh/chart value under another key
                c(PolicyChecker.JOB_TEMPLATE, "Job/migrate", f -> f.add(labelled("batch/v1", "Job", "migrate", "spec:\n"
                        + "  ttlSecondsAfterFinished: 600\n  template:\n    metadata:\n      labels: {helm.sh/chart: demo-0.1.0}\n"
                        + "    spec:\n      restartPolicy: Never\n      containers: [{name: m, image: 'busybox:1.36'}]"))),
                c(PolicyChecker.LABELS, "Service/demo", f -> f.get("Service", "demo").labels().remove("helm.sh/chart")),
                c(PolicyChecker.LABELS, "Service/demo", f -> f.get("Service", "demo").labels().put("app.kubernetes.io/instance", "x")),
                c(PolicyChecker.NODE_PORT, "Service/demo", f -> set(f.get("Service", "demo").body(), "spec.type", "NodePort")),
                prod(PolicyChecker.INGRESS_TLS, "Ingress/demo", f -> remove(f.get("Ingress", "demo").body(), "spec.tls")),
                c(PolicyChecker.ROLLING_UPDATE, "Deployment/demo", f -> set(f.deployment(), "spec.strategy", Map.of("type", "Recreate"))),
                c(PolicyChecker.ROLLING_UPDATE, "Deployment/demo", f -> remove(f.deployment(), "spec.strategy")),
                c(PolicyChecker.ROLLING_UPDATE, "Deployment/demo", f -> set(f.deployment(), "spec.strategy.rollingUpdate",
                        Map.of("maxSurge", 2, "maxUnavailable", 0))),
                c(SchemaValidator.SCHEMA, "Deployment/demo", f -> set(f.deployment(), C0 + "imagee", "x")),
                c(SchemaValidator.SCHEMA, "Deployment/demo", f -> remove(f.deployment(), "spec.selector")),
                c(SchemaValidator.SCHEMA, "Deployment/demo", f -> set(f.deployment(), "spec.replicas", "two")),
                c(SchemaValidator.REMOVED_API, "Deployment/demo", f -> set(f.deployment(), "apiVersion", "extensions/v1beta1")),
                c(SchemaValidator.UNKNOWN_KIND, "Deploymnet/demo", f -> set(f.deployment(), "kind", "Deploymnet")),
                // a user namespace: behind a feature gate that is off by default in 1.32
                c(SchemaValidator.GATED_FIELD, "Deployment/demo", f -> set(f.deployment(), "spec.template.spec.hostUsers", false)),
                c(SchemaValidator.NOT_VALIDATED, "ServiceMonitor/demo", f -> f.add(labelled("monitoring.coreos.com/v1", "ServiceMonitor", "demo",
                        "spec:\n  selector: {matchLabels: {app.kubernetes.io/name: demo}}\n  endpoints: [{port: http}]"))),
                c(ApiNames.API_NAME, "Service/2fa", f -> set(f.get("Service", "demo").body(), "metadata.name", "2fa")),
                // what the API server validates in a container beyond the schema
                c(ApiNames.API_NAME, "Deployment/demo", f -> set(f.deployment(), C0 + "volumeMounts",
                        List.of(Map.of("name", "tmp", "mountPath", "/tmp"), Map.of("name", "tmp", "mountPath", "/tmp")))),
                c(ApiNames.API_NAME, "Deployment/demo", f -> set(f.deployment(), C0 + "readinessProbe.tcpSocket",
                        Map.of("port", "http"))),
                c(ApiNames.API_NAME, "Deployment/demo", f -> set(f.deployment(), C0 + "livenessProbe", Map.of("periodSeconds", 10))),
                c(ApiNames.API_NAME, "Deployment/demo", f -> set(f.deployment(), C0 + "env[0]", Map.of("name", "LOG_LEVEL",
                        "valueFrom", Map.of()))),
                c(ApiNames.API_NAME, "Deployment/demo", f -> set(f.deployment(), C0 + "env[0]", Map.of("name", "POD_NAME",
                        "valueFrom", Map.of("fieldRef", Map.of("fieldPath", "metadata.podName"))))),
                c(ApiNames.API_NAME, "Deployment/demo", f -> set(f.deployment(), C0 + "env[0]", Map.of("name", "LOG_LEVEL",
                        "value", "info", "valueFrom", Map.of("configMapKeyRef", Map.of("name", "cfg", "key", "level"))))),
                c(ApiNames.API_NAME, "Deployment/demo", f -> labels(f.deployment(), "spec.template.metadata.labels")
                        .put("example.com/smoke", "smoke-readiness-" + "x".repeat(48))),
                c(ApiNames.API_NAME, "Job/" + "m".repeat(64), f -> f.add(labelled("batch/v1", "Job", "m".repeat(64), "spec:\n  ttlSecondsAfterFinished: 60\n"
                        + "  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: m, image: 'busybox:1.36'}]"))),
                // an exemption without a reason, and one that names no rule, are findings themselves
                c(PolicyChecker.EXEMPTION, "Deployment/demo", f -> set(f.deployment(), "metadata.annotations",
                        new java.util.LinkedHashMap<>(Map.of(PolicyChecker.EXEMPT, "read-only-root-fs")))),
                c(PolicyChecker.EXEMPTION, "Deployment/demo", f -> set(f.deployment(), "metadata.annotations",
                        new java.util.LinkedHashMap<>(Map.of(PolicyChecker.EXEMPT, "read-only-rootfs",
                                PolicyChecker.EXEMPT_REASON, "the image writes its cache")))),
                c(PolicyChecker.PULL_POLICY, "Deployment/demo", f -> set(f.deployment(), C0 + "imagePullPolicy", "IfNotPresent")),
                c(PolicyChecker.NAMESPACE_SET, "Deployment/demo", f -> remove(f.deployment(), "metadata.namespace")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("violations")
    void ruleFindsTheViolationAndNamesTheResource(String rule, String resource, boolean prod, Consumer<Fixture> breakIt) {
        Fixture good = Fixture.good();
        assertTrue(good.findings(prod).stream().noneMatch(f -> f.ruleId().equals(rule)),
                () -> "the passing release already has " + rule + ": " + good.findings(prod));
        breakIt.accept(good);
        List<Finding> findings = good.findings(prod);
        assertTrue(findings.stream().anyMatch(f -> f.ruleId().equals(rule) && (f.kind() + "/" + f.name()).equals(resource)),
                () -> "expected " + rule + " on " + resource + ", got:\n" + lines(findings));
    }

    /** A sidecar's probe on a number it does not declare is its own business: proxies answer health on such ports. */
    @Test
    void aSidecarsUndeclaredProbeNumberIsLeftAlone() {
        Fixture f = Fixture.good();
        set(f.deployment(), POD + "initContainers", List.of(Map.of("name", "proxy", "image", "envoyproxy/envoy:v1.31.0",
                "restartPolicy", "Always", "livenessProbe", Map.of("tcpSocket", Map.of("port", 15021)))));
        assertTrue(f.findings(false).stream().noneMatch(x -> x.ruleId().equals(PolicyChecker.PROBE_PORT)), lines(f.findings(false)));
    }

    @Test
    void thePassingReleaseHasNoErrorsOrWarnings() {
        List<Finding> findings = Fixture.good().findings(true);
        assertEquals(List.of(), findings.stream().filter(f -> f.severity() != Severity.INFO).map(Finding::line).toList());
    }

    /** An image pinned by digest alone is the most pinned of all: neither an untagged nor a malformed reference. */
    @Test
    void anImagePinnedByDigestAloneIsAccepted() {
        for (String image : List.of("ghcr.io/salomax/demo@sha256:" + "0123456789abcdef".repeat(4),
                "ghcr.io/salomax/demo:1.0.0@sha256:" + "0123456789abcdef".repeat(4))) {
            Fixture f = Fixture.good();
            set(f.deployment(), C0 + "image", image);
            List<String> found = f.findings(true).stream().filter(x -> x.severity() != Severity.INFO).map(Finding::line).toList();
            assertEquals(List.of(), found, image);
        }
    }

    /** A prod Ingress served with its load balancer's own certificate (an annotation), without spec.tls, is TLS. */
    @Test
    void aLoadBalancersOwnCertificateIsTlsInProd() {
        for (String annotation : io.neotool.charts.model.IngressSpec.CLOUD_CERTIFICATE_ANNOTATIONS) {
            Fixture f = Fixture.good();
            remove(f.get("Ingress", "demo").body(), "spec.tls");
            set(f.get("Ingress", "demo").body(), "metadata.annotations", Map.of(annotation, "demo-certificate"));
            assertTrue(f.findings(true).stream().noneMatch(x -> x.ruleId().equals(PolicyChecker.INGRESS_TLS)), annotation);
        }
    }

    @Test
    void envNamingWhichSecretOrWhereItIsIsNotASecret() {
        Fixture f = Fixture.good();
        set(f.deployment(), C0 + "env", List.of(Map.of("name", "JWT_KEY_ID", "value", "default"),
                Map.of("name", "VAULT_SECRET_PATH", "value", "secret/jwt/keys"), Map.of("name", "JWT_PRIVATE_KEY", "value", "abc")));
        List<String> flagged = f.findings(false).stream().filter(x -> x.ruleId().equals(PolicyChecker.ENV_SECRET))
                .map(Finding::message).toList();
        assertEquals(1, flagged.size(), flagged::toString);
        assertTrue(flagged.get(0).contains("JWT_PRIVATE_KEY"), flagged::toString);
    }

    /** A credential is flagged by its form whatever the variable is called; a $(VAR) password is a reference, not one. */
    @Test
    void envHoldingACredentialIsASecretWhateverItsName() {
        Fixture f = Fixture.good();
        set(f.deployment(), C0 + "env", List.of(Map.of("name", "SMTP_URI", "value", "smtp://mailer:hunter2@smtp.example.com:587"),
                Map.of("name", "GEMINI_AUTH", "value", "AIza" + "A".repeat(35)),
                Map.of("name", "DATABASE_URL", "value", "postgresql://app:$(DB_PASSWORD)@pgbouncer:6432/app"),
                Map.of("name", "HOME_URL", "value", "https://user@example.com/")));
        List<String> flagged = f.findings(false).stream().filter(x -> x.ruleId().equals(PolicyChecker.ENV_SECRET))
                .map(Finding::message).toList();
        assertEquals(2, flagged.size(), flagged::toString);
        assertTrue(flagged.get(0).contains("SMTP_URI to a URL with a password") || flagged.get(1).contains("SMTP_URI to a URL with a password"),
                flagged::toString);
        assertTrue(String.join(" ", flagged).contains("GEMINI_AUTH to an access token"), flagged::toString);
    }

    @Test
    void schemaReportsEveryProblemOfADocument() {
        Fixture f = Fixture.good();
        set(f.deployment(), C0 + "imagee", "x");
        set(f.deployment(), "spec.replicas", "two");
        remove(f.deployment(), C0 + "name");
        f.get("Deployment", "demo").labels().put("app.kubernetes.io/version", 1.0);
        set(f.deployment(), C0 + "resources.limits.memory", "512MB");
        List<String> schema = f.findings(false).stream().filter(x -> x.ruleId().equals(SchemaValidator.SCHEMA)).map(Finding::message).toList();
        assertEquals(5, schema.size(), () -> String.join("\n", schema));
        assertTrue(schema.stream().anyMatch(m -> m.contains("resources.limits.memory") && m.contains("512MB")), schema::toString);
        assertTrue(schema.contains("unknown field spec.template.spec.containers[0].imagee: not defined in V1Container"), schema::toString);
        assertTrue(schema.contains("missing required field spec.template.spec.containers[0].name (V1Container)"), schema::toString);
        assertTrue(schema.stream().anyMatch(m -> m.startsWith("spec.replicas must be an integer")), schema::toString);
        assertTrue(schema.stream().anyMatch(m -> m.startsWith("metadata.labels.app.kubernetes.io/version must be a string")), schema::toString);
    }

    @Test
    void removedApiNamesItsReplacement() {
        Fixture f = Fixture.good();
        set(f.get("PodDisruptionBudget", "demo").body(), "apiVersion", "policy/v1beta1");
        Finding removed = f.findings(false).stream().filter(x -> x.ruleId().equals(SchemaValidator.REMOVED_API)).findFirst().orElseThrow();
        assertEquals("policy/v1beta1 PodDisruptionBudget was removed in Kubernetes 1.25 (target 1.32.0): use policy/v1", removed.message());
        assertEquals(Severity.ERROR, removed.severity());
    }

    /**
     * The models are Kubernetes 1.32's: a field or kind that arrived later than the target, which its API server does
     * not know, is an error at that target and not from its version on; a field whose gate the target leaves off by
     * default is a warning there (pod-level resources in 1.32, trafficDistribution in 1.30 but not in 1.31).
     */
    @Test
    void whatTheTargetsApiServerDoesNotHaveIsSaid() {
        Fixture f = Fixture.good();
        set(f.deployment(), "spec.template.spec.resources", Map.of("requests", Map.of("cpu", "100m")));
        set(f.get("Service", "demo").body(), "spec.trafficDistribution", "PreferClose");
        f.add("apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata: {name: demo}\n"
                + "spec: {validations: [{expression: 'true'}]}\n");
        Map<String, List<String>> at129 = byRule(f, "1.29.0");
        assertEquals(List.of("admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy arrived in Kubernetes 1.30: the API "
                + "server of the target 1.29.0 does not serve it"), at129.get(SchemaValidator.UNKNOWN_KIND));
        assertTrue(at129.get(SchemaValidator.SCHEMA).containsAll(List.of("field spec.template.spec.resources arrived in "
                + "Kubernetes 1.32: the API server of the target 1.29 does not know it (it refuses the object under strict "
                + "field validation, and drops the field otherwise)", "field spec.trafficDistribution arrived in Kubernetes "
                + "1.30: the API server of the target 1.29 does not know it (it refuses the object under strict field "
                + "validation, and drops the field otherwise)")), at129.toString());
        Map<String, List<String>> at130 = byRule(f, "1.30.0");
        assertEquals(List.of("spec.trafficDistribution (V1ServiceSpec) is behind a feature gate that Kubernetes 1.30 leaves off "
                + "by default: the API server drops it unless the cluster turns the gate on"), at130.get(SchemaValidator.GATED_FIELD));
        assertEquals(null, byRule(f, "1.31.0").get(SchemaValidator.GATED_FIELD), "its gate is on from 1.31");
        assertEquals(null, at130.get(SchemaValidator.UNKNOWN_KIND));
        Map<String, List<String>> at132 = byRule(f, "1.32.0");
        assertEquals(null, at132.get(SchemaValidator.SCHEMA), at132.toString());
        assertEquals(List.of("spec.template.spec.resources (V1PodSpec) is behind a feature gate that Kubernetes 1.32 leaves "
                + "off by default: the API server drops it unless the cluster turns the gate on"),
                at132.get(SchemaValidator.GATED_FIELD), at132.toString());
    }

    /** The schema findings of the fixture's objects at a target version, their messages by rule. */
    private static Map<String, List<String>> byRule(Fixture f, String kubeVersion) {
        SchemaValidator schema = new SchemaValidator(kubeVersion, CrdSchemas.from(f.manifests));
        Map<String, List<String>> found = new java.util.TreeMap<>();
        f.manifests.forEach(m -> schema.validate(m).forEach(x -> found.computeIfAbsent(x.ruleId(), r -> new ArrayList<>())
                .add(x.message())));
        return found;
    }

    @Test
    void aCustomResourceIsValidatedAgainstItsRenderedCrd() {
        Fixture f = Fixture.good().add(Fixture.resource("/verify/crd.yaml"));
        List<Finding> findings = f.findings(false).stream().filter(x -> x.kind().equals("Widget") && x.severity() != Severity.INFO).toList();
        assertEquals(1, findings.size(), () -> lines(findings));
        assertEquals(SchemaValidator.SCHEMA, findings.get(0).ruleId());
        assertTrue(findings.get(0).message().contains("colour"), findings.get(0).message());
    }

    @Test
    void aNamespaceBelowRestrictedExemptsRestrictedRulesWithItsReason() {
        Fixture f = Fixture.good();
        Map<String, Object> ns = f.get("Namespace", "demo-ns").body();
        f.get("Namespace", "demo-ns").labels().put("pod-security.kubernetes.io/enforce", "baseline");
        set(ns, "metadata.annotations", new java.util.LinkedHashMap<>(Map.of(PolicyChecker.PSS_REASON, "promtail reads /var/log")));
        remove(f.deployment(), C0 + "securityContext.allowPrivilegeEscalation");
        set(f.deployment(), C0 + "securityContext.privileged", true);
        List<Finding> findings = f.findings(false);
        Finding exempted = findings.stream().filter(x -> x.ruleId().equals(PodSecurity.PRIVILEGE_ESCALATION)).findFirst().orElseThrow();
        assertEquals(Severity.INFO, exempted.severity());
        assertTrue(exempted.message().contains("promtail reads /var/log"), exempted.message());
        // baseline still forbids privileged
        assertTrue(findings.stream().anyMatch(x -> x.ruleId().equals(PodSecurity.PRIVILEGED) && x.severity() == Severity.ERROR));
    }

    @Test
    void aDeclaredNamespaceTheReleaseDoesNotRenderExemptsWithItsLevel() {
        Fixture f = Fixture.good().remove("Namespace", "demo-ns");
        remove(f.deployment(), C0 + "securityContext.allowPrivilegeEscalation");
        PolicyChecker.Release release = new PolicyChecker.Release("rel", "demo-ns", false, PolicyChecker.DEFAULT_KUBE_VERSION,
                Map.of("demo-ns", new PolicyChecker.NamespaceLevel("baseline", "made by the operator")), false);
        Finding exempted = PolicyChecker.check(release, f.manifests).stream()
                .filter(x -> x.ruleId().equals(PodSecurity.PRIVILEGE_ESCALATION)).findFirst().orElseThrow();
        assertEquals(Severity.INFO, exempted.severity());
        assertTrue(exempted.message().contains("made by the operator"), exempted.message());
        // not declared: restricted, an error
        assertTrue(PolicyChecker.check(new PolicyChecker.Release("rel", "demo-ns", false), f.manifests).stream()
                .anyMatch(x -> x.ruleId().equals(PodSecurity.PRIVILEGE_ESCALATION) && x.severity() == Severity.ERROR));
    }

    /** A ServiceAccount the operator makes (a cloud's workload identity, eksctl's for IRSA) is no missing account. */
    @Test
    void anOperatorMadeServiceAccountIsNoMissingOne() {
        Fixture f = Fixture.good().remove("ServiceAccount", "demo");
        Finding missing = PolicyChecker.check(new PolicyChecker.Release("rel", "demo-ns", false), f.manifests).stream()
                .filter(x -> x.ruleId().equals(PolicyChecker.SERVICE_ACCOUNT)).findFirst().orElseThrow();
        assertTrue(missing.message().contains("ServiceAccount demo is not rendered in namespace demo-ns"), missing.message());
        PolicyChecker.Release made = new PolicyChecker.Release("rel", "demo-ns", false, PolicyChecker.DEFAULT_KUBE_VERSION,
                Map.of(), false, java.util.Set.of("ServiceAccount/demo-ns/demo"));
        assertEquals(List.of(), PolicyChecker.check(made, f.manifests).stream()
                .filter(x -> x.ruleId().equals(PolicyChecker.SERVICE_ACCOUNT)).map(Finding::line).toList());
    }

    @Test
    void theChartVersionInAHookJobOrInABarePodIsNoFinding() {
        String pod = "      restartPolicy: Never\n      containers: [{name: m, image: 'busybox:1.36'}]";
        Fixture f = Fixture.good()
                .add(labelled("batch/v1", "Job", "init", "  annotations: {helm.sh/hook: post-install, helm.sh/hook-delete-policy: "
                        + "before-hook-creation}\nspec:\n  template:\n    metadata:\n      labels: {helm.sh/chart: demo-0.1.0}\n"
                        + "    spec:\n" + pod))
                .add(labelled("v1", "Pod", "probe", "spec:\n  restartPolicy: Never\n  containers: [{name: m, image: 'busybox:1.36'}]"));
        List<Finding> found = f.findings(false).stream().filter(x -> x.ruleId().equals(PolicyChecker.POD_CHART_VERSION)
                || x.ruleId().equals(PolicyChecker.JOB_TEMPLATE)).toList();
        assertEquals(List.of(), found.stream().map(Finding::line).toList());
    }

    @Test
    void aReleaseWithoutAnyNetworkPolicySaysSoOnce() {
        Fixture f = Fixture.good().remove("NetworkPolicy", "demo").remove("NetworkPolicy", "default-deny");
        assertTrue(f.manifests.stream().noneMatch(m -> m.kind().equals("NetworkPolicy")), "the fixture has other policies");
        List<Finding> found = f.findings(false).stream().filter(x -> x.ruleId().equals(PolicyChecker.NETWORK_POLICY)).toList();
        assertEquals(1, found.size(), found::toString);
        assertTrue(found.get(0).message().contains("the release renders no NetworkPolicy at all"), found.get(0).message());
    }

    @Test
    void aSubchartAloneLeavesItsNamespacesDefaultDenyToItsUmbrellaButNotItsOwnPolicies() {
        PolicyChecker.Release alone = new PolicyChecker.Release("rel", "demo-ns", false, PolicyChecker.DEFAULT_KUBE_VERSION,
                Map.of(), true);
        Fixture noDefaultDeny = Fixture.good().remove("NetworkPolicy", "default-deny");
        assertEquals(List.of(), PolicyChecker.check(alone, noDefaultDeny.manifests).stream()
                .filter(x -> x.ruleId().equals(PolicyChecker.NETWORK_POLICY)).toList());
        Fixture noOwnPolicy = Fixture.good().remove("NetworkPolicy", "demo");
        List<Finding> found = PolicyChecker.check(alone, noOwnPolicy.manifests).stream()
                .filter(x -> x.ruleId().equals(PolicyChecker.NETWORK_POLICY)).toList();
        assertTrue(found.stream().anyMatch(x -> x.message().contains("no NetworkPolicy with a podSelector allows traffic")),
                found::toString);
    }

    @Test
    void aWorkloadExemptionWithAReasonTurnsTheRuleIntoInfo() {
        Fixture f = Fixture.good();
        set(f.deployment(), "metadata.annotations", new java.util.LinkedHashMap<>(Map.of(
                PolicyChecker.EXEMPT, "read-only-root-fs", PolicyChecker.EXEMPT_REASON, "the JVM writes its CDS archive")));
        set(f.deployment(), C0 + "securityContext.readOnlyRootFilesystem", false);
        Finding finding = f.findings(false).stream().filter(x -> x.ruleId().equals(PolicyChecker.READ_ONLY_ROOT_FS)).findFirst().orElseThrow();
        assertEquals(Severity.INFO, finding.severity());
        assertTrue(finding.message().contains("the JVM writes its CDS archive"));
    }

    /** The annotation exempts an object from the other checks' rules too (platform verification, schema), as the pom does. */
    @Test
    void theAnnotationExemptsFindingsOfTheOtherChecks() {
        List<Manifest> manifests = new ManifestParser().parse("""
                ---
                # Source: demo/templates/service.yaml
                apiVersion: v1
                kind: Service
                metadata:
                  name: legacy
                  namespace: ghost
                  annotations:
                    neotool.io/lint-exempt: "service-selector, install-namespace"
                    neotool.io/lint-exempt-reason: "the operator makes namespace ghost"
                spec:
                  ports: [{port: 80}]
                """).manifests();
        Finding install = new Finding(InstallSimulation.INSTALL_NAMESPACE, Severity.ERROR, "demo", "templates/service.yaml",
                "Service", "legacy", "namespace ghost is neither rendered nor declared", "", Set.of("env"));
        Finding other = new Finding(InstallSimulation.INSTALL_NAMESPACE, Severity.ERROR, "demo", "templates/service.yaml",
                "Service", "other", "namespace ghost is neither rendered nor declared", "", Set.of("env"));
        List<Finding> out = PolicyChecker.exemptAnnotated(List.of(install, other), manifests);
        assertEquals("exempted (neotool.io/lint-exempt: the operator makes namespace ghost): namespace ghost is neither "
                + "rendered nor declared", out.get(0).message());
        assertTrue(out.get(0).isExemption());
        assertEquals(other, out.get(1), "another object is not exempted");
    }

    /** A rule whose own severity is info is exempted too: the pom may raise the rule, never the exempted object. */
    @Test
    void anInfoRuleIsExemptedByTheAnnotationToo() {
        Fixture f = Fixture.good();
        set(f.deployment(), "metadata.annotations", new java.util.LinkedHashMap<>(Map.of(
                PolicyChecker.EXEMPT, PolicyChecker.INSTANCE_LABEL, PolicyChecker.EXEMPT_REASON, "one release per team")));
        Finding finding = f.findings(false).stream().filter(x -> x.ruleId().equals(PolicyChecker.INSTANCE_LABEL)).findFirst().orElseThrow();
        assertTrue(finding.isExemption(), finding.message());
        Finding raised = LintConfig.of(Map.of(PolicyChecker.INSTANCE_LABEL, "error"), List.of(), Map.of())
                .apply(List.of(finding)).get(0);
        assertEquals(Severity.INFO, raised.severity());
    }

    @Test
    void contestedInstanceLabelIsInfoAndOnlyWhenItDiffersFromTheName() {
        Fixture f = Fixture.good();
        Finding info = f.findings(false).stream().filter(x -> x.ruleId().equals(PolicyChecker.INSTANCE_LABEL)).findFirst().orElseThrow();
        assertEquals(Severity.INFO, info.severity());
        assertEquals("Deployment/demo", info.resource());
        List<Finding> sameName = PolicyChecker.check(new PolicyChecker.Release("demo", "demo-ns", false), relabel(f.manifests, "demo"));
        assertTrue(sameName.stream().noneMatch(x -> x.ruleId().equals(PolicyChecker.INSTANCE_LABEL)), () -> lines(sameName));
    }

    private static List<Manifest> relabel(List<Manifest> manifests, String instance) {
        for (Manifest m : manifests) {
            m.labels().put("app.kubernetes.io/instance", instance);
        }
        return manifests;
    }

    private static String lines(List<Finding> findings) {
        return findings.stream().map(f -> f.severity() + " " + f.line()).collect(Collectors.joining("\n"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> labels(Map<String, Object> body, String path) {
        return (Map<String, Object>) YamlTree.get(body, path);
    }

    private static String labelled(String apiVersion, String kind, String name, String rest) {
        return "---\n# Source: demo/templates/extra.yaml\napiVersion: " + apiVersion + "\nkind: " + kind + "\nmetadata:\n  name: " + name
                + "\n  namespace: demo-ns\n  labels:\n    app.kubernetes.io/name: demo\n    app.kubernetes.io/instance: rel\n"
                + "    app.kubernetes.io/version: '1.0.0'\n    app.kubernetes.io/component: api\n    app.kubernetes.io/part-of: neotool\n"
                + "    app.kubernetes.io/managed-by: Helm\n    helm.sh/chart: demo-0.1.0\n" + rest + "\n";
    }

    private static String configMap(String entry) {
        return labelled("v1", "ConfigMap", "cfg", "data:\n  " + entry);
    }

    private static String role(String verbs, String resources) {
        return labelled("rbac.authorization.k8s.io/v1", "Role", "demo", "rules:\n  - apiGroups: ['']\n    resources: " + resources
                + "\n    verbs: " + verbs);
    }

    private static String hpa(String target, int min, int max) {
        return labelled("autoscaling/v2", "HorizontalPodAutoscaler", "demo", "spec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: "
                + target + "}\n  minReplicas: " + min + "\n  maxReplicas: " + max);
    }

    private static String statefulSet(String serviceName) {
        return labelled("apps/v1", "StatefulSet", "db", "spec:\n  serviceName: " + serviceName
                + "\n  selector: {matchLabels: {app.kubernetes.io/name: db}}\n  template:\n    metadata: {labels: {app.kubernetes.io/name: db}}\n"
                + "    spec:\n      containers: [{name: db, image: 'postgres:18rc1'}]");
    }
}
