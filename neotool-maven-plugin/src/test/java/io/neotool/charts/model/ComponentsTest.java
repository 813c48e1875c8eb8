package io.neotool.charts.model;

import static io.neotool.charts.TestSpecs.SERVICE;
import static io.neotool.charts.TestSpecs.load;
import static io.neotool.charts.TestSpecs.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.TestPaths;
import io.neotool.charts.render.TemplateSource;
import io.neotool.charts.values.ValueNode;
import io.neotool.charts.values.ValuesTrees;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The declarations of {@link Components}, and what is derived from them in the model. */
class ComponentsTest {
    @TempDir
    Path dir;

    @Test
    void everyKeyOfTheSpecIsDescribedOnceByItsDocOrItsDeclaration() {
        for (RecordComponent key : PlatformSpec.class.getRecordComponents()) {
            boolean documented = key.getAnnotation(Doc.class) != null;
            boolean declared = Components.subchart(key.getName()).isPresent();
            assertTrue(documented != declared, "PlatformSpec." + key.getName() + " needs a @Doc or, for a component subchart, "
                    + "a declaration in Components, not both (documented: " + documented + ", declared: " + declared + ")");
        }
    }

    @Test
    void theReservedNamesAreTheUmbrellaValuesKeysOtherThanTheServices() {
        Set<String> keys = ValuesTrees.umbrella(PlatformSpec.DEFAULTS).children().stream().map(ValueNode::key)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(keys, Components.RESERVED_NAMES, "a service named like one of these would overwrite it in values.yaml");
        assertEquals(Components.RESERVED_NAMES, SpecValidator.RESERVED_NAMES);
    }

    static List<String> reservedNames() {
        return List.copyOf(Components.RESERVED_NAMES);
    }

    @ParameterizedTest
    @MethodSource("reservedNames")
    void aServiceMayNotTakeAReservedName(String name) {
        List<SpecProblem> problems = problems(dir, "services:\n  " + name + ":\n    image: {repository: x, tag: \"1.0.0\"}\n");
        assertTrue(problems.stream().anyMatch(p -> p.path().equals("services." + name)
                && p.message().equals("'" + name + "' is a reserved values key; rename the service")), problems::toString);
    }

    @Test
    void thePlatformAndDatabaseEnvAreWhatTheServiceChartSets() throws IOException {
        String deployment = Files.readString(TestPaths.templates().resolve(
                Components.SERVICE.templates() + "templates/deployment.yaml"));
        Set<String> set = new TreeSet<>();
        Matcher m = Pattern.compile("(?:set \\$platform(?:Secret)?Env|\\$platformEnv := dict) \"([A-Z0-9_]+)\"").matcher(deployment);
        while (m.find()) {
            set.add(m.group(1));
        }
        assertFalse(set.isEmpty(), "the service chart sets no env from platform: has the template changed?");
        Set<String> documented = new TreeSet<>(ServiceSpec.Platform.ENV);
        documented.addAll(ServiceSpec.VAULT_ENV);
        documented.addAll(ServiceSpec.PORT_ENV);
        documented.addAll(ServiceSpec.METRICS_ENV);
        documented.addAll(ServiceSpec.POOL_ENV);
        documented.addAll(ServiceSpec.JVM_ENV);
        assertEquals(set, documented, "the @Doc(env) of ServiceSpec.Platform's, vaultInit's, port's, metrics' and javaToolOptions' keys name "
                + "what the template sets");
        assertEquals(ServiceSpec.Platform.ENV, SpecValidator.PLATFORM_ENV);

        Matcher database = Pattern.compile("range \\$name := list ((\"[A-Z0-9_]+\" ?)+)").matcher(deployment);
        assertTrue(database.find(), "the service chart's deployment.yaml no longer lists the database env");
        Set<String> fromDatabase = new TreeSet<>(List.of(database.group(1).replace("\"", "").trim().split(" ")));
        fromDatabase.addAll(ServiceSpec.POOL_ENV);
        assertEquals(fromDatabase, ServiceSpec.DATABASE_ENV,
                "the @Doc(env) of ServiceSpec.database names what the template reads from the database Secret, and the pool size");
        assertEquals(ServiceSpec.DATABASE_ENV, SpecValidator.DATABASE_ENV);
    }

    static List<String> platformEnv() {
        return List.copyOf(ServiceSpec.Platform.ENV);
    }

    @ParameterizedTest
    @MethodSource("platformEnv")
    void aServiceMayNotSetPlatformEnvAgain(String name) {
        List<SpecProblem> problems = problems(dir, SERVICE + "    env: {" + name + ": x}\n");
        assertTrue(problems.stream().anyMatch(p -> p.path().equals("services.app.env." + name)
                && p.message().contains("is set from platform.*")), problems::toString);
    }

    @Test
    void aNewDeclaredSubchartIsAReservedName() {
        Component queue = new Component("queue", "A queue", List.of(), "neotool-queue", List.of(), KafkaSpec.class, PlatformSpec::kafka,
                spec -> "1.0", List.of());
        assertTrue(Components.reservedNames(List.of(queue)).contains("queue"));
        assertFalse(Components.reservedNames(List.of()).contains("queue"));
    }

    @Test
    void eachDeclaredNamespaceIsTheDefaultOfItsRecordAndAPlanNamespace() {
        for (Component c : Components.SUBCHARTS) {
            Record defaults = (Record) c.sectionOf(PlatformSpec.DEFAULTS);
            assertEquals(c.namespace(), Component.read(defaults, "namespace"), c.chart());
            assertTrue(PlatformSpec.PLAN_NAMESPACES.containsKey(c.namespace()), c.chart());
        }
        assertEquals(Components.SERVICE.namespace(), ServiceSpec.DEFAULTS.namespace());
        assertTrue(PlatformSpec.PLAN_NAMESPACES.containsKey(Components.SERVICE.namespace()));
        // chart.namespacePrefix replaces the plan's prefix: every plan namespace carries it
        PlatformSpec.PLAN_NAMESPACES.keySet().forEach(ns -> assertTrue(ns.startsWith(PlatformSpec.ChartInfo.PLAN_PREFIX + "-"), ns));
    }

    @Test
    void whetherASubchartIsDeployedIsReadFromItsSection() throws IOException {
        String allOff = Components.SUBCHARTS.stream().map(c -> c.chart() + ": {enabled: false}\n").collect(Collectors.joining());
        PlatformSpec spec = load(dir, SERVICE + allOff).base();
        for (Component c : Components.SUBCHARTS) {
            assertFalse(c.enabledIn(spec), c.chart());
        }
    }

    @Test
    void theServiceChartIsDeployedWhenTheSpecHasAService() throws IOException {
        assertTrue(Components.KAFKA.enabledIn(PlatformSpec.DEFAULTS));
        assertFalse(Components.SERVICE.enabledIn(PlatformSpec.DEFAULTS), "no service, no service chart");
        assertTrue(Components.SERVICE.enabledIn(load(dir, SERVICE).base()));
    }

    @Test
    void everyDeclaredChartHasItsTemplates() throws IOException {
        Set<String> templates = TemplateSource.classpath().files().keySet();
        for (Component c : Components.ALL) {
            assertTrue(templates.stream().anyMatch(path -> path.startsWith(c.templates())),
                    c.chart() + ": no templates under " + c.templates());
        }
    }

    @Test
    void aSubchartMustBeAKeyOfTheSpecWithEnabled() {
        Component notAKey = new Component("queue", "A queue", List.of(), "neotool-queue", List.of(), KafkaSpec.class, PlatformSpec::kafka,
                spec -> "1.0", List.of());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Components.subcharts(notAKey)).getMessage()
                .contains("PlatformSpec has no component 'queue'"));
        Component wrongRecord = new Component("kafka", "Kafka", List.of(), "neotool-messaging", List.of(), MinioSpec.class,
                PlatformSpec::minio, spec -> "1.0", List.of());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Components.subcharts(wrongRecord)).getMessage()
                .contains("not the declared MinioSpec"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Components.subcharts(Components.KAFKA, Components.KAFKA))
                .getMessage().contains("declared twice"));
        // its namespace must be one the spec checks is declared
        Component unmarked = new Component("queue", "A queue", List.of(), "neotool-queue", List.of(), Unmarked.class, spec -> null,
                spec -> "1.0", List.of());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Components.subcharts(unmarked)).getMessage()
                .contains("Unmarked needs a 'namespace' component marked @DeclaredNamespace"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Component("Queue", "", List.of(), "ns", List.of(),
                KafkaSpec.class, PlatformSpec::kafka, spec -> "", List.of())).getMessage().contains("DNS-1123"));
    }

    /** A component record whose namespace the spec would not check. */
    record Unmarked(boolean enabled, String namespace) {}
}
