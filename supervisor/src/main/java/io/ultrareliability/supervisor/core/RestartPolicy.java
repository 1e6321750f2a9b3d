package io.ultrareliability.supervisor.core;

import static java.util.Objects.requireNonNull;

import io.ultrareliability.common.ExponentialBackoff;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Decides how long to wait before the next start, from failures seen so far. Time is
 * passed in (monotonic nanos), nothing here reads a clock or sleeps.
 *
 * <p>The first failure after a reset restarts at once (a crash after hours of uptime must
 * not wait); later ones back off. The count resets only once the child has been healthy
 * for {@code resetAfter} without a break, counted from the first healthy probe after a start
 * (startup or periodic) to the moment it stopped being healthy (a failing probe, or the exit
 * itself): a probe tick never lengthens the stable period. {@code crashLoopFailures} failures
 * within {@code crashLoopWindow} flag a crash loop: an alert (status, metric, log), not a
 * penalty; the delay keeps doubling to the cap as before, like the kubelet's CrashLoopBackOff.
 */
public final class RestartPolicy {
    private final ExponentialBackoff backoff;
    private final long resetAfterNanos;
    private final int crashLoopFailures;
    private final long crashLoopWindowNanos;

    private int attempts;
    private final Deque<Long> recentFailures = new ArrayDeque<>();
    private boolean crashLoop;
    private long healthySince;
    private boolean healthy;

    /** The verdict for one failure. */
    public record Decision(Duration delay, int attempt, boolean crashLoop) {
        public Decision {
            requireNonNull(delay, "delay is null");
        }
    }

    public RestartPolicy(ExponentialBackoff backoff, Duration resetAfter, int crashLoopFailures,
            Duration crashLoopWindow) {
        this.backoff = requireNonNull(backoff, "backoff is null");
        this.resetAfterNanos = requireNonNull(resetAfter, "resetAfter is null").toNanos();
        if (crashLoopFailures < 1) {
            throw new IllegalArgumentException("crashLoopFailures must be >= 1, got " + crashLoopFailures);
        }
        this.crashLoopFailures = crashLoopFailures;
        this.crashLoopWindowNanos = requireNonNull(crashLoopWindow, "crashLoopWindow is null").toNanos();
    }

    /** The child is healthy now; starts the stable-period clock if it was not running. */
    public void markHealthy(long nowNanos) {
        if (!healthy) {
            healthy = true;
            healthySince = nowNanos;
        }
        maybeReset(nowNanos);
    }

    /**
     * The child is unhealthy or gone at {@code nowNanos}: a stable period that lasted long
     * enough up to this moment still counts (resets), then the stable clock starts over.
     */
    public void markUnhealthy(long nowNanos) {
        maybeReset(nowNanos);
        healthy = false;
    }

    /** Forgets past failures once the child has been healthy for the stable period. */
    public boolean maybeReset(long nowNanos) {
        if (healthy && nowNanos - healthySince >= resetAfterNanos && (attempts > 0 || crashLoop)) {
            attempts = 0;
            recentFailures.clear();
            crashLoop = false;
            return true;
        }
        return false;
    }

    /** Records one failure and returns how long to wait before the next start. */
    public Decision onFailure(long nowNanos, double random) {
        maybeReset(nowNanos);
        healthy = false;
        recentFailures.addLast(nowNanos);
        while (!recentFailures.isEmpty() && nowNanos - recentFailures.peekFirst() > crashLoopWindowNanos) {
            recentFailures.removeFirst();
        }
        if (recentFailures.size() >= crashLoopFailures) {
            crashLoop = true;
        }
        int attempt = attempts++;
        Duration delay;
        if (attempt == 0) {
            delay = Duration.ZERO;
        } else {
            delay = backoff.delay(attempt, random);
        }
        return new Decision(delay, attempt, crashLoop);
    }

    /** For the log line that raises the alert. */
    String crashLoopDescription() {
        return recentFailures.size() + " failures within " + io.ultrareliability.common.Durations.format(
                java.time.Duration.ofNanos(crashLoopWindowNanos));
    }

    public boolean crashLoop() {
        return crashLoop;
    }

    /** Failures since the last reset. */
    public int attempts() {
        return attempts;
    }
}
