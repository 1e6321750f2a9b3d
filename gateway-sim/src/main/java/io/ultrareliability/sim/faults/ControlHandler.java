package io.ultrareliability.sim.faults;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ultrareliability.sim.PostedMessage;
import io.ultrareliability.sim.SimFaults;
import io.ultrareliability.sim.SimStats;
import io.ultrareliability.sim.rest.HttpIo;
import io.ultrareliability.sim.state.Json;
import java.time.Duration;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/** The operator's switches: {@code /_sim/*} on the simulator's own port. */
public final class ControlHandler extends Handler.Abstract {
    public static final String PREFIX = "/_sim/";

    private final SimFaults faults;
    private final Supplier<SimStats> stats;
    private final SessionStartBudget budget;

    public ControlHandler(SimFaults faults, Supplier<SimStats> stats) {
        this(faults, stats, null);
    }

    /** @param budget shown at {@code GET /_sim/identify-budget}; null: not shown */
    public ControlHandler(SimFaults faults, Supplier<SimStats> stats, SessionStartBudget budget) {
        this.faults = requireNonNull(faults, "faults is null");
        this.stats = requireNonNull(stats, "stats is null");
        this.budget = budget;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = HttpIo.path(request);
        if (!path.startsWith(PREFIX)) {
            return false;
        }
        String route = path.substring(PREFIX.length());
        String method = request.getMethod();
        Fields query = Request.extractQueryParameters(request);
        try {
            if (method.equals("GET") && route.equals("stats")) {
                HttpIo.json(response, callback, 200, toJson(stats.get()));
                return true;
            }
            if (method.equals("GET") && route.equals("identify-budget") && budget != null) {
                SessionStartBudget.Snapshot s = budget.snapshot();
                HttpIo.json(response, callback, 200, Json.object().put("total", s.total())
                        .put("remaining", s.remaining()).put("reset_after", s.resetAfter().toMillis())
                        .put("max_concurrency", s.maxConcurrency()).put("exhausted", s.exhausted()));
                return true;
            }
            if (!method.equals("POST")) {
                HttpIo.error(response, callback, 405, "use POST for /_sim/" + route, 0);
                return true;
            }
            switch (route) {
                case "close" -> faults.close(intParam(query, "code"));
                case "drop" -> faults.drop();
                case "reconnect" -> faults.reconnect();
                case "invalidate" -> faults.invalidate(boolParam(query, "resumable"));
                case "zombie" -> faults.zombie(boolParam(query, "on"));
                case "silence" -> faults.silence(boolParam(query, "on"));
                case "refuse" -> faults.refuse(Duration.ofSeconds(intParam(query, "seconds")));
                case "ratelimit" -> faults.rateLimit(Duration.ofSeconds(intParam(query, "seconds")));
                case "tokens/revoke" -> faults.revokeTokens();
                case "messages" -> {
                    JsonNode body = body(request);
                    faults.injectMessage(text(body, "channel_id"), text(body, "content"));
                }
                case "interactions" -> faults.injectInteraction(text(body(request), "name"));
                case "privileged-intents" -> faults.privilegedIntents(boolParam(query, "allowed"));
                case "identify-limit" -> faults.identifyLimit(intParam(query, "limit"));
                case "identify-reset" -> faults.identifyReset(Duration.ofMillis(intParam(query, "ms")));
                case "interaction-deadline" -> faults.interactionDeadline(boolParam(query, "enforce"));
                case "reset" -> faults.reset();
                case "stats/reset" -> faults.resetStats();
                default -> {
                    HttpIo.error(response, callback, 404, "unknown control route /_sim/" + route, 0);
                    return true;
                }
            }
        } catch (IllegalArgumentException e) {
            HttpIo.error(response, callback, 400, e.getMessage(), 0);
            return true;
        }
        HttpIo.json(response, callback, 200, Json.object().put("ok", true));
        return true;
    }

    public static ObjectNode toJson(SimStats s) {
        ObjectNode body = Json.object();
        body.put("connections_open", s.connectionsOpen());
        body.put("sessions_open", s.sessionsOpen());
        ObjectNode byToken = body.putObject("sessions_open_by_token");
        s.sessionsOpenByToken().forEach(byToken::put);
        body.put("identifies", s.identifies());
        body.put("resumes", s.resumes());
        body.put("heartbeats", s.heartbeats());
        body.put("messages_posted", s.messagesPosted());
        body.put("interaction_replies", s.interactionReplies());
        body.putObject("interactions")
                .put("injected", s.interactions().injected())
                .put("acknowledged_in_time", s.interactions().acknowledgedInTime())
                .put("failed", s.interactions().failed())
                .put("completed", s.interactions().completed())
                .put("late_callbacks", s.interactions().lateCallbacks());
        body.put("since", s.since().toString());
        ObjectNode tokens = body.putObject("tokens");
        s.tokens().forEach((fingerprint, t) -> tokens.putObject(fingerprint)
                .put("identifies", t.identifies())
                .put("resumes", t.resumes())
                .put("sessions_connected", t.sessionsConnected())
                .put("max_sessions_connected", t.maxSessionsConnected())
                .put("sessions_ended", t.sessionsEnded())
                .put("offline_ms", t.offline().toMillis())
                .put("offline_periods", t.offlinePeriods()));
        ArrayNode last = body.putArray("last_messages");
        for (PostedMessage m : s.lastMessages()) {
            last.addObject().put("channel_id", m.channelId()).put("content", m.content()).put("at", m.at().toString());
        }
        return body;
    }

    private static int intParam(Fields query, String name) {
        String value = query.getValue(name);
        if (value == null) {
            throw new IllegalArgumentException("missing query parameter " + name);
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, got '" + value + "'");
        }
    }

    private static boolean boolParam(Fields query, String name) {
        String value = query.getValue(name);
        if ("true".equals(value)) {
            return true;
        }
        if ("false".equals(value)) {
            return false;
        }
        throw new IllegalArgumentException(name + " must be true or false, got '" + value + "'");
    }

    private static JsonNode body(Request request) throws java.io.IOException {
        try {
            JsonNode node = Json.parse(HttpIo.body(request));
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("body must be a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("body is not valid JSON");
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.path(field);
        if (!value.isTextual()) {
            throw new IllegalArgumentException("body needs a string field " + field);
        }
        return value.asText();
    }
}
