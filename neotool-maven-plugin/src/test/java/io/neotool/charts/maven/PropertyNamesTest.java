package io.neotool.charts.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** A -Dneotool.* property the plugin does not read: said, with the one meant where it is near, or where it is set. */
class PropertyNamesTest {
    private static List<String> said(String... names) {
        Properties user = new Properties();
        for (String name : names) {
            user.setProperty(name, "x");
        }
        return PropertyNames.unknown(user, name -> false);
    }

    @Test
    void aNearNameIsSuggestedComparedWithoutTheSharedPrefix() {
        assertTrue(said("neotool.lint.failOnWarnings").get(0).contains("(did you mean -Dneotool.lint.failOnWarning?)"),
                said("neotool.lint.failOnWarnings").toString());
        // far from every name once the shared "neotool." is set aside: no suggestion rather than a wrong one
        String far = said("neotool.lint.strictness").get(0);
        assertTrue(!far.contains("did you mean"), far);
    }

    @Test
    void aParameterOfThePomOnlyIsSaidToBeSetThere() {
        List<String> lines = said("neotool.valuesFiles", "neotool.lint.valuesFiles", "neotool.exemptions");
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.stream().allMatch(l -> l.contains("is set in the pom only: <configuration><")
                && !l.contains("did you mean")), lines.toString());
    }
}
