package io.ultrareliability.supervisor.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultrareliability.supervisor.probe.IdentifyBudget;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SupervisorMetricsTest {
    /** {@code name{labels} value} lines of the text format, comments skipped. */
    static Map<String, Double> series(String text) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int sp = line.lastIndexOf(' ');
            String value = line.substring(sp + 1);
            out.put(line.substring(0, sp), value.equals("NaN") ? Double.NaN : Double.parseDouble(value));
        }
        return out;
    }

    @Test
    void freshMetricsHaveEveryReasonAtZeroAndUnknownRss() {
        Map<String, Double> s = series(new SupervisorMetrics().scrape());
        for (String reason : SupervisorMetrics.KNOWN_REASONS) {
            assertThat(s).containsEntry("ultra_reliability_child_restarts_total{reason=\"" + reason + "\"}", 0.0);
        }
        assertThat(s.get("ultra_reliability_child_rss_bytes")).isNaN();
        assertThat(s).containsEntry("ultra_reliability_child_up", 0.0)
                .containsEntry("ultra_reliability_crash_loop", 0.0)
                .containsEntry("ultra_reliability_health_check_duration_seconds_count", 0.0)
                .containsEntry("ultra_reliability_web_unauthorized_requests_total", 0.0);
    }

    @Test
    void recordedValuesShowUpAsSeries() {
        SupervisorMetrics m = new SupervisorMetrics();
        m.recordRestart("crash");
        m.recordRestart("crash");
        m.recordRestart("manual");
        m.recordRestart("Not A Reason!");
        m.recordHealthProbe(Duration.ofMillis(3), true);
        m.recordHealthProbe(Duration.ofMillis(40), true);
        m.recordHealthProbe(Duration.ofSeconds(2), false);
        m.childUp(true);
        m.rssBytes(123_456_789L);
        m.backoffDelay(Duration.ofMillis(1500));
        m.crashLoop(true);
        m.childPid(4242);
        m.recordUnauthorized();

        String text = m.scrape();
        Map<String, Double> s = series(text);
        assertThat(s).containsEntry("ultra_reliability_child_restarts_total{reason=\"crash\"}", 2.0)
                .containsEntry("ultra_reliability_child_restarts_total{reason=\"manual\"}", 1.0)
                .containsEntry("ultra_reliability_child_restarts_total{reason=\"other\"}", 1.0)
                .containsEntry("ultra_reliability_child_restarts_total{reason=\"memory\"}", 0.0)
                .containsEntry("ultra_reliability_health_check_duration_seconds_count", 3.0)
                .containsEntry("ultra_reliability_health_check_duration_seconds_sum", 2.043)
                .containsEntry("ultra_reliability_health_check_duration_seconds_bucket{le=\"0.005\"}", 1.0)
                .containsEntry("ultra_reliability_health_check_duration_seconds_bucket{le=\"0.05\"}", 2.0)
                .containsEntry("ultra_reliability_health_check_duration_seconds_bucket{le=\"1.0\"}", 2.0)
                .containsEntry("ultra_reliability_health_check_duration_seconds_bucket{le=\"2.0\"}", 3.0)
                .containsEntry("ultra_reliability_health_check_duration_seconds_bucket{le=\"+Inf\"}", 3.0)
                .containsEntry("ultra_reliability_health_check_failures_total", 1.0)
                .containsEntry("ultra_reliability_child_up", 1.0)
                .containsEntry("ultra_reliability_child_rss_bytes", 1.23456789E8)
                .containsEntry("ultra_reliability_backoff_delay_seconds", 1.5)
                .containsEntry("ultra_reliability_crash_loop", 1.0)
                .containsEntry("ultra_reliability_child_pid", 4242.0)
                .containsEntry("ultra_reliability_web_unauthorized_requests_total", 1.0);
        assertThat(text).contains("# TYPE ultra_reliability_child_restarts_total counter")
                .contains("# TYPE ultra_reliability_health_check_duration_seconds histogram")
                .contains("# TYPE ultra_reliability_child_up gauge");
        assertThat(s.keySet()).allMatch(k -> k.startsWith("ultra_reliability_"));
    }

    @Test
    void settersOverwriteAndNegativeMeansUnknown() {
        SupervisorMetrics m = new SupervisorMetrics();
        m.childUp(true);
        m.childUp(false);
        m.rssBytes(10);
        m.rssBytes(-1);
        m.childPid(-5);
        m.crashLoop(true);
        m.crashLoop(false);
        Map<String, Double> s = series(m.scrape());
        assertThat(s).containsEntry("ultra_reliability_child_up", 0.0)
                .containsEntry("ultra_reliability_child_pid", 0.0)
                .containsEntry("ultra_reliability_crash_loop", 0.0);
        assertThat(s.get("ultra_reliability_child_rss_bytes")).isNaN();
    }

    @Test
    void gaugesFollowAStatusSnapshot() {
        SupervisorMetrics m = new SupervisorMetrics();
        m.updateGauges(new FakeControl().rss(5000).statusSnapshot());
        assertThat(series(m.scrape())).containsEntry("ultra_reliability_child_up", 1.0)
                .containsEntry("ultra_reliability_child_pid", 4242.0)
                .containsEntry("ultra_reliability_child_rss_bytes", 5000.0)
                .containsEntry("ultra_reliability_backoff_delay_seconds", 0.0)
                .containsEntry("ultra_reliability_crash_loop", 0.0);

        m.updateGauges(new FakeControl().state("backoff").crashLoop(true).backoffDelayMs(300_000).statusSnapshot());
        Map<String, Double> after = series(m.scrape());
        assertThat(after).containsEntry("ultra_reliability_child_up", 0.0)
                .containsEntry("ultra_reliability_child_pid", 0.0)
                .containsEntry("ultra_reliability_backoff_delay_seconds", 300.0)
                .containsEntry("ultra_reliability_crash_loop", 1.0);
        assertThat(after.get("ultra_reliability_child_rss_bytes")).isNaN();

        m.updateGauges(new FakeControl().state("stopped").statusSnapshot());
        assertThat(series(m.scrape())).containsEntry("ultra_reliability_child_up", 0.0)
                .containsEntry("ultra_reliability_crash_loop", 0.0);
    }

    @Test
    void theIdentifyBudgetGaugesFollowTheChildsReport() {
        SupervisorMetrics m = new SupervisorMetrics();
        FakeControl control = new FakeControl();
        Instant reset = Instant.parse("2026-11-30T01:02:00Z");
        m.updateGauges(control.identifyBudget(new IdentifyBudget(5, 20, reset, 15, reset, "waiting")).statusSnapshot());
        assertThat(series(m.scrape())).containsEntry("ultra_reliability_identify_budget_remaining", 5.0)
                .containsEntry("ultra_reliability_identify_budget_waiting", 1.0);

        m.updateGauges(control.identifyBudget(new IdentifyBudget(19, 20, reset, 1, null, null)).statusSnapshot());
        assertThat(series(m.scrape())).containsEntry("ultra_reliability_identify_budget_remaining", 19.0)
                .containsEntry("ultra_reliability_identify_budget_waiting", 0.0);

        m.updateGauges(control.identifyBudget(null).statusSnapshot());
        assertThat(series(m.scrape()).get("ultra_reliability_identify_budget_remaining")).isNaN();
    }

    @Test
    void contentTypeIsTheTextFormat() {
        assertThat(SupervisorMetrics.contentType()).startsWith("text/plain").contains("version=0.0.4");
    }

    @Test
    void twoInstancesDoNotShareSeries() {
        SupervisorMetrics a = new SupervisorMetrics();
        SupervisorMetrics b = new SupervisorMetrics();
        a.recordRestart("crash");
        assertThat(series(b.scrape())).containsEntry("ultra_reliability_child_restarts_total{reason=\"crash\"}", 0.0);
    }
}
