package io.ultrareliability.keeper.store;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/** The store's counters, for /metrics and /health; written under the database lock, read anywhere. */
public final class StoreStatus {
    private static final int SAMPLES = 1024;

    volatile boolean enabled;
    volatile boolean behind;
    volatile boolean full;
    volatile long bytes;
    volatile long limitBytes;
    volatile long durableSeq;
    volatile String movedAsideTo;
    final AtomicLong commits = new AtomicLong();
    final AtomicLong writeFailures = new AtomicLong();
    final AtomicLong rewrites = new AtomicLong();
    final AtomicLong compactions = new AtomicLong();
    private final long[] commitNanos = new long[SAMPLES];
    private int next;
    private int filled;

    synchronized void commitTook(long nanos) {
        commitNanos[next] = nanos;
        next = (next + 1) % SAMPLES;
        filled = Math.min(SAMPLES, filled + 1);
    }

    /** The {@code q} quantile (0..1) of the last 1,024 commit durations, in nanoseconds; 0 before any. */
    public synchronized long commitQuantileNanos(double q) {
        if (filled == 0) {
            return 0;
        }
        long[] copy = Arrays.copyOf(commitNanos, filled);
        Arrays.sort(copy);
        return copy[Math.min(filled - 1, (int) Math.floor(q * filled))];
    }

    public boolean enabled() {
        return enabled;
    }

    public boolean behind() {
        return behind;
    }

    public long durableSeq() {
        return durableSeq;
    }

    public long writeFailures() {
        return writeFailures.get();
    }

    /** Prometheus text for the store. */
    public String metrics() {
        StringBuilder b = new StringBuilder(1024);
        gauge(b, "keeper_store_enabled", "1 when the state is kept in SQLite", enabled ? 1 : 0);
        gauge(b, "keeper_store_behind", "1 while writes fail: the store holds an older consistent state",
                behind ? 1 : 0);
        gauge(b, "keeper_store_full", "1 when the last failed write hit the size limit or a full disk", full ? 1 : 0);
        gauge(b, "keeper_store_bytes", "size of keeper.db", bytes);
        gauge(b, "keeper_store_limit_bytes", "size limit of keeper.db (KEEPER_DB_MAX_BYTES)", limitBytes);
        gauge(b, "keeper_store_durable_seq", "upstream sequence number of the last committed dispatch", durableSeq);
        counter(b, "keeper_store_commits_total", "store transactions committed", commits.get());
        counter(b, "keeper_store_write_failures_total", "store transactions rolled back", writeFailures.get());
        counter(b, "keeper_store_rewrites_total", "full rewrites after failed writes", rewrites.get());
        counter(b, "keeper_store_compactions_total", "snapshot compactions", compactions.get());
        gauge(b, "keeper_store_commit_p50_seconds", "median commit time (last 1024)", commitQuantileNanos(0.5) / 1e9);
        gauge(b, "keeper_store_commit_p99_seconds", "p99 commit time (last 1024)", commitQuantileNanos(0.99) / 1e9);
        return b.toString();
    }

    private static void gauge(StringBuilder b, String name, String help, double value) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(" gauge\n").append(name).append(' ').append(format(value))
                .append('\n');
    }

    private static void counter(StringBuilder b, String name, String help, long value) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(" counter\n").append(name).append(' ').append(value).append('\n');
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
