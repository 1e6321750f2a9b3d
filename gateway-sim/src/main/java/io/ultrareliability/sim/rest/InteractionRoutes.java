package io.ultrareliability.sim.rest;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ultrareliability.sim.state.Json;
import io.ultrareliability.sim.state.PendingInteractions;
import io.ultrareliability.sim.state.PendingInteractions.Pending;
import io.ultrareliability.sim.state.SimIds;
import java.io.IOException;
import java.util.Optional;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * Interaction callbacks and webhook follow-ups. Like Discord these are authorised by the
 * interaction token in the path, not by the bot token.
 */
final class InteractionRoutes {
    static final int CHANNEL_MESSAGE_WITH_SOURCE = 4;
    static final int DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE = 5;

    private final RestContext ctx;

    InteractionRoutes(RestContext ctx) {
        this.ctx = requireNonNull(ctx, "ctx is null");
    }

    /** Handles the call if it is an interaction or webhook route. */
    boolean handle(RestCall call, Request request, Response response, Callback callback) throws IOException {
        if (call.is("POST", "interactions", "*", "*", "callback")) {
            callback(call, request, response, callback);
            return true;
        }
        if (call.segments().length >= 3 && call.segments()[0].equals("webhooks")) {
            webhook(call, request, response, callback);
            return true;
        }
        return false;
    }

    private void callback(RestCall call, Request request, Response response, Callback callback) throws IOException {
        Optional<Pending> found = ctx.interactions().byId(call.longSegment(1), call.segments()[2]);
        if (found.isEmpty()) {
            HttpIo.error(response, callback, 404, "Unknown interaction", 10062);
            return;
        }
        Pending pending = found.get();
        Optional<JsonNode> body = RestCall.parseBody(HttpIo.body(request));
        int type = body.map(b -> b.path("type").asInt(-1)).orElse(-1);
        if (type != CHANNEL_MESSAGE_WITH_SOURCE && type != DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE) {
            HttpIo.error(response, callback, 400, "Invalid Form Body", 50035);
            return;
        }
        PendingInteractions.Ack ack = ctx.interactions().acknowledge(
                pending, type == DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE, ctx.clock().instant());
        if (ack == PendingInteractions.Ack.ALREADY_ACKNOWLEDGED) {
            HttpIo.error(response, callback, 400, "Interaction has already been acknowledged.", 40060);
            return;
        }
        if (ack == PendingInteractions.Ack.EXPIRED) {
            // Discord's answer once the 3 s are over: the interaction no longer exists for it.
            HttpIo.error(response, callback, 404, "Unknown interaction", 10062);
            return;
        }
        ctx.counters().interactionReplies.incrementAndGet();
        ObjectNode message = null;
        if (type == CHANNEL_MESSAGE_WITH_SOURCE) {
            String content = body.get().path("data").path("content").asText("");
            message = record(pending, content);
        }
        Fields query = Request.extractQueryParameters(request);
        if (!"true".equals(query.getValue("with_response"))) {
            HttpIo.noContent(response, callback);
            return;
        }
        ObjectNode answer = Json.object();
        ObjectNode interaction = answer.putObject("interaction");
        interaction.put("id", Long.toString(pending.id()));
        interaction.put("type", 2);
        interaction.putNull("activity_instance_id");
        interaction.put("response_message_loading", type == DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE);
        interaction.put("response_message_ephemeral", false);
        ObjectNode resource = answer.putObject("resource");
        resource.put("type", type);
        if (message != null) {
            interaction.put("response_message_id", message.path("id").asText());
            resource.set("message", message);
        }
        HttpIo.json(response, callback, 200, answer);
    }

    /** {@code webhooks/{application}/{interaction token}[/messages/{id|@original}]}. */
    private void webhook(RestCall call, Request request, Response response, Callback callback) throws IOException {
        Optional<Pending> found = ctx.interactions().byToken(call.segments()[2]);
        if (found.isEmpty() || call.longSegment(1) != SimIds.applicationId(found.get().tokenIndex())) {
            HttpIo.error(response, callback, 404, "Unknown Webhook", 10015);
            return;
        }
        Pending pending = found.get();
        if (!ctx.interactions().webhookUsable(pending, ctx.clock().instant())) {
            // Never acknowledged, or acknowledged more than 15 min ago: Discord has no webhook.
            HttpIo.error(response, callback, 404, "Unknown Webhook", 10015);
            return;
        }
        boolean followUp = call.is("POST", "webhooks", "*", "*");
        boolean oneMessage = call.matches("webhooks", "*", "*", "messages", "*");
        if (followUp || (oneMessage && call.method().equals("PATCH"))) {
            Optional<JsonNode> body = RestCall.parseBody(HttpIo.body(request));
            String content = body.map(b -> b.path("content").asText("")).orElse("");
            if (followUp) {
                ctx.counters().messagesPosted.incrementAndGet();
            }
            HttpIo.json(response, callback, 200, record(pending, content));
        } else if (oneMessage && call.method().equals("GET")) {
            HttpIo.json(response, callback, 200, messageObject(pending, ""));
        } else if (oneMessage && call.method().equals("DELETE")) {
            HttpIo.noContent(response, callback);
        } else {
            HttpIo.error(response, callback, 404, "404: Not Found", 0);
        }
    }

    private ObjectNode record(Pending pending, String content) {
        int guildIndex = SimIds.guildIndexOf(pending.guildId(), ctx.guilds());
        ObjectNode message = MessageRecorder.record(ctx, pending.channelId(), guildIndex, pending.tokenIndex(), content);
        message.put("webhook_id", Long.toString(SimIds.applicationId(pending.tokenIndex())));
        return message;
    }

    private ObjectNode messageObject(Pending pending, String content) {
        ObjectNode message = io.ultrareliability.sim.state.Entities.message(
                ctx.ids().next(ctx.clock().instant()), pending.channelId(), pending.guildId(),
                io.ultrareliability.sim.state.Entities.botUser(pending.tokenIndex()), content, ctx.clock().instant());
        message.put("webhook_id", Long.toString(SimIds.applicationId(pending.tokenIndex())));
        return message;
    }
}
