package io.ultrareliability.keeper.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ultrareliability.keeper.Jsons;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
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
        return freeze().text();
    }

    /** This guild as it is now, for writing out later without the store's lock ({@link GuildImage}). */
    GuildImage freeze() {
        List<byte[][]> collections = new ArrayList<>(tables.size());
        for (Collection c : Collection.values()) {
            collections.add(tables.get(c).values().toArray(new byte[0][]));
        }
        return GuildImage.create(base, collections);
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
