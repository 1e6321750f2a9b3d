package io.ultrareliability.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * Faults measured the way Discord and its users see them ({@link DiscordRow}): shared by the
 * keeper rows of the matrix ({@code KeeperFaultsIT}) and the recovery benchmark's Discord
 * columns. Every wait is bounded.
 */
public final class DiscordDrills {
    /** Streaming before the fault, so the row starts from a bot that is answering live. */
    public static final Duration LIVE_BEFORE = Duration.ofSeconds(1);

    private DiscordDrills() {
    }

    /**
     * kill -9 of the bot while messages and slash commands stream; recovery = a new bot PID,
     * /health 200 and one session at the simulator. With the keeper the stream resumes once the
     * keeper saw the bot's socket close; without it, once the PID is gone (see
     * {@link Traffic#killQuietly}).
     */
    public static DiscordRow.Figures killBot(Stack stack, String row, boolean keeper, Duration bound) {
        long pid = Drills.awaitSteady(stack, bound);
        try (DiscordRow r = DiscordRow.begin(stack, row)) {
            E2e.sleepMs(LIVE_BEFORE.toMillis());
            long[] t0 = new long[1];
            r.traffic().killQuietly(() -> {
                t0[0] = System.nanoTime();
                Procs.signal(pid, "KILL");
            }, () -> !Procs.alive(pid) && (!keeper || noBotAtTheKeeper(stack)), Duration.ofSeconds(10));
            stack.awaitTrue(Bounds.left(t0[0], bound), "a new bot after kill -9 of " + pid, () -> {
                long now = stack.childPid();
                return now > 0 && now != pid && stack.recovered();
            });
            return r.finish((System.nanoTime() - t0[0]) / 1_000_000);
        }
    }

    /** The keeper's /health says no bot session is live (it saw the socket close). */
    public static boolean noBotAtTheKeeper(Stack stack) {
        JsonNode h = stack.keeperHealth();
        return h != null && h.path("downstream_sessions_live").asInt(-1) == 0;
    }
}
