package io.ultrareliability.keeper.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultrareliability.sim.SimStats;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Upstream faults (drop, op 7, op 9 resumable and not, zombie) with a bot connected and with
 * none: the keeper resumes (or identifies when Discord refuses) and the bot sees one unbroken
 * session: no disconnect, no resume, no new session on its side, every message.
 */
class UpstreamFaultsIT extends WithKeeperStack {

    private long metric(String name) {
        String text = Waits.get(stack.keeperUrl() + "/metrics", null).body();
        for (String line : text.split("\n")) {
            if (line.startsWith(name + " ")) {
                return Long.parseLong(line.substring(name.length() + 1).strip());
            }
        }
        throw new AssertionError("no metric " + name + " in\n" + text);
    }

    /** Applies one fault and waits until the keeper's upstream is live again. */
    private void fault(String which) {
        SimStats before = stack.sim.stats();
        long zombies = metric("keeper_upstream_zombies_total");
        switch (which) {
            case "drop" -> stack.sim.faults().drop();
            case "op7" -> stack.sim.faults().reconnect();
            case "op9-resumable" -> stack.sim.faults().invalidate(true);
            case "op9" -> stack.sim.faults().invalidate(false);
            case "zombie" -> {
                stack.sim.faults().zombie(true);
                Waits.until(Duration.ofSeconds(30), "keeper saw the zombie",
                        () -> metric("keeper_upstream_zombies_total") > zombies);
                stack.sim.faults().zombie(false);
            }
            default -> throw new IllegalArgumentException(which);
        }
        boolean identify = which.equals("op9");
        Waits.until(Duration.ofSeconds(60), () -> "keeper back after " + which + ": " + stack.sim.stats()
                + "\n" + stack.keeper().tail(), () -> {
            SimStats now = stack.sim.stats();
            boolean back = identify ? now.identifies() > before.identifies() : now.resumes() > before.resumes();
            return back && now.sessionsOpen() == 1 && stack.health().path("upstream_connected").asBoolean();
        });
    }

    @Test
    void withABotConnectedTheBotSeesAnUnbrokenStream() throws Exception {
        start(1, Map.of());
        KeeperStack.Bot bot = stack.startBot();
        String channel = stack.sim.firstTextChannelId();
        long expected = 0;
        for (String which : new String[] {"drop", "op7", "op9-resumable", "zombie", "op9"}) {
            fault(which);
            stack.sim.faults().injectMessage(channel, "after " + which);
            expected++;
            long want = expected;
            Waits.until(Duration.ofSeconds(30), () -> "bot got the message after " + which + " (has "
                    + bot.messages() + ", wants " + want + ")", () -> bot.messages() == want);
        }
        JsonNode status = Waits.json(bot.base() + "/discord-status");
        assertThat(status.path("disconnects").asInt()).as("bot disconnects").isZero();
        assertThat(status.path("resumes").asInt()).as("bot resumes").isZero();
        assertThat(status.path("new_sessions").asInt()).as("bot sessions").isEqualTo(1);
        assertThat(stack.sim.stats().identifies()).as("IDENTIFYs: the first and the one op 9 forced").isEqualTo(2);
    }

    @Test
    void withNoBotTheNextBotGetsEverythingResumableFaultsKept() throws Exception {
        start(1, Map.of());
        String channel = stack.sim.firstTextChannelId();
        int injected = 0;
        for (String which : new String[] {"drop", "op7", "op9-resumable", "zombie"}) {
            stack.sim.faults().injectMessage(channel, "before " + which);
            injected++;
            fault(which);
            stack.sim.faults().injectMessage(channel, "after " + which);
            injected++;
        }
        int total = injected;
        // + the upstream GUILD_CREATE that followed READY (a state change: not for a new bot)
        Waits.until(Duration.ofSeconds(30), () -> "all " + total + " buffered: " + stack.health() + "\n"
                + stack.keeper().tail(), () -> stack.health().path("buffered").asInt() == total + 1);
        KeeperStack.Bot bot = stack.startBot();
        Waits.until(Duration.ofSeconds(60), () -> "the first bot got all " + total + " messages (has "
                + bot.messages() + ")", () -> bot.messages() == total);
        assertThat(stack.sim.stats().identifies()).isEqualTo(1);
    }
}
