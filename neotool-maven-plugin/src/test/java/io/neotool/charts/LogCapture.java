package io.neotool.charts;

/** A build log that appends every line (warnings prefixed WARN) to a buffer, for assertions. */
public final class LogCapture {
    private LogCapture() {}

    public static BuildLog into(StringBuilder out) {
        return new BuildLog() {
            @Override
            public void info(String message) {
                out.append(message).append('\n');
            }

            @Override
            public void warn(String message) {
                out.append("WARN ").append(message).append('\n');
            }

            @Override
            public void debug(String message) {}
        };
    }
}
