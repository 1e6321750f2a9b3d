package io.ultrareliability.keeper;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ultrareliability.keeper.downstream.HubStats;
import io.ultrareliability.keeper.upstream.UpstreamStatus;
import java.time.Duration;
import java.time.Instant;

/** /health JSON and Prometheus text from one reading of the upstream and the hub. */
final class Telemetry {
    private Telemetry() {
    }

    static ObjectNode health(UpstreamStatus up, HubStats hub, Instant now) {
        ObjectNode o = Jsons.object();
        o.put("ok", up.connected);
        o.put("upstream_connected", up.connected);
        Instant ack = up.lastAck;
        if (ack == null) {
            o.putNull("last_upstream_ack");
            o.putNull("last_upstream_ack_age_ms");
        } else {
            o.put("last_upstream_ack", ack.toString());
            o.put("last_upstream_ack_age_ms", Duration.between(ack, now).toMillis());
        }
        o.put("downstream_clients", hub.connections());
        o.put("downstream_sessions_live", hub.liveSessions());
        o.put("downstream_sessions", hub.sessions());
        o.put("buffered", hub.buffered());
        o.put("buffered_bytes", hub.bufferedBytes());
        o.put("buffer_dropped", hub.bufferDropped());
        o.put("oldest_buffered_ms", hub.oldestBuffered().toMillis());
        o.put("guilds", hub.guilds());
        o.put("upstream_identifies", up.identifies.get());
        o.put("upstream_resumes", up.resumes.get());
        o.put("unknown_dispatch_types", hub.unknownTypes());
        return o;
    }

    static String metrics(UpstreamStatus up, HubStats hub, long stateBytes) {
        StringBuilder b = new StringBuilder(2048);
        gauge(b, "keeper_upstream_connected", "1 when the upstream session is live", up.connected ? 1 : 0);
        counter(b, "keeper_upstream_identifies_total", "IDENTIFYs sent to Discord", up.identifies.get());
        counter(b, "keeper_upstream_resumes_total", "RESUMEs sent to Discord", up.resumes.get());
        counter(b, "keeper_upstream_connects_total", "upstream connection attempts", up.connects.get());
        counter(b, "keeper_upstream_zombies_total", "upstream connections dropped for a missing ACK", up.zombies.get());
        counter(b, "keeper_upstream_dispatches_total", "dispatches read from Discord", up.dispatches.get());
        counter(b, "keeper_upstream_forward_dropped_total", "bot frames dropped by the send budget",
                up.forwardDropped.get());
        gauge(b, "keeper_downstream_connections", "open bot WebSockets", hub.connections());
        gauge(b, "keeper_downstream_sessions_live", "bot sessions with a connection", hub.liveSessions());
        gauge(b, "keeper_buffered_dispatches", "dispatches waiting for a bot", hub.buffered());
        gauge(b, "keeper_buffered_bytes", "bytes of dispatches waiting for a bot", hub.bufferedBytes());
        counter(b, "keeper_buffer_dropped_total", "dispatches evicted by a buffer bound", hub.bufferDropped());
        counter(b, "keeper_delivered_total", "dispatches written to a bot socket live", hub.delivered());
        counter(b, "keeper_replayed_total", "dispatches written from a buffer or a RESUME", hub.replayed());
        counter(b, "keeper_downstream_identifies_total", "bot IDENTIFYs served locally", hub.identifies());
        counter(b, "keeper_downstream_resumes_total", "bot RESUMEs served locally", hub.resumes());
        counter(b, "keeper_unknown_dispatch_types_total", "dispatches of a type the state does not know",
                hub.unknownTypes());
        gauge(b, "keeper_guilds", "guilds in the state", hub.guilds());
        gauge(b, "keeper_state_bytes", "approximate bytes held by the state", stateBytes);
        return b.toString();
    }

    private static void gauge(StringBuilder b, String name, String help, long value) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(" gauge\n").append(name).append(' ').append(value).append('\n');
    }

    private static void counter(StringBuilder b, String name, String help, long value) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(" counter\n").append(name).append(' ').append(value).append('\n');
    }
}
