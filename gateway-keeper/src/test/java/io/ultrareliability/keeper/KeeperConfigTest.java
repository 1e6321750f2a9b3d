package io.ultrareliability.keeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeeperConfigTest {
    private static Map<String, String> env(String... kv) {
        Map<String, String> m = new HashMap<>(Map.of("DISCORD_TOKEN", "secret-token-xyz"));
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void defaults() {
        KeeperConfig c = KeeperConfig.fromEnv(env());
        assertThat(c.apiBaseUrl()).isEqualTo(KeeperConfig.DISCORD_API);
        assertThat(c.shard().id()).isZero();
        assertThat(c.shard().count()).isEqualTo(1);
        assertThat(c.port()).isEqualTo(KeeperConfig.DEFAULT_PORT);
        assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.interactionDeferAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.buffer().maxEvents()).isEqualTo(10_000);
        assertThat(c.runDir().toString()).endsWith("run");
    }

    @Test
    void everythingCanBeSet() {
        KeeperConfig c = KeeperConfig.fromEnv(env("DISCORD_API_BASE_URL", "http://127.0.0.1:9/api/v10/",
                "DISCORD_SHARD_ID", "1", "DISCORD_SHARD_COUNT", "2", "KEEPER_PORT", "0",
                "KEEPER_BUFFER_MAX_EVENTS", "5", "KEEPER_BUFFER_MAX_BYTES", "1MiB", "KEEPER_BUFFER_MAX_AGE", "30s",
                "KEEPER_HEARTBEAT_INTERVAL", "2s", "ULTRA_HOME", "/srv/ur"));
        assertThat(c.apiBaseUrl().toString()).isEqualTo("http://127.0.0.1:9/api/v10");
        assertThat(c.shard()).isEqualTo(new io.ultrareliability.keeper.upstream.ShardSpec(1, 2));
        assertThat(c.buffer().maxBytes()).isEqualTo(1 << 20);
        assertThat(c.buffer().maxAge()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.runDir().toString()).isEqualTo("/srv/ur/run");
    }

    @Test
    void badValuesAreOneLineNamingTheVariable() {
        assertThatThrownBy(() -> KeeperConfig.fromEnv(Map.of())).hasMessageStartingWith("no Discord token");
        assertThatThrownBy(() -> KeeperConfig.fromEnv(env("DISCORD_SHARD_ID", "2", "DISCORD_SHARD_COUNT", "2")))
                .hasMessage("DISCORD_SHARD_ID must be 0..1, got 2");
        assertThatThrownBy(() -> KeeperConfig.fromEnv(env("KEEPER_PORT", "x")))
                .hasMessage("KEEPER_PORT must be a whole number, got 'x'");
        assertThatThrownBy(() -> KeeperConfig.fromEnv(env("DISCORD_API_BASE_URL", "ftp://x")))
                .hasMessageStartingWith("DISCORD_API_BASE_URL must start with http");
        assertThatThrownBy(() -> KeeperConfig.fromEnv(env("KEEPER_HEARTBEAT_INTERVAL", "10ms")))
                .hasMessageStartingWith("KEEPER_HEARTBEAT_INTERVAL must be at least");
        assertThatThrownBy(() -> KeeperConfig.fromEnv(env("KEEPER_INTERACTION_DEFER_AFTER", "3s")))
                .hasMessage("KEEPER_INTERACTION_DEFER_AFTER must be at most 2.5s, got 3s");
        assertThatThrownBy(() -> KeeperConfig.fromEnv(env("KEEPER_INTERACTION_DEFER_AFTER", "50ms")))
                .hasMessageStartingWith("KEEPER_INTERACTION_DEFER_AFTER must be at least");
    }

    @Test
    void theTokenNeverShows() {
        KeeperConfig c = KeeperConfig.fromEnv(env());
        assertThat(c.toString()).doesNotContain("secret-token-xyz").contains("DISCORD_TOKEN");
    }
}
