package io.ultrareliability.supervisor.web;

/**
 * The web server cannot start as configured: port in use, a non-loopback address without
 * {@code allowRemote}, a bad {@code run/control.token}. The message is one line for the
 * operator and never contains a secret.
 */
public final class WebServerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WebServerException(String message) {
        super(message);
    }

    public WebServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
