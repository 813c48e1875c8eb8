package io.neotool.charts.verify;

/**
 * A check with an id, a one-line rationale and a fix hint. {@code podSecurity} is the Pod Security Standard
 * level the rule belongs to ({@code baseline}, {@code restricted}) or empty: a finding of a PSS rule in a
 * namespace that enforces a lower level is exempted (reported as info with the namespace's reason).
 */
public record Rule(String id, String group, Severity severity, String podSecurity, String rationale, String fix) {}
