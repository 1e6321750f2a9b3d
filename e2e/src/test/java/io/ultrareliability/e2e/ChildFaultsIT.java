package io.ultrareliability.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Child faults of the matrix on one shared stack: each kills, stops or upsets the bot process
 * and expects the supervisor to replace it (new PID, the right reason in restart_history and
 * auto_restart.log) and the bot to be connected again, once, within the row's bound.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChildFaultsIT {
    private Stack stack;
    private Watchers watchers;

    @BeforeAll
    void startStack() throws Exception {
        stack = Stack.builder("child")
                // Exit 75 after 2 attempts of 5 s; the liveness window (24 x 500 ms) is longer.
                // A connection timeout shorter than a login on this loaded machine (2 s) made
                // discarded JDA instances open a second session (see docs/e2e.md).
                .env("DISCORD_MAX_RECONNECT_ATTEMPTS", "2")
                .env("DISCORD_CONNECTION_TIMEOUT", "5s")
                .set("health.failure_threshold=24")
                .start();
        watchers = new Watchers(stack);
    }

    @AfterEach
    void invariants(TestInfo info) {
        watchers.checkAndRenew(info.getDisplayName());
    }

    @AfterAll
    void stopStack() throws Exception {
        try {
            if (watchers != null) {
                watchers.close();
            }
            if (stack != null && stack.supervisor() != null && stack.supervisor().isAlive()) {
                assertThat(stack.terminateSupervisor(Duration.ofSeconds(20))).as("supervisor exit after SIGTERM").isZero();
                stack.assertNoOrphans(Duration.ofSeconds(5));
            }
        } finally {
            if (stack != null) {
                stack.close();
            }
        }
    }

    /** A process fault: the old child gone, a new one healthy with one session, the right reason logged. */
    private JsonNode assertReplaced(String row, long oldPid, long t0, Duration bound, String reason) {
        stack.awaitTrue(bound, "a restart with reason " + reason + " of pid " + oldPid, () -> {
            JsonNode r = stack.lastRestart();
            return r.path("pid").asLong() == oldPid && r.path("reason").asText().equals(reason);
        });
        long newPid = stack.awaitNewChild(oldPid, bound);
        stack.awaitRecovered(bound.minusNanos(System.nanoTime() - t0).isNegative() ? Duration.ofMillis(1)
                : bound.minusNanos(System.nanoTime() - t0), row);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        Watchers.record(row, ms, bound);
        assertThat(Procs.alive(oldPid)).as("old bot %d still alive", oldPid).isFalse();
        assertThat(stack.childPid()).as("child pid after %s", row).isEqualTo(newPid);
        stack.awaitTrue(Duration.ofSeconds(5), "auto_restart.log line for pid " + oldPid,
                () -> stack.autoRestartLog().lines().anyMatch(l -> l.contains("reason=" + reason)
                        && l.contains("pid=" + oldPid)));
        return stack.lastRestart();
    }

    private long healthyPid() {
        stack.awaitRecovered(Duration.ofSeconds(30), "the previous row");
        stack.awaitTrue(Duration.ofSeconds(10), "child state running", () -> stack.childState().equals("running"));
        return stack.childPid();
    }

    @Test
    @Order(1)
    void sigkillIsReplacedByTheSupervisor() {
        long pid = healthyPid();
        long t0 = System.nanoTime();
        Procs.signal(pid, "KILL");
        JsonNode r = assertReplaced("child SIGKILL", pid, t0, Duration.ofSeconds(20), "crash");
        assertThat(r.path("signal").asText()).isEqualTo("SIGKILL");
    }

    /**
     * Death by another signal (SIGALRM: neither the bot nor the JVM handles it; the bot ignores
     * SIGHUP, so a terminal hang-up never kills it). A plain non-zero exit code
     * is covered by {@link CrashLoopIT} (a child that exits 1): the bot itself only exits 0, 75 or 78.
     */
    @Test
    @Order(2)
    void deathBySignalIsACrash() {
        long pid = healthyPid();
        long t0 = System.nanoTime();
        Procs.signal(pid, "ALRM");
        JsonNode r = assertReplaced("child killed by SIGALRM", pid, t0, Duration.ofSeconds(30), "crash");
        assertThat(r.path("signal").asText()).isEqualTo("SIGALRM");
    }

    /** SIGSTOP: /health stops answering; 3 failed probes, SIGTERM, grace, SIGKILL, a new bot. */
    @Test
    @Order(3)
    void hangIsDetectedByTheHealthProbe() {
        long pid = healthyPid();
        long t0 = System.nanoTime();
        Procs.signal(pid, "STOP");
        try {
            assertReplaced("child SIGSTOP hang", pid, t0, Duration.ofSeconds(60), "unhealthy");
        } finally {
            if (Procs.alive(pid)) {
                Procs.signal(pid, "CONT");
            }
        }
        assertThat(stack.supervisorLog()).contains("child " + pid);
    }

    /** A line matching log_triggers in the bot's output: an unknown slash command, injected by the simulator. */
    @Test
    @Order(4)
    void fatalLogPatternRestartsTheBot() {
        long pid = healthyPid();
        long t0 = System.nanoTime();
        stack.sim.fault("interactions", "{\"name\":\"e2e_fatal_trigger\"}");
        assertReplaced("child fatal log pattern", pid, t0, Duration.ofSeconds(30), "log-trigger");
        assertThat(stack.botLog()).contains("unknown command /e2e_fatal_trigger");
    }

    /**
     * Exit 75: the gateway refuses longer than the bot's attempts (2, connection timeout 5 s), the
     * bot gives up, the supervisor restarts it (exit-tempfail); the gateway comes back.
     */
    @Test
    @Order(5)
    void gaveUpReconnectingIsRestartedWithBackoff() {
        long pid = healthyPid();
        long t0 = System.nanoTime();
        stack.sim.fault("refuse?seconds=600");
        stack.sim.fault("drop");
        try {
            stack.awaitTrue(Duration.ofSeconds(45), "exit 75 of pid " + pid, () -> {
                JsonNode r = stack.lastRestart();
                return r.path("pid").asLong() == pid && r.path("reason").asText().equals("exit-tempfail");
            });
        } finally {
            stack.sim.fault("reset");
        }
        JsonNode r = assertReplaced("child exit 75", pid, t0, Duration.ofSeconds(75), "exit-tempfail");
        assertThat(r.path("exit_code").asInt()).isEqualTo(75);
    }

    /**
     * Slow start: a manual restart while the gateway refuses for 4 s (longer than 3 failed probes):
     * the startup grace keeps the supervisor from killing the new bot, which connects late.
     */
    @Test
    @Order(6)
    void slowStartIsNotKilled() {
        long pid = healthyPid();
        int history = stack.historySize();
        stack.sim.fault("refuse?seconds=4");
        long t0 = System.nanoTime();
        Stack.Run restart = stack.cli(Duration.ofSeconds(60), "restart", "--timeout", "45s");
        assertThat(restart.exitCode()).as("restart: %s", restart.output()).isZero();
        long newPid = stack.childPid();
        assertThat(newPid).isNotEqualTo(pid);
        stack.awaitRecovered(Duration.ofSeconds(30), "a slow start");
        Watchers.record("child slow start (manual restart, gateway refusing 4 s)", (System.nanoTime() - t0) / 1_000_000,
                Duration.ofSeconds(45));
        assertThat(stack.historySize()).as("one manual restart, no unhealthy one").isEqualTo(Math.min(history + 1, 20));
        assertThat(stack.lastRestart().path("reason").asText()).isEqualTo("manual");
        assertThat(stack.childPid()).as("the slow bot was not replaced").isEqualTo(newPid);
    }
}
