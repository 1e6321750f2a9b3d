package io.ultrareliability.supervisor.probe;

import java.time.Duration;
import java.time.Instant;

/**
 * One HTTP liveness answer.
 *
 * @param ok the child answered 2xx
 * @param statusCode HTTP status, 0 when there was no answer
 * @param latency time to the answer (or to the failure)
 * @param lastHeartbeatAck the child's {@code last_heartbeat_ack}, null when absent or null
 * @param error why it failed, null when ok
 * @param identifyBudget the child's {@code identify_budget}, null when it has none (issue 13)
 */
public record HealthResult(boolean ok, int statusCode, Duration latency, Instant lastHeartbeatAck, String error,
        IdentifyBudget identifyBudget) {
    public HealthResult {
        java.util.Objects.requireNonNull(latency, "latency is null");
    }

    public HealthResult(boolean ok, int statusCode, Duration latency, Instant lastHeartbeatAck, String error) {
        this(ok, statusCode, latency, lastHeartbeatAck, error, null);
    }

    /** The same answer with the child's identify budget attached. */
    public HealthResult withIdentifyBudget(IdentifyBudget budget) {
        return new HealthResult(ok, statusCode, latency, lastHeartbeatAck, error, budget);
    }

    /** HTTP 503 because the child waits for Discord to reset its IDENTIFY budget: a restart cannot help. */
    public boolean waitingForIdentifyBudget() {
        return aliveButNotReady() && identifyBudget != null && identifyBudget.waiting();
    }

    public static HealthResult up(int status, Duration latency, Instant ack) {
        return new HealthResult(true, status, latency, ack, null);
    }

    public static HealthResult down(int status, Duration latency, String error) {
        return new HealthResult(false, status, latency, null, error);
    }

    /**
     * HTTP 503: the child answers, so it is alive, but says it is not ready (the bot while it
     * reconnects to Discord). Liveness passes, readiness does not.
     */
    public boolean aliveButNotReady() {
        return !ok && statusCode == 503;
    }
}
