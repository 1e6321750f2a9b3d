package io.ultrareliability.supervisor.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ultrareliability.supervisor.process.ChildExit;
import io.ultrareliability.supervisor.process.Posix;
import java.io.IOException;
import java.time.Instant;

/** The status file's JSON (design.md, "Files"): snake_case names, ISO-8601 instants. */
public final class StatusJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** The {@code program} names (issue 17). */
    public static final String BOT = "bot";
    public static final String KEEPER = "keeper";

    private StatusJson() {
    }

    public static ObjectNode toJson(StatusSnapshot s) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schema", StatusSnapshot.SCHEMA);
        root.put("updated_at", s.updatedAt().toString());
        ObjectNode sup = root.putObject("supervisor");
        sup.put("pid", s.supervisor().pid());
        sup.put("state", s.supervisor().state());
        putInstant(sup, "started_at", s.supervisor().startedAt());
        sup.put("version", s.supervisor().version());

        ObjectNode child = root.putObject("child");
        program(child, s.child());
        child.put("program", BOT);
        backoff(root.putObject("backoff"), s.backoff());
        root.put("crash_loop", s.backoff().crashLoop());
        history(root.putArray("restart_history"), s.restartHistory(), BOT);
        keeper(root, s.keeper());
        return root;
    }

    /**
     * {@code keeper}: null without a keeper, else the keeper's child fields (the shape of
     * {@code child}) plus its own {@code backoff}, {@code crash_loop} and {@code restart_history}
     * (/work/wt/STATUS-SPEC.md, schema 2).
     */
    private static void keeper(ObjectNode root, StatusSnapshot k) {
        if (k == null) {
            root.putNull("keeper");
            return;
        }
        ObjectNode n = root.putObject("keeper");
        n.put("program", KEEPER);
        n.put("enabled", true);
        program(n, k.child());
        backoff(n.putObject("backoff"), k.backoff());
        n.put("crash_loop", k.backoff().crashLoop());
        history(n.putArray("restart_history"), k.restartHistory(), KEEPER);
    }

    /** The fields of one supervised program (the bot's {@code child}, or the keeper). */
    private static void program(ObjectNode child, StatusSnapshot.Child c) {
        if (c.pid() > 0) {
            child.put("pid", c.pid());
        } else {
            child.putNull("pid");
        }
        child.put("state", c.state().jsonName());
        putInstant(child, "started_at", c.startedAt());
        child.put("restarts", c.restarts());
        child.put("uptime_seconds", Math.round(c.uptimeSeconds() * 1000) / 1000.0);
        if (c.lastExit() != null) {
            exit(child.putObject("last_exit"), c.lastExit());
        } else {
            child.putNull("last_exit");
        }
        if (c.fatalReason() != null) {
            child.put("fatal_reason", c.fatalReason());
        }
        ArrayNode tail = child.putArray("last_output");
        c.lastOutput().forEach(tail::add);
        ObjectNode h = child.putObject("health");
        if (c.health().ok() == null) {
            h.putNull("ok");
        } else {
            h.put("ok", c.health().ok());
        }
        h.put("status_code", c.health().statusCode());
        h.put("consecutive_failures", c.health().consecutiveFailures());
        h.put("stale_heartbeat_failures", c.health().staleFailures());
        h.put("latency_ms", c.health().latencyMs());
        putInstant(h, "checked_at", c.health().checkedAt());
        putInstant(h, "last_heartbeat_ack", c.health().lastHeartbeatAck());
        putInstant(h, "not_ready_since", c.health().notReadySince());
        IdentifyBudgetJson.put(child, c.health().identifyBudget());
        if (c.health().error() != null) {
            h.put("error", c.health().error());
        }
        ObjectNode m = child.putObject("memory");
        if (c.memory().rssBytes() >= 0) {
            m.put("rss_bytes", c.memory().rssBytes());
        } else {
            m.putNull("rss_bytes");
        }
        m.put("max_rss_bytes", c.memory().maxRssBytes());
        m.put("over_limit_samples", c.memory().overLimitSamples());
    }

    private static void backoff(ObjectNode b, StatusSnapshot.Backoff backoff) {
        b.put("next_delay_ms", backoff.nextDelayMs());
        b.put("attempt", backoff.attempt());
        b.put("crash_loop", backoff.crashLoop());
        putInstant(b, "next_start_at", backoff.nextStartAt());
    }

    private static void history(ArrayNode hist, java.util.List<RestartRecord> records, String program) {
        for (RestartRecord r : records) {
            ObjectNode e = hist.addObject();
            e.put("at", r.at().toString());
            e.put("reason", r.reason().jsonName());
            if (r.exit() == null) {
                e.putNull("exit_code");
                e.putNull("signal");
            } else {
                exit(e, r.exit());
            }
            e.put("uptime_seconds", r.uptime().toMillis() / 1000.0);
            e.put("next_delay_ms", r.nextDelay().toMillis());
            if (r.oldPid() > 0) {
                e.put("pid", r.oldPid());
            }
            e.put("crash_loop", r.crashLoop());
            e.put("detail", r.detail());
            ArrayNode lines = e.putArray("last_output");
            r.lastOutput().forEach(lines::add);
            e.put("program", program);
        }
    }

    private static void exit(ObjectNode n, ChildExit exit) {
        if (exit.bySignal()) {
            n.putNull("exit_code");
            n.put("signal", Posix.signalName(exit.signal()));
        } else {
            n.put("exit_code", exit.code());
            n.putNull("signal");
        }
    }

    private static void putInstant(ObjectNode n, String name, Instant t) {
        if (t == null) {
            n.putNull(name);
        } else {
            n.put(name, t.toString());
        }
    }

    public static byte[] bytes(StatusSnapshot s) {
        try {
            return MAPPER.writeValueAsBytes(toJson(s));
        } catch (IOException e) {
            throw new IllegalStateException("cannot render status JSON", e);
        }
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
