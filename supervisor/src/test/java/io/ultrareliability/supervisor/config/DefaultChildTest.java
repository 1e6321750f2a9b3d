package io.ultrareliability.supervisor.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The three commands built from the default child's parts. */
class DefaultChildTest {
    private final DefaultChild child = DefaultChild.of(Map.of("ULTRA_JAVA", "/jdk/bin/java", "ULTRA_SRC", "/src"));

    @Test
    void thePlainCommandKeepsXshare() {
        assertThat(child.command()).containsExactly("/jdk/bin/java", "-XX:+UseSerialGC", "-Xss512k",
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", "--enable-native-access=ALL-UNNAMED", "-jar",
                "/src/bot/target/bot.jar", "--supervised");
        assertThat(DefaultChild.command(Map.of("ULTRA_JAVA", "/jdk/bin/java", "ULTRA_SRC", "/src")))
                .isEqualTo(child.command());
    }

    @Test
    void fromTheCacheWithoutXshareWhichJdk25Refuses() {
        assertThat(child.withAotCache(Path.of("/home/run/bot.aot"))).containsExactly("/jdk/bin/java",
                "-XX:+UseSerialGC", "-Xss512k", "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED",
                "-XX:AOTCache=/home/run/bot.aot", "-jar", "/src/bot/target/bot.jar", "--supervised");
    }

    @Test
    void trainingUsesTheSameFlagsAndTheTrainingMode() {
        List<String> t = child.aotTraining(Path.of("/home/run/bot.aot.new"));
        assertThat(t).containsExactly("/jdk/bin/java", "-XX:+UseSerialGC", "-Xss512k", "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED", "-XX:AOTCacheOutput=/home/run/bot.aot.new", "-jar",
                "/src/bot/target/bot.jar", "--supervised", "--aot-train");
    }
}
