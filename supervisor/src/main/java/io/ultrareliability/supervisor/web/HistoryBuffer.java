package io.ultrareliability.supervisor.web;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/** A fixed-size ring of samples: adding to a full ring drops the oldest. Thread-safe. */
public final class HistoryBuffer {
    private final HistorySample[] ring;
    private int next;
    private int size;

    public HistoryBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        ring = new HistorySample[capacity];
    }

    public synchronized void add(HistorySample sample) {
        requireNonNull(sample, "sample is null");
        ring[next] = sample;
        next = (next + 1) % ring.length;
        size = Math.min(size + 1, ring.length);
    }

    /** Oldest first. */
    public synchronized List<HistorySample> samples() {
        List<HistorySample> out = new ArrayList<>(size);
        int start = (next - size + ring.length) % ring.length;
        for (int i = 0; i < size; i++) {
            out.add(ring[(start + i) % ring.length]);
        }
        return out;
    }

    public synchronized int size() {
        return size;
    }

    public int capacity() {
        return ring.length;
    }
}
