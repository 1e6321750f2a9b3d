package io.ultrareliability.sim;

/** The simulator could not start (for example: its port is taken). The message says why. */
public final class SimStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SimStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
