package io.neotool.charts.maven;

/**
 * {@code <exemption><kind>Deployment</kind><name>web</name><rules>a,b</rules><reason>why</reason></exemption>}: an
 * object exempted from named lint rules, as the {@code neotool.io/lint-exempt} annotation does.
 */
public class Exemption {
    /** The object's kind. */
    String kind;
    /** The object's name as rendered (with the release name where the chart adds it). */
    String name;
    /** Rule ids, comma separated. */
    String rules;
    /** Why the rules do not apply; required. */
    String reason;
}
