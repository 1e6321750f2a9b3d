package io.ultrareliability.keeper.state;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ultrareliability.keeper.Jsons;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

/**
 * One guild as a GUILD_CREATE body: the scalar fields as one JSON object and each array
 * ({@link Collection}) as an {@link EntityTable}. Written back out with the stored entity text
 * copied raw, so a replay does not re-parse a million members.
 */
final class GuildSnapshot {
    /** The arrays of a GUILD_CREATE the keeper keeps, and the field that keys each entry. */
    enum Collection {
        CHANNELS("channels", "id"),
        THREADS("threads", "id"),
        ROLES("roles", "id"),
        MEMBERS("members", "user.id"),
        EMOJIS("emojis", "id"),
        STICKERS("stickers", "id"),
        VOICE_STATES("voice_states", "user_id"),
        PRESENCES("presences", "user.id"),
        STAGE_INSTANCES("stage_instances", "id"),
        SCHEDULED_EVENTS("guild_scheduled_events", "id");

        final String field;
        final String key;

        Collection(String field, String key) {
            this.field = field;
            this.key = key;
        }

        /** The entity's snowflake, or -1 when it has none (then it is not stored). */
        long idOf(JsonNode entity) {
            JsonNode node = entity;
            for (String part : key.split("\\.")) {
                node = node.path(part);
            }
            return snowflake(node);
        }
    }

    private final long id;
    private byte[] base;
    private final Map<Collection, EntityTable> tables = new EnumMap<>(Collection.class);

    GuildSnapshot(long id) {
        this.id = id;
        this.base = Jsons.bytes(Jsons.object().put("id", Long.toString(id)));
        for (Collection c : Collection.values()) {
            tables.put(c, new EntityTable());
        }
    }

    /** Replaces everything with a GUILD_CREATE body. */
    void replace(JsonNode guildCreate) {
        ObjectNode scalars = guildCreate.deepCopy();
        for (Collection c : Collection.values()) {
            EntityTable table = tables.get(c);
            table.clear();
            JsonNode array = scalars.remove(c.field);
            if (array != null && array.isArray()) {
                for (JsonNode entity : array) {
                    long key = c.idOf(entity);
                    if (key >= 0) {
                        table.put(key, entity);
                    }
                }
            }
        }
        scalars.remove("unavailable");
        base = Jsons.bytes(scalars);
    }

    /** GUILD_UPDATE: the scalar fields change, the collections stay. */
    void updateScalars(JsonNode fields) {
        ObjectNode scalars = (ObjectNode) Jsons.read(base);
        fields.properties().forEach(e -> {
            if (!isCollectionField(e.getKey()) && !e.getKey().equals("unavailable")) {
                scalars.set(e.getKey(), e.getValue());
            }
        });
        base = Jsons.bytes(scalars);
    }

    /** Adds {@code delta} to {@code member_count} (member add/remove). */
    void adjustMemberCount(int delta) {
        ObjectNode scalars = (ObjectNode) Jsons.read(base);
        JsonNode count = scalars.get("member_count");
        if (count != null && count.canConvertToInt()) {
            scalars.put("member_count", Math.max(0, count.intValue() + delta));
            base = Jsons.bytes(scalars);
        }
    }

    EntityTable table(Collection c) {
        return tables.get(c);
    }

    long id() {
        return id;
    }

    /** The GUILD_CREATE body as JSON text. */
    String toGuildCreate() {
        StringWriter out = new StringWriter(estimateChars());
        try (JsonGenerator g = Jsons.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            Jsons.read(base).properties().forEach(e -> writeField(g, e.getKey(), e.getValue()));
            for (Collection c : Collection.values()) {
                g.writeArrayFieldStart(c.field);
                for (byte[] entity : tables.get(c).values()) {
                    g.writeRawValue(new String(entity, StandardCharsets.UTF_8));
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void writeField(JsonGenerator g, String name, JsonNode value) {
        try {
            g.writeFieldName(name);
            Jsons.MAPPER.writeTree(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int estimateChars() {
        long bytes = approximateBytes();
        return (int) Math.min(Integer.MAX_VALUE - 16, Math.max(256, bytes));
    }

    long approximateBytes() {
        long total = base.length + 64;
        for (EntityTable t : tables.values()) {
            total += t.approximateBytes();
        }
        return total;
    }

    static boolean isCollectionField(String field) {
        for (Collection c : Collection.values()) {
            if (c.field.equals(field)) {
                return true;
            }
        }
        return false;
    }

    /** A snowflake given as a string (Discord's way) or a number; -1 if absent or malformed. */
    static long snowflake(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return -1;
        }
        if (node.isIntegralNumber()) {
            return node.longValue();
        }
        try {
            return Long.parseUnsignedLong(node.asText());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
