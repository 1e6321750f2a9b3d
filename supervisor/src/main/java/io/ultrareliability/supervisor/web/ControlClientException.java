package io.ultrareliability.supervisor.web;

/** The control API could not be used; the message is one line for the operator, without secrets. */
public final class ControlClientException extends Exception {
    private static final long serialVersionUID = 1L;

    public ControlClientException(String message) {
        super(message);
    }

    public ControlClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
