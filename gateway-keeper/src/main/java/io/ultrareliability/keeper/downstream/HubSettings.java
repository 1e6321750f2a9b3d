package io.ultrareliability.keeper.downstream;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * How the keeper serves bots: the heartbeat interval it announces in HELLO (its choice: short
 * enough to notice a dead bot quickly), how long a detached session stays resumable, how many
 * sent frames each session keeps for RESUME, its own URL for READY's resume_gateway_url, and how
 * long an INTERACTION_CREATE may stay unread by every bot before the keeper defers it (issue 17).
 */
public record HubSettings(Duration heartbeatInterval, Duration resumeWindow, int replayCapacity,
        Supplier<String> resumeUrl, Duration interactionDeferAfter) {
    public static final Duration DEFAULT_DEFER_AFTER = Duration.ofSeconds(2);

    public HubSettings(Duration heartbeatInterval, Duration resumeWindow, int replayCapacity,
            Supplier<String> resumeUrl) {
        this(heartbeatInterval, resumeWindow, replayCapacity, resumeUrl, DEFAULT_DEFER_AFTER);
    }

    public HubSettings {
        requireNonNull(interactionDeferAfter, "interactionDeferAfter is null");
        if (interactionDeferAfter.isNegative() || interactionDeferAfter.isZero()) {
            throw new IllegalArgumentException("interactionDeferAfter must be positive, got " + interactionDeferAfter);
        }
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
