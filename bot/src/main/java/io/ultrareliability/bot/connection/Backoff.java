package io.ultrareliability.bot.connection;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * Exponential backoff with jitter as a pure function of (attempt, random number): the caller
 * passes the random number in, so tests are tables of exact values.
 *
 * <p>The base delay of attempt {@code n} (1-based) is {@code initial * 2^(n-1)}, capped at
 * {@code max}. Jitter spreads it over {@code [base * (1 - jitter), base * (1 + jitter))} so a
 * fleet of shards that lost the gateway together does not come back in lock step; the result
 * is capped at {@code max} again, and never below 1 ms.
 */
public record Backoff(Duration initial, Duration max, double jitter) {
    public Backoff {
        requireNonNull(initial, "initial is null");
        requireNonNull(max, "max is null");
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial delay must be positive: " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max delay " + max + " is below the initial delay " + initial);
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("jitter must be in [0, 1): " + jitter);
        }
    }

    /** The jitter the bot uses: +-20 %. */
    public static final double DEFAULT_JITTER = 0.2;

    /**
     * @param attempt 1 for the first retry after a failure, 2 for the second, ...
     * @param random a number in [0, 1), e.g. from {@code ThreadLocalRandom.nextDouble()}
     * @return the delay in milliseconds
     */
    public long delayMillis(int attempt, double random) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1: " + attempt);
        }
        if (!(random >= 0 && random < 1)) {
            throw new IllegalArgumentException("random must be in [0, 1): " + random);
        }
        long maxMs = max.toMillis();
        long base = initial.toMillis();
        for (int i = 1; i < attempt && base < maxMs; i++) {
            base *= 2;
        }
        base = Math.min(base, maxMs);
        double factor = 1 - jitter + 2 * jitter * random;
        long delay = (long) Math.floor(base * factor);
        return Math.max(1, Math.min(delay, maxMs));
    }
}
