package io.ultrareliability.keeper.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardQueueTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final ForwardQueue q = new ForwardQueue();
    private final List<String> sent = new ArrayList<>();

    @Test
    void liveFramesGoAtOnceUpToTheWindowThenWait() {
        for (int i = 0; i < ForwardQueue.FORWARD_LIMIT + 5; i++) {
            assertThat(q.offer("f" + i, true, T0, sent::add)).isTrue();
        }
        assertThat(sent).hasSize(ForwardQueue.FORWARD_LIMIT);
        assertThat(q.waiting()).isEqualTo(5);
        q.flush(T0.plusSeconds(59), sent::add);
        assertThat(sent).hasSize(ForwardQueue.FORWARD_LIMIT);
        q.flush(T0.plusSeconds(60), sent::add);
        assertThat(sent).hasSize(ForwardQueue.FORWARD_LIMIT + 5).endsWith("f104");
    }

    @Test
    void framesWaitWhileNotLiveInOrderAndTheQueueIsBounded() {
        for (int i = 0; i < ForwardQueue.QUEUE; i++) {
            q.offer("w" + i, false, T0, sent::add);
        }
        assertThat(q.offer("one too many", false, T0, sent::add)).isFalse();
        assertThat(q.dropped()).isEqualTo(1);
        assertThat(sent).isEmpty();
        q.flush(T0, sent::add);
        assertThat(sent).startsWith("w0", "w1").hasSize(ForwardQueue.FORWARD_LIMIT);
        assertThat(q.offer("new", true, T0, sent::add)).as("waits behind the older ones").isTrue();
        assertThat(sent).doesNotContain("new");
    }
}
