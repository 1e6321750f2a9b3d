package io.ultrareliability.sim.state;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** Discord JSON shapes (users, guilds, channels, members, messages) as JDA 6 parses them. */
public final class Entities {
    /** All permissions a bot needs here, as Discord sends them: a decimal string. */
    public static final String ALL_PERMISSIONS = "2251799813685247";
    private static final String JOINED_AT = "2025-01-01T00:00:00.000000+00:00";

    private Entities() {
    }

    public static String botName(int tokenIndex) {
        return tokenIndex == 0 ? "sim-bot" : "sim-bot-" + tokenIndex;
    }

    public static ObjectNode botUser(int tokenIndex) {
        ObjectNode user = Json.object();
        user.put("id", Long.toString(SimIds.botUserId(tokenIndex)));
        user.put("username", botName(tokenIndex));
        user.put("global_name", (String) null);
        user.put("discriminator", "0");
        user.putNull("avatar");
        user.put("bot", true);
        user.put("verified", true);
        user.put("mfa_enabled", false);
        user.put("flags", 0);
        user.put("public_flags", 0);
        return user;
    }

    public static ObjectNode humanUser() {
        ObjectNode user = Json.object();
        user.put("id", Long.toString(SimIds.HUMAN_USER_ID));
        user.put("username", SimIds.HUMAN_USER_NAME);
        user.putNull("global_name");
        user.put("discriminator", "0");
        user.putNull("avatar");
        user.put("bot", false);
        user.put("public_flags", 0);
        return user;
    }

    public static ObjectNode member(ObjectNode user) {
        ObjectNode member = Json.object();
        member.set("user", user);
        member.putNull("nick");
        member.putNull("avatar");
        member.set("roles", Json.array());
        member.put("joined_at", JOINED_AT);
        member.putNull("premium_since");
        member.put("deaf", false);
        member.put("mute", false);
        member.put("pending", false);
        member.put("flags", 0);
        member.putNull("communication_disabled_until");
        return member;
    }

    public static ObjectNode textChannel(int guildIndex) {
        ObjectNode channel = Json.object();
        channel.put("id", Long.toString(SimIds.textChannelId(guildIndex)));
        channel.put("type", 0);
        channel.put("guild_id", Long.toString(SimIds.guildId(guildIndex)));
        channel.put("name", SimIds.TEXT_CHANNEL_NAME);
        channel.put("position", 0);
        channel.putNull("parent_id");
        channel.putNull("topic");
        channel.put("nsfw", false);
        channel.put("rate_limit_per_user", 0);
        channel.putNull("last_message_id");
        channel.set("permission_overwrites", Json.array());
        channel.put("flags", 0);
        return channel;
    }

    public static ObjectNode everyoneRole(int guildIndex) {
        ObjectNode role = Json.object();
        role.put("id", Long.toString(SimIds.guildId(guildIndex)));
        role.put("name", "@everyone");
        role.put("color", 0);
        ObjectNode colors = role.putObject("colors");
        colors.put("primary_color", 0);
        colors.putNull("secondary_color");
        colors.putNull("tertiary_color");
        role.put("hoist", false);
        role.putNull("icon");
        role.putNull("unicode_emoji");
        role.put("position", 0);
        role.put("permissions", ALL_PERMISSIONS);
        role.put("managed", false);
        role.put("mentionable", false);
        role.put("flags", 0);
        return role;
    }

    public static String guildName(int guildIndex) {
        return "Sim Guild " + (guildIndex + 1);
    }

    /** The GUILD_CREATE payload: JDA needs every array present and a valid afk_timeout. */
    public static ObjectNode guild(int guildIndex, int tokenIndex, Instant now) {
        long guildId = SimIds.guildId(guildIndex);
        ObjectNode guild = Json.object();
        guild.put("id", Long.toString(guildId));
        guild.put("name", guildName(guildIndex));
        guild.putNull("icon");
        guild.putNull("splash");
        guild.putNull("discovery_splash");
        guild.put("owner_id", Long.toString(SimIds.HUMAN_USER_ID));
        guild.putNull("afk_channel_id");
        guild.put("afk_timeout", 300);
        guild.put("verification_level", 0);
        guild.put("default_message_notifications", 0);
        guild.put("explicit_content_filter", 0);
        guild.put("mfa_level", 0);
        guild.putNull("application_id");
        guild.putNull("system_channel_id");
        guild.put("system_channel_flags", 0);
        guild.putNull("rules_channel_id");
        guild.putNull("vanity_url_code");
        guild.putNull("description");
        guild.putNull("banner");
        guild.put("premium_tier", 0);
        guild.put("premium_subscription_count", 0);
        guild.put("preferred_locale", "en-US");
        guild.putNull("public_updates_channel_id");
        guild.put("nsfw_level", 0);
        guild.put("premium_progress_bar_enabled", false);
        guild.putNull("safety_alerts_channel_id");
        guild.set("features", Json.array());
        guild.put("joined_at", JOINED_AT);
        guild.put("large", false);
        guild.put("unavailable", false);
        guild.put("member_count", 2);
        guild.put("max_members", 500_000);
        guild.set("roles", Json.array().add(everyoneRole(guildIndex)));
        guild.set("emojis", Json.array());
        guild.set("stickers", Json.array());
        ArrayNode members = Json.array();
        members.add(member(botUser(tokenIndex)));
        members.add(member(humanUser()));
        guild.set("members", members);
        guild.set("channels", Json.array().add(textChannel(guildIndex)));
        guild.set("threads", Json.array());
        guild.set("presences", Json.array());
        guild.set("voice_states", Json.array());
        guild.set("stage_instances", Json.array());
        guild.set("guild_scheduled_events", Json.array());
        guild.set("soundboard_sounds", Json.array());
        return guild;
    }

    /** A message object in the shape both REST answers and MESSAGE_CREATE use. */
    public static ObjectNode message(
            long id, long channelId, long guildId, ObjectNode author, String content, Instant at) {
        ObjectNode message = Json.object();
        message.put("id", Long.toString(id));
        message.put("type", 0);
        message.put("channel_id", Long.toString(channelId));
        if (guildId != 0) {
            message.put("guild_id", Long.toString(guildId));
        }
        message.set("author", author);
        message.put("content", content);
        message.put("timestamp", at.toString());
        message.putNull("edited_timestamp");
        message.put("tts", false);
        message.put("mention_everyone", false);
        message.set("mentions", Json.array());
        message.set("mention_roles", Json.array());
        message.set("mention_channels", Json.array());
        message.set("attachments", Json.array());
        message.set("embeds", Json.array());
        message.set("reactions", Json.array());
        message.set("components", Json.array());
        message.set("sticker_items", Json.array());
        message.put("pinned", false);
        message.put("flags", 0);
        return message;
    }
}
