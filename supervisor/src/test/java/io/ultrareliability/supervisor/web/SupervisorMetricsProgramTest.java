package io.ultrareliability.supervisor.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** issue 17: with a keeper the per-program series carry {@code program}; the keeper's gauges come from its section. */
class SupervisorMetricsProgramTest {
    private static Map<String, Object> section(long pid, String state, long rss, long delayMs, boolean crashLoop) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", pid);
        m.put("state", state);
        m.put("memory", Map.of("rss_bytes", rss));
        m.put("backoff", Map.of("next_delay_ms", delayMs));
        m.put("crash_loop", crashLoop);
        return m;
    }

    @Test
    void perProgramSeriesAreLabelledAndFedFromBothSections() {
        SupervisorMetrics m = new SupervisorMetrics(true);
        Map<String, Double> fresh = SupervisorMetricsTest.series(m.scrape());
        assertThat(fresh).containsEntry("ultra_reliability_child_restarts_total{program=\"keeper\",reason=\"crash\"}", 0.0)
                .containsEntry("ultra_reliability_child_restarts_total{program=\"bot\",reason=\"manual\"}", 0.0)
                .containsEntry("ultra_reliability_child_up{program=\"keeper\"}", 0.0)
                .doesNotContainKey("ultra_reliability_child_up");
        m.recordRestart("keeper", "memory");
        m.recordRestart("bot", "crash");
        m.recordHealthProbe("keeper", Duration.ofMillis(3), false);
        Map<String, Object> status = new LinkedHashMap<>();
        Map<String, Object> child = section(20, "running", 1000, 0, false);
        status.put("child", child);
        status.put("backoff", Map.of("next_delay_ms", 0));
        status.put("crash_loop", false);
        status.put("keeper", section(0, "backoff", 0, 2500, true));
        m.updateGauges(status);
        Map<String, Double> s = SupervisorMetricsTest.series(m.scrape());
        assertThat(s).containsEntry("ultra_reliability_child_restarts_total{program=\"keeper\",reason=\"memory\"}", 1.0)
                .containsEntry("ultra_reliability_child_restarts_total{program=\"bot\",reason=\"crash\"}", 1.0)
                .containsEntry("ultra_reliability_child_restarts_total{program=\"bot\",reason=\"memory\"}", 0.0)
                .containsEntry("ultra_reliability_health_check_failures_total{program=\"keeper\"}", 1.0)
                .containsEntry("ultra_reliability_child_up{program=\"bot\"}", 1.0)
                .containsEntry("ultra_reliability_child_pid{program=\"bot\"}", 20.0)
                .containsEntry("ultra_reliability_child_up{program=\"keeper\"}", 0.0)
                .containsEntry("ultra_reliability_backoff_delay_seconds{program=\"keeper\"}", 2.5)
                .containsEntry("ultra_reliability_crash_loop{program=\"keeper\"}", 1.0)
                .containsEntry("ultra_reliability_crash_loop{program=\"bot\"}", 0.0);
        assertThat(List.copyOf(s.keySet())).noneMatch(k -> k.startsWith("ultra_reliability_child_up{}"));
    }

    @Test
    void withoutAKeeperTheSeriesAreAsBefore() {
        SupervisorMetrics m = new SupervisorMetrics(false);
        m.recordRestart("bot", "crash");
        assertThat(SupervisorMetricsTest.series(m.scrape()))
                .containsEntry("ultra_reliability_child_restarts_total{reason=\"crash\"}", 1.0)
                .containsEntry("ultra_reliability_child_up", 0.0);
    }
}
