package io.ultrareliability.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ultrareliability.sim.jda.SimJda;
import java.time.Duration;
import java.util.List;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import org.junit.jupiter.api.Test;

/** A real JDA 6 client logs into the simulator: READY, GUILD_CREATE, heartbeats. */
class JdaLoginIT {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @Test
    void jdaLogsInAndSeesTheGuilds() throws Exception {
        SimConfig config = SimConfig.defaults().withHeartbeatInterval(Duration.ofSeconds(1)).withGuilds(2)
                .withTokens(List.of("login-token"));
        try (GatewaySim sim = GatewaySim.start(config); SimJda client = SimJda.login(sim, "login-token")) {
            JDA jda = client.jda();
            await("ReadyEvent").atMost(DEADLINE).until(() -> client.events().count(ReadyEvent.class) == 1);

            assertThat(jda.getStatus()).isEqualTo(JDA.Status.CONNECTED);
            assertThat(jda.getSelfUser().getId()).isEqualTo(sim.botUserId(0));
            assertThat(jda.getGuilds()).extracting(Guild::getId).containsExactlyInAnyOrder(sim.guildId(0), sim.guildId(1));
            Guild first = jda.getGuildById(sim.guildId(0));
            assertThat(first.getTextChannelById(sim.firstTextChannelId())).isNotNull();
            assertThat(first.getSelfMember().getId()).isEqualTo(sim.botUserId(0));

            await("heartbeat ACKed").atMost(DEADLINE).until(() -> jda.getGatewayPing() >= 0);
            await("two heartbeats").atMost(DEADLINE).until(() -> sim.stats().heartbeats() >= 2);
            SimStats stats = sim.stats();
            assertThat(stats.identifies()).isEqualTo(1);
            assertThat(stats.connectionsOpen()).isEqualTo(1);
            assertThat(stats.sessionsOpen()).isEqualTo(1);
            assertThat(stats.sessionsOpenByToken()).hasSize(1).containsValue(1);
            assertThat(stats.sessionsOpenByToken().keySet().iterator().next()).matches("tok-[0-9a-f]{8}")
                    .doesNotContain("login-token");
        }
    }

    /** JDA's default asks for zlib-stream; the simulator answers in plain text frames, which JDA accepts. */
    @Test
    void jdaWithDefaultZlibCompressionStillLogsIn() throws Exception {
        SimConfig config = SimConfig.defaults().withHeartbeatInterval(Duration.ofSeconds(1))
                .withTokens(List.of("zlib-token"));
        try (GatewaySim sim = GatewaySim.start(config);
                SimJda client = SimJda.login(sim, "zlib-token", net.dv8tion.jda.api.utils.Compression.ZLIB)) {
            await("ReadyEvent").atMost(DEADLINE).until(() -> client.events().count(ReadyEvent.class) == 1);
            sim.faults().reconnect();
            await("resumed").atMost(DEADLINE).until(() -> sim.stats().resumes() == 1 && sim.stats().sessionsOpen() == 1);
            assertThat(client.jda().getGuildById(sim.guildId(0))).isNotNull();
        }
    }
}
