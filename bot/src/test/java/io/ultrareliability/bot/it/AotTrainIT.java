package io.ultrareliability.bot.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code --aot-train}: the run the supervisor uses to train the JDK's AOT cache while the live
 * bot is online. It must never touch the token or Discord, never take the live health port, and
 * exit 0 on its own once it has connected to its embedded simulator.
 */
class AotTrainIT {
    /** Not Discord-shaped: must never appear anywhere in the output. */
    private static final String TOKEN = "aot-it-secret-" + UUID.randomUUID();
    private static final Pattern HEALTH_LINE = Pattern.compile("health: http://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path tmp;

    /** The live bot's settings, as the supervisor's environment would carry them. */
    private static Map<String, String> liveEnv(int liveHealthPort) {
        return Map.of("DISCORD_TOKEN", TOKEN,
                "DISCORD_API_BASE_URL", "http://127.0.0.1:1/api/v10", // nothing there: must not be used
                "BOT_HEALTH_PORT", String.valueOf(liveHealthPort));
    }

    private static void assertTrainedAgainstTheSimulator(BotProcess bot, int liveHealthPort) {
        String out = bot.stdout();
        assertThat(out).contains("AOT training run").contains("training against the embedded simulator")
                .contains("Connected: new gateway session (READY)")
                .contains("GET /health answered 200")
                .contains("Stopping: AOT training run complete")
                .contains("Stopped cleanly")
                .doesNotContain("DEMO MODE");
        Matcher m = HEALTH_LINE.matcher(out);
        assertThat(m.find()).as("health line in\n%s", bot.tail()).isTrue();
        assertThat(Integer.parseInt(m.group(1))).isNotEqualTo(liveHealthPort);
        assertThat(bot.stderr()).doesNotContain("halting");
        assertThat(bot.everything()).doesNotContain(TOKEN);
    }

    @Test
    void trainsAgainstTheEmbeddedSimulatorAndExitsZero() throws Exception {
        // The live bot holds its health port: training must bind another one.
        try (ServerSocket live = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             BotProcess bot = BotProcess.start(liveEnv(live.getLocalPort()), "--aot-train")) {
            int code = bot.awaitExit(Duration.ofSeconds(90));
            assertThat(code).as("exit code\n%s", bot.tail()).isZero();
            assertTrainedAgainstTheSimulator(bot, live.getLocalPort());
        }
    }

    @Test
    void writesTheAotCacheOnJdk25() throws Exception {
        assumeTrue(Runtime.version().feature() >= 25,
                "-XX:AOTCacheOutput needs JDK 25+, these tests run on " + Runtime.version());
        Path cache = tmp.resolve("bot.aot");
        try (ServerSocket live = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             BotProcess bot = BotProcess.start(liveEnv(live.getLocalPort()),
                     List.of("-XX:AOTCacheOutput=" + cache), "--supervised", "--aot-train")) {
            // Assembling the cache forks a second JVM after exit: slow on a loaded machine.
            int code = bot.awaitExit(Duration.ofSeconds(180));
            assertThat(code).as("exit code\n%s", bot.tail()).isZero();
            assertTrainedAgainstTheSimulator(bot, live.getLocalPort());
            assertThat(bot.stdout() + bot.stderr()).contains("AOTCache creation is complete: " + cache);
            assertThat(cache).isRegularFile();
            assertThat(Files.size(cache)).isPositive();
        }
    }

    @Test
    void aTrainingRunWhoseSupervisorIsGoneStopsAndSaysItDidNotTrain() throws Exception {
        try (BotProcess bot = BotProcess.start(liveEnv(0), "--supervised", "--aot-train")) {
            bot.healthPort(); // up and serving
            bot.process().getOutputStream().close(); // what the kernel does when the supervisor dies
            int code = bot.awaitExit(Duration.ofSeconds(20));
            assertThat(code).as("exit code\n%s", bot.tail()).isEqualTo(75);
            assertThat(bot.stdout()).contains("Stopping: stdin reached EOF (supervisor gone)")
                    .doesNotContain("AOT training run complete");
            assertThat(bot.everything()).doesNotContain(TOKEN);
        }
    }
}
