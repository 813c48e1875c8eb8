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

    /** This log with its info said at debug: progress that a quiet goal keeps out of the console. */
    default BuildLog infoAsDebug() {
        BuildLog log = this;
        return new BuildLog() {
            @Override
            public void info(String message) {
                log.debug(message);
            }

            @Override
            public void warn(String message) {
                log.warn(message);
            }

            @Override
            public void error(String message) {
                log.error(message);
            }

            @Override
            public void debug(String message) {
                log.debug(message);
            }
        };
    }

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
