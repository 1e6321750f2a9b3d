package io.ultrareliability.supervisor.status;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** {@code supervisor.state}: running, stopping (shutting down), stopped (the last status it writes). */
public enum SupervisorState {
    RUNNING, STOPPING, STOPPED;

    @JsonValue
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
