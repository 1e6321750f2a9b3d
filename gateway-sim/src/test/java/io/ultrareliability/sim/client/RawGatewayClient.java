package io.ultrareliability.sim.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bare gateway client on the JDK's WebSocket, to speak the protocol byte by byte (and to
 * open hundreds of sessions cheaply in the capacity benchmark).
 */
public final class RawGatewayClient implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Close code reported when the connection ended without a close frame. */
    public static final int ABNORMAL = 1006;

    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private volatile WebSocket socket;

    private RawGatewayClient() {
    }

    /** Connects, or throws (a {@link java.util.concurrent.CompletionException}) if the upgrade fails. */
    public static RawGatewayClient connect(HttpClient http, URI gatewayUrl, String query) {
        return connectAsync(http, gatewayUrl, query).orTimeout(15, TimeUnit.SECONDS).join();
    }

    public static CompletableFuture<RawGatewayClient> connectAsync(HttpClient http, URI gatewayUrl, String query) {
        RawGatewayClient client = new RawGatewayClient();
        return http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(gatewayUrl + query), new Listener(client))
                .thenApply(ws -> {
                    client.socket = ws;
                    return client;
                });
    }

    /** Connects with {@code ?v=10&encoding=json}. */
    public static RawGatewayClient connect(HttpClient http, URI gatewayUrl) {
        return connect(http, gatewayUrl, "?v=10&encoding=json");
    }

    public void send(String json) {
        socket.sendText(json, true).orTimeout(10, TimeUnit.SECONDS).join();
    }

    public void identify(String token, long intents) {
        send("{\"op\":2,\"d\":{\"token\":\"" + token + "\",\"intents\":" + intents
                + ",\"properties\":{\"os\":\"linux\",\"browser\":\"raw\",\"device\":\"raw\"}}}");
    }

    public void heartbeat(long seq) {
        send("{\"op\":1,\"d\":" + seq + "}");
    }

    /** The next frame, or null if none came within the timeout. */
    public JsonNode next(Duration timeout) throws InterruptedException {
        return frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Skips frames until one with this op (and dispatch type, if given) arrives. */
    public JsonNode await(int op, String type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode frame = left <= 0 ? null : frames.poll(left, TimeUnit.NANOSECONDS);
            if (frame == null) {
                throw new AssertionError("no op " + op + (type == null ? "" : " " + type) + " within " + timeout);
            }
            if (frame.path("op").asInt() == op && (type == null || type.equals(frame.path("t").asText()))) {
                return frame;
            }
        }
    }

    /** The close code the server sent ({@link #ABNORMAL} for a cut connection). */
    public int awaitClose(Duration timeout) {
        return closed.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    /** Closes with 1000, which (like on Discord) ends the session. */
    public void closeNormally() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** Closes with this code (1000 or 3000-4999); anything but 1000/1001 keeps the session resumable. */
    public void closeWith(int code) {
        socket.sendClose(code, "test").orTimeout(10, TimeUnit.SECONDS).join();
    }

        public boolean isClosed() {
        return closed.isDone();
    }

    /** Aborts the connection (always: a half-closed socket must not outlive the test). */
    @Override
    public void close() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
    }

    private static final class Listener implements WebSocket.Listener {
        private final RawGatewayClient client;
        private final StringBuilder partial = new StringBuilder();

        Listener(RawGatewayClient client) {
            this.client = client;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    client.frames.add(MAPPER.readTree(partial.toString()));
                } catch (Exception e) {
                    client.closed.completeExceptionally(e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            client.closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            client.closed.complete(ABNORMAL);
        }
    }
}
