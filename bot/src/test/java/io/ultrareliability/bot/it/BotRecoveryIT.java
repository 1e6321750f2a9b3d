package io.ultrareliability.bot.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultrareliability.sim.GatewaySim;
import io.ultrareliability.sim.PostedMessage;
import io.ultrareliability.sim.SimConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One real bot process against one simulator, taken through every recoverable gateway fault of
 * design.md's fault matrix in turn: after each, the same process (same PID) must be back to
 * /health 200 by itself. Ends with SIGTERM (exit 0) and a search for the token in everything
 * the bot wrote or answered.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BotRecoveryIT {
    private static final String TOKEN = "it-secret-" + UUID.randomUUID();
    private static final Duration BACK_WITHIN = Duration.ofSeconds(25);

    private GatewaySim sim;
    private BotProcess bot;
    private long pid;

    @BeforeAll
    void start() throws Exception {
        sim = GatewaySim.start(SimConfig.defaults().withTokens(List.of(TOKEN))
                .withHeartbeatInterval(Duration.ofSeconds(1)));
        bot = BotProcess.start(Map.of(
                "DISCORD_TOKEN", TOKEN,
                "DISCORD_API_BASE_URL", sim.restBaseUrl().toString(),
                "BOT_HEALTH_PORT", "0",
                "DISCORD_CONNECTION_TIMEOUT", "4s",
                "DISCORD_HEARTBEAT_TIMEOUT", "5s",
                "DISCORD_RECONNECT_DELAY", "200ms",
                "DISCORD_MAX_RECONNECT_DELAY", "1s",
                "DISCORD_MAX_RECONNECT_ATTEMPTS", "30",
                "DISCORD_SUMMARY_INTERVAL", "2s"));
        pid = bot.pid();
    }

    @AfterAll
    void stop() {
        if (bot != null) {
            bot.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    private JsonNode status() {
        return bot.json("/discord-status");
    }

    private void assertSameProcessHealthy() {
        assertThat(bot.process().isAlive()).as("bot process alive").isTrue();
        assertThat(bot.pid()).isEqualTo(pid);
        JsonNode h = bot.json("/health");
        assertThat(h.path("status").asText()).isEqualTo("healthy");
        assertThat(h.path("discord_bot").path("status").asText()).isEqualTo("connected");
    }

    @Test
    @Order(1)
    void healthyWithinSecondsAndCheapToPoll() {
        bot.awaitHealthy(Duration.ofSeconds(20));
        JsonNode h = bot.json("/health");
        assertThat(h.path("last_heartbeat_ack").isTextual()).isTrue();
        assertThat(h.path("last_event").isTextual()).isTrue();
        JsonNode s = status();
        assertThat(s.path("guilds").asInt()).isEqualTo(1);
        assertThat(s.path("session_id_present").asBoolean()).isTrue();
        assertThat(s.path("new_sessions").asLong()).isEqualTo(1);
        // 100 polls back to back (the supervisor's budget is 50/s): all answered, still healthy
        for (int i = 0; i < 100; i++) {
            assertThat(bot.get("/heartbeat").statusCode()).isEqualTo(200);
        }
        assertThat(bot.stdout()).contains("Registered slash commands: 2");
        assertSameProcessHealthy();
    }

    static Stream<Arguments> gatewayFaults() {
        return Stream.of(
                Arguments.of("close 1000", (Consumer<GatewaySim>) s -> s.faults().close(1000)),
                Arguments.of("close 1001", (Consumer<GatewaySim>) s -> s.faults().close(1001)),
                Arguments.of("close 4000", (Consumer<GatewaySim>) s -> s.faults().close(4000)),
                Arguments.of("close 4007", (Consumer<GatewaySim>) s -> s.faults().close(4007)),
                Arguments.of("close 4009", (Consumer<GatewaySim>) s -> s.faults().close(4009)),
                Arguments.of("TCP drop (1006)", (Consumer<GatewaySim>) s -> s.faults().drop()),
                Arguments.of("op 7 RECONNECT", (Consumer<GatewaySim>) s -> s.faults().reconnect()),
                Arguments.of("op 9 resumable", (Consumer<GatewaySim>) s -> s.faults().invalidate(true)),
                Arguments.of("op 9 not resumable", (Consumer<GatewaySim>) s -> s.faults().invalidate(false)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gatewayFaults")
    @Order(2)
    void comesBackAfter(String name, Consumer<GatewaySim> fault) {
        bot.awaitHealthy(BACK_WITHIN);
        long before = status().path("disconnects").asLong();
        fault.accept(sim);
        bot.await(Duration.ofSeconds(10), name + " to be noticed", () -> status().path("disconnects").asLong() > before);
        // The disconnect counter moves on JDA's event thread and the connection state a moment
        // later on the manager's thread: /health may still say healthy for those few ms. So
        // "back" is healthy twice, 200 ms apart, in the same process.
        bot.awaitHealthy(BACK_WITHIN);
        bot.await(BACK_WITHIN, name + ": healthy and still healthy 200 ms later", () -> {
            if (bot.get("/health").statusCode() != 200) {
                return false;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            return bot.get("/health").statusCode() == 200;
        });
        assertSameProcessHealthy();
    }

    @Test
    @Order(3)
    void zombieConnectionIsNoticedAndReplaced() {
        bot.awaitHealthy(BACK_WITHIN);
        long before = status().path("disconnects").asLong();
        sim.faults().zombie(true);
        try {
            bot.await(Duration.ofSeconds(10), "the missing heartbeat ACKs to be noticed",
                    () -> status().path("disconnects").asLong() > before);
        } finally {
            sim.faults().zombie(false);
        }
        bot.awaitHealthy(BACK_WITHIN);
        assertSameProcessHealthy();
    }

    @Test
    @Order(4)
    void gatewayRefusingForAWhile() {
        bot.awaitHealthy(BACK_WITHIN);
        long before = status().path("disconnects").asLong();
        sim.faults().refuse(Duration.ofSeconds(3));
        sim.faults().drop();
        bot.await(Duration.ofSeconds(10), "the drop to be noticed", () -> status().path("disconnects").asLong() > before);
        bot.awaitHealthy(BACK_WITHIN);
        assertSameProcessHealthy();
    }

    @Test
    @Order(5)
    void unansweredHandshakeGetsAFreshInstance() {
        bot.awaitHealthy(BACK_WITHIN);
        int generation = status().path("instance_generation").asInt();
        sim.faults().silence(true); // new connections get no HELLO and no READY
        try {
            sim.faults().drop();
            // DISCORD_CONNECTION_TIMEOUT=4s: the overseer throws the stuck instance away
            bot.await(Duration.ofSeconds(15), "a fresh JDA instance",
                    () -> bot.json("/discord-status").path("instance_generation").asInt() > generation);
        } finally {
            sim.faults().silence(false);
        }
        bot.awaitHealthy(BACK_WITHIN);
        assertSameProcessHealthy();
        JsonNode s = status();
        assertThat(s.path("fresh_instances").asLong()).isPositive();
        // the health endpoints describe the NEW instance (seed 000's bug would show the old one)
        assertThat(s.path("guilds").asInt()).isEqualTo(1);
        assertThat(s.path("session_id_present").asBoolean()).isTrue();
        assertThat(bot.stdout()).contains("Throwing JDA instance #" + generation + " away");
    }

    private PostedMessage awaitReply(long repliesBefore) {
        bot.await(Duration.ofSeconds(15), "an interaction reply",
                () -> sim.stats().interactionReplies() > repliesBefore);
        List<PostedMessage> messages = sim.stats().lastMessages();
        return messages.get(messages.size() - 1);
    }

    @Test
    @Order(6)
    void pingIsAnsweredEvenUnderRestRateLimit() {
        bot.awaitHealthy(BACK_WITHIN);
        long replies = sim.stats().interactionReplies();
        sim.faults().injectInteraction("ping");
        assertThat(awaitReply(replies).content()).startsWith("Pong! gateway ");

        replies = sim.stats().interactionReplies();
        sim.faults().rateLimit(Duration.ofSeconds(2));
        sim.faults().injectInteraction("ping");
        assertThat(awaitReply(replies).content()).startsWith("Pong!");
        assertSameProcessHealthy(); // a 429 is never a crash
    }

    @Test
    @Order(7)
    void statusAndFriendlyErrors() {
        bot.awaitHealthy(BACK_WITHIN);
        long replies = sim.stats().interactionReplies();
        sim.faults().injectInteraction("status");
        assertThat(awaitReply(replies).content()).startsWith("Status: connected, up ").contains("resumes");

        replies = sim.stats().interactionReplies();
        sim.faults().injectInteraction("explode");
        assertThat(awaitReply(replies).content()).isEqualTo("Sorry, /explode failed on our side. The error has been logged.");
        assertThat(bot.stdout()).contains("Command /explode failed")
                .contains("java.lang.IllegalArgumentException: unknown command /explode")
                .contains("at io.ultrareliability.bot.commands.SlashCommands");
        assertSameProcessHealthy();
    }

    @Test
    @Order(8)
    void postReconnectBuildsAFreshInstance() {
        bot.awaitHealthy(BACK_WITHIN);
        int generation = status().path("instance_generation").asInt();
        var r = bot.post("/reconnect?wait=15s");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("\"instance_generation\":" + (generation + 1)).contains("\"status\":\"connected\"");
        assertSameProcessHealthy();
        assertThat(bot.stdout()).contains("Reconnect requested over HTTP");
    }

    @Test
    @Order(9)
    void summaryAndTransitionsAreLogged() {
        assertThat(bot.stdout())
                .contains("Connection summary: status ")
                .contains("Disconnected from the gateway: close 4009 by server")
                .contains("Resumed the gateway session")
                .contains("Reconnected with a new gateway session")
                .containsPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
    }

    @Test
    @Order(10)
    void sigtermStopsCleanlyWithExitZero() {
        bot.awaitHealthy(BACK_WITHIN);
        bot.process().destroy(); // SIGTERM
        assertThat(bot.awaitExit(Duration.ofSeconds(10))).isZero();
        assertThat(bot.stdout()).contains("Stopping: received SIGTERM").contains("Stopped cleanly");
        // it closed its gateway session on the way out
        BotProcess.awaitTrue(Duration.ofSeconds(5), "the simulator to see the session closed",
                () -> sim.stats().connectionsOpen() == 0);
    }

    @Test
    @Order(11)
    void theTokenAppearsNowhere() {
        assertThat(bot.everything()).isNotBlank().doesNotContain(TOKEN);
    }
}
