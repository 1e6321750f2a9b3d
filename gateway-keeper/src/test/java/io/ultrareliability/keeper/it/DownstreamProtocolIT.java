package io.ultrareliability.keeper.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The keeper's gateway as a plain client sees it (no JDA): HELLO with the keeper's interval,
 * token check, READY with the keeper's own session and URL, GUILD_CREATEs, per-session sequence
 * numbers, RESUME replay, discovery routes and the admin secret.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DownstreamProtocolIT {
    @TempDir
    static Path home;
    private KeeperStack stack;

    @BeforeAll
    void start() throws Exception {
        stack = new KeeperStack(home, 3);
        stack.startKeeper(Map.of());
    }

    @AfterAll
    void stop() throws Exception {
        stack.close();
    }

    @Test
    void identifyGetsReadyGuildsThenLiveDispatchesNumberedFromOne() throws Exception {
        try (RawGateway g = RawGateway.connect(stack.keeperGateway())) {
            JsonNode hello = g.next(Duration.ofSeconds(10));
            assertThat(hello.path("op").asInt()).isEqualTo(10);
            assertThat(hello.path("d").path("heartbeat_interval").asLong()).isEqualTo(3000);
            g.identify(KeeperStack.TOKEN);
            JsonNode ready = g.next(Duration.ofSeconds(10));
            assertThat(ready.path("t").asText()).isEqualTo("READY");
            assertThat(ready.path("s").asLong()).isEqualTo(1);
            assertThat(ready.path("d").path("resume_gateway_url").asText()).isEqualTo(stack.keeperGateway());
            assertThat(ready.path("d").path("private_channels").isArray()).isTrue();
            assertThat(ready.path("d").path("guilds")).hasSize(3);
            for (int i = 0; i < 3; i++) {
                JsonNode gc = g.next(Duration.ofSeconds(10));
                assertThat(gc.path("t").asText()).isEqualTo("GUILD_CREATE");
                assertThat(gc.path("s").asLong()).isEqualTo(2 + i);
                assertThat(gc.path("d").path("afk_timeout").asInt()).isPositive();
            }
            stack.sim.faults().injectMessage(stack.sim.firstTextChannelId(), "live");
            JsonNode m = g.until("MESSAGE_CREATE", Duration.ofSeconds(10)).getLast();
            assertThat(m.path("s").asLong()).isEqualTo(5);
            g.send("{\"op\":1,\"d\":5}");
            assertThat(g.next(Duration.ofSeconds(10)).path("op").asInt()).isEqualTo(11);
        }
    }

    @Test
    void resumeReplaysWhatTheDeadConnectionMissedThenResumed() throws Exception {
        String session;
        long seen;
        try (RawGateway g = RawGateway.connect(stack.keeperGateway())) {
            g.next(Duration.ofSeconds(10));
            g.identify(KeeperStack.TOKEN);
            List<JsonNode> frames = g.until("READY", Duration.ofSeconds(10));
            session = frames.getLast().path("d").path("session_id").asText();
            g.next(Duration.ofSeconds(10));
            g.next(Duration.ofSeconds(10));
            seen = g.next(Duration.ofSeconds(10)).path("s").asLong();
            g.abort();
        }
        stack.sim.faults().injectMessage(stack.sim.firstTextChannelId(), "while away 1");
        stack.sim.faults().injectMessage(stack.sim.firstTextChannelId(), "while away 2");
        Waits.until(Duration.ofSeconds(10), "both buffered", () -> stack.health().path("buffered").asInt() >= 2);
        try (RawGateway g = RawGateway.connect(stack.keeperGateway())) {
            g.next(Duration.ofSeconds(10));
            g.send("{\"op\":6,\"d\":{\"token\":\"" + KeeperStack.TOKEN + "\",\"session_id\":\"" + session
                    + "\",\"seq\":" + seen + "}}");
            List<JsonNode> frames = g.until("RESUMED", Duration.ofSeconds(10));
            List<String> contents = frames.stream().filter(f -> f.path("t").asText().equals("MESSAGE_CREATE"))
                    .map(f -> f.path("d").path("content").asText()).toList();
            assertThat(contents).containsExactly("while away 1", "while away 2");
            for (int i = 0; i < frames.size(); i++) {
                assertThat(frames.get(i).path("s").asLong()).isEqualTo(seen + 1 + i);
            }
        }
    }

    @Test
    void aResumeOfAnUnknownSessionIsOp9() throws Exception {
        try (RawGateway g = RawGateway.connect(stack.keeperGateway())) {
            g.next(Duration.ofSeconds(10));
            g.send("{\"op\":6,\"d\":{\"token\":\"" + KeeperStack.TOKEN + "\",\"session_id\":\"nope\",\"seq\":3}}");
            JsonNode f = g.next(Duration.ofSeconds(10));
            assertThat(f.path("op").asInt()).isEqualTo(9);
            assertThat(f.path("d").asBoolean(true)).isFalse();
        }
    }

    @Test
    void aWrongTokenIsClosed4004AndNeverEchoed() throws Exception {
        try (RawGateway g = RawGateway.connect(stack.keeperGateway())) {
            g.next(Duration.ofSeconds(10));
            g.identify("not-the-token");
            assertThat(g.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(4004);
        }
        assertThat(stack.keeper().output()).doesNotContain("not-the-token").doesNotContain(KeeperStack.TOKEN);
    }

    @Test
    void opsBeforeIdentifyAndUnknownOpsAreClosedLikeDiscord() throws Exception {
        try (RawGateway g = RawGateway.connect(stack.keeperGateway())) {
            g.next(Duration.ofSeconds(10));
            g.send("{\"op\":8,\"d\":{\"guild_id\":\"1\",\"nonce\":\"x\"}}");
            assertThat(g.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(4003);
        }
        try (RawGateway g = RawGateway.connect(stack.keeperGateway())) {
            g.next(Duration.ofSeconds(10));
            g.send("{\"op\":42}");
            assertThat(g.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(4001);
        }
        try (RawGateway g = RawGateway.connect(stack.keeperGateway())) {
            g.next(Duration.ofSeconds(10));
            g.send("not json");
            assertThat(g.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(4002);
        }
    }

    @Test
    void discoveryRoutesAnswerLikeDiscord() {
        JsonNode gateway = Waits.json(stack.keeperUrl() + "/api/v10/gateway");
        assertThat(gateway.path("url").asText()).isEqualTo(stack.keeperGateway());
        assertThat(Waits.get(stack.keeperUrl() + "/api/v10/gateway/bot", null).statusCode()).isEqualTo(401);
        HttpResponse<String> bot = Waits.get(stack.keeperUrl() + "/api/v10/gateway/bot", "Bot " + KeeperStack.TOKEN);
        assertThat(bot.statusCode()).isEqualTo(200);
        assertThat(bot.body()).contains(stack.keeperGateway()).contains("session_start_limit")
                .doesNotContain(KeeperStack.TOKEN);
    }

    @Test
    void adminRoutesNeedTheSecret() throws Exception {
        assertThat(Waits.get(stack.keeperUrl() + "/admin/sessions", null).statusCode()).isEqualTo(401);
        assertThat(Waits.get(stack.keeperUrl() + "/admin/sessions", "Bearer wrong").statusCode()).isEqualTo(401);
        HttpResponse<String> ok = Waits.get(stack.keeperUrl() + "/admin/sessions", "Bearer " + stack.adminSecret());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("\"sessions\"");
        long resumes = stack.sim.stats().resumes();
        var post = java.net.http.HttpRequest.newBuilder(java.net.URI.create(stack.keeperUrl()
                + "/admin/upstream/reconnect")).header("Authorization", "Bearer " + stack.adminSecret())
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build();
        assertThat(Waits.HTTP.send(post, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(202);
        Waits.until(Duration.ofSeconds(30), "the keeper resumed upstream", () -> stack.sim.stats().resumes() > resumes);
    }

    @Test
    void healthAndMetricsTellTheState() {
        JsonNode health = stack.health();
        assertThat(health.path("upstream_connected").asBoolean()).isTrue();
        assertThat(health.has("buffered")).isTrue();
        assertThat(health.has("downstream_clients")).isTrue();
        assertThat(health.path("last_upstream_ack").asText()).isNotEmpty();
        String metrics = Waits.get(stack.keeperUrl() + "/metrics", null).body();
        assertThat(metrics).contains("keeper_upstream_connected 1").contains("keeper_buffered_dispatches ")
                .contains("# TYPE keeper_delivered_total counter");
    }
}
