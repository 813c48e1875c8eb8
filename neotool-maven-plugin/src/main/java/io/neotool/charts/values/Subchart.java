package io.neotool.charts.values;

import io.neotool.charts.model.PlatformSpec;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.function.Function;

/**
 * A platform component deployed by its own subchart (postgres, kafka, vault, ...), made from one section
 * of the spec. Its values are that section's record: in the umbrella under the chart's name, and as the
 * subchart's own values.yaml from the record's defaults. The record's components must include
 * {@code boolean enabled}, the umbrella's dependency condition.
 *
 * @param name the subchart's name and directory under the umbrella's charts/
 * @param description one line for the umbrella values and README
 * @param section the spec section the subchart's values are made from
 */
public record Subchart(String name, String description, Function<PlatformSpec, ? extends Record> section) {
    public Subchart {
        Record defaults = section.apply(PlatformSpec.DEFAULTS);
        if (Arrays.stream(defaults.getClass().getRecordComponents()).map(RecordComponent::getName).noneMatch("enabled"::equals)) {
            throw new IllegalArgumentException("subchart " + name + ": " + defaults.getClass().getSimpleName()
                    + " needs a boolean 'enabled' component");
        }
    }

    /** Whether {@code spec} deploys this component (its section's {@code enabled}). */
    public boolean enabledIn(PlatformSpec spec) {
        Record record = section.apply(spec);
        try {
            return (Boolean) record.getClass().getMethod("enabled").invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
