package io.ultrareliability.keeper.http;

import static java.util.Objects.requireNonNull;

import io.ultrareliability.keeper.downstream.DownstreamHub;
import io.ultrareliability.keeper.downstream.TokenCheck;
import java.time.Duration;
import org.eclipse.jetty.server.ConnectionLimit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The keeper's one listener on 127.0.0.1: the gateway WebSocket at {@code /gateway} and the HTTP
 * routes. Bounded everywhere: a cap on open connections (beyond it Jetty stops accepting, so a
 * flood queues in the kernel instead of in the heap), a deadline for a connection's first
 * request headers (so slow sockets cannot hold the cap and starve the health probe), 8 KiB of
 * request headers, no request bodies, an idle timeout for HTTP and one for WebSockets tied to
 * the heartbeat interval.
 */
public final class KeeperServer implements AutoCloseable {
    public static final String HOST = "127.0.0.1";
    public static final String GATEWAY_PATH = "/gateway";

    /**
     * Limits of the listener. {@code headerDeadline}: a connection must complete its first
     * request's headers this soon after it is accepted, or it is closed ({@link HeaderDeadline}).
     */
    public record Limits(int maxConnections, int maxHeaderBytes, Duration httpIdleTimeout, int threads,
            Duration headerDeadline) {
        public static final Duration DEFAULT_HEADER_DEADLINE = Duration.ofSeconds(1);

        public Limits {
            requireNonNull(httpIdleTimeout, "httpIdleTimeout is null");
            requireNonNull(headerDeadline, "headerDeadline is null");
            if (maxConnections < 2 || maxHeaderBytes < 1024 || threads < 8) {
                throw new IllegalArgumentException("limits too small: " + maxConnections + " connections, "
                        + maxHeaderBytes + " header bytes, " + threads + " threads");
            }
            if (headerDeadline.toMillis() < 100 || headerDeadline.compareTo(httpIdleTimeout) > 0) {
                throw new IllegalArgumentException("headerDeadline must be 100ms..httpIdleTimeout, got " + headerDeadline);
            }
        }

        public Limits(int maxConnections, int maxHeaderBytes, Duration httpIdleTimeout, int threads) {
            this(maxConnections, maxHeaderBytes, httpIdleTimeout, threads, DEFAULT_HEADER_DEADLINE);
        }

        public static Limits defaults() {
            return new Limits(64, 8192, Duration.ofSeconds(5), 32);
        }
    }

    private final Server server;
    private final ServerConnector connector;

    public KeeperServer(int port, Limits limits, Duration heartbeatInterval, DownstreamHub hub, TokenCheck tokens,
            KeeperView view, AdminSecret admin, java.util.function.Supplier<String> gatewayUrl) {
        QueuedThreadPool threads = new QueuedThreadPool(limits.threads(), 4);
        threads.setName("keeper-http");
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(limits.maxHeaderBytes());
        http.setResponseHeaderSize(8192);
        http.setSendServerVersion(false);
        // Slow sockets give their slot back after the header deadline, not the idle timeout.
        HeaderDeadline headers = new HeaderDeadline(limits.headerDeadline(), server.getScheduler());
        HttpConnectionFactory http11 = new HttpConnectionFactory(http);
        http11.addEventListener(headers);
        connector = new ServerConnector(server, 1, 1, http11);
        connector.setHost(HOST);
        connector.setPort(port);
        connector.setIdleTimeout(limits.httpIdleTimeout().toMillis());
        connector.setReuseAddress(true);
        server.addConnector(connector);
        server.addBean(new ConnectionLimit(limits.maxConnections(), connector));

        WebSocketUpgradeHandler ws = WebSocketUpgradeHandler.from(server, container -> {
            // A bot heartbeats every interval; three missed intervals and the socket is dead.
            container.setIdleTimeout(heartbeatInterval.multipliedBy(3).plusSeconds(5));
            container.setMaxTextMessageSize(64 * 1024);
            container.setMaxBinaryMessageSize(1024);
            container.addMapping(GATEWAY_PATH, (request, response, callback) -> hub.newConnection(tokens));
        });
        ws.setHandler(new KeeperRoutes(view, tokens, admin, gatewayUrl));
        server.setHandler(new Handler.Wrapper(ws) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                headers.headersComplete(request);
                return super.handle(request, response, callback);
            }
        });
        server.setStopTimeout(0);
    }

    public void start() throws Exception {
        server.start();
    }

    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            // Stopping is best effort; the process is going away.
        }
    }
}
