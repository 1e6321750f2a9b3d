package io.ultrareliability.keeper.upstream;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** Counters and flags of one upstream shard, read by /health and /metrics from any thread. */
public final class UpstreamStatus {
    public volatile boolean connected;
    public volatile Instant lastAck;
    public final AtomicLong connects = new AtomicLong();
    public final AtomicLong identifies = new AtomicLong();
    public final AtomicLong resumes = new AtomicLong();
    public final AtomicLong reconnects = new AtomicLong();
    public final AtomicLong zombies = new AtomicLong();
    public final AtomicLong dispatches = new AtomicLong();
    public final AtomicLong forwardDropped = new AtomicLong();
    /** Dispatches at or below the last sequence (a replay from an older point): absorbed, not forwarded. */
    public final AtomicLong duplicates = new AtomicLong();
}
