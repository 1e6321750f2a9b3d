package io.ultrareliability.common.identify;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** One IDENTIFY sent (or about to be sent: it is recorded first, so a kill -9 cannot lose it). */
public record IdentifyRecord(Instant at, int shardId) {
    public IdentifyRecord {
        requireNonNull(at, "at is null");
        if (shardId < 0) {
            throw new IllegalArgumentException("shardId must be >= 0: " + shardId);
        }
    }
}
