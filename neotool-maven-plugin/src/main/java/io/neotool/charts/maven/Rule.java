package io.neotool.charts.maven;

/** {@code <rule><id>spread</id><severity>off</severity></rule>}: a lint rule switched off or given another severity. */
public class Rule {
    /** The rule's id, as in the lint's findings and {@code neotool:rules -Drule=<id>}. */
    String id;
    /** {@code off}, {@code info}, {@code warning} or {@code error}. */
    String severity;
}
