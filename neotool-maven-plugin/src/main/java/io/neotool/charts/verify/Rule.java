package io.neotool.charts.verify;

/**
 * A check with an id, a one-line rationale and a fix hint. {@code podSecurity} is the Pod Security Standard
 * level the rule belongs to ({@code baseline}, {@code restricted}) or empty: a finding of a PSS rule in a
 * namespace that enforces a lower level is exempted (reported as info with the namespace's reason); {@code control}
 * names the standard's control it checks ("Capabilities", "Seccomp"...).
 */
public record Rule(String id, String group, Severity severity, String podSecurity, String control, String rationale,
        String fix) {
    /** A rule that is not one of the Pod Security Standards' controls. */
    public Rule(String id, String group, Severity severity, String podSecurity, String rationale, String fix) {
        this(id, group, severity, podSecurity, "", rationale, fix);
    }

    /** How docs/lint.md names the severity: with the Pod Security level and control where the rule is one. */
    public String severityLabel() {
        String s = severity.name().toLowerCase(java.util.Locale.ROOT);
        if (podSecurity.isEmpty()) {
            return s;
        }
        return s + " (PSS " + podSecurity + (control.isEmpty() ? "" : ": " + control) + ")";
    }
}
