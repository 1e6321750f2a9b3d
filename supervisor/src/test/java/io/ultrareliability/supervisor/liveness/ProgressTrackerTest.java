package io.ultrareliability.supervisor.liveness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ultrareliability.supervisor.liveness.ProgressTracker.Kind;
import io.ultrareliability.supervisor.liveness.ProgressTracker.Part;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressTrackerTest {
    private static final long MS = 1_000_000L;
    private final Part loop = new Part("loop", Kind.HEARTBEAT, Duration.ofSeconds(10));
    private final Part probe = new Part("probe", Kind.WORK, Duration.ofSeconds(3));
    private final ProgressTracker t = new ProgressTracker(List.of(loop, probe), 1_000 * MS);

    @Test
    void aHeartbeatIsDueOneDeadlineAfterTheStartThenAfterEachBeat() {
        assertThat(t.check(11_000 * MS).ok()).isTrue();
        assertThat(t.check(11_001 * MS).late()).containsExactly("loop silent for 10001 ms (deadline 10000 ms)");
        t.beat(loop, 11_001 * MS);
        assertThat(t.check(21_001 * MS).ok()).isTrue();
        assertThat(t.check(21_002 * MS).ok()).isFalse();
    }

    @Test
    void idleWorkIsNeverLateOpenWorkIsLateAfterItsDeadline() {
        t.beat(loop, 100_000 * MS);
        assertThat(t.check(100_000 * MS).ok()).as("no probe for 99 s: idle, fine").isTrue();
        t.begin(probe, 100_000 * MS);
        assertThat(t.check(103_000 * MS).ok()).isTrue();
        assertThat(t.check(103_001 * MS).late()).containsExactly("probe stuck for 3001 ms (deadline 3000 ms)");
        t.end(probe, 103_500 * MS);
        assertThat(t.check(103_500 * MS).ok()).isTrue();
    }

    @Test
    void overlappingWorkIsTimedFromTheOldestThenFromEachEnd() {
        t.beat(loop, 0);
        t.begin(probe, 0);
        t.begin(probe, 2_000 * MS);
        assertThat(t.check(3_001 * MS).ok()).as("the first is 3001 ms old").isFalse();
        t.end(probe, 3_001 * MS);
        assertThat(t.check(6_001 * MS).ok()).isTrue();
        assertThat(t.check(6_002 * MS).ok()).isFalse();
        t.end(probe, 6_002 * MS);
        t.end(probe, 6_003 * MS); // an extra end is ignored
        assertThat(t.check(9_000 * MS).ok()).isTrue();
    }

    @Test
    void bothLatePartsAreNamedInOneLine() {
        t.begin(probe, 0);
        ProgressTracker.Verdict v = t.check(20_000 * MS);
        assertThat(v.describe()).isEqualTo("not supervising: loop silent for 19000 ms (deadline 10000 ms);"
                + " probe stuck for 20000 ms (deadline 3000 ms)");
    }

    @Test
    void misuseIsRefused() {
        assertThatThrownBy(() -> t.beat(probe, 0)).hasMessage("part probe is WORK, not HEARTBEAT");
        assertThatThrownBy(() -> t.begin(new Part("x", Kind.WORK, Duration.ofSeconds(1)), 0))
                .hasMessage("part x is not watched");
        assertThatThrownBy(() -> new Part("x", Kind.WORK, Duration.ZERO))
                .hasMessage("deadline of x must be positive, got PT0S");
        assertThatThrownBy(() -> new ProgressTracker(List.of(loop, loop), 0)).hasMessage("part loop given twice");
    }
}
