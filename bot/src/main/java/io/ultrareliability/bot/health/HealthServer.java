package io.ultrareliability.bot.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.ultrareliability.common.Durations;
import io.ultrareliability.common.time.Poll;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

import static java.util.Objects.requireNonNull;

/**
 * {@code GET /health}, {@code GET /discord-status}, {@code GET /heartbeat} and
 * {@code POST /reconnect} on the JDK's own HTTP server. Every answer is built from
 * {@link HealthState} at request time; nothing here holds a JDA reference.
 *
 * <p>It cannot be starved (issue 13): each request runs on its own virtual thread, so slow
 * sockets cannot use up a pool and {@code /health} is answered while others misbehave; the
 * JDK server caps connections, header count and size, and closes a request that has not
 * arrived within {@link #MAX_REQUEST_TIME}; method and path are checked before any body is
 * read, and a body is never read past {@link #MAX_BODY} (an unread body is drained at most
 * 64 KiB, then the connection is closed). {@code POST /reconnect} goes through a
 * {@link ControlGuard}.
 */
public final class HealthServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthServer.class);
    private static final Duration MAX_RECONNECT_WAIT = Duration.ofSeconds(30);
    /** POST /reconnect?wait=: how often it looks whether the fresh instance is connected. */
    private static final Poll RECONNECT_POLL = Poll.every(Duration.ofMillis(20));
    /** A control request's body: there is none to speak of. */
    static final int MAX_BODY = 4 * 1024;
    static final int MAX_CONNECTIONS = 64;
    static final Duration MAX_REQUEST_TIME = Duration.ofSeconds(5);

    static {
        // Read once by the JDK's server when its first instance is made: set before that.
        // An operator's own -D setting wins.
        limit("jdk.httpserver.maxConnections", Integer.toString(MAX_CONNECTIONS));
        limit("sun.net.httpserver.maxReqHeaders", "32");
        limit("sun.net.httpserver.maxReqHeaderSize", "8192");
        limit("sun.net.httpserver.maxReqTime", Long.toString(MAX_REQUEST_TIME.toSeconds()));
        limit("sun.net.httpserver.maxRspTime", Long.toString(MAX_RECONNECT_WAIT.toSeconds() + 10));
        limit("sun.net.httpserver.maxIdleConnections", "16");
        limit("sun.net.httpserver.idleInterval", "30");
    }

    private static void limit(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

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
    private final ControlGuard control;
    private final ObjectMapper mapper = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    /** One reconnect at a time, so waiting reconnects can never occupy every health thread. */
    private final Semaphore reconnecting = new Semaphore(1);

    private HealthServer(HttpServer server, ExecutorService executor, HealthState state, HealthJson json,
                         Reconnector reconnector, ControlGuard control) {
        this.control = control;
        this.server = server;
        this.executor = executor;
        this.state = state;
        this.json = json;
        this.reconnector = reconnector;
    }

    /** @throws IOException when the port cannot be bound (the caller turns it into exit 78) */
    public static HealthServer start(String host, int port, HealthState state, HealthJson json,
                                     Reconnector reconnector) throws IOException {
        return start(host, port, state, json, reconnector, ControlGuard.refuseAll());
    }

    /** @throws IOException when the port cannot be bound (the caller turns it into exit 78) */
    public static HealthServer start(String host, int port, HealthState state, HealthJson json,
                                     Reconnector reconnector, ControlGuard control) throws IOException {
        requireNonNull(state, "state is null");
        requireNonNull(json, "json is null");
        requireNonNull(reconnector, "reconnector is null");
        requireNonNull(control, "control is null");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 64);
        ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("health-http-", 0)
                .factory());
        server.setExecutor(executor);
        HealthServer hs = new HealthServer(server, executor, state, json, reconnector, control);
        server.createContext("/health", hs.guard("/health", "GET", hs::health));
        server.createContext("/discord-status", hs.guard("/discord-status", "GET", hs::discordStatus));
        server.createContext("/heartbeat", hs.guard("/heartbeat", "GET", hs::heartbeat));
        server.createContext("/reconnect", hs.guard("/reconnect", "POST", hs::reconnect));
        server.createContext("/", hs.guard(null, "GET", ex -> hs.send(ex, 404, "{\"error\":\"not found\"}")));
        server.start();
        return hs;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private interface Handler {
        void handle(HttpExchange ex) throws IOException;
    }

    /**
     * Path and method first, then the declared body size; nothing of the body is read here.
     * @param path the exact path this context serves; null: any (the 404 fallback)
     */
    private HttpHandler guard(String path, String method, Handler handler) {
        return ex -> {
            try (ex) {
                if (path != null && !ex.getRequestURI().getRawPath().equals(path)) {
                    refuse(ex, 404, "not found");
                    return;
                }
                if (!ex.getRequestMethod().equalsIgnoreCase(method)
                        && !(method.equals("GET") && ex.getRequestMethod().equalsIgnoreCase("HEAD"))) {
                    ex.getResponseHeaders().add("Allow", method);
                    refuse(ex, 405, "method not allowed");
                    return;
                }
                if (declaredBodyTooLarge(ex, method.equals("GET") ? 0 : MAX_BODY)) {
                    refuse(ex, 413, "request body too large");
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

    /** A body over {@code max}, or one of unknown length (chunked), is refused before it is read. */
    private static boolean declaredBodyTooLarge(HttpExchange ex, long max) {
        String te = ex.getRequestHeaders().getFirst("Transfer-Encoding");
        if (te != null && !te.isBlank()) {
            return true;
        }
        String cl = ex.getRequestHeaders().getFirst("Content-Length");
        if (cl == null) {
            return false;
        }
        try {
            return Long.parseLong(cl.strip()) > max;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** An error answer that also ends the connection, so an unread body is not waited for. */
    private void refuse(HttpExchange ex, int status, String error) throws IOException {
        ex.getResponseHeaders().set("Connection", "close");
        send(ex, status, "{\"error\":" + mapper.writeValueAsString(error) + "}");
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
        var headers = ex.getRequestHeaders();
        Optional<ControlGuard.Refusal> refused = control.authorize(ex.getRemoteAddress().getAddress(),
                headers.getFirst("Host"), headers.getFirst("Origin"), headers.getFirst("Authorization"));
        if (refused.isPresent()) {
            if (refused.get().status() == 401) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            }
            refuse(ex, refused.get().status(), refused.get().error());
            return;
        }
        // within MAX_BODY (checked above): read it so the request is complete before the wait
        ex.getRequestBody().readNBytes(MAX_BODY);
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
        Optional<ControlGuard.Refusal> limited = control.rateLimit(System.nanoTime() / 1_000_000);
        if (limited.isPresent()) {
            reconnecting.release();
            ex.getResponseHeaders().set("Retry-After", Long.toString(limited.get().retryAfterSeconds()));
            send(ex, 429, "{\"error\":" + mapper.writeValueAsString(limited.get().error()) + "}");
            return;
        }
        int generation;
        try {
            generation = reconnector.reconnect();
            int fresh = generation;
            RECONNECT_POLL.until(() -> state.connected() && state.snapshot(false).generation() == fresh, wait);
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
