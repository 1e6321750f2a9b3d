package io.ultrareliability.supervisor.core;

import static java.util.Objects.requireNonNull;

import io.ultrareliability.supervisor.config.SupervisorConfig;
import io.ultrareliability.supervisor.process.ChildExit;
import io.ultrareliability.supervisor.status.ChildState;
import io.ultrareliability.supervisor.status.Program;
import io.ultrareliability.supervisor.status.RestartEntry;
import io.ultrareliability.supervisor.status.StatusSnapshot;
import io.ultrareliability.supervisor.status.SupervisorState;
import java.time.Instant;
import java.util.List;

/**
 * Builds the status snapshot (status.json, the HTTP API, sd_notify) from the loop's state.
 * Reads the clock through the scheduler; runs on the supervisor loop.
 */
final class StatusAssembler {
    private final SupervisorConfig config;
    private final SupervisorParts parts;
    private final Instant startedAt;
    private final RestartPolicy policy;
    private final RestartJournal journal;

    StatusAssembler(SupervisorConfig config, SupervisorParts parts, Instant startedAt, RestartPolicy policy,
            RestartJournal journal) {
        this.config = requireNonNull(config, "config is null");
        this.parts = requireNonNull(parts, "parts is null");
        this.startedAt = requireNonNull(startedAt, "startedAt is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.journal = requireNonNull(journal, "journal is null");
    }

    /**
     * @param r the live child's run, or null
     * @param lastDecision the backoff decided last; shown while {@code state} is backoff
     * @param supervisorState running, stopping or stopped
     */
    StatusSnapshot assemble(ChildRun r, ChildState state, ChildExit lastExit, List<String> lastOutput,
            String fatalReason, RestartPolicy.Decision lastDecision, Instant nextStartAt, SupervisorState supervisorState) {
        Scheduler scheduler = parts.scheduler();
        Instant now = scheduler.now();
        StatusSnapshot.Health health = r == null ? StatusSnapshot.Health.NONE : r.healthStatus();
        StatusSnapshot.Memory memory = new StatusSnapshot.Memory(r == null ? -1 : r.rssBytes,
                config.memory().maxRssBytes(), r == null ? 0 : r.memoryOverSamples);
        double uptime = r == null ? 0 : (scheduler.nanoTime() - r.startedNanos) / 1e9;
        StatusSnapshot.Child child = StatusSnapshot.Child.of(Program.BOT, r == null ? 0 : r.handle.pid(), state,
                r == null ? null : r.startedAt, journal.count(), uptime, lastExit, fatalReason, lastOutput, health,
                r == null ? null : r.identifyBudget(), memory);
        boolean waiting = state == ChildState.BACKOFF;
        StatusSnapshot.Backoff backoff = new StatusSnapshot.Backoff(waiting ? lastDecision.delay().toMillis() : 0,
                policy.attempts(), policy.crashLoop(), waiting ? nextStartAt : null);
        return new StatusSnapshot(now, new StatusSnapshot.Supervisor(parts.supervisorPid(), supervisorState, startedAt,
                parts.version()), child, backoff, RestartEntry.of(journal.history(), Program.BOT));
    }
}
