package io.ultrareliability.common.secret;

/** A secret file that cannot be created or used; the message is one line and never holds the secret. */
public final class SecretFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SecretFileException(String message) {
        super(message);
    }

    public SecretFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
