package io.ultrareliability.keeper.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A minimal gateway client over the JDK WebSocket, for protocol-level checks JDA hides: it
 * records every frame and the close code, and sends exactly what the test says.
 */
final class RawGateway implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final WebSocket ws;

    private RawGateway(String url) throws Exception {
        ws = Waits.HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create(url + "?v=10&encoding=json"), new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            try {
                                frames.add(JSON.readTree(partial.toString()));
                            } catch (Exception e) {
                                frames.add(JSON.createObjectNode().put("unparsable", partial.toString()));
                            }
                            partial.setLength(0);
                        }
                        w.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
                        closeCode.complete(code);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket w, Throwable error) {
                        closeCode.complete(1006);
                    }
                }).get(10, TimeUnit.SECONDS);
    }

    static RawGateway connect(String url) throws Exception {
        return new RawGateway(url);
    }

    void send(String text) {
        ws.sendText(text, true).join();
    }

    void identify(String token) {
        send("{\"op\":2,\"d\":{\"token\":\"" + token + "\",\"intents\":33281,\"properties\":{\"os\":\"linux\","
                + "\"browser\":\"it\",\"device\":\"it\"}}}");
    }

    /** The next frame, or fails after {@code timeout}. */
    JsonNode next(Duration timeout) throws InterruptedException {
        JsonNode f = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (f == null) {
            throw new AssertionError("no frame within " + timeout);
        }
        return f;
    }

    /** Dispatch frames until one of type {@code t} (inclusive). */
    List<JsonNode> until(String t, Duration timeout) throws InterruptedException {
        List<JsonNode> seen = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + t + " within " + timeout + "; saw " + seen);
            }
            JsonNode f = next(Duration.ofNanos(left));
            seen.add(f);
            if (t.equals(f.path("t").asText())) {
                return seen;
            }
        }
    }

    /** Heartbeats every {@code intervalMs} (d = null) on a daemon thread, until closed. */
    void heartbeatEvery(long intervalMs) {
        Thread.ofPlatform().daemon().start(() -> {
            while (!ws.isOutputClosed()) {
                try {
                    ws.sendText("{\"op\":1,\"d\":null}", true).join();
                    Thread.sleep(intervalMs);
                } catch (Exception e) {
                    return;
                }
            }
        });
    }

    /** Dispatches of type {@code t} among the frames received so far (drains them). */
    List<JsonNode> drain() {
        List<JsonNode> all = new ArrayList<>();
        frames.drainTo(all);
        return all;
    }

    /** Drops the TCP connection without a close frame (what kill -9 does). */
    void abort() {
        ws.abort();
    }

    @Override
    public void close() {
        ws.abort();
    }
}
