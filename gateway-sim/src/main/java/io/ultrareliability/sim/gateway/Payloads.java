package io.ultrareliability.sim.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ultrareliability.sim.state.Entities;
import io.ultrareliability.sim.state.Json;
import io.ultrareliability.sim.state.SimIds;
import java.time.Instant;
import java.util.List;

/** Non-dispatch frames and dispatch bodies the gateway sends. */
final class Payloads {
    private Payloads() {
    }

    static String hello(long heartbeatIntervalMs) {
        ObjectNode frame = Json.object();
        frame.put("op", GatewayOps.HELLO);
        frame.putNull("t");
        frame.putNull("s");
        frame.putObject("d").put("heartbeat_interval", heartbeatIntervalMs);
        return Json.write(frame);
    }

    static String heartbeatAck() {
        return "{\"op\":11,\"t\":null,\"s\":null,\"d\":null}";
    }

    static String reconnect() {
        return "{\"op\":7,\"t\":null,\"s\":null,\"d\":null}";
    }

    static String invalidSession(boolean resumable) {
        return "{\"op\":9,\"t\":null,\"s\":null,\"d\":" + resumable + "}";
    }

    /** READY: JDA needs private_channels, or it never stores the session id. */
    static ObjectNode ready(GatewaySession session, List<Integer> guildIndexes, String resumeGatewayUrl) {
        ObjectNode d = Json.object();
        d.put("v", 10);
        d.set("user", Entities.botUser(session.tokenIndex()));
        ArrayNode guilds = d.putArray("guilds");
        for (int index : guildIndexes) {
            guilds.addObject().put("id", Long.toString(SimIds.guildId(index))).put("unavailable", true);
        }
        d.put("session_id", session.id());
        d.put("resume_gateway_url", resumeGatewayUrl);
        d.putArray("shard").add(session.shardId()).add(session.shardCount());
        ObjectNode application = d.putObject("application");
        application.put("id", Long.toString(SimIds.applicationId(session.tokenIndex())));
        application.put("flags", 0);
        d.putArray("private_channels");
        d.putArray("relationships");
        d.putArray("presences");
        d.putArray("guild_join_requests");
        d.putArray("geo_ordered_rtc_regions");
        d.putObject("user_settings");
        d.putObject("auth");
        d.put("session_type", "normal");
        d.putArray("_trace").add("gateway-sim");
        return d;
    }

    static ObjectNode messageCreate(long messageId, long channelId, int guildIndex, String content, Instant at) {
        long guildId = SimIds.guildId(guildIndex);
        ObjectNode message = Entities.message(messageId, channelId, guildId, Entities.humanUser(), content, at);
        ObjectNode member = Entities.member(Entities.humanUser());
        member.remove("user");
        message.set("member", member);
        return message;
    }

    static ObjectNode membersChunk(int guildIndex, int tokenIndex, String nonce) {
        ObjectNode d = Json.object();
        d.put("guild_id", Long.toString(SimIds.guildId(guildIndex)));
        ArrayNode members = d.putArray("members");
        members.add(Entities.member(Entities.botUser(tokenIndex)));
        members.add(Entities.member(Entities.humanUser()));
        d.put("chunk_index", 0);
        d.put("chunk_count", 1);
        d.putArray("not_found");
        if (nonce != null) {
            d.put("nonce", nonce);
        }
        return d;
    }

    /** An APPLICATION_COMMAND interaction for a slash command with no options. */
    static ObjectNode slashCommand(
            long interactionId, String interactionToken, long commandId, int tokenIndex, int guildIndex,
            String commandName) {
        long guildId = SimIds.guildId(guildIndex);
        ObjectNode d = Json.object();
        d.put("id", Long.toString(interactionId));
        d.put("application_id", Long.toString(SimIds.applicationId(tokenIndex)));
        d.put("type", 2);
        d.put("token", interactionToken);
        d.put("version", 1);
        d.put("guild_id", Long.toString(guildId));
        ObjectNode guild = d.putObject("guild");
        guild.put("id", Long.toString(guildId));
        guild.put("locale", "en-US");
        guild.putArray("features");
        d.put("channel_id", Long.toString(SimIds.textChannelId(guildIndex)));
        d.set("channel", Entities.textChannel(guildIndex));
        ObjectNode member = Entities.member(Entities.humanUser());
        member.put("permissions", Entities.ALL_PERMISSIONS);
        d.set("member", member);
        d.put("locale", "en-US");
        d.put("guild_locale", "en-US");
        d.put("app_permissions", Entities.ALL_PERMISSIONS);
        d.put("context", 0);
        d.putObject("authorizing_integration_owners").put("0", Long.toString(guildId));
        d.putArray("entitlements");
        d.put("attachment_size_limit", 10_485_760);
        ObjectNode data = d.putObject("data");
        data.put("id", Long.toString(commandId));
        data.put("name", commandName);
        data.put("type", 1);
        data.put("guild_id", Long.toString(guildId));
        return d;
    }
}
