package io.ultrareliability.supervisor.core;

import io.ultrareliability.supervisor.probe.HealthResult;
import io.ultrareliability.supervisor.probe.IdentifyBudget;
import io.ultrareliability.supervisor.process.ChildHandle;
import io.ultrareliability.supervisor.status.StatusSnapshot;
import java.time.Instant;

/** The live state of one spawned child; touched only from the supervisor loop. */
final class ChildRun {
    final int generation;
    final ChildHandle handle;
    final long startedNanos;
    final Instant startedAt;
    int healthFailures;
    int staleFailures;
    int memoryOverSamples;
    long rssBytes = -1;
    /** Since when the child has answered 503 ("alive, not ready") without a 2xx in between; null: not. */
    Instant notReadySince;
    HealthResult lastHealth;
    Instant lastHealthAt;
    /** The "a foreign process answered /health" warning was logged for this run. */
    boolean foreignHealthLogged;
    Scheduler.Cancellable probeTimer = Scheduler.Cancellable.NONE;
    Scheduler.Cancellable memoryTimer = Scheduler.Cancellable.NONE;
    Scheduler.Cancellable graceTimer = Scheduler.Cancellable.NONE;
    Scheduler.Cancellable killTimer = Scheduler.Cancellable.NONE;

    /** What the last /health answer said of the IDENTIFY budget; null before one, or without one. */
    IdentifyBudget identifyBudget() {
        HealthResult h = lastHealth;
        return h == null ? null : h.identifyBudget();
    }

    StatusSnapshot.Health healthStatus() {
        HealthResult h = lastHealth;
        return h == null
                ? new StatusSnapshot.Health(null, 0, healthFailures, staleFailures, 0, null, null, null, notReadySince)
                : new StatusSnapshot.Health(h.ok(), h.statusCode(), healthFailures, staleFailures,
                        h.latency().toMillis(), lastHealthAt, h.lastHeartbeatAck(), h.error(), notReadySince);
    }

    final OutputTail tail;

    ChildRun(int generation, ChildHandle handle, long startedNanos, Instant startedAt, OutputTail tail) {
        this.tail = tail;
        this.generation = generation;
        this.handle = handle;
        this.startedNanos = startedNanos;
        this.startedAt = startedAt;
    }

    /** Stops the probes; the kill timer survives (a stop in progress still needs it). */
    void cancelProbes() {
        probeTimer.cancel();
        memoryTimer.cancel();
        graceTimer.cancel();
    }

    void cancelAll() {
        cancelProbes();
        killTimer.cancel();
    }
}
