package io.neotool.charts.verify;

/** How bad a finding is: errors fail the build, warnings only when asked, infos never. */
public enum Severity {
    ERROR,
    WARNING,
    INFO;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
