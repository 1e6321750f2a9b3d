package io.ultrareliability.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Crash loop: a child that always exits 1 (a plain non-zero exit). The supervisor restarts it
 * with growing delays (exact with jitter 0: 0, 200, 400, 800, 1600 ms), flags crash_loop after 5
 * failures and then waits the cap (2 s) each time; it never spins and never gives up.
 */
class CrashLoopIT {
    @Test
    void alwaysFailingChildIsContainedWithGrowingDelays() throws Exception {
        try (Stack stack = Stack.builder("crashloop")
                .env("ULTRA_CHILD_COMMAND", "/bin/false")
                .set("restart.jitter=0")
                .set("restart.multiplier=2")
                .set("restart.crash_loop_failures=5")
                .set("restart.crash_loop_window=10m")
                .dontAwaitHealthy()
                .start();
                StatusFileReader reader = new StatusFileReader(stack.statusFile())) {
            // The supervisor's JVM start, then the delays before failures 2..7 (7 s; /bin/false itself takes
            // milliseconds), 3 s of slack.
            Duration bound = Bounds.of(Bounds.SUPERVISOR_START, Duration.ofMillis(200 + 400 + 800 + 1600 + 2000 + 2000),
                    Duration.ofSeconds(3));
            stack.awaitTrue(bound, "7 restarts in restart_history", () -> stack.historySize() >= 7);
            JsonNode s = stack.status();
            List<JsonNode> oldestFirst = new ArrayList<>();
            s.path("restart_history").forEach(r -> oldestFirst.add(0, r));
            List<Long> delays = oldestFirst.stream().map(r -> r.path("next_delay_ms").asLong()).toList();
            // The crash-loop flag (5th failure) raises the alert only: the delay keeps doubling to the cap (issue 12).
            assertThat(delays.subList(0, 7)).as("delays of failures 1..7")
                    .containsExactly(0L, 200L, 400L, 800L, 1600L, 2000L, 2000L);
            for (JsonNode r : oldestFirst) {
                assertThat(r.path("reason").asText()).isEqualTo("crash");
                assertThat(r.path("exit_code").asInt()).as("exit code of /bin/false").isEqualTo(1);
            }
            assertThat(oldestFirst.get(4).path("crash_loop").asBoolean()).as("5th failure flags the loop").isTrue();
            assertThat(oldestFirst.get(3).path("crash_loop").asBoolean()).isFalse();
            stack.awaitTrue(Duration.ofSeconds(5), "crash_loop in the status", () -> stack.status() != null
                    && stack.status().path("crash_loop").asBoolean());
            assertThat(stack.autoRestartLog()).contains("crash_loop=true").contains("reason=crash exit_code=1");
            assertThat(stack.terminateSupervisor(Duration.ofSeconds(20))).isZero();
            stack.assertNoOrphans(Duration.ofSeconds(5));
            assertThat(reader.parseFailures()).as("status parse failures: %s", reader.firstFailure()).isZero();
        }
    }
}
