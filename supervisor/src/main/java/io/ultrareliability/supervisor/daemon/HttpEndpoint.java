package io.ultrareliability.supervisor.daemon;

import io.ultrareliability.supervisor.status.StatusSnapshot;

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

    /** Fills the two fields of a status document. */
    StatusSnapshot decorate(StatusSnapshot status) {
        return status.withSupervisor(status.supervisor().withHttp(port, error));
    }
}
