package io.ultrareliability.supervisor.daemon;

import io.ultrareliability.supervisor.config.SupervisorConfig;
import io.ultrareliability.supervisor.lock.Home;
import io.ultrareliability.supervisor.web.ControlToken;
import io.ultrareliability.supervisor.web.SupervisorControl;
import io.ultrareliability.supervisor.web.SupervisorMetrics;
import io.ultrareliability.supervisor.web.SupervisorWebServer;
import io.ultrareliability.supervisor.web.WebServerConfig;
import io.ultrareliability.supervisor.web.WebServerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the supervisor's web server, or explains in one line why not. The web server is a
 * convenience: a port in use or a bad token file never stops supervision.
 */
final class DaemonWeb {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonWeb.class);

    private DaemonWeb() {
    }

    /** @return the running server, or null (off, or it could not start: the reason is in {@code http}) */
    static SupervisorWebServer start(SupervisorConfig.Web cfg, Home home, SupervisorControl control,
            SupervisorMetrics metrics, HttpEndpoint http) {
        if (!cfg.enabled()) {
            LOG.info("web server off (web.enabled: false)");
            return null;
        }
        try {
            ControlToken token = ControlToken.loadOrCreate(home.runDir());
            SupervisorWebServer web = SupervisorWebServer.builder(control, metrics, token, home.runDir())
                    .config(new WebServerConfig(cfg.host(), cfg.port(), cfg.allowRemote(), cfg.historyInterval(),
                            cfg.historySize()))
                    .start();
            http.listening(web.port());
            return web;
        } catch (WebServerException | IllegalArgumentException e) {
            LOG.error("web server not started, supervising without it: {}", e.getMessage());
            http.failed(e.getMessage());
            return null;
        }
    }
}
