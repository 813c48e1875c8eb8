package io.neotool.charts.ship;

/** The registry could not be reached or kept failing (connection refused, 5xx) after every retry. */
public class RegistryUnavailableException extends RuntimeException {
    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
