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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Gateway faults of the matrix on one shared stack: the bot absorbs each one itself (the same
 * PID, no restart by the supervisor) and is connected again, once, within the row's bound.
 * The last row (a revoked token) is the exception by design: exit 78, state fatal, no loop.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayFaultsIT {
    /** Generous for a shared 2-core machine: JDA resumes in well under a second here. */
    private static final Duration BOUND = Duration.ofSeconds(20);

    private Stack stack;
    private Watchers watchers;
    private long botPid;

    @BeforeAll
    void startStack() throws Exception {
        stack = Stack.builder("gateway").start();
        watchers = new Watchers(stack);
        botPid = stack.childPid();
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
                assertThat(stack.sim.sessionsOf(stack.token)).as("sessions after stop").isZero();
            }
        } finally {
            if (stack != null) {
                stack.close();
            }
        }
    }

    /** Injects a fault, waits until the bot saw it (its disconnect count grew) and came back; same PID. */
    private void absorbed(String row, String fault) {
        stack.awaitRecovered(Duration.ofSeconds(30), "the previous row");
        int history = stack.historySize();
        long disconnects = stack.botCounter("disconnects");
        long freshInstances = stack.botCounter("fresh_instances");
        long t0 = System.nanoTime();
        stack.sim.fault(fault);
        stack.awaitTrue(BOUND, "the bot to notice " + row, () -> stack.botCounter("disconnects") > disconnects
                || stack.botCounter("fresh_instances") > freshInstances);
        stack.awaitRecovered(BOUND, row);
        Watchers.record("gateway " + row, (System.nanoTime() - t0) / 1_000_000, BOUND);
        assertSameBot(row, history);
    }

    private void assertSameBot(String row, int history) {
        assertThat(stack.childPid()).as("bot pid after %s (the bot handles gateway faults)", row).isEqualTo(botPid);
        assertThat(Procs.alive(botPid)).isTrue();
        assertThat(stack.historySize()).as("supervisor restarts during %s", row).isEqualTo(history);
    }

    @ParameterizedTest(name = "close {0}")
    @ValueSource(ints = {1000, 1001, 4000, 4007, 4009})
    @Order(1)
    void closeCodes(int code) {
        absorbed("close " + code, "close?code=" + code);
    }

    @Test
    @Order(2)
    void tcpDrop1006() {
        absorbed("drop (1006)", "drop");
    }

    @Test
    @Order(3)
    void op7Reconnect() {
        absorbed("op 7 RECONNECT", "reconnect");
    }

    @ParameterizedTest(name = "op 9 resumable={0}")
    @ValueSource(booleans = {true, false})
    @Order(4)
    void op9InvalidSession(boolean resumable) {
        long identifies = stack.sim.counter("identifies");
        absorbed("op 9 d=" + resumable, "invalidate?resumable=" + resumable);
        if (!resumable) {
            assertThat(stack.sim.counter("identifies")).as("a new session after op 9 false").isGreaterThan(identifies);
        }
    }

    /** Heartbeat ACKs stop while the socket stays open: JDA (2 missed beats) or the bot's stale detector. */
    @Test
    @Order(5)
    void zombieConnection() {
        stack.awaitRecovered(Duration.ofSeconds(30), "the previous row");
        int history = stack.historySize();
        long disconnects = stack.botCounter("disconnects");
        long fresh = stack.botCounter("fresh_instances");
        long t0 = System.nanoTime();
        stack.sim.fault("zombie?on=true");
        try {
            stack.awaitTrue(BOUND, "the bot to notice the zombie connection",
                    () -> stack.botCounter("disconnects") > disconnects || stack.botCounter("fresh_instances") > fresh);
        } finally {
            stack.sim.fault("zombie?on=false");
        }
        stack.awaitRecovered(BOUND, "zombie");
        stack.awaitTrue(BOUND, "a fresh heartbeat ACK", () -> {
            JsonNode h = E2e.get("http://127.0.0.1:" + stack.healthPort + "/health", Duration.ofSeconds(1)).json();
            return h != null && h.path("last_heartbeat_ack").isTextual() && java.time.Instant.parse(
                    h.path("last_heartbeat_ack").asText()).isAfter(java.time.Instant.now().minusSeconds(3));
        });
        Watchers.record("gateway zombie", (System.nanoTime() - t0) / 1_000_000, BOUND);
        assertSameBot("zombie", history);
    }

    /** The gateway refuses new connections for 3 s right after a drop: the bot retries until it is back. */
    @Test
    @Order(6)
    void refusedForAWhile() {
        stack.awaitRecovered(Duration.ofSeconds(30), "the previous row");
        int history = stack.historySize();
        long t0 = System.nanoTime();
        stack.sim.fault("refuse?seconds=3");
        stack.sim.fault("drop");
        stack.awaitTrue(BOUND, "the bot to notice the drop", () -> stack.botHealth() != 200);
        stack.awaitRecovered(BOUND, "refused connections");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        Watchers.record("gateway refused 3 s", ms, BOUND);
        assertThat(ms).as("cannot be back before the refusal ends").isGreaterThanOrEqualTo(2_900);
        assertSameBot("refused for a while", history);
    }

    /** REST 429 for 3 s: a slash command's answer waits for retry_after and still arrives; nothing crashes. */
    @Test
    @Order(7)
    void restRateLimited() {
        stack.awaitRecovered(Duration.ofSeconds(30), "the previous row");
        int history = stack.historySize();
        long replies = stack.sim.counter("interaction_replies");
        long t0 = System.nanoTime();
        stack.sim.fault("ratelimit?seconds=3");
        stack.sim.fault("interactions", "{\"name\":\"ping\"}");
        stack.awaitTrue(BOUND, "the /ping answer after the 429s", () -> stack.sim.counter("interaction_replies") > replies);
        stack.awaitRecovered(BOUND, "429");
        Watchers.record("gateway REST 429 (3 s)", (System.nanoTime() - t0) / 1_000_000, BOUND);
        assertSameBot("429", history);
    }

    /**
     * Token revoked (REST 401 / close 4004): the bot exits 78, the supervisor goes fatal with a
     * clear reason and does not loop; after the token is valid again, {@code restart} recovers.
     */
    @Test
    @Order(8)
    void revokedTokenIsFatalWithoutALoop() {
        stack.awaitRecovered(Duration.ofSeconds(30), "the previous row");
        int history = stack.historySize();
        stack.sim.fault("tokens/revoke");
        stack.sim.fault("close?code=4000");
        stack.awaitTrue(BOUND, "state fatal", () -> stack.childState().equals("fatal"));
        JsonNode s = stack.status();
        assertThat(s.path("child").path("fatal_reason").asText()).as("fatal reason").isNotBlank();
        assertThat(Procs.alive(botPid)).isFalse();
        assertThat(stack.botLog()).contains("Exiting with code 78");
        // No loop: for several health intervals nothing is started again.
        long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < until) {
            assertThat(stack.childState()).as("still fatal").isEqualTo("fatal");
            assertThat(stack.childPid()).as("no child while fatal").isEqualTo(-1);
            E2e.sleepMs(100);
        }
        assertThat(stack.historySize()).as("exit 78 is not a restart").isLessThanOrEqualTo(history + 1);
        stack.sim.fault("reset");
        long t0 = System.nanoTime();
        Stack.Run restart = stack.cli(Duration.ofSeconds(60), "restart", "--timeout", "45s");
        assertThat(restart.exitCode()).as("restart after fatal: %s", restart.output()).isZero();
        stack.awaitRecovered(BOUND, "restart after the token is valid again");
        Watchers.record("gateway 4004 revoked -> fatal -> restart", (System.nanoTime() - t0) / 1_000_000, BOUND);
        botPid = stack.childPid();
    }
}
