package io.ultrareliability.supervisor.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RefusalLogTest {
    private static final long S = 1_000_000_000L;

    @Test
    void oneLinePerWindowAndTheNextNamesWhatWasSkipped() {
        RefusalLog log = new RefusalLog(Duration.ofSeconds(10));
        assertThat(log.refused("a", 100 * S)).contains("a");
        assertThat(log.refused("b", 100 * S)).isEmpty();
        assertThat(log.refused("c", 109 * S)).isEmpty();
        assertThat(log.refused("d", 110 * S - 1)).isEmpty();
        assertThat(log.refused("e", 110 * S)).contains("e (and 3 more refused requests since the last such line)");
        assertThat(log.refused("f", 125 * S)).contains("f");
    }

    @Test
    void theFirstRefusalIsLoggedWhateverTheClockSays() {
        assertThat(new RefusalLog(Duration.ofSeconds(10)).refused("x", Long.MIN_VALUE)).isEqualTo(Optional.of("x"));
        assertThat(new RefusalLog(Duration.ofSeconds(10)).refused("x", 0)).contains("x");
    }

    @Test
    void theWindowMustBePositive() {
        assertThatThrownBy(() -> new RefusalLog(Duration.ZERO)).hasMessage("window must be positive, got PT0S");
    }
}
