package io.ultrareliability.supervisor.daemon;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Whether the supervisor's web server runs, for the status document: {@code supervisor.http_port}
 * (the bound port, or null) and, when it could not start, {@code supervisor.http_error} (why).
 */
final class HttpEndpoint {
    private volatile Integer port;
    private volatile String error;

    void listening(int boundPort) {
        port = boundPort;
        error = null;
    }

    void failed(String reason) {
        port = null;
        error = reason;
    }

    void closed() {
        port = null;
    }

    /** Adds the two fields to a status document (StatusJson's shape); returns it. */
    ObjectNode decorate(ObjectNode status) {
        if (status.get("supervisor") instanceof ObjectNode sup) {
            Integer p = port;
            if (p == null) {
                sup.putNull("http_port");
            } else {
                sup.put("http_port", p);
            }
            String e = error;
            if (e != null) {
                sup.put("http_error", e);
            }
        }
        return status;
    }
}
