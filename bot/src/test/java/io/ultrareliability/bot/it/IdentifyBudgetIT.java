package io.ultrareliability.bot.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultrareliability.sim.GatewaySim;
import io.ultrareliability.sim.SimConfig;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A zombie gateway (READY, then no heartbeat ACK ever) makes the bot replace its instance again
 * and again, one IDENTIFY each. With a simulator limit of 20 per window and a reserve of 5 the
 * bot stops at 15, says why in /health (503, identify_budget.waiting_until), never resets the
 * token, and is healthy again by itself after the window resets, in the same process.
 */
class IdentifyBudgetIT {
    private static final String TOKEN = "it-secret-" + UUID.randomUUID();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void aZombieGatewayNeverCostsMoreThanTheBudgetAboveTheReserve() throws Exception {
        Path state = Files.createTempDirectory("identify-budget-it");
        try (GatewaySim sim = GatewaySim.start(SimConfig.defaults().withTokens(List.of(TOKEN))
                .withHeartbeatInterval(Duration.ofSeconds(1)))) {
            sim.faults().identifyLimit(20);
            sim.faults().identifyReset(Duration.ofSeconds(60));
            sim.faults().zombie(true);
            AtomicInteger lowest = new AtomicInteger(20);
            AtomicBoolean exhausted = new AtomicBoolean();
            AtomicBoolean watching = new AtomicBoolean(true);
            // watches the simulator's budget the whole time: it must never go below the reserve
            CompletableFuture<Void> watch = CompletableFuture.runAsync(() -> {
                while (watching.get()) {
                    JsonNode b = simBudget(sim);
                    lowest.accumulateAndGet(b.path("remaining").asInt(), Math::min);
                    exhausted.compareAndSet(false, b.path("exhausted").asBoolean());
                    BotProcess.sleep(100);
                }
            });
            try (BotProcess bot = BotProcess.start(Map.of(
                    "DISCORD_TOKEN", TOKEN,
                    "DISCORD_API_BASE_URL", sim.restBaseUrl().toString(),
                    "BOT_HEALTH_PORT", "0",
                    "BOT_STATE_DIR", state.toString(),
                    "DISCORD_IDENTIFY_RESERVE", "5",
                    "DISCORD_HEARTBEAT_TIMEOUT", "1400ms",
                    "DISCORD_RECONNECT_DELAY", "100ms",
                    "DISCORD_MAX_RECONNECT_DELAY", "200ms",
                    "DISCORD_MAX_RECONNECT_ATTEMPTS", "1000"))) {
                bot.await(Duration.ofSeconds(58), "the bot to wait for its IDENTIFY budget", () -> {
                    JsonNode h = bot.json("/health");
                    return !h.path("identify_budget").path("waiting_until").isNull()
                            && h.path("identify_budget").has("waiting_until");
                });
                JsonNode waiting = bot.json("/health");
                assertThat(bot.healthStatus()).isEqualTo(503);
                assertThat(waiting.path("not_ready_reason").asText()).contains("waiting for the IDENTIFY budget")
                        .contains("reserve of 5");
                assertThat(waiting.path("identify_budget").path("remaining").asInt()).isLessThanOrEqualTo(5);
                assertThat(waiting.path("identify_budget").path("total").asInt()).isEqualTo(20);
                assertThat(bot.json("/discord-status").path("identify_budget").path("ledger_24h").asInt())
                        .isBetween(1, 15);
                long sentBeforeWait = sim.stats().identifies();
                assertThat(sentBeforeWait).as("IDENTIFYs before the wait").isLessThanOrEqualTo(15);
                sim.faults().zombie(false);

                // nothing more is spent while waiting; after the reset the bot connects by itself
                bot.awaitHealthy(Duration.ofSeconds(60));
                assertThat(bot.json("/health").path("identify_budget").path("waiting_until").isNull()).isTrue();
                assertThat(Files.readAllLines(state.resolve("identify-ledger.txt")).stream()
                        .filter(l -> l.startsWith("identify ")).count()).isEqualTo(sim.stats().identifies());
                assertThat(bot.stdout()).contains("Not identifying for");
                assertThat(bot.everything()).doesNotContain(TOKEN);
            } finally {
                watching.set(false);
                watch.get(5, TimeUnit.SECONDS);
            }
            assertThat(exhausted.get()).as("the simulator reset the token").isFalse();
            assertThat(lowest.get()).as("lowest remaining the simulator saw").isGreaterThanOrEqualTo(5);
        }
    }

    static JsonNode simBudget(GatewaySim sim) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(sim.controlUrl() + "/identify-budget"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body());
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the simulator's identify budget", e);
        }
    }
}
