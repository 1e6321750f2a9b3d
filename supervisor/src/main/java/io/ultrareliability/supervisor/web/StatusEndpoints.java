package io.ultrareliability.supervisor.web;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import com.sun.net.httpserver.HttpExchange;
import io.ultrareliability.supervisor.status.ChildState;
import io.ultrareliability.supervisor.status.StatusJson;
import io.ultrareliability.supervisor.status.StatusSnapshot;
import java.io.IOException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The read-only endpoints: /health, /status, /metrics, /api/history, /api/logs. */
final class StatusEndpoints {
    private static final Logger LOG = LoggerFactory.getLogger(StatusEndpoints.class);
    private static final TypeReference<Map<String, Object>> TREE = new TypeReference<>() { };
    static final int DEFAULT_LOG_LINES = 50;
    static final int MAX_LOG_LINES = 500;

    private final SupervisorControl control;
    private final SupervisorMetrics metrics;
    private final HistoryBuffer history;
    private final long historyIntervalMs;
    private final Redactor redactor;
    private final InstantSource clock;
    private volatile int port;

    StatusEndpoints(SupervisorControl control, SupervisorMetrics metrics, HistoryBuffer history,
            long historyIntervalMs, Redactor redactor, InstantSource clock) {
        this.control = requireNonNull(control, "control is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.history = requireNonNull(history, "history is null");
        this.historyIntervalMs = historyIntervalMs;
        this.redactor = requireNonNull(redactor, "redactor is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    void port(int boundPort) {
        this.port = boundPort;
    }

    /**
     * 200 only when the child is running, its last probe passed and the supervisor itself
     * still supervises (its loop, probe path and status writer made progress); 503 otherwise.
     */
    void health(HttpExchange ex) throws IOException {
        StatusSnapshot s = control.statusSnapshot();
        boolean healthy = control.childHealthy();
        String state = s.child().state().jsonName();
        String problem = control.supervisionProblem();
        boolean ok = healthy && s.child().state() == ChildState.RUNNING && problem == null;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ok ? "ok" : "unhealthy");
        body.put("timestamp", clock.instant().toString());
        Map<String, Object> sup = new LinkedHashMap<>();
        sup.put("pid", s.supervisor().pid());
        sup.put("state", s.supervisor().state().jsonName());
        sup.put("supervising", problem == null);
        if (problem != null) {
            sup.put("problem", problem);
        }
        body.put("supervisor", sup);
        Map<String, Object> child = new LinkedHashMap<>();
        child.put("pid", s.child().pid());
        child.put("state", state);
        child.put("healthy", healthy);
        child.put("uptime_seconds", s.child().uptimeSeconds());
        child.put("restarts", s.child().restarts());
        body.put("child", child);
        body.put("crash_loop", s.crashLoop());
        HttpResponses.json(ex, ok ? 200 : 503, redactor.tree(body));
    }

    /** The status document with this server's {@code supervisor.http_port}; every string scrubbed of secrets. */
    void status(HttpExchange ex) throws IOException {
        StatusSnapshot s = control.statusSnapshot();
        s = s.withSupervisor(s.supervisor().withHttp(port, s.supervisor().httpError()));
        HttpResponses.json(ex, 200, redactor.tree(StatusJson.mapper().convertValue(s, TREE)));
    }

    /** The gauges are refreshed from a current snapshot first; if that fails, the last values are served. */
    void metrics(HttpExchange ex) throws IOException {
        try {
            StatusSnapshot s = control.statusSnapshot();
            if (s != null) {
                metrics.updateGauges(s);
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot refresh the gauges from the status before a scrape: {}", redactor.describe(e));
        }
        HttpResponses.send(ex, 200, SupervisorMetrics.contentType(), HttpResponses.utf8(metrics.scrape()));
    }

    void history(HttpExchange ex) throws IOException {
        List<Map<String, Object>> samples = new ArrayList<>();
        for (HistorySample h : history.samples()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", h.at().toString());
            m.put("state", h.state());
            m.put("rss_bytes", h.rssBytes());
            m.put("health_latency_ms", h.healthLatencyMs());
            m.put("healthy", h.healthy());
            samples.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("interval_ms", historyIntervalMs);
        body.put("capacity", history.capacity());
        body.put("samples", samples);
        HttpResponses.json(ex, 200, body);
    }

    /** {@code ?lines=N} (1..500, default 50): the child's last output lines, oldest first. */
    void logs(HttpExchange ex) throws IOException {
        int n = DEFAULT_LOG_LINES;
        String q = ex.getRequestURI().getRawQuery();
        if (q != null) {
            for (String part : q.split("&")) {
                if (part.startsWith("lines=")) {
                    try {
                        n = Integer.parseInt(part.substring(6));
                    } catch (NumberFormatException e) {
                        HttpResponses.error(ex, 400, "lines must be a number");
                        return;
                    }
                }
            }
        }
        n = Math.max(1, Math.min(MAX_LOG_LINES, n));
        List<String> lines = control.lastChildLogLines(n);
        HttpResponses.json(ex, 200, Map.of("lines", redactor.lines(lines == null ? List.of() : lines)));
    }
}
