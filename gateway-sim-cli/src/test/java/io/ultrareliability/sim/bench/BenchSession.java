package io.ultrareliability.sim.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * One idle bot session for the capacity benchmark: IDENTIFY once, then a heartbeat whenever
 * {@link #heartbeat} is called, timing each ACK. Parses nothing but the op code, to stay cheap.
 */
final class BenchSession implements WebSocket.Listener {
    private final String token;
    private final LongConsumer ackLatencyNanos;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final AtomicLong heartbeatSentAt = new AtomicLong();
    private final AtomicLong missedAcks = new AtomicLong();
    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket socket;
    private volatile long lastSeq;

    BenchSession(String token, LongConsumer ackLatencyNanos) {
        this.token = token;
        this.ackLatencyNanos = ackLatencyNanos;
    }

    CompletableFuture<Void> open(HttpClient http, URI gateway) {
        return http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                .buildAsync(URI.create(gateway + "?v=10&encoding=json"), this)
                .thenCompose(ws -> {
                    socket = ws;
                    return ws.sendText("{\"op\":2,\"d\":{\"token\":\"" + token
                            + "\",\"intents\":513,\"properties\":{\"os\":\"linux\",\"browser\":\"bench\",\"device\":\"bench\"}}}", true);
                })
                .thenCompose(ws -> ready);
    }

    /** Sends a heartbeat; an earlier one still un-ACKed counts as missed. */
    void heartbeat() {
        WebSocket ws = socket;
        if (ws == null || closed.isDone()) {
            return;
        }
        long previous = heartbeatSentAt.getAndSet(System.nanoTime());
        if (previous != 0) {
            missedAcks.incrementAndGet();
        }
        ws.sendText("{\"op\":1,\"d\":" + lastSeq + "}", true);
    }

    long missedAcks() {
        return missedAcks.get();
    }

    boolean isClosed() {
        return closed.isDone();
    }

    Integer closeCode() {
        return closed.getNow(null);
    }

    void abort() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String frame = partial.toString();
            partial.setLength(0);
            if (frame.startsWith("{\"op\":11")) {
                long sent = heartbeatSentAt.getAndSet(0);
                if (sent != 0) {
                    ackLatencyNanos.accept(System.nanoTime() - sent);
                }
            } else if (frame.startsWith("{\"op\":0")) {
                int s = frame.indexOf("\"s\":");
                if (s > 0) {
                    int end = s + 4;
                    while (end < frame.length() && Character.isDigit(frame.charAt(end))) {
                        end++;
                    }
                    lastSeq = Long.parseLong(frame, s + 4, end, 10);
                }
                if (frame.contains("\"t\":\"GUILD_CREATE\"")) {
                    ready.complete(null);
                }
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        ready.completeExceptionally(new IllegalStateException("closed " + statusCode + " " + reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(1006);
        ready.completeExceptionally(error);
    }
}
