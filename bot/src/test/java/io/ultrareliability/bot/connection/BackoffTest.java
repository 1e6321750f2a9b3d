package io.ultrareliability.bot.connection;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {
    private final Backoff defaults = new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(60), 0.2);

    @ParameterizedTest(name = "attempt {0}, random {1} -> {2} ms")
    @CsvSource({
            // attempt, random, expected ms: base 5, 10, 20, 40, 60 (cap) s, +-20 % jitter
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
            "5, 0.99, 60000",   // jitter above the cap is cut to the cap
            "6, 0.5, 60000",
            "30, 0.5, 60000",
            "1000, 0.25, 54000", // no overflow however large the attempt
    })
    void tableOfDelays(int attempt, double random, long expected) {
        assertThat(defaults.delayMillis(attempt, random)).isEqualTo(expected);
    }

    @Test
    void withoutJitterTheDelaysDoubleExactly() {
        Backoff b = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1), 0);
        assertThat(new long[] {b.delayMillis(1, 0.7), b.delayMillis(2, 0.1), b.delayMillis(3, 0.9),
                b.delayMillis(4, 0.0)}).containsExactly(200, 400, 800, 1000);
    }

    @Test
    void tinyDelaysNeverReachZero() {
        Backoff b = new Backoff(Duration.ofMillis(1), Duration.ofMillis(1), 0.5);
        assertThat(b.delayMillis(1, 0.0)).isEqualTo(1);
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> defaults.delayMillis(0, 0.5)).hasMessageContaining("attempt");
        assertThatThrownBy(() -> defaults.delayMillis(1, 1.0)).hasMessageContaining("random");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(5), 0.2))
                .hasMessageContaining("below the initial");
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(5), 0.2))
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(5), 1.0))
                .hasMessageContaining("jitter");
    }
}
