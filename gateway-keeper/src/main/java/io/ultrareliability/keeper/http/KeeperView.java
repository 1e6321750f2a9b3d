package io.ultrareliability.keeper.http;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What the HTTP routes may read or trigger; the keeper implements it. */
public interface KeeperView {
    ObjectNode health();

    String metrics();

    ObjectNode gatewayBot(String gatewayUrl);

    ObjectNode sessions();

    void reconnectUpstream();
}
