package io.ultrareliability.keeper.downstream;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * How the keeper serves bots: the heartbeat interval it announces in HELLO (its choice: short
 * enough to notice a dead bot quickly), how long a detached session stays resumable, how many
 * sent frames each session keeps for RESUME, and its own URL for READY's resume_gateway_url.
 */
public record HubSettings(Duration heartbeatInterval, Duration resumeWindow, int replayCapacity,
        Supplier<String> resumeUrl) {
    public HubSettings {
        requireNonNull(heartbeatInterval, "heartbeatInterval is null");
        requireNonNull(resumeWindow, "resumeWindow is null");
        requireNonNull(resumeUrl, "resumeUrl is null");
        if (heartbeatInterval.toMillis() < 100) {
            throw new IllegalArgumentException("heartbeatInterval must be >= 100ms, got " + heartbeatInterval);
        }
        if (replayCapacity < 1) {
            throw new IllegalArgumentException("replayCapacity must be >= 1, got " + replayCapacity);
        }
    }
}
