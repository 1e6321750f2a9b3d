package io.ultrareliability.common.token;

import java.io.Serial;

/**
 * The token cannot be used (a named source is unreadable, or the value is empty or malformed).
 * The message is one line for the operator and never contains the token itself.
 */
public final class TokenException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    public TokenException(String message) {
        super(message, null, false, false);
    }
}
