package io.ultrareliability.bot.connection;

import org.junit.jupiter.api.Test;

import static io.ultrareliability.bot.connection.ConnectionState.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionStateTest {
    @Test
    void legalPathsOfALife() {
        assertThat(IDLE.moveTo(STARTING).moveTo(CONNECTING).moveTo(CONNECTED).moveTo(RECONNECTING)
                .moveTo(CONNECTED).moveTo(BACKOFF).moveTo(STARTING).moveTo(CONNECTED).moveTo(STOPPING)
                .moveTo(STOPPED)).isEqualTo(STOPPED);
    }

    @Test
    void illegalTransitionNamesBothStates() {
        assertThatThrownBy(() -> BACKOFF.moveTo(CONNECTED))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("illegal connection state transition BACKOFF -> CONNECTED");
        assertThatThrownBy(() -> STOPPED.moveTo(STARTING)).hasMessageContaining("STOPPED -> STARTING");
    }

    @Test
    void terminalStatesGoNowhere() {
        for (ConnectionState terminal : new ConnectionState[] {STOPPED, FATAL, GAVE_UP}) {
            assertThat(terminal.isTerminal()).isTrue();
            for (ConnectionState next : values()) {
                assertThat(terminal.canMoveTo(next)).as(terminal + " -> " + next).isFalse();
            }
        }
        assertThat(CONNECTED.isTerminal()).isFalse();
    }

    @Test
    void labelsAreLowerCase() {
        assertThat(GAVE_UP.label()).isEqualTo("gave-up");
        assertThat(CONNECTED.label()).isEqualTo("connected");
    }
}
