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
 */
public record HealthResult(boolean ok, int statusCode, Duration latency, Instant lastHeartbeatAck, String error) {
    public HealthResult {
        java.util.Objects.requireNonNull(latency, "latency is null");
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
