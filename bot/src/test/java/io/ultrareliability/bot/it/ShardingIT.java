package io.ultrareliability.bot.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultrareliability.sim.GatewaySim;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** DISCORD_SHARD_ID / DISCORD_SHARD_COUNT reach the IDENTIFY: shard 1 of 2 gets its half of the guilds. */
class ShardingIT extends AgainstTheSimulator {
    @Test
    void secondOfTwoShardsSeesOnlyItsGuilds() throws Exception {
        GatewaySim sim = sim(c -> c.withGuilds(2));
        BotProcess bot = botOn(sim, "DISCORD_SHARD_ID", "1", "DISCORD_SHARD_COUNT", "2");
        bot.awaitHealthy(Duration.ofSeconds(20));
        JsonNode status = bot.json("/discord-status");
        assertThat(status.path("guilds").asInt()).isEqualTo(1);
        assertThat(bot.stdout()).contains("shard 1/2");
        // and it survives a drop as that shard
        long before = status.path("disconnects").asLong();
        sim.faults().drop();
        bot.await(Duration.ofSeconds(10), "the drop to be noticed",
                () -> bot.json("/discord-status").path("disconnects").asLong() > before);
        bot.awaitHealthy(Duration.ofSeconds(20));
        assertThat(bot.json("/discord-status").path("guilds").asInt()).isEqualTo(1);
    }
}
