package io.ultrareliability.sim.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GatewayCloseCodesTest {
    @ParameterizedTest
    @ValueSource(ints = {4001, 4003, 4004, 4005, 4007, 4009, 4010, 4011, 4012, 4013, 4014})
    void codesAfterWhichDiscordRefusesAResume(int code) {
        assertThat(GatewayCloseCodes.endsSession(code)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 1001, 4000, 4002, 4008, 4900, 3000})
    void resumableCodes(int code) {
        assertThat(GatewayCloseCodes.endsSession(code)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 1001, 1003, 1011, 3000, 4000, 4999})
    void sendable(int code) {
        assertThatCode(() -> GatewayCloseCodes.requireSendable(code)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 2999, 5000})
    void notSendable(int code) {
        assertThatThrownBy(() -> GatewayCloseCodes.requireSendable(code))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(Integer.toString(code));
    }
}
