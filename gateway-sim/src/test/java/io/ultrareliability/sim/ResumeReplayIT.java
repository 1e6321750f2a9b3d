package io.ultrareliability.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultrareliability.sim.client.RawGatewayClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Resume as Discord does it: what is dispatched while a session has no connection (the client
 * died, or closed with anything but 1000/1001) is kept and replayed on RESUME, in order, then
 * RESUMED; past the resume window the session is gone. And the per-token session figures.
 */
class ResumeReplayIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String TOKEN = "resume-token";
    private static final long INTENTS = 1 << 9 | 1 << 15;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<RawGatewayClient> clients = new ArrayList<>();
    private final List<GatewaySim> sims = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(RawGatewayClient::close);
        sims.forEach(GatewaySim::close);
        http.shutdownNow();
    }

    private GatewaySim sim(Duration resumeWindow) {
        GatewaySim sim = GatewaySim.start(SimConfig.defaults().withTokens(List.of(TOKEN, "other-token"))
                .withHeartbeatInterval(Duration.ofSeconds(5)).withResumeWindow(resumeWindow));
        sims.add(sim);
        return sim;
    }

    private RawGatewayClient connect(GatewaySim sim) {
        RawGatewayClient client = RawGatewayClient.connect(http, sim.gatewayUrl());
        clients.add(client);
        return client;
    }

    /** HELLO, IDENTIFY, READY (s 1), GUILD_CREATE (s 2); returns the session id. */
    private String login(RawGatewayClient client) throws InterruptedException {
        client.await(10, null, WAIT);
        client.identify(TOKEN, INTENTS);
        String sessionId = client.await(0, "READY", WAIT).path("d").path("session_id").asText();
        assertThat(client.await(0, "GUILD_CREATE", WAIT).path("s").asLong()).isEqualTo(2);
        return sessionId;
    }

    private static void resume(RawGatewayClient client, String sessionId, long seq) throws InterruptedException {
        client.await(10, null, WAIT);
        client.send("{\"op\":6,\"d\":{\"token\":\"" + TOKEN + "\",\"session_id\":\"" + sessionId + "\",\"seq\":"
                + seq + "}}");
    }

    private HttpResponse<String> control(GatewaySim sim, String route, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.controlUrl() + "/" + route)).timeout(WAIT);
        b.POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode statsJson(GatewaySim sim) throws Exception {
        HttpRequest get = HttpRequest.newBuilder(URI.create(sim.controlUrl() + "/stats")).timeout(WAIT).GET().build();
        return JSON.readTree(http.send(get, HttpResponse.BodyHandlers.ofString()).body());
    }

    private static void awaitDetached(GatewaySim sim) {
        await("the session to lose its connection").atMost(WAIT)
                .until(() -> sim.tokenStats(0).sessionsConnected() == 0 && sim.stats().connectionsOpen() == 0);
    }

    @Test
    void whatADeadClientMissedIsReplayedInOrderOnResume() throws Exception {
        GatewaySim sim = sim(Duration.ofMinutes(5));
        RawGatewayClient first = connect(sim);
        String sessionId = login(first);
        first.close(); // the TCP connection ends without a close frame, as when a bot is killed
        awaitDetached(sim);
        String channel = sim.firstTextChannelId();
        assertThat(control(sim, "messages", "{\"channel_id\":\"" + channel + "\",\"content\":\"one\"}").statusCode())
                .isEqualTo(200);
        assertThat(control(sim, "interactions", "{\"name\":\"ping\"}").statusCode()).isEqualTo(200);
        sim.faults().injectMessage(channel, "two");

        RawGatewayClient second = connect(sim);
        resume(second, sessionId, 2);
        JsonNode one = second.next(WAIT);
        JsonNode ping = second.next(WAIT);
        JsonNode two = second.next(WAIT);
        JsonNode resumed = second.next(WAIT);
        assertThat(List.of(one, ping, two, resumed)).doesNotContainNull();
        assertThat(one.path("t").asText()).isEqualTo("MESSAGE_CREATE");
        assertThat(one.path("s").asLong()).isEqualTo(3);
        assertThat(one.path("d").path("content").asText()).isEqualTo("one");
        assertThat(ping.path("t").asText()).isEqualTo("INTERACTION_CREATE");
        assertThat(ping.path("s").asLong()).isEqualTo(4);
        assertThat(ping.path("d").path("data").path("name").asText()).isEqualTo("ping");
        assertThat(two.path("t").asText()).isEqualTo("MESSAGE_CREATE");
        assertThat(two.path("s").asLong()).isEqualTo(5);
        assertThat(two.path("d").path("content").asText()).isEqualTo("two");
        assertThat(resumed.path("t").asText()).isEqualTo("RESUMED");
        assertThat(resumed.path("s").asLong()).isEqualTo(6);

        // the replayed interaction can still be answered
        String id = ping.path("d").path("id").asText();
        String interactionToken = ping.path("d").path("token").asText();
        HttpRequest callback = HttpRequest.newBuilder(URI.create(sim.restBaseUrl() + "/interactions/" + id + "/"
                        + interactionToken + "/callback")).timeout(WAIT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":4,\"data\":{\"content\":\"pong\"}}")).build();
        assertThat(http.send(callback, HttpResponse.BodyHandlers.ofString()).statusCode()).isIn(200, 204);

        await().atMost(WAIT).until(() -> sim.tokenStats(0).sessionsConnected() == 1);
        TokenStats stats = sim.tokenStats(0);
        assertThat(stats.identifies()).isEqualTo(1);
        assertThat(stats.resumes()).isEqualTo(1);
        assertThat(stats.sessionsEnded()).isZero();
        assertThat(stats.maxSessionsConnected()).isEqualTo(1);
        assertThat(stats.offlinePeriods()).isEqualTo(1);
        assertThat(stats.offline()).isPositive();
        TokenStats other = sim.tokenStats(1);
        assertThat(other.identifies()).isZero();
        assertThat(other.online()).isFalse();
    }

    @Test
    void aClientCloseOtherThan1000KeepsTheSessionAnd1000EndsIt() throws Exception {
        GatewaySim sim = sim(Duration.ofMinutes(5));
        RawGatewayClient first = connect(sim);
        String sessionId = login(first);
        first.closeWith(4000);
        awaitDetached(sim);
        sim.faults().injectMessage(sim.firstTextChannelId(), "kept");
        RawGatewayClient second = connect(sim);
        resume(second, sessionId, 2);
        assertThat(second.await(0, "MESSAGE_CREATE", WAIT).path("d").path("content").asText()).isEqualTo("kept");
        second.await(0, "RESUMED", WAIT);

        second.closeNormally();
        await().atMost(WAIT).until(() -> sim.tokenStats(0).sessionsEnded() == 1);
        sim.faults().injectMessage(sim.firstTextChannelId(), "lost");
        RawGatewayClient third = connect(sim);
        resume(third, sessionId, 4);
        assertThat(third.await(9, null, WAIT).path("d").asBoolean(true)).isFalse();
        assertThat(sim.tokenStats(0).resumes()).isEqualTo(1);
    }

    @Test
    void pastTheResumeWindowTheSessionIsGone() throws Exception {
        GatewaySim sim = sim(Duration.ofSeconds(1));
        RawGatewayClient first = connect(sim);
        String sessionId = login(first);
        first.close();
        awaitDetached(sim);
        sim.faults().injectMessage(sim.firstTextChannelId(), "too late");
        await("the session to end with the window").atMost(WAIT).until(() -> sim.tokenStats(0).sessionsEnded() == 1);

        RawGatewayClient second = connect(sim);
        resume(second, sessionId, 2);
        assertThat(second.await(9, null, WAIT).path("d").asBoolean(true)).isFalse();
        // a new IDENTIFY starts clean: READY and GUILD_CREATE, nothing of the old session
        second.identify(TOKEN, INTENTS);
        JsonNode ready = second.await(0, "READY", WAIT);
        assertThat(ready.path("s").asLong()).isEqualTo(1);
        assertThat(ready.path("d").path("session_id").asText()).isNotEqualTo(sessionId);
        assertThat(second.next(WAIT).path("t").asText()).isEqualTo("GUILD_CREATE");
        TokenStats stats = sim.tokenStats(0);
        assertThat(stats.identifies()).isEqualTo(2);
        assertThat(stats.resumes()).isZero();
    }

    @Test
    void simultaneousSessionsAreCountedAndTheStatsReset() throws Exception {
        GatewaySim sim = sim(Duration.ofMinutes(5));
        RawGatewayClient a = connect(sim);
        login(a);
        RawGatewayClient b = connect(sim);
        login(b);
        await().atMost(WAIT).until(() -> sim.tokenStats(0).sessionsConnected() == 2);
        a.closeNormally();
        await().atMost(WAIT).until(() -> sim.tokenStats(0).sessionsConnected() == 1);

        JsonNode stats = statsJson(sim);
        assertThat(stats.toString()).doesNotContain(TOKEN).doesNotContain("other-token");
        JsonNode mine = stats.path("tokens").path(sim.stats().tokens().keySet().stream()
                .filter(k -> sim.stats().tokens().get(k).identifies() == 2).findFirst().orElseThrow());
        assertThat(mine.path("identifies").asLong()).isEqualTo(2);
        assertThat(mine.path("sessions_connected").asInt()).isEqualTo(1);
        assertThat(mine.path("max_sessions_connected").asInt()).isEqualTo(2);
        assertThat(mine.path("sessions_ended").asLong()).isEqualTo(1);
        assertThat(mine.path("offline_periods").asLong()).isZero();
        assertThat(mine.path("offline_ms").isIntegralNumber()).isTrue();
        assertThat(stats.path("tokens").size()).isEqualTo(2);
        String since = stats.path("since").asText();

        assertThat(control(sim, "stats/reset", null).statusCode()).isEqualTo(200);
        TokenStats reset = sim.tokenStats(0);
        assertThat(reset).isEqualTo(new TokenStats(0, 0, 1, 1, 0, Duration.ZERO, 0));
        assertThat(statsJson(sim).path("since").asText()).isNotEqualTo(since);
        assertThat(sim.stats().identifies()).as("stats/reset leaves the global counters").isEqualTo(2);
        assertThat(sim.stats().sessionsOpen()).isEqualTo(1);
    }
}
