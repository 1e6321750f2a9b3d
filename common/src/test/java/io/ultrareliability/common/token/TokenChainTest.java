package io.ultrareliability.common.token;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenChainTest {
    @TempDir
    Path dir;

    @Test
    void environmentWinsOverFileAndCredentials() throws Exception {
        Path file = Files.writeString(dir.resolve("t"), "from-file\n");
        Files.writeString(dir.resolve("discord_token"), "from-credentials");
        Token t = TokenChain.resolve(Map.of("DISCORD_TOKEN", "from-env", "DISCORD_TOKEN_FILE", file.toString(),
                "CREDENTIALS_DIRECTORY", dir.toString())).orElseThrow();
        assertThat(t.reveal()).isEqualTo("from-env");
        assertThat(t.source()).isEqualTo("DISCORD_TOKEN");
    }

    @Test
    void fileIsReadAndTrimmed() throws Exception {
        Path file = Files.writeString(dir.resolve("t"), "  from-file\n");
        Token t = TokenChain.resolve(Map.of("DISCORD_TOKEN", " ", "DISCORD_TOKEN_FILE", file.toString()))
                .orElseThrow();
        assertThat(t.reveal()).isEqualTo("from-file");
        assertThat(t.source()).isEqualTo("DISCORD_TOKEN_FILE (" + file + ")");
    }

    @Test
    void systemdCredentialsLast() throws Exception {
        Files.writeString(dir.resolve("discord_token"), "Bot from-credentials\n");
        Token t = TokenChain.resolve(Map.of("CREDENTIALS_DIRECTORY", dir.toString())).orElseThrow();
        assertThat(t.reveal()).isEqualTo("from-credentials");
    }

    @Test
    void credentialsDirectoryWithoutOurFileMeansNoToken() {
        assertThat(TokenChain.resolve(Map.of("CREDENTIALS_DIRECTORY", dir.toString()))).isEmpty();
        assertThat(TokenChain.resolve(Map.of())).isEmpty();
    }

    @Test
    void namedButMissingFileIsAnErrorNotAFallThrough() {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> TokenChain.resolve(Map.of("DISCORD_TOKEN_FILE", missing.toString())))
                .isInstanceOf(TokenException.class)
                .hasMessageStartingWith("cannot read the Discord token from DISCORD_TOKEN_FILE (" + missing + ")");
    }

    @Test
    void emptyOrMangledTokensAreRejectedWithoutShowingThem() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertThatThrownBy(() -> TokenChain.resolve(Map.of("DISCORD_TOKEN_FILE", empty.toString())))
                .hasMessageEndingWith("is empty");
        assertThatThrownBy(() -> new Token("abc def-secret", "DISCORD_TOKEN"))
                .hasMessage("the Discord token from DISCORD_TOKEN contains whitespace or control characters");
    }

    @Test
    void toStringIsRedacted() {
        assertThat(new Token("very-secret", "DISCORD_TOKEN").toString())
                .isEqualTo("Token[from DISCORD_TOKEN, redacted]");
    }
}
