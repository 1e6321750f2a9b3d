package io.ultrareliability.keeper.downstream;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultrareliability.common.OrderedOutbox;
import io.ultrareliability.keeper.Jsons;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One bot's WebSocket, speaking gateway v10 (JSON text) as Discord does. Jetty calls it one frame
 * at a time; other threads only queue frames ({@link #enqueue}) and {@link #flush} them in order.
 * A frame handed to Jetty's {@code sendText} counts as delivered.
 */
public final class DownstreamConnection implements Session.Listener.AutoDemanding {
    /** Discord closes a client frame over 4096 bytes with 4002; so does the keeper. */
    static final int MAX_FRAME = 4096;
    static final int SEND_LIMIT = 120;
    static final long SEND_WINDOW_MS = 60_000;

    private final DownstreamHub hub;
    private final TokenCheck tokens;
    /** A frame and what to tell when Jetty has written it (the IDENTIFY burst waits on that). */
    private record Outgoing(String text, Callback written) {
    }

    private final OrderedOutbox<Outgoing> outbound = new OrderedOutbox<>(this::write);
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile Session socket;
    private volatile DownstreamSession session;
    private volatile Instant lastHeartbeat;
    private volatile long lastReadSeq;
    private long windowStart;
    private int sends;

    DownstreamConnection(DownstreamHub hub, TokenCheck tokens) {
        this.hub = requireNonNull(hub, "hub is null");
        this.tokens = requireNonNull(tokens, "tokens is null");
        this.lastHeartbeat = hub.now();
    }

    @Override
    public void onWebSocketOpen(Session s) {
        socket = s;
        lastHeartbeat = hub.now();
        hub.opened(this);
        enqueue("{\"op\":10,\"s\":null,\"t\":null,\"d\":{\"heartbeat_interval\":"
                + hub.settings().heartbeatInterval().toMillis() + "}}");
        flush();
    }

    @Override
    public void onWebSocketText(String text) {
        if (closing.get()) {
            return;
        }
        if (overSendLimit()) {
            closeFromKeeper(4008, "Rate limited.");
            return;
        }
        if (text.length() > MAX_FRAME || text.getBytes(StandardCharsets.UTF_8).length > MAX_FRAME) {
            closeFromKeeper(4002, "Error while decoding payload.");
            return;
        }
        JsonNode frame;
        try {
            frame = Jsons.read(text);
        } catch (IOException e) {
            frame = null;
        }
        if (frame == null || !frame.isObject() || !frame.path("op").isInt()) {
            closeFromKeeper(4002, "Error while decoding payload.");
            return;
        }
        int op = frame.get("op").intValue();
        JsonNode d = frame.path("d");
        switch (op) {
            case 1 -> {
                lastHeartbeat = hub.now();
                if (d.canConvertToLong()) {
                    lastReadSeq = d.longValue();
                    hub.read(this, lastReadSeq);
                }
                enqueue("{\"op\":11,\"s\":null,\"t\":null,\"d\":null}");
                flush();
            }
            case 2, 6 -> handshake(op, d);
            case 3, 4, 8, 31 -> {
                if (session == null) {
                    closeFromKeeper(4003, "Not authenticated.");
                } else {
                    hub.forward(this, op, frame, text);
                }
            }
            default -> closeFromKeeper(4001, "Unknown opcode.");
        }
    }

    private void handshake(int op, JsonNode d) {
        if (session != null) {
            closeFromKeeper(4005, "Already authenticated.");
            return;
        }
        if (!tokens.matches(d.path("token").asText(null))) {
            closeFromKeeper(4004, "Authentication failed.");
            return;
        }
        if (op == 2) {
            hub.identify(this);
        } else {
            hub.resume(this, d.path("session_id").asText(null), d.path("seq").asLong(0));
        }
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        callback.succeed();
        closeFromKeeper(4002, "Error while decoding payload.");
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        hub.closed(this, statusCode, !closing.get());
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        hub.closed(this, 1006, true);
    }

    private boolean overSendLimit() {
        long now = hub.now().toEpochMilli();
        if (now - windowStart >= SEND_WINDOW_MS) {
            windowStart = now;
            sends = 0;
        }
        return ++sends > SEND_LIMIT;
    }

    void identified(DownstreamSession s) {
        session = s;
    }

    DownstreamSession session() {
        return session;
    }

    Instant lastHeartbeat() {
        return lastHeartbeat;
    }

    /** After a RESUME: the bot has read up to {@code seq} (its RESUME said so). */
    void readUpTo(long seq) {
        lastReadSeq = seq;
    }

    /** The last sequence the bot said it read (its heartbeat's {@code d}). */
    long lastReadSeq() {
        return lastReadSeq;
    }

    boolean isOpen() {
        Session s = socket;
        return s != null && s.isOpen() && !closing.get();
    }

    void sendInvalidSession() {
        enqueue("{\"op\":9,\"s\":null,\"t\":null,\"d\":false}");
        flush();
    }

    void enqueue(String text) {
        outbound.enqueue(new Outgoing(text, Callback.NOOP));
    }

    /**
     * Queues {@code text} behind what is queued, flushes, and returns a future completed when
     * Jetty has written it to the socket (failed if the socket closed first): the IDENTIFY
     * burst writes its next guild only then, so a slow bot costs the keeper two frames of
     * memory, not the whole burst.
     */
    CompletableFuture<Void> send(String text) {
        Callback.Completable written = new Callback.Completable();
        outbound.enqueue(new Outgoing(text, written));
        flush();
        return written;
    }

    /** Hands queued frames to Jetty in order (common's {@link OrderedOutbox}). */
    void flush() {
        outbound.flush();
    }

    private void write(Outgoing frame) {
        Session s = socket;
        if (s != null && s.isOpen()) {
            s.sendText(frame.text(), frame.written());
        } else {
            frame.written().fail(new IOException("socket closed"));
        }
    }

    void closeFromKeeper(int code, String reason) {
        if (closing.compareAndSet(false, true)) {
            Session s = socket;
            if (s != null) {
                s.close(code, reason, Callback.NOOP);
            }
        }
    }
}
