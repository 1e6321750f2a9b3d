package io.ultrareliability.keeper.upstream;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The upstream's WebSocket plumbing over the JDK client: opening with a generation number,
 * reassembling text frames, posting every callback to the shard's thread, serialising sends
 * (the JDK allows one outstanding send), and leaving a socket with a resumable close.
 * Only used from the shard's thread, except the listener, which only posts.
 */
final class UpstreamSocket {
    /** The shard's side: called on its thread. */
    interface Events {
        void opened(int gen, WebSocket ws);

        void frame(int gen, String text);

        void lost(int gen, int code, String reason);

        void failed(int gen, Throwable error);
    }

    private final HttpClient http;
    private final ScheduledExecutorService exec;
    private final Events events;
    private WebSocket socket;
    private CompletableFuture<WebSocket> sendChain = CompletableFuture.completedFuture(null);

    UpstreamSocket(HttpClient http, ScheduledExecutorService exec, Events events) {
        this.http = requireNonNull(http, "http is null");
        this.exec = requireNonNull(exec, "exec is null");
        this.events = requireNonNull(events, "events is null");
    }

    void open(URI base, int gen) {
        http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(withQuery(base), new Frames(gen))
                .whenComplete((ws, error) -> {
                    if (error != null) {
                        exec.execute(() -> events.failed(gen, error));
                    }
                });
    }

    void attach(WebSocket ws) {
        socket = ws;
        sendChain = CompletableFuture.completedFuture(ws);
    }

    boolean attached() {
        return socket != null;
    }

    void send(String text) {
        WebSocket ws = socket;
        if (ws == null) {
            return;
        }
        sendChain = sendChain.handle((w, e) -> null).thenCompose(x -> ws.sendText(text, true));
    }

    /** A close frame with {@code code} (not 1000/1001 unless the session should end), then abort. */
    java.util.concurrent.CompletableFuture<Void> leave(int code, String reason) {
        WebSocket ws = socket;
        socket = null;
        java.util.concurrent.CompletableFuture<Void> sent = new java.util.concurrent.CompletableFuture<>();
        if (ws != null) {
            ws.sendClose(code, reason).whenComplete((w, e) -> {
                ws.abort();
                sent.complete(null);
            });
            exec.schedule(ws::abort, 1, TimeUnit.SECONDS);
        } else {
            sent.complete(null);
        }
        return sent;
    }

    /** Discord's URL ends with a slash, the simulator's does not: keep the path, set the query. */
    static URI withQuery(URI base) {
        String s = base.toString();
        int q = s.indexOf('?');
        return URI.create((q < 0 ? s : s.substring(0, q)) + "?v=10&encoding=json");
    }

    static String oneLine(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    /** Text frames are reassembled; every callback is posted to the shard's thread, in order. */
    private final class Frames implements WebSocket.Listener {
        private final int gen;
        private final StringBuilder partial = new StringBuilder();

        Frames(int gen) {
            this.gen = gen;
        }

        @Override
        public void onOpen(WebSocket ws) {
            // Posted before any frame: the socket is attached when HELLO is handled.
            exec.execute(() -> events.opened(gen, ws));
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                exec.execute(() -> events.frame(gen, text));
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            exec.execute(() -> events.lost(gen, code, reason));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            exec.execute(() -> events.lost(gen, 1006, oneLine(error)));
        }
    }
}
