package io.neotool.charts;

/** The core's only way to speak to the user; the Maven side adapts it to Maven's log, tests capture it. */
public interface BuildLog {
    void info(String message);

    void warn(String message);

    /** A problem that fails the build; by default said as a warning by logs that have no error level. */
    default void error(String message) {
        warn(message);
    }

    void debug(String message);

    /** A log that drops everything, for callers that have nothing to say to a user. */
    BuildLog SILENT = new BuildLog() {
        @Override
        public void info(String message) {}

        @Override
        public void warn(String message) {}

        @Override
        public void debug(String message) {}
    };
}
