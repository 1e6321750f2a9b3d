package io.ultrareliability.supervisor.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChildLogBatcherTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final ChildLogBatcher batcher = new ChildLogBatcher(events::add, timer);

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void linesOfABatchComeOutAsOneEventJoinedByNewlines() {
        batcher.accept("one");
        batcher.accept("two");
        batcher.flush();
        assertThat(events).containsExactly("one\ntwo");
        batcher.flush();
        assertThat(events).as("nothing pending, nothing logged").hasSize(1);
    }

    @Test
    void aFullBatchIsWrittenAtOnceOnTheCallersThread() {
        String line = "x".repeat(99);
        int perBatch = ChildLogBatcher.MAX_BATCH / 100 + 1;
        for (int i = 0; i < perBatch; i++) {
            batcher.accept(line);
        }
        assertThat(events).hasSize(1);
        assertThat(events.get(0).split("\n", -1)).hasSize(perBatch).containsOnly(line);
    }

    @Test
    void aQuietChildsLineIsWrittenByTheTimerWithinItsDelay() throws Exception {
        long t0 = System.nanoTime();
        batcher.accept("last words");
        long deadline = t0 + 10_000_000_000L;
        while (events.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(events).containsExactly("last words");
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(ChildLogBatcher.MAX_DELAY_MS);
    }

    @Test
    void closeWritesWhatIsPending() {
        batcher.accept("a");
        batcher.close();
        assertThat(events).containsExactly("a");
    }
}
