package io.ultrareliability.keeper.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ultrareliability.common.token.Token;
import io.ultrareliability.keeper.downstream.TokenCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminSecretTest {
    @TempDir
    Path dir;

    @Test
    void createdOwnerOnlyAndReused() throws Exception {
        AdminSecret first = AdminSecret.loadOrCreate(dir.resolve("run"));
        Path file = dir.resolve("run").resolve(AdminSecret.FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String value = Files.readString(file).strip();
        assertThat(value.length()).isGreaterThanOrEqualTo(32);
        AdminSecret again = AdminSecret.loadOrCreate(dir.resolve("run"));
        assertThat(again.authorizes("Bearer " + value)).isTrue();
        assertThat(first.authorizes("Bearer " + value)).isTrue();
        assertThat(first.authorizes("Bearer " + value + "x")).isFalse();
        assertThat(first.authorizes(value)).as("Bearer scheme required").isFalse();
        assertThat(first.authorizes(null)).isFalse();
    }

    @Test
    void aFileOthersCanReadIsRefused() throws Exception {
        AdminSecret.loadOrCreate(dir);
        Path file = dir.resolve(AdminSecret.FILE_NAME);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> AdminSecret.loadOrCreate(dir)).hasMessageContaining("chmod 600");
    }

    @Test
    void botsPresentTheKeepersOwnToken() {
        TokenCheck check = new TokenCheck(new Token("abc.def.ghi", "test"));
        assertThat(check.matches("abc.def.ghi")).isTrue();
        assertThat(check.matches("Bot abc.def.ghi")).isTrue();
        assertThat(check.matches("abc.def.gh")).isFalse();
        assertThat(check.matches("")).isFalse();
        assertThat(check.matches(null)).isFalse();
    }
}
