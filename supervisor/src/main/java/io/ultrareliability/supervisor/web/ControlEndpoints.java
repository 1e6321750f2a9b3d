package io.ultrareliability.supervisor.web;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state-changing endpoints. Each checks {@code Authorization: Bearer <run/control.token>}
 * before anything else; a missing or wrong token gets 401 and a WARN line naming the caller's
 * address (never the presented value; at most one line per 10 s, naming how many were
 * skipped), and the action is not called.
 */
final class ControlEndpoints {
    private static final Logger LOG = LoggerFactory.getLogger(ControlEndpoints.class);
    private static final int MAX_BODY = 4096;

    private final ControlToken token;
    private final SupervisorMetrics metrics;
    private final Redactor redactor;
    private final RefusalLog refusals = new RefusalLog(Duration.ofSeconds(10));

    ControlEndpoints(ControlToken token, SupervisorMetrics metrics, Redactor redactor) {
        this.token = requireNonNull(token, "token is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.redactor = requireNonNull(redactor, "redactor is null");
    }

    /** A handler that runs {@code action} once per authorized request and answers 202. */
    Router.Handler action(String name, Runnable action) {
        requireNonNull(action, "action is null");
        return ex -> {
            drain(ex);
            if (!authorized(ex)) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"ultra-reliability\"");
                HttpResponses.error(ex, 401, "missing or wrong bearer token (see run/control.token)");
                return;
            }
            try {
                action.run();
            } catch (IllegalStateException refused) {
                String why = redactor.text(String.valueOf(refused.getMessage()));
                LOG.info("{} refused by the supervisor: {}", name, why);
                HttpResponses.error(ex, 409, why);
                return;
            }
            LOG.info("{} requested over HTTP from {}", name, remote(ex));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("accepted", true);
            body.put("action", name);
            HttpResponses.json(ex, 202, body);
        };
    }

    private boolean authorized(HttpExchange ex) {
        List<String> values = ex.getRequestHeaders().get("Authorization");
        String problem;
        if (values == null || values.isEmpty()) {
            problem = "no Authorization header";
        } else if (values.size() > 1) {
            problem = "several Authorization headers";
        } else {
            String v = values.get(0).strip();
            int sp = v.indexOf(' ');
            if (sp < 0 || !v.substring(0, sp).toLowerCase(Locale.ROOT).equals("bearer")) {
                problem = "Authorization is not a bearer token";
            } else if (!token.matches(v.substring(sp + 1).strip())) {
                problem = "wrong bearer token";
            } else {
                return true;
            }
        }
        metrics.recordUnauthorized();
        refusals.refused("refused " + ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath() + " from "
                + remote(ex) + ": " + problem, System.nanoTime()).ifPresent(LOG::warn);
        return false;
    }

    static String remote(HttpExchange ex) {
        InetSocketAddress a = ex.getRemoteAddress();
        return a == null ? "unknown" : a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    /** Reads (and ignores) a small body, so keep-alive connections stay in step. */
    private static void drain(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            in.readNBytes(MAX_BODY);
        }
    }
}
