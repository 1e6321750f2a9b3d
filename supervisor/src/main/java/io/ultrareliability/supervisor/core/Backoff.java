package io.ultrareliability.supervisor.core;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Exponential backoff with jitter as a pure function: the same (attempt, random) always
 * gives the same delay, so tests are tables of exact values.
 *
 * @param initial delay of attempt 1
 * @param max cap; the jittered delay never exceeds it
 * @param multiplier growth per attempt (2 doubles)
 * @param jitter fraction in [0, 1): the delay is spread over base * (1 +- jitter)
 */
public record Backoff(Duration initial, Duration max, double multiplier, double jitter) {
    public Backoff {
        requireNonNull(initial, "initial is null");
        requireNonNull(max, "max is null");
        if (initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 <= initial <= max, got " + initial + ", " + max);
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be >= 1, got " + multiplier);
        }
        if (!(jitter >= 0.0 && jitter < 1.0)) {
            throw new IllegalArgumentException("jitter must be in [0, 1), got " + jitter);
        }
    }

    /**
     * @param attempt 1 for the first delayed retry, 2 for the next, ...
     * @param random a uniform number in [0, 1); 0.5 means "no jitter"
     */
    public Duration delay(int attempt, double random) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1, got " + attempt);
        }
        if (!(random >= 0.0 && random < 1.0)) {
            throw new IllegalArgumentException("random must be in [0, 1), got " + random);
        }
        double maxMs = max.toMillis();
        double base = Math.min(maxMs, initial.toMillis() * Math.pow(multiplier, attempt - 1));
        double jittered = base * (1.0 + jitter * (2.0 * random - 1.0));
        return Duration.ofMillis(Math.round(Math.max(0, Math.min(maxMs, jittered))));
    }
}
