package io.ultrareliability.sim.gateway;

import static io.ultrareliability.sim.gateway.ConnectionState.CLOSED;
import static io.ultrareliability.sim.gateway.ConnectionState.CLOSING;
import static io.ultrareliability.sim.gateway.ConnectionState.IDENTIFIED;
import static io.ultrareliability.sim.gateway.ConnectionState.OPEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConnectionStateTest {
    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({
        "OPEN, OPEN, false", "OPEN, IDENTIFIED, true", "OPEN, CLOSING, true", "OPEN, CLOSED, true",
        "IDENTIFIED, OPEN, false", "IDENTIFIED, IDENTIFIED, false", "IDENTIFIED, CLOSING, true", "IDENTIFIED, CLOSED, true",
        "CLOSING, OPEN, false", "CLOSING, IDENTIFIED, false", "CLOSING, CLOSING, false", "CLOSING, CLOSED, true",
        "CLOSED, OPEN, false", "CLOSED, IDENTIFIED, false", "CLOSED, CLOSING, false", "CLOSED, CLOSED, false"})
    void transitionTable(ConnectionState from, ConnectionState to, boolean legal) {
        assertThat(from.canMoveTo(to)).isEqualTo(legal);
    }

    @ParameterizedTest
    @CsvSource({"CLOSING, IDENTIFIED", "CLOSED, OPEN", "IDENTIFIED, OPEN"})
    void illegalTransitionNamesBothStates(ConnectionState from, ConnectionState to) {
        assertThatThrownBy(() -> from.requireMoveTo(to)).isInstanceOf(IllegalStateException.class)
                .hasMessage("illegal connection transition " + from + " -> " + to);
    }

    @ParameterizedTest
    @CsvSource({"OPEN, true", "IDENTIFIED, true", "CLOSING, false", "CLOSED, false"})
    void framesAreReadOnlyUntilTheServerCloses(ConnectionState state, boolean reads) {
        assertThat(state.readsFrames()).isEqualTo(reads);
    }
}
