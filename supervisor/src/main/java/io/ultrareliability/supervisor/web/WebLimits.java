package io.ultrareliability.supervisor.web;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bounds of the supervisor's web server. The JDK server reads them once, from system
 * properties, when its first instance is created; its defaults are unbounded (no connection
 * cap, no request or response time limit, ~380 KB of headers per connection): 100 sockets
 * each holding an unfinished 370 KB header line once ran the supervisor's 48 MiB heap out.
 * With these caps the same flood costs at most {@link #MAX_CONNECTIONS} x
 * {@link #MAX_HEADER_BYTES} of heap, and each of those sockets is closed after
 * {@link #MAX_REQUEST_SECONDS}. A value given on the command line ({@code -D}) wins.
 */
public final class WebLimits {
    /** Open connections at once; more are accepted and closed at once (the dashboard needs ~4). */
    public static final int MAX_CONNECTIONS = 32;
    /** Request line and headers together; the CLI and the dashboard send well under 2 KB. */
    public static final int MAX_HEADER_BYTES = 8 * 1024;
    public static final int MAX_HEADERS = 50;
    /** From the first byte of a request to its last header. */
    public static final int MAX_REQUEST_SECONDS = 10;
    /** From the end of the headers to the last byte of the answer (a reader that stalls). */
    public static final int MAX_RESPONSE_SECONDS = 30;
    /** Idle keep-alive connections kept open. */
    public static final int MAX_IDLE_CONNECTIONS = 8;
    /** Request bodies: no route takes more (the control routes take none). */
    public static final int MAX_BODY_BYTES = 4 * 1024;

    private WebLimits() {
    }

    /** The system properties, as the JDK server reads them. */
    static Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("jdk.httpserver.maxConnections", Integer.toString(MAX_CONNECTIONS));
        p.put("sun.net.httpserver.maxReqHeaderSize", Integer.toString(MAX_HEADER_BYTES));
        p.put("sun.net.httpserver.maxReqHeaders", Integer.toString(MAX_HEADERS));
        p.put("sun.net.httpserver.maxReqTime", Integer.toString(MAX_REQUEST_SECONDS));
        p.put("sun.net.httpserver.maxRspTime", Integer.toString(MAX_RESPONSE_SECONDS));
        p.put("sun.net.httpserver.maxIdleConnections", Integer.toString(MAX_IDLE_CONNECTIONS));
        // What the server reads of an unread body before reusing the connection.
        p.put("sun.net.httpserver.drainAmount", Integer.toString(MAX_BODY_BYTES));
        return p;
    }

    /** Sets each property not set already; must run before the first {@code HttpServer.create}. */
    static void apply() {
        properties().forEach((k, v) -> {
            if (System.getProperty(k) == null) {
                System.setProperty(k, v);
            }
        });
    }
}
