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
                .env("DISCORD_MAX_RECONNECT_ATTEMPTS", "3")
                .env("DISCORD_CONNECTION_TIMEOUT", "3s")
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
}
