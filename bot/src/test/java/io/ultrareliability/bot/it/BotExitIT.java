package io.ultrareliability.bot.it;

import io.ultrareliability.sim.GatewaySim;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exits: 78 for what retrying can never fix (with a one-line reason and no token in
 * sight), 75 when the gateway stays away longer than the attempts allow, 0 on request.
 */
class BotExitIT extends AgainstTheSimulator {
    /** The start of a line in the bot's log format (bot/src/main/resources/log4j2.xml). */
    private static final String BOT_LOG_LINE = "(?m)^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) ";

    @TempDir
    Path tmp;

    private BotProcess bot(GatewaySim sim, Map<String, String> extra) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of(
                "DISCORD_TOKEN", TOKEN,
                "DISCORD_API_BASE_URL", sim.restBaseUrl().toString(),
                "BOT_HEALTH_PORT", "0",
                "DISCORD_CONNECTION_TIMEOUT", "4s",
                "DISCORD_HEARTBEAT_TIMEOUT", "5s",
                "DISCORD_RECONNECT_DELAY", "200ms"));
        env.putAll(extra);
        env.values().removeIf(String::isEmpty);
        BotProcess bot = BotProcess.start(env);
        cleanup.add(bot);
        return bot;
    }

    private static void assertFatalLine(BotProcess bot, String reason) {
        assertThat(bot.stdout()).contains("FATAL: " + reason).contains("Exiting with code 78");
        assertThat(bot.everything()).doesNotContain(TOKEN);
    }

    @Test
    void rejectedTokenAtLoginExits78() throws Exception {
        GatewaySim sim = sim();
        String wrong = "wrong-secret-" + UUID.randomUUID();
        BotProcess bot = bot(sim, Map.of("DISCORD_TOKEN", wrong));
        assertThat(bot.awaitExit(Duration.ofSeconds(30))).isEqualTo(78);
        assertFatalLine(bot, "the Discord token was rejected at login (REST 401)");
        assertThat(bot.everything()).doesNotContain(wrong);
    }

    @Test
    void revokedTokenExits78OnTheNextConnect() throws Exception {
        GatewaySim sim = sim();
        Path tokenFile = Files.writeString(tmp.resolve("token"), TOKEN + "\n");
        // the token comes from the second link of the chain this time
        BotProcess bot = bot(sim, Map.of("DISCORD_TOKEN", "", "DISCORD_TOKEN_FILE", tokenFile.toString()));
        bot.awaitHealthy(Duration.ofSeconds(20));
        assertThat(bot.stdout()).contains("token from DISCORD_TOKEN_FILE");
        sim.faults().revokeTokens();
        sim.faults().drop();
        assertThat(bot.awaitExit(Duration.ofSeconds(20))).isEqualTo(78);
        assertFatalLine(bot, "authentication failed: the token is invalid or was revoked (close 4004)");
    }

    @ParameterizedTest(name = "close {0}")
    @ValueSource(ints = {4010, 4011, 4012, 4013, 4014})
    void fatalCloseCodesExit78(int code) throws Exception {
        GatewaySim sim = sim();
        BotProcess bot = bot(sim, Map.of());
        bot.awaitHealthy(Duration.ofSeconds(20));
        sim.faults().close(code);
        assertThat(bot.awaitExit(Duration.ofSeconds(20))).isEqualTo(78);
        assertFatalLine(bot, "");
        assertThat(bot.stdout()).containsPattern("FATAL: [^\\n]*\\(close " + code + "\\)\\. Exiting with code 78");
    }

    @Test
    void gatewayAwayLongerThanTheAttemptsExits75() throws Exception {
        GatewaySim sim = sim();
        BotProcess bot = bot(sim, Map.of(
                "DISCORD_MAX_RECONNECT_ATTEMPTS", "3",
                "DISCORD_CONNECTION_TIMEOUT", "1500ms",
                "DISCORD_MAX_RECONNECT_DELAY", "400ms"));
        bot.awaitHealthy(Duration.ofSeconds(20));
        sim.faults().refuse(Duration.ofMinutes(5));
        sim.faults().drop();
        assertThat(bot.awaitExit(Duration.ofSeconds(40))).isEqualTo(75);
        assertThat(bot.stdout())
                .contains("gave up after 3 failed connection attempts in a row")
                .contains("Exiting with code 75")
                .contains("Throwing JDA instance #1 away")
                .contains("Creating a fresh JDA instance #2");
        assertThat(bot.everything()).doesNotContain(TOKEN);
    }

    @Test
    void badEnvironmentIsOneLineAndExit78() throws Exception {
        BotProcess bot = BotProcess.start(Map.of("DISCORD_TOKEN", TOKEN, "DISCORD_RECONNECT_DELAY", "soon"));
        cleanup.add(bot);
        assertThat(bot.awaitExit(Duration.ofSeconds(20))).isEqualTo(78);
        assertThat(bot.stderr().strip()).isEqualTo(
                "bot: configuration error: DISCORD_RECONNECT_DELAY: bad duration 'soon': use a form like 250ms, 5s, 2m or 1h");
        assertThat(bot.everything()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain(TOKEN);
    }

    @Test
    void healthPortInUseIsOneLineAndExit78() throws Exception {
        GatewaySim sim = sim();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            BotProcess bot = bot(sim, Map.of("BOT_HEALTH_PORT", String.valueOf(taken.getLocalPort())));
            assertThat(bot.awaitExit(Duration.ofSeconds(20))).isEqualTo(78);
            assertThat(bot.stderr().strip())
                    .startsWith("bot: configuration error: cannot serve health on 127.0.0.1:" + taken.getLocalPort())
                    .doesNotContain("\n");
            assertThat(bot.everything()).doesNotContain("\tat ").doesNotContain(TOKEN);
        }
    }

    @Test
    void demoModeWithoutTokenRunsAgainstTheBuiltInSimulator() throws Exception {
        BotProcess bot = BotProcess.start(Map.of("BOT_HEALTH_PORT", "0"));
        cleanup.add(bot);
        bot.awaitHealthy(Duration.ofSeconds(30));
        assertThat(bot.stdout()).contains(
                "DEMO MODE: no DISCORD_TOKEN set, running against the built-in Discord simulator at http://127.0.0.1:");
        // The bot's own log4j2.xml is the one in effect (the simulator library carries none):
        // its lines, and the embedded simulator's, go to stdout with the bot's timestamp.
        assertThat(bot.stdout()).containsPattern(BOT_LOG_LINE + "WARN  \\[[^]]+\\] Bot - DEMO MODE")
                .containsPattern(BOT_LOG_LINE + "INFO  \\[[^]]+\\] GatewaySim - gateway-sim listening on 127\\.0\\.0\\.1:");
        assertThat(bot.stderr()).doesNotContain("gateway-sim listening");
        assertThat(bot.json("/discord-status").path("guilds").asInt()).isEqualTo(1);
        bot.process().destroy();
        assertThat(bot.awaitExit(Duration.ofSeconds(10))).isZero();
    }
}
