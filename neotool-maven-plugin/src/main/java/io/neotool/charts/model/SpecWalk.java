package io.neotool.charts.model;

import java.lang.annotation.Annotation;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Walks the bound spec by type: every value (record, map, list, scalar) with its key path, the record that holds it,
 * its key (the record component, with its {@link Doc}) and the value the binder falls back to at that key (the
 * holder's {@code DEFAULTS}). The
 * checks by type see each {@link ContainerImage}, {@link ServiceSpec.Resources}... wherever the model puts one, so a new
 * component gets them by declaring the record, with no path written by hand.
 */
final class SpecWalk {
    private SpecWalk() {}

    /** A value of the spec at {@code path}; {@code key} is null for the root and for map and list entries. */
    record Node(String path, Object value, Record owner, RecordComponent key, Object defaults) {
        /** The annotation of the key, or null. */
        <A extends Annotation> A annotation(Class<A> type) {
            return key == null ? null : key.getAnnotation(type);
        }

        /** The last key of the path of the record holding this value ({@code orders} for services.orders.image). */
        String ownerKey() {
            int cut = path.lastIndexOf('.');
            String parent = cut < 0 ? "" : path.substring(0, cut);
            return parent.substring(parent.lastIndexOf('.') + 1);
        }
    }

    /** Every value under {@code root}, parents first. */
    static void all(Object root, Object defaults, Consumer<Node> visitor) {
        walk(new Node("", root, null, null, defaults), false, visitor);
    }

    /**
     * Every value that is deployed: a record with {@code enabled: false} is visited (its own settings may still be
     * checked, like autoscaling's bounds) but nothing below it is.
     */
    static void enabled(Object root, Object defaults, Consumer<Node> visitor) {
        walk(new Node("", root, null, null, defaults), true, visitor);
    }

    private static void walk(Node node, boolean enabledOnly, Consumer<Node> visitor) {
        visitor.accept(node);
        Object value = node.value();
        if (value instanceof Record record) {
            if (enabledOnly && disabled(record)) {
                return;
            }
            Object defaults = node.defaults() != null && node.defaults().getClass() == record.getClass() ? node.defaults() : null;
            for (RecordComponent c : Records.components(record.getClass())) {
                walk(new Node(RecordBinder.join(node.path(), c.getName()), RecordBinder.accessor(c, record), record,
                        c, defaults == null ? null : RecordBinder.accessor(c, defaults)), enabledOnly, visitor);
            }
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(new Node(RecordBinder.join(node.path(), String.valueOf(k)), v, node.owner(), null,
                    Records.defaultsOf(v.getClass())), enabledOnly, visitor));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(new Node(node.path() + "[" + i + "]", list.get(i), node.owner(), null,
                        Records.defaultsOf(list.get(i).getClass())), enabledOnly, visitor);
            }
        }
    }

    /** Whether {@code record} has a boolean {@code enabled} key set to false. */
    private static boolean disabled(Record record) {
        for (RecordComponent c : Records.components(record.getClass())) {
            if (c.getName().equals("enabled") && c.getType() == boolean.class) {
                return !(Boolean) RecordBinder.accessor(c, record);
            }
        }
        return false;
    }
}
