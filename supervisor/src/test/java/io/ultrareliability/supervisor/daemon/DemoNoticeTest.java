package io.ultrareliability.supervisor.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ultrareliability.supervisor.config.ConfigLoader;
import io.ultrareliability.supervisor.config.SupervisorConfig;
import io.ultrareliability.supervisor.status.StatusJson;
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
        ObjectNode status = StatusJson.mapper().createObjectNode();
        status.putObject("supervisor").put("pid", 7);
        assertThat(DemoNotice.decorate(status, true).path("supervisor").path("demo_mode").asBoolean()).isTrue();
        assertThat(DemoNotice.decorate(status, false).path("supervisor").path("demo_mode").isBoolean()).isTrue();
        assertThat(status.path("supervisor").path("demo_mode").asBoolean()).isFalse();
    }
}
