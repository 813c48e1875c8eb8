package io.neotool.charts.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every class that defines lint rules is gathered by {@link Rules}: a rule defined beside its code is never lost. */
class RuleSetsTest {
    @Test
    void everyDefinedRuleIsARuleOfTheLinter() throws Exception {
        List<Rule> defined = new ArrayList<>();
        for (Class<?> type : verifyClasses()) {
            for (Field field : type.getDeclaredFields()) {
                if (field.getType() == RuleSet.class && Modifier.isStatic(field.getModifiers())) {
                    field.setAccessible(true);
                    defined.addAll(((RuleSet) field.get(null)).rules());
                }
            }
        }
        assertFalse(defined.isEmpty(), "no class of the verify package defines a rule");
        assertTrue(Rules.all().containsAll(defined), "rules defined but not gathered by Rules: "
                + defined.stream().filter(r -> !Rules.all().contains(r)).map(Rule::id).toList());
        assertEquals(defined.size(), Rules.all().size(), "Rules gathers a rule no class defines");
    }

    private static List<Class<?>> verifyClasses() throws IOException, ClassNotFoundException {
        Path dir = Path.of("target", "classes", "io", "neotool", "charts", "verify");
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                String name = f.getFileName().toString().replace(".class", "");
                classes.add(Class.forName("io.neotool.charts.verify." + name));
            }
        }
        return classes;
    }
}
