package io.ultrareliability.bot.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;

import static io.ultrareliability.bot.config.ConfigEnv.SECRET;
import static io.ultrareliability.bot.config.ConfigEnv.env;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** DISCORD_GATEWAY_URL: the bot's gateway goes to a keeper while REST goes to Discord. */
class GatewayUrlConfigTest {
    @Test
    void unsetMeansDirect() {
        BotConfig c = BotConfig.from(env("DISCORD_TOKEN", SECRET, "DISCORD_GATEWAY_URL", "  "), List.of());
        assertThat(c.gatewayUrl()).isEmpty();
        assertThat(c.keeperMode()).isFalse();
        assertThat(c.identifyInterval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aKeeperUrlWithRestToDiscordSpacesNoIdentify() {
        BotConfig c = BotConfig.from(env("DISCORD_TOKEN", SECRET, "DISCORD_GATEWAY_URL", " ws://127.0.0.1:7878/ "),
                List.of());
        assertThat(c.keeperMode()).isTrue();
        assertThat(c.gatewayUrl()).hasValueSatisfying(u -> assertThat(u).hasToString("ws://127.0.0.1:7878/"));
        assertThat(c.apiBaseUrl()).isEmpty(); // REST still goes to Discord
        assertThat(c.identifyInterval()).isZero();
        assertThat(c.demoMode()).isFalse();
    }

    @Test
    void anExplicitIdentifyIntervalWinsOverTheKeeperDefault() {
        BotConfig c = BotConfig.from(env("DISCORD_TOKEN", SECRET, "DISCORD_GATEWAY_URL", "wss://keeper.local/gw",
                "DISCORD_IDENTIFY_INTERVAL", "5s"), List.of());
        assertThat(c.identifyInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.gatewayUrl()).hasValueSatisfying(u -> assertThat(u).hasToString("wss://keeper.local/gw"));
    }

    @Test
    void restToASimulatorAndGatewayToAKeeper() {
        BotConfig c = BotConfig.from(env("DISCORD_TOKEN", SECRET, "DISCORD_API_BASE_URL", "http://127.0.0.1:9/api/v10",
                "DISCORD_GATEWAY_URL", "WS://127.0.0.1:10"), List.of());
        assertThat(c.apiBaseUrl()).hasValueSatisfying(u -> assertThat(u).hasToString("http://127.0.0.1:9/api/v10"));
        assertThat(c.gatewayUrl()).hasValueSatisfying(u -> assertThat(u).hasToString("WS://127.0.0.1:10"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:1", "127.0.0.1:1", "ws://", "ws:///path", "ws://a b", "ftp://x"})
    void badUrlsAreOneLineConfigErrors(String raw) {
        assertThatThrownBy(() -> BotConfig.from(env("DISCORD_TOKEN", SECRET, "DISCORD_GATEWAY_URL", raw), List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("DISCORD_GATEWAY_URL")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void credentialsAndQueriesAreRefusedWithoutBeingEchoed() {
        assertThatThrownBy(() -> BotConfig.from(env("DISCORD_TOKEN", SECRET,
                "DISCORD_GATEWAY_URL", "ws://user:hunter2@127.0.0.1:1/"), List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("user info")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
        assertThatThrownBy(() -> BotConfig.from(env("DISCORD_TOKEN", SECRET,
                "DISCORD_GATEWAY_URL", "ws://127.0.0.1:1/?secret=hunter2"), List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("query")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
        assertThatThrownBy(() -> BotConfig.from(env("DISCORD_TOKEN", SECRET,
                "DISCORD_GATEWAY_URL", "http://u:hunter2@x/?k=hunter2"), List.of()))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }

    @Test
    void aGatewayUrlWithoutATokenIsAnError() {
        assertThatThrownBy(() -> BotConfig.from(env("DISCORD_GATEWAY_URL", "ws://127.0.0.1:1"), List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("DISCORD_GATEWAY_URL is set but no token was found");
    }

    @Test
    void anAotTrainingRunNeverReadsIt() {
        BotConfig c = BotConfig.from(env("DISCORD_GATEWAY_URL", "not a url"), List.of("--aot-train"));
        assertThat(c.gatewayUrl()).isEmpty();
    }
}
