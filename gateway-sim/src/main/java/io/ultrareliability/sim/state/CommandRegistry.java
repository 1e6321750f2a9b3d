package io.ultrareliability.sim.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Slash commands registered per application, globally (guild 0) or per guild. */
public final class CommandRegistry {
    private final Map<String, ArrayNode> commands = new ConcurrentHashMap<>();
    private final SimIds ids;
    private final InstantSource clock;

    public CommandRegistry(SimIds ids, InstantSource clock) {
        this.ids = ids;
        this.clock = clock;
    }

    /** Replaces the whole list (PUT), answering the commands as Discord stores them. */
    public ArrayNode replace(long applicationId, long guildId, JsonNode requested) {
        ArrayNode stored = Json.array();
        for (JsonNode command : requested) {
            stored.add(store(applicationId, guildId, command));
        }
        commands.put(key(applicationId, guildId), stored);
        return stored;
    }

    /** Adds or overwrites one command by name (POST). */
    public ObjectNode upsert(long applicationId, long guildId, JsonNode requested) {
        ObjectNode command = store(applicationId, guildId, requested);
        commands.compute(key(applicationId, guildId), (k, list) -> {
            ArrayNode result = Json.array();
            if (list != null) {
                list.forEach(c -> {
                    if (!c.path("name").asText().equals(command.path("name").asText())) {
                        result.add(c);
                    }
                });
            }
            result.add(command);
            return result;
        });
        return command;
    }

    public ArrayNode list(long applicationId, long guildId) {
        return commands.getOrDefault(key(applicationId, guildId), Json.array()).deepCopy();
    }

    public void clear() {
        commands.clear();
    }

    private ObjectNode store(long applicationId, long guildId, JsonNode requested) {
        if (!requested.isObject() || !requested.path("name").isTextual()) {
            throw new IllegalArgumentException("every command needs a name");
        }
        ObjectNode command = ((ObjectNode) requested).deepCopy();
        long id = ids.next(clock.instant());
        command.put("id", Long.toString(id));
        command.put("application_id", Long.toString(applicationId));
        if (guildId != 0) {
            command.put("guild_id", Long.toString(guildId));
        }
        command.put("version", Long.toString(id));
        if (!command.has("type")) {
            command.put("type", 1);
        }
        if (!command.has("description")) {
            command.put("description", "");
        }
        if (!command.has("options")) {
            command.set("options", Json.array());
        }
        if (!command.has("default_member_permissions")) {
            command.putNull("default_member_permissions");
        }
        if (!command.has("nsfw")) {
            command.put("nsfw", false);
        }
        return command;
    }

    private static String key(long applicationId, long guildId) {
        return applicationId + "/" + guildId;
    }
}
