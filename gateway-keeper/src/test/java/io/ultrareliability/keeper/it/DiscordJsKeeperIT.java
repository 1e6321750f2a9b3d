package io.ultrareliability.keeper.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultrareliability.sim.testkit.DiscordJsProbe;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * discord.js 14 (h15s's probe) through the keeper: REST to the simulator, gateway to the keeper.
 * Login, guilds, a message and its reply, a slash command and its answer: the keeper speaks the
 * protocol, not only JDA's dialect. The probe's own 1000 close ends its keeper session only.
 */
class DiscordJsKeeperIT extends WithKeeperStack {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private DiscordJsProbe probe;

    @AfterEach
    void closeOwnResources() throws Exception {
        if (probe != null) {
            probe.close();
        }
    }

    @Test
    void discordJsLogsInGetsGuildsMessagesAndInteractionsThroughTheKeeper() throws Exception {
        Path installed = DiscordJsProbe.install(Path.of("target", "discordjs-probe"));
        start(2, Map.of());
        probe = DiscordJsProbe.start(installed, KeeperStack.TOKEN, stack.sim.restBaseUrl(),
                URI.create(stack.keeperGateway()), Duration.ofSeconds(180));
        JsonNode ready = probe.await("ready", WAIT);
        assertThat(ready.path("guilds").asInt()).isEqualTo(2);
        assertThat(ready.path("user_id").asText()).isEqualTo(stack.sim.botUserId(0));

        stack.sim.faults().injectMessage(stack.sim.textChannelId(1), "hello via the keeper");
        probe.await("reply 'pong: hello via the keeper'", l -> l.path("event").asText().equals("reply")
                && l.path("content").asText().equals("pong: hello via the keeper"), WAIT);
        stack.sim.faults().injectInteraction("ping");
        assertThat(probe.await("interaction", WAIT).path("name").asText()).isEqualTo("ping");
        probe.await("interaction_reply", WAIT);
        assertThat(stack.sim.stats().interactionReplies()).isEqualTo(1);

        assertThat(probe.stop(WAIT)).isZero();
        assertThat(probe.events("error")).isEmpty();
        assertThat(probe.output()).doesNotContain(KeeperStack.TOKEN);
        assertThat(stack.sim.tokenStats(0).identifies()).as("only the keeper identified at the simulator").isEqualTo(1);
        assertThat(stack.sim.tokenStats(0).sessionsEnded()).as("discord.js's close 1000 stayed at the keeper").isZero();
        assertThat(stack.sim.stats().sessionsOpen()).isEqualTo(1);
    }
}
