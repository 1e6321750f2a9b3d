package io.ultrareliability.supervisor.web;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches by exact path and method: unknown path → 404, known path with another method →
 * 405 with {@code Allow}; a handler that throws → 500 JSON, and the server keeps serving.
 */
final class Router implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    @FunctionalInterface
    interface Handler {
        void handle(HttpExchange ex) throws IOException;
    }

    private record Prefix(String prefix, Handler handler) {
    }

    private final Map<String, Map<String, Handler>> routes = new LinkedHashMap<>();
    private final List<Prefix> prefixes = new ArrayList<>();
    private final Predicate<String> hostAllowed;
    private final Redactor redactor;

    /** {@code hostAllowed} judges the Host header (a guard against DNS rebinding). */
    Router(Predicate<String> hostAllowed, Redactor redactor) {
        this.hostAllowed = requireNonNull(hostAllowed, "hostAllowed is null");
        this.redactor = requireNonNull(redactor, "redactor is null");
    }

    Router get(String path, Handler h) {
        return route("GET", path, h);
    }

    Router post(String path, Handler h) {
        return route("POST", path, h);
    }

    /** GET for every path under {@code prefix} that no exact route claims. */
    Router getPrefix(String prefix, Handler h) {
        prefixes.add(new Prefix(prefix, h));
        return this;
    }

    private Router route(String method, String path, Handler h) {
        routes.computeIfAbsent(path, p -> new LinkedHashMap<>()).put(method, requireNonNull(h, "handler is null"));
        return this;
    }

    @Override
    public void handle(HttpExchange ex) {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getRawPath();
        try {
            securityHeaders(ex.getResponseHeaders());
            String host = ex.getRequestHeaders().getFirst("Host");
            if (host == null || !hostAllowed.test(host)) {
                HttpResponses.error(ex, 421, "unexpected Host header; use the address the server listens on");
                return;
            }
            if (!bodyWithinCap(ex)) {
                // The rest of the body is not read: the connection closes after the answer.
                ex.getResponseHeaders().set("Connection", "close");
                HttpResponses.error(ex, 413, "request body over " + WebLimits.MAX_BODY_BYTES + " bytes");
                return;
            }
            // HEAD is GET without the body (HttpResponses.send leaves it out).
            String lookup = method.equals("HEAD") ? "GET" : method;
            Map<String, Handler> byMethod = routes.get(path);
            if (byMethod != null) {
                Handler h = byMethod.get(lookup);
                if (h == null) {
                    Set<String> allow = new TreeSet<>(byMethod.keySet());
                    if (allow.contains("GET")) {
                        allow.add("HEAD");
                    }
                    ex.getResponseHeaders().set("Allow", String.join(", ", allow));
                    HttpResponses.error(ex, 405, method + " is not allowed on " + path + "; use " + String.join(" or ", allow));
                    return;
                }
                h.handle(ex);
                return;
            }
            for (Prefix p : prefixes) {
                if (path.startsWith(p.prefix())) {
                    if (!lookup.equals("GET")) {
                        ex.getResponseHeaders().set("Allow", "GET, HEAD");
                        HttpResponses.error(ex, 405, method + " is not allowed on " + path + "; use GET");
                        return;
                    }
                    p.handler().handle(ex);
                    return;
                }
            }
            HttpResponses.error(ex, 404, "no such resource: " + path);
        } catch (Exception e) {
            try {
                LOG.error("{} {} failed", method, path, redactor.throwable(e));
            } catch (RuntimeException logging) {
                // Nothing may stop the 500 answer below, not even a failing log call.
            }
            if (ex.getResponseCode() == -1) {
                try {
                    HttpResponses.error(ex, 500, "internal error (" + e.getClass().getSimpleName() + "); see the supervisor log");
                } catch (IOException | RuntimeException again) {
                    LOG.debug("cannot send the 500 answer", again);
                }
            }
        } finally {
            ex.close();
        }
    }

    /**
     * No route takes a body over {@link WebLimits#MAX_BODY_BYTES}: a declared length over it is
     * refused unread, a chunked one is read up to the cap (what was read is buffered for the
     * handler, so routes that read their small body still see it).
     */
    private static boolean bodyWithinCap(HttpExchange ex) throws IOException {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                return Long.parseLong(length.strip()) <= WebLimits.MAX_BODY_BYTES;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        String te = ex.getRequestHeaders().getFirst("Transfer-Encoding");
        if (te == null) {
            return true;
        }
        byte[] body = ex.getRequestBody().readNBytes(WebLimits.MAX_BODY_BYTES + 1);
        if (body.length > WebLimits.MAX_BODY_BYTES) {
            return false;
        }
        ex.setStreams(new java.io.ByteArrayInputStream(body), null);
        return true;
    }

    private static void securityHeaders(Headers h) {
        h.set("X-Content-Type-Options", "nosniff");
        h.set("X-Frame-Options", "DENY");
        h.set("Referrer-Policy", "no-referrer");
        h.set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; "
                + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    }
}
