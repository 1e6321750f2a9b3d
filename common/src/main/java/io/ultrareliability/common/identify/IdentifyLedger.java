package io.ultrareliability.common.identify;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The IDENTIFYs of the last 24 h and the last {@code session_start_limit} read from Discord.
 * Immutable: every change returns a new ledger, which the store writes whole.
 *
 * @param entries oldest first
 * @param lastLimit the last limit read, empty before the first read
 */
public record IdentifyLedger(List<IdentifyRecord> entries, Optional<SessionStartLimit> lastLimit) {
    /** Discord's budget window. */
    public static final Duration WINDOW = Duration.ofHours(24);
    /** Enough for 1,000 a day with room; a corrupt or hostile file cannot grow memory past it. */
    public static final int MAX_ENTRIES = 4_096;

    public IdentifyLedger {
        requireNonNull(entries, "entries is null");
        requireNonNull(lastLimit, "lastLimit is null");
        List<IdentifyRecord> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(IdentifyRecord::at));
        if (sorted.size() > MAX_ENTRIES) {
            sorted = sorted.subList(sorted.size() - MAX_ENTRIES, sorted.size());
        }
        entries = List.copyOf(sorted);
    }

    public static IdentifyLedger empty() {
        return new IdentifyLedger(List.of(), Optional.empty());
    }

    /** Without the entries older than 24 h. */
    public IdentifyLedger pruned(Instant now) {
        Instant cutoff = now.minus(WINDOW);
        return new IdentifyLedger(entries.stream().filter(e -> e.at().isAfter(cutoff)).toList(), lastLimit);
    }

    public IdentifyLedger with(IdentifyRecord entry) {
        requireNonNull(entry, "entry is null");
        List<IdentifyRecord> next = new ArrayList<>(entries);
        next.add(entry);
        return new IdentifyLedger(next, lastLimit);
    }

    /** Without one recorded IDENTIFY: it was recorded first, then the socket never opened. */
    public IdentifyLedger without(IdentifyRecord entry) {
        requireNonNull(entry, "entry is null");
        List<IdentifyRecord> next = new ArrayList<>(entries);
        next.remove(entry);
        return new IdentifyLedger(next, lastLimit);
    }

    public IdentifyLedger withLimit(SessionStartLimit limit) {
        return new IdentifyLedger(entries, Optional.of(requireNonNull(limit, "limit is null")));
    }

    /** IDENTIFYs at or after {@code since}. */
    public int countSince(Instant since) {
        int n = 0;
        for (int i = entries.size() - 1; i >= 0 && !entries.get(i).at().isBefore(since); i--) {
            n++;
        }
        return n;
    }

    /** IDENTIFYs in the 24 h before {@code now}. */
    public int last24h(Instant now) {
        return countSince(now.minus(WINDOW).plusNanos(1));
    }

    /** The latest IDENTIFY whose shard falls into {@code bucket} ({@code shard_id % maxConcurrency}). */
    public Optional<Instant> lastInBucket(int bucket, int maxConcurrency) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).shardId() % maxConcurrency == bucket) {
                return Optional.of(entries.get(i).at());
            }
        }
        return Optional.empty();
    }
}
