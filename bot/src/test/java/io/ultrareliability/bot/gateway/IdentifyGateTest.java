package io.ultrareliability.bot.gateway;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class IdentifyGateTest {
    @Test
    void zeroIntervalNeverWaits() {
        IdentifyGate g = new IdentifyGate(Duration.ZERO, 1);
        assertThat(new long[] {g.reserve(0), g.reserve(0), g.reserve(1)}).containsExactly(0, 0, 0);
    }

    @Test
    void oneIdentifyPerFiveSeconds() {
        IdentifyGate g = new IdentifyGate(Duration.ofSeconds(5), 1);
        assertThat(g.reserve(0)).isEqualTo(0);
        assertThat(g.reserve(100)).isEqualTo(4_900);   // booked at 5 000
        assertThat(g.reserve(200)).isEqualTo(9_800);   // booked at 10 000
        assertThat(g.reserve(20_000)).isEqualTo(0);    // window long gone
        assertThat(g.reserve(24_999)).isEqualTo(1);
    }

    @Test
    void maxConcurrencyAllowsThatManyPerWindow() {
        IdentifyGate g = new IdentifyGate(Duration.ofSeconds(5), 2);
        assertThat(g.reserve(0)).isEqualTo(0);
        assertThat(g.reserve(10)).isEqualTo(0);
        assertThat(g.reserve(20)).isEqualTo(4_980);   // at 5 000
        assertThat(g.reserve(30)).isEqualTo(4_980);   // at 5 010
        assertThat(g.reserve(40)).isEqualTo(9_960);   // at 10 000
    }
}
