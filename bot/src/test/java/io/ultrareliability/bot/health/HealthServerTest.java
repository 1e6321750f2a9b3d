package io.ultrareliability.bot.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultrareliability.bot.connection.ConnectionState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import io.ultrareliability.bot.config.GuardConfig;
import io.ultrareliability.bot.testkit.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;

/** Real HTTP on 127.0.0.1 against a state holder on a fixed clock. */
class HealthServerTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-23T14:00:00Z"), ZoneOffset.UTC);
    private final HealthState state = new HealthState(clock);
    private final AtomicInteger reconnects = new AtomicInteger();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private static final String SECRET = "test-secret-0123456789";
    private final ControlGuard guard = new ControlGuard(Optional.of(new GuardConfig.ControlSecret(SECRET, "test")),
            Duration.ZERO);
    private HealthServer server;

    @BeforeEach
    void start() throws Exception {
        server = HealthServer.start("127.0.0.1", 0, state, new HealthJson("1.2.3"), () -> {
            reconnects.incrementAndGet();
            state.overseer(ConnectionState.STARTING, 2, 0, 1, "");
            return 2;
        }, guard);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + SECRET)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void unhealthyUntilConnected() throws Exception {
        HttpResponse<String> r = get("/health");
        assertThat(r.statusCode()).isEqualTo(503);
        JsonNode h = json.readTree(r.body());
        assertThat(h.path("status").asText()).isEqualTo("unhealthy");
        assertThat(h.path("discord_bot").path("status").asText()).isEqualTo("idle");
        assertThat(h.path("last_heartbeat_ack").isNull()).isTrue();
        assertThat(get("/heartbeat").statusCode()).isEqualTo(503);
    }

    @Test
    void healthyShapeOnceConnected() throws Exception {
        state.overseer(ConnectionState.STARTING, 1, 0, 0, "");
        state.overseer(ConnectionState.CONNECTED, 1, 0, 0, "");
        state.heartbeatAck();
        state.event();
        state.resumed();
        state.disconnected(4000);
        state.sessionId(true);
        HttpResponse<String> r = get("/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode h = json.readTree(r.body());
        assertThat(h.path("status").asText()).isEqualTo("healthy");
        assertThat(h.path("timestamp").asText()).isEqualTo("2026-11-23T14:00:00Z");
        assertThat(h.path("discord_bot").path("status").asText()).isEqualTo("connected");
        JsonNode info = h.path("discord_bot").path("info");
        assertThat(info.path("connection_attempts").asInt()).isZero();
        assertThat(info.path("uptime_seconds").asLong()).isZero();
        assertThat(info.path("recent_errors").asInt()).isZero();
        assertThat(info.path("last_connection").asText()).isEqualTo("2026-11-23T14:00:00Z");
        assertThat(h.path("version").asText()).isEqualTo("1.2.3");
        assertThat(h.path("last_heartbeat_ack").asText()).isEqualTo("2026-11-23T14:00:00Z");
        assertThat(h.path("last_event").asText()).isEqualTo("2026-11-23T14:00:00Z");

        JsonNode d = json.readTree(get("/discord-status").body());
        assertThat(d.path("status").asText()).isEqualTo("connected");
        assertThat(d.path("session_id_present").asBoolean()).isTrue();
        assertThat(d.path("resumes").asLong()).isEqualTo(1);
        assertThat(d.path("new_sessions").asLong()).isZero();
        assertThat(d.path("last_close_code").asInt()).isEqualTo(4000);
        assertThat(d.path("guilds").asLong()).isZero();
        assertThat(d.has("latency")).isTrue();
        assertThat(get("/heartbeat").body()).isEqualTo("{\"connected\":true}");
    }

    @Test
    void reconnectIsPostOnlyAndAnswersWithTheNewState() throws Exception {
        assertThat(get("/reconnect").statusCode()).isEqualTo(405);
        assertThat(reconnects).hasValue(0);
        HttpResponse<String> r = post("/reconnect");
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(reconnects).hasValue(1);
        JsonNode d = json.readTree(r.body());
        assertThat(d.path("status").asText()).isEqualTo("starting");
        assertThat(d.path("instance_generation").asInt()).isEqualTo(2);
        assertThat(post("/reconnect?wait=later").statusCode()).isEqualTo(400);
    }

    @Test
    void reconnectWithWaitAnswers200OnceTheFreshInstanceIsConnected() throws Exception {
        try (HealthServer s = HealthServer.start("127.0.0.1", 0, state, new HealthJson("1"), () -> {
            state.overseer(ConnectionState.STARTING, 2, 0, 1, "");
            Thread connects = new Thread(() -> {
                try {
                    Thread.sleep(50); // connected a few polls later, not at the first look
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                state.overseer(ConnectionState.CONNECTED, 2, 0, 1, "");
            });
            connects.start();
            return 2;
        }, guard)) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + s.port() + "/reconnect?wait=20s"))
                    .header("Authorization", "Bearer " + SECRET)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode d = json.readTree(r.body());
            assertThat(d.path("status").asText()).isEqualTo("connected");
            assertThat(d.path("instance_generation").asInt()).isEqualTo(2);
        }
    }

    @Test
    void reconnectWithWaitAnswers202WhenTheFreshInstanceIsNotConnectedInTime() throws Exception {
        HttpResponse<String> r = post("/reconnect?wait=200ms");
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(json.readTree(r.body()).path("status").asText()).isEqualTo("starting");
    }

    @Test
    void oneReconnectAtATimeSoHealthThreadsStayFree() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        try (HealthServer slow = HealthServer.start("127.0.0.1", 0, state, new HealthJson("1"), () -> {
            entered.countDown();
            release.await();
            return 1;
        }, guard)) {
            URI reconnect = URI.create("http://127.0.0.1:" + slow.port() + "/reconnect");
            var first = http.sendAsync(HttpRequest.newBuilder(reconnect).POST(HttpRequest.BodyPublishers.noBody())
                    .header("Authorization", "Bearer " + SECRET).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(entered.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            HttpResponse<String> second = http.send(HttpRequest.newBuilder(reconnect)
                    .header("Authorization", "Bearer " + SECRET)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(second.statusCode()).isEqualTo(409);
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + slow.port() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(503); // answered while a reconnect is pending
            release.countDown();
            assertThat(first.get(5, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(202);
        }
    }

    /** One raw HTTP/1.1 request; returns the status line and headers (the body is not needed). */
    private String raw(int port, String request) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                    socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII));
            StringBuilder head = new StringBuilder();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                head.append(line).append('\n');
            }
            return head.toString();
        }
    }

    private String rawReconnect(String host, String extraHeaders) throws Exception {
        return raw(server.port(), "POST /reconnect HTTP/1.1\r\nHost: " + host + "\r\n" + extraHeaders
                + "Content-Length: 0\r\nConnection: close\r\n\r\n");
    }

    @Test
    void reconnectNeedsTheSecretALoopbackHostAndNoOrigin() throws Exception {
        String auth = "Authorization: Bearer " + SECRET + "\r\n";
        assertThat(rawReconnect("127.0.0.1:" + server.port(), "")).startsWith("HTTP/1.1 401").contains("Www-authenticate: Bearer");
        assertThat(rawReconnect("127.0.0.1:" + server.port(), "Authorization: Bearer wrong-secret-0123456789\r\n"))
                .startsWith("HTTP/1.1 401");
        assertThat(rawReconnect("evil.example", auth)).startsWith("HTTP/1.1 403");
        assertThat(rawReconnect("127.0.0.1.evil.example", auth)).startsWith("HTTP/1.1 403");
        assertThat(rawReconnect("127.0.0.1:" + server.port(), auth + "Origin: http://evil.example\r\n"))
                .startsWith("HTTP/1.1 403");
        assertThat(reconnects).hasValue(0);
        assertThat(rawReconnect("localhost:" + server.port(), auth)).startsWith("HTTP/1.1 202");
        assertThat(reconnects).hasValue(1);
    }

    @Test
    void withoutASecretConfiguredReconnectIsRefused() throws Exception {
        try (HealthServer open = HealthServer.start("127.0.0.1", 0, state, new HealthJson("1"), () -> {
            reconnects.incrementAndGet();
            return 1;
        })) {
            String head = raw(open.port(), "POST /reconnect HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + SECRET + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            assertThat(head).startsWith("HTTP/1.1 403");
            assertThat(reconnects).hasValue(0);
        }
    }

    @Test
    void oneForcedReconnectPerIntervalElse429WithRetryAfter() throws Exception {
        ControlGuard oncePerMinute = new ControlGuard(Optional.of(new GuardConfig.ControlSecret(SECRET, "test")),
                Duration.ofMinutes(1));
        try (HealthServer limited = HealthServer.start("127.0.0.1", 0, state, new HealthJson("1"), () -> {
            reconnects.incrementAndGet();
            return 1;
        }, oncePerMinute)) {
            String request = "POST /reconnect HTTP/1.1\r\nHost: 127.0.0.1:" + limited.port() + "\r\nAuthorization: Bearer "
                    + SECRET + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
            assertThat(raw(limited.port(), request)).startsWith("HTTP/1.1 202");
            for (int i = 0; i < 30; i++) {
                String head = raw(limited.port(), request);
                assertThat(head).startsWith("HTTP/1.1 429");
                int retryAfter = Integer.parseInt(head.lines().filter(l -> l.startsWith("Retry-after:"))
                        .findFirst().orElseThrow().substring(12).strip());
                assertThat(retryAfter).isBetween(1, 60);
            }
            assertThat(reconnects).hasValue(1);
        }
    }

    @Test
    void aLargeDeclaredBodyIsRefusedUnread() throws Exception {
        assertThat(raw(server.port(), "POST /health HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 419430400\r\n\r\n"))
                .startsWith("HTTP/1.1 405");
        assertThat(raw(server.port(), "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 419430400\r\n\r\n"))
                .startsWith("HTTP/1.1 413");
        assertThat(raw(server.port(), "POST /reconnect HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + SECRET
                + "\r\nContent-Length: 5000\r\n\r\n")).startsWith("HTTP/1.1 413");
        assertThat(raw(server.port(), "POST /reconnect HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + SECRET
                + "\r\nTransfer-Encoding: chunked\r\n\r\n")).startsWith("HTTP/1.1 413");
        assertThat(reconnects).hasValue(0);
    }

    @Test
    void pathsAreExact() throws Exception {
        assertThat(get("/healthz").statusCode()).isEqualTo(404);
        assertThat(get("/health/x").statusCode()).isEqualTo(404);
        assertThat(get("/health").statusCode()).isEqualTo(503);
    }

    @Test
    void loopbackHostForms() {
        assertThat(ControlGuard.loopbackHost("127.0.0.1")).isTrue();
        assertThat(ControlGuard.loopbackHost("127.0.0.1:8790")).isTrue();
        assertThat(ControlGuard.loopbackHost("LOCALHOST:1")).isTrue();
        assertThat(ControlGuard.loopbackHost("[::1]:8790")).isTrue();
        assertThat(ControlGuard.loopbackHost("[::1]")).isTrue();
        assertThat(ControlGuard.loopbackHost(null)).isFalse();
        assertThat(ControlGuard.loopbackHost("localhost.evil.example")).isFalse();
        assertThat(ControlGuard.loopbackHost("127.0.0.1:80:80")).isFalse();
        assertThat(ControlGuard.loopbackHost("[::2]:1")).isFalse();
        assertThat(ControlGuard.loopbackHost("127.0.0.1:")).isFalse();
    }

    @Test
    void theSecretNeverAppearsInItsToString() {
        assertThat(new GuardConfig.ControlSecret(SECRET, "test").toString()).doesNotContain(SECRET).contains("redacted");
    }

    @Test
    void aRetiredInstanceNoLongerCounts() {
        state.overseer(ConnectionState.STARTING, 1, 0, 0, "");
        assertThat(state.isCurrent(1)).isTrue();
        state.retire(1);
        assertThat(state.isCurrent(1)).isFalse();
        state.overseer(ConnectionState.STARTING, 2, 0, 1, "");
        assertThat(state.isCurrent(2)).isTrue();
    }

    @Test
    void unknownPathsAre404AndOtherMethods405() throws Exception {
        assertThat(get("/nope").statusCode()).isEqualTo(404);
        assertThat(post("/health").statusCode()).isEqualTo(405);
    }

    @Test
    void waitParameterIsCapped() {
        assertThat(HealthServer.waitParameter(null)).isZero();
        assertThat(HealthServer.waitParameter("wait=2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(HealthServer.waitParameter("x=1&wait=10m")).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void recentErrorsForgetOldOnes() {
        ManualClock moving = new ManualClock(Instant.parse("2026-11-23T14:00:00Z"));
        HealthState s = new HealthState(moving);
        s.error();
        moving.advance(Duration.ofSeconds(600));
        s.error();
        assertThat(s.snapshot(false).recentErrors()).isEqualTo(2);
        moving.advance(Duration.ofSeconds(301));
        assertThat(s.snapshot(false).recentErrors()).isEqualTo(1);
        assertThat(s.snapshot(false).totalErrors()).isEqualTo(2);
        assertThat(s.snapshot(false).processUptimeSeconds()).isEqualTo(901);
    }
}
