package io.ultrareliability.keeper.state;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultrareliability.keeper.state.GuildSnapshot.Collection;
import io.ultrareliability.keeper.state.StateStore.Applied;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * The state dispatches inside one guild (everything but GUILD_CREATE/DELETE and READY, which
 * change the guild list and live in the store): a table of what each type does to which
 * collection. A dispatch for a guild the keeper does not hold is still forwarded; it just
 * changes nothing here.
 */
final class DispatchApplier {
    /** Types that carry no cached state: forwarded as they are, not "unknown". */
    static final Set<String> EVENTS = Set.of(
            "MESSAGE_CREATE", "MESSAGE_UPDATE", "MESSAGE_DELETE", "MESSAGE_DELETE_BULK",
            "MESSAGE_REACTION_ADD", "MESSAGE_REACTION_REMOVE", "MESSAGE_REACTION_REMOVE_ALL",
            "MESSAGE_REACTION_REMOVE_EMOJI", "MESSAGE_POLL_VOTE_ADD", "MESSAGE_POLL_VOTE_REMOVE",
            "INTERACTION_CREATE", "TYPING_START", "CHANNEL_PINS_UPDATE", "GUILD_BAN_ADD", "GUILD_BAN_REMOVE",
            "GUILD_INTEGRATIONS_UPDATE", "INTEGRATION_CREATE", "INTEGRATION_UPDATE", "INTEGRATION_DELETE",
            "INVITE_CREATE", "INVITE_DELETE", "WEBHOOKS_UPDATE", "VOICE_SERVER_UPDATE", "GUILD_AUDIT_LOG_ENTRY_CREATE",
            "AUTO_MODERATION_RULE_CREATE", "AUTO_MODERATION_RULE_UPDATE", "AUTO_MODERATION_RULE_DELETE",
            "AUTO_MODERATION_ACTION_EXECUTION", "APPLICATION_COMMAND_PERMISSIONS_UPDATE",
            "ENTITLEMENT_CREATE", "ENTITLEMENT_UPDATE", "ENTITLEMENT_DELETE", "GUILD_SCHEDULED_EVENT_USER_ADD",
            "GUILD_SCHEDULED_EVENT_USER_REMOVE", "THREAD_MEMBER_UPDATE", "THREAD_MEMBERS_UPDATE",
            "GUILD_SOUNDBOARD_SOUND_CREATE", "GUILD_SOUNDBOARD_SOUND_UPDATE", "GUILD_SOUNDBOARD_SOUND_DELETE",
            "GUILD_SOUNDBOARD_SOUNDS_UPDATE", "SOUNDBOARD_SOUNDS", "USER_UPDATE", "RESUMED");

    private DispatchApplier() {
    }

    /**
     * Whether dispatches of {@code type} change the keeper's state (for frames read back from the
     * store, which keep no type flag). Applied to no guild, so nothing changes.
     */
    static boolean changesState(String type) {
        return type.equals("GUILD_CREATE") || type.equals("GUILD_DELETE")
                || apply(type, com.fasterxml.jackson.databind.node.MissingNode.getInstance(), id -> null) == Applied.STATE;
    }

    static Applied apply(String type, JsonNode d, LongFunction<GuildSnapshot> guilds) {
        GuildSnapshot guild = guilds.apply(GuildSnapshot.snowflake(d.path("guild_id")));
        switch (type) {
            case "CHANNEL_CREATE", "CHANNEL_UPDATE" -> put(guild, Collection.CHANNELS, d);
            case "CHANNEL_DELETE" -> remove(guild, Collection.CHANNELS, d.path("id"));
            case "THREAD_CREATE", "THREAD_UPDATE" -> put(guild, Collection.THREADS, d);
            case "THREAD_DELETE" -> remove(guild, Collection.THREADS, d.path("id"));
            case "THREAD_LIST_SYNC" -> threadListSync(guild, d);
            case "GUILD_ROLE_CREATE", "GUILD_ROLE_UPDATE" -> put(guild, Collection.ROLES, d.path("role"));
            case "GUILD_ROLE_DELETE" -> remove(guild, Collection.ROLES, d.path("role_id"));
            case "GUILD_MEMBER_ADD" -> memberAdd(guild, d);
            case "GUILD_MEMBER_UPDATE" -> merge(guild, Collection.MEMBERS, d);
            case "GUILD_MEMBER_REMOVE" -> {
                if (guild != null && guild.table(Collection.MEMBERS).remove(
                        GuildSnapshot.snowflake(d.path("user").path("id")))) {
                    guild.adjustMemberCount(-1);
                }
            }
            case "GUILD_MEMBERS_CHUNK" -> {
                d.path("members").forEach(m -> put(guild, Collection.MEMBERS, m));
                d.path("presences").forEach(p -> put(guild, Collection.PRESENCES, p));
            }
            case "GUILD_EMOJIS_UPDATE" -> replaceAll(guild, Collection.EMOJIS, d.path("emojis"));
            case "GUILD_STICKERS_UPDATE" -> replaceAll(guild, Collection.STICKERS, d.path("stickers"));
            case "VOICE_STATE_UPDATE" -> voiceState(guild, d);
            case "PRESENCE_UPDATE" -> merge(guild, Collection.PRESENCES, d);
            case "STAGE_INSTANCE_CREATE", "STAGE_INSTANCE_UPDATE" -> put(guild, Collection.STAGE_INSTANCES, d);
            case "STAGE_INSTANCE_DELETE" -> remove(guild, Collection.STAGE_INSTANCES, d.path("id"));
            case "GUILD_SCHEDULED_EVENT_CREATE", "GUILD_SCHEDULED_EVENT_UPDATE" ->
                    put(guild, Collection.SCHEDULED_EVENTS, d);
            case "GUILD_SCHEDULED_EVENT_DELETE" -> remove(guild, Collection.SCHEDULED_EVENTS, d.path("id"));
            case "GUILD_UPDATE" -> {
                GuildSnapshot target = guilds.apply(GuildSnapshot.snowflake(d.path("id")));
                if (target != null) {
                    target.updateScalars(d);
                }
            }
            default -> {
                return EVENTS.contains(type) ? Applied.EVENT : Applied.UNKNOWN;
            }
        }
        return Applied.STATE;
    }

    private static void put(GuildSnapshot guild, Collection c, JsonNode entity) {
        long id = c.idOf(entity);
        if (guild != null && id >= 0 && entity.isObject()) {
            guild.table(c).put(id, withoutGuildId(entity));
        }
    }

    private static void merge(GuildSnapshot guild, Collection c, JsonNode entity) {
        long id = c.idOf(entity);
        if (guild != null && id >= 0 && entity.isObject()) {
            guild.table(c).merge(id, withoutGuildId(entity));
        }
    }

    private static void remove(GuildSnapshot guild, Collection c, JsonNode idNode) {
        long id = GuildSnapshot.snowflake(idNode);
        if (guild != null && id >= 0) {
            guild.table(c).remove(id);
        }
    }

    private static void memberAdd(GuildSnapshot guild, JsonNode d) {
        if (guild == null) {
            return;
        }
        boolean known = guild.table(Collection.MEMBERS).contains(Collection.MEMBERS.idOf(d));
        put(guild, Collection.MEMBERS, d);
        if (!known) {
            guild.adjustMemberCount(1);
        }
    }

    private static void replaceAll(GuildSnapshot guild, Collection c, JsonNode array) {
        if (guild == null) {
            return;
        }
        guild.table(c).clear();
        array.forEach(e -> put(guild, c, e));
    }

    /** A voice state with no channel means the user left voice: Discord drops it from the guild. */
    private static void voiceState(GuildSnapshot guild, JsonNode d) {
        if (d.path("channel_id").isNull() || d.path("channel_id").isMissingNode()) {
            remove(guild, Collection.VOICE_STATES, d.path("user_id"));
        } else {
            put(guild, Collection.VOICE_STATES, d);
        }
    }

    /** THREAD_LIST_SYNC replaces the active threads of the listed channels (or of the guild). */
    private static void threadListSync(GuildSnapshot guild, JsonNode d) {
        if (guild == null) {
            return;
        }
        EntityTable threads = guild.table(Collection.THREADS);
        JsonNode channelIds = d.path("channel_ids");
        if (!channelIds.isArray() || channelIds.isEmpty()) {
            threads.clear();
        } else {
            java.util.Set<String> parents = new java.util.HashSet<>();
            channelIds.forEach(id -> parents.add(id.asText()));
            for (Long id : java.util.List.copyOf(threads.ids())) {
                if (parents.contains(threads.get(id).path("parent_id").asText())) {
                    threads.remove(id);
                }
            }
        }
        d.path("threads").forEach(t -> put(guild, Collection.THREADS, t));
    }

    /** GUILD_CREATE's nested entities carry no guild_id; stored ones should not either. */
    private static JsonNode withoutGuildId(JsonNode entity) {
        if (entity.has("guild_id") && entity instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
            com.fasterxml.jackson.databind.node.ObjectNode copy = o.deepCopy();
            copy.remove("guild_id");
            return copy;
        }
        return entity;
    }
}
