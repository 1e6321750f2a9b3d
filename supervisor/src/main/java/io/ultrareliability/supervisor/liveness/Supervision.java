package io.ultrareliability.supervisor.liveness;

import static java.util.Objects.requireNonNull;

import io.ultrareliability.supervisor.core.Scheduler;
import io.ultrareliability.supervisor.probe.HealthChecker;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The three parts whose progress proves supervision, and the hooks that report it: the loop
 * (a pulse it runs every {@link #PULSE}), the probe path (each health check, from request to
 * answer) and the status writer (each write, from publish to file). The deadlines are far
 * above normal (milliseconds) and below systemd's default watchdog timeout (30 s in our unit).
 */
public final class Supervision {
    public static final Duration PULSE = Duration.ofSeconds(1);
    public static final Duration LOOP_DEADLINE = Duration.ofSeconds(10);
    /** Past the probe's own timeout: the HTTP client should have answered by then, even with an error. */
    public static final Duration PROBE_SLACK = Duration.ofSeconds(10);
    public static final Duration STATUS_DEADLINE = Duration.ofSeconds(20);

    private final ProgressTracker.Part loop = new ProgressTracker.Part("supervisor loop",
            ProgressTracker.Kind.HEARTBEAT, LOOP_DEADLINE);
    private final ProgressTracker.Part probe;
    private final ProgressTracker.Part status = new ProgressTracker.Part("status writer",
            ProgressTracker.Kind.WORK, STATUS_DEADLINE);
    private final ProgressTracker tracker;
    private final LongSupplier nanoTime;

    public Supervision(Duration probeTimeout, LongSupplier nanoTime) {
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
        this.probe = new ProgressTracker.Part("health probe", ProgressTracker.Kind.WORK,
                requireNonNull(probeTimeout, "probeTimeout is null").plus(PROBE_SLACK));
        this.tracker = new ProgressTracker(List.of(loop, probe, status), nanoTime.getAsLong());
    }

    /** Beats the loop part from the loop itself, every {@link #PULSE}, until the loop stops running tasks. */
    public void startPulse(Scheduler scheduler) {
        requireNonNull(scheduler, "scheduler is null");
        scheduler.execute(new Runnable() {
            @Override
            public void run() {
                tracker.beat(loop, nanoTime.getAsLong());
                scheduler.schedule(PULSE, this);
            }
        });
    }

    /** The checker, with each check timed from request to answer. */
    public HealthChecker tracked(HealthChecker checker) {
        requireNonNull(checker, "checker is null");
        return () -> {
            tracker.begin(probe, nanoTime.getAsLong());
            return checker.check().whenComplete((r, e) -> tracker.end(probe, nanoTime.getAsLong()));
        };
    }

    /** For the status writer: a write was queued. */
    public void statusQueued() {
        tracker.begin(status, nanoTime.getAsLong());
    }

    /** For the status writer: a write ended (written or failed: a full disk is not a dead writer). */
    public void statusWritten() {
        tracker.end(status, nanoTime.getAsLong());
    }

    public ProgressTracker.Verdict check() {
        return tracker.check(nanoTime.getAsLong());
    }
}
