package io.ultrareliability.supervisor.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultrareliability.common.time.Poll;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The wait for a leftover child to go, on a fake clock (20 ms rounds, as in production). */
class LeftoverChildTest {
    private long nanos;
    private final Poll poll = new Poll(() -> nanos, d -> nanos += d.toNanos(), Duration.ofMillis(20));

    private long millis() {
        return nanos / 1_000_000;
    }

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void goneWhenProcessAndGroupAreGone() {
        boolean gone = LeftoverChild.waitGone(poll, () -> millis() < 100, () -> millis() >= 140, Duration.ofSeconds(5));
        assertThat(gone).isTrue();
        assertThat(millis()).as("the first round that saw both gone").isEqualTo(140);
    }

    @Test
    void whenTheWaitRunsOutTheLeaderBeingGoneIsEnough() {
        boolean gone = LeftoverChild.waitGone(poll, () -> millis() < 100, () -> false, Duration.ofSeconds(5));
        assertThat(gone).isTrue();
        assertThat(millis()).as("waited for the group until the deadline").isEqualTo(5_000);
    }

    @Test
    void aLeaderThatIgnoresTheSignalIsNotGone() {
        assertThat(LeftoverChild.waitGone(poll, () -> true, () -> true, Duration.ofSeconds(3))).isFalse();
        assertThat(millis()).isEqualTo(3_000);
    }

    @Test
    void anInterruptEndsTheWaitAsNotGoneAndKeepsTheFlag() {
        Poll interrupted = new Poll(() -> nanos, d -> {
            throw new InterruptedException();
        }, Duration.ofMillis(20));
        assertThat(LeftoverChild.waitGone(interrupted, () -> false, () -> false, Duration.ofSeconds(3))).isFalse();
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
    }
}
