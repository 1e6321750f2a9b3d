package io.ultrareliability.sim.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

class FaultSwitchesTest {
    /** A clock the test moves by hand. */
    private static final class TestingClock implements InstantSource {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    private final TestingClock clock = new TestingClock();
    private final FaultSwitches switches = new FaultSwitches(clock);

    @Test
    void refuseLastsExactlyItsDuration() {
        assertThat(switches.refusing()).isFalse();
        switches.refuseFor(Duration.ofSeconds(3));
        assertThat(switches.refusing()).isTrue();
        clock.advance(Duration.ofMillis(2_999));
        assertThat(switches.refusing()).isTrue();
        clock.advance(Duration.ofMillis(1));
        assertThat(switches.refusing()).isFalse();
    }

    @Test
    void rateLimitCountsDown() {
        assertThat(switches.rateLimitRemaining()).isZero();
        switches.rateLimitFor(Duration.ofSeconds(5));
        clock.advance(Duration.ofMillis(1_500));
        assertThat(switches.rateLimitRemaining()).isEqualTo(Duration.ofMillis(3_500));
        clock.advance(Duration.ofMillis(3_500));
        assertThat(switches.rateLimitRemaining()).isZero();
        switches.rateLimitFor(Duration.ZERO);
        assertThat(switches.rateLimitRemaining()).isZero();
    }

    @Test
    void negativeDurationsAreRejected() {
        assertThatThrownBy(() -> switches.refuseFor(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    }

    @Test
    void clearResetsEverything() {
        switches.zombie(true);
        switches.silence(true);
        switches.privilegedIntentsAllowed(false);
        switches.refuseFor(Duration.ofHours(1));
        switches.rateLimitFor(Duration.ofHours(1));
        switches.clear();
        assertThat(switches.zombie()).isFalse();
        assertThat(switches.silence()).isFalse();
        assertThat(switches.privilegedIntentsAllowed()).isTrue();
        assertThat(switches.refusing()).isFalse();
        assertThat(switches.rateLimitRemaining()).isZero();
    }
}
