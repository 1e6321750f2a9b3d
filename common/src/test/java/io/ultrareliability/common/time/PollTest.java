package io.ultrareliability.common.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Exact rounds on a fake clock: every sleep moves the clock by what was asked, nothing else does. */
class PollTest {
    private long nanos = 1_000; // not zero: the clock's origin is arbitrary
    private final List<Duration> sleeps = new ArrayList<>();
    private final List<Long> checkedAtMillis = new ArrayList<>();
    private final Poll poll = new Poll(() -> nanos, d -> {
        sleeps.add(d);
        nanos += d.toNanos();
    }, Duration.ofMillis(100));

    private long elapsedMillis() {
        return (nanos - 1_000) / 1_000_000;
    }

    @Test
    void answerAtOnceNeverSleeps() throws Exception {
        assertThat(poll.until(() -> true, Duration.ofSeconds(1))).isTrue();
        assertThat(sleeps).isEmpty();
    }

    @Test
    void checksEveryIntervalUntilTheConditionHolds() throws Exception {
        boolean met = poll.until(() -> {
            checkedAtMillis.add(elapsedMillis());
            return elapsedMillis() >= 250;
        }, Duration.ofSeconds(1));
        assertThat(met).isTrue();
        assertThat(checkedAtMillis).containsExactly(0L, 100L, 200L, 300L);
        assertThat(sleeps).containsOnly(Duration.ofMillis(100)).hasSize(3);
    }

    @Test
    void lastSleepIsCutToTheDeadlineAndTheConditionIsCheckedThereOnceMore() throws Exception {
        boolean met = poll.until(() -> {
            checkedAtMillis.add(elapsedMillis());
            return false;
        }, Duration.ofMillis(250));
        assertThat(met).isFalse();
        assertThat(checkedAtMillis).containsExactly(0L, 100L, 200L, 250L);
        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofMillis(50));
        assertThat(elapsedMillis()).as("never past the deadline").isEqualTo(250);
    }

    @Test
    void conditionMetExactlyAtTheDeadlineCounts() throws Exception {
        assertThat(poll.until(() -> elapsedMillis() == 250, Duration.ofMillis(250))).isTrue();
    }

    @Test
    void zeroTimeoutChecksOnceAndDoesNotSleep() throws Exception {
        int[] checks = {0};
        assertThat(poll.until(() -> ++checks[0] > 1, Duration.ZERO)).isFalse();
        assertThat(checks[0]).isEqualTo(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void firstReturnsTheFirstAnswer() throws Exception {
        Optional<String> answer = poll.first(() -> elapsedMillis() >= 200 ? Optional.of("at " + elapsedMillis())
                : Optional.empty(), Duration.ofSeconds(5));
        assertThat(answer).contains("at 200");
    }

    @Test
    void twoWaitsShareOneDeadline() throws Exception {
        Deadline deadline = poll.deadline(Duration.ofMillis(300));
        assertThat(poll.until(() -> elapsedMillis() >= 200, deadline)).isTrue();
        assertThat(deadline.remaining()).isEqualTo(Duration.ofMillis(100));
        assertThat(poll.until(() -> false, deadline)).isFalse();
        assertThat(elapsedMillis()).isEqualTo(300);
        assertThat(deadline.passed()).isTrue();
    }

    @Test
    void probeExceptionsPassThroughUnwrapped() {
        assertThatThrownBy(() -> poll.first(() -> {
            throw new IOException("disk gone");
        }, Duration.ofSeconds(1))).isInstanceOf(IOException.class).hasMessage("disk gone");
    }

    @Test
    void interruptedSleepEndsTheWait() {
        Poll interrupted = new Poll(() -> nanos, d -> {
            throw new InterruptedException("stop");
        }, Duration.ofMillis(10));
        assertThatThrownBy(() -> interrupted.until(() -> false, Duration.ofSeconds(1)))
                .isInstanceOf(InterruptedException.class);
    }

    @Test
    void aNullAnswerIsABugOfTheProbeAndSaysSo() {
        assertThatThrownBy(() -> poll.first(() -> null, Duration.ofSeconds(1)))
                .isInstanceOf(NullPointerException.class).hasMessage("probe returned null instead of an Optional");
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> new Poll(() -> 0, d -> { }, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("interval must be > 0, got PT0S");
        assertThatThrownBy(() -> new Poll(null, d -> { }, Duration.ofMillis(1)))
                .isInstanceOf(NullPointerException.class).hasMessage("nanoTime is null");
        assertThatThrownBy(() -> poll.until(() -> true, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout must be >= 0, got PT-0.001S");
    }

    @Test
    void deadlineSurvivesAClockThatWrapsAndHugeTimeouts() {
        long[] clock = {Long.MAX_VALUE - 50};
        Deadline d = Deadline.after(Duration.ofNanos(100), () -> clock[0]);
        clock[0] += 99; // wrapped to a negative value
        assertThat(d.passed()).isFalse();
        assertThat(d.remaining()).isEqualTo(Duration.ofNanos(1));
        clock[0] += 1;
        assertThat(d.passed()).isTrue();
        assertThat(d.remaining()).isZero();
        Deadline far = Deadline.after(Duration.ofDays(365L * 1000), () -> 0L);
        assertThat(far.passed()).isFalse();
        assertThat(far.remaining()).isEqualTo(Duration.ofNanos(Long.MAX_VALUE / 2));
    }

    @Test
    void systemPollReallySleeps() throws Exception {
        Poll real = Poll.every(Duration.ofMillis(1));
        long start = System.nanoTime();
        assertThat(real.until(() -> System.nanoTime() - start >= 3_000_000, Duration.ofSeconds(10))).isTrue();
    }
}
