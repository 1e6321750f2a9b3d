package io.ultrareliability.keeper.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SpacedIdentifyGateTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void identifiesOfOneBucketAreFiveSecondsApart() {
        SpacedIdentifyGate gate = new SpacedIdentifyGate(0);
        assertThat(gate.nextSlot(0, T0)).contains(T0);
        gate.spent(0, T0);
        assertThat(gate.nextSlot(0, T0.plusSeconds(1))).contains(T0.plusSeconds(5));
        assertThat(gate.nextSlot(0, T0.plusSeconds(7))).contains(T0.plusSeconds(7));
    }

    @Test
    void maxConcurrencySpreadsShardsOverBuckets() {
        SpacedIdentifyGate gate = new SpacedIdentifyGate(0);
        gate.limits(new SessionStartLimit(1000, 1000, Duration.ofHours(1), 2), T0);
        gate.spent(0, T0);
        assertThat(gate.nextSlot(1, T0)).as("shard 1 is in bucket 1").contains(T0);
        assertThat(gate.nextSlot(2, T0)).as("shard 2 shares bucket 0").contains(T0.plusSeconds(5));
    }

    @Test
    void theReserveIsNeverSpentUntilDiscordResets() {
        SpacedIdentifyGate gate = new SpacedIdentifyGate(10);
        gate.limits(new SessionStartLimit(1000, 11, Duration.ofMinutes(30), 1), T0);
        assertThat(gate.nextSlot(0, T0)).isPresent();
        gate.spent(0, T0);
        assertThat(gate.nextSlot(0, T0.plusSeconds(60))).as("10 left = the reserve").isEmpty();
        assertThat(gate.resetAt()).isEqualTo(T0.plus(Duration.ofMinutes(30)));
        assertThat(gate.nextSlot(0, T0.plus(Duration.ofMinutes(30)))).isPresent();
    }
}
