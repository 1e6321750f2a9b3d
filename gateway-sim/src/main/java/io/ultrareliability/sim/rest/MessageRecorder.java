package io.ultrareliability.sim.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ultrareliability.sim.PostedMessage;
import io.ultrareliability.sim.state.Entities;
import io.ultrareliability.sim.state.SimIds;
import java.time.Instant;

/** Records a message the bot sent and builds the message object Discord would answer. */
final class MessageRecorder {
    private MessageRecorder() {
    }

    static ObjectNode record(RestContext ctx, long channelId, int guildIndex, int bot, String content) {
        Instant at = ctx.clock().instant();
        ctx.messages().add(new PostedMessage(Long.toString(channelId), content, at));
        ObjectNode message = Entities.message(
                ctx.ids().next(at), channelId, SimIds.guildId(guildIndex), Entities.botUser(bot), content, at);
        message.put("application_id", Long.toString(SimIds.applicationId(bot)));
        return message;
    }
}
