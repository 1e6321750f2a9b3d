package io.ultrareliability.supervisor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class StatusViewTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theSummaryShowsTheAotCacheWhenTheStatusHasIt() throws Exception {
        String status = """
                {"supervisor": {"pid": 7, "http_port": 8791,
                  "aot_cache": {"state": "ready", "in_use": true, "since": "x", "detail": "trained in 12s"}},
                 "child": {"state": "running", "pid": 9, "uptime_seconds": 3, "restarts": 1,
                  "health": {"ok": true, "latency_ms": 2}, "memory": {"rss_bytes": 1048576, "max_rss_bytes": 0}}}
                """;
        assertThat(StatusView.summary(JSON.readTree(status), true))
                .contains("aot cache:  ready, the bot started from it (trained in 12s)\n")
                .contains("web:        http://127.0.0.1:8791/\n");
        String without = status.replaceAll("\"aot_cache\": \\{[^}]*},?", "").replace(", \n", "\n");
        assertThat(StatusView.summary(JSON.readTree(without.replace("8791,", "8791")), true)).doesNotContain("aot cache");
    }

    @Test
    void theSummarySaysDemoModeOnlyWhenTheStatusSaysSo() throws Exception {
        String status = """
                {"supervisor": {"pid": 7, "demo_mode": %s},
                 "child": {"state": "running", "pid": 9, "uptime_seconds": 3, "restarts": 0,
                  "health": {"ok": true, "latency_ms": 2}, "memory": {"rss_bytes": 1048576, "max_rss_bytes": 0}}}
                """;
        assertThat(StatusView.summary(JSON.readTree(status.formatted("true")), true))
                .contains("\nDEMO MODE:  no Discord token set: the bot runs against its built-in Discord simulator\n");
        assertThat(StatusView.summary(JSON.readTree(status.formatted("false")), true)).doesNotContain("DEMO");
    }

    @Test
    void theSummarySaysWhenTheBotWaitsForItsIdentifyBudget() throws Exception {
        String status = """
                {"supervisor": {"pid": 7},
                 "child": {"state": "unhealthy", "pid": 9, "uptime_seconds": 3, "restarts": 1,
                  "health": {"ok": false, "latency_ms": 2, "error": "HTTP 503: waiting for the IDENTIFY budget"},
                  "memory": {"rss_bytes": 1048576, "max_rss_bytes": 0},
                  "identify_budget": {"remaining": 5, "total": 20, "reset_at": "2026-11-30T01:02:00Z", "ledger_24h": 15,
                   "waiting_until": "2026-11-30T01:02:00Z", "reason": "x"}}}
                """;
        assertThat(StatusView.summary(JSON.readTree(status), true)).contains("identify:   5 of 20 left (15 in the "
                + "ledger's 24 h), WAITING for Discord's reset until 2026-11-30T01:02:00Z (not restarted meanwhile)\n");
        String notWaiting = status.replace("\"waiting_until\": \"2026-11-30T01:02:00Z\"", "\"waiting_until\": null");
        assertThat(StatusView.summary(JSON.readTree(notWaiting), true)).contains("identify:   5 of 20 left")
                .doesNotContain("WAITING");
    }
}
