package io.neotool.charts.model;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;

/**
 * The components of the spec's record classes, read once per class; and a copy of a spec record with one component
 * replaced, for the few places that derive a value the spec left default.
 */
public final class Records {
    private Records() {}

    private static final ClassValue<List<RecordComponent>> COMPONENTS = new ClassValue<>() {
        @Override
        protected List<RecordComponent> computeValue(Class<?> type) {
            return List.of(type.getRecordComponents());
        }
    };

    /**
     * The components of record class {@code type}, in declaration order. {@link Class#getRecordComponents()} makes new
     * ones on every call, each parsing its annotations again when asked: the walks over the spec ask for them per value.
     */
    public static List<RecordComponent> components(Class<? extends Record> type) {
        return COMPONENTS.get(type);
    }

    /** Whether record class {@code type} has a component (a spec key) named {@code name}. */
    public static boolean hasComponent(Class<? extends Record> type, String name) {
        return components(type).stream().anyMatch(c -> c.getName().equals(name));
    }

    /** A record type's DEFAULTS constant, or null for a type without one. */
    public static Object defaultsOf(Class<?> type) {
        if (!type.isRecord()) {
            return null;
        }
        try {
            Field field = type.getField("DEFAULTS");
            return field.get(null);
        } catch (NoSuchFieldException e) {
            return null;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static <R extends Record> R with(R record, String component, Object value) {
        RecordComponent[] components = record.getClass().getRecordComponents();
        Object[] args = new Object[components.length];
        boolean found = false;
        try {
            for (int i = 0; i < components.length; i++) {
                found |= components[i].getName().equals(component);
                args[i] = components[i].getName().equals(component) ? value : components[i].getAccessor().invoke(record);
            }
            if (!found) {
                throw new IllegalArgumentException(record.getClass().getSimpleName() + " has no component " + component);
            }
            return (R) record.getClass().getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new)).newInstance(args);
        } catch (IllegalAccessException | InstantiationException | InvocationTargetException | NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }
}
