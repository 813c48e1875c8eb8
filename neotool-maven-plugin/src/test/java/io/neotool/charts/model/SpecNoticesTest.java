package io.neotool.charts.model;

import static io.neotool.charts.TestSpecs.PROD;
import static io.neotool.charts.TestSpecs.SERVICE;
import static io.neotool.charts.TestSpecs.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notices generate gives for a valid spec: replicas that autoscaling leaves unused, at the line that writes them. */
class SpecNoticesTest {
    @TempDir
    Path dir;

    private static final String AUTOSCALED = "    autoscaling: {enabled: true, minReplicas: 2, maxReplicas: 5}\n";
    /** A composed supergraph of app alone, as one line of YAML. */
    private static final String COMPOSED = "'enum join__Graph { APP @join__graph(name: \"app\", url: \"http://app:8080/graphql\") } "
            + "type Query { a: String }'";
    private static final String ROUTER = """
            router:
              enabled: %s
              supergraph: {schema: COMPOSED}
              replicas: 1
              autoscaling: {enabled: true, minReplicas: 2, maxReplicas: 6}
            """.replace("COMPOSED", COMPOSED);

    /** Each notice as path @ line: message. */
    private List<String> notices(String yaml) throws IOException {
        return load(dir, yaml).notices().stream().map(n -> n.path() + " @" + n.line() + ": " + n.message()).toList();
    }

    /** The 1-based line of the first line of {@code yaml} that holds {@code text} after {@code after}. */
    private static int lineOf(String yaml, String after, String text) {
        List<String> lines = yaml.lines().toList();
        int from = lines.indexOf(lines.stream().filter(l -> l.contains(after)).findFirst().orElseThrow());
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + yaml);
    }

    @Test
    void replicasBesideAutoscalingThatIsOnWhereverTheyApplyAreSaidUnusedAtTheirLine() throws IOException {
        String alone = SERVICE + "    replicas: 3\n" + AUTOSCALED;
        assertEquals(List.of("services.app.replicas @" + lineOf(alone, "app:", "replicas: 3") + ": 3 is not used: autoscaling "
                + "is on, so the HorizontalPodAutoscaler keeps 2 to 5 pods. Remove it: the autoscaler's minReplicas is the "
                + "fewest pods."), notices(alone));
        assertEquals(List.of("services.app.replicas"), paths(alone + "environments:\n  dev: {}\n"));
        // each environment's own range, where they differ
        String ranges = alone + PROD + """
                    services:
                      app:
                        autoscaling: {enabled: true, minReplicas: 3, maxReplicas: 12}
                """;
        assertEquals(List.of("services.app.replicas @" + lineOf(ranges, "app:", "replicas: 3") + ": 3 is not used: autoscaling "
                + "is on wherever it applies, so the HorizontalPodAutoscaler keeps 2 to 5 in the base, 3 to 12 in prod. Remove "
                + "it: the autoscaler's minReplicas is the fewest pods."), notices(ranges));
        // the router and web have both too, found by type; a value equal to the default is still the spec's
        assertEquals(List.of("router.replicas"), paths(SERVICE + ROUTER.formatted(true)));
    }

    @Test
    void replicasAnEnvironmentUsesAreNotSaid() throws IOException {
        // autoscaling only in prod: the base's replicas are dev's
        assertEquals(List.of(), notices(SERVICE + "    replicas: 3\n" + PROD + """
                    services:
                      app:
                        autoscaling: {enabled: true, minReplicas: 2, maxReplicas: 5}
                """));
        // autoscaling everywhere but dev
        assertEquals(List.of(), notices(SERVICE + "    replicas: 3\n" + AUTOSCALED + """
                environments:
                  dev:
                    services:
                      app:
                        autoscaling: {enabled: false}
                """));
        // replicas the spec does not write are no choice of its
        assertEquals(List.of(), notices(SERVICE + AUTOSCALED));
    }

    @Test
    void replicasAnEnvironmentWritesBesideItsAutoscalingAreSaidAtItsLine() throws IOException {
        for (String replicas : List.of("4", "3")) { // another value, or the base's written again
            String yaml = SERVICE + "    replicas: 3\n" + PROD + """
                        services:
                          app:
                            replicas: %s
                            autoscaling: {enabled: true, minReplicas: 2, maxReplicas: 5}
                    """.formatted(replicas);
            assertEquals(List.of("environments.prod: services.app.replicas @" + lineOf(yaml, "environments:", "replicas: ")
                    + ": " + replicas + " is not used: autoscaling is on in prod, so the HorizontalPodAutoscaler keeps 2 to 5 "
                    + "pods. Remove it: the autoscaler's minReplicas is the fewest pods."), notices(yaml));
        }
    }

    @Test
    void aComponentTheBaseLeavesOffIsSaidWhereAnEnvironmentRunsIt() throws IOException {
        String base = SERVICE + ROUTER.formatted(false) + "environments:\n  dev:\n    router: {enabled: true}\n";
        assertEquals(List.of("router.replicas @" + lineOf(base, "router:", "replicas: 1")), notices(base).stream()
                .map(n -> n.substring(0, n.indexOf(':'))).toList());
        String own = SERVICE + """
                router:
                  enabled: false
                  supergraph: {schema: COMPOSED}
                environments:
                  dev:
                    router:
                      enabled: true
                      replicas: 3
                      autoscaling: {enabled: true, minReplicas: 2, maxReplicas: 6}
                """.replace("COMPOSED", COMPOSED);
        assertEquals(List.of("environments.dev: router.replicas"), paths(own));
    }

    /**
     * A router schema that composes no subgraph is a subgraph's own schema or not a schema at all: Apollo Router refuses
     * it when it starts. Said once at its line, also where only an environment runs the router.
     */
    @Test
    void aRouterSchemaThatNamesNoSubgraphIsSaidAtItsLine() throws IOException {
        String subgraphs = SERVICE + """
                router:
                  enabled: true
                  supergraph:
                    schema: "type Query { a: String }"
                environments:
                  dev: {}
                """;
        List<String> said = notices(subgraphs);
        assertEquals(1, said.size(), said.toString());
        assertTrue(said.get(0).startsWith("router.supergraph.schema @" + lineOf(subgraphs, "router:", "schema:") + ": names no "
                + "subgraph (no @join__graph)"), said.get(0));
        assertTrue(said.get(0).contains("rover supergraph compose"), said.get(0));
        String onlyDev = SERVICE + """
                router:
                  enabled: false
                  supergraph: {schema: "type Query { a: String }"}
                environments:
                  dev:
                    router: {enabled: true}
                """;
        assertEquals(List.of("environments.dev: router.supergraph.schema"), paths(onlyDev));
        assertEquals(List.of(), paths(SERVICE + ROUTER.formatted(true).replace("  replicas: 1\n", "")
                .replace("autoscaling: {enabled: true, minReplicas: 2, maxReplicas: 6}", "autoscaling: {enabled: false}")));
    }

    /** Valid, and a service whose own policy is off reaches nothing under its namespace's default-deny: said at its line. */
    @Test
    void aServiceWhosePolicyIsOffInADefaultDenyNamespaceIsSaid() throws IOException {
        String off = SERVICE + "    networkPolicy: {enabled: false}\n";
        List<String> said = notices(off);
        assertEquals(1, said.size(), said.toString());
        assertTrue(said.get(0).startsWith("services.app.networkPolicy.enabled @4: false leaves the pods of app under the "
                + "default-deny of namespace neotool-app, reaching DNS alone"), said.get(0));
        assertEquals(List.of(), paths(off + "global: {networkPolicy: {enabled: false}}\n"), "no policies at all: no default-deny");
    }

    /**
     * replicas 0 with autoscaling off is how an environment leaves a service out; said where something calls it, since
     * every such call then fails.
     */
    @Test
    void aServiceWithNoPodThatIsCalledIsSaidWithItsCallers() throws IOException {
        String called = SERVICE + """
                    replicas: 0
                  orders:
                    image: {repository: neotool-orders, tag: "1.0.0"}
                    calls: [app]
                """;
        assertEquals(List.of("services.app.replicas @" + lineOf(called, "app:", "replicas: 0") + ": 0 runs no pod of app "
                + "(autoscaling is off): its Service has no endpoints, so every call to it from orders fails. Give it at "
                + "least 1, or take app out of their calls (and the router's subgraphs)"), notices(called));
        assertEquals(List.of(), notices(called.replace("    calls: [app]\n", "")), "nothing calls it");
        // its own Ingress's clients call it too
        String served = called.replace("    calls: [app]\n", "").replace("    replicas: 0\n",
                "    replicas: 0\n    ingress: {enabled: true, hosts: [{host: api.example.com}]}\n");
        assertTrue(notices(served).get(0).contains("so every call to it from its own Ingress's clients fails. Give it at "
                + "least 1, or take app out of their calls (and the router's subgraphs; turn its ingress off)"),
                notices(served)::toString);
        assertEquals(List.of(), paths(called.replace("    replicas: 0\n", "    replicas: 0\n" + AUTOSCALED))
                .stream().filter(p -> !p.equals("services.app.replicas")).toList(), "the autoscaler's minReplicas runs it");
        // only prod leaves it out: said at prod's line, the router among the callers when it serves app
        String prodOnly = SERVICE + ROUTER.formatted(true) + PROD + """
                    services:
                      app: {replicas: 0}
                """;
        List<String> said = notices(prodOnly);
        assertTrue(said.contains("environments.prod: services.app.replicas @" + lineOf(prodOnly, "prod:", "replicas: 0")
                + ": 0 runs no pod of app in prod (autoscaling is off): its Service has no endpoints, so every call to it "
                + "from router fails. Give it at least 1, or take app out of their calls (and the router's subgraphs)"),
                said.toString());
    }

    /**
     * An Ingress of a cloud load balancer's class (the cloud provider's, or written) whose ingress controller is pods
     * alone: the load balancer sends straight to the pods, from ranges no policy admits. Said at the Ingress's line, with
     * what to set; not once cidrs are given, nor without policies, nor for another class.
     */
    @Test
    void anIngressOfACloudLoadBalancerThePoliciesShutOutIsSaid() throws IOException {
        String alb = SERVICE + "    ingress: {enabled: true, hosts: [{host: api.example.com}]}\nglobal: {cloudProvider: aws}\n";
        assertEquals(List.of("services.app.ingress @" + lineOf(alb, "app:", "ingress:") + ": IngressClass alb "
                + "(global.cloudProvider aws): the AWS Load Balancer Controller's ALB sends to the pods from its subnets "
                + "(target-type ip, the one a ClusterIP Service takes); set networkPolicy.ingressController.cidrs to those "
                + "subnets' ranges (docs/edge.md, \"Cloud load balancers\"). The NetworkPolicies now admit only the pods "
                + "kube-system/traefik as the ingress controller, so its traffic would not reach the pods"), notices(alb));
        assertEquals(List.of(), notices(alb + "networkPolicy: {ingressController: {app: \"\", cidrs: [10.0.0.0/19]}}\n"));
        assertEquals(List.of(), notices(alb.replace("global: {cloudProvider: aws}",
                "global: {cloudProvider: aws, networkPolicy: {enabled: false}}")), "no policies: nothing shut out");
        assertEquals(List.of(), notices(alb.replace("enabled: true,", "enabled: true, className: nginx,")));
        String gke = alb.replace("cloudProvider: aws", "cloudProvider: gcp");
        assertTrue(notices(gke).get(0).contains("IngressClass gce (global.cloudProvider gcp): GKE's load balancers send to "
                + "the pods from Google's proxies and health checks; set networkPolicy.ingressController.cidrs: "
                + "[35.191.0.0/16, 130.211.0.0/22]"), notices(gke)::toString);
    }

    /**
     * A ServiceMonitor that no Prometheus may follow (the observability chart's off, no other named): said at the line
     * that turns it on; not once the cluster's Prometheus is named, nor with the built-in one.
     */
    @Test
    void aServiceMonitorNoPrometheusMayReachIsSaid() throws IOException {
        String monitored = SERVICE + "    serviceMonitor: {enabled: true}\nobservability: {enabled: false}\n";
        List<String> said = notices(monitored);
        assertEquals(1, said.size(), said::toString);
        assertTrue(said.get(0).startsWith("services.app.serviceMonitor.enabled @" + lineOf(monitored, "app:", "serviceMonitor")
                + ": true renders a ServiceMonitor, but no Prometheus may reach app: the observability chart's is off"),
                said.get(0));
        assertEquals(List.of(), notices(monitored + "networkPolicy: {metricsScraper: {namespace: monitoring, app: prometheus}}\n"));
        assertEquals(List.of(), notices(SERVICE + "    serviceMonitor: {enabled: true}\n"), "the built-in Prometheus");
    }

    /**
     * PostgreSQL told to take more server connections than its memory limit holds beside shared_buffers (about 2 MiB
     * each): said at the line of connections.max, with the room left and the limit that would hold them; a
     * shared_buffers of the spec's parameters counts instead of a quarter of the limit.
     */
    @Test
    void moreServerConnectionsThanPostgresMemoryHoldsAreSaid() throws IOException {
        String many = SERVICE + """
                postgres:
                  connections: {max: 1000}
                  resources: {requests: {cpu: 250m, memory: 1Gi}, limits: {cpu: "1", memory: 1Gi}}
                """;
        List<String> said = notices(many).stream().filter(n -> n.startsWith("postgres.")).toList();
        assertEquals(List.of("postgres.connections.max @" + lineOf(many, "postgres:", "connections") + ": 1000 server "
                + "connections hold about 2000 MiB beside shared_buffers (256 MiB), over PostgreSQL's memory limit 1Gi, "
                + "which leaves room for about 384 (each connection's process and shared memory, about 2 MiB before any "
                + "query's work_mem): once PgBouncer keeps that many open, the kernel kills a backend and PostgreSQL ends "
                + "every connection to recover. Cap each database's server connections (postgres.pgbouncer.maxDbConnections, "
                + "then lower connections.max to the budget), or raise postgres.resources.limits.memory to at least 2256Mi"),
                said);
        assertEquals(List.of(), notices(many.replace("max: 1000", "max: 300")).stream().filter(n -> n.startsWith("postgres.")).toList());
        String buffers = many.replace("max: 1000", "max: 300") + "  parameters: {shared_buffers: 512MB}\n";
        assertTrue(notices(buffers).stream().anyMatch(n -> n.startsWith("postgres.connections.max @") && n.contains(
                "300 server connections hold about 600 MiB beside shared_buffers (512 MiB)")), notices(buffers)::toString);
    }

    /**
     * MinIO turned on with nothing to serve: said at the line that turns it on, for an environment whose object storage
     * is another provider's too; not once something stores in it, nor where the environment turns it off.
     */
    @Test
    void minioWithNothingToServeIsSaid() throws IOException {
        String idle = SERVICE + "minio: {enabled: true}\nglobal: {objectStorage: {provider: minio}}\n";
        List<String> said = notices(idle);
        assertEquals(1, said.size(), said::toString);
        assertTrue(said.get(0).startsWith("minio.enabled @" + lineOf(idle, "minio:", "enabled") + ": true runs MinIO with "
                + "nothing to serve (its pods are reached by nothing): nothing uses object storage"), said.get(0));
        assertEquals(List.of(), notices(idle.replace("tag: \"1.0.0\"}", "tag: \"1.0.0\"}\n    networkPolicy: {objectStorage: {enabled: true}}")));
        String elsewhere = SERVICE + """
                    networkPolicy: {objectStorage: {enabled: true}}
                minio: {enabled: true}
                global: {objectStorage: {provider: minio}}
                environments:
                  qa:
                    global: {environment: dev, objectStorage: {provider: r2, secretName: object-storage}}
                """;
        List<String> prod = notices(elsewhere);
        assertEquals(1, prod.size(), prod::toString);
        assertTrue(prod.get(0).startsWith("environments.qa: minio.enabled @" + lineOf(elsewhere, "minio:", "enabled")
                + ": true runs MinIO with nothing to serve (its pods are reached by nothing): "
                + "global.objectStorage.provider is r2, so nothing in qa stores in it. Set minio.enabled: false in qa"),
                prod.get(0));
        assertEquals(List.of(), notices(elsewhere + "    minio: {enabled: false}\n"));
    }

    /**
     * A platform of its own prefix that keeps the plan's backup bucket written would share it with Neotool's in one
     * object storage account (R2 here): said at the bucket's line; not once the bucket is its own, nor for the plan's
     * prefix, nor on MinIO, each platform's own.
     */
    @Test
    void thePlansBucketUnderAnotherPrefixIsSaid() throws IOException {
        String copied = "chart: {namespacePrefix: shop}\n" + SERVICE
                + "postgres: {databases: {app: {owner: app}}, backup: {enabled: true, bucket: neotool-backups}}\n"
                + "global: {objectStorage: {provider: r2, secretName: object-storage}}\n";
        List<String> said = notices(copied);
        assertEquals(1, said.size(), said::toString);
        assertTrue(said.get(0).startsWith("postgres.backup.bucket @" + lineOf(copied, "postgres:", "bucket") + ": 'neotool-backups' "
                + "is the neotool platform's bucket, while chart.namespacePrefix is shop"), said.get(0));
        assertTrue(said.get(0).contains("(e.g. shop-backups)"), said.get(0));
        assertEquals(List.of(), notices(copied.replace("neotool-backups", "shop-backups")));
        assertEquals(List.of(), notices(copied.replace("chart: {namespacePrefix: shop}\n", "")));
        assertEquals(List.of(), notices(copied.replace("{provider: r2, secretName: object-storage}", "{provider: minio}")
                + "minio: {enabled: true, buckets: [neotool-backups]}\n"));
    }

    /** global.lookup false turns off the reinstall's read-back of the kept Secrets: said at its line. */
    @Test
    void lookupTurnedOffIsSaid() throws IOException {
        String off = SERVICE + "global: {lookup: false}\n";
        List<String> said = notices(off);
        assertEquals(1, said.size(), said.toString());
        assertTrue(said.get(0).startsWith("global.lookup @" + lineOf(off, "global:", "lookup") + ": false makes a "
                + "reinstall over the Secrets an uninstall kept (postgres, minio) write new passwords"), said.get(0));
        assertEquals(List.of(), notices(SERVICE + "global: {lookup: true}\n"));
        assertEquals(List.of("environments.dev: global.lookup"), paths(SERVICE + """
                environments:
                  dev:
                    global: {lookup: false}
                """));
    }

    /**
     * A component off by default whose settings the spec writes, with enabled written nowhere: nothing of it deploys, so
     * said at the first setting. Not when an environment runs it, nor when the spec turns it off itself.
     */
    @Test
    void aComponentSetUpButNeverEnabledIsSaid() throws IOException {
        String written = SERVICE + "router:\n  supergraph: {urls: [https://schemas.example.com/supergraph.graphql]}\n"
                + "  replicas: 2\n";
        List<String> said = notices(written);
        assertEquals(1, said.size(), said.toString());
        assertTrue(said.get(0).startsWith("router @" + lineOf(written, "router:", "supergraph") + ": the spec sets router up "
                + "(router.replicas, router.supergraph), but router.enabled is false by default, "
                + "so no environment deploys it"), said.get(0));
        assertEquals(List.of(), paths(written.replace("router:\n", "router:\n  enabled: false\n")));
        assertEquals(List.of(), paths(written + "environments:\n  dev:\n    router: {enabled: true}\n"));
    }

    /**
     * A probe or metrics path the dashboards and the ServiceErrors alert do not leave out: said at its line, as what
     * makes the kubelet's probes and the scrapes count as traffic. Not for the defaults, nor paths under /health.
     */
    @Test
    void aProbePathCountedAsTrafficIsSaid() throws IOException {
        String ready = SERVICE + "    probes: {readiness: {path: /ready}, liveness: {path: /health/alive}}\n";
        List<String> said = notices(ready);
        assertEquals(1, said.size(), said.toString());
        assertTrue(said.get(0).startsWith("services.app.probes.readiness.path @" + lineOf(ready, "app:", "/ready") + ": '/ready' "
                + "is counted as the service's traffic by the dashboards and NeotoolServiceErrors, which leave out "
                + "/health.*|/prometheus only"), said.get(0));
        assertEquals(List.of("services.app.metrics.path"), paths(SERVICE + "    metrics: {path: /metrics}\n"));
        assertEquals(List.of(), paths(SERVICE + "    metrics: {enabled: false, path: /metrics}\n"));
        assertEquals(List.of(), paths(SERVICE + "    metrics: {path: /metrics}\nobservability: {enabled: false}\n"));
    }

    private List<String> paths(String yaml) throws IOException {
        return load(dir, yaml).notices().stream().map(SpecProblem::path).toList();
    }
}
