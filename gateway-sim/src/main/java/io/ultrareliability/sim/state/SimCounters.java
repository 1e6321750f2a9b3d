package io.ultrareliability.sim.state;

import java.util.concurrent.atomic.AtomicLong;

/** Monotonic counters shown in the stats (zeroed by reset). */
public final class SimCounters {
    public final AtomicLong identifies = new AtomicLong();
    public final AtomicLong resumes = new AtomicLong();
    public final AtomicLong heartbeats = new AtomicLong();
    public final AtomicLong messagesPosted = new AtomicLong();
    public final AtomicLong interactionReplies = new AtomicLong();

    public void reset() {
        identifies.set(0);
        resumes.set(0);
        heartbeats.set(0);
        messagesPosted.set(0);
        interactionReplies.set(0);
    }
}
