package io.ultrareliability.bot.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.ultrareliability.common.Durations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * {@code GET /health}, {@code GET /discord-status}, {@code GET /heartbeat} and
 * {@code POST /reconnect} on the JDK's own HTTP server. Every answer is built from
 * {@link HealthState} at request time; nothing here holds a JDA reference.
 */
public final class HealthServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthServer.class);
    private static final Duration MAX_RECONNECT_WAIT = Duration.ofSeconds(30);

    /** What POST /reconnect triggers. */
    public interface Reconnector {
        /** Throws the current instance away and starts a fresh one; returns its generation. */
        int reconnect() throws InterruptedException;
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final HealthState state;
    private final HealthJson json;
    private final Reconnector reconnector;
    private final ObjectMapper mapper = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    /** One reconnect at a time, so waiting reconnects can never occupy every health thread. */
    private final Semaphore reconnecting = new Semaphore(1);

    private HealthServer(HttpServer server, ExecutorService executor, HealthState state, HealthJson json,
                         Reconnector reconnector) {
        this.server = server;
        this.executor = executor;
        this.state = state;
        this.json = json;
        this.reconnector = reconnector;
    }

    /** @throws IOException when the port cannot be bound (the caller turns it into exit 78) */
    public static HealthServer start(String host, int port, HealthState state, HealthJson json,
                                     Reconnector reconnector) throws IOException {
        requireNonNull(state, "state is null");
        requireNonNull(json, "json is null");
        requireNonNull(reconnector, "reconnector is null");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 64);
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "health-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        HealthServer hs = new HealthServer(server, executor, state, json, reconnector);
        server.createContext("/health", hs.guard("GET", hs::health));
        server.createContext("/discord-status", hs.guard("GET", hs::discordStatus));
        server.createContext("/heartbeat", hs.guard("GET", hs::heartbeat));
        server.createContext("/reconnect", hs.guard("POST", hs::reconnect));
        server.createContext("/", hs.guard("GET", ex -> hs.send(ex, 404, "{\"error\":\"not found\"}")));
        server.start();
        return hs;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private interface Handler {
        void handle(HttpExchange ex) throws IOException;
    }

    private HttpHandler guard(String method, Handler handler) {
        return ex -> {
            try (ex) {
                ex.getRequestBody().readAllBytes();
                if (!ex.getRequestMethod().equalsIgnoreCase(method)
                        && !(method.equals("GET") && ex.getRequestMethod().equalsIgnoreCase("HEAD"))) {
                    ex.getResponseHeaders().add("Allow", method);
                    send(ex, 405, "{\"error\":\"method not allowed\"}");
                    return;
                }
                handler.handle(ex);
            } catch (IOException e) {
                LOG.debug("health client went away: {}", e.toString());
            } catch (RuntimeException e) {
                LOG.error("health endpoint {} failed", ex.getRequestURI().getPath(), e);
                try {
                    send(ex, 500, "{\"error\":\"internal error\"}");
                } catch (IOException ignored) {
                    // the client is gone
                }
            }
        };
    }

    private void health(HttpExchange ex) throws IOException {
        HealthState.Snapshot s = state.snapshot(false);
        sendJson(ex, s.connected() ? 200 : 503, json.health(s));
    }

    private void discordStatus(HttpExchange ex) throws IOException {
        HealthState.Snapshot s = state.snapshot(true);
        sendJson(ex, s.connected() ? 200 : 503, json.discordStatus(s));
    }

    private void heartbeat(HttpExchange ex) throws IOException {
        boolean connected = state.connected();
        send(ex, connected ? 200 : 503, connected ? "{\"connected\":true}" : "{\"connected\":false}");
    }

    private void reconnect(HttpExchange ex) throws IOException {
        if (!ex.getRemoteAddress().getAddress().isLoopbackAddress()) {
            send(ex, 403, "{\"error\":\"reconnect is allowed from loopback only\"}");
            return;
        }
        Duration wait;
        try {
            wait = waitParameter(ex.getRequestURI().getRawQuery());
        } catch (IllegalArgumentException e) {
            send(ex, 400, "{\"error\":" + mapper.writeValueAsString(e.getMessage()) + "}");
            return;
        }
        if (!reconnecting.tryAcquire()) {
            send(ex, 409, "{\"error\":\"a reconnect is already in progress\"}");
            return;
        }
        int generation;
        try {
            generation = reconnector.reconnect();
            long deadline = System.nanoTime() + wait.toNanos();
            while (System.nanoTime() < deadline
                    && !(state.connected() && state.snapshot(false).generation() == generation)) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            send(ex, 503, "{\"error\":\"interrupted\"}");
            return;
        } finally {
            reconnecting.release();
        }
        HealthState.Snapshot s = state.snapshot(true);
        Map<String, Object> body = json.discordStatus(s);
        sendJson(ex, s.connected() && s.generation() == generation ? 200 : 202, body);
    }

    static Duration waitParameter(String query) {
        if (query == null) {
            return Duration.ZERO;
        }
        for (String part : query.split("&")) {
            if (part.startsWith("wait=")) {
                Duration d = Durations.parse(java.net.URLDecoder.decode(part.substring(5), StandardCharsets.UTF_8));
                return d.compareTo(MAX_RECONNECT_WAIT) > 0 ? MAX_RECONNECT_WAIT : d;
            }
        }
        return Duration.ZERO;
    }

    private void sendJson(HttpExchange ex, int status, Map<String, Object> body) throws IOException {
        send(ex, status, mapper.writeValueAsString(body));
    }

    private void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = ex.getRequestMethod().equalsIgnoreCase("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
