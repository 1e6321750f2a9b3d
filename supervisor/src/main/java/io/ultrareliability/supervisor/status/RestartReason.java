package io.ultrareliability.supervisor.status;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why a child was restarted; the {@code reason} of restart_history and auto_restart.log. */
public enum RestartReason {
    CRASH("crash"),
    UNHEALTHY("unhealthy"),
    STALE_HEARTBEAT("stale-heartbeat"),
    MEMORY("memory"),
    LOG_TRIGGER("log-trigger"),
    MANUAL("manual"),
    EXIT_TEMPFAIL("exit-tempfail");

    private final String jsonName;

    RestartReason(String jsonName) {
        this.jsonName = jsonName;
    }

    @JsonValue
    public String jsonName() {
        return jsonName;
    }

    /** Manual restarts are asked for; they neither back off nor count toward a crash loop. */
    public boolean isFailure() {
        return this != MANUAL;
    }
}
