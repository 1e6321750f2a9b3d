package io.ultrareliability.common.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared secret file (the supervisor's control token and the keeper's admin secret use it). */
class SecretFileTest {
    private static final SecretFile.Spec SPEC = new SecretFile.Spec("x.secret", "secret", " (start the x first)");

    @TempDir
    Path home;

    @Test
    void createdOwnerOnlyOnceThenReusedAndComparedExactly() throws Exception {
        Path run = home.resolve("run");
        SecretFile made = SecretFile.loadOrCreate(run, SPEC);
        Path file = run.resolve("x.secret");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(file).strip()).matches("[A-Za-z0-9_-]{43}").isEqualTo(made.value());
        SecretFile again = SecretFile.loadOrCreate(run, SPEC);
        assertThat(again.value()).isEqualTo(made.value());
        assertThat(again.matches(made.value())).isTrue();
        assertThat(again.matches(made.value() + "x")).isFalse();
        assertThat(again.matches(made.value().substring(1))).isFalse();
        assertThat(again.matches(null)).isFalse();
        assertThat(again.toString()).doesNotContain(made.value());
    }

    @Test
    void messagesUseTheSpecsWordsAndNeverTheValue() throws Exception {
        SecretFile made = SecretFile.loadOrCreate(home, SPEC);
        Files.setPosixFilePermissions(made.file(), PosixFilePermissions.fromString("rw-r-----"));
        assertThatThrownBy(() -> SecretFile.loadOrCreate(home, SPEC)).isInstanceOf(SecretFileException.class)
                .hasMessageContaining("x.secret is accessible by group or others (mode 0640)")
                .hasMessageContaining("delete it to create a new secret").hasMessageNotContaining(made.value());
        assertThatThrownBy(() -> SecretFile.read(home.resolve("missing"), SPEC))
                .hasMessageEndingWith("missing does not exist (start the x first)");
    }
}
