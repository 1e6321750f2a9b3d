package io.ultrareliability.keeper.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A bot that stops reading (SIGSTOP) while its socket stays open, then is replaced (as the
 * supervisor does once its health probes fail): the keeper closes it 4009 after 2 heartbeat
 * intervals + 1 s and puts what it never confirmed back in the buffer, so the new process gets
 * every message sent while the old one was stopped, and the simulator sees no IDENTIFY.
 */
class SilentBotIT extends WithKeeperStack {

    @Test
    void messagesSentToAStoppedBotReachTheProcessThatReplacesIt() throws Exception {
        start(1, Map.of("KEEPER_HEARTBEAT_INTERVAL", "1s"));
        KeeperStack.Bot first = stack.startBot();
        long identifies = stack.sim.stats().identifies();
        String channel = stack.sim.firstTextChannelId();
        stack.sim.faults().injectMessage(channel, "before");
        Waits.until(Duration.ofSeconds(30), "the first bot reads a message", () -> first.messages() == 1);
        String secret = "Bearer " + stack.adminSecret();
        // Counted exactly below, so stop it only once its heartbeat confirmed all it was sent.
        Waits.until(Duration.ofSeconds(30), "the first bot's heartbeat confirmed all it was sent", () -> {
            JsonNode sessions = sessions(secret);
            return sessions.size() == 1
                    && sessions.get(0).path("last_read_seq").asLong() == sessions.get(0).path("seq").asLong();
        });

        signal("STOP", first.proc().pid());
        try {
            int whileStopped = 10;
            for (int i = 0; i < whileStopped; i++) {
                stack.sim.faults().injectMessage(channel, "while stopped " + i);
            }
            // Written to the stopped bot's socket: it reads none of them.
            Waits.until(Duration.ofSeconds(30), "the keeper closes the silent bot (2 intervals + 1 s)",
                    () -> stack.health().path("downstream_sessions_live").asInt() == 0);
            stack.sim.faults().injectMessage(channel, "after the close");
            Waits.until(Duration.ofSeconds(10), "the keeper buffered what the stopped bot never confirmed",
                    () -> stack.health().path("buffered").asInt() == whileStopped + 1);
            first.proc().kill9(); // the supervisor's move once the stopped bot's probes fail

            KeeperStack.Bot second = stack.startBot();
            Waits.until(Duration.ofSeconds(60), () -> "the new process gets all " + (whileStopped + 1)
                    + " messages: " + second.events(), () -> second.messages() == whileStopped + 1);
        } finally {
            if (first.proc().alive()) {
                signal("CONT", first.proc().pid());
            }
        }
        assertThat(stack.health().path("buffered").asInt()).isZero();
        assertThat(stack.sim.stats().identifies()).as("no IDENTIFY at the simulator").isEqualTo(identifies);
        assertThat(stack.sim.tokenStats(0).sessionsEnded()).as("the Discord session never ended").isZero();
    }

    private static void signal(String name, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).as("kill -" + name + " ran").isTrue();
    }

    private JsonNode sessions(String secret) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(Waits.get(stack.keeperUrl() + "/admin/sessions", secret).body()).path("sessions");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
