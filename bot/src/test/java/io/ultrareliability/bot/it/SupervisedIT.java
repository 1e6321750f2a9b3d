package io.ultrareliability.bot.it;

import io.ultrareliability.sim.GatewaySim;
import io.ultrareliability.sim.SimConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** With --supervised, a bot whose supervisor is gone stops by itself: no orphan stays online. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SupervisedIT {
    private static final String TOKEN = "it-secret-" + UUID.randomUUID();
    private GatewaySim sim;

    @TempDir
    Path tmp;

    @BeforeAll
    void startSim() {
        sim = GatewaySim.start(SimConfig.defaults().withTokens(List.of(TOKEN))
                .withHeartbeatInterval(Duration.ofSeconds(1)));
    }

    @AfterAll
    void stopSim() {
        sim.close();
    }

    private Map<String, String> env() {
        return Map.of("DISCORD_TOKEN", TOKEN, "DISCORD_API_BASE_URL", sim.restBaseUrl().toString(),
                "BOT_HEALTH_PORT", "0");
    }

    @Test
    void stdinEofStopsTheBotWithinFiveSeconds() throws Exception {
        try (BotProcess bot = BotProcess.start(env(), "--supervised")) {
            bot.awaitHealthy(Duration.ofSeconds(20));
            long t0 = System.nanoTime();
            bot.process().getOutputStream().close(); // what the kernel does when the supervisor dies
            int code = bot.awaitExit(Duration.ofSeconds(8));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(code).isZero();
            assertThat(ms).as("stop took %d ms", ms).isLessThan(5_000);
            assertThat(bot.stdout()).contains("Stopping: stdin reached EOF (supervisor gone)");
            assertThat(bot.everything()).doesNotContain(TOKEN);
        }
    }

    @Test
    void parentDeathStopsTheBotEvenWithStdinStillOpen() throws Exception {
        Path out = tmp.resolve("bot.log");
        String java = BotProcess.command(List.of("--supervised")).stream()
                .map(a -> "'" + a.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
        // The shell is the bot's parent; the bot's stdin is a pipe from a `sleep` that outlives the
        // shell, so only the parent check can notice that the "supervisor" is gone.
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c",
                "sleep 120 | " + java + " >'" + out + "' 2>&1 & echo $!; wait");
        BotProcess.scrub(pb.environment());
        pb.environment().putAll(env());
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process shell = pb.start();
        long botPid = -1;
        List<ProcessHandle> family = List.of();
        try {
            BufferedReader reader = new BufferedReader(new InputStreamReader(shell.getInputStream(),
                    StandardCharsets.UTF_8));
            botPid = Long.parseLong(reader.readLine().strip());
            Pattern health = Pattern.compile("health: http://127\\.0\\.0\\.1:(\\d+)");
            BotProcess.awaitTrue(Duration.ofSeconds(20), "the bot to become healthy", () -> {
                try {
                    Matcher m = health.matcher(Files.exists(out) ? Files.readString(out) : "");
                    return m.find() && sim.stats().sessionsOpen() == 1;
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            family = shell.descendants().toList();
            Optional<ProcessHandle> handle = ProcessHandle.of(botPid);
            assertThat(handle).isPresent();
            assertThat(handle.get().parent().map(ProcessHandle::pid)).contains(shell.pid());

            long t0 = System.nanoTime();
            shell.destroyForcibly(); // SIGKILL the "supervisor"; its stdin pipe stays open (we hold it)
            BotProcess.awaitTrue(Duration.ofSeconds(8), "the orphaned bot to exit", () -> !handle.get().isAlive());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(ms).as("stop took %d ms", ms).isLessThan(5_000);
            assertThat(Files.readString(out)).contains("Stopping: parent process changed from " + shell.pid());
            BotProcess.awaitTrue(Duration.ofSeconds(5), "its gateway session to close",
                    () -> sim.stats().sessionsOpen() == 0);
        } finally {
            shell.destroyForcibly();
            family.forEach(ProcessHandle::destroyForcibly);
            if (botPid > 0) {
                ProcessHandle.of(botPid).ifPresent(ProcessHandle::destroyForcibly);
            }
            shell.getOutputStream().close();
        }
    }
}
