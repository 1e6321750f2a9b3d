package io.ultrareliability.keeper.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** What the upstream tells the rest of the keeper; called on the upstream thread, in order. */
public interface UpstreamListener {
    /** READY of a new upstream session (first start or after a re-IDENTIFY). */
    void ready(ObjectNode data);

    /** Any other dispatch, RESUMED excluded (bots have their own sessions). */
    void dispatch(String type, long seq, JsonNode data, String dataText);

    /** A close code the policy calls fatal (bad token, bad shard...): the keeper must stop. */
    void fatal(String reason);
}
