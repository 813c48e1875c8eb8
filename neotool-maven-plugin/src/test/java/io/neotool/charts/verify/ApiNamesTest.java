package io.neotool.charts.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The API server's name rules, kind by kind, and its label and annotation key rules, on single objects. */
class ApiNamesTest {
    private static List<String> problems(String apiVersion, String kind, String name, String extra) {
        String yaml = "apiVersion: " + apiVersion + "\nkind: " + kind + "\nmetadata:\n  name: '" + name + "'\n" + extra;
        return ApiNames.check(Fixture.parse(yaml).get(0));
    }

    @ParameterizedTest(name = "{1} {2}: {3}")
    @CsvSource(delimiter = '|', value = {
            "v1 | Service | api | ''",
            "v1 | Service | 2fa | DNS-1035",
            "v1 | Service | Api | DNS-1035",
            "v1 | Namespace | neotool-app | ''",
            "v1 | Namespace | neotool.app | DNS-1123 label",
            "v1 | ConfigMap | app.config-1 | ''",
            "v1 | ConfigMap | App | DNS-1123 subdomain",
            "apps/v1 | Deployment | api_v2 | DNS-1123 subdomain",
            "rbac.authorization.k8s.io/v1 | ClusterRole | system:metrics-reader | ''",
            "rbac.authorization.k8s.io/v1 | Role | a/b | '/'",
            "batch/v1 | Job | jjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjj | ''",
            "batch/v1 | Job | jjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjj | at most 63",
            "batch/v1 | CronJob | cccccccccccccccccccccccccccccccccccccccccccccccccccc | ''",
            "batch/v1 | CronJob | ccccccccccccccccccccccccccccccccccccccccccccccccccccc | at most 52",
            "monitoring.coreos.com/v1 | ServiceMonitor | Api | DNS-1123 subdomain"})
    void anObjectsNameFollowsTheRuleOfItsKind(String apiVersion, String kind, String name, String expected) {
        List<String> problems = problems(apiVersion, kind, name, "");
        assertOneOrNone(expected.isEmpty() ? "" : "metadata.name '" + name + "'", problems);
        assertTrue(problems.isEmpty() || problems.get(0).contains(expected), problems.toString());
    }

    /** No problem when {@code start} is empty, else exactly one, starting with it. */
    private static void assertOneOrNone(String start, List<String> problems) {
        if (start.isEmpty()) {
            assertEquals(List.of(), problems);
        } else {
            assertEquals(1, problems.size(), problems.toString());
            assertTrue(problems.get(0).startsWith(start), problems.get(0));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a label value of 64 | metadata:\\n  name: web\\n  labels:\\n    app.kubernetes.io/name: "
                    + "vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv"
                    + " | metadata.labels[app.kubernetes.io/name]: 'vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv' is not a label value",
            "a label value with a space | metadata:\\n  name: web\\n  labels:\\n    tier: 'front end'"
                    + " | metadata.labels[tier]: 'front end' is not a label value",
            "a label key with a bad prefix | metadata:\\n  name: web\\n  labels:\\n    Example.com/tier: web"
                    + " | metadata.labels: key 'Example.com/tier'",
            "a pod template's label | metadata:\\n  name: web\\nspec:\\n  template:\\n    metadata:\\n      labels:\\n        tier: -web"
                    + " | spec.template.metadata.labels[tier]: '-web' is not a label value",
            "a pod's nodeSelector | metadata:\\n  name: web\\nspec:\\n  template:\\n    spec:\\n"
                    + "      containers: [{name: web, image: 'web:1'}]\\n      nodeSelector: {'disk type': ssd}"
                    + " | spec.template.spec.nodeSelector: key 'disk type' is not a qualified name",
            "a selector's matchLabels | metadata:\\n  name: web\\nspec:\\n  selector:\\n    matchLabels:\\n      tier: web_"
                    + " | spec.selector.matchLabels[tier]: 'web_'",
            "an annotation key | metadata:\\n  name: web\\n  annotations:\\n    'checksum/config map': abc"
                    + " | metadata.annotations: key 'checksum/config map'",
            "a namespace | metadata:\\n  name: web\\n  namespace: Apps | metadata.namespace 'Apps'",
            "a container's name | metadata:\\n  name: web\\nspec:\\n  template:\\n    spec:\\n      containers:\\n"
                    + "        - {name: Web, image: 'web:1'} | spec.template.spec.containers[0].name 'Web' is not a DNS-1123 label",
            "a port name of 16 | metadata:\\n  name: web\\nspec:\\n  template:\\n    spec:\\n"
                    + "      containers: [{name: web, image: 'web:1'}]\\n      initContainers:\\n"
                    + "        - {name: init, image: 'web:1', ports: [{name: metrics-exporter, containerPort: 9100}]}"
                    + " | spec.template.spec.initContainers[0].ports[0].name 'metrics-exporter' is not a port name",
            "a port name without a letter | metadata:\\n  name: web\\nspec:\\n  template:\\n    spec:\\n      containers:\\n"
                    + "        - {name: web, image: 'web:1', ports: [{name: '8080', containerPort: 8080}]}"
                    + " | spec.template.spec.containers[0].ports[0].name '8080' is not a port name",
            "a volume's name | metadata:\\n  name: web\\nspec:\\n  template:\\n    spec:\\n"
                    + "      containers: [{name: web, image: 'web:1'}]\\n      volumes:\\n"
                    + "        - {name: tmp_dir, emptyDir: {}} | spec.template.spec.volumes[0].name 'tmp_dir' is not a DNS-1123 label",
            "two containers of one name | metadata:\\n  name: web\\nspec:\\n  template:\\n    spec:\\n"
                    + "      containers: [{name: web, image: 'web:1'}]\\n      initContainers: [{name: web, image: 'web:1'}]"
                    + " | spec.template.spec.initContainers[0].name 'web' is used twice in the pod",
            "two ports of one name | metadata:\\n  name: web\\nspec:\\n  template:\\n    spec:\\n"
                    + "      containers: [{name: web, image: 'web:1', ports: [{name: http, containerPort: 80}, {name: http, containerPort: 81}]}]"
                    + " | spec.template.spec.containers[0].ports[1].name 'http' is used twice in the container",
            "a Secret key read by env | metadata:\\n  name: web\\nspec:\\n  template:\\n    spec:\\n"
                    + "      containers: [{name: web, image: 'web:1', env: [{name: T, valueFrom: {secretKeyRef: {name: s, key: 'token/v1'}}}]}]"
                    + " | spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.key 'token/v1' is not a ConfigMap or Secret key",
            "a key that YAML reads as a boolean | metadata:\\n  name: web\\nspec:\\n  template:\\n    spec:\\n"
                    + "      containers: [{name: web, image: 'web:1', env: [{name: T, valueFrom: {configMapKeyRef: {name: c, key: on}}}]}]"
                    + " | spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef.key is true, not a string",
            "a volume item's key | metadata:\\n  name: web\\nspec:\\n  template:\\n    spec:\\n"
                    + "      containers: [{name: web, image: 'web:1'}]\\n      volumes: [{name: cfg, secret: {secretName: s, items: [{key: '..data', path: d}]}}]"
                    + " | spec.template.spec.volumes[0].secret.items[0].key '..data' is not a ConfigMap or Secret key"})
    void labelsAnnotationsTheNamespaceAndPodSpecNamesFollowTheirRules(String what, String yaml, String expected) {
        String doc = "apiVersion: apps/v1\nkind: Deployment\n" + yaml.replace("\\n", "\n");
        List<String> problems = ApiNames.check(Fixture.parse(doc).get(0));
        assertEquals(1, problems.size(), what + ": " + problems);
        assertTrue(problems.get(0).startsWith(expected), what + ": " + problems.get(0));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a Service port's name | Service | spec:\\n  ports:\\n    - {name: http_api, port: 80}"
                    + " | spec.ports[0].name 'http_api' is not a DNS-1123 label",
            "a Service's named target port | Service | spec:\\n  ports:\\n    - {name: http, port: 80, targetPort: http-api-server-port}"
                    + " | spec.ports[0].targetPort 'http-api-server-port' is not a port name",
            "a ConfigMap key | ConfigMap | data:\\n  'my config': x | data: key 'my config'",
            "a Secret key | Secret | stringData:\\n  'a/b': x | stringData: key 'a/b'",
            "an unnamed port of two | Service | spec:\\n  ports:\\n    - {name: http, port: 80}\\n    - {port: 81}"
                    + " | spec.ports[1].name is required",
            "an Ingress host in capitals | Ingress | spec:\\n  rules:\\n    - host: Neotool.Local"
                    + " | spec.rules[0].host 'Neotool.Local' is not a host name",
            "an Ingress host that is an address | Ingress | spec:\\n  rules:\\n    - host: 10.0.0.1"
                    + " | spec.rules[0].host '10.0.0.1' is not a host name",
            "two ports of one name | Service | spec:\\n  ports:\\n    - {name: http, port: 80}\\n    - {name: http, port: 81}"
                    + " | spec.ports[1].name 'http' is used twice in the Service"})
    void coreObjectsKeepTheirOwnRules(String what, String kind, String yaml, String expected) {
        String doc = "apiVersion: " + (kind.equals("Ingress") ? "networking.k8s.io/v1" : "v1") + "\nkind: " + kind + "\nmetadata:\n  name: web\n" + yaml.replace("\\n", "\n");
        List<String> problems = ApiNames.check(Fixture.parse(doc).get(0));
        assertEquals(1, problems.size(), what + ": " + problems);
        assertTrue(problems.get(0).startsWith(expected), what + ": " + problems.get(0));
    }

    @org.junit.jupiter.api.Test
    void aConfigMapOverOneMebibyteIsRefusedASecretIsMeasuredDecoded() {
        String big = "x".repeat(1024 * 1024 + 1);
        List<String> problems = ApiNames.check(Fixture.parse("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n"
                + "data:\n  a: " + big + "\n").get(0));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("data and binaryData hold 1048577 bytes"), problems.get(0));
        // 1 MiB of base64 is 768 KiB of data: within the limit
        assertEquals(List.of(), ApiNames.check(Fixture.parse("apiVersion: v1\nkind: Secret\nmetadata:\n  name: web\n"
                + "data:\n  a: " + "QUJD".repeat(262144) + "\n").get(0)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{key: dedicated, operator: Equal, value: db, effect: NoSchedule} | ''",
            "{operator: Exists} | ''",
            "{key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 30} | ''",
            "{key: dedicated, value: db, effect: NoScheduel} | effect 'NoScheduel' is none of",
            "{key: dedicated, operator: In, value: db} | operator 'In' is neither Equal nor Exists",
            "{value: db} | a toleration without a key tolerates every taint and needs operator: Exists",
            "{key: dedicated, operator: Exists, value: db} | operator Exists takes no value",
            "{key: dedicated, value: 'd b'} | value 'd b' is not a label value",
            "{key: 'dedi cated', operator: Exists} | key 'dedi cated' is not a qualified name",
            "{key: dedicated, operator: Exists, effect: NoSchedule, tolerationSeconds: 30} | tolerationSeconds needs effect: NoExecute"})
    void tolerationsAreWhatTheApiServerTakes(String toleration, String expected) {
        List<String> problems = ApiNames.check(Fixture.parse("apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n"
                + "  containers: [{name: web, image: 'web:1'}]\n  tolerations: [" + toleration + "]\n").get(0));
        assertOneOrNone(expected.isEmpty() ? "" : "spec.tolerations[0]: " + expected, problems);
    }

    @org.junit.jupiter.api.Test
    void aCronJobsScheduleIsOneTheApiServerParses() {
        String cronJob = "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: backup\nspec:\n  schedule: '%s'\n";
        assertEquals(List.of("spec.schedule '0 25 * * *': hour '25' is out of range (0-23)"),
                ApiNames.check(Fixture.parse(String.format(cronJob, "0 25 * * *")).get(0)));
        assertEquals(List.of(), ApiNames.check(Fixture.parse(String.format(cronJob, "0 3 * * *")).get(0)));
    }

    @org.junit.jupiter.api.Test
    void anIngressHostMayBeAWildcard() {
        assertEquals(List.of(), ApiNames.check(Fixture.parse("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n"
                + "  name: web\nspec:\n  rules:\n    - host: '*.neotool.local'\n    - host: neotool.local\n").get(0)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "empty label value | metadata:\\n  name: web\\n  labels:\\n    tier: ''",
            "63 characters | metadata:\\n  name: web\\n  labels:\\n    example.com/tier: vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv",
            "a Service selector | metadata:\\n  name: web\\nspec:\\n  selector:\\n    app.kubernetes.io/name: web"})
    void validLabelsPass(String what, String yaml) {
        String doc = "apiVersion: v1\nkind: Service\n" + yaml.replace("\\n", "\n");
        assertEquals(List.of(), ApiNames.check(Fixture.parse(doc).get(0)), what);
    }
}
