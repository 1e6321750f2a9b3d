package io.ultrareliability.keeper.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DispatchBufferTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Dispatch d(int n, Instant at) {
        // Fixed width: every dispatch costs the same bytes, so the byte bound is exact.
        return new Dispatch("MESSAGE_CREATE", String.format("{\"n\":%06d}", n), n, at, false);
    }

    @Test
    void keepsOrderAndDrainsEverything() {
        DispatchBuffer b = new DispatchBuffer(BufferLimits.defaults());
        for (int i = 1; i <= 3; i++) {
            b.offer(d(i, T0), T0);
        }
        assertThat(b.size()).isEqualTo(3);
        assertThat(b.drain()).extracting(Dispatch::upstreamSeq).containsExactly(1L, 2L, 3L);
        assertThat(b.size()).isZero();
        assertThat(b.bytes()).isZero();
        assertThat(b.dropped()).isZero();
    }

    @Test
    void theCountBoundDropsTheOldest() {
        DispatchBuffer b = new DispatchBuffer(new BufferLimits(2, 1 << 20, Duration.ofMinutes(1)));
        for (int i = 1; i <= 5; i++) {
            b.offer(d(i, T0), T0);
        }
        assertThat(b.dropped()).isEqualTo(3);
        assertThat(b.drain()).extracting(Dispatch::upstreamSeq).containsExactly(4L, 5L);
    }

    @Test
    void theByteBoundDropsTheOldest() {
        long one = d(1, T0).bytes();
        DispatchBuffer b = new DispatchBuffer(new BufferLimits(100, Math.max(1024, one * 3), Duration.ofMinutes(1)));
        int n = (int) (Math.max(1024, one * 3) / one) + 4;
        for (int i = 1; i <= n; i++) {
            b.offer(d(i, T0), T0);
        }
        assertThat(b.bytes()).isLessThanOrEqualTo(Math.max(1024, one * 3));
        assertThat(b.dropped()).isEqualTo(4);
        assertThat(b.drain().getLast().upstreamSeq()).isEqualTo(n);
    }

    @Test
    void theAgeBoundDropsWhatIsTooOld() {
        DispatchBuffer b = new DispatchBuffer(new BufferLimits(100, 1 << 20, Duration.ofSeconds(10)));
        b.offer(d(1, T0), T0);
        b.offer(d(2, T0.plusSeconds(5)), T0.plusSeconds(5));
        assertThat(b.oldestAge(T0.plusSeconds(6))).isEqualTo(Duration.ofSeconds(6));
        b.evictExpired(T0.plusSeconds(10));
        assertThat(b.size()).as("exactly 10 s old is kept").isEqualTo(2);
        b.evictExpired(T0.plusSeconds(10).plusMillis(1));
        assertThat(b.size()).isEqualTo(1);
        b.evictExpired(T0.plusSeconds(16));
        assertThat(b.size()).isZero();
        assertThat(b.dropped()).isEqualTo(2);
    }

    @Test
    void limitsAreValidated() {
        assertThatThrownBy(() -> new BufferLimits(0, 1 << 20, Duration.ofSeconds(1)))
                .hasMessageContaining("maxEvents");
        assertThatThrownBy(() -> new BufferLimits(1, 10, Duration.ofSeconds(1))).hasMessageContaining("maxBytes");
        assertThatThrownBy(() -> new BufferLimits(1, 1 << 20, Duration.ZERO)).hasMessageContaining("maxAge");
    }
}
