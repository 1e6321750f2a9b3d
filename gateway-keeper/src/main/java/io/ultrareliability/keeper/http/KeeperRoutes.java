package io.ultrareliability.keeper.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ultrareliability.keeper.Jsons;
import io.ultrareliability.keeper.downstream.TokenCheck;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The keeper's HTTP routes: the two gateway discovery routes bots call, {@code /health},
 * {@code /metrics}, and the admin routes behind {@link AdminSecret}. Nothing here reads a
 * request body: a request that announces one larger than {@link #MAX_BODY} is refused (413)
 * before any byte of it is read.
 */
final class KeeperRoutes extends Handler.Abstract {
    static final long MAX_BODY = 1024;

    private final KeeperView view;
    private final TokenCheck tokens;
    private final AdminSecret admin;
    private final Supplier<String> gatewayUrl;

    KeeperRoutes(KeeperView view, TokenCheck tokens, AdminSecret admin, Supplier<String> gatewayUrl) {
        this.view = requireNonNull(view, "view is null");
        this.tokens = requireNonNull(tokens, "tokens is null");
        this.admin = requireNonNull(admin, "admin is null");
        this.gatewayUrl = requireNonNull(gatewayUrl, "gatewayUrl is null");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (request.getLength() > MAX_BODY) {
            return text(response, callback, 413, "body too large\n");
        }
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        boolean get = method.equals("GET");
        switch (path) {
            case "/api/v10/gateway", "/api/gateway" -> {
                return get ? json(response, callback, 200, Jsons.object().put("url", gatewayUrl.get()))
                        : text(response, callback, 405, "GET only\n");
            }
            case "/api/v10/gateway/bot", "/api/gateway/bot" -> {
                if (!tokens.matches(stripBot(request.getHeaders().get(HttpHeader.AUTHORIZATION)))) {
                    return json(response, callback, 401, Jsons.object().put("message", "401: Unauthorized")
                            .put("code", 0));
                }
                return json(response, callback, 200, view.gatewayBot(gatewayUrl.get()));
            }
            case "/health" -> {
                ObjectNode health = view.health();
                return json(response, callback, health.path("ok").asBoolean() ? 200 : 503, health);
            }
            case "/metrics" -> {
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
                response.setStatus(200);
                Content.Sink.write(response, true, view.metrics(), callback);
                return true;
            }
            default -> {
                if (path.startsWith("/admin/")) {
                    return admin(path, method, request, response, callback);
                }
                return text(response, callback, 404, "not found\n");
            }
        }
    }

    private boolean admin(String path, String method, Request request, Response response, Callback callback) {
        if (!admin.authorizes(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
            return text(response, callback, 401, "admin routes need Authorization: Bearer <run/"
                    + AdminSecret.FILE_NAME + ">\n");
        }
        return switch (path) {
            case "/admin/sessions" -> json(response, callback, 200, view.sessions());
            case "/admin/upstream/reconnect" -> {
                if (!method.equals("POST")) {
                    yield text(response, callback, 405, "POST only\n");
                }
                view.reconnectUpstream();
                yield json(response, callback, 202, Jsons.object().put("reconnecting", true));
            }
            case "/admin/stop" -> {
                if (!method.equals("POST")) {
                    yield text(response, callback, 405, "POST only\n");
                }
                String end = org.eclipse.jetty.server.Request.extractQueryParameters(request).getValue("end_session");
                if (end != null && !end.equals("true") && !end.equals("false")) {
                    yield text(response, callback, 400, "end_session must be true or false\n");
                }
                boolean endSession = "true".equals(end);
                yield view.stop(endSession)
                        ? json(response, callback, 202, Jsons.object().put("stopping", true).put("end_session", endSession))
                        : text(response, callback, 501, "this keeper cannot be stopped over HTTP\n");
            }
            default -> text(response, callback, 404, "not found\n");
        };
    }

    private static String stripBot(String header) {
        return header == null ? null : header.strip();
    }

    private static boolean json(Response response, Callback callback, int status, ObjectNode body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        Content.Sink.write(response, true, Jsons.text(body), callback);
        return true;
    }

    private static boolean text(Response response, Callback callback, int status, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.write(true, java.nio.ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }
}
