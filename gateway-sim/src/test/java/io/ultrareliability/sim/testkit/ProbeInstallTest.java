package io.ultrareliability.sim.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeInstallTest {
    @TempDir
    Path tmp;

    @AfterEach
    void clearProperty() {
        System.clearProperty(ProbeInstall.SOURCES_PROPERTY);
    }

    @Test
    void findsTheCommittedProbeFromTheModuleDirectory() throws Exception {
        Path sources = ProbeInstall.sources();
        assertThat(sources).endsWith(Path.of("gateway-sim", "src", "test", "node", "discordjs-probe"));
        for (String file : ProbeInstall.FILES) {
            assertThat(sources.resolve(file)).isRegularFile();
        }
        // the lock pins discord.js 14 and node_modules is never in the source tree
        assertThat(Files.readString(sources.resolve("package-lock.json"))).contains("\"node_modules/discord.js\"")
                .containsPattern("\"version\": \"14\\.");
        assertThat(sources.resolve("node_modules")).doesNotExist();
    }

    @Test
    void aConfiguredDirectoryMustHoldThePackage() {
        System.setProperty(ProbeInstall.SOURCES_PROPERTY, tmp.toString());
        assertThatThrownBy(ProbeInstall::sources).isInstanceOf(IllegalStateException.class)
                .hasMessage(ProbeInstall.SOURCES_PROPERTY + "=" + tmp + " holds no package.json");
    }

    @Test
    void nodeIsThereAndRecentEnough() {
        assertThat(ProbeInstall.nodeVersion()).matches("v\\d+\\.\\d+\\.\\d+");
    }

    @Test
    void startChecksItsArguments() {
        assertThatThrownBy(() -> DiscordJsProbe.start(tmp, "t", java.net.URI.create("http://127.0.0.1:1/api/v10"),
                null, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRun");
        assertThatThrownBy(() -> DiscordJsProbe.start(tmp, null, java.net.URI.create("http://x"), null,
                Duration.ofSeconds(1))).hasMessage("token is null");
    }
}
