package io.neotool.charts.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neotool.charts.BuildLog;
import io.neotool.charts.InputException;
import io.neotool.charts.TestPaths;
import io.neotool.charts.helm.HelmClient;
import io.neotool.charts.helm.HelmClient.RenderRequest;
import io.neotool.charts.report.LintReports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The platform verification on a fixture chart rendered by Helm (src/test/resources/platform/shop: an api in shop-app
 * with PostgreSQL in shop-data and Vault in shop-security, NetworkPolicies, an Ingress and a post-install Job calling
 * Vault). As it is, it installs and every flow is proven; each values flag {@code defects.*} breaks it one way, and the
 * stage must name the defect by rule id, resource and what is wrong.
 */
class PlatformVerificationTest {
    static final Path CHART = TestPaths.root().resolve("neotool-maven-plugin/src/test/resources/platform/shop");
    private static final HelmClient HELM = new HelmClient();

    record Verified(List<Finding> findings, PlatformVerifier.Graph graph) {
        List<Finding> platform() {
            return findings.stream().filter(f -> Rules.get(f.ruleId()).group().equals("platform")).toList();
        }
    }

    static Verified verify(Map<String, String> set, List<PlatformVerifier.OperatorObject> operatorMade, String notes) {
        return verify("shop/values.yaml", set, operatorMade, notes);
    }

    /** {@code environment}: the environment's name as the lint gives it, its values files. */
    static Verified verify(String environment, Map<String, String> set, List<PlatformVerifier.OperatorObject> operatorMade,
                           String notes) {
        return verify(environment, set, operatorMade, notes, PlatformVerifier.DEFAULT_INGRESS_CONTROLLER);
    }

    static Verified verify(String environment, Map<String, String> set, List<PlatformVerifier.OperatorObject> operatorMade,
                           String notes, PlatformVerifier.Outsider ingressController) {
        return verify(environment, set, operatorMade, notes, ingressController, null);
    }

    static Verified verify(String environment, Map<String, String> set, List<PlatformVerifier.OperatorObject> operatorMade,
                           String notes, PlatformVerifier.Outsider ingressController, PlatformVerifier.Outsider metricsScraper) {
        String yaml = HELM.template(new RenderRequest(CHART, "shop", "default", HelmClient.DEFAULT_KUBE_VERSION, List.of(), set));
        List<Manifest> manifests = Fixture.parse(yaml);
        List<Finding> findings = new ArrayList<>(PolicyChecker.check(new PolicyChecker.Release("shop", "default", false), manifests));
        PlatformVerifier.Result result = PlatformVerifier.verify(new PlatformVerifier.Request("default", environment, manifests,
                operatorMade, notes, ingressController, Map.of(), metricsScraper));
        findings.addAll(result.findings());
        return new Verified(findings, result.graph());
    }

    static Verified verify(Map<String, String> set) {
        return verify(set, PlatformSpecFiles.operatorMade(PlatformSpecFiles.values(CHART, List.of())), PlatformSpecFiles.notes(CHART));
    }

    private static String lines(List<Finding> findings) {
        return String.join("\n", findings.stream().map(Finding::line).toList());
    }

    @Test
    void theFixedPlatformInstallsAndEveryFlowIsProven() {
        Verified v = verify(Map.of());
        assertEquals("", lines(v.platform()));
        List<String> edges = v.graph().edges().stream().map(e -> e.from() + " -> " + e.to() + ":" + e.port()).sorted().toList();
        assertEquals(List.of(
                "ingress-controller -> shop-app/Service/api:80",
                "shop-app/Deployment/api -> shop-data/Service/db:5432",
                "shop-app/Deployment/api -> shop-security/Service/vault:8200",
                "shop-security/Job/vault-init -> shop-security/Service/vault:8200"), edges);
        for (PlatformVerifier.Edge e : v.graph().edges()) {
            assertTrue(!e.checks().containsValue("failed") && e.checks().size() == 4, e.toString());
        }
        PlatformVerifier.Edge db = v.graph().edges().stream().filter(e -> e.to().endsWith("Service/db")).findFirst().orElseThrow();
        assertEquals(Map.of("address", "ok", "network", "ok", "credentials", "ok", "timing", "n/a"), db.checks());
        assertEquals("env DB_HOST of container api, DB_PORT", db.via());
        PlatformVerifier.Edge job = v.graph().edges().stream().filter(e -> e.from().endsWith("Job/vault-init")).findFirst().orElseThrow();
        assertEquals("ok", job.checks().get("timing"), "Vault publishes not-ready addresses to the post-install Job");
    }

    /**
     * An ingress controller that is a cloud load balancer's ranges (no pod): the Ingress's flow is proven when the
     * backend's policies admit every address of each range, and fails naming the range otherwise, or naming that no
     * controller is given at all.
     */
    @Test
    void aLoadBalancersRangesMustBeAdmittedWhereTheControllerIsNoPod() {
        PlatformVerifier.Outsider alb = new PlatformVerifier.Outsider("", "", List.of("10.0.0.0/19"));
        List<PlatformVerifier.OperatorObject> made = PlatformSpecFiles.operatorMade(PlatformSpecFiles.values(CHART, List.of()));
        String notes = PlatformSpecFiles.notes(CHART);
        assertEquals("", lines(verify("shop/values.yaml", Map.of("ingressFrom[0]", "10.0.0.0/19"), made, notes, alb).platform()));
        String shut = lines(verify("shop/values.yaml", Map.of(), made, notes, alb).platform());
        assertTrue(shut.contains("Ingress/api: flow-network: flow ingress controller -> api.shop-app:80 (Ingress/api): the "
                + "NetworkPolicies of shop-app do not admit the ingress controller's addresses 10.0.0.0/19 to api on 8080/TCP"), shut);
        String narrow = lines(verify("shop/values.yaml", Map.of("ingressFrom[0]", "10.0.0.0/24"), made, notes, alb).platform());
        assertTrue(narrow.contains("do not admit the ingress controller's addresses 10.0.0.0/19"), narrow);
        String none = lines(verify("shop/values.yaml", Map.of(), made, notes,
                new PlatformVerifier.Outsider("", "", List.of())).platform());
        assertTrue(none.contains("the values name no ingress controller (networkPolicy.ingressController: neither app, podLabels nor cidrs)"),
                none);
        String malformed = lines(verify("shop/values.yaml", Map.of(), made, notes,
                new PlatformVerifier.Outsider("", "", List.of("10.0.0.0"))).platform());
        assertTrue(malformed.contains("'10.0.0.0' of networkPolicy.ingressController.cidrs is not an IPv4 or IPv6 CIDR"), malformed);
    }

    /**
     * The cluster's Prometheus, where the values name it, is the client of every ServiceMonitor: its way to each Service
     * the ServiceMonitor selects, on the port the endpoint names, is proven as any client's; a policy that leaves it out,
     * a selector that selects nothing and a port the Service does not name are each said. Without it, nothing to prove.
     */
    @Test
    void theClustersPrometheusReachesWhatEachServiceMonitorSelects() {
        PlatformVerifier.Outsider prometheus = new PlatformVerifier.Outsider("monitoring", "prometheus", List.of());
        List<PlatformVerifier.OperatorObject> made = PlatformSpecFiles.operatorMade(PlatformSpecFiles.values(CHART, List.of()));
        String notes = PlatformSpecFiles.notes(CHART);
        Map<String, String> on = Map.of("serviceMonitor.enabled", "true");
        Verified v = verify("shop/values.yaml", on, made, notes, PlatformVerifier.DEFAULT_INGRESS_CONTROLLER, prometheus);
        assertEquals("", lines(v.platform()));
        PlatformVerifier.Edge scrape = v.graph().edges().stream().filter(e -> e.from().equals("metrics-scraper"))
                .findFirst().orElseThrow(() -> new AssertionError(v.graph().edges().toString()));
        assertEquals("shop-app/Service/api", scrape.to());
        assertEquals("80", scrape.port());
        assertEquals("ok", scrape.checks().get("network"), scrape.toString());
        assertTrue(scrape.via().startsWith("ServiceMonitor ServiceMonitor/api endpoint http"), scrape.via());

        String shut = lines(verify("shop/values.yaml", Map.of("serviceMonitor.enabled", "true", "serviceMonitor.admitted",
                "false"), made, notes, PlatformVerifier.DEFAULT_INGRESS_CONTROLLER, prometheus).platform());
        assertTrue(shut.contains("ServiceMonitor/api: flow-network: flow metrics scraper -> api.shop-app:80") && shut.contains(
                "the NetworkPolicies of shop-app do not admit monitoring/metrics-scraper to api on 8080/TCP"), shut);
        String nothing = lines(verify("shop/values.yaml", Map.of("serviceMonitor.enabled", "true", "serviceMonitor.selects",
                "apis"), made, notes, PlatformVerifier.DEFAULT_INGRESS_CONTROLLER, prometheus).platform());
        assertTrue(nothing.contains("ServiceMonitor ServiceMonitor/api selects no Service in shop-app"), nothing);
        // namespaceSelector any: every namespace's Services
        Verified anywhere = verify("shop/values.yaml", Map.of("serviceMonitor.enabled", "true", "serviceMonitor.anyNamespace",
                "true"), made, notes, PlatformVerifier.DEFAULT_INGRESS_CONTROLLER, prometheus);
        assertEquals("", lines(anywhere.platform()));
        assertTrue(anywhere.graph().edges().stream().anyMatch(e -> e.from().equals("metrics-scraper")
                && e.to().equals("shop-app/Service/api")), anywhere.graph().edges().toString());
        String port = lines(verify("shop/values.yaml", Map.of("serviceMonitor.enabled", "true", "serviceMonitor.port",
                "metrics"), made, notes, PlatformVerifier.DEFAULT_INGRESS_CONTROLLER, prometheus).platform());
        assertTrue(port.contains("scrapes port 'metrics', which Service api does not name"), port);
        assertTrue(verify("shop/values.yaml", on, made, notes).graph().edges().stream()
                .noneMatch(e -> e.from().equals("metrics-scraper")), "no Prometheus of the cluster's named: no flow");
    }

    /**
     * Helm deletes hook objects with hook-succeeded once every hook of their event succeeded: a Job of that event made
     * after them still reads its script and goes out through its policy (a release pod would not: hookSecretDeleted and
     * hookPolicyDeleted).
     */
    @Test
    void aHookMeetsTheHookObjectsOfItsEventUntilTheEventIsDone() {
        assertEquals("", lines(verify(Map.of("hookObjectsForHook", "true")).platform()));
    }

    /** Helm makes an event's hooks in weight order, each Job run to its end first: a policy of a higher weight is late. */
    @Test
    void aHookPolicyOfAHigherWeightIsNotThereWhenTheJobRuns() {
        Verified late = verify(Map.of("hookObjectsForHook", "true", "defects.hookPolicyAfterItsJob", "true"));
        assertTrue(late.platform().stream().anyMatch(f -> f.ruleId().equals(PlatformFlows.FLOW_NETWORK)
                && f.message().contains("do not let") && f.message().contains("vault-init")), lines(late.platform()));
    }

    @Test
    void aHostNameVariableTakesItsPortFromThePortVariableBesideIt() {
        Verified v = verify(Map.of("dbHostVariable", "DB_HOSTNAME"));
        assertEquals("", lines(v.platform()));
        PlatformVerifier.Edge db = v.graph().edges().stream().filter(e -> e.to().endsWith("Service/db")).findFirst().orElseThrow();
        assertEquals("env DB_HOSTNAME of container api, DB_PORT", db.via());
        assertEquals("shop-data/Service/db", db.to());
        assertEquals("5432", db.port());
    }

    /** A pod of a StatefulSet by its headless Service: the pods it runs (ordinals 0 to replicas - 1), no other. */
    @Test
    void aPodAddressNamesAPodTheStatefulSetRuns() {
        Verified first = verify(Map.of("dbHost", "db-0.db-headless.shop-data.svc.cluster.local"));
        assertTrue(first.findings().stream().noneMatch(f -> f.ruleId().equals(FlowFinder.FLOW_ADDRESS)), lines(first.findings()));
        Verified past = verify(Map.of("dbHost", "db-1.db-headless.shop-data.svc.cluster.local"));
        assertTrue(past.findings().stream().anyMatch(f -> f.ruleId().equals(FlowFinder.FLOW_ADDRESS) && f.message().contains(
                "names pod db-1 of headless Service db-headless, but no StatefulSet with serviceName db-headless has that pod")),
                lines(past.findings()));
    }

    /**
     * A Service in a namespace the operator makes and the chart renders nothing in (an operator's database or Kafka) is
     * the operator's: the flow is drawn, and not checked; without that declaration it is a Service that is not rendered.
     */
    @Test
    void anAddressInANamespaceOnlyTheOperatorMakesIsTheOperatorsService() {
        Map<String, String> set = Map.of("dbHost", "pg.operators-db.svc.cluster.local");
        Verified undeclared = verify(set);
        assertTrue(undeclared.findings().stream().anyMatch(f -> f.ruleId().equals(FlowFinder.FLOW_ADDRESS)
                && f.message().contains("names Service pg in namespace operators-db, which is not rendered")), lines(undeclared.findings()));

        List<PlatformVerifier.OperatorObject> declared = new ArrayList<>(PlatformSpecFiles.operatorMade(PlatformSpecFiles.values(CHART, List.of())));
        declared.add(new PlatformVerifier.OperatorObject("Namespace", "", "operators-db", "the database operator's install"));
        Verified v = verify(set, declared, PlatformSpecFiles.notes(CHART));
        assertEquals("", lines(v.platform()));
        PlatformVerifier.Edge db = v.graph().edges().stream().filter(e -> e.to().equals("operators-db/Service/pg")).findFirst()
                .orElseThrow(() -> new AssertionError(v.graph().edges().toString()));
        assertEquals(Map.of("address", "operator's", "network", "n/a", "credentials", "n/a", "timing", "n/a"), db.checks());

        // a namespace the operator makes and the chart renders into is the chart's: its Services are checked
        declared.add(new PlatformVerifier.OperatorObject("Namespace", "", "shop-data", "kubectl create namespace shop-data"));
        Verified rendered = verify(Map.of("dbHost", "pg.shop-data.svc.cluster.local"), declared, PlatformSpecFiles.notes(CHART));
        assertTrue(rendered.findings().stream().anyMatch(f -> f.ruleId().equals(FlowFinder.FLOW_ADDRESS)
                && f.message().contains("names Service pg in namespace shop-data, which is not rendered")), lines(rendered.findings()));
    }

    /** An environment's own operator-made list replaces the base's: the fix names that environment's key. */
    @Test
    void aMissingObjectOfAnEnvironmentIsDeclaredInThatEnvironmentsList() {
        List<PlatformVerifier.OperatorObject> declared = PlatformSpecFiles.operatorMade(PlatformSpecFiles.values(CHART, List.of()));
        String notes = PlatformSpecFiles.notes(CHART);
        Finding base = verify("shop/values.yaml", Map.of("defects.danglingSecret", "true"), declared, notes).findings().stream()
                .filter(f -> f.ruleId().equals(InstallSimulation.POD_REFERENCE)).findFirst().orElseThrow();
        assertTrue(base.hint().contains("declare it in the spec's global.operatorMade (namespace"), base.hint());
        Finding prod = verify("shop/values-prod.yaml,ci/extra.yaml", Map.of("defects.danglingSecret", "true"), declared, notes)
                .findings().stream().filter(f -> f.ruleId().equals(InstallSimulation.POD_REFERENCE)).findFirst().orElseThrow();
        assertTrue(prod.hint().contains("declare it in the spec's environments.prod.global.operatorMade (the environment's list "
                + "replaces the base's) (namespace"), prod.hint());
    }

    /**
     * An Ingress's certificate that cert-manager issues (its issuer annotation), or that the AWS Load Balancer
     * Controller takes from ACM (class alb), needs no Secret of the release or the operator.
     */
    @Test
    void anIngressCertificateFromElsewhereNeedsNoSecret() {
        for (Map<String, String> elsewhere : List.of(Map.of("ingressCertManager", "true"), Map.of("ingressClassName", "alb"))) {
            Map<String, String> set = new java.util.HashMap<>(elsewhere);
            set.put("defects.ingressTlsSecretMissing", "true"); // the Ingress names shop-tls-old, which nobody makes
            // what is left: the operator's shop-tls, which the Ingress no longer names
            assertEquals("shop/values.yaml: operator-made-unread: Secret/shop-app/shop-tls is declared operator-made, but "
                    + "nothing this environment renders reads it in namespace shop-app", lines(verify(set).platform()), set.toString());
        }
    }

    /**
     * A key is looked for only in an object whose render holds its keys: not in a service-account-token Secret (the
     * token controller fills it) nor in one rendered without any (a Job or a controller fills it).
     */
    @Test
    void keysSomethingElseFillsAreNotLookedFor() {
        Verified v = verify(Map.of("readsFilledSecrets", "true"));
        assertTrue(v.findings().stream().noneMatch(f -> f.ruleId().equals(InstallSimulation.POD_REFERENCE)), lines(v.findings()));
    }

    /** A URL's user (and its password, from a variable the kubelet expands) is not a host: only the host is a flow. */
    @Test
    void aUrlsUserIsNotTakenForAHost() {
        Verified v = verify(Map.of("dbUrl", "postgresql://api:$(DB_PASSWORD)@db.shop-data.svc.cluster.local:5432/shop"));
        assertEquals("", lines(v.platform()));
        assertTrue(v.graph().edges().stream().anyMatch(e -> e.to().equals("shop-data/Service/db") && e.via().contains("DB_URL")),
                v.graph().edges().toString());
    }

    static Stream<Arguments> defects() {
        return Stream.of(
                Arguments.of("danglingSecret", InstallSimulation.POD_REFERENCE, "Deployment/api",
                        "Secret/api-keys (env API_KEY of container api) does not exist in the pod's namespace shop-app"),
                Arguments.of("secretInOtherNamespace", InstallSimulation.POD_REFERENCE, "Deployment/api",
                        "Secret/db-credentials (env DB_PASSWORD of container api) does not exist in the pod's namespace shop-app "
                                + "(neither rendered nor declared operator-made); it exists only in namespace shop-data"),
                Arguments.of("missingDbCredentials", PlatformFlows.FLOW_CREDENTIALS, "Deployment/api",
                        "the credentials exist only in Secret db-credentials of shop-data, which its pods cannot read"),
                Arguments.of("wrongTargetPort", PolicyChecker.TARGET_PORT, "Service/api",
                        "port 80: targetPort 9090 is not a containerPort of the selected pods ([Deployment/api])"),
                Arguments.of("wrongAddressPort", FlowFinder.FLOW_ADDRESS, "Deployment/api",
                        "flow api -> db.shop-data:5433 (env DB_HOST of container api, DB_PORT): Service db does not expose port 5433"),
                Arguments.of("blockedFlow", PlatformFlows.FLOW_NETWORK, "Deployment/api",
                        "the NetworkPolicies of shop-data do not admit shop-app/api to db on 5432/TCP"),
                // a hook NetworkPolicy deleted once its hook succeeded admits nothing
                Arguments.of("hookPolicyDeleted", PlatformFlows.FLOW_NETWORK, "Deployment/api",
                        "the NetworkPolicies of shop-data do not admit shop-app/api to db on 5432/TCP"),
                Arguments.of("egressBlocked", PlatformFlows.FLOW_NETWORK, "Deployment/api",
                        "the NetworkPolicies of shop-app do not let api out to shop-data/db on 5432/TCP"),
                Arguments.of("mountWithoutVolume", InstallSimulation.POD_REFERENCE, "Deployment/api",
                        "container api mounts volume cache, which is neither a pod volume nor a volumeClaimTemplate"),
                Arguments.of("testPodSecretMissing", InstallSimulation.POD_REFERENCE, "Pod/smoke-api",
                        "helm test: Secret/smoke-credentials (env TOKEN of container smoke) does not exist in the pod's "
                                + "namespace shop-app (neither rendered nor declared operator-made)"),
                Arguments.of("missingPullSecret", InstallSimulation.POD_REFERENCE, "Deployment/api",
                        "Secret/registry-credentials (imagePullSecrets) does not exist in the pod's namespace shop-app"),
                Arguments.of("hookInCreatedNamespace", InstallSimulation.INSTALL_NAMESPACE, "Secret/vault-token",
                        "helm install: pre-install hook in namespace shop-app, which this release creates later "
                                + "(Namespace/shop-app is a release resource): fails with namespaces \"shop-app\" not found"),
                // Helm trims each event of a hook list
                Arguments.of("hookListWithSpaces", InstallSimulation.INSTALL_NAMESPACE, "Secret/vault-token",
                        "helm install: pre-install hook in namespace shop-app, which this release creates later"),
                Arguments.of("hookNeedsLaterObject", InstallSimulation.HOOK_ORDER, "Job/preflight",
                        "helm install: pre-install hook needs ConfigMap/preflight-settings (envFrom of container preflight) in "
                                + "namespace default, which is created later (release resource)"),
                Arguments.of("hookSecretDeleted", InstallSimulation.POD_REFERENCE, "Deployment/api",
                        "helm install: Secret/api-bootstrap (env BOOTSTRAP_TOKEN of container api) is a hook object that Helm "
                                + "deletes once the hooks of its event succeeded"),
                Arguments.of("upgradeHookNeedsDeletedSecret", InstallSimulation.POD_REFERENCE, "Job/migrate",
                        "helm upgrade: Secret/api-bootstrap (env BOOTSTRAP_TOKEN of container migrate) is a hook object that Helm "
                                + "deletes once the hooks of its event succeeded"),
                Arguments.of("ingressToMissingService", PolicyChecker.INGRESS_BACKEND, "Ingress/api",
                        "backend Service api-old is not rendered in namespace shop-app"),
                Arguments.of("ingressToMissingService", FlowFinder.FLOW_ADDRESS, "Ingress/api",
                        "flow ingress controller -> api-old.shop-app:80 (Ingress/api): names Service api-old in namespace shop-app, "
                                + "which is not rendered"),
                Arguments.of("jobNeedsNotReadyServer", PlatformFlows.FLOW_TIMING, "Job/vault-init",
                        "helm install: the post-install hook calls Service vault while StatefulSet/vault is sealed"),
                // a server's own pod name is published by its headless Service only once Ready, unless told otherwise
                Arguments.of("jobNeedsNotReadyPod", PlatformFlows.FLOW_TIMING, "Job/vault-init",
                        "helm install: the post-install hook calls Service vault while StatefulSet/vault is sealed"),
                Arguments.of("preInstallJobCallsServer", PlatformFlows.FLOW_TIMING, "Job/vault-init",
                        "helm install: the pre-install hook calls StatefulSet/vault (release resource), which do not run yet"),
                Arguments.of("ingressTlsSecretMissing", InstallSimulation.INGRESS_TLS_SECRET, "Ingress/api",
                        "helm install: spec.tls names Secret/shop-tls-old (hosts shop.example.com), which is neither rendered "
                                + "nor declared operator-made in namespace shop-app: the ingress controller serves its default "
                                + "certificate instead"),
                Arguments.of("missingSecretKey", InstallSimulation.POD_REFERENCE, "Deployment/api",
                        "env DB_PASSWORD of container api reads key db-password of Secret/api-db, which has no such key (it "
                                + "has password): the pod stays in CreateContainerConfigError"),
                Arguments.of("hookAlsoRelease", InstallSimulation.DUPLICATE_OBJECT, "Secret/api-db",
                        "helm install: Secret/api-db in namespace shop-app is rendered twice"),
                // as in Kubernetes, a selector's empty value requires the label (with that empty value)
                Arguments.of("emptySelectorValue", PolicyChecker.SERVICE_SELECTOR, "Service/api",
                        "matches no pod template in namespace shop-app"),
                Arguments.of("duplicateServiceAccount", InstallSimulation.DUPLICATE_OBJECT, "ServiceAccount/api",
                        "helm install: ServiceAccount/api in namespace shop-app is rendered twice, by shop/templates/api.yaml and by "
                                + "shop/templates/db.yaml: the API server refuses the second (AlreadyExists)"));
    }

    @ParameterizedTest(name = "{0}: {1} on {2}")
    @MethodSource("defects")
    void eachDefectIsFoundByRuleId(String defect, String rule, String resource, String message) {
        Verified v = verify(Map.of("defects." + defect, "true"));
        List<Finding> findings = v.findings();
        assertTrue(findings.stream().anyMatch(f -> f.ruleId().equals(rule) && f.resource().equals(resource)
                        && f.message().contains(message) && !f.hint().isBlank()),
                () -> "expected " + rule + " on " + resource + " with '" + message + "', got:\n" + lines(findings));
        assertTrue(v.graph().edges().stream().noneMatch(e -> e.checks().isEmpty()), v.graph()::toString);
    }

    /**
     * A Secret nobody makes is one finding, on its first reader, naming every other pod that reads it; the flows of
     * its clients say nothing more (the same fix), while a client that reads no Secret at all still hears of it.
     */
    @Test
    void aMissingSecretIsOneFindingForAllItsReaders() {
        List<Finding> shared = verify(Map.of("defects.danglingSecretShared", "true")).findings().stream()
                .filter(f -> f.ruleId().equals(InstallSimulation.POD_REFERENCE)).toList();
        assertEquals(1, shared.size(), () -> lines(shared).toString());
        assertEquals("Deployment/api", shared.get(0).resource());
        assertTrue(shared.get(0).message().endsWith("Secret/api-keys (env API_KEY of container api) does not exist in the pod's "
                + "namespace shop-app (neither rendered nor declared operator-made); 1 more read it there: CronJob/report "
                + "(env API_KEY of container report)"), shared.get(0).message());

        List<Finding> elsewhere = verify(Map.of("defects.secretInOtherNamespace", "true")).findings();
        assertTrue(elsewhere.stream().anyMatch(f -> f.ruleId().equals(InstallSimulation.POD_REFERENCE)), () -> lines(elsewhere).toString());
        assertTrue(elsewhere.stream().noneMatch(f -> f.ruleId().equals(PlatformFlows.FLOW_CREDENTIALS)), () -> lines(elsewhere).toString());
        assertTrue(verify(Map.of("defects.missingDbCredentials", "true")).findings().stream()
                .anyMatch(f -> f.ruleId().equals(PlatformFlows.FLOW_CREDENTIALS)));
    }

    @Test
    void anOperatorMadeSecretMustBeDeclared() {
        Verified v = verify(Map.of(), List.of(), PlatformSpecFiles.notes(CHART));
        assertEquals(List.of("shop/templates/vault.yaml: Job/vault-init: pod-reference: helm install: Secret/vault-token "
                        + "(env VAULT_TOKEN of container init) does not exist in the pod's namespace shop-security (neither rendered nor "
                        + "declared operator-made); it exists only in namespace shop-app, and a pod reads Secrets only in its own namespace"),
                v.platform().stream().filter(f -> f.ruleId().equals(InstallSimulation.POD_REFERENCE)).map(Finding::line).toList());
    }

    @Test
    void operatorMadeObjectsAreListedInNotesAndNotRendered() {
        List<PlatformVerifier.OperatorObject> declared = new ArrayList<>(PlatformSpecFiles.operatorMade(PlatformSpecFiles.values(CHART, List.of())));
        declared.add(new PlatformVerifier.OperatorObject("Secret", "shop-app", "api-db", "kubectl create secret ..."));
        Verified v = verify(Map.of(), declared, "Nothing about them here.");
        List<String> messages = v.platform().stream().filter(f -> f.ruleId().equals(PlatformVerifier.OPERATOR_MADE)).map(Finding::message).toList();
        assertTrue(messages.contains("Secret/shop-security/vault-token is made by the operator but templates/NOTES.txt does not list it"),
                messages::toString);
        assertTrue(messages.contains("Secret/shop-app/api-db is declared operator-made and also rendered by the chart: Helm refuses to "
                + "adopt an object it did not create (invalid ownership metadata)"), messages::toString);

        declared.add(new PlatformVerifier.OperatorObject("Secret", "shop-app", "api-tls", " "));
        List<String> howless = verify(Map.of(), declared, "api-tls").platform().stream()
                .filter(f -> f.ruleId().equals(PlatformVerifier.OPERATOR_MADE)).map(Finding::message).toList();
        assertTrue(howless.contains("Secret/shop-app/api-tls is declared operator-made without saying how to create it"),
                howless::toString);
    }

    /**
     * An operator-made Secret nothing reads in its namespace (a leftover of a component turned off, or one declared in
     * the wrong namespace) is a warning; those the release's pods read are not.
     */
    @Test
    void anOperatorMadeSecretNothingReadsIsAWarning() {
        List<PlatformVerifier.OperatorObject> declared = new ArrayList<>(PlatformSpecFiles.operatorMade(PlatformSpecFiles.values(CHART, List.of())));
        assertTrue(verify(Map.of(), declared, PlatformSpecFiles.notes(CHART)).platform().stream()
                .noneMatch(f -> f.ruleId().equals(PlatformVerifier.OPERATOR_MADE_UNREAD)), "the fixture's own are read");
        declared.add(new PlatformVerifier.OperatorObject("Secret", "shop-app", "vault-token", "kubectl create secret ..."));
        declared.add(new PlatformVerifier.OperatorObject("Secret", "shop-security", "search-api", "kubectl create secret ..."));
        List<Finding> unread = verify(Map.of(), declared, "operatorMade").platform().stream()
                .filter(f -> f.ruleId().equals(PlatformVerifier.OPERATOR_MADE_UNREAD)).toList();
        assertEquals(List.of("Secret/shop-security/search-api is declared operator-made, but nothing this environment renders "
                + "reads it in namespace shop-security"), unread.stream().map(Finding::message).toList());
        assertEquals(io.neotool.charts.verify.Severity.WARNING, unread.get(0).severity());
    }

    /** Through neotool:lint: a broken environment of the chart fails with the finding in every report and the flow graph. */
    @Test
    void lintReportsPlatformFindingsAndWritesTheFlowGraph(@TempDir Path dir) throws IOException {
        Path charts = dir.resolve("charts");
        io.neotool.charts.testtools.FileSnapshots.copyTree(CHART, charts.resolve("shop"));
        Files.writeString(charts.resolve("shop/values-broken.yaml"), "defects:\n  blockedFlow: true\n");
        LintResult result = new Linter(HELM, BuildLog.SILENT).lint(new Linter.Request(charts, "1.32.0", "shop", "default"));
        assertEquals(List.of("broken", "default"), List.copyOf(result.platforms().keySet()));
        List<Finding> network = result.findings().stream().filter(f -> f.ruleId().equals(PlatformFlows.FLOW_NETWORK)).toList();
        assertEquals(1, network.size(), lines(result.findings()));
        assertEquals(List.of("charts/shop/values-broken.yaml"), network.get(0).sortedEnvironments());
        // the fixture's api is not one of a spec's services (no app.kubernetes.io/component: service): no advice on calls
        assertTrue(network.get(0).hint().contains("the client is not one of the spec's services"), network.get(0).hint());

        List<String> errors = new ArrayList<>();
        BuildLog log = io.neotool.charts.LogCapture.errorsInto(errors);
        Path reports = dir.resolve("reports");
        try {
            LintReports.publish(result, reports, false, log);
        } catch (InputException expected) {
            // the chart has other rule findings (labels, resources): only the platform ones matter here
        }
        assertEquals(1, errors.stream().filter(e -> e.contains(": flow-network: ")).count(), errors::toString);
        JsonNode graph = new ObjectMapper().readTree(reports.resolve("platform-broken.json").toFile());
        assertEquals("charts/shop/values-broken.yaml", graph.get("environment").asText());
        JsonNode failed = null;
        for (JsonNode edge : graph.get("edges")) {
            if (edge.get("status").asText().equals("failed")) {
                failed = edge;
            }
        }
        assertEquals("shop-app/Deployment/api", failed.get("from").asText());
        assertEquals("shop-data/Service/db", failed.get("to").asText());
        assertEquals("failed", failed.at("/checks/network").asText());
        JsonNode fine = new ObjectMapper().readTree(reports.resolve("platform-default.json").toFile());
        assertFalse(fine.get("edges").isEmpty(), fine::toString);
        for (JsonNode edge : fine.get("edges")) {
            assertEquals("ok", edge.get("status").asText(), edge.toString());
        }
        String report = Files.readString(reports.resolve(LintReports.JSON));
        assertTrue(report.contains("\"rule\" : \"flow-network\""), report);
        assertTrue(report.contains("\"platform\""), "platform timing in the report");
        assertTrue(Files.readString(reports.resolve(LintReports.JUNIT)).contains("flow-network"));
    }
}
