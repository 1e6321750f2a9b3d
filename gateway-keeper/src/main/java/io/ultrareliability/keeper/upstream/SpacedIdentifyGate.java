package io.ultrareliability.keeper.upstream;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Discord's two IDENTIFY rules as a pure function of {@code now}: at most one IDENTIFY per
 * rate-limit bucket ({@code shard_id % max_concurrency}) every 5 s, and none once the daily
 * {@code session_start_limit.remaining} is used up until its reset. Also keeps a floor of
 * permits in reserve so the keeper never spends the last IDENTIFYs of the day (Discord resets
 * the token at the limit). Guarded by its own monitor.
 */
public final class SpacedIdentifyGate implements UpstreamIdentifyGate {
    public static final Duration SPACING = Duration.ofSeconds(5);

    private final int reserve;
    private final Map<Integer, Instant> lastByBucket = new HashMap<>();
    private int maxConcurrency = 1;
    private int remaining = Integer.MAX_VALUE;
    private Instant resetAt;

    /** @param reserve permits never spent (e.g. 10 of Discord's 1,000) */
    public SpacedIdentifyGate(int reserve) {
        if (reserve < 0) {
            throw new IllegalArgumentException("reserve must be >= 0, got " + reserve);
        }
        this.reserve = reserve;
    }

    @Override
    public synchronized void limits(SessionStartLimit limit, Instant now) {
        requireNonNull(limit, "limit is null");
        maxConcurrency = limit.maxConcurrency();
        remaining = limit.remaining();
        resetAt = now.plus(limit.resetAfter());
    }

    @Override
    public synchronized Optional<Instant> nextSlot(int shardId, Instant now) {
        requireNonNull(now, "now is null");
        if (resetAt != null && !now.isBefore(resetAt)) {
            // Discord's window rolled over; the real figure comes with the next GET /gateway/bot.
            remaining = Integer.MAX_VALUE;
            resetAt = null;
        }
        if (remaining <= reserve) {
            return Optional.empty();
        }
        Instant last = lastByBucket.get(bucket(shardId));
        if (last == null) {
            return Optional.of(now);
        }
        Instant allowed = last.plus(SPACING);
        return Optional.of(allowed.isAfter(now) ? allowed : now);
    }

    @Override
    public synchronized void spent(int shardId, Instant now) {
        lastByBucket.put(bucket(shardId), requireNonNull(now, "now is null"));
        if (remaining != Integer.MAX_VALUE) {
            remaining--;
        }
    }

    /** When the budget refuses: the instant it may open again (Discord's reset), or null. */
    public synchronized Instant resetAt() {
        return resetAt;
    }

    private int bucket(int shardId) {
        return Math.floorMod(shardId, maxConcurrency);
    }
}
