package io.ultrareliability.keeper.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ultrareliability.keeper.Jsons;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The state in memory, guarded by this object's monitor. Guild order is the order Discord
 * announced them in. GUILD_CREATE/GUILD_DELETE change the guild list; everything inside a
 * guild is {@link DispatchApplier}'s.
 */
public final class MemoryStateStore implements StateStore {
    private ObjectNode ready;
    private final Map<Long, GuildSnapshot> guilds = new LinkedHashMap<>();
    /** Guilds in READY (or made unavailable by an outage) without a snapshot yet. */
    private final Set<Long> unavailable = new LinkedHashSet<>();

    @Override
    public synchronized void ready(ObjectNode readyData) {
        ready = readyData.deepCopy();
        guilds.clear();
        unavailable.clear();
        for (JsonNode g : readyData.path("guilds")) {
            long id = GuildSnapshot.snowflake(g.path("id"));
            if (id >= 0) {
                unavailable.add(id);
            }
        }
    }

    @Override
    public synchronized Applied apply(String type, JsonNode d) {
        switch (type) {
            case "GUILD_CREATE" -> {
                long id = GuildSnapshot.snowflake(d.path("id"));
                if (id < 0) {
                    return Applied.STATE;
                }
                if (d.path("unavailable").asBoolean(false)) {
                    guilds.remove(id);
                    unavailable.add(id);
                } else {
                    unavailable.remove(id);
                    guilds.computeIfAbsent(id, GuildSnapshot::new).replace(d);
                }
                return Applied.STATE;
            }
            case "GUILD_DELETE" -> {
                long id = GuildSnapshot.snowflake(d.path("id"));
                guilds.remove(id);
                // unavailable: an outage, the guild comes back; otherwise the bot left it.
                if (d.path("unavailable").asBoolean(false)) {
                    unavailable.add(id);
                } else {
                    unavailable.remove(id);
                }
                return Applied.STATE;
            }
            case "USER_UPDATE" -> {
                if (ready != null && ready.path("user").path("id").asText().equals(d.path("id").asText())) {
                    ready.set("user", d.deepCopy());
                }
                return Applied.STATE;
            }
            default -> {
                return DispatchApplier.apply(type, d, guilds::get);
            }
        }
    }

    @Override
    public synchronized Optional<ObjectNode> readyData() {
        if (ready == null) {
            return Optional.empty();
        }
        ObjectNode copy = ready.deepCopy();
        ArrayNode list = copy.putArray("guilds");
        for (long id : guilds.keySet()) {
            list.addObject().put("id", Long.toString(id)).put("unavailable", true);
        }
        for (long id : unavailable) {
            list.addObject().put("id", Long.toString(id)).put("unavailable", true);
        }
        return Optional.of(copy);
    }

    @Override
    public synchronized List<GuildImage> guildImages() {
        List<GuildImage> out = new ArrayList<>(guilds.size() + unavailable.size());
        for (GuildSnapshot g : guilds.values()) {
            out.add(g.freeze());
        }
        for (long id : unavailable) {
            out.add(GuildImage.unavailable(id));
        }
        return out;
    }

    @Override
    public synchronized int guildCount() {
        return guilds.size() + unavailable.size();
    }

    @Override
    public synchronized long approximateBytes() {
        long total = ready == null ? 0 : Jsons.bytes(ready).length;
        for (GuildSnapshot g : guilds.values()) {
            total += g.approximateBytes();
        }
        return total;
    }
}
