package io.ultrareliability.supervisor.status;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The lifecycle of a supervised program (the bot, the keeper), as written to the status file. */
public enum ChildState {
    STARTING, RUNNING, UNHEALTHY, STOPPING, BACKOFF, FATAL, STOPPED;

    /** The name in the status file and logs: {@code starting}, {@code running}, ... */
    @JsonValue
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True while a child process exists (spawned and not yet reaped). */
    public boolean hasChild() {
        return this == STARTING || this == RUNNING || this == UNHEALTHY || this == STOPPING;
    }
}
