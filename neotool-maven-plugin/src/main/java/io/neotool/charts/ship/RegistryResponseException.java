package io.neotool.charts.ship;

/** The registry answered with a status the protocol step does not expect (404, 400, 405, ...): not retried. */
public class RegistryResponseException extends RuntimeException {
    private final int status;

    public RegistryResponseException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }
}
