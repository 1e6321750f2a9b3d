package io.ultrareliability.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BotContractTest {
    @Test
    void demoModeIsNoTokenFromAnySourceAndNoOtherDiscord(@TempDir Path creds) throws Exception {
        assertThat(BotContract.demoMode(Map.of())).isTrue();
        assertThat(BotContract.demoMode(Map.of("DISCORD_TOKEN", " ", "DISCORD_TOKEN_FILE", ""))).isTrue();
        assertThat(BotContract.demoMode(Map.of("DISCORD_TOKEN", "t"))).isFalse();
        assertThat(BotContract.demoMode(Map.of("DISCORD_TOKEN_FILE", "/missing"))).isFalse();
        assertThat(BotContract.demoMode(Map.of("DISCORD_API_BASE_URL", "http://127.0.0.1:1/api"))).isFalse();
        Map<String, String> systemd = Map.of("CREDENTIALS_DIRECTORY", creds.toString());
        assertThat(BotContract.demoMode(systemd)).isTrue();
        Files.writeString(creds.resolve("discord_token"), "t");
        assertThat(BotContract.demoMode(systemd)).isFalse();
    }

    /** Written down outside Java too: docs/architecture.md, the systemd unit, the scripts. */
    @Test
    void theExitCodesAreTheSysexitsOnes() {
        assertThat(BotContract.EXIT_TEMPFAIL).isEqualTo(75);
        assertThat(BotContract.EXIT_CONFIG).isEqualTo(78);
        assertThat(BotContract.BOT_HEALTH_PORT).isEqualTo("BOT_HEALTH_PORT");
        assertThat(BotContract.HEALTH_LAST_HEARTBEAT_ACK).isEqualTo("last_heartbeat_ack");
    }
}
