package io.ultrareliability.supervisor.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultrareliability.supervisor.config.ConfigLoader;
import io.ultrareliability.supervisor.config.SupervisorConfig;
import io.ultrareliability.supervisor.status.ChildState;
import io.ultrareliability.supervisor.status.StatusJson;
import io.ultrareliability.supervisor.status.StatusSnapshot;
import io.ultrareliability.supervisor.testkit.StatusFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoNoticeTest {
    @TempDir
    Path home;

    private SupervisorConfig config(String yaml) throws Exception {
        if (!yaml.isEmpty()) {
            Files.createDirectories(home.resolve("config"));
            Files.writeString(home.resolve("config/ultra-reliability.yml"), yaml);
        }
        return new ConfigLoader(home, Map.of()).load(null, Map.of());
    }

    @Test
    void theDefaultBotWithoutATokenIsDemoMode() throws Exception {
        assertThat(DemoNotice.applies(config(""), Map.of("PATH", "/usr/bin"))).isTrue();
        assertThat(DemoNotice.applies(config(""), Map.of("DISCORD_TOKEN_FILE", " "))).isTrue();
    }

    @Test
    void aTokenInTheEnvironmentOrInChildEnvIsNot() throws Exception {
        assertThat(DemoNotice.applies(config(""), Map.of("DISCORD_TOKEN", "x"))).isFalse();
        assertThat(DemoNotice.applies(config(""), Map.of("DISCORD_TOKEN_FILE", "/etc/token"))).isFalse();
        assertThat(DemoNotice.applies(config("child:\n  env: {DISCORD_TOKEN: x}\n"), Map.of())).isFalse();
    }

    @Test
    void aSystemdCredentialCountsOnlyWhenItsFileExists() throws Exception {
        Path creds = Files.createDirectories(home.resolve("creds"));
        Map<String, String> env = Map.of("CREDENTIALS_DIRECTORY", creds.toString());
        assertThat(DemoNotice.applies(config(""), env)).isTrue();
        Files.writeString(creds.resolve("discord_token"), "x");
        assertThat(DemoNotice.applies(config(""), env)).isFalse();
    }

    @Test
    void aChildCommandOfOnesOwnIsNeverCalledDemoMode() throws Exception {
        assertThat(DemoNotice.applies(config("child:\n  command: [\"/bin/sleep\", \"100\"]\n"), Map.of())).isFalse();
    }

    @Test
    void theStatusDocumentCarriesTheFlag() {
        StatusSnapshot status = StatusFixtures.bot(0, ChildState.STOPPED);
        assertThat(StatusJson.toJson(DemoNotice.decorate(status, true)).at("/supervisor/demo_mode").asBoolean()).isTrue();
        assertThat(StatusJson.toJson(DemoNotice.decorate(status, false)).at("/supervisor/demo_mode").isBoolean()).isTrue();
        assertThat(status.supervisor().demoMode()).isFalse();
    }
}
