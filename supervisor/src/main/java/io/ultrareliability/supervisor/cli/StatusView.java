package io.ultrareliability.supervisor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultrareliability.common.ByteSizes;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Human renderings of the status JSON: the status summary and the monitor's lines. */
final class StatusView {
    private StatusView() {
    }

    static String uptime(double seconds) {
        long s = (long) seconds;
        if (s < 60) {
            return String.format(Locale.ROOT, "%.1fs", seconds);
        }
        Duration d = Duration.ofSeconds(s);
        if (d.toHours() > 0) {
            return d.toHours() + "h" + d.toMinutesPart() + "m";
        }
        return d.toMinutes() + "m" + d.toSecondsPart() + "s";
    }

    static String rss(JsonNode mem) {
        return mem.path("rss_bytes").isNumber() ? ByteSizes.format(mem.path("rss_bytes").asLong()) : "-";
    }

    static String health(JsonNode h) {
        if (h.path("ok").isNull() || h.path("ok").isMissingNode()) {
            return "-";
        }
        return (h.path("ok").asBoolean() ? "ok" : "FAIL") + " " + h.path("latency_ms").asLong() + "ms";
    }

    static String summary(JsonNode s, boolean running) {
        JsonNode c = s.path("child");
        StringBuilder b = new StringBuilder();
        b.append("supervisor: ").append(running ? "running" : "NOT RUNNING (last seen " + s.path("updated_at").asText() + ")")
                .append(" (pid ").append(s.path("supervisor").path("pid").asText()).append(")\n");
        if (s.path("supervisor").path("demo_mode").asBoolean()) {
            b.append("DEMO MODE:  no Discord token set: the bot runs against its built-in Discord simulator\n");
        }
        b.append("child:      ").append(c.path("state").asText());
        if (c.path("pid").isNumber()) {
            b.append(" (pid ").append(c.path("pid").asText()).append(", up ")
                    .append(uptime(c.path("uptime_seconds").asDouble())).append(')');
        }
        b.append(", restarts ").append(c.path("restarts").asInt()).append('\n');
        b.append("health:     ").append(health(c.path("health")));
        if (c.path("health").has("error")) {
            b.append(" (").append(c.path("health").path("error").asText()).append(')');
        }
        b.append('\n');
        b.append("memory:     ").append(rss(c.path("memory")));
        long max = c.path("memory").path("max_rss_bytes").asLong();
        b.append(max > 0 ? " (limit " + ByteSizes.format(max) + ")" : " (no limit)").append('\n');
        JsonNode ib = c.path("identify_budget");
        if (ib.isObject()) {
            b.append("identify:   ").append(ib.path("remaining").asInt()).append(" of ").append(ib.path("total").asInt())
                    .append(" left (").append(ib.path("ledger_24h").asInt()).append(" in the ledger's 24 h)");
            if (ib.path("waiting_until").isTextual()) {
                b.append(", WAITING for Discord's reset until ").append(ib.path("waiting_until").asText())
                        .append(" (not restarted meanwhile)");
            }
            b.append('\n');
        }
        JsonNode sup = s.path("supervisor");
        if (running && sup.path("http_port").isNumber()) {
            b.append("web:        http://127.0.0.1:").append(sup.path("http_port").asInt()).append("/\n");
        } else if (running && sup.has("http_error")) {
            b.append("web:        not running: ").append(sup.path("http_error").asText()).append('\n');
        }
        JsonNode aot = sup.path("aot_cache");
        if (aot.isObject()) {
            b.append("aot cache:  ").append(aot.path("state").asText())
                    .append(aot.path("in_use").asBoolean() ? ", the bot started from it" : "");
            if (!aot.path("detail").asText().isEmpty()) {
                b.append(" (").append(aot.path("detail").asText()).append(')');
            }
            b.append('\n');
        }
        if (c.path("state").asText().equals("backoff")) {
            b.append("backoff:    next start in ").append(s.path("backoff").path("next_delay_ms").asLong()).append(" ms\n");
        }
        if (s.path("crash_loop").asBoolean()) {
            b.append("ALERT:      crash loop: retrying at the backoff cap\n");
        }
        if (c.has("fatal_reason")) {
            b.append("fatal:      ").append(c.path("fatal_reason").asText()).append('\n');
        }
        JsonNode last = s.path("restart_history").path(0);
        if (!last.isMissingNode()) {
            b.append("last restart: ").append(last.path("at").asText()).append(" reason ")
                    .append(last.path("reason").asText()).append(" (").append(last.path("detail").asText()).append(")\n");
        }
        return b.toString();
    }

    static String monitorLine(JsonNode s, boolean running, Instant now) {
        String time = LocalTime.ofInstant(now, ZoneId.systemDefault()).format(DateTimeFormatter.ofPattern("HH:mm:ss"));
        if (s == null) {
            return time + " no status file yet" + (running ? "" : "; supervisor not running");
        }
        JsonNode c = s.path("child");
        return time + " " + (running ? "" : "[supervisor NOT RUNNING] ")
                + "state=" + c.path("state").asText()
                + " pid=" + (c.path("pid").isNumber() ? c.path("pid").asText() : "-")
                + " uptime=" + (c.path("pid").isNumber() ? uptime(c.path("uptime_seconds").asDouble()) : "-")
                + " rss=" + rss(c.path("memory")).replace(" ", "")
                + " health=" + health(c.path("health")).replace(" ", "/")
                + " restarts=" + c.path("restarts").asInt()
                + (s.path("crash_loop").asBoolean() ? " CRASH-LOOP" : "");
    }
}
