package io.ultrareliability.bot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuardConfigTest {
    private static final String SECRET = "0123456789abcdef-secret";

    @TempDir
    Path dir;

    @Test
    void defaultsWhenNothingIsSet() {
        GuardConfig g = GuardConfig.from(Map.of(), false);
        assertThat(g).isEqualTo(GuardConfig.defaults());
        assertThat(g.reconnectMinInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(g.identifyReserve()).isEmpty();
        assertThat(g.controlSecret()).isEmpty();
    }

    @Test
    void everySettingIsRead() throws Exception {
        Path file = Files.writeString(dir.resolve("control.token"), SECRET + "\n");
        GuardConfig g = GuardConfig.from(Map.of("BOT_STATE_DIR", dir.toString(), "BOT_CONTROL_SECRET_FILE",
                file.toString(), "DISCORD_IDENTIFY_RESERVE", "5", "BOT_RECONNECT_MIN_INTERVAL", "30s",
                "DISCORD_SESSION_LIMIT_CACHE", "2s"), false);
        assertThat(g.stateDir()).contains(dir);
        assertThat(g.controlSecret().orElseThrow().matches(SECRET)).isTrue();
        assertThat(g.controlSecret().orElseThrow().matches(SECRET + "x")).isFalse();
        assertThat(g.identifyReserve()).hasValue(5);
        assertThat(g.reconnectMinInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(g.limitCacheTtl()).isEqualTo(Duration.ofSeconds(2));
        assertThat(g.toString()).doesNotContain(SECRET);
    }

    @Test
    void aMissingSecretFileOnlyDisablesTheControlRoute() {
        GuardConfig g = GuardConfig.from(Map.of("BOT_CONTROL_SECRET_FILE", dir.resolve("nope").toString()), false);
        assertThat(g.controlSecret()).isEmpty();
    }

    @Test
    void badValuesAreOneLineErrorsWithoutTheSecret() {
        assertThatThrownBy(() -> GuardConfig.from(Map.of("BOT_CONTROL_SECRET", "short"), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("at least 16").hasMessageNotContaining("short");
        assertThatThrownBy(() -> GuardConfig.from(Map.of("DISCORD_IDENTIFY_RESERVE", "-1"), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("DISCORD_IDENTIFY_RESERVE");
        assertThatThrownBy(() -> GuardConfig.from(Map.of("DISCORD_IDENTIFY_RESERVE", "ten"), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("whole number");
        assertThatThrownBy(() -> GuardConfig.from(Map.of("BOT_RECONNECT_MIN_INTERVAL", "soon"), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("BOT_RECONNECT_MIN_INTERVAL");
    }

    @Test
    void anAotTrainingRunReadsNothing() {
        assertThat(GuardConfig.from(Map.of("BOT_CONTROL_SECRET", "short", "BOT_STATE_DIR", "/x"), true))
                .isEqualTo(GuardConfig.defaults());
    }
}
