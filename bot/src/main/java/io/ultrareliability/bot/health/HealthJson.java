package io.ultrareliability.bot.health;

import io.ultrareliability.bot.identify.IdentifyGovernor;
import io.ultrareliability.common.BotContract;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON shapes of the health endpoints (design.md; seed 002 plus our additions). Built as
 * ordered maps so the field order in answers is stable for people reading them.
 */
public final class HealthJson {
    private final String version;

    public HealthJson(String version) {
        this.version = version;
    }

    /** GET /health */
    public Map<String, Object> health(HealthState.Snapshot s) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("connection_attempts", s.connectionAttempts());
        info.put("uptime_seconds", s.uptimeSeconds());
        info.put("recent_errors", s.recentErrors());
        info.put("last_connection", iso(s.lastConnection()));
        Map<String, Object> bot = new LinkedHashMap<>();
        bot.put("status", s.state().label());
        bot.put("info", info);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", s.connected() ? "healthy" : "unhealthy");
        m.put("timestamp", iso(s.timestamp()));
        m.put("discord_bot", bot);
        m.put("uptime_seconds", s.processUptimeSeconds());
        m.put("recent_errors", s.recentErrors());
        m.put("last_connection", iso(s.lastConnection()));
        m.put(BotContract.HEALTH_LAST_HEARTBEAT_ACK, iso(s.lastHeartbeatAck()));
        m.put("last_event", iso(s.lastEvent()));
        m.put("version", version);
        putIdentifyBudget(m, s);
        return m;
    }

    /** {@code identify_budget} (issue 13) and, while waiting for it, {@code not_ready_reason}. */
    private static void putIdentifyBudget(Map<String, Object> m, HealthState.Snapshot s) {
        IdentifyGovernor.View v = s.identifyBudget();
        if (v == null) {
            m.put("identify_budget", null);
            return;
        }
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("remaining", v.remaining());
        b.put("total", v.total());
        b.put("reset_at", iso(v.resetAt()));
        b.put("ledger_24h", v.ledger24h());
        b.put("waiting_until", s.identifyWaiting() ? iso(v.waitingUntil()) : null);
        b.put("known", v.known());
        m.put("identify_budget", b);
        if (s.identifyWaiting()) {
            m.put("not_ready_reason", "waiting for the IDENTIFY budget: " + v.reason());
        }
    }

    /** GET /discord-status */
    public Map<String, Object> discordStatus(HealthState.Snapshot s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", s.state().label());
        m.put("connection_attempts", s.connectionAttempts());
        m.put("uptime_seconds", s.uptimeSeconds());
        m.put("recent_errors", s.recentErrors());
        m.put("last_connection", iso(s.lastConnection()));
        m.put("guilds", s.guilds());
        m.put("users", s.users());
        m.put("latency", s.gatewayPingMillis() < 0 ? null : (double) s.gatewayPingMillis());
        m.put("timestamp", iso(s.timestamp()));
        m.put("session_id_present", s.sessionIdPresent());
        m.put("resumes", s.resumes());
        m.put("new_sessions", s.newSessions());
        m.put("last_close_code", s.lastCloseCode() < 0 ? null : s.lastCloseCode());
        m.put("disconnects", s.disconnects());
        m.put("fresh_instances", s.freshInstances());
        m.put("instance_generation", s.generation());
        m.put(BotContract.HEALTH_LAST_HEARTBEAT_ACK, iso(s.lastHeartbeatAck()));
        m.put("last_event", iso(s.lastEvent()));
        m.put("last_failure", s.lastFailure().isEmpty() ? null : s.lastFailure());
        m.put("total_errors", s.totalErrors());
        m.put("process_uptime_seconds", s.processUptimeSeconds());
        m.put("gateway_mode", s.gateway().mode());
        m.put("gateway_url", s.gateway().url());
        m.put("events_received", s.events().json());
        m.put("pid", ProcessHandle.current().pid());
        m.put("version", version);
        putIdentifyBudget(m, s);
        return m;
    }

    private static String iso(Instant i) {
        return i == null ? null : i.toString();
    }
}
