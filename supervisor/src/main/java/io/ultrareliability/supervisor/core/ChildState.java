package io.ultrareliability.supervisor.core;

import java.util.Locale;

/** The lifecycle of the supervised child, as written to the status file. */
public enum ChildState {
    STARTING, RUNNING, UNHEALTHY, STOPPING, BACKOFF, FATAL, STOPPED;

    /** The name in the status file and logs: {@code starting}, {@code running}, ... */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True while a child process exists (spawned and not yet reaped). */
    public boolean hasChild() {
        return this == STARTING || this == RUNNING || this == UNHEALTHY || this == STOPPING;
    }
}
