package io.ultrareliability.bot.connection;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static io.ultrareliability.bot.connection.ConnectionState.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionStateTest {
    /**
     * The table written out by hand, one row per state (docs/bot.md): the oracle for all 100
     * pairs, so a changed cell in ConnectionState fails here.
     */
    private static final Map<ConnectionState, Set<ConnectionState>> EXPECTED = Map.of(
            IDLE, EnumSet.of(STARTING, STOPPING, FATAL),
            STARTING, EnumSet.of(STARTING, CONNECTING, CONNECTED, BACKOFF, FATAL, GAVE_UP, STOPPING),
            CONNECTING, EnumSet.of(STARTING, CONNECTED, BACKOFF, FATAL, GAVE_UP, STOPPING),
            CONNECTED, EnumSet.of(STARTING, RECONNECTING, BACKOFF, FATAL, GAVE_UP, STOPPING),
            RECONNECTING, EnumSet.of(STARTING, CONNECTED, BACKOFF, FATAL, GAVE_UP, STOPPING),
            BACKOFF, EnumSet.of(STARTING, STOPPING),
            STOPPING, EnumSet.of(STOPPED),
            STOPPED, EnumSet.noneOf(ConnectionState.class),
            FATAL, EnumSet.noneOf(ConnectionState.class),
            GAVE_UP, EnumSet.noneOf(ConnectionState.class));

    @Test
    void everyPairIsLegalExactlyWhenTheHandWrittenTableSaysSo() {
        assertThat(EXPECTED.keySet()).containsExactlyInAnyOrder(values());
        int legal = 0;
        for (ConnectionState from : values()) {
            for (ConnectionState to : values()) {
                boolean expected = EXPECTED.get(from).contains(to);
                assertThat(from.canMoveTo(to)).as(from + " -> " + to).isEqualTo(expected);
                if (expected) {
                    assertThat(from.moveTo(to)).isEqualTo(to);
                    legal++;
                } else {
                    assertThatThrownBy(() -> from.moveTo(to)).as(from + " -> " + to)
                            .hasMessage("illegal connection state transition " + from + " -> " + to);
                }
            }
        }
        assertThat(legal).isEqualTo(31);
    }

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
