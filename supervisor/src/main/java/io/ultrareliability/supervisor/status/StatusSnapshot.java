package io.ultrareliability.supervisor.status;

import static java.util.Objects.requireNonNull;

import io.ultrareliability.supervisor.core.ChildState;
import io.ultrareliability.supervisor.process.ChildExit;
import java.time.Instant;
import java.util.List;

/**
 * An immutable picture of the supervisor for the status file (and later the HTTP API).
 *
 * @param keeper issue 17: the keeper's own supervisor's snapshot (its child, backoff and
 *        history), null when there is no keeper; see {@link StackStatus}
 */
public record StatusSnapshot(Instant updatedAt, Supervisor supervisor, Child child, Backoff backoff,
        List<RestartRecord> restartHistory, StatusSnapshot keeper) {
    /** 2: the {@code keeper} section and the {@code program} fields (issue 17). */
    public static final int SCHEMA = 2;

    public StatusSnapshot {
        requireNonNull(updatedAt, "updatedAt is null");
        requireNonNull(supervisor, "supervisor is null");
        requireNonNull(child, "child is null");
        requireNonNull(backoff, "backoff is null");
        restartHistory = List.copyOf(restartHistory);
    }

    /** Without a keeper. */
    public StatusSnapshot(Instant updatedAt, Supervisor supervisor, Child child, Backoff backoff,
            List<RestartRecord> restartHistory) {
        this(updatedAt, supervisor, child, backoff, restartHistory, null);
    }

    /** This snapshot with the keeper's attached (null: none). */
    public StatusSnapshot withKeeper(StatusSnapshot keeperSnapshot) {
        return new StatusSnapshot(updatedAt, supervisor, child, backoff, restartHistory, keeperSnapshot);
    }

    /** @param state {@code running} or {@code stopping} (a supervisor that is shutting down) */
    public record Supervisor(long pid, String state, Instant startedAt, String version) {
    }

    /**
     * @param pid 0 when no child exists
     * @param uptimeSeconds 0 when no child exists
     */
    public record Child(long pid, ChildState state, Instant startedAt, int restarts, double uptimeSeconds,
            ChildExit lastExit, String fatalReason, List<String> lastOutput, Health health, Memory memory) {
        public Child {
            lastOutput = lastOutput == null ? List.of() : List.copyOf(lastOutput);
            requireNonNull(state, "state is null");
            requireNonNull(health, "health is null");
            requireNonNull(memory, "memory is null");
        }
    }

    /**
     * @param ok null before the first answer
     * @param notReadySince since when the child has answered HTTP 503 without a 2xx in between, else null
     */
    public record Health(Boolean ok, int statusCode, int consecutiveFailures, int staleFailures, long latencyMs,
            Instant checkedAt, Instant lastHeartbeatAck, String error, Instant notReadySince,
            io.ultrareliability.supervisor.probe.IdentifyBudget identifyBudget) {
        public Health(Boolean ok, int statusCode, int consecutiveFailures, int staleFailures, long latencyMs,
                Instant checkedAt, Instant lastHeartbeatAck, String error) {
            this(ok, statusCode, consecutiveFailures, staleFailures, latencyMs, checkedAt, lastHeartbeatAck, error,
                    null);
        }

        public Health(Boolean ok, int statusCode, int consecutiveFailures, int staleFailures, long latencyMs,
                Instant checkedAt, Instant lastHeartbeatAck, String error, Instant notReadySince) {
            this(ok, statusCode, consecutiveFailures, staleFailures, latencyMs, checkedAt, lastHeartbeatAck, error,
                    notReadySince, null);
        }
    }

    public record Memory(long rssBytes, long maxRssBytes, int overLimitSamples) {
    }

    public record Backoff(long nextDelayMs, int attempt, boolean crashLoop, Instant nextStartAt) {
    }
}
