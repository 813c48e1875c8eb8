package io.neotool.charts.ship;

import io.neotool.charts.InputException;

/**
 * The registry or its token service refused the login, or the registry refused a request the login does not allow (no
 * permission on the repository, a quota): settings.xml's server or the account behind it, never retried.
 */
public class RegistryAuthException extends InputException {
    public RegistryAuthException(String message) {
        super(message);
    }

    public RegistryAuthException(String message, Throwable cause) {
        super(message, cause);
    }
}
