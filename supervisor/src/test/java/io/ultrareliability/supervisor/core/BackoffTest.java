package io.ultrareliability.supervisor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff defaults = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), 2.0, 0.2);

    @ParameterizedTest(name = "attempt {0}, random {1} -> {2} ms")
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
        "3, 0.999, 4798",
        "10, 0.0, 240000",   // jitter still spreads at the cap, downward
        "10, 0.99, 300000",  // never above the cap
    })
    void delayIsAPureFunctionOfAttemptAndRandom(int attempt, double random, long expectedMs) {
        assertThat(defaults.delay(attempt, random)).isEqualTo(Duration.ofMillis(expectedMs));
    }

    @Test
    void hugeAttemptsDoNotOverflow() {
        assertThat(defaults.delay(Integer.MAX_VALUE, 0.5)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void badArgumentsAreRejected() {
        assertThatThrownBy(() -> defaults.delay(0, 0.5)).hasMessageContaining("attempt");
        assertThatThrownBy(() -> defaults.delay(1, 1.0)).hasMessageContaining("random");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 0))
                .hasMessageContaining("initial <= max");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 0.5, 0))
                .hasMessageContaining("multiplier");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 2, 1.0))
                .hasMessageContaining("jitter");
    }
}
