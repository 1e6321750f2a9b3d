package io.ultrareliability.keeper.interaction;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultrareliability.keeper.Jsons;
import java.io.IOException;

/** Reading and marking the {@code d} of an INTERACTION_CREATE kept as text. */
public final class InteractionFrames {
    public static final String TYPE = "INTERACTION_CREATE";
    /** Set in {@code d} when the keeper acknowledged it: JDA ignores unknown fields; the bot reads it raw. */
    public static final String DEFERRED_FIELD = "ur_deferred";

    private InteractionFrames() {
    }

    /** The interaction id, or -1 when {@code data} is not an object with a numeric id. */
    public static long id(String data) {
        try {
            JsonNode d = Jsons.MAPPER.readTree(data);
            return d == null ? -1 : d.path("id").asLong(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    /** {@code data} with {@code "ur_deferred":true} first; unchanged if it is not a JSON object. */
    public static String markDeferred(String data) {
        String t = data.stripLeading();
        if (!t.startsWith("{")) {
            return data;
        }
        String rest = t.substring(1).stripLeading();
        return "{\"" + DEFERRED_FIELD + "\":true" + (rest.startsWith("}") ? "" : ",") + rest;
    }
}
