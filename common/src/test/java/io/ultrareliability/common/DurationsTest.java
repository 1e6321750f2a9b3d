package io.ultrareliability.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
    @ParameterizedTest
    @CsvSource({
        "250ms, 250",
        "5s, 5000",
        "5, 5000",
        "1.5s, 1500",
        "2m, 120000",
        "2min, 120000",
        "1h, 3600000",
        "1d, 86400000",
        "' 10S ', 10000",
        "41250ms, 41250",
    })
    void parsesEveryUnit(String text, long millis) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "abc", "5 parsecs", "-5s", "1e3s"})
    void rejectsWithAMessageNamingTheText(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("250ms");
    }

    @ParameterizedTest
    @CsvSource({"1500, 1500ms", "5000, 5s", "120000, 2m", "3600000, 1h", "0, 0s"})
    void formatsTheShortestExactForm(long millis, String text) {
        assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }
}
