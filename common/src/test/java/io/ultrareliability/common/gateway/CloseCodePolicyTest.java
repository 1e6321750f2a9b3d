package io.ultrareliability.common.gateway;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CloseCodePolicyTest {
    @ParameterizedTest
    @ValueSource(ints = {4004, 4010, 4011, 4012, 4013, 4014})
    void fatalCodes(int code) {
        CloseCodePolicy.Verdict v = CloseCodePolicy.verdict(code);
        assertThat(v.fatal()).isTrue();
        assertThat(v.meaning()).contains("(close " + code + ")").doesNotContain("\n");
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 1001, 1006, 1002, 1008, 1011, 4000, 4001, 4002, 4003, 4005, 4007, 4008, 4009,
            4900, 4006, 4015, 4999, 3000, 0})
    void everythingElseReconnects(int code) {
        assertThat(CloseCodePolicy.isFatal(code)).isFalse();
    }

    @Test
    void unknownCodesSayWhatTheyAre() {
        assertThat(CloseCodePolicy.verdict(4321).meaning()).isEqualTo("unknown close code 4321");
        assertThat(CloseCodePolicy.verdict(4009).meaning()).isEqualTo("session timed out");
    }

    @ParameterizedTest
    @ValueSource(ints = {4001, 4003, 4005, 4007, 4009, 4004, 4010, 4014})
    void sessionEndingCodesCannotResume(int code) {
        assertThat(CloseCodePolicy.mayResume(code)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 1001, 1006, 4000, 4002, 4008, 4900, 4321})
    void otherCodesMayResume(int code) {
        assertThat(CloseCodePolicy.mayResume(code)).isTrue();
    }
}
