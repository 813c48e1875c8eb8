package io.neotool.charts.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.helm.HelmClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The warm-up's built-in release is valid Kubernetes that the rules get to see: a schema problem would stop the model
 * walk early, and an error would mean the release no longer looks like what the charts render (its warnings, such as
 * missing labels, are welcome: they run the rules' finding paths too).
 */
class LintWarmupTest {
    @Test
    void theBuiltInReleaseIsValidAndGoesThroughEveryCheck() {
        List<Finding> found = LintWarmup.check(HelmClient.DEFAULT_KUBE_VERSION);
        assertEquals(List.of(), found.stream().filter(f -> f.severity() == Severity.ERROR).toList());
        assertTrue(found.stream().noneMatch(f -> f.ruleId().equals(SchemaValidator.SCHEMA)), found.toString());
    }
}
