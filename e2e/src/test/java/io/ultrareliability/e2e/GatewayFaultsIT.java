package io.ultrareliability.e2e;

import static io.ultrareliability.e2e.Bounds.NEW_SESSION;
import static io.ultrareliability.e2e.Bounds.RESUME;
import static io.ultrareliability.e2e.Bounds.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Gateway faults of the matrix on one shared stack: the bot absorbs each one itself (the same
 * PID, no restart by the supervisor) and is connected again, once, within the row's bound.
 * The last row (a revoked token) is the exception by design: exit 78, state fatal, no loop.
 */
class GatewayFaultsIT extends OneStackPerClass {
    /** Heartbeat ACKs stop: JDA notices after 2 missed beats (sim heartbeat 1 s), the bot's detector after 5 s; then a new session. */
    private static final Duration ZOMBIE = Bounds.of(seconds(5), NEW_SESSION);
    /**
     * The long outage: 3 probe intervals (2 s), so 3 probes in a row always see the bot's 503: had
     * a 503 counted as a failed probe, the supervisor would restart the bot.
     */
    private static final int OUTAGE_S = 6;

    private long botPid;

    @Override
    protected Stack.Builder newStack() {
        return Stack.builder("gateway");
    }

    @Override
    protected void started() {
        botPid = stack.childPid();
    }

    /** Injects a fault, waits until the bot saw it (its disconnect count grew) and came back; same PID. */
    private void absorbed(String row, String fault, Duration bound) {
        stack.awaitRecovered(bound, "the previous row");
        int history = stack.historySize();
        long disconnects = stack.botCounter("disconnects");
        long freshInstances = stack.botCounter("fresh_instances");
        long t0 = System.nanoTime();
        stack.sim.fault(fault);
        stack.awaitTrue(bound, "the bot to notice " + row, () -> stack.botCounter("disconnects") > disconnects
                || stack.botCounter("fresh_instances") > freshInstances);
        stack.awaitRecovered(Bounds.left(t0, bound), row);
        Watchers.record("gateway " + row, (System.nanoTime() - t0) / 1_000_000, bound);
        assertSameBot(row, history);
    }

    private void assertSameBot(String row, int history) {
        assertThat(stack.childPid()).as("bot pid after %s (the bot handles gateway faults)", row).isEqualTo(botPid);
        assertThat(Procs.alive(botPid)).isTrue();
        assertThat(stack.historySize()).as("supervisor restarts during %s", row).isEqualTo(history);
    }

    /** 1000 / 1001 / 4000: JDA resumes. */
    @ParameterizedTest(name = "close {0}")
    @ValueSource(ints = {1000, 1001, 4000})
    @Order(1)
    void closeCodesThatResume(int code) {
        absorbed("close " + code, "close?code=" + code, RESUME);
    }

    /** 4007 (invalid seq) / 4009 (session timed out): the resume is refused, a new IDENTIFY. */
    @ParameterizedTest(name = "close {0}")
    @ValueSource(ints = {4007, 4009})
    @Order(2)
    void closeCodesThatNeedANewSession(int code) {
        absorbed("close " + code, "close?code=" + code, NEW_SESSION);
    }

    @Test
    @Order(3)
    void tcpDrop1006() {
        absorbed("drop (1006)", "drop", RESUME);
    }

    @Test
    @Order(4)
    void op7Reconnect() {
        absorbed("op 7 RECONNECT", "reconnect", RESUME);
    }

    @ParameterizedTest(name = "op 9 resumable={0}")
    @ValueSource(booleans = {true, false})
    @Order(5)
    void op9InvalidSession(boolean resumable) {
        long identifies = stack.sim.counter("identifies");
        absorbed("op 9 d=" + resumable, "invalidate?resumable=" + resumable, resumable ? RESUME : NEW_SESSION);
        if (!resumable) {
            assertThat(stack.sim.counter("identifies")).as("a new session after op 9 false").isGreaterThan(identifies);
        }
    }

    /** Heartbeat ACKs stop while the socket stays open: JDA (2 missed beats) or the bot's stale detector. */
    @Test
    @Order(6)
    void zombieConnection() {
        stack.awaitRecovered(RESUME, "the previous row");
        int history = stack.historySize();
        long disconnects = stack.botCounter("disconnects");
        long fresh = stack.botCounter("fresh_instances");
        long t0 = System.nanoTime();
        stack.sim.fault("zombie?on=true");
        try {
            stack.awaitTrue(ZOMBIE, "the bot to notice the zombie connection",
                    () -> stack.botCounter("disconnects") > disconnects || stack.botCounter("fresh_instances") > fresh);
        } finally {
            stack.sim.fault("zombie?on=false");
        }
        stack.awaitRecovered(Bounds.left(t0, ZOMBIE), "zombie");
        stack.awaitTrue(Bounds.left(t0, ZOMBIE), "a fresh heartbeat ACK", () -> {
            JsonNode h = E2e.get("http://127.0.0.1:" + stack.healthPort + "/health", Duration.ofSeconds(1)).json();
            return h != null && h.path("last_heartbeat_ack").isTextual() && Instant.parse(
                    h.path("last_heartbeat_ack").asText()).isAfter(Instant.now().minusSeconds(3));
        });
        Watchers.record("gateway zombie", (System.nanoTime() - t0) / 1_000_000, ZOMBIE);
        assertSameBot("zombie", history);
    }

    /**
     * A long gateway outage (refused for 6 s right after a drop): the bot answers 503 while it
     * retries; the supervisor takes that for alive-but-not-ready (child state unhealthy,
     * not_ready_since set) and does not restart it; the same bot is back when the gateway is.
     */
    @Test
    @Order(7)
    void longOutageIsRiddenOutByTheSameBot() {
        stack.awaitRecovered(RESUME, "the previous row");
        int history = stack.historySize();
        // The refusal, then at most the bot's reconnect delay cap (2 s) and a new session.
        Duration bound = Bounds.of(seconds(OUTAGE_S), seconds(2), NEW_SESSION);
        long t0 = System.nanoTime();
        stack.sim.fault("refuse?seconds=" + OUTAGE_S);
        stack.sim.fault("drop");
        stack.awaitTrue(Bounds.of(Bounds.PROBE_INTERVAL, seconds(1)), "the bot to answer 503 and the supervisor to note not_ready_since", () -> {
            JsonNode s = stack.status();
            return stack.botHealth() == 503 && s != null && s.path("child").path("health").path("not_ready_since").isTextual()
                    && s.path("child").path("state").asText().equals("unhealthy");
        });
        stack.awaitRecovered(Bounds.left(t0, bound), "a long outage");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        Watchers.record("gateway refused " + OUTAGE_S + " s (bot answers 503, not restarted)", ms, bound);
        assertThat(ms).as("cannot be back before the refusal ends").isGreaterThanOrEqualTo(OUTAGE_S * 1000L - 100);
        assertSameBot("a long outage", history);
        stack.awaitTrue(Bounds.of(Bounds.PROBE_INTERVAL, seconds(1)), "not_ready_since cleared by a 200",
                () -> stack.status() != null && stack.status().path("child").path("health").path("not_ready_since").isNull()
                        && stack.childState().equals("running"));
    }

    /** REST 429 for 3 s: a slash command's answer waits for retry_after and still arrives; nothing crashes. */
    @Test
    @Order(8)
    void restRateLimited() {
        stack.awaitRecovered(RESUME, "the previous row");
        int history = stack.historySize();
        long replies = stack.sim.counter("interaction_replies");
        Duration bound = Bounds.of(seconds(3), RESUME);
        long t0 = System.nanoTime();
        stack.sim.fault("ratelimit?seconds=3");
        stack.sim.fault("interactions", "{\"name\":\"ping\"}");
        stack.awaitTrue(bound, "the /ping answer after the 429s", () -> stack.sim.counter("interaction_replies") > replies);
        stack.awaitRecovered(Bounds.left(t0, bound), "429");
        Watchers.record("gateway REST 429 (3 s)", (System.nanoTime() - t0) / 1_000_000, bound);
        assertSameBot("429", history);
    }

    /**
     * Token revoked (REST 401 / close 4004): the bot exits 78, the supervisor goes fatal with a
     * clear reason and does not loop; after the token is valid again, {@code restart} recovers.
     */
    @Test
    @Order(9)
    void revokedTokenIsFatalWithoutALoop() {
        stack.awaitRecovered(RESUME, "the previous row");
        int history = stack.historySize();
        stack.sim.fault("tokens/revoke");
        stack.sim.fault("close?code=4000");
        // The resume is refused (4004) at once; the bot exits 78 within its own hard-exit deadline (9 s).
        stack.awaitTrue(seconds(10), "state fatal", () -> stack.childState().equals("fatal"));
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
        Duration bound = Bounds.of(Bounds.SUPERVISOR_START, Bounds.COLD_START);
        long t0 = System.nanoTime();
        Stack.Run restart = stack.cli(Duration.ofSeconds(60), "restart", "--timeout", "45s");
        assertThat(restart.exitCode()).as("restart after fatal: %s", restart.output()).isZero();
        stack.awaitRecovered(Bounds.left(t0, bound), "restart after the token is valid again");
        Watchers.record("gateway 4004 revoked -> fatal -> restart", (System.nanoTime() - t0) / 1_000_000, bound);
        botPid = stack.childPid();
    }
}
