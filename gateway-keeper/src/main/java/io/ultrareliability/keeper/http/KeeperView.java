package io.ultrareliability.keeper.http;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What the HTTP routes may read or trigger; the keeper implements it. */
public interface KeeperView {
    ObjectNode health();

    String metrics();

    ObjectNode gatewayBot(String gatewayUrl);

    ObjectNode sessions();

    void reconnectUpstream();

    /**
     * Asks the keeper to stop (issue 16). {@code endSession}: end the upstream session too (close
     * 1000, saved session forgotten: the bot goes offline); else it stays resumable, as on SIGTERM.
     * Returns false when this view cannot stop anything.
     */
    default boolean stop(boolean endSession) {
        return false;
    }
}
