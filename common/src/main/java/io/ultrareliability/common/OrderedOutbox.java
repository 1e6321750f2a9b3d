package io.ultrareliability.common;

import static java.util.Objects.requireNonNull;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Frames for one socket, queued by any thread and handed to the socket in queue order by one
 * thread at a time. Lets a caller queue under its own lock (so the order is the lock's order)
 * and send after releasing it (so no socket lock is ever taken while holding ours). Used by
 * the simulator's and the gateway keeper's WebSocket connections.
 */
public final class OrderedOutbox<T> {
    private final Queue<T> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushing = new AtomicBoolean();
    private final Consumer<T> sink;

    /** @param sink writes one frame to the socket (called by one thread at a time, in order) */
    public OrderedOutbox(Consumer<T> sink) {
        this.sink = requireNonNull(sink, "sink is null");
    }

    public void enqueue(T frame) {
        queue.add(requireNonNull(frame, "frame is null"));
    }

    /**
     * Hands every queued frame to the sink. If another thread is flushing, it returns at once
     * and that thread takes this caller's frames too (it re-checks the queue before leaving).
     */
    public void flush() {
        while (!queue.isEmpty() && flushing.compareAndSet(false, true)) {
            try {
                T frame;
                while ((frame = queue.poll()) != null) {
                    sink.accept(frame);
                }
            } finally {
                flushing.set(false);
            }
        }
    }

    public int size() {
        return queue.size();
    }
}
