package io.ultrareliability.sim.gateway;

import io.ultrareliability.common.TransitionTable;
import java.util.EnumSet;
import java.util.Map;

/**
 * The life of one gateway connection. OPEN: upgraded, HELLO sent (unless silenced), no
 * session yet. IDENTIFIED: IDENTIFY or RESUME succeeded. CLOSING: the server sent a close
 * frame or cut the TCP connection. CLOSED: Jetty reported the end.
 */
enum SocketState {
    OPEN,
    IDENTIFIED,
    CLOSING,
    CLOSED;

    private static final TransitionTable<SocketState> LEGAL = TransitionTable.of("connection", Map.of(
            OPEN, EnumSet.of(IDENTIFIED, CLOSING, CLOSED),
            IDENTIFIED, EnumSet.of(CLOSING, CLOSED),
            CLOSING, EnumSet.of(CLOSED),
            CLOSED, EnumSet.noneOf(SocketState.class)));

    boolean canMoveTo(SocketState next) {
        return LEGAL.isLegal(this, next);
    }

    /** Throws, naming both states, if {@code this -> next} is not in the table. */
    void requireMoveTo(SocketState next) {
        LEGAL.check(this, next);
    }

    /** Frames from the client are only read while the server is not closing. */
    boolean readsFrames() {
        return this == OPEN || this == IDENTIFIED;
    }
}
