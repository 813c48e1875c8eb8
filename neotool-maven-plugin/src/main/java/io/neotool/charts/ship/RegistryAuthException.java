package io.neotool.charts.ship;

import io.neotool.charts.InputException;

/** The registry refused the credentials (401) or the permission (403): wrong settings.xml server, never retried. */
public class RegistryAuthException extends InputException {
    public RegistryAuthException(String message) {
        super(message);
    }

    public RegistryAuthException(String message, Throwable cause) {
        super(message, cause);
    }
}
