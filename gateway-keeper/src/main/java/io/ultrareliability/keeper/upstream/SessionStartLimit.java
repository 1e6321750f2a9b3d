package io.ultrareliability.keeper.upstream;

import java.time.Duration;

/** {@code session_start_limit} of {@code GET /gateway/bot}. */
public record SessionStartLimit(int total, int remaining, Duration resetAfter, int maxConcurrency) {
    public SessionStartLimit {
        if (total < 0 || remaining < 0 || maxConcurrency < 1) {
            throw new IllegalArgumentException("bad session_start_limit: total " + total + ", remaining " + remaining
                    + ", max_concurrency " + maxConcurrency);
        }
        if (resetAfter == null || resetAfter.isNegative()) {
            throw new IllegalArgumentException("resetAfter must be >= 0");
        }
    }
}
