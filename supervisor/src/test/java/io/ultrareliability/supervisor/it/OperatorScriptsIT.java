package io.ultrareliability.supervisor.it;

import static io.ultrareliability.supervisor.it.ItSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator scripts (scripts/*.sh) against a real supervisor whose child is the fake
 * child: what cron and people type must start exactly one supervisor, be silent when all
 * is well, and leave nothing behind on stop.
 */
class OperatorScriptsIT {
    private static final Path ROOT = ItSupport.MODULE.getParent();
    private static final Path SCRIPTS = ROOT.resolve("scripts");

    @TempDir
    Path home;
    private SupervisorProcess sup;
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void configure() throws IOException {
        sup = new SupervisorProcess(home, ItSupport.freePort()).config("");
        env.put("PATH", System.getenv("PATH"));
        env.put("HOME", home.toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("ULTRA_HOME", home.toString());
        // No systemd here: make sure the scripts do not think otherwise.
        env.put("ULTRA_SYSTEMD_RUNTIME_DIR", home.resolve("no-systemd").toString());
    }

    @AfterEach
    void cleanUp() throws Exception {
        script("stop_ultra_reliable_bot.sh", 60);
        sup.close();
    }

    private record Run(int exitCode, String stdout, String stderr) {
    }

    private Run script(String name, int timeoutSeconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(SCRIPTS.resolve(name).toString()).directory(home.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(name + " did not finish within " + timeoutSeconds + " s");
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private String startLog() {
        return ItSupport.read(home.resolve("logs/ultra_start.log"));
    }

    /** PIDs of the processes that hold run/supervisor.lock open: the running supervisors. */
    private List<Long> lockHolders() {
        Path lock = home.resolve("run/supervisor.lock");
        List<Long> holders = new ArrayList<>();
        try (var procs = Files.newDirectoryStream(Path.of("/proc"))) {
            for (Path p : procs) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try (var fds = Files.newDirectoryStream(p.resolve("fd"))) {
                    for (Path fd : fds) {
                        try {
                            if (Files.readSymbolicLink(fd).equals(lock)) {
                                holders.add(Long.parseLong(name));
                                break;
                            }
                        } catch (IOException ignored) {
                            // fd closed meanwhile
                        }
                    }
                } catch (IOException ignored) {
                    // process gone, or not ours to read
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return holders;
    }

    @Test
    void ensureStartsAStoppedSupervisorThenStaysSilent() throws Exception {
        Run first = script("ensure_bot_running.sh", 120);
        assertThat(first.exitCode()).as(first.stderr() + startLog()).isZero();
        assertThat(startLog()).contains("ensure: supervisor not running").contains("ensure: supervisor started");
        assertThat(sup.status().path("child").path("state").asText()).isEqualTo("running");
        assertThat(lockHolders()).hasSize(1);

        String logBefore = startLog();
        Run second = script("ensure_bot_running.sh", 60);
        assertThat(second.exitCode()).isZero();
        assertThat(second.stdout()).isEmpty();
        assertThat(second.stderr()).isEmpty();
        assertThat(startLog()).isEqualTo(logBefore);
        assertThat(lockHolders()).hasSize(1);
    }

    /** Issue 12, row 6: a lock on run/ensure.lock held by something else is not "all is well". */
    @Test
    void ensureNamesAForeignHolderOfEnsureLockAndFailsWhileNothingRuns() throws Exception {
        Files.createDirectories(home.resolve("run"));
        Path ensureLock = home.resolve("run/ensure.lock");
        Files.writeString(ensureLock, "");
        // -o: the lock stays with flock itself (sleep does not inherit it), so killing flock releases it.
        Process holder = new ProcessBuilder("flock", "-s", "-o", ensureLock.toString(), "sleep", "120").start();
        try {
            await("the foreign shared lock on run/ensure.lock", Duration.ofSeconds(10),
                    () -> ItSupport.read(Path.of("/proc/locks")).contains(" " + holder.pid() + " ") ? true : null);
            env.put("ULTRA_ENSURE_LOCK_WAIT", "1");
            Run r = script("ensure_bot_running.sh", 60);
            assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
            assertThat(r.stderr()).contains("run/ensure.lock is held by pid " + holder.pid())
                    .contains("flock -s -o " + ensureLock).contains("the supervisor is not running");
            assertThat(startLog()).contains("run/ensure.lock is held by pid " + holder.pid());
            assertThat(lockHolders()).isEmpty();
        } finally {
            holder.descendants().forEach(ProcessHandle::destroyForcibly);
            holder.destroyForcibly();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
        Run after = script("ensure_bot_running.sh", 120);
        assertThat(after.exitCode()).as(after.stderr() + startLog()).isZero();
        assertThat(lockHolders()).hasSize(1);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ensureLock))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("run"))))
                .isEqualTo("rwx------");
    }

    @Test
    void twoConcurrentEnsureRunsStartExactlyOneSupervisor() throws Exception {
        CompletableFuture<Run> a = CompletableFuture.supplyAsync(() -> quietly("ensure_bot_running.sh"));
        CompletableFuture<Run> b = CompletableFuture.supplyAsync(() -> quietly("ensure_bot_running.sh"));
        assertThat(a.get(150, TimeUnit.SECONDS).exitCode()).as(startLog()).isZero();
        assertThat(b.get(150, TimeUnit.SECONDS).exitCode()).as(startLog()).isZero();
        assertThat(startLog().lines().filter(l -> l.contains("ensure: supervisor started"))).hasSize(1);
        assertThat(lockHolders()).hasSize(1);
        assertThat(sup.status().path("child").path("state").asText()).isEqualTo("running");
    }

    @Test
    void startWithABadConfigSaysSoAndExits78() throws Exception {
        env.put("ULTRA_HEALTH_INTERVAL", "banana");
        Run run = script("start_ultra_reliable_bot.sh", 120);
        assertThat(run.exitCode()).as(run.stderr() + startLog()).isEqualTo(78);
        assertThat(run.stderr()).contains("configuration is invalid")
                .contains("config error: ULTRA_HEALTH_INTERVAL: bad duration 'banana'")
                .doesNotContain("did not come up healthy");
        assertThat(startLog()).contains("start: failed (exit 78)");
        assertThat(lockHolders()).isEmpty();
    }

    @Test
    void startTwiceIsHarmlessAndStopLeavesNothing() throws Exception {
        Run first = script("start_ultra_reliable_bot.sh", 120);
        assertThat(first.exitCode()).as(first.stderr() + startLog()).isZero();
        long supervisorPid = lockHolders().get(0);
        long childPid = sup.childPid();

        Run second = script("start_ultra_reliable_bot.sh", 60);
        assertThat(second.exitCode()).isZero();
        assertThat(second.stdout()).contains("already running");
        assertThat(lockHolders()).containsExactly(supervisorPid);
        assertThat(sup.childPid()).isEqualTo(childPid);

        Run stop = script("stop_ultra_reliable_bot.sh", 60);
        assertThat(stop.exitCode()).as(stop.stderr()).isZero();
        await("supervisor and child gone", Duration.ofSeconds(30),
                () -> !ItSupport.alive(supervisorPid) && ItSupport.groupMembers(childPid).isEmpty() ? true : null);
        assertThat(lockHolders()).isEmpty();
    }

    /** Issue 17: the cron path runs the pair: the keeper first, then the bot; stop leaves neither. */
    @Test
    void ensureStartsKeeperAndBotAndStopLeavesNeither() throws Exception {
        StringBuilder cmd = new StringBuilder();
        for (String a : ItSupport.fakeChild()) {
            cmd.append("    - \"").append(a).append("\"\n");
        }
        sup.config("""
                keeper:
                  port: %d
                  demo_sim_port: %d
                  command:
                %s  health:
                    interval: 200ms
                    startup_interval: 20ms
                """.formatted(ItSupport.freePort(), ItSupport.freePort(), cmd));
        Run first = script("ensure_bot_running.sh", 120);
        assertThat(first.exitCode()).as(first.stderr() + startLog()).isZero();
        long keeperPid = await("keeper running", Duration.ofSeconds(30), () -> {
            var s = sup.status();
            return s != null && s.path("keeper").path("state").asText().equals("running")
                    ? s.path("keeper").path("pid").asLong() : null;
        });
        long childPid = await("bot running", Duration.ofSeconds(30), () -> {
            var s = sup.status();
            return s != null && s.path("child").path("state").asText().equals("running")
                    ? s.path("child").path("pid").asLong() : null;
        });
        assertThat(keeperPid).isNotEqualTo(childPid);
        assertThat(ItSupport.alive(keeperPid)).isTrue();
        long supervisorPid = lockHolders().get(0);

        Run stop = script("stop_ultra_reliable_bot.sh", 60);
        assertThat(stop.exitCode()).as(stop.stderr()).isZero();
        await("supervisor, keeper and bot gone", Duration.ofSeconds(30),
                () -> !ItSupport.alive(supervisorPid) && ItSupport.groupMembers(childPid).isEmpty()
                        && ItSupport.groupMembers(keeperPid).isEmpty() ? true : null);
    }

    @Test
    void ensureDefersToSystemdWhenSystemdRunsTheUnit() throws Exception {
        Path bin = Files.createDirectories(home.resolve("bin"));
        Files.writeString(bin.resolve("systemctl"), "#!/bin/sh\n[ \"$1 $2\" = \"is-enabled --quiet\" ] && exit 0\nexit 1\n",
                StandardCharsets.UTF_8);
        bin.resolve("systemctl").toFile().setExecutable(true);
        env.put("PATH", bin + ":" + System.getenv("PATH"));
        env.put("ULTRA_SYSTEMD_RUNTIME_DIR", Files.createDirectories(home.resolve("systemd-runtime")).toString());

        Run run = script("ensure_bot_running.sh", 60);
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout() + run.stderr()).isEmpty();
        assertThat(lockHolders()).isEmpty();
        assertThat(home.resolve("ultra_reliability_status.json")).doesNotExist();
    }

    private Run quietly(String name) {
        try {
            return script(name, 150);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
