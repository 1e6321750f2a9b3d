package io.ultrareliability.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The token chain through the whole stack (a bad token is fatal without a loop; a rotated
 * DISCORD_TOKEN_FILE is picked up on restart) and the supervisor's probes that watch a bot
 * which still answers: the stale heartbeat (heartbeat.max_age 3 s; the bot's own stale
 * detector set far away so the supervisor acts) and a 503 for longer than
 * health.not_ready_timeout (3 s here).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TokenAndProbesIT {
    private static final String SECOND = "e2e-rotated-" + Long.toHexString(System.nanoTime());
    /** The stack's first start: the supervisor's JVM, then the bot's cold start, which ends in exit 78 here. */
    private static final Duration START = Bounds.of(Bounds.SUPERVISOR_START, Bounds.COLD_START);
    /** {@code restart}: the CLI's JVM, the old bot's stop, a cold start. */
    private static final Duration MANUAL_RESTART = Bounds.of(Bounds.SUPERVISOR_START, Bounds.STOP, Bounds.COLD_START);
    /** Alive but not ready: HTTP 503 for this long, then a restart (unhealthy). */
    private static final Duration NOT_READY_TIMEOUT = Duration.ofSeconds(3);

    private Stack stack;
    private Path tokenFile;
    private SessionSampler first;
    private SessionSampler second;

    @BeforeAll
    void startStack() throws Exception {
        Path secrets = Files.createDirectories(Path.of("target", "stacks", "secrets-" + System.nanoTime()).toAbsolutePath());
        tokenFile = secrets.resolve("discord_token");
        Files.writeString(tokenFile, "e2e-not-a-valid-token\n");
        stack = Stack.builder("token")
                .alsoAccept(SECOND)
                .tokenNotInEnv()
                .env("DISCORD_TOKEN_FILE", tokenFile.toString())
                .env("DISCORD_HEARTBEAT_TIMEOUT", "10m")
                .set("heartbeat.max_age=3s")
                .set("health.not_ready_timeout=" + NOT_READY_TIMEOUT.toSeconds() + "s")
                .dontAwaitHealthy()
                .start();
        first = new SessionSampler(stack.sim, stack.token);
        second = new SessionSampler(stack.sim, SECOND);
    }

    @AfterAll
    void stopStack() throws Exception {
        try {
            first.close();
            second.close();
            assertThat(first.max()).as("sessions of the first token at once").isLessThanOrEqualTo(1);
            assertThat(second.max()).as("sessions of the rotated token at once").isLessThanOrEqualTo(1);
            assertThat(stack.terminateSupervisor(Duration.ofSeconds(20))).isZero();
            stack.assertNoOrphans(Duration.ofSeconds(5));
        } finally {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void badTokenIsFatalWithAClearReasonAndNoLoop() {
        stack.awaitTrue(START, "state fatal", () -> stack.childState().equals("fatal"));
        JsonNode s = stack.status();
        String reason = s.path("child").path("fatal_reason").asText();
        assertThat(reason).as("fatal_reason").isNotBlank().containsAnyOf("78", "token", "configuration");
        int history = stack.historySize();
        long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < until) {
            assertThat(stack.childState()).as("stays fatal: no restart loop").isEqualTo("fatal");
            E2e.sleepMs(100);
        }
        assertThat(stack.historySize()).isEqualTo(history);
        assertThat(stack.botLog()).contains("FATAL").doesNotContain("e2e-not-a-valid-token");
    }

    @Test
    @Order(2)
    void validTokenInTheFileIsPickedUpOnRestart() throws Exception {
        Files.writeString(tokenFile, stack.token + "\n");
        long t0 = System.nanoTime();
        Stack.Run restart = stack.cli(Duration.ofSeconds(60), "restart", "--timeout", "45s");
        assertThat(restart.exitCode()).as("restart: %s", restart.output()).isZero();
        stack.awaitRecovered(Bounds.left(t0, MANUAL_RESTART), "a valid token in the file");
        Watchers.record("token: fatal -> valid token file -> restart", (System.nanoTime() - t0) / 1_000_000, MANUAL_RESTART);
    }

    @Test
    @Order(3)
    void rotatedTokenFileIsPickedUpOnRestart() throws Exception {
        Files.writeString(tokenFile, SECOND + "\n");
        long t0 = System.nanoTime();
        Stack.Run restart = stack.cli(Duration.ofSeconds(60), "restart", "--timeout", "45s");
        assertThat(restart.exitCode()).as("restart: %s", restart.output()).isZero();
        stack.awaitTrue(Bounds.left(t0, MANUAL_RESTART), "a session with the rotated token only",
                () -> stack.sim.sessionsOf(SECOND) == 1 && stack.sim.sessionsOf(stack.token) == 0 && stack.botHealth() == 200);
        Watchers.record("token: rotated file -> restart", (System.nanoTime() - t0) / 1_000_000, MANUAL_RESTART);
        assertThat(stack.lastRestart().path("reason").asText()).isEqualTo("manual");
    }

    /**
     * HTTP alive, gateway dead: the simulator stops ACKing heartbeats; the bot keeps answering
     * /health while its last_heartbeat_ack ages past heartbeat.max_age: restart, reason stale-heartbeat.
     */
    @Test
    @Order(4)
    void staleHeartbeatIsRestartedBySupervisor() {
        long pid = runningPid();
        // max_age, then 2 stale answers in a row (heartbeat.failure_threshold, a probe every 2 s), 2 s of slack.
        Duration detect = Bounds.of(Duration.ofSeconds(3), Bounds.PROBE_INTERVAL, Bounds.PROBE_INTERVAL, Duration.ofSeconds(2));
        Duration bound = Bounds.of(detect, Bounds.STOP, Bounds.RESTART);
        long t0 = System.nanoTime();
        stack.sim.fault("zombie?on=true");
        try {
            stack.awaitRestartOf(pid, "stale-heartbeat", detect);
        } finally {
            stack.sim.fault("zombie?on=false");
        }
        awaitNewBotWithTheRotatedToken(pid, t0, bound);
        Watchers.record("child stale heartbeat (sim zombie, max_age 3 s)", (System.nanoTime() - t0) / 1_000_000, bound);
        assertThat(stack.autoRestartLog()).contains("reason=stale-heartbeat");
    }

    /**
     * HTTP alive, not ready for too long: the gateway refuses every connection, the bot answers
     * 503 while it retries (10 attempts: it would not give up for a minute), and after
     * health.not_ready_timeout the supervisor restarts it, reason unhealthy; the next bot
     * connects once the gateway is back.
     */
    @Test
    @Order(5)
    void notReadyForTooLongIsRestartedBySupervisor() {
        long pid = runningPid();
        // Counted from the first 503 the supervisor sees (a probe interval late at most) and checked at
        // each probe (another interval at most); 2 s of slack.
        Duration detect = Bounds.of(Bounds.PROBE_INTERVAL, NOT_READY_TIMEOUT, Bounds.PROBE_INTERVAL, Duration.ofSeconds(2));
        Duration bound = Bounds.of(detect, Bounds.STOP, Bounds.RESTART);
        long t0 = System.nanoTime();
        stack.sim.fault("refuse?seconds=600");
        stack.sim.fault("drop");
        try {
            stack.awaitRestartOf(pid, "unhealthy", detect);
        } finally {
            stack.sim.fault("refuse?seconds=0");
        }
        long detected = (System.nanoTime() - t0) / 1_000_000;
        assertThat(detected).as("restarted only after not_ready_timeout").isGreaterThanOrEqualTo(NOT_READY_TIMEOUT.toMillis());
        assertThat(stack.lastRestart().path("detail").asText()).contains("not ready for " + NOT_READY_TIMEOUT.toSeconds() + "s").contains("HTTP 503 since");
        awaitNewBotWithTheRotatedToken(pid, t0, bound);
        Watchers.record("child not ready (503) for not_ready_timeout " + NOT_READY_TIMEOUT.toSeconds() + " s", (System.nanoTime() - t0) / 1_000_000, bound);
        assertThat(stack.autoRestartLog().lines().anyMatch(l -> l.contains("reason=unhealthy") && l.contains("pid=" + pid)))
                .as("auto_restart.log line for pid %d", pid).isTrue();
    }

    /**
     * The bot, once the supervisor has seen it healthy: while it is still "starting", a stale or
     * not-ready answer only counts against the startup grace, so these rows would wait in vain.
     */
    private long runningPid() {
        stack.awaitTrue(Bounds.of(Bounds.PROBE_INTERVAL, Duration.ofSeconds(1)), "child state running",
                () -> stack.childState().equals("running") && stack.botHealth() == 200);
        return stack.childPid();
    }

    private void awaitNewBotWithTheRotatedToken(long oldPid, long t0, Duration bound) {
        stack.awaitNewChild(oldPid, Bounds.left(t0, bound));
        stack.awaitTrue(Bounds.left(t0, bound), "the new bot connected with the rotated token",
                () -> stack.botHealth() == 200 && stack.sim.sessionsOf(SECOND) == 1);
    }

    @Test
    @Order(6)
    void tokensAppearNowhere() throws Exception {
        List<String> tokens = List.of(stack.token, SECOND, "e2e-not-a-valid-token");
        try (var files = Files.walk(stack.home)) {
            for (Path p : files.filter(Files::isRegularFile).filter(p -> !p.startsWith(stack.home.resolve("sim"))).toList()) {
                String text = E2e.read(p);
                for (String t : tokens) {
                    assertThat(text).as("%s must not contain a token", p).doesNotContain(t);
                }
            }
        }
        long bot = stack.childPid();
        String cmdline = new String(Files.readAllBytes(Path.of("/proc", Long.toString(bot), "cmdline")));
        tokens.forEach(t -> assertThat(cmdline).doesNotContain(t));
    }
}
