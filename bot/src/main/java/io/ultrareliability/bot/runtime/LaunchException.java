package io.ultrareliability.bot.runtime;

import java.io.Serial;

/** A fresh instance could not be started. {@code fatal}: retrying can never help (REST 401). */
public final class LaunchException extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;
    private final boolean fatal;

    public LaunchException(String oneLine, boolean fatal, Throwable cause) {
        super(oneLine, cause);
        this.fatal = fatal;
    }

    public boolean fatal() {
        return fatal;
    }
}
