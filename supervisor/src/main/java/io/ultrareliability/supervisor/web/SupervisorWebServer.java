package io.ultrareliability.supervisor.web;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor's HTTP server (JDK {@code com.sun.net.httpserver}): status API, Prometheus
 * metrics, the dashboard, and the token-protected control endpoints. Listens on 127.0.0.1 unless
 * told otherwise; writes {@code run/web.port} once bound and deletes it on {@link #close()}.
 */
public final class SupervisorWebServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SupervisorWebServer.class);
    private static final Pattern LOOPBACK_V4 = Pattern.compile("127\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}");

    static {
        // Before this class can create a server: the JDK reads its limits once.
        WebLimits.apply();
    }

    private final HttpServer server;
    private final ExecutorService workers;
    private final ScheduledExecutorService ownScheduler;
    private PeriodicScheduler.Cancellable sampling;
    private final Path runDir;
    private final WebPortFile portFile;
    private final HistoryBuffer history;
    private boolean closed;

    private SupervisorWebServer(Builder b) {
        WebServerConfig config = b.config;
        InetAddress address = BindPolicy.resolve(config.host(), config.allowRemote());
        this.runDir = b.runDir;
        this.history = new HistoryBuffer(config.historySize());
        Redactor redactor = new Redactor(b.token.value());
        StatusEndpoints status = new StatusEndpoints(b.control, b.metrics, history,
                config.historyInterval().toMillis(), redactor, b.clock);
        ControlEndpoints control = new ControlEndpoints(b.token, b.metrics, redactor);
        StaticAssets assets = new StaticAssets();

        try {
            server = HttpServer.create(new InetSocketAddress(address, config.port()), 50);
        } catch (BindException e) {
            throw new WebServerException("cannot listen on " + hostPort(address, config.port())
                    + ": " + (e.getMessage() == null ? "address in use" : e.getMessage().toLowerCase(Locale.ROOT))
                    + " (another process has the port? set web.port)", e);
        } catch (IOException e) {
            throw new WebServerException("cannot listen on " + hostPort(address, config.port()) + ": " + e, e);
        }
        int port = server.getAddress().getPort();
        status.port(port);
        boolean loopbackOnly = address.isLoopbackAddress();
        Router router = new Router(loopbackOnly ? SupervisorWebServer::loopbackHost : host -> true, redactor)
                .get("/health", status::health)
                .get("/status", status::status)
                .get("/metrics", status::metrics)
                .get("/api/history", status::history)
                .get("/api/logs", status::logs)
                .post("/restart", control.action("restart", () -> b.control.requestRestart("manual")))
                .post("/restart-keeper", control.action("restart-keeper",
                        () -> b.control.requestKeeperRestart("manual")))
                .post("/stop-child", control.action("stop-child", b.control::stopChild))
                .post("/start-child", control.action("start-child", b.control::startChild))
                .get("/", assets.file("index.html"))
                .get("/index.html", assets.file("index.html"))
                .get("/favicon.ico", assets.file("favicon.svg"))
                .getPrefix("/assets/", assets.assets());
        server.createContext("/", router);
        // The JDK server reads each request on the executor: with a virtual thread per
        // exchange, a client that sends its headers slowly holds one cheap thread, not a
        // worker of a small pool that the dashboard and the CLI then wait for.
        workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("ultra-web-", 1).factory());
        server.setExecutor(workers);
        server.start();

        // From here on a failure must not leave a listening socket or a thread behind.
        String advertised = address.isAnyLocalAddress() ? WebServerConfig.DEFAULT_HOST : address.getHostAddress();
        portFile = WebPortFile.ofThisProcess(advertised, port);
        PeriodicScheduler scheduler = b.scheduler;
        if (scheduler == null) {
            ownScheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "ultra-web-history");
                t.setDaemon(true);
                return t;
            });
            scheduler = PeriodicScheduler.of(ownScheduler);
        } else {
            ownScheduler = null;
        }
        try {
            sampling = scheduler.everyPeriod(config.historyInterval(), new HistorySampler(b.control, history, b.clock, redactor));
            portFile.write(runDir);
        } catch (IOException e) {
            close();
            throw new WebServerException("cannot write " + runDir.resolve(WebPortFile.FILE_NAME) + ": " + e, e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        LOG.info("web server listening on http://{}/ (dashboard, /status, /metrics){}", hostPort(address, port),
                loopbackOnly ? "" : " - reachable from other machines (web.allow_remote)");
    }

    public static Builder builder(SupervisorControl control, SupervisorMetrics metrics, ControlToken token, Path runDir) {
        return new Builder(control, metrics, token, runDir);
    }

    /** The bound port (the real one when the configured port was 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** {@code http://host:port/} for clients on this machine (127.0.0.1 when bound to a wildcard). */
    public URI baseUri() {
        String h = portFile.host();
        return URI.create("http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port() + "/");
    }

    /** The samples behind {@code /api/history}. */
    public HistoryBuffer history() {
        return history;
    }

    /** Stops listening at once, stops sampling, deletes {@code run/web.port}. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (sampling != null) {
            sampling.cancel();
        }
        if (ownScheduler != null) {
            ownScheduler.shutdownNow();
        }
        server.stop(0);
        workers.shutdownNow();
        if (portFile != null) {
            try {
                portFile.deleteIfOurs(runDir);
            } catch (IOException e) {
                LOG.warn("cannot delete {}: {}", runDir.resolve(WebPortFile.FILE_NAME), e.toString());
            }
        }
    }

    /**
     * Whether a Host header names this machine's loopback (any port: an ssh tunnel such as
     * {@code -L 9000:127.0.0.1:8791} arrives as {@code localhost:9000}). A page DNS-rebound to
     * 127.0.0.1 sends its own domain instead and is refused.
     */
    static boolean loopbackHost(String hostHeader) {
        String h = hostHeader.strip().toLowerCase(Locale.ROOT);
        String name;
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            if (end < 0) {
                return false;
            }
            name = h.substring(0, end + 1);
            String rest = h.substring(end + 1);
            if (!rest.isEmpty() && !rest.matches(":[0-9]{1,5}")) {
                return false;
            }
        } else {
            int colon = h.indexOf(':');
            name = colon < 0 ? h : h.substring(0, colon);
            if (colon >= 0 && !h.substring(colon).matches(":[0-9]{1,5}")) {
                return false;
            }
        }
        return name.equals("localhost") || name.equals("[::1]") || LOOPBACK_V4.matcher(name).matches();
    }

    static String hostPort(InetAddress a, int port) {
        String h = a.getHostAddress();
        return (a instanceof Inet6Address ? "[" + h + "]" : h) + ":" + port;
    }

    /** What the server needs: the core's control, its metrics, the token and the run directory. */
    public static final class Builder {
        private final SupervisorControl control;
        private final SupervisorMetrics metrics;
        private final ControlToken token;
        private final Path runDir;
        private WebServerConfig config = WebServerConfig.defaults();
        private PeriodicScheduler scheduler;
        private InstantSource clock = InstantSource.system();

        private Builder(SupervisorControl control, SupervisorMetrics metrics, ControlToken token, Path runDir) {
            this.control = requireNonNull(control, "control is null");
            this.metrics = requireNonNull(metrics, "metrics is null");
            this.token = requireNonNull(token, "token is null");
            this.runDir = requireNonNull(runDir, "runDir is null");
        }

        public Builder config(WebServerConfig c) {
            this.config = requireNonNull(c, "config is null");
            return this;
        }

        /** Drives the history sampling; default: a daemon thread owned by the server. */
        public Builder scheduler(PeriodicScheduler s) {
            this.scheduler = requireNonNull(s, "scheduler is null");
            return this;
        }

        /** Timestamps of history samples and /health; default: the system clock. */
        public Builder clock(InstantSource c) {
            this.clock = requireNonNull(c, "clock is null");
            return this;
        }

        /** Binds and starts serving; throws {@link WebServerException} with a one-line reason. */
        public SupervisorWebServer start() {
            return new SupervisorWebServer(this);
        }
    }
}
