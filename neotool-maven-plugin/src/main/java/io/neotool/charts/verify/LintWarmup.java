package io.neotool.charts.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The first lint in a JVM waits for Helm's native library (extracted and loaded on the first Helm call) before it can
 * render anything. Meanwhile this runs the checks an environment runs after its render (parse, Kubernetes schema, policy
 * rules) once on a small built-in release, on a thread of its own, so that SnakeYAML, the Kubernetes models and the
 * rules' classes are loaded and their code compiled while the other core inflates the library, instead of after it.
 * What it finds is thrown away; it never fails, and it runs at most once per JVM.
 */
final class LintWarmup {
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    /** A Deployment, Service, NetworkPolicy and ServiceAccount, as Helm renders them. */
    private static final String RELEASE = """
            ---
            # Source: warmup/templates/serviceaccount.yaml
            apiVersion: v1
            kind: ServiceAccount
            metadata:
              name: app
              labels:
                app.kubernetes.io/name: app
            automountServiceAccountToken: false
            ---
            # Source: warmup/templates/service.yaml
            apiVersion: v1
            kind: Service
            metadata:
              name: app
              labels:
                app.kubernetes.io/name: app
            spec:
              selector:
                app.kubernetes.io/name: app
              ports:
                - name: http
                  port: 80
                  targetPort: http
            ---
            # Source: warmup/templates/networkpolicy.yaml
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: app
            spec:
              podSelector:
                matchLabels:
                  app.kubernetes.io/name: app
              policyTypes: [Ingress]
              ingress:
                - ports:
                    - port: 8080
                      protocol: TCP
            ---
            # Source: warmup/templates/deployment.yaml
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: app
              labels:
                app.kubernetes.io/name: app
            spec:
              replicas: 2
              selector:
                matchLabels:
                  app.kubernetes.io/name: app
              template:
                metadata:
                  labels:
                    app.kubernetes.io/name: app
                spec:
                  serviceAccountName: app
                  securityContext:
                    runAsNonRoot: true
                    seccompProfile:
                      type: RuntimeDefault
                  containers:
                    - name: app
                      image: "registry.example/app:1.0.0"
                      ports:
                        - name: http
                          containerPort: 8080
                      env:
                        - name: PORT
                          value: "8080"
                      resources:
                        requests: {cpu: 100m, memory: 128Mi}
                        limits: {cpu: 500m, memory: 256Mi}
                      readinessProbe:
                        httpGet: {path: /ready, port: http}
                      livenessProbe:
                        httpGet: {path: /live, port: http}
                      securityContext:
                        allowPrivilegeEscalation: false
                        readOnlyRootFilesystem: true
                        capabilities:
                          drop: [ALL]
            """;

    private LintWarmup() {}

    /** Starts the warm-up on a daemon thread, the first time in this JVM only. */
    static void start(String kubeVersion) {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(() -> run(kubeVersion), "neotool-lint-warmup");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    private static void run(String kubeVersion) {
        try {
            check(kubeVersion);
        } catch (RuntimeException | LinkageError e) {
            // only a warm-up: the lint itself meets and reports whatever went wrong here
        }
    }

    /** The checks of one environment on the built-in release, with what they find. */
    static List<Finding> check(String kubeVersion) {
        ManifestParser.Parsed parsed = new ManifestParser().parse(RELEASE);
        SchemaValidator validator = new SchemaValidator(kubeVersion, CrdSchemas.from(parsed.manifests()));
        List<Finding> found = new ArrayList<>(parsed.problems());
        for (Manifest m : parsed.manifests()) {
            found.addAll(validator.validate(m));
        }
        found.addAll(PolicyChecker.check(new PolicyChecker.Release("warmup", "default", false, kubeVersion, Map.of(), false), parsed.manifests()));
        return found;
    }
}
