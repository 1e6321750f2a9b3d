package io.ultrareliability.common.identify;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/**
 * Discord's {@code session_start_limit} from {@code GET /gateway/bot}, with the time it was read:
 * {@code remaining} IDENTIFYs are left until {@code observedAt + resetAfter}; at most
 * {@code maxConcurrency} IDENTIFYs per 5 s, one per bucket {@code shard_id % max_concurrency}.
 */
public record SessionStartLimit(int total, int remaining, Duration resetAfter, int maxConcurrency,
                                Instant observedAt) {
    public SessionStartLimit {
        requireNonNull(resetAfter, "resetAfter is null");
        requireNonNull(observedAt, "observedAt is null");
        if (total < 1) {
            throw new IllegalArgumentException("total must be >= 1: " + total);
        }
        if (remaining < 0 || remaining > total) {
            throw new IllegalArgumentException("remaining must be 0.." + total + ": " + remaining);
        }
        if (resetAfter.isNegative()) {
            throw new IllegalArgumentException("resetAfter is negative: " + resetAfter);
        }
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("maxConcurrency must be >= 1: " + maxConcurrency);
        }
    }

    /** When Discord gives the full {@code total} back. */
    public Instant resetAt() {
        return observedAt.plus(resetAfter);
    }
}
