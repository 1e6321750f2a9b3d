package io.ultrareliability.sim.state;

import static java.util.Objects.requireNonNull;

import io.ultrareliability.sim.TokenStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntFunction;

/**
 * Per-token session figures ({@link TokenStats}). Times are passed in, so the arithmetic is
 * exact under test. The plain counters are atomics, so a session ending under its own monitor
 * never waits for this ledger's lock; the connected counts and the offline clock are recounted
 * from the sessions under that lock ({@link #recount}), so concurrent recounts cannot apply a
 * stale count after a fresh one.
 */
public final class SessionLedger {
    private final int tokens;
    private final AtomicLongArray identifies;
    private final AtomicLongArray resumes;
    private final AtomicLongArray ended;
    private final int[] connected;
    private final int[] maxConnected;
    private final long[] offlinePeriods;
    private final Instant[] offlineSince;
    private final Duration[] offlineTotal;
    private Instant since;

    public SessionLedger(int tokens, Instant start) {
        if (tokens < 1) {
            throw new IllegalArgumentException("tokens must be at least 1, got " + tokens);
        }
        this.tokens = tokens;
        identifies = new AtomicLongArray(tokens);
        resumes = new AtomicLongArray(tokens);
        ended = new AtomicLongArray(tokens);
        connected = new int[tokens];
        maxConnected = new int[tokens];
        offlinePeriods = new long[tokens];
        offlineSince = new Instant[tokens];
        offlineTotal = new Duration[tokens];
        reset(requireNonNull(start, "start is null"));
    }

    public void identified(int token) {
        identifies.incrementAndGet(token);
    }

    public void resumed(int token) {
        resumes.incrementAndGet(token);
    }

    /** Called once per session, when it can no longer be resumed. */
    public void ended(int token) {
        ended.incrementAndGet(token);
    }

    /**
     * Recounts every token's connected sessions with {@code counts} (one array slot per token),
     * called under this ledger's lock, and moves the offline clocks.
     */
    public synchronized void recount(Instant now, IntFunction<int[]> counts) {
        int[] c = counts.apply(tokens);
        for (int t = 0; t < tokens; t++) {
            set(t, c[t], now);
        }
    }

    private void set(int t, int count, Instant now) {
        int before = connected[t];
        connected[t] = count;
        maxConnected[t] = Math.max(maxConnected[t], count);
        if (before == 0 && count > 0 && offlineSince[t] != null) {
            offlineTotal[t] = offlineTotal[t].plus(nonNegative(Duration.between(offlineSince[t], now)));
            offlineSince[t] = null;
        } else if (before > 0 && count == 0) {
            offlineSince[t] = now;
            offlinePeriods[t]++;
        }
    }

    /** Zeroes everything; the connected counts stay, a token with none is offline from {@code now}. */
    public synchronized void reset(Instant now) {
        since = now;
        for (int t = 0; t < tokens; t++) {
            identifies.set(t, 0);
            resumes.set(t, 0);
            ended.set(t, 0);
            maxConnected[t] = connected[t];
            offlinePeriods[t] = 0;
            offlineTotal[t] = Duration.ZERO;
            offlineSince[t] = connected[t] == 0 ? now : null;
        }
    }

    public synchronized Instant since() {
        return since;
    }

    /** One {@link TokenStats} per token index; the offline time includes a stretch still going on. */
    public synchronized List<TokenStats> snapshot(Instant now) {
        List<TokenStats> result = new ArrayList<>(tokens);
        for (int t = 0; t < tokens; t++) {
            Duration offline = offlineTotal[t];
            if (offlineSince[t] != null) {
                offline = offline.plus(nonNegative(Duration.between(offlineSince[t], now)));
            }
            result.add(new TokenStats(identifies.get(t), resumes.get(t), connected[t], maxConnected[t], ended.get(t),
                    offline, offlinePeriods[t]));
        }
        return result;
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
