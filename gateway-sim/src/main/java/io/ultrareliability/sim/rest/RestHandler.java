package io.ultrareliability.sim.rest;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ultrareliability.sim.state.Entities;
import io.ultrareliability.sim.state.Json;
import io.ultrareliability.sim.state.SimIds;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Discord's REST API under {@code /api/v10/}: the routes a small JDA bot uses. Every route but
 * {@code GET gateway} and the interaction/webhook routes (authorised by their own token, as on
 * Discord) needs {@code Authorization: Bot <token>}.
 */
public final class RestHandler extends Handler.Abstract {
    public static final String PREFIX = "/api/v10/";
    /** Discord's limit on message content, in characters. */
    static final int MAX_CONTENT = 2000;

    private final RestContext ctx;
    private final InteractionRoutes interactionRoutes;

    public RestHandler(RestContext ctx) {
        this.ctx = requireNonNull(ctx, "ctx is null");
        this.interactionRoutes = new InteractionRoutes(ctx);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = HttpIo.path(request);
        if (!path.startsWith(PREFIX)) {
            return false;
        }
        RestCall call = new RestCall(request.getMethod(), path.substring(PREFIX.length()));
        Duration limited = ctx.faults().rateLimitRemaining();
        if (!limited.isZero()) {
            RateLimitHeaders.limited(response.getHeaders(), call.template(), limited, ctx.clock().instant());
            ObjectNode body = Json.object();
            body.put("message", "You are being rate limited.");
            body.put("retry_after", limited.toMillis() / 1000.0);
            body.put("global", false);
            HttpIo.json(response, callback, 429, body);
            return true;
        }
        RateLimitHeaders.ok(response.getHeaders(), call.template(), ctx.clock().instant());
        if (interactionRoutes.handle(call, request, response, callback)) {
            return true;
        }
        if (call.is("GET", "gateway")) {
            HttpIo.json(response, callback, 200, Json.object().put("url", ctx.gatewayUrl().get()));
            return true;
        }
        Optional<Integer> tokenIndex = ctx.tokens().acceptAuthorizationHeader(
                request.getHeaders().get("Authorization"));
        if (tokenIndex.isEmpty()) {
            HttpIo.error(response, callback, 401, "401: Unauthorized", 0);
            return true;
        }
        int bot = tokenIndex.get();
        if (call.is("GET", "users", "@me")) {
            HttpIo.json(response, callback, 200, Entities.botUser(bot));
        } else if (call.is("GET", "gateway", "bot")) {
            HttpIo.json(response, callback, 200, gatewayBot());
        } else if (call.is("GET", "oauth2", "applications", "@me")) {
            HttpIo.json(response, callback, 200, application(bot));
        } else if (call.is("GET", "users", "@me", "guilds")) {
            HttpIo.json(response, callback, 200, partialGuilds());
        } else if (call.is("POST", "channels", "*", "messages")) {
            postMessage(call, request, response, callback, bot);
        } else if (call.matches("applications", "*", "commands") || call.matches("applications", "*", "guilds", "*", "commands")) {
            commands(call, request, response, callback, bot);
        } else {
            HttpIo.error(response, callback, 404, "404: Not Found", 0);
        }
        return true;
    }

    private ObjectNode gatewayBot() {
        ObjectNode body = Json.object();
        body.put("url", ctx.gatewayUrl().get());
        body.put("shards", 1);
        ObjectNode limit = body.putObject("session_start_limit");
        io.ultrareliability.sim.faults.SessionStartBudget.Snapshot s = ctx.faults().sessionStartBudget().snapshot();
        limit.put("total", s.total());
        limit.put("remaining", s.remaining());
        limit.put("reset_after", s.resetAfter().toMillis());
        limit.put("max_concurrency", s.maxConcurrency());
        return body;
    }

    private static ObjectNode application(int bot) {
        ObjectNode app = Json.object();
        app.put("id", Long.toString(SimIds.applicationId(bot)));
        app.put("name", Entities.botName(bot));
        app.putNull("icon");
        app.put("description", "gateway-sim application");
        app.put("bot_public", false);
        app.put("bot_require_code_grant", false);
        app.put("verify_key", "0".repeat(64));
        app.put("flags", 0);
        app.set("owner", Entities.humanUser());
        app.putNull("team");
        app.set("bot", Entities.botUser(bot));
        app.set("tags", Json.array());
        app.set("redirect_uris", Json.array());
        return app;
    }

    private JsonNode partialGuilds() {
        var guilds = Json.array();
        for (int i = 0; i < ctx.guilds(); i++) {
            guilds.addObject().put("id", Long.toString(SimIds.guildId(i))).put("name", Entities.guildName(i))
                    .putNull("icon").put("owner", false).put("permissions", Entities.ALL_PERMISSIONS);
        }
        return guilds;
    }

    private void postMessage(RestCall call, Request request, Response response, Callback callback, int bot)
            throws java.io.IOException {
        long channelId = call.longSegment(1);
        int guildIndex = channelId < 0 ? -1 : SimIds.guildIndexOfChannel(channelId, ctx.guilds());
        if (guildIndex < 0) {
            HttpIo.error(response, callback, 404, "Unknown Channel", 10003);
            return;
        }
        Optional<JsonNode> body = RestCall.parseBody(HttpIo.body(request));
        String content = body.map(b -> b.path("content").asText("")).orElse("");
        if (body.isEmpty() || (content.isEmpty() && !body.get().has("embeds"))) {
            HttpIo.error(response, callback, 400, "Cannot send an empty message", 50006);
            return;
        }
        if (content.length() > MAX_CONTENT) {
            HttpIo.error(response, callback, 400, "Invalid Form Body", 50035);
            return;
        }
        ObjectNode message = MessageRecorder.record(ctx, channelId, guildIndex, bot, content);
        ctx.counters().messagesPosted.incrementAndGet();
        HttpIo.json(response, callback, 200, message);
    }

    private void commands(RestCall call, Request request, Response response, Callback callback, int bot)
            throws java.io.IOException {
        long applicationId = call.longSegment(1);
        if (applicationId != SimIds.applicationId(bot)) {
            HttpIo.error(response, callback, 403, "Missing Access", 50001);
            return;
        }
        long guildId = 0;
        if (call.segments().length == 5) {
            guildId = call.longSegment(3);
            if (SimIds.guildIndexOf(guildId, ctx.guilds()) < 0) {
                HttpIo.error(response, callback, 404, "Unknown Guild", 10004);
                return;
            }
        }
        switch (call.method()) {
            case "GET" -> HttpIo.json(response, callback, 200, ctx.commands().list(applicationId, guildId));
            case "PUT", "POST" -> {
                Optional<JsonNode> body = RestCall.parseBody(HttpIo.body(request));
                boolean put = call.method().equals("PUT");
                if (body.isEmpty() || (put != body.get().isArray())) {
                    HttpIo.error(response, callback, 400, "Invalid Form Body", 50035);
                    return;
                }
                try {
                    JsonNode answer = put
                            ? ctx.commands().replace(applicationId, guildId, body.get())
                            : ctx.commands().upsert(applicationId, guildId, body.get());
                    HttpIo.json(response, callback, put ? 200 : 201, answer);
                } catch (IllegalArgumentException e) {
                    HttpIo.error(response, callback, 400, "Invalid Form Body", 50035);
                }
            }
            default -> HttpIo.error(response, callback, 405, "405: Method Not Allowed", 0);
        }
    }
}
