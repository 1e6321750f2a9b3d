package io.ultrareliability.bot.it;

import io.ultrareliability.sim.GatewaySim;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stale-connection detection in the real process: the simulator stops acknowledging
 * heartbeats. With a 3 s heartbeat JDA would notice only after two missed ACKs (~9 s); the
 * bot's DISCORD_HEARTBEAT_TIMEOUT of 4.5 s notices first, throws the instance away and
 * connects a fresh one, in the same process.
 */
class StaleConnectionIT extends AgainstTheSimulator {
    @Test
    void silentConnectionThatJdaStillCallsConnectedIsReplaced() throws Exception {
        GatewaySim sim = sim(c -> c.withHeartbeatInterval(Duration.ofSeconds(3)));
        BotProcess bot = botOn(sim, "DISCORD_HEARTBEAT_TIMEOUT", "4500ms", "DISCORD_RECONNECT_DELAY", "200ms");
        bot.awaitHealthy(Duration.ofSeconds(20));
        long pid = bot.pid();
        sim.faults().zombie(true);
        try {
            bot.await(Duration.ofSeconds(15), "the stale connection to be detected",
                    () -> bot.stdout().contains("connection stale: no heartbeat ACK and no event for"));
        } finally {
            sim.faults().zombie(false);
        }
        // Wait for the fresh instance itself, not for any 200: the old one answered 200 too.
        bot.await(Duration.ofSeconds(20), "a fresh instance (generation 2+) connected and healthy",
                () -> bot.json("/discord-status").path("instance_generation").asInt() >= 2
                        && bot.healthStatus() == 200);
        assertThat(bot.pid()).isEqualTo(pid);
        assertThat(bot.stdout()).contains("Throwing JDA instance #1 away: connection stale")
                .doesNotContain("Missed 2 heartbeats");
        assertThat(bot.everything()).doesNotContain(TOKEN);
    }
}
