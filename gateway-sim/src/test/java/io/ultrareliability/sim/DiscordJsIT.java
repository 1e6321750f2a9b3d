package io.ultrareliability.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultrareliability.sim.testkit.DiscordJsProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * discord.js 14 (a client we did not write, nor JDA) against the simulator: login, guilds, a
 * message, a reply, a slash command and its answer, a resume after a dropped connection; and
 * with REST and gateway in two processes, the shape of a bot behind the gateway keeper.
 */
class DiscordJsIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration MAX_RUN = Duration.ofSeconds(120);
    private static final String TOKEN = "djs-secret-" + Long.toHexString(System.nanoTime());
    private static Path probeDir;

    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @BeforeAll
    static void install() throws Exception {
        probeDir = DiscordJsProbe.install(Path.of("target", "discordjs-probe"));
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : cleanup.reversed()) {
            c.close();
        }
    }

    private GatewaySim sim() {
        GatewaySim sim = GatewaySim.start(SimConfig.defaults().withTokens(List.of(TOKEN))
                .withHeartbeatInterval(Duration.ofSeconds(2)).withGuilds(2));
        cleanup.add(sim);
        return sim;
    }

    private DiscordJsProbe probe(GatewaySim rest, GatewaySim gateway) throws Exception {
        DiscordJsProbe probe = DiscordJsProbe.start(probeDir, TOKEN, rest.restBaseUrl(),
                gateway == null ? null : gateway.gatewayUrl(), MAX_RUN);
        cleanup.add(probe);
        return probe;
    }

    private static JsonNode awaitContent(DiscordJsProbe probe, String event, String content) {
        return probe.await(event + " '" + content + "'", l -> l.path("event").asText().equals(event)
                && l.path("content").asText().equals(content), WAIT);
    }

    @Test
    void loginGuildsMessageReplyAndSlashCommand() throws Exception {
        GatewaySim sim = sim();
        DiscordJsProbe probe = probe(sim, null);
        assertThat(probe.process().info().arguments().map(List::of).orElse(List.of()))
                .as("the token is passed in the environment, never in argv").noneMatch(a -> a.contains(TOKEN));
        JsonNode ready = probe.await("ready", WAIT);
        assertThat(ready.path("guilds").asInt()).isEqualTo(2);
        assertThat(ready.path("user_id").asText()).isEqualTo(sim.botUserId(0));
        assertThat(probe.await("gateway_info", WAIT).path("url").asText()).isEqualTo(sim.gatewayUrl().toString());

        sim.faults().injectMessage(sim.textChannelId(1), "hello discord.js");
        JsonNode message = awaitContent(probe, "message", "hello discord.js");
        assertThat(message.path("guild_id").asText()).isEqualTo(sim.guildId(1));
        assertThat(message.path("author_bot").asBoolean(true)).isFalse();
        JsonNode reply = awaitContent(probe, "reply", "pong: hello discord.js");
        assertThat(reply.path("to").asText()).isEqualTo(message.path("id").asText());
        assertThat(sim.stats().lastMessages()).anySatisfy(m -> {
            assertThat(m.content()).isEqualTo("pong: hello discord.js");
            assertThat(m.channelId()).isEqualTo(sim.textChannelId(1));
        });

        sim.faults().injectInteraction("ping");
        JsonNode interaction = probe.await("interaction", WAIT);
        assertThat(interaction.path("name").asText()).isEqualTo("ping");
        probe.await("interaction_reply", WAIT);
        assertThat(sim.stats().interactionReplies()).isEqualTo(1);

        assertThat(probe.stop(WAIT)).isZero();
        assertThat(probe.events("error")).isEmpty();
        assertThat(probe.output()).doesNotContain(TOKEN);
        TokenStats stats = sim.tokenStats(0);
        assertThat(stats.identifies()).isEqualTo(1);
        await().atMost(WAIT).until(() -> sim.tokenStats(0).sessionsEnded() == 1); // destroy() closes with 1000
    }

    @Test
    void restAndGatewayInTwoProcessesLikeABotBehindTheKeeper() throws Exception {
        GatewaySim rest = sim();
        GatewaySim gateway = sim();
        DiscordJsProbe probe = probe(rest, gateway);
        JsonNode info = probe.await("gateway_info", WAIT);
        assertThat(info.path("url").asText()).isEqualTo(gateway.gatewayUrl().toString());
        assertThat(info.path("from_rest").asText()).isEqualTo(rest.gatewayUrl().toString());
        assertThat(probe.await("ready", WAIT).path("guilds").asInt()).isEqualTo(2);
        assertThat(gateway.tokenStats(0).identifies()).isEqualTo(1);
        assertThat(rest.tokenStats(0).identifies()).isZero();

        gateway.faults().injectMessage(gateway.firstTextChannelId(), "through the other door");
        awaitContent(probe, "reply", "pong: through the other door");
        assertThat(rest.stats().messagesPosted()).isEqualTo(1);
        assertThat(gateway.stats().messagesPosted()).isZero();
        assertThat(probe.output()).doesNotContain(TOKEN);
    }

    @Test
    void aDroppedConnectionIsResumedAndWhatWasMissedArrivesOnce() throws Exception {
        GatewaySim sim = sim();
        DiscordJsProbe probe = probe(sim, null);
        probe.await("ready", WAIT);
        sim.faults().drop();
        sim.faults().injectMessage(sim.firstTextChannelId(), "sent during the drop");
        probe.await("resumed", WAIT);
        awaitContent(probe, "message", "sent during the drop");
        awaitContent(probe, "reply", "pong: sent during the drop");
        sim.faults().injectMessage(sim.firstTextChannelId(), "after the resume");
        awaitContent(probe, "reply", "pong: after the resume");
        assertThat(probe.events("message")).extracting(l -> l.path("content").asText())
                .containsExactly("sent during the drop", "after the resume");
        TokenStats stats = sim.tokenStats(0);
        assertThat(stats.identifies()).isEqualTo(1);
        assertThat(stats.resumes()).isEqualTo(1);
        assertThat(stats.sessionsEnded()).isZero();
    }
}
