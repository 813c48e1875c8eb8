package io.neotool.charts;

/** Build logs for assertions: {@link #into} appends every line (warnings prefixed WARN) to a buffer. */
public final class LogCapture {
    private LogCapture() {}

    /** A build log that keeps only what it says as errors, each a line of {@code errors}. */
    public static BuildLog errorsInto(java.util.List<String> errors) {
        return new BuildLog() {
            @Override
            public void info(String message) {}

            @Override
            public void warn(String message) {}

            @Override
            public void error(String message) {
                errors.add(message);
            }

            @Override
            public void debug(String message) {}
        };
    }

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
