package io.ultrareliability.sim.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ultrareliability.sim.state.Json;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Writing JSON answers and Discord's error shape with Jetty core. */
public final class HttpIo {
    private HttpIo() {
    }

    public static void json(Response response, Callback callback, int status, JsonNode body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        Content.Sink.write(response, true, Json.write(body), callback);
    }

    public static void noContent(Response response, Callback callback) {
        response.setStatus(204);
        callback.succeeded();
    }

    /** Discord's error body: {@code {"message": "...", "code": N}}. */
    public static void error(Response response, Callback callback, int status, String message, int code) {
        ObjectNode body = Json.object();
        body.put("message", message);
        body.put("code", code);
        json(response, callback, status, body);
    }

    public static String body(Request request) throws java.io.IOException {
        return Content.Source.asString(request, StandardCharsets.UTF_8);
    }

    public static String path(Request request) {
        return Request.getPathInContext(request);
    }
}
