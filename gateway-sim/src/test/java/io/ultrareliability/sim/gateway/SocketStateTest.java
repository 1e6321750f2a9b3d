package io.ultrareliability.sim.gateway;

import static io.ultrareliability.sim.gateway.SocketState.CLOSED;
import static io.ultrareliability.sim.gateway.SocketState.CLOSING;
import static io.ultrareliability.sim.gateway.SocketState.IDENTIFIED;
import static io.ultrareliability.sim.gateway.SocketState.OPEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SocketStateTest {
    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({
        "OPEN, OPEN, false", "OPEN, IDENTIFIED, true", "OPEN, CLOSING, true", "OPEN, CLOSED, true",
        "IDENTIFIED, OPEN, false", "IDENTIFIED, IDENTIFIED, false", "IDENTIFIED, CLOSING, true", "IDENTIFIED, CLOSED, true",
        "CLOSING, OPEN, false", "CLOSING, IDENTIFIED, false", "CLOSING, CLOSING, false", "CLOSING, CLOSED, true",
        "CLOSED, OPEN, false", "CLOSED, IDENTIFIED, false", "CLOSED, CLOSING, false", "CLOSED, CLOSED, false"})
    void transitionTable(SocketState from, SocketState to, boolean legal) {
        assertThat(from.canMoveTo(to)).isEqualTo(legal);
    }

    @ParameterizedTest
    @CsvSource({"CLOSING, IDENTIFIED", "CLOSED, OPEN", "IDENTIFIED, OPEN"})
    void illegalTransitionNamesBothStates(SocketState from, SocketState to) {
        assertThatThrownBy(() -> from.requireMoveTo(to)).isInstanceOf(IllegalStateException.class)
                .hasMessage("illegal connection transition " + from + " -> " + to);
    }

    @ParameterizedTest
    @CsvSource({"OPEN, true", "IDENTIFIED, true", "CLOSING, false", "CLOSED, false"})
    void framesAreReadOnlyUntilTheServerCloses(SocketState state, boolean reads) {
        assertThat(state.readsFrames()).isEqualTo(reads);
    }
}
