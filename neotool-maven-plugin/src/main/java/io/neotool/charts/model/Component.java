package io.neotool.charts.model;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A chart of the platform, declared once in {@link Components}: everything else about it (the umbrella's dependency,
 * its Chart.yaml, its values section, the names a service may not take, the README and docs tables) is derived from
 * this declaration.
 *
 * @param chart the chart's name: its directory under the umbrella's {@code charts/}, and for a component subchart
 *     also its key in the spec and in the umbrella's values
 * @param description one line: the Chart.yaml description, the umbrella values section and the README tables
 * @param keywords Chart.yaml keywords of its own (the template adds the platform's)
 * @param namespace the namespace its resources land in unless the spec names another
 * @param services the Services it renders there (whenever its settings do), each with its workload, ServiceAccount and
 *     pods of that name: a service of the platform may not take one of these names in its namespace
 * @param record the spec record its values are made from
 * @param section the spec section the chart is made from: the record (a component subchart, whose
 *     {@code enabled} says whether it is deployed) or the services' map (the service chart)
 * @param appVersion Chart.yaml appVersion: the version of what the chart deploys
 * @param docs documents under docs/ that describe it, by file name
 */
public record Component(
        String chart,
        String description,
        List<String> keywords,
        String namespace,
        List<String> services,
        Class<? extends Record> record,
        Function<PlatformSpec, ?> section,
        Function<PlatformSpec, String> appVersion,
        List<String> docs) {

    /** Where its templates are, below the templates root. */
    public static final String TEMPLATES_ROOT = "umbrella/charts/";

    public Component {
        keywords = List.copyOf(keywords);
        services = List.copyOf(services);
        docs = List.copyOf(docs);
        if (!Names.isDnsLabel(chart, 53)) {
            throw new IllegalArgumentException("chart '" + chart + "' is not a DNS-1123 label of at most 53 characters");
        }
        if (!Records.hasComponent(record, "namespace")) {
            throw new IllegalArgumentException("chart " + chart + ": " + record.getSimpleName() + " needs a 'namespace'");
        }
    }

    /** The directory of its own templates, below the templates root. */
    public String templates() {
        return TEMPLATES_ROOT + chart + "/";
    }

    /** What its key in the spec and the umbrella's values means: the description, naming the chart. */
    public String keyDescription() {
        return description + " (chart " + chart + ").";
    }

    /** Its section of {@code spec}: a component's record, or the services. */
    public Object sectionOf(PlatformSpec spec) {
        return section.apply(spec);
    }

    /**
     * Whether {@code spec} deploys it: a component subchart's {@code enabled}, the service chart when the spec has a
     * service.
     */
    public boolean enabledIn(PlatformSpec spec) {
        Object section = sectionOf(spec);
        if (section instanceof Map<?, ?> services) {
            return !services.isEmpty();
        }
        return Boolean.TRUE.equals(read((Record) section, "enabled"));
    }

    /** Its namespace in {@code spec}; null for the service chart, whose services each have their own. */
    public String namespaceIn(PlatformSpec spec) {
        Object section = sectionOf(spec);
        return section instanceof Record r ? (String) read(r, "namespace") : null;
    }

    /** Its Chart.yaml appVersion in {@code spec}. */
    public String appVersionOf(PlatformSpec spec) {
        return appVersion.apply(spec);
    }

    /** The value of component {@code name} of {@code record}. */
    static Object read(Record record, String name) {
        try {
            return record.getClass().getMethod(name).invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(record.getClass().getSimpleName() + " has no component '" + name + "'", e);
        }
    }
}
