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
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Real HTTP on 127.0.0.1 against a state holder on a fixed clock. */
class HealthServerTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-23T14:00:00Z"), ZoneOffset.UTC);
    private final HealthState state = new HealthState(clock);
    private final AtomicInteger reconnects = new AtomicInteger();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private HealthServer server;

    @BeforeEach
    void start() throws Exception {
        server = HealthServer.start("127.0.0.1", 0, state, new HealthJson("1.2.3"), () -> {
            reconnects.incrementAndGet();
            state.overseer(ConnectionState.STARTING, 2, 0, 1, "");
            return 2;
        });
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
    void oneReconnectAtATimeSoHealthThreadsStayFree() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        try (HealthServer slow = HealthServer.start("127.0.0.1", 0, state, new HealthJson("1"), () -> {
            entered.countDown();
            release.await();
            return 1;
        })) {
            URI reconnect = URI.create("http://127.0.0.1:" + slow.port() + "/reconnect");
            var first = http.sendAsync(HttpRequest.newBuilder(reconnect).POST(HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(entered.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            HttpResponse<String> second = http.send(HttpRequest.newBuilder(reconnect)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(second.statusCode()).isEqualTo(409);
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + slow.port() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(503); // answered while a reconnect is pending
            release.countDown();
            assertThat(first.get(5, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(202);
        }
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
        Instant[] now = {Instant.parse("2026-11-23T14:00:00Z")};
        Clock moving = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        HealthState s = new HealthState(moving);
        s.error();
        now[0] = now[0].plusSeconds(600);
        s.error();
        assertThat(s.snapshot(false).recentErrors()).isEqualTo(2);
        now[0] = now[0].plusSeconds(301);
        assertThat(s.snapshot(false).recentErrors()).isEqualTo(1);
        assertThat(s.snapshot(false).totalErrors()).isEqualTo(2);
        assertThat(s.snapshot(false).processUptimeSeconds()).isEqualTo(901);
    }
}
