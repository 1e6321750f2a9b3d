package io.ultrareliability.supervisor.daemon;

import static java.util.Objects.requireNonNull;

import io.ultrareliability.common.Durations;
import io.ultrareliability.common.ExponentialBackoff;
import io.ultrareliability.supervisor.config.SupervisorConfig;
import io.ultrareliability.supervisor.core.Scheduler;
import io.ultrareliability.supervisor.lock.Home;
import io.ultrareliability.supervisor.web.ControlToken;
import io.ultrareliability.supervisor.web.SupervisorControl;
import io.ultrareliability.supervisor.web.SupervisorMetrics;
import io.ultrareliability.supervisor.web.SupervisorWebServer;
import io.ultrareliability.supervisor.web.WebServerConfig;
import io.ultrareliability.supervisor.web.WebServerException;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the supervisor's web server, and when it cannot (the port is taken, a bad token
 * file) says why in one line and tries again with backoff, 1 s doubling to 1 min, for as long
 * as the supervisor runs: a port held by a process that exits later must not leave the
 * supervisor without its web server until the next restart. The web server is a convenience:
 * supervision never waits for it. Attempts run on the supervisor loop.
 */
final class DaemonWeb implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonWeb.class);
    static final ExponentialBackoff RETRY = new ExponentialBackoff(Duration.ofSeconds(1), Duration.ofMinutes(1), 2.0, 0);

    private final Scheduler loop;
    private final Supplier<SupervisorWebServer> starter;
    private final HttpEndpoint http;
    private final Runnable changed;
    private volatile SupervisorWebServer server;
    private Scheduler.Cancellable retry = Scheduler.Cancellable.NONE;
    private int failures;
    private boolean closed;

    /**
     * @param starter binds and starts a server, or throws WebServerException / IllegalArgumentException
     * @param changed told after each attempt (the status file shows the web server's state)
     */
    DaemonWeb(Scheduler loop, Supplier<SupervisorWebServer> starter, HttpEndpoint http, Runnable changed) {
        this.loop = requireNonNull(loop, "loop is null");
        this.changed = requireNonNull(changed, "changed is null");
        this.starter = requireNonNull(starter, "starter is null");
        this.http = requireNonNull(http, "http is null");
    }

    /** @return a web server to start on the loop, or null when {@code web.enabled} is false */
    static DaemonWeb of(SupervisorConfig.Web cfg, Home home, SupervisorControl control, SupervisorMetrics metrics,
            HttpEndpoint http, Scheduler loop, Runnable changed) {
        if (!cfg.enabled()) {
            LOG.info("web server off (web.enabled: false)");
            return null;
        }
        return new DaemonWeb(loop, () -> {
            ControlToken token = ControlToken.loadOrCreate(home.runDir());
            return SupervisorWebServer.builder(control, metrics, token, home.runDir())
                    .config(new WebServerConfig(cfg.host(), cfg.port(), cfg.allowRemote(), cfg.historyInterval(),
                            cfg.historySize()))
                    .start();
        }, http, changed);
    }

    /** The first attempt, now, on the calling thread (start-up: the port is in the first status). */
    DaemonWeb start() {
        attempt();
        return this;
    }

    private synchronized void attempt() {
        if (closed || server != null) {
            return;
        }
        try {
            server = starter.get();
            http.listening(server.port());
            if (failures > 0) {
                LOG.info("web server started after {} failed attempt(s)", failures);
            }
            failures = 0;
        } catch (WebServerException | IllegalArgumentException e) {
            failures++;
            Duration wait = RETRY.delay(failures, 0.5);
            LOG.error("web server not started, supervising without it: {}; retrying in {}", e.getMessage(),
                    Durations.format(wait));
            http.failed(e.getMessage() + " (attempt " + failures + ", next in " + Durations.format(wait) + ")");
            retry = loop.schedule(wait, this::attempt);
        }
        changed.run();
    }

    SupervisorWebServer server() {
        return server;
    }

    /** Stops retrying and closes the server if it runs. */
    @Override
    public synchronized void close() {
        closed = true;
        retry.cancel();
        if (server != null) {
            server.close();
            http.closed();
        }
    }
}
