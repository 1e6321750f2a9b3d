package io.ultrareliability.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ultrareliability.sim.jda.SimJda;
import java.time.Duration;
import java.util.List;
import javax.annotation.Nonnull;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.commands.Command;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import org.junit.jupiter.api.Test;

/** Messages and slash commands travel both ways between the simulator and a real JDA bot. */
class JdaInteractionsIT {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final String TOKEN = "interactions-token";

    /** A tiny bot: /ping replies "pong", /slow defers then follows up, "!echo x" echoes. */
    private static final class Bot extends ListenerAdapter {
        @Override
        public void onSlashCommandInteraction(@Nonnull SlashCommandInteractionEvent event) {
            if (event.getName().equals("ping")) {
                event.reply("pong from " + event.getGuild().getId()).queue();
            } else {
                event.deferReply().queue(hook -> hook.sendMessage("done slowly").queue());
            }
        }

        @Override
        public void onMessageReceived(@Nonnull MessageReceivedEvent event) {
            String content = event.getMessage().getContentRaw();
            if (!event.getAuthor().isBot() && content.startsWith("!echo ")) {
                event.getChannel().sendMessage(content.substring(6)).queue();
            }
        }
    }

    @Test
    void slashCommandsAndMessagesRoundTrip() throws Exception {
        SimConfig config = SimConfig.defaults().withTokens(List.of(TOKEN)).withHeartbeatInterval(Duration.ofSeconds(1));
        try (GatewaySim sim = GatewaySim.start(config); SimJda client = SimJda.login(sim, TOKEN, new Bot())) {
            await("ReadyEvent").atMost(DEADLINE).until(() -> client.events().count(ReadyEvent.class) == 1);

            List<Command> registered = client.jda().updateCommands()
                    .addCommands(Commands.slash("ping", "Answers pong"), Commands.slash("slow", "Defers"))
                    .complete();
            assertThat(registered).extracting(Command::getName).containsExactly("ping", "slow");
            assertThat(registered).allSatisfy(c -> assertThat(c.getIdLong()).isPositive());
            List<Command> guildCommands = client.jda().getGuildById(sim.guildId(0)).updateCommands()
                    .addCommands(Commands.slash("guildonly", "Guild command")).complete();
            assertThat(guildCommands).extracting(Command::getName).containsExactly("guildonly");
            assertThat(client.jda().retrieveCommands().complete()).hasSize(2);

            sim.faults().injectInteraction("ping");
            await("reply to /ping").atMost(DEADLINE).until(() -> sim.stats().interactionReplies() == 1);
            assertThat(client.events().count(SlashCommandInteractionEvent.class)).isEqualTo(1);
            await().atMost(DEADLINE).until(() -> !sim.stats().lastMessages().isEmpty());
            PostedMessage reply = sim.stats().lastMessages().getLast();
            assertThat(reply.content()).isEqualTo("pong from " + sim.guildId(0));
            assertThat(reply.channelId()).isEqualTo(sim.firstTextChannelId());

            sim.faults().injectInteraction("slow");
            await("deferred reply and follow-up").atMost(DEADLINE).until(() -> sim.stats().interactionReplies() == 2
                    && sim.stats().messagesPosted() == 1);
            assertThat(sim.stats().lastMessages().getLast().content()).isEqualTo("done slowly");

            sim.faults().injectMessage(sim.firstTextChannelId(), "!echo hello sim");
            await("echo").atMost(DEADLINE).until(() -> sim.stats().messagesPosted() == 2);
            MessageReceivedEvent received = client.events().all(MessageReceivedEvent.class).getFirst();
            assertThat(received.getAuthor().getName()).isEqualTo("sim-user");
            assertThat(received.getChannel().getId()).isEqualTo(sim.firstTextChannelId());
            assertThat(sim.stats().lastMessages().getLast().content()).isEqualTo("hello sim");
        }
    }
}
