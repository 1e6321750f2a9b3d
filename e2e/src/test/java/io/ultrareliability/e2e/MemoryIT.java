package io.ultrareliability.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * RSS over memory.max_rss: a limit (96 MiB) below what a connected bot JVM uses, sampled every
 * second, 12 samples in a row: the bot connects, is then replaced with reason memory, and the next
 * bot connects again (once). With a limit this low every bot is replaced in turn, so the row
 * checks the first replacement and the next recovery, then stops the stack.
 *
 * <p>A bot passes 96 MiB early in its start and the samples count from then (also while it is
 * starting), so the window must be longer than the rest of a cold start: with 6 samples, at load
 * 12, four bots in a row were replaced before they ever connected.
 */
class MemoryIT {
    private static final int SAMPLES = 12;

    @Test
    void rssOverTheLimitIsReplaced() throws Exception {
        try (Stack stack = Stack.builder("memory")
                .set("memory.max_rss=96MiB")
                .set("memory.interval=1s")
                .set("memory.samples=" + SAMPLES)
                .start();
                SessionSampler sampler = new SessionSampler(stack.sim, stack.token);
                StatusFileReader reader = new StatusFileReader(stack.statusFile())) {
            long pid = stack.childPid();
            // 12 samples of 1 s over the limit (counted from before /health was 200, so at most 12 s
            // from here) with 2 s of slack for a late sample, then the stop and the restart.
            Duration detect = Duration.ofSeconds(SAMPLES + 2);
            Duration bound = Bounds.of(detect, Bounds.STOP, Bounds.RESTART);
            long t0 = System.nanoTime();
            stack.awaitRestartOf(pid, "memory", detect);
            long detected = (System.nanoTime() - t0) / 1_000_000;
            JsonNode r = stack.lastRestart();
            assertThat(r.path("detail").asText()).as("detail").isNotBlank();
            stack.awaitNewChild(pid, Bounds.left(t0, bound));
            stack.awaitRecovered(Bounds.left(t0, bound), "a memory restart");
            Watchers.record("child RSS over limit (detect " + detected + " ms)", (System.nanoTime() - t0) / 1_000_000, bound);
            assertThat(stack.autoRestartLog()).contains("reason=memory").contains("pid=" + pid);
            assertThat(stack.terminateSupervisor(Duration.ofSeconds(20))).isZero();
            stack.assertNoOrphans(Duration.ofSeconds(5));
            assertThat(sampler.max()).as("sessions at once (worst %s)", sampler.worst()).isLessThanOrEqualTo(1);
            assertThat(reader.parseFailures()).as("status parse failures: %s", reader.firstFailure()).isZero();
        }
    }
}
