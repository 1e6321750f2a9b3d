package io.ultrareliability.supervisor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code keeper.*} keys (issue 17): when there is a keeper, how the pair is wired, bad values. */
class KeeperKeysTest extends ConfigFileTestBase {
    private static final Map<String, String> SRC = Map.of("ULTRA_JAVA", "/jdk/bin/java", "ULTRA_SRC", "/src");


    @Test
    void byDefaultTheKeeperJarRunsAndTheBotInDemoModeGoesThroughIt() throws Exception {
        SupervisorConfig c = load(SRC, Map.of());
        SupervisorConfig.Keeper k = c.keeper();
        assertThat(k).isNotNull();
        assertThat(k.child().command()).containsExactly("/jdk/bin/java", "-XX:+UseSerialGC", "-Xss512k",
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", "--enable-native-access=ALL-UNNAMED", "-jar",
                "/src/gateway-keeper/target/gateway-keeper.jar");
        assertThat(k.port()).isEqualTo(8792);
        assertThat(k.demo()).isTrue();
        assertThat(k.child().env()).containsEntry("KEEPER_PORT", "8792").containsEntry("KEEPER_DEMO", "true")
                .containsEntry("KEEPER_DEMO_SIM_PORT", "8793").containsEntry("ULTRA_HOME", home.toString());
        assertThat(c.child().env()).containsEntry("DISCORD_GATEWAY_URL", "ws://127.0.0.1:8792/gateway")
                .containsEntry("DISCORD_TOKEN", "demo-token")
                .containsEntry("DISCORD_API_BASE_URL", "http://127.0.0.1:8793/api/v10");
        SupervisorConfig program = c.keeperProgram();
        assertThat(program.health().url()).hasToString("http://127.0.0.1:8792/health");
        assertThat(program.health().notReadyTimeoutEnabled()).isFalse();
        assertThat(program.heartbeat().enabled()).isFalse();
        assertThat(program.memory().maxRssBytes()).isEqualTo(1L << 30);
        assertThat(program.stopGrace()).isEqualTo(Duration.ofSeconds(15));
        assertThat(program.child().aotCache()).isFalse();
        assertThat(program.keeper()).isNull();
    }

    @Test
    void withATokenTheBotOnlyGetsTheKeepersAddressAndTheKeeperTheTokenOfChildEnv() throws Exception {
        yaml("""
                child:
                  env:
                    DISCORD_TOKEN_FILE: /secrets/token
                    OTHER: x
                keeper:
                  port: 9100
                  env:
                    KEEPER_RESUME_WINDOW: 10m
                """);
        SupervisorConfig c = load(SRC, Map.of());
        assertThat(c.keeper().demo()).isFalse();
        assertThat(c.keeper().child().env()).containsEntry("DISCORD_TOKEN_FILE", "/secrets/token")
                .containsEntry("KEEPER_RESUME_WINDOW", "10m").containsEntry("KEEPER_PORT", "9100")
                .doesNotContainKeys("OTHER", "KEEPER_DEMO");
        assertThat(c.child().env()).containsEntry("DISCORD_GATEWAY_URL", "ws://127.0.0.1:9100/gateway")
                .doesNotContainKeys("DISCORD_TOKEN", "DISCORD_API_BASE_URL");
    }

    @Test
    void keeperEnabledFalseIsTheBotAlone() throws Exception {
        SupervisorConfig c = load(Map.of("ULTRA_SRC", "/src", "ULTRA_KEEPER_ENABLED", "false"), Map.of());
        assertThat(c.keeper()).isNull();
        assertThat(c.child().env()).doesNotContainKeys("DISCORD_GATEWAY_URL", "DISCORD_TOKEN");
        // Pattern has no equals: compare the rendering
        assertThat(c.toString()).isEqualTo(load(Map.of("ULTRA_SRC", "/src"), Map.of("keeper.enabled", "off")).toString());
    }

    @Test
    void aChildCommandOfOnesOwnHasAKeeperOnlyWithAKeeperCommand() throws Exception {
        SupervisorConfig own = load(Map.of("ULTRA_CHILD_COMMAND", "/bin/mybot --x"), Map.of());
        assertThat(own.keeper()).isNull();
        assertThat(own.child().env()).doesNotContainKey("DISCORD_GATEWAY_URL");

        SupervisorConfig both = load(Map.of("ULTRA_CHILD_COMMAND", "/bin/mybot", "ULTRA_KEEPER_COMMAND",
                "/bin/mykeeper --y"), Map.of());
        assertThat(both.keeper().child().command()).containsExactly("/bin/mykeeper", "--y");
        assertThat(both.keeper().demo()).isFalse(); // demo mode is the default bot's
        assertThat(both.child().env()).containsEntry("DISCORD_GATEWAY_URL", "ws://127.0.0.1:8792/gateway");

        SupervisorConfig flag = load(Map.of("ULTRA_CHILD_COMMAND", "/bin/mybot"), Map.of("keeper.command", "/bin/k"));
        assertThat(flag.keeper().child().command()).containsExactly("/bin/k");
    }

    @Test
    void badKeeperValuesAreAllReportedAtOnceNamingWhereTheyCameFrom() throws Exception {
        yaml("""
                keeper:
                  port: 8791
                  health:
                    interval: 0s
                  memory:
                    max_rss: 512
                  restart:
                    initial_delay: 10s
                    max_delay: 1s
                  enabled: perhaps
                  command: []
                """);
        assertThatThrownBy(() -> load(Map.of("ULTRA_SRC", "/src", "ULTRA_KEEPER_DEMO_SIM_PORT", "70000"), Map.of()))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "ultra-reliability.yml: keeper.enabled: expected true or false, got 'perhaps'",
                        "ULTRA_KEEPER_DEMO_SIM_PORT: expected a port 1..65535, got '70000'",
                        "ultra-reliability.yml: keeper.health.interval: must be more than 0",
                        "ultra-reliability.yml: keeper.memory.max_rss: '512' has no unit: write e.g. 512MiB (or 0: off)",
                        "keeper.restart.max_delay must not be smaller than keeper.restart.initial_delay",
                        "keeper.command: must name a program, e.g. [\"/usr/bin/java\", \"-jar\", \"keeper.jar\"]"));
    }

    @Test
    void portClashesAreRefused() {
        assertThatThrownBy(() -> load(SRC, Map.of("keeper.port", "8791")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("--set keeper.port: port 8791 is also web.port's; give each its own port");
        assertThatThrownBy(() -> load(SRC, Map.of("keeper.demo_sim_port", "8790")))
                .hasMessage("--set keeper.demo_sim_port: port 8790 is also health.url's; give each its own port");
        assertThatThrownBy(() -> load(SRC, Map.of("keeper.port", "0")))
                .hasMessage("--set keeper.port: expected a port 1..65535, got '0'");
    }

    @Test
    void keeperVariablesAreKnownAndATypoIsNamed() {
        assertThat(EnvNames.known()).contains("ULTRA_KEEPER_ENABLED", "ULTRA_KEEPER_COMMAND", "ULTRA_KEEPER_PORT",
                "ULTRA_KEEPER_HEALTH_INTERVAL", "ULTRA_KEEPER_STOP_GRACE");
        assertThat(EnvNames.problems(Map.of("ULTRA_KEEPER_PROT", "1"))).containsExactly(
                "environment ULTRA_KEEPER_PROT: unknown variable (did you mean ULTRA_KEEPER_PORT?); unset it or fix"
                        + " its name");
        assertThat(List.copyOf(ConfigKeys.SCALAR_DEFAULTS.keySet())).contains("keeper.enabled", "keeper.port");
    }
}
