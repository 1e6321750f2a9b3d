package io.ultrareliability.supervisor.web;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The dashboard's files, read once from {@code web/} on the class path (inside the jar: no
 * CDN, no build step). Only the listed names are served, so no path ever reaches the file system.
 */
final class StaticAssets {
    static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "dashboard.js", "text/javascript; charset=utf-8",
            "dashboard.css", "text/css; charset=utf-8",
            "favicon.svg", "image/svg+xml");

    private final Map<String, byte[]> content = new HashMap<>();

    StaticAssets() {
        for (String name : FILES.keySet()) {
            try (InputStream in = StaticAssets.class.getResourceAsStream("/web/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("web/" + name + " is missing from the class path (broken build?)");
                }
                content.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read web/" + name, e);
            }
        }
    }

    Router.Handler file(String name) {
        return ex -> serve(ex, name);
    }

    /** {@code /assets/<name>}. */
    Router.Handler assets() {
        return ex -> serve(ex, ex.getRequestURI().getRawPath().substring("/assets/".length()));
    }

    private void serve(HttpExchange ex, String name) throws IOException {
        byte[] body = content.get(name);
        if (body == null) {
            HttpResponses.error(ex, 404, "no such asset: " + name);
            return;
        }
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        HttpResponses.send(ex, 200, FILES.get(name), body);
    }
}
