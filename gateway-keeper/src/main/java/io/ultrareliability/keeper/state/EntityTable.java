package io.ultrareliability.keeper.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ultrareliability.keeper.Jsons;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One collection of a guild (channels, members, roles...) keyed by snowflake, each entity kept
 * as compact UTF-8 JSON rather than a Jackson tree: a member costs its text plus ~80 bytes of
 * map entry instead of ~1 KB of nodes, which is what makes a million members fit (docs/perf.md).
 * Insertion order is kept so a synthesized GUILD_CREATE lists things as Discord did.
 */
final class EntityTable {
    /** Per-entry cost on top of the text: map entry, boxed key, array header. */
    static final int ENTRY_OVERHEAD = 88;

    private final Map<Long, byte[]> entries = new LinkedHashMap<>();
    private long textBytes;

    void put(long id, JsonNode entity) {
        byte[] text = Jsons.bytes(entity);
        byte[] old = entries.put(id, text);
        textBytes += text.length - (old == null ? 0 : old.length);
    }

    /** Merges the given fields into the stored entity (Discord's partial updates), or inserts. */
    void merge(long id, JsonNode fields) {
        byte[] old = entries.get(id);
        if (old == null || !fields.isObject()) {
            put(id, fields);
            return;
        }
        JsonNode current = Jsons.read(old);
        if (current instanceof ObjectNode object) {
            object.setAll((ObjectNode) fields);
            put(id, object);
        } else {
            put(id, fields);
        }
    }

    boolean remove(long id) {
        byte[] old = entries.remove(id);
        if (old != null) {
            textBytes -= old.length;
        }
        return old != null;
    }

    void clear() {
        entries.clear();
        textBytes = 0;
    }

    JsonNode get(long id) {
        byte[] text = entries.get(id);
        return text == null ? null : Jsons.read(text);
    }

    boolean contains(long id) {
        return entries.containsKey(id);
    }

    Collection<byte[]> values() {
        return entries.values();
    }

    java.util.Set<Long> ids() {
        return entries.keySet();
    }

    int size() {
        return entries.size();
    }

    long approximateBytes() {
        return textBytes + (long) entries.size() * ENTRY_OVERHEAD;
    }
}
