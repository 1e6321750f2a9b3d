package io.ultrareliability.keeper.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HeartbeatsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final Heartbeats beats = new Heartbeats(Duration.ofMillis(41_250));

    @Test
    void firstBeatIsJitteredOverOneInterval() {
        assertThat(beats.start(T0, 0.0)).isEqualTo(T0);
        assertThat(beats.start(T0, 0.5)).isEqualTo(T0.plusMillis(20_625));
        assertThat(beats.start(T0, 0.999)).isEqualTo(T0.plusMillis(41_209));
    }

    @Test
    void acknowledgedBeatsKeepGoingOneIntervalApart() {
        beats.start(T0, 0.0);
        assertThat(beats.due(T0)).isEqualTo(Heartbeats.Beat.SEND);
        assertThat(beats.nextDeadline()).isEqualTo(T0.plusMillis(41_250));
        beats.acked(T0.plusMillis(80));
        assertThat(beats.latency()).isEqualTo(Duration.ofMillis(80));
        assertThat(beats.due(T0.plusMillis(41_250))).isEqualTo(Heartbeats.Beat.SEND);
        assertThat(beats.nextDeadline()).isEqualTo(T0.plusMillis(82_500));
    }

    @Test
    void aBeatDueWhileTheLastIsUnacknowledgedIsAZombie() {
        beats.start(T0, 0.0);
        assertThat(beats.due(T0)).isEqualTo(Heartbeats.Beat.SEND);
        assertThat(beats.due(T0.plusMillis(41_250))).isEqualTo(Heartbeats.Beat.ZOMBIE);
    }

    @Test
    void aRequestedBeatAlsoWaitsForItsAck() {
        beats.start(T0, 0.0);
        beats.due(T0);
        beats.acked(T0.plusMillis(10));
        beats.sentOnRequest(T0.plusMillis(20_000));
        assertThat(beats.due(T0.plusMillis(41_250))).isEqualTo(Heartbeats.Beat.ZOMBIE);
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> new Heartbeats(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> beats.start(T0, 1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> beats.due(T0)).isInstanceOf(IllegalStateException.class);
    }
}
