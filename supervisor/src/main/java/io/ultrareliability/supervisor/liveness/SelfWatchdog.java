package io.ultrareliability.supervisor.liveness;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * systemd's watchdog for supervisors that have none (cron, a shell): when supervision (the
 * loop, the probe path, the status writer: {@link Supervision}) has made no progress for
 * {@link #DEFAULT_GRACE}, the supervisor must exit {@link InternalFailure#EXIT_CODE} so that cron
 * starts a fresh one; the bot exits with it (parent death) and the next supervisor starts
 * exactly one. Under systemd the unit's {@code WatchdogSec} does this job and this class is
 * not used. Pure: the caller passes each verdict and the time; {@link SelfWatchdogThread} runs it.
 */
public final class SelfWatchdog {
    /** As long as the unit's {@code WatchdogSec}: the same patience with or without systemd. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);

    /** What the caller does after an observation. */
    public enum Decision {
        /** Supervision makes progress. */
        OK,
        /** The first late verdict: log it once, keep waiting. */
        LATE,
        /** Still late: nothing logged again. */
        STILL_LATE,
        /** Late for the whole grace: exit. */
        HALT
    }

    private final long graceNanos;
    private long lateSinceNanos;
    private boolean late;

    public SelfWatchdog(Duration grace) {
        requireNonNull(grace, "grace is null");
        if (grace.isNegative() || grace.isZero()) {
            throw new IllegalArgumentException("grace must be positive, got " + grace);
        }
        this.graceNanos = grace.toNanos();
    }

    /** @param ok whether every part of supervision made progress in time ({@link ProgressTracker.Verdict#ok}) */
    public synchronized Decision observe(boolean ok, long nowNanos) {
        if (ok) {
            late = false;
            return Decision.OK;
        }
        if (!late) {
            late = true;
            lateSinceNanos = nowNanos;
            return Decision.LATE;
        }
        return nowNanos - lateSinceNanos >= graceNanos ? Decision.HALT : Decision.STILL_LATE;
    }
}
