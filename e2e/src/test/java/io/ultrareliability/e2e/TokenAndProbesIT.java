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
 * DISCORD_TOKEN_FILE is picked up on restart) and the supervisor's stale-heartbeat probe
 * (heartbeat.max_age 3 s; the bot's own stale detector set far away so the supervisor acts).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TokenAndProbesIT {
    private static final String SECOND = "e2e-rotated-" + Long.toHexString(System.nanoTime());
    private static final Duration BOUND = Duration.ofSeconds(45);

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
        stack.awaitTrue(BOUND, "state fatal", () -> stack.childState().equals("fatal"));
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
        stack.awaitRecovered(BOUND, "a valid token in the file");
        Watchers.record("token: fatal -> valid token file -> restart", (System.nanoTime() - t0) / 1_000_000, BOUND);
    }

    @Test
    @Order(3)
    void rotatedTokenFileIsPickedUpOnRestart() throws Exception {
        Files.writeString(tokenFile, SECOND + "\n");
        long t0 = System.nanoTime();
        Stack.Run restart = stack.cli(Duration.ofSeconds(60), "restart", "--timeout", "45s");
        assertThat(restart.exitCode()).as("restart: %s", restart.output()).isZero();
        stack.awaitTrue(BOUND, "a session with the rotated token only",
                () -> stack.sim.sessionsOf(SECOND) == 1 && stack.sim.sessionsOf(stack.token) == 0 && stack.botHealth() == 200);
        Watchers.record("token: rotated file -> restart", (System.nanoTime() - t0) / 1_000_000, BOUND);
        assertThat(stack.lastRestart().path("reason").asText()).isEqualTo("manual");
    }

    /**
     * HTTP alive, gateway dead: the simulator stops ACKing heartbeats; the bot keeps answering
     * /health while its last_heartbeat_ack ages past heartbeat.max_age: restart, reason stale-heartbeat.
     */
    @Test
    @Order(4)
    void staleHeartbeatIsRestartedBySupervisor() {
        long pid = stack.childPid();
        long t0 = System.nanoTime();
        stack.sim.fault("zombie?on=true");
        try {
            stack.awaitTrue(BOUND, "a stale-heartbeat restart of " + pid, () -> {
                JsonNode r = stack.lastRestart();
                return r.path("pid").asLong() == pid && r.path("reason").asText().equals("stale-heartbeat");
            });
        } finally {
            stack.sim.fault("zombie?on=false");
        }
        stack.awaitNewChild(pid, BOUND);
        stack.awaitTrue(BOUND, "the new bot connected with the rotated token",
                () -> stack.botHealth() == 200 && stack.sim.sessionsOf(SECOND) == 1);
        Watchers.record("child stale heartbeat (sim zombie, max_age 3 s)", (System.nanoTime() - t0) / 1_000_000, BOUND);
        assertThat(stack.autoRestartLog()).contains("reason=stale-heartbeat");
    }

    @Test
    @Order(5)
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
