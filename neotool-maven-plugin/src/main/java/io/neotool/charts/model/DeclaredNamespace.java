package io.neotool.charts.model;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A key (a name or a list of names) naming a namespace the platform deploys into: each must be declared under
 * {@code namespaces}, which carries its Pod Security level. {@link TypeChecks} checks every such key of a deployed part.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
@interface DeclaredNamespace {
    /** Whether the key may be empty (it then means the release namespace, or the component's own). */
    boolean emptyAllowed() default false;
}
