package io.neotool.charts.model;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Documents a spec key and the values key it becomes, with the constraints the generated
 * values.schema.json enforces. One annotation feeds values.yaml comments, the schema and the README tables.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Doc {
    /** One sentence; values.yaml prints it after the key's name. */
    String value();

    /** Allowed values of a string key; empty for any. */
    String[] oneOf() default {};

    /** Smallest allowed integer (of each item, for a list); Long.MIN_VALUE for none. */
    long min() default Long.MIN_VALUE;

    /** Largest allowed integer (of each item, for a list); Long.MAX_VALUE for none. */
    long max() default Long.MAX_VALUE;

    /** A regular expression a string key must match; empty for any. */
    String pattern() default "";

    /**
     * Whether a string key may not be empty: it stands for no default, so generate refuses '' and the schema's
     * pattern does not take it. Otherwise an empty string passes the pattern, as "the default" or "none".
     */
    boolean required() default false;

    /**
     * Environment variables the chart sets from this key (a service's {@code platform.*}): a service may not set them
     * again in env or secretEnv; values.yaml names them after the sentence.
     */
    String[] env() default {};
}
