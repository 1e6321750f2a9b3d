package io.ultrareliability.sim.faults;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Discord's {@code session_start_limit}: {@code limit} IDENTIFYs per window, the window
 * starting with the first IDENTIFY after a reset. The IDENTIFY that uses the last one
 * "exhausts" the budget: like Discord, the simulator then resets the token (the hook closes
 * every session with 4004 and REST answers 401), so a test can prove a bot never gets there.
 * RESUMEs are free. Time is read through an {@link InstantSource}, so tests need no sleep.
 */
public final class SessionStartBudget {
    public static final int DISCORD_LIMIT = 1_000;
    public static final Duration DISCORD_WINDOW = Duration.ofHours(24);

    /** What {@code GET /gateway/bot} and {@code GET /_sim/identify-budget} show. */
    public record Snapshot(int total, int remaining, Duration resetAfter, int maxConcurrency, boolean exhausted) {
    }

    private final InstantSource clock;
    private Runnable onExhausted = () -> { };
    private int limit = DISCORD_LIMIT;
    private Duration window = DISCORD_WINDOW;
    private int used;
    private Instant windowStart;
    private boolean exhausted;

    public SessionStartBudget(InstantSource clock) {
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** What to do when the budget is exhausted (reset the token). */
    public synchronized void onExhausted(Runnable hook) {
        this.onExhausted = requireNonNull(hook, "hook is null");
    }

    /** Sets the limit and starts a fresh window. */
    public synchronized void limit(int newLimit) {
        if (newLimit < 1 || newLimit > 1_000_000) {
            throw new IllegalArgumentException("identify limit must be 1..1000000, got " + newLimit);
        }
        limit = newLimit;
        refillLocked();
    }

    /** Sets the window length and starts a fresh window. */
    public synchronized void window(Duration newWindow) {
        requireNonNull(newWindow, "window is null");
        if (newWindow.toMillis() < 1 || newWindow.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("identify reset must be between 1ms and 7d, got " + newWindow);
        }
        window = newWindow;
        refillLocked();
    }

    /** A full budget again (the settings stay). */
    public synchronized void refill() {
        refillLocked();
    }

    /**
     * Counts one IDENTIFY. @return false when it exhausted the budget: the hook has run and the
     * IDENTIFY must fail
     */
    public boolean take() {
        Runnable hook;
        synchronized (this) {
            roll();
            if (windowStart == null) {
                windowStart = clock.instant();
            }
            used++;
            if (used < limit) {
                return true;
            }
            exhausted = true;
            hook = onExhausted;
        }
        hook.run();
        return false;
    }

    public synchronized Snapshot snapshot() {
        roll();
        Duration resetAfter = windowStart == null ? window
                : Duration.between(clock.instant(), windowStart.plus(window));
        return new Snapshot(limit, Math.max(0, limit - used), resetAfter.isNegative() ? Duration.ZERO : resetAfter, 1,
                exhausted);
    }

    private void roll() {
        if (windowStart != null && !clock.instant().isBefore(windowStart.plus(window))) {
            windowStart = null;
            used = 0;
        }
    }

    private void refillLocked() {
        used = 0;
        windowStart = null;
        exhausted = false;
    }
}
