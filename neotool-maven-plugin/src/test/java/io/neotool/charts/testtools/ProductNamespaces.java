package io.neotool.charts.testtools;

import io.neotool.charts.TestPaths;
import io.neotool.charts.model.PlatformSpec;
import io.neotool.charts.model.ServiceSpec;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
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
    /** The namespaces the spec's services run in (one in the product's spec; a service may name its own). */
    public static final SortedSet<String> SERVICES = Collections.unmodifiableSortedSet(
            new TreeSet<>(BASE.services().values().stream().map(ServiceSpec::namespace).toList()));
    /** The namespaces that hold a copy of the Vault token Secret: the services' that read Vault. */
    public static final List<String> VAULT_TOKEN_COPIES = BASE.vault().token().namespaces();
}
