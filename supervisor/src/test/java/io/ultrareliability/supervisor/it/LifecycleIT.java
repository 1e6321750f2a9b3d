package io.ultrareliability.supervisor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Single instance, PID files, leftovers, unwritable status, and the CLI end to end. */
class LifecycleIT extends OneSupervisorPerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void twoStartsAtTheSameMomentExactlyOneWins() throws Exception {
        sup.config("");
        Process a = sup.launch("run");
        Process b = sup.launch("run");
        Process loser = ItSupport.await("one supervisor to give up", WAIT,
                () -> !a.isAlive() ? a : !b.isAlive() ? b : null);
        Process winner = loser == a ? b : a;
        assertThat(loser.exitValue()).isEqualTo(4);
        assertThat(err()).contains("already running (pid " + winner.pid() + ")");
        sup.process = winner;
        sup.awaitRunning(WAIT);
        assertThat(winner.isAlive()).isTrue();
        assertThat(sup.status().path("supervisor").path("pid").asLong()).isEqualTo(winner.pid());
        assertThat(sup.terminate(WAIT)).isZero();
    }

    @Test
    void aStalePidFileNeverBlocksAStart() throws Exception {
        sup.config("");
        Files.createDirectories(home.resolve("run"));
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        Files.writeString(home.resolve("run/supervisor.pid"), dead.pid() + "\n12345\n");
        Files.writeString(home.resolve("run/child.pid"), dead.pid() + "\n12345\n");
        assertThat(cli("status")).isEqualTo(3);
        sup.start();
        assertThat(sup.status().path("supervisor").path("pid").asLong()).isEqualTo(sup.process.pid());
        assertThat(sup.terminate(WAIT)).isZero();
    }

    @Test
    void aPidReusedByAnInnocentProcessIsNeverSignalled() throws Exception {
        sup.config("");
        Process innocent = new ProcessBuilder("sleep", "60").start();
        try {
            Files.createDirectories(home.resolve("run"));
            // Same PID, but a start time that is not the innocent process's.
            Files.writeString(home.resolve("run/supervisor.pid"), innocent.pid() + "\n1\n");
            Files.writeString(home.resolve("run/child.pid"), innocent.pid() + "\n1\n");
            assertThat(cli("status")).isEqualTo(3);
            assertThat(cli("stop")).isZero();
            assertThat(out()).contains("not running");
            assertThat(cli("restart")).isEqualTo(3);
            sup.start();
            assertThat(sup.terminate(WAIT)).isZero();
            assertThat(innocent.isAlive()).as("the innocent process was not signalled").isTrue();
        } finally {
            innocent.destroyForcibly();
        }
    }

    @Test
    void aChildLeftByAKilledSupervisorIsStoppedBeforeANewOneSpawns() throws Exception {
        sup.config("", "--ignore-stdin").start();
        long orphan = sup.childPid();
        sup.process.destroyForcibly();
        sup.process.waitFor();
        Thread.sleep(300);
        assertThat(ItSupport.alive(orphan)).as("this fake child ignores stdin EOF, so it outlives the supervisor")
                .isTrue();
        sup.start();
        assertThat(ItSupport.alive(orphan)).isFalse();
        assertThat(sup.childPid()).isNotEqualTo(orphan);
        assertThat(sup.supervisorLog()).contains("a child of a previous supervisor is still alive (pid " + orphan + ")");
    }

    @Test
    void aSupervisorStartedWithSighupIgnoredSaysSoAtStart() throws Exception {
        // As under nohup: the JVM then installs no SIGHUP handler, so `kill -HUP` cannot restart.
        sup.prefix.addAll(List.of("/bin/sh", "-c", "trap '' HUP; exec \"$@\"", "sh"));
        sup.config("").start();
        assertThat(sup.supervisorLog()).contains("SIGHUP is ignored by this process (started under nohup?)");
        assertThat(sup.terminate(WAIT)).isZero();
    }

    @Test
    void theDefaultChildExitsWhenTheSupervisorIsKilled() throws Exception {
        sup.config("").start();
        long child = sup.childPid();
        sup.process.destroyForcibly();
        ItSupport.await("the child to notice its stdin closed and exit", WAIT, () -> ItSupport.alive(child) ? null : true);
    }

    @Test
    void anUnwritableStatusFileIsLoggedAndSupervisionGoesOn() throws Exception {
        sup.config("", "--crash-after", "1000");
        // A non-empty directory where the status file should be: every rename onto it fails.
        Files.createDirectories(home.resolve("ultra_reliability_status.json/blocker"));
        sup.process = sup.launch("run");
        String restarts = ItSupport.await("restarts in auto_restart.log", WAIT,
                () -> sup.autoRestartLog().lines().count() >= 2 ? sup.autoRestartLog() : null);
        assertThat(restarts).contains("reason=crash");
        assertThat(sup.process.isAlive()).isTrue();
        assertThat(sup.supervisorLog()).contains("cannot write the status file");
        Files.delete(home.resolve("ultra_reliability_status.json/blocker"));
        Files.delete(home.resolve("ultra_reliability_status.json"));
        // A write of an earlier snapshot may land first (the writer is a thread of its own): wait for a current one.
        JsonNode s = ItSupport.await("the status file back with 2 restarts", WAIT, () -> {
            JsonNode j = sup.status();
            return j != null && j.path("child").path("restarts").asInt() >= 2 ? j : null;
        });
        assertThat(s.path("supervisor").path("pid").asLong()).isEqualTo(sup.process.pid());
        assertThat(sup.terminate(WAIT)).isZero();
    }

    @Test
    void theCliStartsRestartsShowsMonitorsAndStops() throws Exception {
        sup.config("");
        assertThat(cli("status")).isEqualTo(3);
        assertThat(out()).contains("not running");

        assertThat(cli("start")).as(err()).isZero();
        assertThat(out()).contains("started: supervisor pid").contains("healthy");
        long first = sup.childPid();
        assertThat(cli("start")).isZero();
        assertThat(out()).contains("already running (pid ");
        assertThat(cli("ensure-running")).isZero();
        assertThat(out()).isEmpty();

        assertThat(cli("status")).isZero();
        assertThat(out()).contains("supervisor: running").contains("child:      running (pid " + first);
        assertThat(cli("status", "--json")).isZero();
        assertThat(ItSupport.JSON.readTree(out()).path("child").path("pid").asLong()).isEqualTo(first);

        assertThat(cli("monitor", "--count", "2", "--interval", "100ms")).isZero();
        assertThat(out().lines().toList()).hasSize(2).allMatch(l -> l.contains("state=running pid=" + first));

        assertThat(cli("restart")).as(err()).isZero();
        long second = sup.childPid();
        assertThat(second).isNotEqualTo(first);
        assertThat(out()).contains("restarted: child pid " + second);
        assertThat(sup.status().path("restart_history").get(0).path("reason").asText()).isEqualTo("manual");
        assertThat(sup.autoRestartLog()).contains("reason=manual");

        long supervisorPid = sup.status().path("supervisor").path("pid").asLong();
        assertThat(cli("stop")).as(err()).isZero();
        assertThat(ItSupport.alive(supervisorPid)).isFalse();
        assertThat(ItSupport.groupMembers(second)).isEmpty();
        assertThat(cli("status")).isEqualTo(3);
        assertThat(out()).contains("NOT RUNNING");

        assertThat(cli("ensure-running")).as(err()).isZero();
        assertThat(out()).contains("started");
        assertThat(cli("stop")).isZero();
    }

    @Test
    void theTokenReachesTheChildInItsEnvironmentAndNowhereElse() throws Exception {
        String token = "MTIz.secret-token-" + System.nanoTime();
        sup.env.put("DISCORD_TOKEN", token);
        sup.childYaml = "  env: {EXTRA_VAR: extra}\n";
        sup.config("").start();
        long child = sup.childPid();
        String environ = new String(Files.readAllBytes(Path.of("/proc", Long.toString(child), "environ")));
        assertThat(environ).contains("DISCORD_TOKEN=" + token).contains("EXTRA_VAR=extra")
                .contains("BOT_HEALTH_PORT=" + sup.port);
        String cmdline = new String(Files.readAllBytes(Path.of("/proc", Long.toString(child), "cmdline")));
        assertThat(cmdline).doesNotContain(token);
        assertThat(cli("status", "--json")).isZero();
        assertThat(out()).doesNotContain(token);
        assertThat(cli("config", "validate")).isZero();
        assertThat(out()).doesNotContain(token);
        assertThat(sup.terminate(WAIT)).isZero();
        try (var files = Files.walk(home)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(ItSupport.read(f)).as(f.toString()).doesNotContain(token);
            }
        }
    }

    @Test
    void childOutputGoesRawToBotLogWhichRotatesGzippedAndBounded() throws Exception {
        sup.jvmOptions.addAll(List.of("-Dultra.log.max_size=20KB", "-Dultra.log.max_files=3"));
        sup.config("", "--spam", "2000").start();
        Path logs = home.resolve("logs");
        ItSupport.await("bot.log rotated", WAIT, () -> Files.exists(logs.resolve("bot.log.1.gz")) ? true : null);
        assertThat(sup.terminate(WAIT)).isZero();
        List<Path> rotated;
        try (var files = Files.list(logs)) {
            rotated = files.filter(p -> p.getFileName().toString().matches("bot\\.log\\.\\d+\\.gz")).toList();
        }
        assertThat(rotated).hasSizeBetween(1, 3);
        String newestRotated;
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(logs.resolve("bot.log.1.gz")))) {
            newestRotated = new String(in.readAllBytes());
            assertThat(newestRotated).matches("(?s)(spam line \\d{6} x{82}\n)+");
        }
        // Output reaches bot.log in batches of up to 64 KiB (ChildLogBatcher), and Log4j rotates
        // between events: a file can exceed max_size by up to one batch.
        assertThat(Files.size(logs.resolve("bot.log"))).isLessThanOrEqualTo(20 * 1024 + 64 * 1024 + 1024);
        assertThat(newestRotated + ItSupport.read(logs.resolve("bot.log"))).contains("spam line 001999");
    }

    @Test
    void configValidateReportsEveryProblemOnItsOwnLineWithExit78() throws Exception {
        Files.createDirectories(home.resolve("config"));
        Files.writeString(home.resolve("config/ultra-reliability.yml"), """
                health:
                  interval: soon
                  failure_threshold: 0
                memory:
                  max_rss: lots
                restart:
                  jitter: 3
                colour: blue
                log_triggers: ["(unclosed"]
                """);
        assertThat(cli("config", "validate")).isEqualTo(78);
        assertThat(err()).contains("config error: ultra-reliability.yml: colour: unknown key")
                .contains("health.interval: bad duration 'soon'")
                .contains("health.failure_threshold: expected a whole number >= 1")
                .contains("memory.max_rss: bad size 'lots'")
                .contains("restart.jitter: expected a number")
                .contains("log_triggers: bad regex '(unclosed'")
                .doesNotContain("Exception");
        assertThat(cli("run")).isEqualTo(78);
        assertThat(home.resolve("run/supervisor.pid")).doesNotExist();

        Files.writeString(home.resolve("config/ultra-reliability.yml"), "health:\n  interval: 2s\n");
        assertThat(cli("config", "validate")).isZero();
        assertThat(out()).contains("config OK").contains("health.interval: 2s");
    }
}
