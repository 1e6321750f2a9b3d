package io.ultrareliability.bot.connection;

import io.ultrareliability.common.TransitionTable;

import java.util.EnumSet;
import java.util.Map;

/**
 * The overseer's view of the Discord connection, with the table of legal transitions.
 * An illegal transition is a bug and throws, naming both states.
 */
public enum ConnectionState {
    /** Nothing started yet. */
    IDLE,
    /** Building a fresh JDA instance (REST login under way). */
    STARTING,
    /** The instance exists and is opening its first gateway session. */
    CONNECTING,
    /** Gateway session live. */
    CONNECTED,
    /** The session dropped; JDA is resuming or re-identifying by itself (the fast path). */
    RECONNECTING,
    /** The instance was thrown away; waiting out the backoff before a fresh one. */
    BACKOFF,
    /** Closing the gateway because the process was asked to stop. */
    STOPPING,
    /** Stopped cleanly. */
    STOPPED,
    /** A fatal close code or a rejected token: the process exits 78. */
    FATAL,
    /** Too many failed attempts in a row: the process exits 75. */
    GAVE_UP;

    private static final TransitionTable<ConnectionState> LEGAL = TransitionTable.of("connection state", Map.of(
            IDLE, EnumSet.of(STARTING, STOPPING, FATAL),
            STARTING, EnumSet.of(STARTING, CONNECTING, CONNECTED, BACKOFF, FATAL, GAVE_UP, STOPPING),
            CONNECTING, EnumSet.of(STARTING, CONNECTED, BACKOFF, FATAL, GAVE_UP, STOPPING),
            CONNECTED, EnumSet.of(STARTING, RECONNECTING, BACKOFF, FATAL, GAVE_UP, STOPPING),
            RECONNECTING, EnumSet.of(STARTING, CONNECTED, BACKOFF, FATAL, GAVE_UP, STOPPING),
            BACKOFF, EnumSet.of(STARTING, STOPPING),
            STOPPING, EnumSet.of(STOPPED),
            STOPPED, EnumSet.noneOf(ConnectionState.class),
            FATAL, EnumSet.noneOf(ConnectionState.class),
            GAVE_UP, EnumSet.noneOf(ConnectionState.class)));

    public boolean canMoveTo(ConnectionState next) {
        return LEGAL.isLegal(this, next);
    }

    /** @throws IllegalStateException naming both states when the move is not in the table */
    public ConnectionState moveTo(ConnectionState next) {
        return LEGAL.check(this, next);
    }

    public boolean isTerminal() {
        return LEGAL.isTerminal(this);
    }

    /** The lower-case name used in logs and HTTP answers. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
