package io.neotool.charts.model;

import static io.neotool.charts.TestSpecs.SERVICE;
import static io.neotool.charts.TestSpecs.at;
import static io.neotool.charts.TestSpecs.load;
import static io.neotool.charts.TestSpecs.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile and odd input: every case is refused with the file, the line where there is one, and no Java class name. */
class SpecInputTest {
    @TempDir
    Path dir;

    private static final String TWO_SERVICES = SERVICE + "  security:\n    image: {repository: neotool-security, tag: \"1.0.0\"}\n";

    @ParameterizedTest
    @ValueSource(strings = {"1Ei", "1E", "7Ei", "1e18", "1.5", ".5", "250m", "1n", "1e-3", "9223372036854775807"})
    void everyKubernetesQuantityInRangeIsAcceptedForCpu(String quantity) throws IOException {
        load(dir, SERVICE + "    resources: {requests: {cpu: \"" + quantity + "\"}, limits: {cpu: \"" + quantity + "\"}}\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1Ei", "1E", "7Ei", "1e18", "1.5Ki", "0.5Gi", "1000m", "9223372036854775807"})
    void everyWholeNumberOfBytesIsAcceptedForMemory(String quantity) throws IOException {
        load(dir, SERVICE + "    resources: {requests: {memory: \"" + quantity + "\"}, limits: {memory: \"" + quantity + "\"}}\n");
    }

    /** 512m of memory is 0.512 bytes: the API server takes it, and no container starts in it. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "services.app.resources.limits.memory| 512m| '512m' is 0.512 bytes, not a whole number: m means thousandths; write 512Mi (mebibytes) or 512M (megabytes)",
            "services.app.resources.requests.memory| 1.5| '1.5' is 1.5 bytes, not a whole number; write it in bytes or with a suffix such as Mi or Gi",
            "postgres.persistence.size| 20m| '20m' is 0.02 bytes, not a whole number: m means thousandths; write 20Mi (mebibytes) or 20M (megabytes)"})
    void aFractionOfAByteIsRefusedWithTheSuffixMeant(String path, String quantity, String expected) {
        String[] keys = path.split("\\.");
        String yaml = keys[0].equals("services") ? SERVICE + "    resources:\n      " + keys[3] + ":\n        memory: " + quantity + "\n"
                : SERVICE + "postgres:\n  persistence:\n    size: " + quantity + "\n";
        SpecProblem p = at(problems(dir, yaml), path);
        assertTrue(p.message().contains(expected), p.message());
    }

    @ParameterizedTest
    @CsvSource({"1e99999999999, out of range", "1e-99999999999, out of range", "9Ei, out of range",
            "9223372036854775808, out of range", "1EI, not a Kubernetes quantity", "1GB, not a Kubernetes quantity"})
    void quantitiesOutOfRangeOrMalformedNameTheLine(String quantity, String expected) {
        SpecProblem p = at(problems(dir, SERVICE + "    resources:\n      limits:\n        cpu: \"" + quantity + "\"\n"),
                "services.app.resources.limits.cpu");
        assertEquals(6, p.line());
        assertTrue(p.message().contains(expected), p.message());
    }

    /** YAML 1.1's yes and on are true, as Helm reads them; an integer beyond an int either way is refused on its line. */
    @Test
    void yesAndOnAreTrueAndIntegersOutOfRangeEitherWayAreRefused() throws IOException {
        for (String yes : List.of("yes", "on", "Yes", "ON")) {
            assertTrue(load(dir, SERVICE + "    metrics: {enabled: " + yes + "}\n").base().services().get("app").metrics().enabled(), yes);
        }
        assertFalse(load(dir, SERVICE + "    metrics: {enabled: off}\n").base().services().get("app").metrics().enabled());
        for (String big : List.of("2147483648", "-2147483649", "-4294967295", "9223372036854775808",
                "1000000000000000000000000000000")) {
            SpecProblem p = at(problems(dir, SERVICE + "    replicas: " + big + "\n"), "services.app.replicas");
            assertEquals(4, p.line());
            assertTrue(p.message().contains("integer " + big + " is out of range"), p.message());
        }
    }

    @Test
    void quantitiesCompareAsKubernetesReadsThem() {
        assertEquals(0, Quantity.parse("1Ei").compareTo(BigDecimal.valueOf(1L << 60)));
        assertEquals(0, Quantity.parse("1E").compareTo(new BigDecimal("1e18")));
        assertNull(Quantity.parse("1e99999999999"));
        assertTrue(at(problems(dir, SERVICE + "    resources: {requests: {memory: 2Ei}, limits: {memory: 1E}}\n"),
                "services.app.resources.requests.memory").message().contains("more than its limit"));
    }

    /** Every Secret key the spec names is one the API server takes: the pods that read it would be refused. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "vault:\\n  token:\\n    key: token/v1| vault.token.key",
            "vault:\\n  token:\\n    key: '..token'| vault.token.key",
            "vault:\\n  token:\\n    key: '.'| vault.token.key",
            "postgres:\\n  monitoring:\\n    key: 'pass word'| postgres.monitoring.key",
            "observability:\\n  postgresExporter:\\n    passwordSecret:\\n      key: 'a:b'| observability.postgresExporter.passwordSecret.key"})
    void secretKeysAreKeysTheApiServerTakes(String yaml, String path) {
        SpecProblem p = at(problems(dir, SERVICE + yaml.replace("\\n", "\n") + "\n"), path);
        assertTrue(p.message().contains("letters, digits"), p.message());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "repository: 'Neotool::Security'| services.app.image.repository| not an image repository",
            "repository: 'repo@sha256:abc'| services.app.image.repository| not an image repository",
            "repository: 'Ghcr.io/Acme/app'| services.app.image.repository| not an image repository",
            "repository: 'acme/app:1.0'| services.app.image.repository| not an image repository",
            "tag: '1.0 .0'| services.app.image.tag| not an image tag",
            "tag: '-rc1'| services.app.image.tag| not an image tag",
            "registry: 'ghcr.io//acme'| services.app.image.registry| not a registry"})
    void imageReferencesFollowTheOciGrammar(String override, String path, String expected) {
        String image = override.startsWith("repository") ? override + ", tag: \"1.0.0\""
                : override.startsWith("tag") ? "repository: neotool-app, " + override
                : "repository: neotool-app, tag: \"1.0.0\", " + override;
        SpecProblem p = at(problems(dir, "services:\n  app:\n    image: {" + image + "}\n"), path);
        assertEquals(3, p.line());
        assertTrue(p.message().contains(expected), p.message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ghcr.io/salomax/neotool-app", "localhost:5000/a/b__c", "registry-1.docker.io/library/x.y-z"})
    void validRepositoriesPass(String repository) throws IOException {
        load(dir, "services:\n  app:\n    image: {repository: \"" + repository + "\", tag: \"v1.2.3_rc.1\"}\n");
        assertTrue(ImageReference.isValid(repository + ":1.0@sha256:" + "a".repeat(64)));
        assertFalse(ImageReference.isValid(repository + "@sha256:abc"));
    }

    /** A null list entry is refused at its line, not dropped; a null key is called null, not a string. */
    @Test
    void nullEntriesAndNullKeysAreNamedAsSuch() {
        String two = SERVICE + "    calls: [~]\n  security:\n    image: {repository: neotool-security, tag: \"1.0.0\"}\n";
        SpecProblem entry = at(problems(dir, two), "services.app.calls[0]");
        assertEquals(4, entry.line());
        assertTrue(entry.message().contains("entry 0 has no value (null)"), entry.message());
        SpecProblem key = at(problems(dir, "services:\n  ~:\n    image: {repository: neotool-app, tag: \"1.0.0\"}\n"),
                "services.~");
        assertTrue(key.message().contains("the key null '~' is read as a YAML null, not a name"), key.message());
    }

    /** An empty service name is refused once, without blaming the other services for clashing with it. */
    @Test
    void anEmptyServiceNameIsTheOnlyProblem() {
        List<SpecProblem> problems = problems(dir, SERVICE + "  \"\":\n    image: {repository: x, tag: \"1.0.0\"}\n");
        assertTrue(problems.stream().noneMatch(p -> p.path().equals("services.app")), problems.toString());
        assertTrue(at(problems, "services.").message().contains("DNS-1035"), problems.toString());
    }

    /** Values the API server would refuse in the objects they become. */
    @Test
    void valuesTheApiServerRefusesAreRefusedAtTheirKey() {
        assertTrue(at(problems(dir, "chart: {appVersion: \"v 1 x\"}\n" + SERVICE), "chart.appVersion").message()
                .contains("not a Kubernetes label value"));
        assertTrue(at(problems(dir, SERVICE + "    secretEnv: {TOKEN: {secretName: tokens, key: \"a b\"}}\n"),
                "services.app.secretEnv.TOKEN.key").message().contains("is not a key of a Secret's data"));
        assertTrue(at(problems(dir, SERVICE + "web: {ingress: {className: Traefik_X}}\n"), "web.ingress.className")
                .message().contains("is not a DNS-1123 name"));
        String host = ("a".repeat(60) + ".").repeat(5) + "local";
        assertTrue(at(problems(dir, SERVICE + "web: {ingress: {hosts: [{host: " + host + "}]}}\n"), "web.ingress.hosts[0].host")
                .message().contains("takes at most 253"));
        assertTrue(at(problems(dir, SERVICE + "router: {enabled: true, supergraph: {urls: [\"https://g.example.org/s\"]}}\n"
                + "web: {enabled: true, ingress: {hosts: [{host: a.local}, {host: a.local}]}}\n"),
                "web.ingress.hosts[1].host").message().contains("'a.local' is listed twice (first at web.ingress.hosts[0])"));
        assertTrue(at(problems(dir, "services:\n  app:\n    image: {repository: " + "a".repeat(300) + ", tag: \"1.0.0\"}\n"),
                "services.app.image.repository").message().contains("takes at most 255"));
        // a long global registry counts for the services' images, not for the components' (pulled as written)
        List<SpecProblem> registry = problems(dir, "global: {imageRegistry: " + "r".repeat(200) + ".example.com}\n"
                + SERVICE.replace("neotool-app", "neotool-app-" + "x".repeat(45)));
        assertTrue(at(registry, "services.app.image.repository").message().contains("with its registry"), registry::toString);
        assertTrue(registry.stream().noneMatch(p -> p.path().startsWith("observability")), registry::toString);
    }

    /** A key whose empty value would stand for nothing is refused empty, naming what it is. */
    @Test
    void aKeyWithoutADefaultIsRefusedEmpty() {
        SpecProblem p = at(problems(dir, SERVICE + "observability: {prometheus: {retention: \"\"}}\n"),
                "observability.prometheus.retention");
        assertTrue(p.message().startsWith("is empty, and has no default to stand for; give it a value (How long samples"),
                p.message());
        assertTrue(at(problems(dir, SERVICE + "cluster: {node: {cpu: \"\"}}\n"), "cluster.node.cpu").message()
                .contains("is empty"));
    }

    /** A mode that is not one is said once, at vault.mode, without the advice that depends on the mode. */
    @Test
    void anUnknownVaultModeIsOneProblem() {
        List<SpecProblem> problems = problems(dir, SERVICE + "vault: {mode: DEV}\n");
        assertTrue(at(problems, "vault.mode").message().contains("is not one of dev, standalone, ha"), problems.toString());
        assertTrue(problems.stream().noneMatch(p -> p.path().equals("vault.token.create")), problems.toString());
        assertFalse(at(problems(dir, SERVICE + "vault: {mode: \"\"}\n"), "vault.mode").message().contains("did you mean"));
    }

    /** A namespace that is not declared, where none is: said in words, not as an empty list. */
    @Test
    void noDeclaredNamespaceIsSaidInWords() {
        List<SpecProblem> problems = problems(dir, "namespaces: {}\n" + SERVICE);
        assertTrue(problems.stream().anyMatch(p -> p.message().contains("is not declared under namespaces: none is declared")),
                problems.toString());
        assertTrue(problems.stream().noneMatch(p -> p.message().contains("namespaces: ;")), problems.toString());
    }

    @Test
    void serviceNamesAreStringsAndServiceNamesOfAtMost47() throws IOException {
        SpecProblem number = at(problems(dir, "services:\n  123:\n    image: {repository: neotool-app, tag: \"1.0.0\"}\n"),
                "services.123");
        assertEquals(2, number.line());
        assertTrue(number.message().contains("integer") && number.message().contains("quote it"), number.message());
        for (String name : List.of("App_1", "2fa", "a" + "b".repeat(ServiceSpec.MAX_NAME))) {
            SpecProblem p = at(problems(dir, "services:\n  " + name + ":\n    image: {repository: neotool-app, tag: \"1.0.0\"}\n"),
                    "services." + name);
            assertTrue(p.line() > 0, p.toString());
            assertTrue(p.message().contains("DNS-1035 label of at most 47") && p.message().contains("smoke-readiness-<name>"),
                    p.message());
        }
        String longest = "a" + "b".repeat(ServiceSpec.MAX_NAME - 1);
        assertTrue(load(dir, "services:\n  " + longest + ":\n    image: {repository: neotool-app, tag: \"1.0.0\"}\n")
                .base().services().containsKey(longest), "47 characters are allowed");
    }

    /** A number with a leading zero: octal to Helm (010 is 8), decimal to a YAML 1.1 reader; refused, not guessed. */
    @Test
    void anIntegerWithALeadingZeroIsRefused() throws IOException {
        SpecProblem p = at(problems(dir, SERVICE + "    replicas: 010\n"), "services.app.replicas");
        assertTrue(p.message().contains("integer 010 has a leading zero, which Helm reads as octal"), p.message());
        assertEquals(4, p.line());
        assertEquals(10, load(dir, SERVICE + "    replicas: 10\n").base().services().get("app").replicas());
    }

    /** Names Kubernetes owns in every cluster are refused: its own namespaces, and a service named like the default ServiceAccount. */
    @Test
    void kubernetesOwnNamespacesAndTheDefaultServiceAccountAreNotThePlatforms() {
        for (String ns : List.of("default", "kube-system", "kube-public", "kube-node-lease")) {
            SpecProblem p = at(problems(dir, "namespaces:\n  " + ns + ": {}\n" + SERVICE.replace("    image:", "    namespace: " + ns
                    + "\n    image:")), "namespaces." + ns);
            assertTrue(p.message().contains("is Kubernetes' own, in every cluster") && p.message().contains("use a namespace of the "
                    + "platform's own"), p.message());
        }
        SpecProblem named = at(problems(dir, SERVICE.replace("  app:", "  default:")), "services.default");
        assertTrue(named.message().contains("names the ServiceAccount Kubernetes makes in every namespace"), named.message());
    }

    /** A ServiceAccount named by the spec is the service's alone in its namespace: Helm refuses to render two of one name. */
    @Test
    void aServiceAccountOfItsOwnNameTakesNoneOfTheNamespacesOthers() throws IOException {
        String two = SERVICE + "    serviceAccount: {name: %s}\n  billing:\n    image: {repository: neotool-billing, tag: \"1.0.0\"}\n"
                + "    serviceAccount: {name: %s}\n";
        String path = "services.app.serviceAccount.name";
        assertTrue(at(problems(dir, two.formatted("default", "billing")), path).message()
                .startsWith("'default' is the namespace's default ServiceAccount"));
        assertTrue(at(problems(dir, two.formatted("smoke-database", "billing")), path).message()
                .startsWith("'smoke-database' is already ServiceAccount smoke-database (the postgres chart's helm test"));
        assertTrue(at(problems(dir, two.formatted("billing", "billing")), path).message()
                .startsWith("'billing' is already the ServiceAccount of service billing in its namespace"));
        assertTrue(at(problems(dir, two.formatted("smoke-billing", "billing")), path).message()
                .startsWith("'smoke-billing' is already the ServiceAccount of service billing's helm test"));
        String shared = at(problems(dir, two.formatted("backend", "backend")), "services.billing.serviceAccount.name").message();
        assertTrue(shared.startsWith("'backend' is already the ServiceAccount of service app in its namespace"), shared);
        load(dir, two.formatted("app-runtime", "billing")); // a name of its own, and billing's own name
    }

    @Test
    void podLabelsAnnotationsAndNodeSelectorsAreWhatTheApiServerTakes() {
        List<SpecProblem> problems = problems(dir, "services:\n  app:\n    image: {repository: neotool-app, tag: \"1.0.0\"}\n"
                + "    podLabels: {team: \"Payments Team\", Example.com/x: y, ok: fine}\n"
                + "    podAnnotations: {\"bad key!\": any value at all, example.com/fine: \"any value: at all\"}\n"
                + "    nodeSelector: {\"disk type\": ssd}\n");
        assertEquals(List.of(
                "services.app.podLabels.team: 'Payments Team' is not a label value",
                "services.app.podLabels.Example.com/x: 'Example.com/x' is not a label or annotation key",
                "services.app.podAnnotations.bad key!: 'bad key!' is not a label or annotation key",
                "services.app.nodeSelector.disk type: 'disk type' is not a label or annotation key"),
                problems.stream().map(p -> p.path() + ": " + p.message().substring(0, p.message().indexOf(" ("))).toList());
        assertTrue(problems.stream().allMatch(p -> p.line() >= 3), problems.toString());
    }

    @Test
    void aServicesTolerationsAreWhatTheApiServerTakes() {
        SpecProblem p = at(problems(dir, "services:\n  app:\n    image: {repository: neotool-app, tag: \"1.0.0\"}\n"
                + "    tolerations:\n      - {key: dedicated, value: db, effect: NoScheduel}\n"), "services.app.tolerations[0]");
        assertTrue(p.message().startsWith("effect 'NoScheduel' is none of NoSchedule"), p.message());
        assertTrue(p.line() >= 3, p.toString());
        SpecProblem seconds = at(problems(dir, "services:\n  app:\n    image: {repository: neotool-app, tag: \"1.0.0\"}\n"
                + "    tolerations:\n      - {key: dedicated, operator: Exists, effect: NoExecute, tolerationSeconds: 30s}\n"),
                "services.app.tolerations[0]");
        assertTrue(seconds.message().startsWith("tolerationSeconds '30s' is not a whole number of seconds"), seconds.message());
        SpecProblem octal = at(problems(dir, "services:\n  app:\n    image: {repository: neotool-app, tag: \"1.0.0\"}\n"
                + "    tolerations:\n      - {key: dedicated, operator: Exists, effect: NoExecute, tolerationSeconds: \"0300\"}\n"),
                "services.app.tolerations[0]");
        assertTrue(octal.message().contains("without a leading zero"), octal.message());
    }

    /** Every list of ports holds TCP ports, the observability chart's to the kubelet and the API server too. */
    @Test
    void everyPortListHoldsTcpPorts() {
        SpecProblem p = at(problems(dir, SERVICE + "observability:\n  kubelet: {networkPolicy: {ports: [10250, 70000]}}\n"),
                "observability.kubelet.networkPolicy.ports[1]");
        assertEquals("70000 is not a TCP port (1 to 65535)", p.message());
        SpecProblem api = at(problems(dir, SERVICE + "observability:\n  networkPolicy: {apiServer: {ports: [0]}}\n"),
                "observability.networkPolicy.apiServer.ports[0]");
        assertEquals("0 is not a TCP port (1 to 65535)", api.message());
    }

    @Test
    void aRollingUpdateAddsOrTakesDownAPod() {
        SpecProblem p = at(problems(dir, "services:\n  app:\n    image: {repository: neotool-app, tag: \"1.0.0\"}\n"
                + "    rollingUpdate: {maxSurge: 0, maxUnavailable: 0}\n"), "services.app.rollingUpdate");
        assertTrue(p.message().startsWith("maxSurge and maxUnavailable are both 0: Kubernetes refuses the Deployment"), p.message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"99999999999999999999999.0.0", "1.18446744073709551616.0", "01.2.3", "1.2", "v1.2.3"})
    void chartVersionIsOneHelmAccepts(String version) {
        SpecProblem p = at(problems(dir, "chart: {version: \"" + version + "\"}\n" + SERVICE), "chart.version");
        assertEquals(1, p.line());
    }

    /** A mirror is a registry host to a host and path: a URL or a bare path on either side is named. */
    @Test
    void anImageMirrorIsARegistryHostToAHostAndPath() throws IOException {
        assertEquals(java.util.Map.of("docker.io", "harbor.corp.example/hub"), load(dir, "global:\n  imageMirrors:\n"
                + "    docker.io: harbor.corp.example/hub\n" + SERVICE).base().global().imageMirrors());
        SpecProblem url = at(problems(dir, "global:\n  imageMirrors:\n    \"https://docker.io\": harbor.corp.example/hub\n"
                + SERVICE), "global.imageMirrors.https://docker.io");
        assertTrue(url.message().contains("is not a registry host"), url.message());
        SpecProblem mirror = at(problems(dir, "global:\n  imageMirrors:\n    ghcr.io: \"https://harbor.corp.example\"\n"
                + SERVICE), "global.imageMirrors.ghcr.io");
        assertTrue(mirror.message().contains("is not a mirror"), mirror.message());
        // a bare word is a path on Docker Hub, not a host, on either side
        assertTrue(at(problems(dir, "global:\n  imageMirrors:\n    registry: harbor.corp.example/hub\n" + SERVICE),
                "global.imageMirrors.registry").message().contains("is not a registry host"));
        assertTrue(at(problems(dir, "global:\n  imageMirrors:\n    docker.io: harbor/hub\n" + SERVICE),
                "global.imageMirrors.docker.io").message().contains("is not a mirror"));
    }

    /** A PriorityClass by a chart of the platform, named as Kubernetes names one, and not one of its system- classes. */
    @Test
    void aPriorityClassIsGivenToAChartOfThePlatformByName() throws IOException {
        assertEquals(java.util.Map.of("postgres", "neotool-data"), load(dir, "global:\n  priorityClassNames:\n"
                + "    postgres: neotool-data\n" + SERVICE).base().global().priorityClassNames());
        SpecProblem chart = at(problems(dir, "global:\n  priorityClassNames:\n    postgress: neotool-data\n" + SERVICE),
                "global.priorityClassNames.postgress");
        assertTrue(chart.message().contains("is not a chart or service of the platform (did you mean postgres?)"), chart.message());
        assertTrue(at(problems(dir, "global:\n  priorityClassNames:\n    kafka: Neotool_Data\n" + SERVICE),
                "global.priorityClassNames.kafka").message().contains("is not a PriorityClass name"));
        assertTrue(at(problems(dir, "global:\n  priorityClassNames:\n    vault: system-cluster-critical\n" + SERVICE),
                "global.priorityClassNames.vault").message().contains("only to pods in kube-system"));
    }

    /** A placement names a component chart (a service has its own keys), node labels and tolerations the API server takes. */
    @Test
    void aPlacementIsGivenToAComponentChartByName() throws IOException {
        PlatformSpec.Placement data = load(dir, "global:\n  placement:\n    postgres: {nodeSelector: {pool: data}}\n" + SERVICE)
                .base().global().placement().get("postgres");
        assertEquals(java.util.Map.of("pool", "data"), data.nodeSelector());
        assertEquals(List.of(), data.tolerations());
        assertTrue(at(problems(dir, "global:\n  placement:\n    postgress: {nodeSelector: {pool: data}}\n" + SERVICE),
                "global.placement.postgress").message().contains("is not a component chart (did you mean postgres?)"));
        assertTrue(at(problems(dir, "global:\n  placement:\n    app: {nodeSelector: {pool: data}}\n" + SERVICE),
                "global.placement.app").message().contains("it is a service, whose placement is its own (services.app.nodeSelector"));
        assertTrue(at(problems(dir, "global:\n  placement:\n    kafka: {tolerations: [{key: dedicated, operator: In}]}\n" + SERVICE),
                "global.placement.kafka.tolerations[0]").message().contains("operator 'In' is neither Equal nor Exists"));
        assertTrue(at(problems(dir, "global:\n  placement:\n    vault: {nodeSelector: {\"not a key\": x}}\n" + SERVICE),
                "global.placement.vault.nodeSelector.not a key").message().contains("is not a label"));
    }

    /** Object storage at private addresses is an r2 or s3 provider's; each range names its ports. */
    @Test
    void objectStorageAddressesAreAnOutsideProvidersWithTheirPorts() throws IOException {
        assertTrue(at(problems(dir, "global:\n  objectStorage: {addresses: [{cidr: 10.20.0.0/24, ports: [9000]}]}\n" + SERVICE),
                "global.objectStorage.addresses").message().contains("are an r2 or s3 provider's"));
        assertTrue(at(problems(dir, "global:\n  objectStorage: {provider: s3, secretName: object-storage, addresses: "
                + "[{cidr: 10.20.0.0/24, ports: []}]}\n" + SERVICE), "global.objectStorage.addresses[0].ports").message()
                .contains("name the TCP ports"));
        assertEquals(1, load(dir, "global:\n  objectStorage: {provider: s3, secretName: object-storage, addresses: "
                + "[{cidr: 10.20.0.0/24, ports: [9000]}]}\n" + SERVICE).base().global().objectStorage().addresses().size());
    }

    /** An egress to an address range without ports would open every port of it: the spec refuses it, the chart too. */
    @Test
    void anEgressToAnAddressRangeNamesItsPorts() {
        assertTrue(at(problems(dir, SERVICE + "observability:\n  networkPolicy:\n    apiServer: {ports: []}\n"),
                "observability.networkPolicy.apiServer.ports").message().contains("none would open every port of 0.0.0.0/0"));
        assertTrue(at(problems(dir, SERVICE + "observability:\n  kubelet:\n    networkPolicy: {cidrs: [10.0.0.0/20, 10.0.16.0/20], "
                + "ports: []}\n"), "observability.kubelet.networkPolicy.ports").message()
                .contains("none would open every port of 10.0.0.0/20, 10.0.16.0/20"));
        assertTrue(at(problems(dir, SERVICE + "observability:\n  networkPolicy:\n    apiServer: {cidrs: []}\n"),
                "observability.networkPolicy.apiServer.cidrs").message().contains("an egress rule to none would admit every address"));
        assertTrue(at(problems(dir, SERVICE + "observability:\n  networkPolicy:\n    apiServer: {cidrs: [10.0.0.300/32]}\n"),
                "observability.networkPolicy.apiServer.cidrs[0]").message().contains("is not"));
    }

    /** The cluster DNS: pods by some labels, some ports, caches by range. */
    @Test
    void theClusterDnsIsNamedByLabelsPortsAndRanges() throws IOException {
        PlatformSpec.Dns dns = load(dir, "global:\n  networkPolicy:\n    dns: {podLabels: {dns.operator.openshift.io/daemonset-dns: "
                + "default}, ports: [53, 5353], cidrs: [169.254.20.10/32]}\n" + SERVICE).base().global().networkPolicy().dns();
        assertEquals(java.util.Map.of("dns.operator.openshift.io/daemonset-dns", "default"), dns.podLabels());
        assertEquals(List.of(53, 5353), dns.ports());
        List<SpecProblem> wrong = problems(dir, "global:\n  networkPolicy:\n    dns: {podLabels: {\"not a key\": x}, ports: [], "
                + "cidrs: [169.254.20.10]}\n" + SERVICE);
        assertTrue(at(wrong, "global.networkPolicy.dns.podLabels.not a key").message().contains("is not a label"), wrong.toString());
        assertTrue(at(wrong, "global.networkPolicy.dns.ports").message().contains("name the ports"), wrong.toString());
        assertTrue(at(wrong, "global.networkPolicy.dns.cidrs[0]").message().contains("is not an IPv4 or IPv6 CIDR"), wrong.toString());
    }

    /** Without a chart.version in the spec the pom's version is the charts': Maven's '1.0-SNAPSHOT' is named as that. */
    @Test
    void aProjectVersionThatIsNotSemVerNamesThePom() throws IOException {
        Path file = Files.writeString(dir.resolve("neotool.yaml"), SERVICE);
        SpecProblem p = at(assertThrows(SpecException.class, () -> new SpecLoader().load(file, "1.0-SNAPSHOT")).problems(),
                "chart.version");
        assertTrue(p.message().startsWith("'1.0-SNAPSHOT' is not a SemVer 2 version") && p.message().contains("pom.xml <version>")
                && p.message().contains("1.0.0-SNAPSHOT"), p.message());
    }

    /** The service chart is named and linted as a release <name>-service, and Helm takes 53 characters at most. */
    @Test
    void aChartNameLeavesRoomForTheServiceChartsReleaseName() throws IOException {
        String longest = "p".repeat(45);
        assertEquals(longest + "-service", io.neotool.charts.values.ValuesTrees.serviceChart(load(dir, "chart: {name: " + longest + "}\n" + SERVICE).base()));
        SpecProblem p = at(problems(dir, "chart: {name: " + longest + "q}\n" + SERVICE), "chart.name");
        assertTrue(p.message().contains("at most 45 characters (46 here): the service chart <name>-service is installed and "
                + "linted under its own name, and Helm takes a release name of at most 53"), p.message());
    }

    /** The umbrella and a component's chart are packaged side by side, by name and version. */
    @ParameterizedTest
    @ValueSource(strings = {"postgres", "observability"})
    void aChartNameIsNotAComponentsChartName(String name) {
        SpecProblem p = at(problems(dir, "chart: {name: " + name + "}\n" + SERVICE), "chart.name");
        assertEquals(1, p.line());
        assertTrue(p.message().contains("'" + name + "' is the name of the " + name + " component's chart")
                && p.message().endsWith("choose another chart.name"), p.message());
    }

    @Test
    void theLargestVersionHelmReadsIsAccepted() throws IOException {
        load(dir, "chart: {version: \"18446744073709551615.0.0-rc.1+build.5\"}\n" + SERVICE);
    }

    @Test
    void anEnvironmentCannotInventAService() {
        List<SpecProblem> problems = problems(dir, TWO_SERVICES
                + "environments:\n  prod:\n    services:\n      securiti:\n        replicas: 2\n");
        // said once, with nothing of the stray entry's own (its image, say); prod's other problems are said beside it
        List<SpecProblem> strays = problems.stream().filter(q -> q.path().startsWith("environments.prod: services.securiti")).toList();
        assertEquals(1, strays.size(), problems.toString());
        SpecProblem p = strays.get(0);
        assertEquals("environments.prod: services.securiti", p.path());
        assertEquals(9, p.line(), "the line of the key 'securiti:'");
        assertTrue(p.message().contains("did you mean 'security'?"), p.message());
    }

    /** An environment's block is read key by key before its merge keeps one of each: a duplicate there is said. */
    @Test
    void aDuplicateKeyInAnEnvironmentIsNotDroppedByTheMerge() {
        List<SpecProblem> env = problems(dir, SERVICE + "    replicas: 2\nenvironments:\n  dev:\n    services:\n"
                + "      app:\n        replicas: 3\n        replicas: 4\n");
        SpecProblem p = at(env, "environments.dev: services.app.replicas");
        assertTrue(p.message().startsWith("duplicate key 'replicas' (first at line 9)"), p.message());
        assertEquals(10, p.line());

        // the base's duplicate, overridden by the environment: said once, for the base
        List<SpecProblem> base = problems(dir, SERVICE + "    replicas: 2\n    replicas: 5\nenvironments:\n  dev:\n"
                + "    services:\n      app: {replicas: 3}\n");
        assertEquals(1, base.size(), base::toString);
        assertEquals("services.app.replicas", base.get(0).path());
        assertEquals(5, base.get(0).line());
    }

    @Test
    void theSpecsOwnMistakesAreSaidInItsWords() {
        SpecProblem merge = at(problems(dir, SERVICE + "  other:\n    <<: {image: {repository: x, tag: \"1\"}}\n"), "services.other.<<");
        assertTrue(merge.message().startsWith("YAML merge keys ('<<') are not read in the spec: write the keys out"), merge.message());

        SpecProblem hex = at(problems(dir, SERVICE + "    replicas: 0x10\n"), "services.app.replicas");
        assertTrue(hex.message().contains("is not written in decimal"), hex.message());

        SpecProblem path = at(problems(dir, SERVICE + "    probes: {readiness: {path: health}}\n"), "services.app.probes.readiness.path");
        assertTrue(path.message().contains("is not an absolute path: it starts with '/'"), path.message());

        List<SpecProblem> capitals = problems(dir, SERVICE + "    namespace: Neotool-App\n");
        SpecProblem ns = at(capitals, "services.app.namespace");
        assertTrue(ns.message().contains("'Neotool-App' is not a DNS-1123 label"), ns.message());
        assertTrue(capitals.stream().noneMatch(p -> p.message().contains("'Neotool-App' is not declared")), capitals::toString);

        SpecProblem yaml = problems(dir, SERVICE + "  other:\n    image: {repository: x\n    replicas: 2\n").get(0);
        assertTrue(yaml.message().startsWith("malformed YAML") && yaml.message().contains("the mistake is here or just before"),
                yaml.message());

        SpecProblem env = at(problems(dir, SERVICE + "environments:\n  prod: yes\n"), "environments.prod");
        assertTrue(env.message().startsWith("expected a mapping"), env.message());

        SpecProblem peers = at(problems(dir, SERVICE + "    networkPolicy: {ingress: [web]}\n"), "services.app.networkPolicy.ingress");
        assertTrue(peers.message().startsWith("expected a mapping (name: {namespace, app, port} per entry), found a list"),
                peers.message());
    }

    /** A namespace a component takes by default, missing from a namespaces: list the spec writes: said at that list. */
    @Test
    void anIncompleteNamespacesListIsWhereItsProblemsAre() {
        List<SpecProblem> problems = problems(dir, SERVICE + "namespaces:\n  neotool-app: {}\n");
        SpecProblem vault = at(problems, "vault.namespace");
        assertEquals(4, vault.line(), "the line of 'namespaces:': " + vault);
    }

    /** A problem about a mapping is at its key's line: the environment's key where it writes one, else the base's, said once. */
    @Test
    void aMappingsProblemIsAtTheLineOfItsKey() {
        String probe = "{path: /same, initialDelaySeconds: 1, periodSeconds: 1, timeoutSeconds: 1, failureThreshold: 1}";
        String probes = "    probes:\n      liveness: " + probe + "\n      readiness: " + probe + "\n";
        List<SpecProblem> base = problems(dir, SERVICE + probes + "environments:\n  dev:\n    services:\n      app: {replicas: 2}\n");
        assertEquals(1, base.size(), "said once, for the base: " + base);
        assertEquals("services.app.probes", base.get(0).path());
        assertEquals(4, base.get(0).line(), "the line of 'probes:'");

        List<SpecProblem> env = problems(dir, SERVICE + "environments:\n  dev:\n    services:\n      app:\n" + probes.replace("\n    ", "\n        ").replaceFirst("^    ", "        "));
        SpecProblem p = at(env, "environments.dev: services.app.probes");
        assertEquals(8, p.line(), "the line of the environment's 'probes:'");
    }

    @Test
    void anEnvironmentMayOverrideAndAddPlainEntries() throws IOException {
        Spec spec = load(dir, SERVICE + "    env: {A: \"1\"}\n"
                + "environments:\n  dev:\n    services:\n      app:\n        env: {B: \"2\"}\n");
        assertEquals(List.of("A", "B"), List.copyOf(spec.environments().get("dev").services().get("app").env().keySet()));
    }

    @Test
    void aNullMapEntryIsAnErrorNotAHalfFilledObject() {
        SpecProblem env = at(problems(dir, SERVICE + "    env:\n      A: null\n"), "services.app.env.A");
        assertEquals(5, env.line());
        SpecProblem service = at(problems(dir, SERVICE + "  security: ~\n"), "services.security");
        assertTrue(service.message().contains("no value"), service.message());
        SpecProblem key = at(problems(dir, SERVICE + "    replicas:\n"), "services.app.replicas");
        assertTrue(key.message().contains("'replicas' has no value (null)"), key.message());
        assertEquals(4, key.line());
    }

    @Test
    void binaryInvalidUtf8AndNulBytesNameTheFileAndLine() throws IOException {
        Path file = dir.resolve("neotool.yaml");
        Files.write(file, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0});
        assertOneLine(file, "NUL byte");
        Files.write(file, "services:\n  app:\n    image: {repository: n\u0000x}\n".getBytes());
        assertEquals(3, assertOneLine(file, "NUL byte").line());
        Files.write(file, new byte[] {'a', ':', ' ', '1', '\n', 'b', ':', ' ', (byte) 0xc3, (byte) 0x28, '\n'});
        assertEquals(2, assertOneLine(file, "not valid UTF-8").line());
    }

    @Test
    void aliasBombsDeepNestingAndHugeFilesAreRefused() throws IOException {
        Path file = dir.resolve("neotool.yaml");
        StringBuilder bomb = new StringBuilder("a0: &a0 [x, x]\n");
        for (int i = 1; i < 40; i++) {
            bomb.append("a").append(i).append(": &a").append(i).append(" [*a").append(i - 1).append(", *a").append(i - 1).append("]\n");
        }
        Files.writeString(file, bomb.toString());
        assertOneLine(file, "too many aliases");
        Files.writeString(file, "chart: {name: shop}\na: " + "[".repeat(200) + "]".repeat(200) + "\n");
        SpecProblem deep = assertOneLine(file, "nested too deep");
        assertEquals(2, deep.line(), "the line where the nesting passes the limit");
        assertEquals(3 + SpecLoader.MAX_DEPTH, deep.column(), "the bracket that passes it");
        Files.writeString(file, "a: \"" + "x".repeat(SpecLoader.MAX_BYTES) + "\"\n");
        assertOneLine(file, "more than a spec may be");
    }

    private static SpecProblem assertOneLine(Path file, String expected) {
        SpecException e = assertThrows(SpecException.class, () -> new SpecLoader().load(file, "1.2.3"));
        assertEquals(1, e.problems().size(), e.problems().toString());
        String text = e.problems().get(0).toString();
        assertTrue(text.startsWith(file.toString()), text);
        assertTrue(text.contains(expected), text);
        assertFalse(text.contains("\n") || text.matches(".*\\b(java|org)\\.[a-z]+\\..*") || text.contains("Exception"), text);
        return e.problems().get(0);
    }
}
