package io.ultrareliability.supervisor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, row 2: a child writing one 60 MB line without a newline once ran the output
 * reader out of heap; the child then blocked on its pipe while the status said running.
 */
class ChildOutputIT extends OneSupervisorPerTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void aSixtyMegabyteLineIsSplitTheChildIsNotBlockedAndTheSupervisorStaysHealthy() throws Exception {
        // The launcher's heap, and what it does on an OutOfMemoryError.
        sup.jvmOptions.addAll(List.of("-Xmx48m", "-XX:+ExitOnOutOfMemoryError"));
        sup.config("", "--long-line-mb", "60").start();
        long child = sup.childPid();
        String done = ItSupport.await("the child's line after its 60 MiB line", WAIT, () -> {
            String log = ItSupport.read(home.resolve("logs/bot.log"));
            int i = log.indexOf("LONG LINE DONE");
            return i >= 0 ? log.substring(i, log.indexOf('\n', i)) : null;
        });
        System.out.println("child: " + done);
        assertThat(sup.process.isAlive()).as("supervisor alive").isTrue();
        JsonNode s = sup.awaitRunning(WAIT);
        assertThat(s.path("child").path("pid").asLong()).as("the same child, never restarted").isEqualTo(child);
        assertThat(s.path("restart_history")).isEmpty();
        assertThat(ItSupport.read(home.resolve("logs/bot.log")))
                .contains("[line split: longer than the limit, continues]");
        assertThat(sup.supervisorLog()).doesNotContain("OutOfMemoryError").doesNotContain("died");
        assertThat(sup.terminate(Duration.ofSeconds(30))).isZero();
    }
}
