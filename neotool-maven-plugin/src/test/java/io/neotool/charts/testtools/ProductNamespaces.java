package io.neotool.charts.testtools;

import io.neotool.charts.TestPaths;
import io.neotool.charts.model.PlatformSpec;
import io.neotool.charts.model.ServiceSpec;
import java.util.Set;
import java.util.TreeSet;

/**
 * The namespaces the repository's spec puts its components and services in, read from the loaded spec (its base
 * environment: no environment moves a component). Tests of the committed charts name the objects they look for with
 * these ({@code POSTGRES + "/postgres"}), so that the spec's namespaces, or its {@code chart.namespacePrefix}, can change
 * without breaking a test.
 */
public final class ProductNamespaces {
    private ProductNamespaces() {}

    /** The repository's spec, base environment. */
    public static final PlatformSpec BASE = TestPaths.loadSpec().base();

    public static final String VAULT = BASE.vault().namespace();
    /** PostgreSQL and PgBouncer. */
    public static final String POSTGRES = BASE.postgres().namespace();
    public static final String KAFKA = BASE.kafka().namespace();
    public static final String MINIO = BASE.minio().namespace();
    public static final String ROUTER = BASE.router().namespace();
    public static final String WEB = BASE.web().namespace();
    /** Prometheus, Grafana, Loki and the exporters. */
    public static final String OBSERVABILITY = BASE.observability().namespace();
    /** Promtail, alone in its namespace (it reads the node's logs, below restricted). */
    public static final String PROMTAIL = BASE.observability().promtail().namespace();
    /** The namespace every service of the spec runs in. */
    public static final String SERVICES = servicesNamespace();

    /** The namespace of service {@code name} of the spec. */
    public static String service(String name) {
        ServiceSpec service = BASE.services().get(name);
        if (service == null) {
            throw new IllegalArgumentException("no service '" + name + "' in the repository's spec: " + BASE.services().keySet());
        }
        return service.namespace();
    }

    private static String servicesNamespace() {
        Set<String> namespaces = new TreeSet<>();
        BASE.services().values().forEach(s -> namespaces.add(s.namespace()));
        if (namespaces.size() != 1) {
            throw new IllegalStateException("the repository's services run in " + namespaces + ", not one namespace: "
                    + "a test must take each service's with ProductNamespaces.service(name)");
        }
        return namespaces.iterator().next();
    }
}
