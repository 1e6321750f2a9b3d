package io.ultrareliability.keeper.downstream;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultrareliability.keeper.buffer.Dispatch;
import io.ultrareliability.keeper.interaction.InteractionDeferrals;
import io.ultrareliability.keeper.interaction.InteractionFrames;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The hub's side of issue 17: which interactions went to which bot frame, the mark on buffered
 * ones the keeper deferred, and the interactions a dead bot never confirmed. Guarded by the
 * hub's lock (every method is called under it).
 */
final class HubInteractions {
    private static final int CAPACITY = 10_000;

    private record SentFrame(String session, long seq) {
    }

    private final InteractionDeferrals deferrals;
    /** Interaction id -> the frame it was re-buffered from (its session's RESUME must not get it twice). */
    private final Map<Long, SentFrame> rebufferedFrom = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, SentFrame> eldest) {
            return size() > CAPACITY;
        }
    };

    HubInteractions(Duration deferAfter) {
        deferrals = new InteractionDeferrals(deferAfter, CAPACITY);
    }

    /** An upstream dispatch: the interaction's id, or -1 for any other type. */
    long arrived(String type, JsonNode data, String dataText, Instant now) {
        if (!type.equals(InteractionFrames.TYPE)) {
            return -1;
        }
        long id = data.path("id").asLong(-1);
        deferrals.arrived(id, data.path("token").asText(null), dataText, now);
        return id;
    }

    /** Interaction {@code id} was just written to {@code s} as its newest frame. */
    void sent(long id, DownstreamSession s) {
        if (id >= 0) {
            deferrals.sentTo(id, s.id(), s.seq());
        }
    }

    /** Sends a buffered dispatch through {@code send}: marked if deferred, skipped if {@code s} has it already. */
    void sendBuffered(DownstreamSession s, Dispatch d, BiConsumer<String, String> send) {
        if (!d.type().equals(InteractionFrames.TYPE)) {
            send.accept(d.type(), d.data());
            return;
        }
        long id = InteractionFrames.id(d.data());
        SentFrame earlier = rebufferedFrom.remove(id);
        if (earlier != null && earlier.session().equals(s.id())) {
            // Its replay ring just gave it that frame again: watch that one, send no copy.
            deferrals.sentTo(id, s.id(), earlier.seq());
            return;
        }
        if (deferrals.deferred(id)) {
            send.accept(d.type(), InteractionFrames.markDeferred(d.data()));
        } else {
            send.accept(d.type(), d.data());
            sent(id, s);
        }
    }

    /** A re-buffered copy {@code s} gets from its replay ring instead: watch that frame if it is an interaction. */
    void ownCopySkipped(DownstreamSession s, Dispatch d) {
        if (!d.type().equals(InteractionFrames.TYPE)) {
            return;
        }
        long id = InteractionFrames.id(d.data());
        SentFrame earlier = rebufferedFrom.remove(id);
        if (earlier != null && earlier.session().equals(s.id())) {
            deferrals.sentTo(id, s.id(), earlier.seq());
        }
    }

    /** The socket of {@code s} closed and no bot is live: what it never confirmed, for the buffer. */
    List<Dispatch> unreadBy(DownstreamSession s, long lastReadSeq, Instant now) {
        List<Dispatch> out = new ArrayList<>();
        for (InteractionDeferrals.Unread unread : deferrals.unreadBy(s.id(), lastReadSeq)) {
            out.add(new Dispatch(InteractionFrames.TYPE, unread.data(), 0, now, false));
            rebufferedFrom.put(unread.id(), new SentFrame(s.id(), unread.seq()));
        }
        return out;
    }

    void read(String sessionId, long seq) {
        deferrals.read(sessionId, seq);
    }

    List<InteractionDeferrals.Due> due(Instant now) {
        return deferrals.due(now);
    }
}
