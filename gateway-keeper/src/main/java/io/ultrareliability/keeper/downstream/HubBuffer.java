package io.ultrareliability.keeper.downstream;

import static java.util.Objects.requireNonNull;

import io.ultrareliability.keeper.buffer.Dispatch;
import io.ultrareliability.keeper.buffer.DispatchBuffer;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The hub's side of the no-bot buffer: what goes in (dispatches while no bot is live,
 * interactions a dead bot never confirmed), what a new or resumed session drains, and the
 * journal kept in step. Guarded by the hub's lock (every method is called under it).
 */
final class HubBuffer {
    private final DispatchBuffer buffer;
    private final HubJournal journal;
    private final HubInteractions interactions;
    private long replayed;

    HubBuffer(DispatchBuffer buffer, HubJournal journal, HubInteractions interactions) {
        this.buffer = requireNonNull(buffer, "buffer is null");
        this.journal = requireNonNull(journal, "journal is null");
        this.interactions = requireNonNull(interactions, "interactions is null");
    }

    void offer(Dispatch d, Instant now) {
        buffer.offer(d, now);
        journal.buffered(d);
        journal.bufferTrimmed(buffer.size());
    }

    /** From the store after a keeper restart: already durable, so not journaled again. */
    void restore(List<Dispatch> saved, Instant now) {
        saved.forEach(d -> buffer.offer(d, now));
    }

    /**
     * The buffer, in order, through {@code send}. A new session (IDENTIFY) skips the state
     * changes: its GUILD_CREATEs already show them, and a second GUILD_CREATE or CHANNEL_CREATE
     * for the same thing would look like a new one. A resumed session gets everything: its
     * cache is from before.
     */
    void drainTo(DownstreamSession s, boolean resumed, Instant now, BiConsumer<String, String> send) {
        buffer.evictExpired(now);
        List<Dispatch> all = buffer.drain();
        for (Dispatch d : all) {
            if (resumed || !d.stateChange()) {
                interactions.sendBuffered(s, d, send);
                replayed++;
            }
        }
        if (!all.isEmpty()) {
            journal.bufferTrimmed(0);
        }
    }

    /**
     * A bot died with interactions it never confirmed reading and no other bot is live: they go
     * to the buffer for the next bot (at-least-once for interactions). If that same session
     * RESUMEs, its replay ring already holds them, so it skips these copies.
     */
    void rebufferUnread(DownstreamSession s, long lastReadSeq, Instant now) {
        List<Dispatch> unread = interactions.unreadBy(s, lastReadSeq, now);
        for (Dispatch d : unread) {
            buffer.offer(d, now);
            journal.buffered(d);
        }
        if (!unread.isEmpty()) {
            journal.bufferTrimmed(buffer.size());
            journal.commit();
        }
    }

    void evictExpired(Instant now) {
        int before = buffer.size();
        buffer.evictExpired(now);
        if (buffer.size() != before) {
            journal.bufferTrimmed(buffer.size());
        }
    }

    void countReplayed(int frames) {
        replayed += frames;
    }

    long replayed() {
        return replayed;
    }

    List<Dispatch> contents() {
        return buffer.contents();
    }

    /** For the figures of /health and /metrics. */
    DispatchBuffer dispatches() {
        return buffer;
    }
}
