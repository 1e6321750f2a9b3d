package io.ultrareliability.keeper.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultrareliability.sim.state.PendingInteractions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: slash commands stream from the simulator (one every 300 ms) while the bot is killed
 * with -9 and a new bot process starts. No interaction fails: the ones nobody reads within 2 s are
 * deferred by the keeper, and the new bot completes them by editing {@code @original}.
 */
class InteractionDeferralIT extends WithKeeperStack {

    @Test
    void killMinus9OfTheBotWhileSlashCommandsStreamFailsNone() throws Exception {
        start(1, Map.of("KEEPER_HEARTBEAT_INTERVAL", "1s", "KEEPER_INTERACTION_DEFER_AFTER", "2s"));
        // A bot's cold start is seconds in production; here the JVM can be up in one. Start
        // the new process only once Discord's 3 s would have run out for a gap interaction,
        // that is once the keeper has deferred some (a condition, not a sleep).
        killTheBotWhileSlashCommandsStream(stack::startBot, () -> Waits.until(Duration.ofSeconds(30),
                () -> "the keeper defers gap interactions: " + stack.health().path("interactions") + "\n"
                        + stack.keeper().tail(),
                () -> stack.health().path("interactions").path("deferred").asLong() >= 3));
        Waits.until(Duration.ofSeconds(60), () -> "every interaction completed: " + counts() + "\nkeeper:\n"
                + stack.keeper().tail(), () -> counts().completed() == counts().injected());
        // Past the last interaction's 3 s: what is not acknowledged now has failed for good.
        Thread.sleep(PendingInteractions.ACK_DEADLINE.toMillis() + 200);
        PendingInteractions.Counts c = counts();
        JsonNode deferred = stack.health().path("interactions");
        System.out.println("FIGURES keeper on, kill -9 of the bot: " + c + ", keeper " + deferred);
        assertThat(c.injected()).as("the stream ran across the restart").isGreaterThan(10);
        assertThat(c.failed()).as("interactions never acknowledged within 3 s").isZero();
        assertThat(c.lateCallbacks()).as("acknowledgements refused as too late").isZero();
        assertThat(c.acknowledgedInTime()).isEqualTo(c.injected());
        assertThat(c.completed()).isEqualTo(c.injected());
        assertThat(deferred.path("deferred").asLong()).as("the keeper deferred the gap's interactions")
                .isGreaterThanOrEqualTo(3);
        assertThat(deferred.path("defer_failed").asLong()).isZero();
        assertThat(stack.keeper().output()).doesNotContain(KeeperStack.TOKEN);
    }

    /** The comparison: the same stream and kill -9 with the bot straight on the simulator. */
    @Test
    void withoutAKeeperTheGapsInteractionsFail() throws Exception {
        startWithoutKeeper(1);
        killTheBotWhileSlashCommandsStream(stack::startDirectBot, () -> { });
        Thread.sleep(PendingInteractions.ACK_DEADLINE.toMillis() + 200);
        PendingInteractions.Counts c = counts();
        System.out.println("FIGURES keeper off, kill -9 of the bot: " + c);
        assertThat(c.failed()).as("what the keeper saves: the interactions of the gap fail without it")
                .isPositive();
    }

    private interface BotStart {
        KeeperStack.Bot start() throws Exception;
    }

    /**
     * A slash command every 300 ms; once the first bot answers, kill -9 of it, {@code beforeRestart},
     * a new bot process, until that one answers live too. The stream stops on return.
     */
    private void killTheBotWhileSlashCommandsStream(BotStart bots, Runnable beforeRestart) throws Exception {
        KeeperStack.Bot first = bots.start();
        AtomicBoolean streaming = new AtomicBoolean(true);
        Thread streamer = Thread.ofPlatform().daemon().start(() -> {
            while (streaming.get()) {
                stack.sim.faults().injectInteraction("status");
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            Waits.until(Duration.ofSeconds(60), () -> "the first bot answers live: " + counts(),
                    () -> counts().completed() >= 3);
            first.proc().kill9();
            beforeRestart.run();
            bots.start();
            long atRestart = counts().injected();
            Waits.until(Duration.ofSeconds(60), () -> "the second bot answers live: " + counts(),
                    () -> counts().completed() >= atRestart + 3);
        } finally {
            streaming.set(false);
            streamer.interrupt();
            streamer.join(5000);
        }
    }

    private PendingInteractions.Counts counts() {
        return stack.sim.stats().interactions();
    }
}
