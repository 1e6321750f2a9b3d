package io.ultrareliability.e2e;

import static io.ultrareliability.e2e.Bounds.COLD_START;
import static io.ultrareliability.e2e.Bounds.LIVENESS_WINDOW;
import static io.ultrareliability.e2e.Bounds.RESTART;
import static io.ultrareliability.e2e.Bounds.STOP;
import static io.ultrareliability.e2e.Bounds.SUPERVISOR_START;
import static io.ultrareliability.e2e.Bounds.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Child faults of the matrix on one shared stack: each kills, stops or upsets the bot process
 * and expects the supervisor to replace it (new PID, the right reason in restart_history and
 * auto_restart.log) and the bot to be connected again, once, within the row's bound.
 */
class ChildFaultsIT extends OneStackPerClass {
    /** The bot gives up (exit 75) after this many failed connections of DISCORD_CONNECTION_TIMEOUT (5 s) each. */
    private static final int ATTEMPTS = 2;

    @Override
    protected Stack.Builder newStack() {
        // Few attempts so that exit 75 comes within seconds; the supervisor's defaults do the rest
        // (a 503 while the bot reconnects is not a failed probe; not_ready_timeout 5m).
        return Stack.builder("child").env("DISCORD_MAX_RECONNECT_ATTEMPTS", Integer.toString(ATTEMPTS));
    }

    /** A process fault: the old child gone, a new one healthy with one session, the right reason logged. */
    private JsonNode assertReplaced(String row, long oldPid, long t0, Duration bound, String reason) {
        stack.awaitTrue(Bounds.left(t0, bound), "a restart with reason " + reason + " of pid " + oldPid, () -> {
            JsonNode r = stack.lastRestart();
            return r.path("pid").asLong() == oldPid && r.path("reason").asText().equals(reason);
        });
        long newPid = stack.awaitNewChild(oldPid, Bounds.left(t0, bound));
        stack.awaitRecovered(Bounds.left(t0, bound), row);
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
        stack.awaitRecovered(RESTART, "the previous row");
        stack.awaitTrue(Duration.ofSeconds(10), "child state running", () -> stack.childState().equals("running"));
        return stack.childPid();
    }

    /** kill -9: the supervisor's exit callback fires at once (~60 ms), then backoff and a cold start. */
    @Test
    @Order(1)
    void sigkillIsReplacedByTheSupervisor() {
        long pid = healthyPid();
        long t0 = System.nanoTime();
        Procs.signal(pid, "KILL");
        JsonNode r = assertReplaced("child SIGKILL", pid, t0, Bounds.of(seconds(1), RESTART), "crash");
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
        JsonNode r = assertReplaced("child killed by SIGALRM", pid, t0, Bounds.of(seconds(1), RESTART), "crash");
        assertThat(r.path("signal").asText()).isEqualTo("SIGALRM");
    }

    /**
     * SIGSTOP: /health stops answering; 3 probes time out (the liveness window), SIGTERM (the
     * supervisor sends SIGCONT with it), at most the stop grace, SIGKILL, a new bot.
     */
    @Test
    @Order(3)
    void hangIsDetectedByTheHealthProbe() {
        long pid = healthyPid();
        long t0 = System.nanoTime();
        Procs.signal(pid, "STOP");
        try {
            assertReplaced("child SIGSTOP hang", pid, t0, Bounds.of(LIVENESS_WINDOW, STOP, RESTART), "unhealthy");
        } finally {
            if (Procs.alive(pid)) {
                Procs.signal(pid, "CONT");
            }
        }
        assertThat(stack.lastRestart().path("detail").asText()).as("detail of the hang's restart")
                .contains("health check failed 3 times in a row");
        assertThat(stack.supervisorLog()).contains("child " + pid);
    }

    /** A line matching log_triggers in the bot's output: an unknown slash command, injected by the simulator. */
    @Test
    @Order(4)
    void fatalLogPatternRestartsTheBot() {
        long pid = healthyPid();
        long t0 = System.nanoTime();
        stack.sim.fault("interactions", "{\"name\":\"e2e_fatal_trigger\"}");
        assertReplaced("child fatal log pattern", pid, t0, Bounds.of(seconds(1), STOP, RESTART), "log-trigger");
        assertThat(stack.botLog()).contains("unknown command /e2e_fatal_trigger");
    }

    /**
     * Exit 75: the gateway refuses longer than the bot's attempts (2 of 5 s), the bot gives up and
     * the supervisor restarts it (exit-tempfail); the gateway comes back. All the while the bot
     * answers 503, which the supervisor takes for alive-but-not-ready: no restart of its own
     * (not_ready_timeout is 5m), so the bot's own decision wins.
     */
    @Test
    @Order(5)
    void gaveUpReconnectingIsRestartedWithBackoff() {
        long pid = healthyPid();
        long t0 = System.nanoTime();
        // Each attempt: the connection timeout, then the bot's reconnect delay (200 ms doubling to 2 s).
        Duration giveUp = Bounds.of(Duration.ofSeconds(ATTEMPTS * (5 + 2)), seconds(5));
        stack.sim.fault("refuse?seconds=600");
        stack.sim.fault("drop");
        try {
            stack.awaitRestartOf(pid, "exit-tempfail", giveUp);
        } finally {
            stack.sim.fault("reset");
        }
        JsonNode r = assertReplaced("child exit 75", pid, t0, Bounds.of(giveUp, RESTART), "exit-tempfail");
        assertThat(r.path("exit_code").asInt()).isEqualTo(75);
    }

    /**
     * Slow start: a manual restart while the gateway refuses for 4 s (the bot answers nothing while
     * its JVM starts, then 503): the startup grace keeps the supervisor from killing the new bot,
     * which connects late.
     */
    @Test
    @Order(6)
    void slowStartIsNotKilled() {
        long pid = healthyPid();
        int history = stack.historySize();
        Duration bound = Bounds.of(SUPERVISOR_START, STOP, seconds(4), COLD_START);
        stack.sim.fault("refuse?seconds=4");
        long t0 = System.nanoTime();
        Stack.Run restart = stack.cli(Duration.ofSeconds(60), "restart", "--timeout", "45s");
        assertThat(restart.exitCode()).as("restart: %s", restart.output()).isZero();
        long newPid = stack.childPid();
        assertThat(newPid).isNotEqualTo(pid);
        stack.awaitRecovered(Bounds.left(t0, bound), "a slow start");
        Watchers.record("child slow start (manual restart, gateway refusing 4 s)", (System.nanoTime() - t0) / 1_000_000,
                bound);
        assertThat(stack.historySize()).as("one manual restart, no unhealthy one").isEqualTo(Math.min(history + 1, 20));
        assertThat(stack.lastRestart().path("reason").asText()).isEqualTo("manual");
        assertThat(stack.childPid()).as("the slow bot was not replaced").isEqualTo(newPid);
    }
}
