package io.ultrareliability.bot.runtime;

import io.ultrareliability.bot.runtime.AotTraining.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.ultrareliability.bot.runtime.AotTraining.Verdict.TIMED_OUT;
import static io.ultrareliability.bot.runtime.AotTraining.Verdict.TRAINED;
import static io.ultrareliability.bot.runtime.AotTraining.Verdict.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class AotTrainingTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final Duration STAY = Duration.ofSeconds(2);

    /** One poll: at {@code now} ms, connected?, heartbeat acked?, expected verdict. */
    private record Poll(long now, boolean connected, boolean acked, Verdict expected) {
    }

    private static void run(List<Poll> polls) {
        AotTraining t = new AotTraining(1_000, LIMIT, STAY);
        for (Poll p : polls) {
            assertThat(t.check(p.now(), p.connected(), p.acked())).as("at %d ms", p.now()).isEqualTo(p.expected());
        }
    }

    @Test
    void trainedOnceConnectedAndAckedForTheWholeStay() {
        run(List.of(
                new Poll(1_100, false, false, WAIT),
                new Poll(5_000, true, false, WAIT),     // READY, no heartbeat answered yet
                new Poll(5_100, true, true, WAIT),      // the stay starts here
                new Poll(7_099, true, true, WAIT),
                new Poll(7_100, true, true, TRAINED)));
    }

    @Test
    void aDropStartsTheStayOver() {
        run(List.of(
                new Poll(2_000, true, true, WAIT),
                new Poll(3_500, false, true, WAIT),     // disconnected: the stay starts over
                new Poll(4_000, true, true, WAIT),
                new Poll(5_999, true, true, WAIT),
                new Poll(6_000, true, true, TRAINED)));
    }

    @Test
    void timedOutAtTheLimitWhenNeverConnected() {
        run(List.of(
                new Poll(1_000, false, false, WAIT),
                new Poll(60_999, false, false, WAIT),
                new Poll(61_000, false, false, TIMED_OUT)));
    }

    @Test
    void theLimitBoundsTheStayToo() {
        run(List.of(
                new Poll(59_500, true, true, WAIT),
                new Poll(61_000, true, true, TIMED_OUT)));
    }

    @Test
    void noStayMeansTrainedAtTheFirstHealthyPoll() {
        AotTraining t = new AotTraining(0, LIMIT, Duration.ZERO);
        assertThat(t.check(10, true, false)).isEqualTo(WAIT);
        assertThat(t.check(20, true, true)).isEqualTo(TRAINED);
    }

    @Test
    void rejectsLimitsThatMakeNoSense() {
        assertThatThrownBy(() -> new AotTraining(0, Duration.ZERO, Duration.ZERO))
                .hasMessage("limit must be positive: PT0S");
        assertThatThrownBy(() -> new AotTraining(0, LIMIT, LIMIT))
                .hasMessage("stayConnected must be in [0, limit): PT1M");
    }

    private static final class Recorder implements AotTraining.Outcome {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public void trained() {
            calls.add("trained");
        }

        @Override
        public void timedOut(Duration limit) {
            calls.add("timedOut " + limit.toSeconds());
        }
    }

    @Test
    void watchReportsTrainedExactlyOnce() throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            AtomicLong millis = new AtomicLong(0);
            Recorder outcome = new Recorder();
            AotTraining.watch(timer, millis::get, LIMIT, Duration.ZERO, () -> true, () -> true, outcome);
            await().atMost(Duration.ofSeconds(5)).until(() -> !outcome.calls.isEmpty());
            millis.set(120_000); // past the limit: a poller still running would now report timedOut
            // the single timer thread runs this only after any poll due before it
            timer.schedule(() -> { }, 3 * AotTraining.POLL_MILLIS, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS);
            assertThat(outcome.calls).containsExactly("trained");
        } finally {
            timer.shutdownNow();
        }
    }

    @Test
    void watchReportsTimedOutWhenTheClockPassesTheLimit() {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            AtomicLong millis = new AtomicLong(0);
            Recorder outcome = new Recorder();
            AotTraining.watch(timer, millis::get, LIMIT, STAY, () -> false, () -> false, outcome);
            millis.set(LIMIT.toMillis());
            await().atMost(Duration.ofSeconds(5)).until(() -> !outcome.calls.isEmpty());
            assertThat(outcome.calls).containsExactly("timedOut 60");
        } finally {
            timer.shutdownNow();
        }
    }
}
