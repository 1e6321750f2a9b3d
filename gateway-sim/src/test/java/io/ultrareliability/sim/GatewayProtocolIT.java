package io.ultrareliability.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultrareliability.sim.client.RawGatewayClient;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway protocol spoken byte by byte with the JDK's WebSocket client. */
class GatewayProtocolIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String TOKEN = "proto-token";
    private static final long INTENTS = 1 << 9 | 1 << 15;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<RawGatewayClient> clients = new ArrayList<>();
    private GatewaySim sim;

    @BeforeEach
    void start() {
        sim = GatewaySim.start(SimConfig.defaults().withTokens(List.of(TOKEN, "second-token"))
                .withHeartbeatInterval(Duration.ofMillis(500)).withGuilds(2));
    }

    @AfterEach
    void stop() {
        clients.forEach(RawGatewayClient::close);
        sim.close();
        http.shutdownNow(); // close() would wait, unbounded, for every WebSocket to finish
    }

    private RawGatewayClient connect() {
        RawGatewayClient client = RawGatewayClient.connect(http, sim.gatewayUrl());
        clients.add(client);
        return client;
    }

    private RawGatewayClient connect(String query) {
        RawGatewayClient client = RawGatewayClient.connect(http, sim.gatewayUrl(), query);
        clients.add(client);
        return client;
    }

    /** HELLO, IDENTIFY, READY, GUILD_CREATE x2; returns READY. */
    private JsonNode login(RawGatewayClient client, String token) throws InterruptedException {
        JsonNode hello = client.await(10, null, WAIT);
        assertThat(hello.path("d").path("heartbeat_interval").asLong()).isEqualTo(500);
        client.identify(token, INTENTS);
        JsonNode ready = client.await(0, "READY", WAIT);
        client.await(0, "GUILD_CREATE", WAIT);
        client.await(0, "GUILD_CREATE", WAIT);
        return ready;
    }

    @Test
    void identifyGetsReadyThenOneGuildCreatePerGuildWithSequenceNumbers() throws Exception {
        RawGatewayClient client = connect();
        client.await(10, null, WAIT);
        client.identify(TOKEN, INTENTS);
        JsonNode ready = client.await(0, "READY", WAIT);
        assertThat(ready.path("s").asLong()).isEqualTo(1);
        JsonNode d = ready.path("d");
        assertThat(d.path("session_id").asText()).isNotBlank();
        assertThat(d.path("resume_gateway_url").asText()).isEqualTo(sim.gatewayUrl().toString());
        assertThat(d.path("user").path("id").asText()).isEqualTo(sim.botUserId(0));
        assertThat(d.path("private_channels").isArray()).isTrue();
        assertThat(d.path("guilds")).hasSize(2);
        assertThat(d.path("application").path("id").asText()).isEqualTo(sim.botUserId(0));
        JsonNode g1 = client.await(0, "GUILD_CREATE", WAIT);
        JsonNode g2 = client.await(0, "GUILD_CREATE", WAIT);
        assertThat(g1.path("s").asLong()).isEqualTo(2);
        assertThat(g2.path("s").asLong()).isEqualTo(3);
        assertThat(g1.path("d").path("id").asText()).isEqualTo(sim.guildId(0));
        assertThat(g1.path("d").path("afk_timeout").asInt()).isEqualTo(300);
        assertThat(g1.path("d").path("channels").get(0).path("id").asText()).isEqualTo(sim.firstTextChannelId());

        client.heartbeat(3);
        assertThat(client.await(11, null, WAIT)).isNotNull();
        assertThat(sim.stats().heartbeats()).isEqualTo(1);
        assertThat(sim.stats().sessionsOpen()).isEqualTo(1);
    }

    @Test
    void secondTokenIsASecondBotCountedUnderItsOwnFingerprint() throws Exception {
        login(connect(), TOKEN);
        JsonNode ready = login(connect(), "second-token");
        assertThat(ready.path("d").path("user").path("id").asText()).isEqualTo(sim.botUserId(1));
        SimStats stats = sim.stats();
        assertThat(stats.sessionsOpen()).isEqualTo(2);
        assertThat(stats.sessionsOpenByToken()).hasSize(2).allSatisfy((k, v) -> assertThat(v).isEqualTo(1));
        assertThat(stats.sessionsOpenByToken().keySet()).noneMatch(k -> k.contains("token"));
    }

    @Test
    void resumeReplaysMissedDispatchesThenResumed() throws Exception {
        RawGatewayClient first = connect();
        JsonNode ready = login(first, TOKEN);
        String sessionId = ready.path("d").path("session_id").asText();
        sim.faults().drop();
        awaitDropped(first);
        sim.faults().injectMessage(sim.firstTextChannelId(), "while you were away");

        RawGatewayClient second = connect();
        second.await(10, null, WAIT);
        second.send("{\"op\":6,\"d\":{\"token\":\"" + TOKEN + "\",\"session_id\":\"" + sessionId + "\",\"seq\":3}}");
        JsonNode missed = second.await(0, null, WAIT);
        assertThat(missed.path("t").asText()).isEqualTo("MESSAGE_CREATE");
        assertThat(missed.path("s").asLong()).isEqualTo(4);
        assertThat(missed.path("d").path("content").asText()).isEqualTo("while you were away");
        JsonNode resumed = second.await(0, null, WAIT);
        assertThat(resumed.path("t").asText()).isEqualTo("RESUMED");
        assertThat(resumed.path("s").asLong()).isEqualTo(5);
        assertThat(resumed.path("d").isObject()).isTrue();
        assertThat(sim.stats().resumes()).isEqualTo(1);
        assertThat(sim.stats().sessionsOpen()).isEqualTo(1);
    }

    @Test
    void resumeOfUnknownSessionOrAfterClientClose1000GetsInvalidSessionFalse() throws Exception {
        RawGatewayClient unknown = connect();
        unknown.await(10, null, WAIT);
        unknown.send("{\"op\":6,\"d\":{\"token\":\"" + TOKEN + "\",\"session_id\":\"nope\",\"seq\":1}}");
        JsonNode op9 = unknown.await(9, null, WAIT);
        assertThat(op9.path("d").asBoolean(true)).isFalse();

        RawGatewayClient first = connect();
        String sessionId = login(first, TOKEN).path("d").path("session_id").asText();
        first.closeNormally();
        await().atMost(WAIT).until(() -> sim.stats().connectionsOpen() == 1);
        RawGatewayClient second = connect();
        second.await(10, null, WAIT);
        second.send("{\"op\":6,\"d\":{\"token\":\"" + TOKEN + "\",\"session_id\":\"" + sessionId + "\",\"seq\":3}}");
        assertThat(second.await(9, null, WAIT).path("d").asBoolean(true)).isFalse();
    }

    @Test
    void resumeWithSeqFromTheFutureIsClosed4007() throws Exception {
        RawGatewayClient first = connect();
        String sessionId = login(first, TOKEN).path("d").path("session_id").asText();
        sim.faults().drop();
        awaitDropped(first);
        RawGatewayClient second = connect();
        second.send("{\"op\":6,\"d\":{\"token\":\"" + TOKEN + "\",\"session_id\":\"" + sessionId + "\",\"seq\":99}}");
        assertThat(second.awaitClose(WAIT)).isEqualTo(4007);
    }

    @Test
    void validationCloseCodes() throws Exception {
        assertClosedWith("{\"op\":42,\"d\":null}", 4001);
        assertClosedWith("not json", 4002);
        assertClosedWith("{\"d\":{}}", 4002);
        assertClosedWith("{\"op\":1,\"d\":\"" + "x".repeat(4096) + "\"}", 4002);
        assertClosedWith("{\"op\":3,\"d\":{\"status\":\"online\"}}", 4003);
        assertClosedWith(identify("wrong-token", INTENTS), 4004);
        assertClosedWith(identify(TOKEN, 1L << 40), 4013);
        assertClosedWith("{\"op\":2,\"d\":{\"token\":\"" + TOKEN + "\",\"properties\":{}}}", 4013);
        assertClosedWith("{\"op\":2,\"d\":{\"token\":\"" + TOKEN + "\",\"intents\":1,\"shard\":[1,1]}}", 4010);
        sim.disallowPrivilegedIntents(true);
        assertClosedWith(identify(TOKEN, 1 << 15), 4014);
        sim.disallowPrivilegedIntents(false);

        RawGatewayClient twice = connect();
        login(twice, TOKEN);
        twice.identify(TOKEN, INTENTS);
        assertThat(twice.awaitClose(WAIT)).isEqualTo(4005);

        assertThat(connect("?v=9&encoding=json").awaitClose(WAIT)).isEqualTo(4012);
        assertThat(connect("?v=10&encoding=etf").awaitClose(WAIT)).isEqualTo(4002);
    }

    @Test
    void moreThan120SendsPerMinuteIsClosed4008() throws Exception {
        RawGatewayClient client = connect();
        login(client, TOKEN);
        for (int i = 0; i < 121 && !client.isClosed(); i++) {
            client.heartbeat(3);
        }
        assertThat(client.awaitClose(WAIT)).isEqualTo(4008);
    }

    @Test
    void noHeartbeatWithinTwoIntervalsIsClosed4009() throws Exception {
        RawGatewayClient client = connect();
        login(client, TOKEN);
        assertThat(client.awaitClose(WAIT)).isEqualTo(4009);
        assertThat(sim.stats().sessionsOpen()).isZero();
    }

    @Test
    void shardedIdentifyGetsOnlyItsShardsGuilds() throws Exception {
        RawGatewayClient client = connect();
        client.send("{\"op\":2,\"d\":{\"token\":\"" + TOKEN + "\",\"intents\":1,\"shard\":[1,2]}}");
        JsonNode ready = client.await(0, "READY", WAIT);
        assertThat(ready.path("d").path("shard").toString()).isEqualTo("[1,2]");
        assertThat(ready.path("d").path("guilds")).hasSize(1);
        assertThat(ready.path("d").path("guilds").get(0).path("id").asText()).isEqualTo(sim.guildId(1));
    }

    @Test
    void faultsCloseDropReconnectInvalidateZombieSilenceRefuse() throws Exception {
        RawGatewayClient a = connect();
        login(a, TOKEN);
        sim.faults().close(4000);
        assertThat(a.awaitClose(WAIT)).isEqualTo(4000);
        assertThatThrownBy(() -> sim.faults().close(1006)).isInstanceOf(IllegalArgumentException.class);

        RawGatewayClient b = connect();
        login(b, TOKEN);
        sim.faults().reconnect();
        assertThat(b.await(7, null, WAIT)).isNotNull();
        sim.faults().invalidate(true);
        assertThat(b.await(9, null, WAIT).path("d").asBoolean()).isTrue();

        sim.faults().zombie(true);
        b.heartbeat(3);
        await("heartbeat counted").atMost(WAIT).until(() -> sim.stats().heartbeats() == 1);
        assertThat(b.next(Duration.ofMillis(300))).as("no ACK from a zombie").isNull();
        sim.faults().zombie(false);
        b.heartbeat(3);
        assertThat(b.await(11, null, WAIT)).isNotNull();

        sim.faults().silence(true);
        RawGatewayClient silent = connect();
        silent.identify(TOKEN, INTENTS);
        assertThat(silent.next(Duration.ofMillis(500))).isNull();
        sim.faults().silence(false);

        sim.faults().refuse(Duration.ofSeconds(30));
        assertThatThrownBy(this::connect).isInstanceOf(CompletionException.class);
        sim.faults().reset();
        assertThat(connect().await(10, null, WAIT)).isNotNull();
    }

    @Test
    void messageCreateFollowsTheIntents() throws Exception {
        RawGatewayClient full = connect();
        login(full, TOKEN);
        RawGatewayClient noContent = connect();
        noContent.await(10, null, WAIT);
        noContent.identify(TOKEN, 1 << 9);
        noContent.await(0, "GUILD_CREATE", WAIT);
        RawGatewayClient noMessages = connect();
        noMessages.await(10, null, WAIT);
        noMessages.identify(TOKEN, 1);
        noMessages.await(0, "GUILD_CREATE", WAIT);

        sim.faults().injectMessage(sim.firstTextChannelId(), "secret words");
        assertThat(full.await(0, "MESSAGE_CREATE", WAIT).path("d").path("content").asText()).isEqualTo("secret words");
        JsonNode redacted = noContent.await(0, "MESSAGE_CREATE", WAIT).path("d");
        assertThat(redacted.path("content").asText()).isEmpty();
        assertThat(redacted.path("author").path("username").asText()).isEqualTo("sim-user");
        noMessages.heartbeat(0);
        assertThat(noMessages.await(11, null, WAIT).path("op").asInt())
                .as("the ACK comes first: no MESSAGE_CREATE was queued").isEqualTo(11);
    }

    @Test
    void requestGuildMembersIsAnsweredWithOneChunk() throws Exception {
        RawGatewayClient client = connect();
        login(client, TOKEN);
        client.send("{\"op\":8,\"d\":{\"guild_id\":\"" + sim.guildId(1) + "\",\"query\":\"\",\"limit\":0,\"nonce\":\"n1\"}}");
        JsonNode chunk = client.await(0, "GUILD_MEMBERS_CHUNK", WAIT).path("d");
        assertThat(chunk.path("guild_id").asText()).isEqualTo(sim.guildId(1));
        assertThat(chunk.path("members")).hasSize(2);
        assertThat(chunk.path("nonce").asText()).isEqualTo("n1");
        assertThat(chunk.path("chunk_count").asInt()).isEqualTo(1);
    }

    @Test
    void closingTheSimulatorSaysGoingAwayAndFreesThePort() throws Exception {
        RawGatewayClient client = connect();
        login(client, TOKEN);
        int port = sim.port();
        sim.close();
        assertThat(client.awaitClose(WAIT)).isEqualTo(1001);
        // The listener is gone at once; accepted sockets may linger in FIN_WAIT for a moment.
        await("port free").atMost(WAIT).ignoreExceptions().until(() -> {
            try (java.net.ServerSocket again = new java.net.ServerSocket()) {
                again.bind(new java.net.InetSocketAddress("127.0.0.1", port));
                return true;
            }
        });
    }

    /**
     * The server side of a drop. The JDK client is not asked: it sometimes leaves a socket
     * whose peer closed in CLOSE_WAIT without telling its listener (seen with ss), while JDA
     * notices at once (JdaFaultsIT.tcpDropIsResumed).
     */
    private void awaitDropped(RawGatewayClient client) {
        await("server dropped the connection").atMost(WAIT)
                .until(() -> sim.stats().connectionsOpen() == 0 && sim.stats().sessionsOpen() == 0);
        client.close();
    }

    private String identify(String token, long intents) {
        return "{\"op\":2,\"d\":{\"token\":\"" + token + "\",\"intents\":" + intents + ",\"properties\":{}}}";
    }

    private void assertClosedWith(String payload, int code) {
        RawGatewayClient client = connect();
        client.send(payload);
        assertThat(client.awaitClose(WAIT)).as("close code after %s", payload).isEqualTo(code);
    }
}
