package io.ultrareliability.sim.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateLimitHeadersTest {
    @ParameterizedTest(name = "{0} ms left -> Retry-After {1}")
    @CsvSource({"0,1", "1,1", "999,1", "1000,1", "1001,2", "4500,5", "5000,5"})
    void retryAfterIsWholeSecondsRoundedUpAndAtLeastOne(long ms, long expected) {
        assertThat(RateLimitHeaders.retryAfterSeconds(Duration.ofMillis(ms))).isEqualTo(expected);
    }

    @Test
    void secondsHaveThreeDecimals() {
        assertThat(RateLimitHeaders.seconds(Duration.ofMillis(1234))).isEqualTo("1.234");
        assertThat(RateLimitHeaders.seconds(Duration.ofMillis(5))).isEqualTo("0.005");
        assertThat(RateLimitHeaders.seconds(Duration.ofMillis(-5))).isEqualTo("0.000");
    }

    @Test
    void limitedHeadersIncludeViaAndRetryAfter() {
        HttpFields.Mutable headers = HttpFields.build();
        RateLimitHeaders.limited(headers, "GET/users/@me", Duration.ofMillis(2_500), Instant.ofEpochMilli(10_000));
        assertThat(headers.get("Retry-After")).isEqualTo("3");
        assertThat(headers.get("Via")).isEqualTo("1.1 google");
        assertThat(headers.get("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(headers.get("X-RateLimit-Reset-After")).isEqualTo("2.500");
        assertThat(headers.get("X-RateLimit-Reset")).isEqualTo("12.500");
        assertThat(headers.get("X-RateLimit-Scope")).isEqualTo("user");
        assertThat(headers.get("X-RateLimit-Bucket")).isEqualTo(RateLimitHeaders.bucket("GET/users/@me"));
    }
}
