package io.ultrareliability.bot.it;

import io.ultrareliability.sim.GatewaySim;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Never two sessions": with a connection timeout far shorter than the gateway's silence,
 * instance after instance is thrown away; the simulator, polled every 20 ms, must never see
 * two open sessions for the token, before or after the gateway answers again. And a terminal
 * hang-up (SIGHUP) does not kill the bot.
 */
class SingleSessionIT extends AgainstTheSimulator {
    private BotProcess bot(GatewaySim sim, String connectionTimeout) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of(
                "DISCORD_TOKEN", TOKEN,
                "DISCORD_API_BASE_URL", sim.restBaseUrl().toString(),
                "BOT_HEALTH_PORT", "0",
                "DISCORD_CONNECTION_TIMEOUT", connectionTimeout,
                "DISCORD_HEARTBEAT_TIMEOUT", "5s",
                "DISCORD_RECONNECT_DELAY", "50ms",
                "DISCORD_MAX_RECONNECT_DELAY", "200ms",
                "DISCORD_MAX_RECONNECT_ATTEMPTS", "1000"));
        BotProcess bot = BotProcess.start(env);
        cleanup.add(bot);
        return bot;
    }

    /** Polls the simulator every 20 ms for {@code span}; returns the most sessions seen open at once. */
    private static int maxSessionsOver(GatewaySim sim, Duration span) {
        int max = 0;
        long deadline = System.nanoTime() + span.toNanos();
        for (int i = 0; i < 10_000 && System.nanoTime() < deadline; i++) {
            max = Math.max(max, sim.stats().sessionsOpen());
            BotProcess.sleep(20);
        }
        return max;
    }

    @Test
    void instancesThrownAwayOnAShortTimeoutNeverLeaveASecondSession() throws Exception {
        GatewaySim sim = sim();
        sim.faults().silence(true);
        BotProcess bot = bot(sim, "700ms");
        int max = maxSessionsOver(sim, Duration.ofSeconds(3));
        sim.faults().silence(false);
        // connects within the short timeout now; keep watching while it does and after
        max = Math.max(max, maxSessionsOver(sim, Duration.ofSeconds(4)));
        bot.awaitHealthy(Duration.ofSeconds(20));
        max = Math.max(max, maxSessionsOver(sim, Duration.ofSeconds(2)));
        assertThat(max).as("sessions open at once for the token (log tail: %s)", bot.tail()).isLessThanOrEqualTo(1);
        assertThat(bot.stdout()).contains("Throwing JDA instance #1 away");
        assertThat(sim.stats().sessionsOpen()).isEqualTo(1);
    }

    @Test
    void sighupIsIgnored() throws Exception {
        GatewaySim sim = sim();
        BotProcess bot = bot(sim, "10s");
        bot.awaitHealthy(Duration.ofSeconds(20));
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(bot.process().pid())).start();
        assertThat(kill.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
        if (ignoredAtStart(bot.process().pid(), 1)) {
            // Started with SIGHUP already ignored (under nohup, say): the JVM then installs no
            // handler (no log line) and the kernel drops the signal, which is what counts.
            assertThat(bot.stdout()).doesNotContain("SIGHUP ignored");
        } else {
            bot.await(Duration.ofSeconds(5), "the SIGHUP log line", () -> bot.stdout().contains("SIGHUP ignored"));
        }
        assertThat(bot.process().isAlive()).isTrue();
        assertThat(bot.healthStatus()).isEqualTo(200);
        assertThat(sim.stats().sessionsOpen()).isEqualTo(1);
    }

    /** Whether the process ignores {@code signal} at the kernel level (SigIgn in /proc/PID/status). */
    private static boolean ignoredAtStart(long pid, int signal) throws java.io.IOException {
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("SigIgn:")) {
                long mask = Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16);
                return (mask & (1L << (signal - 1))) != 0;
            }
        }
        return false;
    }
}
