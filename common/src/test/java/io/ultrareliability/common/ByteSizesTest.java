package io.ultrareliability.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizesTest {
    @ParameterizedTest
    @CsvSource({
        "1024, 1024",
        "1KiB, 1024",
        "512MiB, 536870912",
        "512m, 536870912",
        "1GiB, 1073741824",
        "1.5GiB, 1610612736",
        "300MB, 300000000",
        "2gb, 2000000000",
    })
    void parsesBinaryAndDecimalUnits(String text, long bytes) {
        assertThat(ByteSizes.parse(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "lots", "12 parsecs", "-1MiB"})
    void rejectsWithAMessageNamingTheText(String text) {
        assertThatThrownBy(() -> ByteSizes.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("512MiB");
    }

    @ParameterizedTest
    @CsvSource({"10, 10 B", "1536, 1.5 KiB", "536870912, 512.0 MiB", "1073741824, 1.0 GiB"})
    void formatsForPeople(long bytes, String text) {
        assertThat(ByteSizes.format(bytes)).isEqualTo(text);
    }
}
