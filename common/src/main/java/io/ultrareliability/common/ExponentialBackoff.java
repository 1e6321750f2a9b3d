package io.ultrareliability.common;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Exponential backoff with jitter as a pure function of (attempt, random number): the caller
 * passes the random number in, so the same inputs always give the same delay and tests are
 * tables of exact values (Failsafe's RandomDelay style).
 *
 * <p>The base delay of attempt {@code n} (1-based) is {@code initial * multiplier^(n-1)},
 * capped at {@code max}. Jitter spreads it over {@code base * (1 +- jitter)} so a fleet that
 * failed together does not come back in lock step; the result is rounded to the nearest
 * millisecond and capped at {@code max} again, so jitter at the cap only spreads downward.
 *
 * @param initial delay of attempt 1; zero is allowed (retry at once, then grow from zero)
 * @param max cap; the jittered delay never exceeds it
 * @param multiplier growth per attempt (2 doubles), at least 1
 * @param jitter fraction in [0, 1)
 */
public record ExponentialBackoff(Duration initial, Duration max, double multiplier, double jitter) {
    public ExponentialBackoff {
        requireNonNull(initial, "initial is null");
        requireNonNull(max, "max is null");
        if (initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 <= initial <= max, got initial " + initial + ", max " + max);
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
     * @param random a uniform number in [0, 1), e.g. from {@code ThreadLocalRandom.nextDouble()};
     *        0.5 means "no jitter"
     */
    public Duration delay(int attempt, double random) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1, got " + attempt);
        }
        if (!(random >= 0.0 && random < 1.0)) {
            throw new IllegalArgumentException("random must be in [0, 1), got " + random);
        }
        double maxMs = max.toMillis();
        // Math.pow overflows to infinity for huge attempts, which the min() turns into the cap.
        double base = Math.min(maxMs, initial.toMillis() * Math.pow(multiplier, attempt - 1));
        double jittered = base * (1.0 + jitter * (2.0 * random - 1.0));
        return Duration.ofMillis(Math.round(Math.max(0, Math.min(maxMs, jittered))));
    }
}
