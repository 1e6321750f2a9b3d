package io.ultrareliability.bot.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.ultrareliability.bot.config.ConfigEnv.SECRET;
import static io.ultrareliability.bot.config.ConfigEnv.env;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BotConfigTest {
    @Test
    void defaultsMatchTheSeeds() {
        BotConfig c = BotConfig.from(env("DISCORD_TOKEN", SECRET), List.of());
        assertThat(c.connectionTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.reconnectDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.maxReconnectDelay()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.maxReconnectAttempts()).isEqualTo(10);
        assertThat(c.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.summaryInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.healthPort()).isEqualTo(8790);
        assertThat(c.healthHost()).isEqualTo("127.0.0.1");
        assertThat(c.identifyInterval()).isEqualTo(Duration.ofSeconds(5)); // real Discord
        assertThat(c.sharded()).isFalse();
        assertThat(c.supervised()).isFalse();
        assertThat(c.demoMode()).isFalse();
    }

    @Test
    void simulatorSettings() {
        BotConfig c = BotConfig.from(env("DISCORD_TOKEN", SECRET, "DISCORD_API_BASE_URL", "http://127.0.0.1:9/api/v10/",
                "DISCORD_RECONNECT_DELAY", "200ms", "DISCORD_HEARTBEAT_TIMEOUT", "5", "BOT_HEALTH_PORT", "0",
                "DISCORD_SHARD_ID", "1", "DISCORD_SHARD_COUNT", "2"), List.of("--supervised"));
        assertThat(c.apiBaseUrl()).hasValueSatisfying(u -> assertThat(u).hasToString("http://127.0.0.1:9/api/v10"));
        assertThat(c.reconnectDelay()).isEqualTo(Duration.ofMillis(200));
        assertThat(c.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.identifyInterval()).isZero();
        assertThat(c.healthPort()).isZero();
        assertThat(c.shardId()).isEqualTo(1);
        assertThat(c.shardCount()).isEqualTo(2);
        assertThat(c.supervised()).isTrue();
    }

    @Test
    void noTokenAndNoBaseUrlIsDemoMode() {
        BotConfig c = BotConfig.from(env(), List.of());
        assertThat(c.demoMode()).isTrue();
        assertThat(c.identifyInterval()).isZero();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "DISCORD_RECONNECT_DELAY|soon|DISCORD_RECONNECT_DELAY: bad duration 'soon': use a form like 250ms, 5s, 2m or 1h",
            "DISCORD_CONNECTION_TIMEOUT|0s|DISCORD_CONNECTION_TIMEOUT must be greater than zero",
            "DISCORD_MAX_RECONNECT_ATTEMPTS|ten|DISCORD_MAX_RECONNECT_ATTEMPTS must be a whole number, got 'ten'",
            "DISCORD_MAX_RECONNECT_ATTEMPTS|0|DISCORD_MAX_RECONNECT_ATTEMPTS must be between 1 and 1000000, got 0",
            "BOT_HEALTH_PORT|70000|BOT_HEALTH_PORT must be between 0 and 65535, got 70000",
            "DISCORD_MAX_RECONNECT_DELAY|1s|DISCORD_MAX_RECONNECT_DELAY (1s) is below DISCORD_RECONNECT_DELAY (5s)",
            "DISCORD_API_BASE_URL|ftp://x|DISCORD_API_BASE_URL must start with http:// or https://, got 'ftp://x'",
            "DISCORD_SHARD_ID|3|set both DISCORD_SHARD_ID and DISCORD_SHARD_COUNT, or neither",
    })
    void badValuesGiveOneLineNamingTheVariable(String name, String value, String message) {
        Map<String, String> e = env("DISCORD_TOKEN", SECRET, name, value);
        assertThatThrownBy(() -> BotConfig.from(e, List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }

    @Test
    void shardIdMustBeBelowCount() {
        assertThatThrownBy(() -> BotConfig.from(env("DISCORD_TOKEN", SECRET, "DISCORD_SHARD_ID", "2",
                "DISCORD_SHARD_COUNT", "2"), List.of()))
                .hasMessage("DISCORD_SHARD_ID (2) must be below DISCORD_SHARD_COUNT (2)");
    }

    @Test
    void baseUrlWithoutTokenIsAnError() {
        assertThatThrownBy(() -> BotConfig.from(env("DISCORD_API_BASE_URL", "http://127.0.0.1:1/api/v10"), List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("DISCORD_API_BASE_URL is set but no token was found");
    }

    @Test
    void unknownArgument() {
        assertThatThrownBy(() -> BotConfig.from(env(), List.of("--turbo")))
                .hasMessage("unknown argument '--turbo' (known: --supervised, --aot-train)");
    }

    @Test
    void aotTrainIgnoresTokenBaseUrlAndHealthPort(@TempDir Path dir) throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), "file-token-value");
        Map<String, String> e = env("DISCORD_TOKEN", SECRET, "DISCORD_TOKEN_FILE", tokenFile.toString(),
                "CREDENTIALS_DIRECTORY", dir.toString(), "DISCORD_API_BASE_URL", "http://127.0.0.1:9/api/v10",
                "BOT_HEALTH_PORT", "8790");
        BotConfig c = BotConfig.from(e, List.of("--aot-train"));
        assertThat(c.aotTrain()).isTrue();
        assertThat(c.demoMode()).isTrue();
        assertThat(c.token()).isEmpty();
        assertThat(c.apiBaseUrl()).isEmpty();
        assertThat(c.healthPort()).isZero();
        assertThat(c.identifyInterval()).isZero();
        assertThat(c.supervised()).isFalse();
        assertThat(c.toString()).doesNotContain(SECRET).doesNotContain("file-token-value");
    }

    @Test
    void aotTrainNeverReadsTheTokenChainNorValidatesTheBaseUrlOrPort(@TempDir Path dir) {
        // Each of these fails a normal start; a training run must not even look at them.
        Map<String, String> e = env("DISCORD_TOKEN_FILE", dir.resolve("missing").toString(),
                "CREDENTIALS_DIRECTORY", dir.resolve("nowhere").toString(),
                "DISCORD_API_BASE_URL", "ftp://x", "BOT_HEALTH_PORT", "70000");
        assertThatThrownBy(() -> BotConfig.from(e, List.of())).isInstanceOf(ConfigException.class);
        BotConfig c = BotConfig.from(e, List.of("--supervised", "--aot-train"));
        assertThat(c.demoMode()).isTrue();
        assertThat(c.healthPort()).isZero();
        assertThat(c.supervised()).isTrue();
        assertThat(c.aotTrain()).isTrue();
    }

    @Test
    void aotTrainIsOffByDefault() {
        assertThat(BotConfig.from(env(), List.of("--supervised")).aotTrain()).isFalse();
    }

    @Test
    void configNeverShowsTheToken() {
        BotConfig c = BotConfig.from(env("DISCORD_TOKEN", SECRET), List.of());
        assertThat(c.toString()).doesNotContain(SECRET).contains("redacted");
    }

    /** The supervisor predicts demo mode from the environment (BotContract): it must agree with the bot. */
    @Test
    void theSupervisorsDemoModePredictionAgreesWithTheBot(@TempDir Path creds) throws Exception {
        Path token = Files.writeString(creds.resolve("token"), SECRET);
        List<Map<String, String>> envs = List.of(env(), env("DISCORD_TOKEN", SECRET), env("DISCORD_TOKEN", "  "),
                env("DISCORD_TOKEN_FILE", token.toString()), env("CREDENTIALS_DIRECTORY", creds.toString()),
                env("DISCORD_TOKEN", SECRET, "DISCORD_API_BASE_URL", "http://127.0.0.1:9/api/v10/"));
        for (Map<String, String> e : envs) {
            assertThat(io.ultrareliability.common.BotContract.demoMode(e)).as(e.keySet().toString())
                    .isEqualTo(BotConfig.from(e, List.of()).demoMode());
        }
        Files.writeString(creds.resolve("discord_token"), SECRET);
        Map<String, String> credential = env("CREDENTIALS_DIRECTORY", creds.toString());
        assertThat(io.ultrareliability.common.BotContract.demoMode(credential)).isFalse();
        assertThat(BotConfig.from(credential, List.of()).demoMode()).isFalse();
    }
}
