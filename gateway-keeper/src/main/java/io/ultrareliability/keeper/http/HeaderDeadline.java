package io.ultrareliability.keeper.http;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * A connection that has not completed its first request's headers within {@code limit} of
 * being accepted is closed. Without it a slow socket (half a request line, then nothing) holds
 * one of the capped connection slots for a whole idle timeout, and a handful of them keep the
 * supervisor's {@code GET /health} probe waiting in the kernel's backlog: the flood would cost
 * supervision, not just a request. The idle timeout cannot do this job: it restarts with every
 * byte, and it also governs the bots' WebSockets. Real clients (JDA, probes, curl) send their
 * headers in the same instant they connect, so a second is far above what they need.
 */
final class HeaderDeadline implements Connection.Listener {
    private final Duration limit;
    private final Scheduler scheduler;
    private final Set<EndPoint> waiting = ConcurrentHashMap.newKeySet();
    private final AtomicLong cut = new AtomicLong();

    /** Listens to the connections of the HTTP/1.1 factory only (a WebSocket is made by an upgrade). */
    HeaderDeadline(Duration limit, Scheduler scheduler) {
        this.limit = requireNonNull(limit, "limit is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
    }

    @Override
    public void onOpened(Connection connection) {
        EndPoint endPoint = connection.getEndPoint();
        if (waiting.add(endPoint)) {
            scheduler.schedule(() -> {
                if (waiting.remove(endPoint)) {
                    cut.incrementAndGet();
                    endPoint.close();
                }
            }, limit.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void onClosed(Connection connection) {
        waiting.remove(connection.getEndPoint());
    }

    /** A request reached the handlers: its headers are complete, the deadline is met. */
    void headersComplete(Request request) {
        waiting.remove(request.getConnectionMetaData().getConnection().getEndPoint());
    }

    /** Connections closed for missing the deadline, since start. */
    long cut() {
        return cut.get();
    }
}
