package io.neotool.charts.ship;

import io.neotool.charts.InputException;

/**
 * The registry holds something else where the push wanted its chart: it answered 409/412, or the tag read
 * back after the push names another manifest (a concurrent push). Not retried.
 */
public class RegistryConflictException extends InputException {
    public RegistryConflictException(String message) {
        super(message);
    }
}
