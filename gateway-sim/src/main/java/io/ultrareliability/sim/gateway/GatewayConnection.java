package io.ultrareliability.sim.gateway;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.ultrareliability.common.OrderedOutbox;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gateway WebSocket. Jetty delivers its frames one at a time, so the protocol state here
 * is only written by that thread; other threads (faults, dispatches) only send or close.
 */
public final class GatewayConnection implements Session.Listener.AutoDemanding {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayConnection.class);

    /** Discord: 120 gateway sends per connection per 60 s. */
    static final int SEND_LIMIT = 120;
    static final long SEND_WINDOW_MS = 60_000;
    /** Discord: larger client payloads end the connection with 4002. */
    static final int MAX_PAYLOAD_BYTES = 4096;

    private final GatewayHub hub;
    private final boolean silenced;
    private final AtomicReference<ConnectionState> state = new AtomicReference<>(ConnectionState.OPEN);
    private final OrderedOutbox<String> outbound = new OrderedOutbox<>(this::write);
    private volatile Session socket;
    private volatile GatewaySession session;
    private volatile Instant lastHeartbeat;
    private volatile boolean helloSent;
    private long windowStartMs;
    private int sendsInWindow;

    private final int closeOnOpen;

    /** The TCP connection under the WebSocket (the upgrade keeps the EndPoint). */
    private final EndPoint endPoint;

    GatewayConnection(GatewayHub hub, boolean silenced, int closeOnOpen, EndPoint endPoint) {
        this.hub = requireNonNull(hub, "hub is null");
        this.endPoint = requireNonNull(endPoint, "endPoint is null");
        this.silenced = silenced;
        this.closeOnOpen = closeOnOpen;
    }

    @Override
    public void onWebSocketOpen(Session s) {
        socket = s;
        lastHeartbeat = hub.now();
        hub.register(this);
        if (closeOnOpen != 0) {
            closeWith(closeOnOpen);
            return;
        }
        if (!silenced) {
            helloSent = true;
            send(Payloads.hello(hub.heartbeatIntervalMs()));
        }
    }

    @Override
    public void onWebSocketText(String text) {
        if (silenced || !state.get().readsFrames()) {
            return;
        }
        if (overSendLimit()) {
            closeFromServer(GatewayCloseCodes.RATE_LIMITED, GatewayCloseCodes.reason(GatewayCloseCodes.RATE_LIMITED));
            return;
        }
        if (text.length() > MAX_PAYLOAD_BYTES
                || text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            closeWith(GatewayCloseCodes.DECODE_ERROR);
            return;
        }
        JsonNode frame;
        try {
            frame = hub.parse(text);
        } catch (JsonProcessingException e) {
            frame = null;
        }
        if (frame == null || !frame.isObject() || !frame.path("op").isInt()) {
            closeWith(GatewayCloseCodes.DECODE_ERROR);
            return;
        }
        int op = frame.get("op").intValue();
        JsonNode d = frame.path("d");
        switch (op) {
            case GatewayOps.HEARTBEAT -> onHeartbeat();
            case GatewayOps.IDENTIFY -> {
                if (session != null) {
                    closeWith(GatewayCloseCodes.ALREADY_AUTHENTICATED);
                } else {
                    hub.handshake().identify(this, d);
                }
            }
            case GatewayOps.RESUME -> {
                if (session != null) {
                    closeWith(GatewayCloseCodes.ALREADY_AUTHENTICATED);
                } else {
                    hub.handshake().resume(this, d);
                }
            }
            default -> {
                if (!GatewayOps.isAcceptedClientOp(op)) {
                    closeWith(GatewayCloseCodes.UNKNOWN_OPCODE);
                } else if (session == null) {
                    closeWith(GatewayCloseCodes.NOT_AUTHENTICATED);
                } else if (op == GatewayOps.REQUEST_GUILD_MEMBERS) {
                    hub.handshake().requestGuildMembers(this, d);
                }
            }
        }
    }

    @Override
    public void onWebSocketBinary(java.nio.ByteBuffer payload, Callback callback) {
        // ETF and compressed client frames are not supported: Discord would fail to decode too.
        callback.succeed();
        if (!silenced) {
            closeWith(GatewayCloseCodes.DECODE_ERROR);
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        closed(statusCode);
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("gateway connection error: {}", cause.toString());
        closed(1006);
    }

    /** Jetty reports the end (once or, after an error, twice: only the first counts). */
    private void closed(int statusCode) {
        ConnectionState previous = state.getAndSet(ConnectionState.CLOSED);
        if (previous == ConnectionState.CLOSED) {
            return;
        }
        previous.requireMoveTo(ConnectionState.CLOSED);
        hub.unregister(this, statusCode, previous != ConnectionState.CLOSING);
    }

    /**
     * OPEN -> IDENTIFIED with this session; false if the server is already closing this
     * connection (a fault raced the handshake), in which case nothing changes.
     */
    boolean markIdentified(GatewaySession s) {
        ConnectionState current = state.get();
        if (!current.readsFrames()) {
            return false;
        }
        current.requireMoveTo(ConnectionState.IDENTIFIED);
        if (!state.compareAndSet(ConnectionState.OPEN, ConnectionState.IDENTIFIED)) {
            return false;
        }
        session = s;
        return true;
    }

    /** OPEN/IDENTIFIED -> CLOSING; false if it was already closing or closed. */
    private boolean beginServerClose() {
        while (true) {
            ConnectionState current = state.get();
            if (!current.readsFrames()) {
                return false;
            }
            current.requireMoveTo(ConnectionState.CLOSING);
            if (state.compareAndSet(current, ConnectionState.CLOSING)) {
                return true;
            }
        }
    }

    ConnectionState state() {
        return state.get();
    }

    private void onHeartbeat() {
        lastHeartbeat = hub.now();
        hub.countHeartbeat();
        if (!hub.faults().zombie()) {
            send(Payloads.heartbeatAck());
        }
    }

    private boolean overSendLimit() {
        long nowMs = hub.now().toEpochMilli();
        if (nowMs - windowStartMs >= SEND_WINDOW_MS) {
            windowStartMs = nowMs;
            sendsInWindow = 0;
        }
        return ++sendsInWindow > SEND_LIMIT;
    }

    void closeWith(int code) {
        closeFromServer(code, GatewayCloseCodes.reason(code));
    }

    /** Sends a close frame; a code that ends the session ends it first. */
    void closeFromServer(int code, String reason) {
        if (!beginServerClose()) {
            return;
        }
        GatewaySession current = session;
        if (current != null && GatewayCloseCodes.endsSession(code)) {
            current.end();
        }
        Session s = socket;
        if (s != null) {
            s.close(code, reason, Callback.NOOP);
        }
    }

    /**
     * Cuts the TCP connection without a close frame. Closing the EndPoint itself is what
     * reliably puts a FIN on the wire at once; Session.disconnect() alone did not always.
     */
    void drop() {
        beginServerClose();
        endPoint.close();
        Session s = socket;
        if (s != null) {
            s.disconnect();
        }
    }

    /** Queues a frame; {@link #flush} hands queued frames to Jetty in order. */
    void enqueue(String text) {
        outbound.enqueue(text);
    }

    /** Sends the queued frames in order. Called without any of the simulator's locks held. */
    void flush() {
        outbound.flush();
    }

    private void write(String text) {
        Session s = socket;
        if (s != null && s.isOpen()) {
            s.sendText(text, Callback.NOOP);
        }
    }

    void send(String text) {
        enqueue(text);
        flush();
    }

    boolean isOpen() {
        Session s = socket;
        return s != null && s.isOpen() && state.get().readsFrames();
    }

    boolean helloSent() {
        return helloSent;
    }

    Instant lastHeartbeat() {
        return lastHeartbeat;
    }

    GatewaySession session() {
        return session;
    }


}
