package io.ultrareliability.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Supervisor faults of the matrix: SIGTERM, two starts at once, stale and reused PID files, an
 * unwritable status file, and SIGKILL followed by scripts/ensure_bot_running.sh. One simulator
 * and one home throughout; the session sampler runs across all rows (never two bots).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SupervisorFaultsIT {
    /** A supervisor started by hand: its JVM, then the bot's cold start. */
    private static final Duration START = Bounds.of(Bounds.SUPERVISOR_START, Bounds.COLD_START);
    /**
     * scripts/ensure_bot_running.sh: two CLI JVMs ({@code status}, {@code start}), the daemon's
     * JVM, the bot's cold start.
     */
    private static final Duration ENSURE = Bounds.of(Bounds.SUPERVISOR_START, Bounds.SUPERVISOR_START,
            Bounds.SUPERVISOR_START, Bounds.COLD_START);

    private Stack stack;
    private SessionSampler sampler;

    @BeforeAll
    void startStack() throws Exception {
        stack = Stack.builder("supervisor").start();
        sampler = new SessionSampler(stack.sim, stack.token);
    }

    @AfterAll
    void stopStack() {
        try {
            if (sampler != null) {
                sampler.close();
                assertThat(sampler.max()).as("open sessions at once, across every row (worst: %s)", sampler.worst())
                        .isLessThanOrEqualTo(1);
            }
        } finally {
            if (stack != null) {
                stack.cli(Duration.ofSeconds(60), "stop");
                stack.close();
            }
        }
    }

    @Test
    @Order(1)
    void sigtermStopsTheBotCleanlyAndLeavesNothing() throws Exception {
        long bot = stack.childPid();
        assertThat(stack.terminateSupervisor(Duration.ofSeconds(20))).as("supervisor exit code").isZero();
        assertThat(Procs.alive(bot)).as("bot after the supervisor's SIGTERM").isFalse();
        stack.assertNoOrphans(Duration.ofSeconds(5));
        stack.awaitTrue(Duration.ofSeconds(5), "the session closed", () -> stack.sim.sessionsOf(stack.token) == 0);
        assertThat(stack.status().path("child").path("state").asText()).isEqualTo("stopped");
        assertThat(stack.botLog()).doesNotContain(stack.token);
        assertThat(stack.supervisorLog()).doesNotContain(stack.token);
        assertThat(E2e.read(stack.statusFile())).doesNotContain(stack.token);
    }

    @Test
    @Order(2)
    void twoStartsAtOnceExactlyOneWins() throws Exception {
        Process a = stack.launchSupervisor();
        Process b = stack.launchSupervisor();
        stack.awaitTrue(Bounds.of(Bounds.SUPERVISOR_START, Bounds.SUPERVISOR_START), "one of two supervisors to exit",
                () -> !a.isAlive() || !b.isAlive());
        Process loser = a.isAlive() ? b : a;
        Process winner = a.isAlive() ? a : b;
        stack.adopt(winner);
        assertThat(loser.exitValue()).as("the second start's exit code").isEqualTo(4);
        long t0 = System.nanoTime();
        stack.awaitRecovered(START, "two starts at once");
        Watchers.record("supervisor two starts at once", (System.nanoTime() - t0) / 1_000_000, START);
        assertThat(winner.isAlive()).isTrue();
        assertThat(stack.status().path("supervisor").path("pid").asLong()).isEqualTo(winner.pid());
        stack.awaitTrue(Duration.ofSeconds(5), "one bot process", () -> botProcesses() == 1);
    }

    /** Stale run/supervisor.pid and run/child.pid naming an innocent live process: it must survive. */
    @Test
    @Order(3)
    void stalePidFilesNeitherBlockNorKill() throws Exception {
        assertThat(stack.terminateSupervisor(Duration.ofSeconds(20))).isZero();
        Process innocent = new ProcessBuilder("sleep", "300").start();
        try {
            String fake = innocent.pid() + "\n" + (Procs.startTime(innocent.pid()) + 12345) + "\n";
            Files.writeString(stack.home.resolve("run/supervisor.pid"), fake);
            Files.writeString(stack.home.resolve("run/child.pid"), fake);
            stack.launchSupervisor();
            long t0 = System.nanoTime();
            stack.awaitRecovered(START, "a start over stale PID files");
            Watchers.record("supervisor start over stale PID files", (System.nanoTime() - t0) / 1_000_000, START);
            assertThat(innocent.isAlive()).as("the process a stale PID file named").isTrue();
            Stack.Run status = stack.cli(Duration.ofSeconds(30), "status");
            assertThat(status.exitCode()).as("status: %s", status.output()).isZero();
        } finally {
            innocent.destroyForcibly();
            innocent.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** The status file cannot be written (a directory in its place): logged, supervision goes on. */
    @Test
    @Order(4)
    void unwritableStatusFileKeepsSupervising() throws Exception {
        long bot = stack.childPid();
        Path status = stack.statusFile();
        Files.delete(status);
        Files.createDirectory(status);
        Files.writeString(status.resolve("blocker"), "x");
        Duration bound = Bounds.of(Duration.ofSeconds(1), Bounds.RESTART);
        long t0 = System.nanoTime();
        try {
            Procs.signal(bot, "KILL");
            stack.awaitTrue(bound, "a restart logged in auto_restart.log",
                    () -> stack.autoRestartLog().contains("pid=" + bot));
            stack.awaitTrue(Bounds.left(t0, bound), "a new bot connected", () -> stack.botHealth() == 200
                    && stack.sim.sessionsOf(stack.token) == 1);
            Watchers.record("supervisor status file unwritable + child SIGKILL", (System.nanoTime() - t0) / 1_000_000, bound);
            assertThat(stack.supervisorLog()).contains("cannot write the status file");
        } finally {
            Files.delete(status.resolve("blocker"));
            Files.delete(status);
        }
        // Written again at the next health probe.
        stack.awaitTrue(Bounds.of(Bounds.PROBE_INTERVAL, Duration.ofSeconds(3)), "the status file written again", () -> {
            JsonNode s = stack.status();
            return s != null && s.path("child").path("state").asText().equals("running")
                    && s.path("child").path("pid").asLong() != bot;
        });
    }

    /**
     * SIGKILL of the supervisor: the bot sees its stdin close and exits by itself; then the cron
     * job's script starts everything again, with one bot.
     */
    @Test
    @Order(5)
    void sigkillThenEnsureRunningBringsBackOneBot() throws Exception {
        long bot = stack.childPid();
        long t0 = System.nanoTime();
        stack.supervisor().destroyForcibly();
        // The bot's stdin reaches EOF at once; its hard-exit deadline is 9 s.
        Duration orphanBound = Duration.ofSeconds(10);
        stack.awaitTrue(orphanBound, "the orphaned bot to exit", () -> !Procs.alive(bot));
        stack.awaitTrue(Duration.ofSeconds(5), "its session closed", () -> stack.sim.sessionsOf(stack.token) == 0);
        long orphanMs = (System.nanoTime() - t0) / 1_000_000;
        Watchers.record("supervisor SIGKILL: bot exits by itself", orphanMs, orphanBound);
        markJarsCurrent();
        long t1 = System.nanoTime();
        Stack.Run ensure = stack.script(ENSURE, "ensure_bot_running.sh");
        assertThat(ensure.exitCode()).as("ensure_bot_running.sh: %s", ensure.output()).isZero();
        stack.awaitRecovered(Bounds.left(t1, ENSURE), "ensure_bot_running.sh");
        Watchers.record("supervisor SIGKILL -> ensure_bot_running.sh -> healthy", (System.nanoTime() - t1) / 1_000_000,
                ENSURE);
        assertThat(botProcesses()).as("bots running").isEqualTo(1);
        Stack.Run again = stack.script(ENSURE, "ensure_bot_running.sh");
        assertThat(again.exitCode()).isZero();
        assertThat(botProcesses()).as("bots after a second ensure").isEqualTo(1);
        assertThat(E2e.read(stack.home.resolve("logs/ultra_start.log"))).contains("ensure: supervisor started");
        Stack.Run stop = stack.cli(Duration.ofSeconds(60), "stop");
        assertThat(stop.exitCode()).as("stop: %s", stop.output()).isZero();
        stack.assertNoOrphans(Duration.ofSeconds(10));
    }

    /**
     * The reactor has just built the jars, but maven-jar-plugin keeps an unchanged jar's old
     * modification time, so scripts/lib/build.sh may find a pom newer than a jar and start
     * "mvn package" from inside this test (over the jars under test). Their mtimes are made to
     * say what is true: they are current.
     */
    private static void markJarsCurrent() throws java.io.IOException {
        java.nio.file.attribute.FileTime now = java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis());
        for (String module : java.util.List.of("gateway-sim-cli", "gateway-keeper", "bot", "supervisor")) {
            Files.setLastModifiedTime(E2e.jar(module), now);
        }
    }

    /** Live bot processes of this home (by working directory and the bot jar on the command line). */
    private long botProcesses() {
        return stack.leftovers().stream().filter(f -> f.cmdline().contains("bot.jar")).count();
    }
}
