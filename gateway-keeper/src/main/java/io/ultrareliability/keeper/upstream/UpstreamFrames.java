package io.ultrareliability.keeper.upstream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ultrareliability.keeper.Jsons;

/** The frames the keeper sends to Discord. IDENTIFY and RESUME carry the token: never log them. */
final class UpstreamFrames {
    private UpstreamFrames() {
    }

    static String heartbeat(long seq) {
        return "{\"op\":1,\"d\":" + (seq > 0 ? Long.toString(seq) : "null") + "}";
    }

    static String identify(String token, long intents, ShardSpec shard) {
        ObjectNode frame = Jsons.object().put("op", 2);
        ObjectNode d = frame.putObject("d");
        d.put("token", token);
        d.put("intents", intents);
        d.putArray("shard").add(shard.id()).add(shard.count());
        d.put("large_threshold", 250);
        ObjectNode props = d.putObject("properties");
        props.put("os", System.getProperty("os.name", "linux").toLowerCase(java.util.Locale.ROOT));
        props.put("browser", "ultra-reliability-keeper");
        props.put("device", "ultra-reliability-keeper");
        return Jsons.text(frame);
    }

    static String resume(String token, String sessionId, long seq) {
        ObjectNode frame = Jsons.object().put("op", 6);
        frame.putObject("d").put("token", token).put("session_id", sessionId).put("seq", seq);
        return Jsons.text(frame);
    }
}
