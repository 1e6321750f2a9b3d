package io.ultrareliability.supervisor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest extends ConfigFileTestBase {

    @Test
    void withoutAFileTheDefaultsApplyAndTheChildIsTheBot() throws Exception {
        SupervisorConfig c = load(Map.of("ULTRA_JAVA", "/jdk/bin/java", "ULTRA_SRC", "/src"), Map.of());
        assertThat(c.child().command()).containsExactly("/jdk/bin/java", "-XX:+UseSerialGC", "-Xss512k",
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", "--enable-native-access=ALL-UNNAMED", "-jar",
                "/src/bot/target/bot.jar", "--supervised");
        assertThat(c.child().workdir()).isEqualTo(home.toAbsolutePath());
        assertThat(c.health().url()).hasToString("http://127.0.0.1:8790/health");
        assertThat(c.health().interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.health().timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.health().failureThreshold()).isEqualTo(3);
        assertThat(c.health().startupGrace()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.memory().maxRssBytes()).isEqualTo(512L << 20);
        assertThat(c.restart().initialDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.restart().maxDelay()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.restart().multiplier()).isEqualTo(2.0);
        assertThat(c.restart().resetAfter()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.restart().crashLoopFailures()).isEqualTo(5);
        assertThat(c.stopGrace()).isEqualTo(Duration.ofSeconds(15));
        assertThat(c.logTriggers()).extracting(Pattern::pattern).containsExactly("OutOfMemoryError");
    }

    @Test
    void theAotCacheIsOnForTheDefaultChildOnly() throws Exception {
        Map<String, String> env = Map.of("ULTRA_JAVA", "/jdk/bin/java", "ULTRA_SRC", "/src");
        SupervisorConfig byDefault = load(env, Map.of());
        assertThat(byDefault.child().aotCache()).isTrue();
        assertThat(byDefault.child().defaultChild()).isEqualTo(DefaultChild.of(env));
        assertThat(load(env, Map.of("child.aot_cache", "off")).child().aotCache()).isFalse();
        assertThat(load(Map.of("ULTRA_CHILD_AOT_CACHE", "OFF"), Map.of()).child().aotCache()).isFalse();
        SupervisorConfig own = load(env, Map.of("child.command", "/usr/bin/python3 bot.py"));
        assertThat(own.child().aotCache()).isFalse();
        assertThat(own.child().defaultChild()).isNull();
        assertThatThrownBy(() -> load(env, Map.of("child.aot_cache", "yes")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("--set child.aot_cache: expected auto or off, got 'yes'");
    }

    @Test
    void theShippedDefaultConfigFileParsesToTheBuiltInDefaults() throws Exception {
        Path shipped = Path.of("..", "config", "ultra-reliability.yml").toAbsolutePath().normalize();
        assertThat(shipped).exists();
        yaml(Files.readString(shipped));
        SupervisorConfig fromFile = load(Map.of("ULTRA_SRC", "/src"), Map.of());
        Files.delete(home.resolve("config/ultra-reliability.yml"));
        SupervisorConfig builtIn = load(Map.of("ULTRA_SRC", "/src"), Map.of());
        assertThat(fromFile.toString()).isEqualTo(builtIn.toString());
    }

    @Test
    void fileThenEnvThenFlagsWin() throws Exception {
        yaml("""
                child:
                  command: ["/bin/sleep", "100"]
                  env: {A: "1", B: two}
                health:
                  interval: 7s
                  timeout: 1s
                memory:
                  max_rss: 1GiB
                log_triggers: ["boom", "^FATAL"]
                """);
        SupervisorConfig c = load(Map.of("ULTRA_HEALTH_INTERVAL", "8s", "ULTRA_HEALTH_TIMEOUT", "3s"),
                Map.of("health.interval", "9s"));
        assertThat(c.child().command()).containsExactly("/bin/sleep", "100");
        assertThat(c.child().env()).containsEntry("A", "1").containsEntry("B", "two");
        assertThat(c.health().interval()).isEqualTo(Duration.ofSeconds(9));
        assertThat(c.health().timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.memory().maxRssBytes()).isEqualTo(1L << 30);
        assertThat(c.logTriggers()).extracting(Pattern::pattern).containsExactly("boom", "^FATAL");
    }

    @Test
    void anEmptyHealthUrlTurnsTheProbeOff() throws Exception {
        assertThat(load(Map.of(), Map.of("health.url", "")).health().enabled()).isFalse();
        assertThat(load(Map.of(), Map.of("health.url", "none")).health().enabled()).isFalse();
    }

    @Test
    void everyProblemIsReportedAtOnceNamingItsSource() throws Exception {
        yaml("""
                health:
                  interval: soon
                  url: ftp://example
                restart:
                  multiplier: 0.5
                  initial_delay: 10m
                typo_key: 1
                child:
                  command: "not a list"
                """);
        assertThatThrownBy(() -> load(Map.of("ULTRA_STOP_GRACE", "forever"), Map.of("memory.samples", "0")))
                .isInstanceOfSatisfying(InvalidConfigException.class,
                        e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "ultra-reliability.yml: typo_key: unknown key",
                        "ultra-reliability.yml: child.command: expected a list, e.g. [\"a\", \"b\"]",
                        "ultra-reliability.yml: health.url: expected an http:// URL with a host, got 'ftp://example'",
                        "ultra-reliability.yml: health.interval: bad duration 'soon': use a form like 250ms, 5s, 2m or 1h",
                        "ultra-reliability.yml: restart.multiplier: expected a number from 1.0 to 100.0, got '0.5'",
                        "ULTRA_STOP_GRACE: bad duration 'forever': use a form like 250ms, 5s, 2m or 1h",
                        "--set memory.samples: expected a whole number >= 1, got '0'",
                        "restart.max_delay must not be smaller than restart.initial_delay"));
    }

    @Test
    void anExplicitConfigFileMustExistButTheDefaultOneNeedNot() throws Exception {
        assertThatThrownBy(() -> new ConfigLoader(home, Map.of("ULTRA_CONFIG", "missing.yml")).load(null, Map.of()))
                .hasMessageContaining("config file " + home.toAbsolutePath().resolve("missing.yml") + " does not exist");
        load(Map.of(), Map.of());
    }

    @Test
    void brokenYamlIsOneClearLine() throws Exception {
        yaml("health: [unclosed\n");
        assertThatThrownBy(() -> load(Map.of(), Map.of()))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.problems()).hasSize(1);
                    assertThat(e.problems().get(0)).contains("not valid YAML").doesNotContain("\n");
                });
    }

    @Test
    void envNamesFollowTheKeys() {
        assertThat(ConfigKeys.envName("health.failure_threshold")).isEqualTo("ULTRA_HEALTH_FAILURE_THRESHOLD");
        assertThat(ConfigKeys.envName("memory.max_rss")).isEqualTo("ULTRA_MEMORY_MAX_RSS");
        assertThat(List.copyOf(ConfigKeys.SCALAR_DEFAULTS.keySet())).contains("stop.grace", "restart.jitter");
    }

    @Test
    void sizesNeedAUnitAndMaxRssHasAMinimumUnlessOff() {
        record Row(String value, String problem) {
        }
        Row[] rows = {
            new Row("512", "--set memory.max_rss: '512' has no unit: write e.g. 512MiB (or 0: off)"),
            new Row("1", "--set memory.max_rss: '1' has no unit"),
            new Row("1MiB", "--set memory.max_rss: 1MiB is below the minimum of 16.0 MiB (0: off)"),
            new Row("16000000", "has no unit"),
        };
        for (Row row : rows) {
            assertThatThrownBy(() -> load(Map.of(), Map.of("memory.max_rss", row.value())))
                    .as(row.value()).isInstanceOf(InvalidConfigException.class).hasMessageContaining(row.problem());
        }
    }

    @Test
    void zeroTurnsTheMemoryLimitOffAndSixteenMebibytesIsEnough() throws Exception {
        assertThat(load(Map.of(), Map.of("memory.max_rss", "0")).memory().maxRssBytes()).isZero();
        assertThat(load(Map.of(), Map.of("memory.max_rss", "16MiB")).memory().maxRssBytes()).isEqualTo(16L << 20);
    }

    @Test
    void aDuplicateKeyIsAnErrorWithItsLine() throws Exception {
        yaml("health:\n  interval: 2s\n  interval: 3s\n");
        assertThatThrownBy(() -> load(Map.of(), Map.of())).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("not valid YAML at line 3, column").hasMessageContaining("Duplicate field 'interval'");
    }

    @Test
    void aSyntaxErrorNamesLineAndColumn() throws Exception {
        yaml("health:\n  interval: 2s\n   timeout: [1s\n");
        assertThatThrownBy(() -> load(Map.of(), Map.of())).isInstanceOf(InvalidConfigException.class)
                .hasMessageMatching("(?s).*not valid YAML at line \\d+, column \\d+: .+");
    }

    @Test
    void anUnknownUltraVariableIsAnErrorNamingTheClosestKnownName() {
        assertThatThrownBy(() -> load(Map.of("ULTRA_HEALTH_INTERVALL", "3s"), Map.of()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("environment ULTRA_HEALTH_INTERVALL: unknown variable (did you mean"
                        + " ULTRA_HEALTH_INTERVAL?)");
        assertThatThrownBy(() -> load(Map.of("ULTRA_STOP_GARCE", "3s"), Map.of()))
                .hasMessageContaining("did you mean ULTRA_STOP_GRACE?");
    }

    @Test
    void documentedVariablesThatAreNotKeysAreAccepted() throws Exception {
        Map<String, String> env = new java.util.HashMap<>();
        for (String name : EnvNames.NOT_KEYS) {
            env.put(name, name.equals("ULTRA_CONFIG") ? "" : "/x");
        }
        env.put("ULTRA_HEALTH_INTERVAL", "3s");
        env.put("ULTRA_CHILD_COMMAND", "/bin/true");
        assertThat(load(env, Map.of()).health().interval()).isEqualTo(Duration.ofSeconds(3));
    }
}
