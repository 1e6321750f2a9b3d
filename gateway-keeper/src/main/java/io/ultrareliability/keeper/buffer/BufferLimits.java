package io.ultrareliability.keeper.buffer;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How much the keeper holds for a bot that is not connected. The oldest dispatch goes first
 * when any bound is hit: a bot that stays away longer than this loses the oldest events
 * (counted in {@code dropped}), never the keeper's memory.
 */
public record BufferLimits(int maxEvents, long maxBytes, Duration maxAge) {
    public BufferLimits {
        requireNonNull(maxAge, "maxAge is null");
        if (maxEvents < 1) {
            throw new IllegalArgumentException("maxEvents must be >= 1, got " + maxEvents);
        }
        if (maxBytes < 1024) {
            throw new IllegalArgumentException("maxBytes must be >= 1024, got " + maxBytes);
        }
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive, got " + maxAge);
        }
    }

    /** 10,000 events, 64 MiB, 15 minutes (the interaction tokens live 15 minutes). */
    public static BufferLimits defaults() {
        return new BufferLimits(10_000, 64L << 20, Duration.ofMinutes(15));
    }
}
