package io.ultrareliability.keeper.downstream;

import static java.util.Objects.requireNonNull;

import io.ultrareliability.keeper.buffer.Dispatch;
import io.ultrareliability.keeper.buffer.DispatchBuffer;
import io.ultrareliability.keeper.interaction.InteractionFrames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The hub's side of the no-bot buffer: what goes in (dispatches while no bot is live,
 * interactions a dead bot never confirmed), what a new or resumed session drains, and the
 * journal kept in step. Guarded by the hub's lock (every method is called under it).
 */
final class HubBuffer {
    /** Numbers and queues one frame for a session (the hub's, so the journal hears it). */
    interface FrameSender {
        void send(String type, String data, boolean stateChange);
    }

    private final DispatchBuffer buffer;
    private final HubJournal journal;
    private final HubInteractions interactions;
    private long replayed;
    /** Per session: the copies {@link #rebufferUnread} put in the buffer (its own RESUME skips them). */
    private final Map<String, Set<Dispatch>> rebufferedFrom = new HashMap<>();

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
    void drainTo(DownstreamSession s, boolean resumed, Instant now, FrameSender send) {
        buffer.evictExpired(now);
        List<Dispatch> all = buffer.drain();
        Set<Dispatch> own = rebufferedFrom.getOrDefault(s.id(), Set.of());
        rebufferedFrom.clear(); // every copy has left the buffer now
        for (Dispatch d : all) {
            if (own.contains(d)) {
                // Its replay ring just gave the session that frame again: no copy.
                interactions.ownCopySkipped(s, d);
                continue;
            }
            if (resumed || !d.stateChange()) {
                interactions.sendBuffered(s, d, (type, data) -> send.send(type, data, d.stateChange()));
                replayed++;
            }
        }
        if (!all.isEmpty()) {
            journal.bufferTrimmed(0);
        }
    }

    /**
     * A bot's socket is gone and no other bot is live: what it was sent but never confirmed
     * reading (its last heartbeat said {@code lastReadSeq}) goes back to the buffer, in order,
     * for the next bot process. {@code everything}: every such dispatch, for a bot the keeper
     * closed because it stopped reading (SIGSTOP, a hung JVM): it read nothing since, and its
     * replacement must not miss seconds of events; an interaction the keeper deferred meanwhile
     * reaches the next bot marked. Otherwise (the bot closed or died: it had read up to the
     * instant it went) only the interactions still waiting for a bot: at-least-once for those,
     * the at-most-once window for the rest. If the same session RESUMEs instead, its replay ring
     * has them, so it skips these copies.
     */
    void rebufferUnread(DownstreamSession s, long lastReadSeq, Instant now, boolean everything) {
        Map<Long, Dispatch> waiting = new LinkedHashMap<>();
        for (Dispatch d : interactions.unreadBy(s, lastReadSeq, now)) {
            waiting.put(InteractionFrames.id(d.data()), d);
        }
        List<Dispatch> unread = new ArrayList<>();
        if (everything) {
            for (DownstreamSession.Unread u : s.keptAfter(lastReadSeq)) {
                Dispatch d = u.type().equals(InteractionFrames.TYPE) ? waiting.get(InteractionFrames.id(u.data())) : null;
                unread.add(d != null ? d : new Dispatch(u.type(), u.data(), 0, now, u.stateChange()));
            }
        } else {
            unread.addAll(waiting.values());
        }
        Set<Dispatch> copies = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Dispatch d : unread) {
            buffer.offer(d, now);
            journal.buffered(d);
            copies.add(d);
        }
        if (!copies.isEmpty()) {
            rebufferedFrom.put(s.id(), copies);
            journal.bufferTrimmed(buffer.size());
            journal.commit();
        }
    }

    /**
     * A session a restarted keeper restored will not RESUME (another bot IDENTIFYed, or its
     * resume window passed): the frames its bot never confirmed go to the buffer ahead of what
     * is there (they were sent before the restart, the buffer filled after), in order. Not
     * committed here: the caller's step commits.
     */
    void handOver(List<DownstreamSession.Unread> unread, Instant now) {
        if (unread.isEmpty()) {
            return;
        }
        List<Dispatch> later = buffer.drain();
        for (DownstreamSession.Unread u : unread) {
            buffer.offer(new Dispatch(u.type(), u.data(), 0, now, u.stateChange()), now);
        }
        later.forEach(d -> buffer.offer(d, now));
        journal.bufferTrimmed(0);
        buffer.contents().forEach(journal::buffered);
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
