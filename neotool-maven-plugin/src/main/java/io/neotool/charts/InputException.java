package io.neotool.charts;

/**
 * The user's input is wrong: the spec, a values file, a chart, a flag or what a registry says about it.
 * The message names the file, line, key path or resource and says what to do. The Maven side turns it
 * into a build failure; every other exception is an error of the machine (I/O, native library).
 */
public class InputException extends RuntimeException {
    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
