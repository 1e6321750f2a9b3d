package io.ultrareliability.supervisor.status;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.ultrareliability.supervisor.process.ChildExit;
import io.ultrareliability.supervisor.process.Posix;

/**
 * How a process ended, as the status file writes it: {@code exit_code} when it exited by itself,
 * {@code signal} (e.g. {@code SIGKILL}) when a signal killed it; the other one is null.
 */
@JsonNaming(SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record LastExit(Integer exitCode, String signal) {
    /** Null for null. */
    public static LastExit of(ChildExit exit) {
        if (exit == null) {
            return null;
        }
        return exit.bySignal() ? new LastExit(null, Posix.signalName(exit.signal())) : new LastExit(exit.code(), null);
    }
}
