package io.ultrareliability.supervisor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, row 8 (and issue 14, friction 6): config that should be refused is refused with
 * one line naming the problem, and a child.command that cannot be executed is fatal with a
 * reason, not a crash loop, until it is fixed and restarted.
 */
class ConfigRefusalIT extends OneSupervisorPerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private int cli(String... args) throws Exception {
        Files.deleteIfExists(home.resolve("cli.out"));
        Files.deleteIfExists(home.resolve("cli.err"));
        Process p = sup.launch(args);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("cli " + List.of(args) + " did not finish within 60 s");
        }
        return p.exitValue();
    }

    private String out() {
        return ItSupport.read(home.resolve("cli.out"));
    }

    private String err() {
        return ItSupport.read(home.resolve("cli.err"));
    }

    private void yaml(String text) throws Exception {
        Files.createDirectories(home.resolve("config"));
        Files.writeString(home.resolve("config/ultra-reliability.yml"), text);
    }

    @Test
    void badKeeperKeysAreRefusedInOneLineEachAndNothingStarts() throws Exception {
        yaml("keeper:\n  port: 8791\n  memory:\n    max_rss: 512\n");
        sup.env.put("ULTRA_KEEPER_STOP_GRACE", "soon");
        assertThat(cli("run")).isEqualTo(78);
        assertThat(err()).contains("config error: ultra-reliability.yml: keeper.port: port 8791 is also web.port's")
                .contains("config error: ultra-reliability.yml: keeper.memory.max_rss: '512' has no unit")
                .contains("config error: ULTRA_KEEPER_STOP_GRACE: ")
                .doesNotContain("Exception");
        assertThat(home.resolve("run/supervisor.pid")).doesNotExist();
        assertThat(home.resolve("run/keeper.pid")).doesNotExist();
        sup.env.clear();
    }

    @Test
    void unitlessSizesTinyLimitsDuplicateKeysTyposAndSyntaxErrorsAreRefused() throws Exception {
        yaml("memory:\n  max_rss: 512\n");
        sup.env.put("ULTRA_HEALTH_INTERVALL", "3s");
        assertThat(cli("config", "validate")).isEqualTo(78);
        assertThat(err()).contains("config error: ultra-reliability.yml: memory.max_rss: '512' has no unit")
                .contains("config error: environment ULTRA_HEALTH_INTERVALL: unknown variable (did you mean"
                        + " ULTRA_HEALTH_INTERVAL?)")
                .doesNotContain("Exception");
        assertThat(cli("run")).isEqualTo(78);
        assertThat(home.resolve("run/supervisor.pid")).doesNotExist();
        sup.env.clear();

        yaml("memory:\n  max_rss: 1MiB\n");
        assertThat(cli("config", "validate")).isEqualTo(78);
        assertThat(err()).contains("memory.max_rss: 1MiB is below the minimum of 16.0 MiB (0: off)");

        yaml("health:\n  interval: 2s\n  timeout: 1s\n  interval: 3s\n");
        assertThat(cli("config", "validate")).isEqualTo(78);
        assertThat(err()).contains("not valid YAML at line 4, column").contains("Duplicate field 'interval'")
                .doesNotContain("Exception");

        yaml("health:\n  interval: [2s\nmemory:\n  max_rss: 1GiB\n");
        assertThat(cli("config", "validate")).isEqualTo(78);
        assertThat(err()).containsPattern("not valid YAML at line \\d+, column \\d+: ").doesNotContain("Exception");

        yaml("memory:\n  max_rss: 0\n");
        assertThat(cli("config", "validate")).as(err()).isZero();
        assertThat(out()).contains("memory.max_rss: 0 (off)")
                .contains("heartbeat.max_age: 1m30s".replace("1m30s", "90s"))
                .contains("log_triggers: [OutOfMemoryError]")
                .contains("child.aot_cache: auto")
                .contains("restart.crash_loop_failures: 5 within restart.crash_loop_window: 10m")
                .contains("restart.reset_after: 10m")
                .contains("health.not_ready_timeout: 5m")
                .contains("a hang is restarted within failure_threshold x (interval + timeout) = 21s");
    }

    @Test
    void aCommandThatCannotBeExecutedIsFatalUntilFixedAndRestarted() throws Exception {
        Path bot = home.resolve("bin/bot.sh");
        RawChild.config(home, List.of(bot.toString()), "");
        sup.process = sup.launch("run");
        JsonNode fatal = ItSupport.await("state fatal", WAIT, () -> {
            JsonNode s = sup.status();
            return s != null && s.path("child").path("state").asText().equals("fatal") ? s : null;
        });
        assertThat(fatal.path("child").path("fatal_reason").asText())
                .contains("cannot execute the child: child.command: " + bot + " does not exist");
        assertThat(fatal.path("child").path("restarts").asInt()).isZero();

        Files.createDirectories(bot.getParent());
        Files.writeString(bot, "#!/bin/sh\necho BOT-UP\nexec sleep 600\n");
        assertThat(cli("restart")).as(out() + err()).isNotZero();
        JsonNode notExecutable = ItSupport.await("fatal: not executable", WAIT, () -> {
            JsonNode s = sup.status();
            return s != null && s.path("child").path("fatal_reason").asText().contains("is not executable") ? s : null;
        });
        assertThat(notExecutable.path("child").path("state").asText()).isEqualTo("fatal");
        // Still no crash loop: exactly the one manual restart in the history.
        assertThat(notExecutable.path("restart_history").size()).isEqualTo(1);
        assertThat(sup.supervisorLog()).doesNotContain("exited unexpectedly");

        Files.setPosixFilePermissions(bot, PosixFilePermissions.fromString("rwx------"));
        assertThat(cli("restart")).as(out() + err()).isZero();
        sup.awaitRunning(WAIT);
        // bot.log is written in batches (at most 100 ms late): wait for the line
        ItSupport.await("BOT-UP in bot.log", WAIT,
                () -> ItSupport.read(home.resolve("logs/bot.log")).contains("BOT-UP") ? true : null);
    }
}
