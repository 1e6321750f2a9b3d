package io.ultrareliability.bot.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultrareliability.sim.GatewaySim;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DISCORD_GATEWAY_URL (keeper mode) on the real bot jar: the gateway goes where the variable
 * says while REST keeps going to DISCORD_API_BASE_URL, {@code /discord-status} says so, and
 * {@code events_received} counts what the bot saw.
 */
class GatewayUrlIT extends AgainstTheSimulator {
    private BotProcess bot(GatewaySim rest, GatewaySim gateway) throws Exception {
        BotProcess bot = BotProcess.start(Map.of(
                "DISCORD_TOKEN", TOKEN,
                "DISCORD_API_BASE_URL", rest.restBaseUrl().toString(),
                "DISCORD_GATEWAY_URL", gateway.gatewayUrl().toString(),
                "BOT_HEALTH_PORT", "0",
                "DISCORD_HEARTBEAT_TIMEOUT", "5s"));
        cleanup.add(bot);
        return bot;
    }

    @Test
    void theGatewayGoesToTheGivenUrlAndRestStaysWhereItWas() throws Exception {
        GatewaySim rest = sim();
        GatewaySim keeper = sim();
        BotProcess bot = bot(rest, keeper);
        bot.awaitHealthy(Duration.ofSeconds(30));
        assertThat(keeper.stats().identifies()).isEqualTo(1);
        assertThat(keeper.stats().sessionsOpen()).isEqualTo(1);
        assertThat(rest.stats().identifies()).as("no IDENTIFY on the REST side").isZero();
        assertThat(rest.stats().connectionsOpen()).isZero();

        JsonNode d = bot.json("/discord-status");
        assertThat(d.path("gateway_mode").asText()).isEqualTo("keeper");
        assertThat(d.path("gateway_url").asText()).isEqualTo(keeper.gatewayUrl().toString());

        keeper.faults().injectMessage(keeper.firstTextChannelId(), "hello through the keeper");
        keeper.faults().injectMessage(keeper.firstTextChannelId(), "and again");
        bot.await(Duration.ofSeconds(20), "events_received.message_create = 2",
                () -> bot.json("/discord-status").path("events_received").path("message_create").asLong() == 2);
        JsonNode events = bot.json("/discord-status").path("events_received");
        assertThat(events.path("interaction_create").asLong()).isZero();
        // READY + GUILD_CREATE(s) + the two messages, at least
        assertThat(events.path("dispatches").asLong()).isGreaterThanOrEqualTo(4);
        assertThat(bot.everything()).doesNotContain(TOKEN);
    }

    @Test
    void interactionsAreCountedAndAnsweredOverRest() throws Exception {
        GatewaySim sim = sim();
        BotProcess bot = bot(sim, sim);
        bot.awaitHealthy(Duration.ofSeconds(30));
        sim.faults().injectInteraction("ping");
        bot.await(Duration.ofSeconds(20), "events_received.interaction_create = 1",
                () -> bot.json("/discord-status").path("events_received").path("interaction_create").asLong() == 1);
        bot.await(Duration.ofSeconds(20), "the reply to /ping", () -> sim.stats().interactionReplies() == 1);
        assertThat(bot.json("/discord-status").path("events_received").path("message_create").asLong()).isZero();
    }

    @Test
    void directModeIsReportedToo() throws Exception {
        GatewaySim sim = sim();
        BotProcess bot = botOn(sim);
        bot.awaitHealthy(Duration.ofSeconds(30));
        JsonNode d = bot.json("/discord-status");
        assertThat(d.path("gateway_mode").asText()).isEqualTo("direct");
        assertThat(d.path("gateway_url").asText()).isEqualTo(sim.gatewayUrl().toString());
    }

    @Test
    void aBadGatewayUrlIsOneLineAndExit78() throws Exception {
        BotProcess bot = BotProcess.start(Map.of("DISCORD_TOKEN", TOKEN,
                "DISCORD_GATEWAY_URL", "http://127.0.0.1:1/"));
        cleanup.add(bot);
        assertThat(bot.awaitExit(Duration.ofSeconds(20))).isEqualTo(78);
        assertThat(bot.stderr().strip()).isEqualTo("bot: configuration error: DISCORD_GATEWAY_URL must start with "
                + "ws:// or wss://, got 'http://127.0.0.1:1/'");
        assertThat(bot.everything()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain(TOKEN);
    }
}
