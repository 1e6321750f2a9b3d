package io.ultrareliability.bot.config;

import java.io.Serial;

/** Bad configuration: the message is one line meant for the operator; the process exits 78. */
public final class ConfigException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message, null, false, false);
    }
}
