package io.ultrareliability.keeper.buffer;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Dispatches that arrived while no bot session was live, oldest first, bounded by count,
 * bytes and age ({@link BufferLimits}). Not thread-safe: the downstream hub guards it with
 * its own lock, so buffering and draining are ordered with the live stream.
 */
public final class DispatchBuffer {
    private final BufferLimits limits;
    private final ArrayDeque<Dispatch> queue = new ArrayDeque<>();
    private long bytes;
    private long dropped;
    private long bufferedTotal;

    public DispatchBuffer(BufferLimits limits) {
        this.limits = requireNonNull(limits, "limits is null");
    }

    /** Adds one dispatch; evicts the oldest (expired first, then over count or bytes). */
    public void offer(Dispatch dispatch, Instant now) {
        requireNonNull(dispatch, "dispatch is null");
        queue.addLast(dispatch);
        bytes += dispatch.bytes();
        bufferedTotal++;
        evictExpired(now);
        while (queue.size() > limits.maxEvents() || (bytes > limits.maxBytes() && !queue.isEmpty())) {
            removeOldest();
        }
    }

    /** Drops what is older than {@code maxAge} at {@code now}. */
    public void evictExpired(Instant now) {
        requireNonNull(now, "now is null");
        Instant cutoff = now.minus(limits.maxAge());
        while (!queue.isEmpty() && queue.peekFirst().receivedAt().isBefore(cutoff)) {
            removeOldest();
        }
    }

    /** Everything buffered, oldest first; the buffer is empty afterwards. */
    public List<Dispatch> drain() {
        List<Dispatch> all = new ArrayList<>(queue);
        queue.clear();
        bytes = 0;
        return all;
    }

    /** Everything buffered, oldest first, without draining (for a full rewrite of the store). */
    public List<Dispatch> contents() {
        return List.copyOf(queue);
    }

    private void removeOldest() {
        Dispatch gone = queue.removeFirst();
        bytes -= gone.bytes();
        dropped++;
    }

    public int size() {
        return queue.size();
    }

    public long bytes() {
        return bytes;
    }

    /** Dispatches evicted by a bound since start: events no bot will ever see. */
    public long dropped() {
        return dropped;
    }

    public long bufferedTotal() {
        return bufferedTotal;
    }

    /** Age of the oldest buffered dispatch, zero when empty. */
    public Duration oldestAge(Instant now) {
        Dispatch first = queue.peekFirst();
        return first == null ? Duration.ZERO : Duration.between(first.receivedAt(), now);
    }

    public BufferLimits limits() {
        return limits;
    }
}
