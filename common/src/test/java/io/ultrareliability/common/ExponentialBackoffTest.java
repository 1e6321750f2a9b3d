package io.ultrareliability.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExponentialBackoffTest {
    /** The supervisor's defaults: restart.initial_delay 1s, max_delay 5m, x2, jitter 0.2. */
    private final ExponentialBackoff supervisor =
            new ExponentialBackoff(Duration.ofSeconds(1), Duration.ofMinutes(5), 2.0, 0.2);
    /** The bot's defaults: DISCORD_RECONNECT_DELAY 5s, DISCORD_MAX_RECONNECT_DELAY 60s, x2, jitter 0.2. */
    private final ExponentialBackoff bot =
            new ExponentialBackoff(Duration.ofSeconds(5), Duration.ofSeconds(60), 2.0, 0.2);

    @ParameterizedTest(name = "1s..5m: attempt {0}, random {1} -> {2} ms")
    @CsvSource({
        "1, 0.5, 1000",
        "2, 0.5, 2000",
        "3, 0.5, 4000",
        "4, 0.5, 8000",
        "9, 0.5, 256000",
        "10, 0.5, 300000",   // 512 s capped at 5 min
        "40, 0.5, 300000",
        "1, 0.0, 800",       // -20 %
        "1, 0.75, 1100",
        "3, 0.0, 3200",
        "3, 0.999, 4798",    // 4798.4 rounds down
        "10, 0.0, 240000",   // jitter still spreads at the cap, downward
        "10, 0.99, 300000",  // never above the cap
    })
    void supervisorTable(int attempt, double random, long expectedMs) {
        assertThat(supervisor.delay(attempt, random)).isEqualTo(Duration.ofMillis(expectedMs));
    }

    @ParameterizedTest(name = "5s..60s: attempt {0}, random {1} -> {2} ms")
    @CsvSource({
        // base 5, 10, 20, 40, 60 (cap) s, +-20 % jitter
        "1, 0.5, 5000",
        "1, 0.0, 4000",
        "1, 0.99, 5980",
        "2, 0.5, 10000",
        "2, 0.0, 8000",
        "3, 0.5, 20000",
        "4, 0.5, 40000",
        "4, 0.99, 47840",
        "5, 0.5, 60000",
        "5, 0.0, 48000",
        "5, 0.99, 60000",    // jitter above the cap is cut to the cap
        "6, 0.5, 60000",
        "30, 0.5, 60000",
        "1000, 0.25, 54000", // no overflow however large the attempt
    })
    void botTable(int attempt, double random, long expectedMs) {
        assertThat(bot.delay(attempt, random)).isEqualTo(Duration.ofMillis(expectedMs));
    }

    @Test
    void hugeAttemptsDoNotOverflow() {
        assertThat(supervisor.delay(Integer.MAX_VALUE, 0.5)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void withoutJitterTheDelaysDoubleExactly() {
        ExponentialBackoff b = new ExponentialBackoff(Duration.ofMillis(200), Duration.ofSeconds(1), 2.0, 0);
        assertThat(new long[] {b.delay(1, 0.7).toMillis(), b.delay(2, 0.1).toMillis(), b.delay(3, 0.9).toMillis(),
                b.delay(4, 0.0).toMillis()}).containsExactly(200, 400, 800, 1000);
    }

    @Test
    void aHalfMillisecondRoundsUp() {
        ExponentialBackoff b = new ExponentialBackoff(Duration.ofMillis(1), Duration.ofMillis(1), 2.0, 0.5);
        assertThat(b.delay(1, 0.0)).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void aZeroInitialDelayStaysZero() {
        ExponentialBackoff b = new ExponentialBackoff(Duration.ZERO, Duration.ofSeconds(5), 2.0, 0.2);
        assertThat(b.delay(1, 0.99)).isZero();
        assertThat(b.delay(Integer.MAX_VALUE, 0.5)).isZero();
    }

    @Test
    void badArgumentsAreRejected() {
        assertThatThrownBy(() -> supervisor.delay(0, 0.5)).hasMessageContaining("attempt");
        assertThatThrownBy(() -> supervisor.delay(1, 1.0)).hasMessageContaining("random");
        assertThatThrownBy(() -> supervisor.delay(1, -0.1)).hasMessageContaining("random");
        assertThatThrownBy(() -> new ExponentialBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 0))
                .hasMessageContaining("initial <= max");
        assertThatThrownBy(() -> new ExponentialBackoff(Duration.ofMillis(-1), Duration.ofSeconds(1), 2, 0))
                .hasMessageContaining("0 <= initial");
        assertThatThrownBy(() -> new ExponentialBackoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 0.5, 0))
                .hasMessageContaining("multiplier");
        assertThatThrownBy(() -> new ExponentialBackoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 2, 1.0))
                .hasMessageContaining("jitter");
        assertThatThrownBy(() -> new ExponentialBackoff(null, Duration.ofSeconds(2), 2, 0))
                .hasMessage("initial is null");
        assertThatThrownBy(() -> new ExponentialBackoff(Duration.ofSeconds(1), null, 2, 0))
                .hasMessage("max is null");
    }
}
