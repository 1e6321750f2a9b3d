package io.ultrareliability.keeper.downstream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ultrareliability.keeper.buffer.Dispatch;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the hub tells a durable store (issue 16), always under the hub's lock and in the order it
 * happened. Nothing is durable until {@link #commit()}, which the hub calls before it writes
 * the frames of that step to any bot socket: so a bot can never have seen something the store
 * would forget after a {@code kill -9}. {@link #NONE} keeps everything in memory only.
 */
public interface HubJournal {
    /** READY of a new upstream session ({@code seq}: its {@code s}); the state restarts. */
    void upstreamReady(long seq, ObjectNode readyData);

    /** One upstream dispatch; {@code stateful}: it changed the state (kept for replay on load). */
    void upstreamDispatch(long seq, String type, String data, boolean stateful);

    /** A bot session's IDENTIFY burst (READY, guilds) ended at {@code floor}: it exists from now on. */
    void sessionOpened(String sessionId, long floor);

    /** A frame numbered {@code seq} for a bot session (kept for that session's RESUME). */
    void sent(String sessionId, long seq, String frame);

    void sessionEnded(String sessionId);

    /**
     * Nothing of bot session {@code sessionId} up to {@code seq} needs handing to another bot
     * after a keeper restart: its bot confirmed reading it (heartbeat, RESUME), or the session
     * detached and its frames were re-buffered or counted delivered.
     */
    default void readUpTo(String sessionId, long seq) {
    }

    void buffered(Dispatch dispatch);

    /** The buffer now holds only its newest {@code size} dispatches (evictions, drains). */
    void bufferTrimmed(int size);

    /** Makes every call since the last commit durable, as one transaction. */
    void commit();

    /**
     * Periodic upkeep (compaction, catching up after a failed write); {@code image} is built
     * only when the store needs a full rewrite.
     */
    default void maintain(Supplier<HubImage> image) {
    }

    /** Everything the hub holds, for a full rewrite of the store. */
    record HubImage(Optional<ObjectNode> ready, List<GuildFrame> guilds, List<Dispatch> buffer,
            List<SessionImage> sessions) {
    }

    /** A synthesized GUILD_CREATE (or unavailable GUILD_DELETE) body. */
    record GuildFrame(String type, String data) {
    }

    /**
     * One bot session: its id, where its IDENTIFY burst ended, the frames kept for its RESUME,
     * oldest first, and {@code readUpTo} (see {@link #readUpTo}): after a keeper restart the
     * frames after it go to the buffer unless the session RESUMEs.
     */
    record SessionImage(String id, long floor, List<SentFrame> frames, long readUpTo) {
        public SessionImage {
            java.util.Objects.requireNonNull(id, "id is null");
            frames = List.copyOf(frames);
        }

        /** A session with nothing left to hand over (a store without the confirmation row). */
        public SessionImage(String id, long floor, List<SentFrame> frames) {
            this(id, floor, frames, Long.MAX_VALUE);
        }
    }

    record SentFrame(long seq, String text) {
        public SentFrame {
            java.util.Objects.requireNonNull(text, "text is null");
        }
    }

    HubJournal NONE = new HubJournal() {
        @Override
        public void upstreamReady(long seq, ObjectNode readyData) {
        }

        @Override
        public void upstreamDispatch(long seq, String type, String data, boolean stateful) {
        }

        @Override
        public void sessionOpened(String sessionId, long floor) {
        }

        @Override
        public void sent(String sessionId, long seq, String frame) {
        }

        @Override
        public void sessionEnded(String sessionId) {
        }

        @Override
        public void buffered(Dispatch dispatch) {
        }

        @Override
        public void bufferTrimmed(int size) {
        }

        @Override
        public void commit() {
        }
    };
}
