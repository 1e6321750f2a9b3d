package io.ultrareliability.supervisor.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildOutputMaskTest {
    @TempDir
    Path dir;

    @Test
    void literalTokensFromEveryBotSourceAndDiscordShapedOnesAreMasked() throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "from-the-token-file-123\n");
        Path creds = Files.createDirectories(dir.resolve("creds"));
        Files.writeString(creds.resolve("discord_token"), "from-systemd-credential-456");
        ChildOutputMask mask = ChildOutputMask.of(Map.of("DISCORD_TOKEN", "plain-env-token-789",
                "DISCORD_TOKEN_FILE", file.toString(), "CREDENTIALS_DIRECTORY", creds.toString()),
                Map.of("DISCORD_TOKEN", "child-env-token-000"));
        assertThat(mask.apply("a plain-env-token-789 b from-the-token-file-123 c from-systemd-credential-456"
                + " d child-env-token-000")).isEqualTo("a [redacted] b [redacted] c [redacted] d [redacted]");
        assertThat(mask.apply("x MTIzNDU2Nzg5MDEyMzQ1Njc4" + ".GAbCdE." + "abcdefghijklmnopqrstuvwxyz0123456789AB y"))
                .isEqualTo("x [redacted] y");
        assertThat(mask.apply("Authorization: Bot abcdefghijkl")).isEqualTo("Authorization: Bot [redacted]");
        assertThat(mask.apply("nothing secret here")).isEqualTo("nothing secret here");
    }

    @Test
    void shortValuesAreNotMaskedAsLiteralsSoOrdinaryWordsSurvive() {
        ChildOutputMask mask = ChildOutputMask.of(Map.of("DISCORD_TOKEN", "x"), Map.of());
        assertThat(mask.apply("x marks the spot")).isEqualTo("x marks the spot");
    }
}
