package io.ultrareliability.supervisor.aot;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultrareliability.supervisor.config.DefaultChild;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AotCacheFilesTest {
    @TempDir
    Path dir;

    @Test
    void aCacheCountsOnlyWithItsExactKey() throws Exception {
        AotCacheFiles f = AotCacheFiles.in(dir);
        assertThat(f.matches("k1")).isFalse();
        Files.writeString(f.output(), "cache bytes");
        assertThat(f.outputSize()).isEqualTo(11);
        f.commit("k1");
        assertThat(f.output()).doesNotExist();
        assertThat(f.cache()).hasContent("cache bytes");
        assertThat(f.matches("k1")).isTrue();
        assertThat(f.matches("k2")).isFalse();
    }

    @Test
    void anEmptyCacheOrAMissingKeyIsNoCache() throws Exception {
        AotCacheFiles f = AotCacheFiles.in(dir);
        Files.writeString(f.cache(), "");
        Files.writeString(f.key(), "k1");
        assertThat(f.matches("k1")).isFalse();
        Files.writeString(f.cache(), "x");
        Files.delete(f.key());
        assertThat(f.matches("k1")).isFalse();
    }

    @Test
    void discardRemovesEverything() throws Exception {
        AotCacheFiles f = AotCacheFiles.in(dir);
        Files.writeString(f.output(), "x");
        f.commit("k1");
        Files.writeString(f.output(), "half");
        f.discard();
        assertThat(f.cache()).doesNotExist();
        assertThat(f.key()).doesNotExist();
        assertThat(f.output()).doesNotExist();
        f.discard(); // twice is harmless
    }

    @Test
    void theKeyChangesWithAnyJarOnTheClassPathAndWithTheJdk() throws Exception {
        Path jar = Files.createDirectories(dir.resolve("target/lib")).getParent().resolve("bot.jar");
        Files.writeString(jar, "bot");
        Path lib = dir.resolve("target/lib/dep-1.0.jar");
        Files.writeString(lib, "dep");
        Files.writeString(dir.resolve("target/lib/notes.txt"), "not a jar");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        DefaultChild child = new DefaultChild(java.toString(), List.of("-XX:+UseSerialGC", "-Xshare:auto"), jar,
                List.of("--supervised"));
        JavaRelease r25 = new JavaRelease("25.0.1", 25);

        String k = AotKey.of(child, r25);
        assertThat(k).contains("bot.jar 3 ").contains("dep-1.0.jar 3 ").doesNotContain("notes.txt")
                .contains("25.0.1").contains("-XX:+UseSerialGC").doesNotContain("-Xshare");
        assertThat(AotKey.of(child, r25)).isEqualTo(k);

        Files.setLastModifiedTime(lib, FileTime.fromMillis(Files.getLastModifiedTime(lib).toMillis() - 60_000));
        String afterTouch = AotKey.of(child, r25);
        assertThat(afterTouch).isNotEqualTo(k);
        Files.writeString(jar, "bot, rebuilt");
        assertThat(AotKey.of(child, r25)).isNotEqualTo(afterTouch);
        assertThat(AotKey.of(child, new JavaRelease("25.0.2", 25))).isNotEqualTo(AotKey.of(child, r25));
    }
}
