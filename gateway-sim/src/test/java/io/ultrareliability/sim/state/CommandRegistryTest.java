package io.ultrareliability.sim.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

class CommandRegistryTest {
    private final CommandRegistry registry =
            new CommandRegistry(new SimIds(), InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z")));

    private static JsonNode parse(String json) throws Exception {
        return Json.parse(json);
    }

    @Test
    void putReplacesTheListAndFillsDiscordsFields() throws Exception {
        registry.replace(7, 0, parse("[{\"name\":\"old\",\"description\":\"d\"}]"));
        JsonNode stored = registry.replace(7, 0, parse("[{\"name\":\"ping\",\"description\":\"Pong\"}]"));
        assertThat(stored).hasSize(1);
        JsonNode ping = stored.get(0);
        assertThat(ping.path("id").asText()).matches("[0-9]+");
        assertThat(ping.path("application_id").asText()).isEqualTo("7");
        assertThat(ping.path("type").asInt()).isEqualTo(1);
        assertThat(ping.path("version").asText()).isEqualTo(ping.path("id").asText());
        assertThat(ping.has("guild_id")).isFalse();
        assertThat(registry.list(7, 0)).hasSize(1);
        assertThat(registry.list(7, 5)).isEmpty();
        assertThat(registry.list(8, 0)).isEmpty();
    }

    @Test
    void postUpsertsByNamePerGuild() throws Exception {
        registry.upsert(7, 5, parse("{\"name\":\"a\"}"));
        registry.upsert(7, 5, parse("{\"name\":\"b\"}"));
        JsonNode again = registry.upsert(7, 5, parse("{\"name\":\"a\",\"description\":\"new\"}"));
        assertThat(again.path("guild_id").asText()).isEqualTo("5");
        assertThat(registry.list(7, 5)).hasSize(2);
        registry.clear();
        assertThat(registry.list(7, 5)).isEmpty();
    }

    @Test
    void nameless() {
        assertThatThrownBy(() -> registry.upsert(7, 0, parse("{\"description\":\"x\"}")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
