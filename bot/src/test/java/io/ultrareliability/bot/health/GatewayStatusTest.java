package io.ultrareliability.bot.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultrareliability.bot.gateway.GatewayUrlResolver;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** /discord-status: gateway_mode, gateway_url and events_received. */
class GatewayStatusTest {
    private final ObjectMapper json = new ObjectMapper();
    private final HealthState state = new HealthState(Clock.fixed(Instant.parse("2026-11-23T14:00:00Z"), ZoneOffset.UTC));

    private JsonNode status() {
        return json.valueToTree(new HealthJson("1").discordStatus(state.snapshot(true)));
    }

    @Test
    void directUntilAnInstanceSaysOtherwise() {
        JsonNode d = status();
        assertThat(d.path("gateway_mode").asText()).isEqualTo("direct");
        assertThat(d.path("gateway_url").isNull()).isTrue();
        assertThat(d.path("events_received").path("message_create").asLong()).isZero();
        assertThat(d.path("events_received").path("interaction_create").asLong()).isZero();
        assertThat(d.path("events_received").path("dispatches").asLong()).isZero();
        assertThat(d.path("pid").asLong()).as("whose counts these are").isEqualTo(ProcessHandle.current().pid());
    }

    @Test
    void reportsTheKeeper() {
        state.gateway(HealthState.GATEWAY_KEEPER, "ws://127.0.0.1:7878/");
        JsonNode d = status();
        assertThat(d.path("gateway_mode").asText()).isEqualTo("keeper");
        assertThat(d.path("gateway_url").asText()).isEqualTo("ws://127.0.0.1:7878/");
    }

    @Test
    void countsDispatchesByType() {
        EventCounts events = state.events();
        events.dispatch("READY");
        events.dispatch("GUILD_CREATE");
        events.dispatch("MESSAGE_CREATE");
        events.dispatch("MESSAGE_CREATE");
        events.dispatch("INTERACTION_CREATE");
        events.dispatch("MESSAGE_UPDATE");
        events.dispatch(null);
        JsonNode e = status().path("events_received");
        assertThat(e.path("message_create").asLong()).isEqualTo(2);
        assertThat(e.path("interaction_create").asLong()).isEqualTo(1);
        assertThat(e.path("dispatches").asLong()).isEqualTo(7);
    }

    @Test
    void theResolverReturnsAKeeperUrlWithoutAskingRest() throws Exception {
        // port 9 (discard) on a base URL that would fail if it were asked
        GatewayUrlResolver r = new GatewayUrlResolver(Optional.of(URI.create("http://127.0.0.1:9/api/v10")),
                Optional.of(URI.create("ws://127.0.0.1:7878")), Duration.ofMillis(200));
        assertThat(r.resolve()).isEqualTo("ws://127.0.0.1:7878");
        assertThat(new GatewayUrlResolver(Optional.empty(), Optional.empty(), Duration.ofMillis(200)).resolve())
                .isEqualTo(GatewayUrlResolver.DISCORD_GATEWAY);
    }
}
