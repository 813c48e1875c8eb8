package io.neotool.charts.model;

import static io.neotool.charts.TestSpecs.PROD;
import static io.neotool.charts.TestSpecs.SERVICE;
import static io.neotool.charts.TestSpecs.load;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notices generate gives for a valid spec: replicas that autoscaling makes unused, where no environment uses them. */
class SpecNoticesTest {
    @TempDir
    Path dir;

    private static final String AUTOSCALED = "    autoscaling: {enabled: true, minReplicas: 2, maxReplicas: 5}\n";

    @Test
    void replicasBesideAutoscalingThatIsOnEverywhereAreSaidUnused() throws IOException {
        assertEquals(List.of("services.app.replicas: 3 is not used: autoscaling is on, so the HorizontalPodAutoscaler "
                        + "keeps 2 to 5 pods. Remove replicas, or set services.app.autoscaling.minReplicas."),
                SpecNotices.of(load(dir, SERVICE + "    replicas: 3\n" + AUTOSCALED)));
        assertEquals(List.of("services.app.replicas: 3 is not used: autoscaling is on in every environment, so the "
                        + "HorizontalPodAutoscaler keeps 2 to 5 pods. Remove replicas, or set services.app.autoscaling.minReplicas."),
                SpecNotices.of(load(dir, SERVICE + "    replicas: 3\n" + AUTOSCALED + "environments:\n  dev: {}\n")));
        // the router and web have both too, found by type
        assertEquals(List.of("router.replicas"), SpecNotices.of(load(dir, SERVICE + """
                router:
                  enabled: true
                  supergraph: {schema: "type Query { a: String }"}
                  replicas: 4
                  autoscaling: {enabled: true, minReplicas: 2, maxReplicas: 6}
                """)).stream().map(n -> n.substring(0, n.indexOf(':'))).toList());
    }

    @Test
    void replicasAnEnvironmentUsesAreNotSaid() throws IOException {
        // autoscaling only in prod: the base's replicas are dev's
        assertEquals(List.of(), SpecNotices.of(load(dir, SERVICE + "    replicas: 3\n" + PROD + """
                    services:
                      app:
                        autoscaling: {enabled: true, minReplicas: 2, maxReplicas: 5}
                """)));
        // autoscaling everywhere but dev
        assertEquals(List.of(), SpecNotices.of(load(dir, SERVICE + "    replicas: 3\n" + AUTOSCALED + """
                environments:
                  dev:
                    services:
                      app:
                        autoscaling: {enabled: false}
                """)));
        // the default replicas are no choice of the spec's
        assertEquals(List.of(), SpecNotices.of(load(dir, SERVICE + AUTOSCALED)));
    }

    @Test
    void replicasAnEnvironmentWritesBesideItsAutoscalingAreSaidThere() throws IOException {
        assertEquals(List.of("environments.prod: services.app.replicas: 4 is not used: autoscaling is on in prod, so the "
                        + "HorizontalPodAutoscaler keeps 2 to 5 pods. Remove replicas, or set services.app.autoscaling.minReplicas."),
                SpecNotices.of(load(dir, SERVICE + "    replicas: 3\n" + PROD + """
                            services:
                              app:
                                replicas: 4
                                autoscaling: {enabled: true, minReplicas: 2, maxReplicas: 5}
                        """)));
    }
}
