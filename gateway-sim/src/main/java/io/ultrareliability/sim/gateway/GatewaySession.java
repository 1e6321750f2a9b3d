package io.ultrareliability.sim.gateway;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ultrareliability.sim.state.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * One gateway session (what IDENTIFY creates and RESUME continues): its sequence numbers and
 * the dispatches a resuming client may have missed. It outlives its connections. State is
 * guarded by the session's monitor; frames are only queued under it (in sequence order) and
 * handed to Jetty after it is released, so no Jetty lock is ever taken while holding ours.
 */
final class GatewaySession {
    /** Dispatches kept for replay; a RESUME from further back gets op 9 like Discord's. */
    static final int REPLAY_CAPACITY = 1000;

    private record Frame(long seq, String text) {
    }

    enum ResumeResult {
        RESUMED,
        INVALID_SESSION,
        INVALID_SEQ
    }

    /** What RESUME did; on RESUMED, {@code previous} is the connection it was taken from (or null). */
    record Resume(ResumeResult result, GatewayConnection previous) {
    }

    private final String id;
    private final int tokenIndex;
    private final int shardId;
    private final int shardCount;
    private final long intents;
    private final Runnable onEnd;
    private final Deque<Frame> replay = new ArrayDeque<>();
    private long seq;
    private boolean ended;
    private GatewayConnection attached;
    private Instant detachedAt;

    /** @param onEnd run once, when the session can no longer be resumed (must not block) */
    GatewaySession(String id, int tokenIndex, int shardId, int shardCount, long intents, Runnable onEnd) {
        this.id = requireNonNull(id, "id is null");
        this.onEnd = requireNonNull(onEnd, "onEnd is null");
        this.tokenIndex = tokenIndex;
        this.shardId = shardId;
        this.shardCount = shardCount;
        this.intents = intents;
    }

    boolean hasIntent(long intent) {
        return (intents & intent) != 0;
    }

    String id() {
        return id;
    }

    int tokenIndex() {
        return tokenIndex;
    }

    int shardId() {
        return shardId;
    }

    int shardCount() {
        return shardCount;
    }

    synchronized void attach(GatewayConnection connection) {
        attached = requireNonNull(connection, "connection is null");
        detachedAt = null;
    }

    /** Detaches this connection if it is the current one. */
    synchronized void detach(GatewayConnection connection, Instant now) {
        if (attached == connection) {
            attached = null;
            detachedAt = now;
        }
    }

    boolean isOpen() {
        GatewayConnection connection;
        synchronized (this) {
            if (ended) {
                return false;
            }
            connection = attached;
        }
        return connection != null && connection.isOpen();
    }

    synchronized boolean ended() {
        return ended;
    }

    /** Ends the session: it can no longer be resumed. */
    synchronized void end() {
        if (!ended) {
            ended = true;
            onEnd.run();
        }
    }

    /** Detached longer than {@code resumeWindow}: Discord has forgotten it. */
    private boolean pastWindow(Instant now, Duration resumeWindow) {
        return attached == null && detachedAt != null && detachedAt.plus(resumeWindow).isBefore(now);
    }

    /** True when nobody can use this session any more and it may be forgotten. */
    boolean expired(Instant now, Duration resumeWindow) {
        GatewayConnection connection;
        synchronized (this) {
            if (!ended) {
                return pastWindow(now, resumeWindow);
            }
            connection = attached;
        }
        return connection == null || !connection.isOpen();
    }

    synchronized Optional<GatewayConnection> connection() {
        return Optional.ofNullable(attached);
    }

    /** Numbers and records a dispatch, and sends it if a connection is attached. */
    void dispatch(String type, JsonNode data) {
        GatewayConnection target;
        synchronized (this) {
            target = enqueueDispatch(type, data);
        }
        if (target != null) {
            target.flush();
        }
    }

    /** Numbers, records and queues a dispatch without sending it; the caller flushes. */
    synchronized void queue(String type, JsonNode data) {
        enqueueDispatch(type, data);
    }

    /** Under the monitor: numbers, records and queues; returns the connection to flush. */
    private GatewayConnection enqueueDispatch(String type, JsonNode data) {
        if (ended) {
            return null;
        }
        seq++;
        ObjectNode frame = Json.object();
        frame.put("op", GatewayOps.DISPATCH);
        frame.put("t", type);
        frame.put("s", seq);
        frame.set("d", data);
        String text = Json.write(frame);
        if (replay.size() == REPLAY_CAPACITY) {
            replay.removeFirst();
        }
        replay.addLast(new Frame(seq, text));
        if (attached != null) {
            attached.enqueue(text);
        }
        return attached;
    }

    /**
     * Moves the session to a new connection and queues what the client missed after
     * {@code clientSeq}, then RESUMED. The caller marks the connection identified, then
     * flushes it (so nothing reaches the client before the server is ready for its answer)
     * and closes the previous connection.
     */
    Resume resume(GatewayConnection connection, long clientSeq, Instant now, Duration resumeWindow) {
        GatewayConnection previous;
        synchronized (this) {
            if (!ended && pastWindow(now, resumeWindow)) {
                end(); // the ticker had not got to it yet: the window, not the tick, decides
            }
            if (ended) {
                return new Resume(ResumeResult.INVALID_SESSION, null);
            }
            if (clientSeq > seq || clientSeq < 0) {
                return new Resume(ResumeResult.INVALID_SEQ, null);
            }
            long oldest = replay.isEmpty() ? seq + 1 : replay.peekFirst().seq();
            if (clientSeq + 1 < oldest && clientSeq < seq) {
                return new Resume(ResumeResult.INVALID_SESSION, null);
            }
            previous = attached;
            attach(connection);
            for (Frame frame : replay) {
                if (frame.seq() > clientSeq) {
                    connection.enqueue(frame.text());
                }
            }
            // Under the same lock: nothing can slip in between the replay and RESUMED.
            enqueueDispatch("RESUMED", Json.object().set("_trace", Json.array().add("gateway-sim")));
        }
        return new Resume(ResumeResult.RESUMED, previous == connection ? null : previous);
    }
}
