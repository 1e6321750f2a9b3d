package io.ultrareliability.supervisor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code web.*} keys: defaults, file, environment, flags, and one line per bad value. */
class WebConfigTest {
    @TempDir
    Path home;

    private SupervisorConfig load(Map<String, String> env, Map<String, String> flags) throws InvalidConfigException {
        return new ConfigLoader(home, env).load(null, flags);
    }

    @Test
    void defaultsListenOnLoopback8791() throws Exception {
        SupervisorConfig.Web w = load(Map.of(), Map.of()).web();
        assertThat(w).isEqualTo(new SupervisorConfig.Web(true, "127.0.0.1", 8791, false, Duration.ofSeconds(5), 720));
        assertThat(w).isEqualTo(SupervisorConfig.Web.DEFAULTS);
    }

    @Test
    void fileThenEnvironmentThenFlags() throws Exception {
        Files.createDirectories(home.resolve("config"));
        Files.writeString(home.resolve("config/ultra-reliability.yml"), """
                web:
                  port: 0
                  history_interval: 2s
                  history_size: 10
                  enabled: false
                """);
        SupervisorConfig.Web w = load(Map.of("ULTRA_WEB_PORT", "9100", "ULTRA_WEB_ENABLED", "yes"),
                Map.of("web.history_size", "30")).web();
        assertThat(w).isEqualTo(new SupervisorConfig.Web(true, "127.0.0.1", 9100, false, Duration.ofSeconds(2), 30));
        assertThat(load(Map.of(), Map.of()).web().port()).isZero();
    }

    @Test
    void aRemoteAddressNeedsExplicitConsent() throws Exception {
        assertThatThrownBy(() -> load(Map.of("ULTRA_WEB_HOST", "0.0.0.0"), Map.of()))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "ULTRA_WEB_HOST: 0.0.0.0 is not a loopback address; the control API would be reachable"
                                + " from other machines. Set web.allow_remote: true to allow it"));
        SupervisorConfig.Web w = load(Map.of("ULTRA_WEB_HOST", "0.0.0.0", "ULTRA_WEB_ALLOW_REMOTE", "true"), Map.of()).web();
        assertThat(w.host()).isEqualTo("0.0.0.0");
        assertThat(w.allowRemote()).isTrue();
        // switched off, the address does not matter
        assertThat(load(Map.of("ULTRA_WEB_HOST", "0.0.0.0"), Map.of("web.enabled", "false")).web().enabled()).isFalse();
    }

    @Test
    void everyBadValueIsOneLineNamingItsSource() {
        assertThatThrownBy(() -> load(Map.of("ULTRA_WEB_PORT", "70000", "ULTRA_WEB_ENABLED", "maybe"),
                Map.of("web.history_interval", "10ms", "web.history_size", "0", "web.allow_remote", "sure",
                        "web.host", " ")))
                .isInstanceOfSatisfying(InvalidConfigException.class,
                        e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "ULTRA_WEB_ENABLED: expected true or false, got 'maybe'",
                        "--set web.allow_remote: expected true or false, got 'sure'",
                        "--set web.host: must name an address, e.g. 127.0.0.1",
                        "ULTRA_WEB_PORT: expected a port 0..65535 (0: any free port), got '70000'",
                        "--set web.history_interval: must be at least 100ms",
                        "--set web.history_size: expected a whole number 1..100000, got '0'"));
    }
}
