package io.neotool.charts.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.neotool.charts.security.Rendered;
import io.neotool.charts.testtools.Manifests;
import io.neotool.charts.testtools.YamlTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The names a service may not take in a component's namespace ({@link ServiceRules#COMPONENT_SERVICES}, from each
 * declaration's {@link Component#services}) are the names of the Services the component charts render: every Service
 * of a component chart in the platform's dev and prod renders is declared by its chart.
 */
class ComponentServiceNamesTest {
    @Test
    void everyServiceAComponentChartRendersIsListed() {
        Rendered platform = Rendered.platform();
        Set<String> components = Components.SUBCHARTS.stream().map(Component::chart).collect(Collectors.toSet());
        Map<String, String> rendered = new TreeMap<>();
        List<Map<String, Object>> services = new ArrayList<>(platform.devManifests().ofKind("Service"));
        services.addAll(platform.prodManifests().ofKind("Service"));
        for (Map<String, Object> service : services) {
            Map<String, Object> metadata = YamlTree.map(service, "metadata");
            String chartLabel = String.valueOf(YamlTree.map(metadata, "labels").get("helm.sh/chart"));
            String chart = chartLabel.replaceFirst("-\\d+\\.\\d+\\.\\d+.*$", "");
            if (components.contains(chart)) {
                rendered.put((String) metadata.get("name"), chart);
            }
        }
        assertFalse(rendered.isEmpty(), Manifests.class.getSimpleName() + ": no component Service rendered");
        Map<String, String> missing = new TreeMap<>(rendered);
        missing.entrySet().removeIf(e -> e.getValue().equals(ServiceRules.COMPONENT_SERVICES.get(e.getKey())));
        assertEquals(Map.of(), missing, "Services of component charts their declarations in Components leave out (add "
                + "each name to the chart's services there)");
    }
}
